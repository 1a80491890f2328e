use fast_async::fast_async;
use std::rc::Rc;

async fn slow_store(key: u32) -> u32 {
    key
}

#[fast_async]
trait Store {
    async fn get(&self, key: u32) -> u32;
}

struct Memory;

// The trait's futures are `Send` (no `?Send`), and this one holds an `Rc`
// across an await.
#[fast_async]
impl Store for Memory {
    async fn get(&self, key: u32) -> u32 {
        if key == 0 {
            return 0;
        }
        let shared = Rc::new(key);
        let value = slow_store(*shared).await;
        value + *shared
    }
}

fn main() {
    let store: &dyn Store = &Memory;
    let _ = store.get(1);
}
