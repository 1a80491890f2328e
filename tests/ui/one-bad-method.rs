// One bad method in a #[fast_async] trait and impl: its error is the only
// one; the other methods are expanded and used as usual (no E0053/E0195).
use fast_async::{fast_async, FastFuture};

#[fast_async]
trait Store: Sync {
    async fn get(&self, key: u32) -> u32;

    #[fast_async(foo)]
    async fn put(&self, key: u32, value: u32);

    async fn len(&self) -> usize {
        0
    }
}

struct Memory;

#[fast_async]
impl Store for Memory {
    async fn get(&self, key: u32) -> u32 {
        key
    }

    const async fn put(&self, _key: u32, _value: u32) {}

    async fn len(&self) -> usize {
        1
    }
}

struct Cache;

#[fast_async]
impl Cache {
    async fn hit(&self) -> u32 {
        1
    }

    #[fast_async(?Send)]
    async fn miss(&self) -> u32 {
        std::future::ready(2).await
    }

    async extern "C" fn odd(&self) {}
}

fn main() {
    let store: &dyn Store = &Memory;
    let _: FastFuture<'_, u32> = store.get(1);
    let _: FastFuture<'_, ()> = store.put(1, 2);
    let _: FastFuture<'_, usize> = store.len();
    let _ = Cache.hit();
    let _ = Cache.miss();
    let _ = Cache.odd();
}
