use fast_async::fast_async;

#[fast_async]
const fn lookup(key: u32) -> u32 {
    key
}

#[fast_async]
const async fn lookup_async(key: u32) -> u32 {
    key
}

fn main() {
    let _ = lookup(1);
    let _ = lookup_async(1);
}
