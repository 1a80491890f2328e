// An inherent impl with a lifetime: `Self` in `Captures` brings `'a` along.
use fast_async::fast_async;
use std::collections::HashMap;
use std::hash::Hash;

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

struct Selector<'a, K, V> {
    cache: &'a HashMap<K, V>,
}

impl<K, V> Selector<'_, K, V> {
    async fn load(&self, _key: &K) -> Option<V> {
        None
    }
}

fn main() {}
