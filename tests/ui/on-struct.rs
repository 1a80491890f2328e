use fast_async::fast_async;

#[fast_async]
struct Cache {
    hits: u64,
}

fn main() {
    let cache = Cache { hits: 0 };
    let _ = cache.hits;
}
