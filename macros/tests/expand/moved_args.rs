// Rule 5: arguments the prefix does not mention move into the box
// (`_` is renamed so it lives as long as the future; `mut` moves along).
// `permit` is held until the future ends, never read.
#![allow(unused_variables)]

use fast_async::fast_async;

#[fast_async]
async fn handle(
    permit: Permit,
    _: Span,
    (id, name): (u64, String),
    mut buf: Vec<u8>,
    limit: usize,
) -> usize {
    if limit == 0 {
        return 0;
    }
    buf.extend_from_slice(name.as_bytes());
    write(id, &buf).await
}

struct Permit;

struct Span;

async fn write(id: u64, buf: &[u8]) -> usize {
    id as usize + buf.len()
}

fn main() {}
