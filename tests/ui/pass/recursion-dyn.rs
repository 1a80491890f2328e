// The fix for `recursion-requires-send.rs`: the dyn form names its type, so
// rustc can prove it `Send` inside its own body.
use fast_async::{fast_async, FastFuture, MaybeReady};
use fast_async_tests::block_on;

fn require_send<T: Send>(future: T) -> T {
    future
}

async fn slow_store(depth: u32) -> u32 {
    depth
}

#[fast_async(dyn)]
async fn depth(n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    require_send(depth(n - 1)).await + slow_store(1).await
}

fn main() {
    let ready: FastFuture<'static, u32> = depth(0);
    assert_eq!(ready.into_ready().ok(), Some(0));
    assert_eq!(block_on(depth(3)), 3);
    let _ = require_send(depth(2)).into_fast_future();
}
