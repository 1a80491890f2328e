use fast_async::fast_async;

fn require_send<T: Send>(future: T) -> T {
    future
}

async fn slow_store(depth: u32) -> u32 {
    depth
}

// Requiring `Send` of the function's own opaque future inside its body is a
// cycle rustc cannot solve (E0283). The fix is `#[fast_async(dyn)]`; see
// `pass/recursion-dyn.rs`.
#[fast_async]
async fn depth(n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    require_send(depth(n - 1)).await + slow_store(1).await
}

fn main() {
    let _ = depth(3);
}
