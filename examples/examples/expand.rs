//! A short annotated function, to read what `#[fast_async]` turns it into:
//! a cache `get` whose `?` and `return` come before its only `.await`.
//!
//! Run:    `cargo run -p fast-async-examples --example expand`
//! Expand: `cargo expand -p fast-async-examples --example expand`
//! (the expansion of `Cache::get` is in `examples/EXPANDED.md`)

use std::collections::HashMap;

use fast_async::{fast_async, MaybeReady};
use fast_async_examples::{block_on, PendingOnce};

struct Cache {
    map: HashMap<String, String>,
}

impl Cache {
    #[fast_async]
    async fn get(&mut self, key: &str) -> Result<String, Error> {
        let key = normalize(key)?; // a bad key: a ready `Err`
        if let Some(value) = self.map.get(&key) {
            return Ok(value.clone()); // a hit: ready
        }
        let value = fetch(&key).await?; // a miss: this path is boxed, once
        self.map.insert(key, value.clone());
        Ok(value)
    }
}

#[derive(Debug, PartialEq)]
enum Error {
    EmptyKey,
}

fn normalize(key: &str) -> Result<String, Error> {
    match key.trim() {
        "" => Err(Error::EmptyKey),
        key => Ok(key.to_lowercase()),
    }
}

/// The slow store: waits once, then answers.
async fn fetch(key: &str) -> Result<String, Error> {
    PendingOnce::default().await;
    Ok(format!("{key}@example.com"))
}

fn main() {
    let mut cache = Cache {
        map: HashMap::from([("ada".to_owned(), "ada@example.com".to_owned())]),
    };
    let calls = [
        ("Ada", true, Ok("ada@example.com")),
        ("  ", true, Err(Error::EmptyKey)),
        ("Grace", false, Ok("grace@example.com")),
        ("grace", true, Ok("grace@example.com")),
    ];
    for (key, expect_ready, expected) in calls {
        let future = cache.get(key);
        let ready = future.is_ready();
        let result = block_on(future);
        let how = if ready { "ready" } else { "boxed" };
        println!("cache.get({key:?}) was {how}: {result:?}");
        assert_eq!(ready, expect_ready);
        assert_eq!(result, expected.map(str::to_owned));
    }
}
