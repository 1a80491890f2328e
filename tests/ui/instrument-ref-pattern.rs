// A `ref` pattern in an argument makes #[fast_async] take the argument
// whole: #[instrument] could not record the bindings the `async fn` did.
use fast_async::fast_async;
use tracing::instrument;

#[fast_async]
#[instrument]
async fn sum((a, ref b): (u32, u32)) -> u32 {
    std::future::ready(()).await;
    a + *b
}

fn main() {
    let _ = sum((1, 2));
}
