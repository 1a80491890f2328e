use fast_async::fast_async;

struct Cache;

impl Cache {
    #[fast_async]
    async fn get(&self, key: u32) -> u32;
}

fn main() {}
