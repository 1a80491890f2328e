// `err` and `ret` of `#[instrument]` below `#[fast_async]` would record the
// returned future: one error each, on the argument, saying to move it above.
// The functions are still expanded (the callers see no other error).
use fast_async::{fast_async, MaybeReady};
use tracing::instrument;

#[fast_async]
#[instrument(err)]
async fn parse(text: &str) -> Result<u32, std::num::ParseIntError> {
    text.parse()
}

#[fast_async]
#[instrument(skip(text), ret(Debug))]
async fn len(text: &str) -> usize {
    text.len()
}

fn main() {
    let _ = parse("1").is_ready();
    let _ = len("").is_ready();
}
