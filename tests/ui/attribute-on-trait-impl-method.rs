use fast_async::fast_async;

#[fast_async]
trait Store {
    async fn get(&self, key: u32) -> u32;
}

struct Memory;

// `#[fast_async]` belongs on the impl block (or `#[fast_async(dyn)]` on the
// method): a plain `#[fast_async]` on the method gives the opaque form, not
// the trait's `FastFuture`.
impl Store for Memory {
    #[fast_async]
    async fn get(&self, key: u32) -> u32 {
        key
    }
}

fn main() {
    let store: &dyn Store = &Memory;
    let _ = store.get(1);
}
