use fast_async::fast_async;

#[fast_async]
async fn lookup(key: u32, _: ...) -> u32 {
    key
}

fn main() {}
