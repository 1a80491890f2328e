use fast_async::fast_async;

#[fast_async(?Send)]
trait Store {
    async fn get(&self, key: u32) -> u32;
}

struct Memory;

// The trait says `?Send`, the impl does not.
#[fast_async]
impl Store for Memory {
    async fn get(&self, key: u32) -> u32 {
        key
    }
}

fn main() {
    let store: &dyn Store = &Memory;
    let _ = store.get(1);
}
