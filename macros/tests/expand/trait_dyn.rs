// A trait: the dyn form, dyn-compatible; a default body needs `Self: Sync`.
use fast_async::fast_async;

#[fast_async]
pub trait Store: Send {
    async fn get(&self, key: &str) -> Option<String>;

    async fn get_or(&self, key: &str, default: &str) -> String {
        match self.get(key).await {
            Some(v) => v,
            None => default.to_owned(),
        }
    }

    fn name(&self) -> &str;
}

fn main() {}
