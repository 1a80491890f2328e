use fast_async::fast_async;

#[fast_async]
trait Store {
    async fn get(&self, key: u32) -> u32;
}

struct Memory;

// The impl says `?Send`, the trait does not.
#[fast_async(?Send)]
impl Store for Memory {
    async fn get(&self, key: u32) -> u32 {
        key
    }
}

fn main() {
    let store: &dyn Store = &Memory;
    let _ = store.get(1);
}
