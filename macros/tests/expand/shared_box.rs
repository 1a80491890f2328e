// Several boxed branches in the opaque form share one box over a local enum.
use fast_async::fast_async;
use std::collections::HashMap;
use std::sync::Mutex;

#[fast_async]
async fn run(cmd: Command, store: &Store) -> Option<String> {
    match cmd {
        Command::Get(key) => store.cached(&key),
        Command::Fetch(key) => store.fetch(&key).await,
        Command::Refresh(key) if !key.is_empty() => {
            store.evict(&key);
            store.fetch(&key).await
        }
        Command::Refresh(_) => None,
    }
}

enum Command {
    Get(String),
    Fetch(String),
    Refresh(String),
}

struct Store(Mutex<HashMap<String, String>>);

impl Store {
    fn cached(&self, key: &str) -> Option<String> {
        self.0.lock().unwrap().get(key).cloned()
    }

    async fn fetch(&self, key: &str) -> Option<String> {
        let value = key.to_uppercase();
        self.0.lock().unwrap().insert(key.to_owned(), value.clone());
        Some(value)
    }

    fn evict(&self, key: &str) {
        self.0.lock().unwrap().remove(key);
    }
}

fn main() {}
