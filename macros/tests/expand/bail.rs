// Issue 12: `bail!` and `ensure!` before the first await are early exits
// kept at the call: each runs untouched in a closure whose return type the
// output fixes, and its exit is a ready future; after the await they stay
// as written.
use anyhow::{bail, ensure, Result};
use fast_async::fast_async;

async fn slow(x: u32) -> u32 {
    x
}

#[fast_async]
async fn checked(x: u32) -> Result<u32> {
    if x == 0 {
        bail!("zero");
    }
    ensure!(x < 100, "too big: {x}");
    let y = slow(x).await;
    ensure!(y != 7);
    Ok(y)
}

fn main() {}
