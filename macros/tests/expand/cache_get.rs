// The cache of DESIGN.md: `?` and `return` at the call, the miss boxed.
use fast_async::fast_async;
use std::collections::HashMap;
use std::sync::Mutex;

impl Cache {
    #[fast_async]
    pub async fn get(&self, key: &str) -> Result<String, Error> {
        let key = normalize(key)?;
        if let Some(v) = self.map.get(&key) {
            return Ok(v.clone());
        }
        let v = self.db.fetch(&key).await?;
        self.map.insert(key, v.clone());
        Ok(v)
    }
}

struct Cache {
    map: Map,
    db: Db,
}

struct Map(Mutex<HashMap<String, String>>);

impl Map {
    fn get(&self, key: &str) -> Option<String> {
        self.0.lock().unwrap().get(key).cloned()
    }

    fn insert(&self, key: String, value: String) {
        self.0.lock().unwrap().insert(key, value);
    }
}

struct Db;

impl Db {
    async fn fetch(&self, key: &str) -> Result<String, Error> {
        Ok(key.to_uppercase())
    }
}

#[derive(Debug)]
struct Error;

fn normalize(key: &str) -> Result<String, Error> {
    Ok(key.trim().to_lowercase())
}

fn main() {}
