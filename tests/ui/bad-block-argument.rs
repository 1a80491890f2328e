// A bad argument on the whole block: reported once; the block is still
// expanded with the arguments that parse (`?Send` here), so the impl
// matches its trait and the callers see no other error.
use fast_async::{fast_async, LocalFastFuture};

#[fast_async(?Send, foo)]
trait Store {
    async fn get(&self, key: u32) -> u32;
}

struct Memory;

#[fast_async(?Send, bar)]
impl Store for Memory {
    async fn get(&self, key: u32) -> u32 {
        key
    }
}

#[fast_async(baz)]
async fn free(key: u32) -> u32 {
    key
}

fn main() {
    let store: &dyn Store = &Memory;
    let _: LocalFastFuture<'_, u32> = store.get(1);
    let _ = fast_async::MaybeReady::is_ready(&free(1));
}
