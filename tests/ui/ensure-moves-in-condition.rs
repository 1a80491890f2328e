// `ensure!` before the first `.await` runs in a closure that may borrow but
// not move (its error arguments are used only when the condition fails):
// a condition that consumes a value is E0507 on that value. The fix: borrow
// it, or write `if !consume(name) { bail!(..) }`.
use anyhow::{ensure, Result};
use fast_async::{fast_async, MaybeReady};

fn consume(name: String) -> bool {
    !name.is_empty()
}

async fn slow() {}

#[fast_async]
async fn check(name: String) -> Result<u32> {
    ensure!(consume(name), "empty name");
    slow().await;
    Ok(1)
}

fn main() {
    let _ = check(String::new()).is_ready();
}
