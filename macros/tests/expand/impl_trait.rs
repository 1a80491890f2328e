// An impl of a #[fast_async] trait, and a `?Send` one.
use fast_async::fast_async;
use std::collections::HashMap;
use std::rc::Rc;

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

#[fast_async]
trait Store {
    async fn get(&self, key: &str) -> Option<String>;
    fn name(&self) -> &str;
}

#[fast_async(?Send)]
trait LocalStore {
    async fn load(&self, key: &str) -> Rc<String>;
}

struct Memory {
    map: HashMap<String, String>,
    local: HashMap<String, Rc<String>>,
}

impl Memory {
    async fn slow(&self, key: &str) -> Rc<String> {
        Rc::new(key.to_owned())
    }
}

fn main() {}
