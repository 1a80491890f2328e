//! Sizes of the futures the benchmarked calls return: what a caller holds
//! (and copies) for each call. `cargo bench -p fast-async-benches --bench
//! sizes` prints the table of `RESULTS.md`.

use std::future::Future;
use std::mem::size_of_val;

use fast_async::{FastFuture, LocalFastFuture};
use fast_async_benches::{
    fast_double, handle_fast, handle_plain, plain_double, sum_boxed, sum_fast_dyn, sum_fast_opaque,
    AsyncTraitCache, AsyncTraitLookup, Cache, FastCache, FastLookup, Lookup, Tree,
};

/// The size of `future` (never polled: dropped at once).
fn size<F: Future>(future: F) -> usize {
    size_of_val(&future)
}

fn main() {
    let lookup = Lookup::new(1);
    let cache = Cache::default();
    let tree = Tree::full(2);
    let rows: [(&str, usize, &str); 15] = [
        (
            "free fn: plain `async fn`",
            size(plain_double(1)),
            "state machine",
        ),
        (
            "free fn: `#[fast_async]`",
            size(fast_double(1)),
            "ReadyOrBoxed<u64, _>",
        ),
        (
            "cache get: plain `async fn`",
            size(cache.get_plain(1)),
            "state machine (holds the store's future)",
        ),
        (
            "cache get: `#[fast_async]`",
            size(cache.get_fast(1)),
            "ReadyOrBoxed<u64, _>",
        ),
        (
            "1 KiB buffer across an await: plain `async fn`",
            size(handle_plain(1)),
            "state machine",
        ),
        (
            "1 KiB buffer across an await: `#[fast_async]`",
            size(handle_fast(1)),
            "ReadyOrBoxed<u64, _> (buffer in the box)",
        ),
        (
            "trait via `&dyn`: `#[fast_async]`",
            size((&lookup as &dyn FastLookup).get(1)),
            "FastFuture<'_, u64>",
        ),
        (
            "trait via `&dyn`: `#[async_trait]`",
            size((&lookup as &dyn AsyncTraitLookup).get(1)),
            "Pin<Box<dyn Future + Send>>",
        ),
        (
            "cache via `&dyn`: `#[fast_async]`",
            size((&cache as &dyn FastCache).get(1)),
            "FastFuture<'_, u64>",
        ),
        (
            "cache via `&dyn`: `#[async_trait]`",
            size((&cache as &dyn AsyncTraitCache).get(1)),
            "Pin<Box<dyn Future + Send>>",
        ),
        (
            "recursion: `#[fast_async(dyn)]`",
            size(sum_fast_dyn(&tree)),
            "FastFuture<'_, u64>",
        ),
        (
            "recursion: `#[fast_async]` (opaque)",
            size(sum_fast_opaque(&tree)),
            "ReadyOrBoxed<u64, _>",
        ),
        (
            "recursion: `Box::pin` per call",
            size(sum_boxed(&tree)),
            "Pin<Box<dyn Future + Send>>",
        ),
        (
            "`FastFuture<'_, String>`",
            size(FastFuture::ready(String::new())),
            "max(24, 16) + 8 at most",
        ),
        (
            "`LocalFastFuture<'_, [u64; 4]>`",
            size(LocalFastFuture::ready([0_u64; 4])),
            "max(32, 16) + 8 at most",
        ),
    ];
    println!("sizes of the returned futures (bytes):");
    for (what, bytes, note) in rows {
        println!("  {what:<48} {bytes:>5}  {note}");
    }
}
