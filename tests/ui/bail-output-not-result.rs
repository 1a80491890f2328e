// `bail!` / `ensure!` are early exits when the output type is named like a
// `Result` or an `Option`; one of such a name that is neither is a compile
// error that says what to do, never a silent change.
use fast_async::{fast_async, MaybeReady};

#[derive(Debug)]
struct SearchResult(u32);

macro_rules! bail {
    () => {
        return SearchResult(0)
    };
}

async fn slow() {}

#[fast_async]
async fn search(x: u32) -> SearchResult {
    if x == 0 {
        bail!();
    }
    slow().await;
    SearchResult(x)
}

fn main() {
    let _ = search(1).is_ready();
}
