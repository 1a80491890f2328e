//! Recursion with ready leaves: the sum of a binary tree, three ways.
//!
//! - `#[fast_async(dyn)]`: every call whose subtrees are ready is ready (ready
//!   propagation), so a tree of ready leaves is summed with **no allocation**,
//!   and a tree with one slow leaf allocates only on that leaf's path to the
//!   root (one box per level);
//! - a `Box::pin` per call, as the `async-recursion` crate does: one
//!   allocation per node, leaves included;
//! - plain synchronous recursion, the floor (it cannot wait on a slow leaf).
//!
//! Run: `cargo run -p fast-async-examples --example tree --release`

use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::time::Instant;

use fast_async::{fast_async, FastFuture};
use fast_async_examples::{block_on, count_allocations, CountingAllocator, PendingOnce};

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// A complete binary tree of this depth: 2^16 leaves, 2^17 - 1 nodes.
const DEPTH: u32 = 16;
const NODES: u64 = (1 << (DEPTH + 1)) - 1;
/// The time per tree is the best of `BATCHES` batches of `ROUNDS` sums.
const BATCHES: u32 = 5;
const ROUNDS: u32 = 10;

enum Tree {
    /// A value known at once.
    Leaf(u64),
    /// A value behind a wait (I/O, a lock, a channel...).
    Slow(u64),
    Node(Box<Tree>, Box<Tree>),
}

#[fast_async(dyn)]
async fn sum(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Slow(value) => {
            PendingOnce::default().await;
            *value
        }
        Tree::Node(left, right) => {
            let left = sum(left).await; // ready if the left subtree is
            let right = sum(right).await;
            left + right
        }
    }
}

/// What `#[async_recursion]` generates: a box per call.
fn sum_boxed(tree: &Tree) -> Pin<Box<dyn Future<Output = u64> + Send + '_>> {
    Box::pin(async move {
        match tree {
            Tree::Leaf(value) => *value,
            Tree::Slow(value) => {
                PendingOnce::default().await;
                *value
            }
            Tree::Node(left, right) => sum_boxed(left).await + sum_boxed(right).await,
        }
    })
}

fn sum_sync(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Slow(_) => unreachable!("a synchronous sum cannot wait"),
        Tree::Node(left, right) => sum_sync(left) + sum_sync(right),
    }
}

/// A complete tree whose leaves are numbered from `first`; the leaf numbered
/// `slow` (if any) is slow.
fn build(depth: u32, first: u64, slow: Option<u64>) -> Tree {
    if depth == 0 {
        return if slow == Some(first) {
            Tree::Slow(first)
        } else {
            Tree::Leaf(first)
        };
    }
    let half = 1 << (depth - 1);
    Tree::Node(
        Box::new(build(depth - 1, first, slow)),
        Box::new(build(depth - 1, first + half, slow)),
    )
}

struct Row {
    ready: bool,
    allocations: u64,
    micros_per_tree: f64,
}

/// Sums `tree` once to count its allocations, then again for the time.
fn measure(sum: impl Fn(&Tree) -> (u64, bool), tree: &Tree, expected: u64) -> Row {
    let ((total, ready), allocations) = count_allocations(|| sum(tree));
    assert_eq!(total, expected);
    let batch = || {
        let start = Instant::now();
        for _ in 0..ROUNDS {
            black_box(sum(black_box(tree)));
        }
        start.elapsed().as_secs_f64() * 1e6 / f64::from(ROUNDS)
    };
    let micros_per_tree = (0..BATCHES).map(|_| batch()).fold(f64::INFINITY, f64::min);
    Row {
        ready,
        allocations,
        micros_per_tree,
    }
}

fn fast(tree: &Tree) -> (u64, bool) {
    let future: FastFuture<'_, u64> = sum(tree);
    let ready = future.is_ready();
    (block_on(future), ready)
}

fn boxed(tree: &Tree) -> (u64, bool) {
    (block_on(sum_boxed(tree)), false)
}

fn sync(tree: &Tree) -> (u64, bool) {
    (sum_sync(tree), true)
}

fn main() {
    let leaves = 1u64 << DEPTH;
    let expected = leaves * (leaves - 1) / 2;
    let slow_leaf = leaves / 3;
    let all_ready = build(DEPTH, 0, None);
    let one_slow = build(DEPTH, 0, Some(slow_leaf));

    println!("sum of a complete binary tree: depth {DEPTH}, {leaves} leaves, {NODES} nodes");
    println!();
    println!(
        "{:<16} {:<18} {:>6} {:>12} {:>10}",
        "tree", "summed with", "ready", "allocations", "µs/tree"
    );
    let print = |tree: &str, how: &str, row: &Row| {
        println!(
            "{tree:<16} {how:<18} {:>6} {:>12} {:>10.0}",
            row.ready, row.allocations, row.micros_per_tree
        );
    };

    let fast_ready = measure(fast, &all_ready, expected);
    let boxed_ready = measure(boxed, &all_ready, expected);
    let sync_ready = measure(sync, &all_ready, expected);
    print("all leaves ready", "#[fast_async(dyn)]", &fast_ready);
    print("", "Box::pin per call", &boxed_ready);
    print("", "synchronous", &sync_ready);
    let fast_slow = measure(fast, &one_slow, expected);
    let boxed_slow = measure(boxed, &one_slow, expected);
    print("one slow leaf", "#[fast_async(dyn)]", &fast_slow);
    print("", "Box::pin per call", &boxed_slow);

    // All ready: nothing allocates but the boxed recursion, once per node.
    assert!(fast_ready.ready);
    assert_eq!(fast_ready.allocations, 0);
    assert_eq!(sync_ready.allocations, 0);
    assert_eq!(boxed_ready.allocations, NODES);
    // One slow leaf: its own box, and one continuation per ancestor.
    assert!(!fast_slow.ready);
    assert_eq!(fast_slow.allocations, u64::from(DEPTH) + 1);
    assert_eq!(boxed_slow.allocations, NODES);

    println!();
    println!(
        "with one slow leaf, #[fast_async(dyn)] boxed only its path to the root: {} of {NODES} calls",
        fast_slow.allocations
    );
}
