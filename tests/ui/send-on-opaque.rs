use fast_async::fast_async;

#[fast_async(?Send)]
async fn lookup(key: u32) -> u32 {
    key
}

struct Cache;

#[fast_async(?Send)]
impl Cache {
    async fn get(&self, key: u32) -> u32 {
        key
    }
}

fn main() {
    let _ = lookup(1);
    let _ = Cache.get(1);
}
