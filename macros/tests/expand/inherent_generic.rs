// An inherent impl with a lifetime: `Self` in `Captures` brings `'a` along.
#[fast_async]
impl<'a, K: Hash + Eq, V: Clone> Selector<'a, K, V> {
    pub async fn get(&self, key: &K) -> Option<V> {
        if let Some(v) = self.cache.get(key) {
            return Some(v.clone());
        }
        self.load(key).await
    }

    pub async fn len(&self) -> usize {
        self.cache.len()
    }
}
