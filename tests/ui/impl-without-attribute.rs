use fast_async::fast_async;

#[fast_async]
trait Store {
    async fn get(&self, key: u32) -> u32;
}

struct Memory;

// The impl forgot `#[fast_async]`: its `async fn` is not the trait's
// `fn get(..) -> FastFuture<'fast_async, u32>`.
impl Store for Memory {
    async fn get(&self, key: u32) -> u32 {
        key
    }
}

fn main() {
    let store: &dyn Store = &Memory;
    let _ = store.get(1);
}
