//! The allocation column of `RESULTS.md`, checked with a counting global
//! allocator (not divan's): every benchmark row makes exactly the
//! allocations its table row says, per call, after a first warm-up call.
//!
//! Run in release too (`cargo test -p fast-async-benches --release`): the
//! optimizer may remove an allocation it can see through, and these counts
//! must hold either way.

use fast_async_benches::{rows, Env, KeyStream, TREE_DEPTH};
use fast_async_tests::{allocations, CountingAllocator};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// Allocations per call of the row `name`, over `calls` calls.
fn per_call(name: &str, hit_percent: usize, calls: u64) -> f64 {
    let mut env = Env::new(hit_percent);
    rows::repeat(name, &mut env, 1).expect("a known row");
    let (_, count) = allocations(|| rows::repeat(name, &mut env, calls));
    count as f64 / calls as f64
}

#[test]
fn every_row_allocates_what_the_table_says() {
    let internal_nodes = f64::from((1_u32 << TREE_DEPTH) - 1);
    let all_nodes = f64::from((1_u32 << (TREE_DEPTH + 1)) - 1);
    let expected: &[(&str, f64)] = &[
        ("ready_dyn_sync", 0.0),
        ("ready_dyn_fast_async", 0.0),
        ("ready_dyn_fast_async_into_ready", 0.0),
        ("ready_dyn_async_trait", 1.0),
        ("ready_dyn_box_pin", 1.0),
        ("pending_dyn_fast_async", 1.0),
        ("pending_dyn_async_trait", 1.0),
        ("pending_dyn_box_pin", 1.0),
        ("layers_ready_fast_async", 0.0),
        ("layers_ready_async_trait", 9.0),
        ("layers_pending_fast_async", 1.0),
        ("layers_pending_async_trait", 9.0),
        ("free_plain_ready", 0.0),
        ("free_fast_async_ready", 0.0),
        ("free_plain_pending", 0.0),
        ("free_fast_async_pending", 1.0),
        ("recursion_sync", 0.0),
        // Ready leaves propagate: nothing is boxed.
        ("recursion_fast_async_dyn", 0.0),
        // The opaque form does not propagate through its own recursion:
        // every internal node boxes.
        ("recursion_fast_async_opaque", internal_nodes),
        ("recursion_box_pin", all_nodes),
        // A tower stack, ready: erased by fast_async::tower, nothing;
        // by tower's box, the box.
        ("tower_ready_stack", 0.0),
        ("tower_ready_fast", 0.0),
        ("tower_ready_tower_box", 1.0),
        // A miss: the store's box and the cache's continuation, plus
        // tower's box.
        ("tower_pending_stack", 2.0),
        ("tower_pending_fast", 2.0),
        ("tower_pending_tower_box", 3.0),
    ];
    for &(name, allocs) in expected {
        assert_eq!(per_call(name, 0, 10), allocs, "{name}");
    }
    // Every row is listed above or below.
    assert_eq!(rows::ALL.len(), expected.len() + 2);
}

#[test]
fn the_cache_allocates_for_its_misses_only() {
    let calls = KeyStream::PATTERN as u64;
    for hit_percent in [50, 90, 99] {
        let misses = (100 - hit_percent) as f64 / 100.0;
        assert_eq!(per_call("cache_fast_async", hit_percent, calls), misses);
        assert_eq!(per_call("cache_async_trait", hit_percent, calls), 1.0);
    }
}
