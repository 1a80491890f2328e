use fast_async::fast_async;
use std::pin::pin;

async fn slow_store(key: u32) -> u32 {
    key
}

// `pin!` pins the future in the function's frame; the boxed remainder cannot
// keep a reference into a frame that is gone.
#[fast_async]
async fn lookup(key: u32) -> u32 {
    let pending = pin!(slow_store(key));
    if key == 0 {
        return 0;
    }
    pending.await
}

fn main() {
    let _ = lookup(1);
}
