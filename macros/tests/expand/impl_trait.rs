// An impl of a #[fast_async] trait, and a `?Send` one.
#[fast_async]
impl Store for Memory {
    async fn get(&self, key: &str) -> Option<String> {
        self.map.get(key).cloned()
    }

    fn name(&self) -> &str {
        "memory"
    }
}

#[fast_async(?Send)]
impl LocalStore for Memory {
    async fn load(&self, key: &str) -> Rc<String> {
        if let Some(v) = self.local.get(key) {
            return v.clone();
        }
        self.slow(key).await
    }
}
