//! Recursive `#[fast_async]` functions (DESIGN.md, "Recursion"): they
//! compile in the opaque form without a hand-written `Box::pin`, their base
//! cases are ready, their results and poll counts match the plain recursive
//! `async fn` (which needs `Box::pin`), and `Send` is checked from outside.
//! The dyn form recurses too, and is the one to use when the body itself
//! needs its own future to be `Send`.

use fast_async::{fast_async, FastFuture, MaybeReady};
use fast_async_tests::{assert_send, block_on, check, spawn_like, yield_once};

// ---------------------------------------------------------------------------
// Fibonacci: two recursive awaits, some levels really pending.
// ---------------------------------------------------------------------------

#[fast_async]
async fn fib(n: u32) -> u64 {
    if n < 2 {
        return u64::from(n);
    }
    if n % 4 == 0 {
        yield_once(()).await;
    }
    let a = fib(n - 1).await;
    let b = fib(n - 2).await;
    a + b
}

// Written apart on purpose: the plain recursive `async fn` needs `Box::pin`.
async fn plain_fib(n: u32) -> u64 {
    if n < 2 {
        return u64::from(n);
    }
    if n % 4 == 0 {
        yield_once(()).await;
    }
    let a = Box::pin(plain_fib(n - 1)).await;
    let b = Box::pin(plain_fib(n - 2)).await;
    a + b
}

#[fast_async(dyn)]
async fn fib_dyn(n: u32) -> u64 {
    if n < 2 {
        return u64::from(n);
    }
    if n % 4 == 0 {
        yield_once(()).await;
    }
    let a = fib_dyn(n - 1).await;
    let b = fib_dyn(n - 2).await;
    a + b
}

#[test]
fn fibonacci_matches_the_plain_recursion() {
    for n in 0..=18 {
        check(n, fib(n), plain_fib(n), n < 2);
        check(n, fib_dyn(n), plain_fib(n), n < 2);
    }
}

#[test]
fn fibonacci_is_send_from_outside() {
    assert_send(&fib(10));
    assert_send(&fib_dyn(10));
    assert_eq!(spawn_like(fib(20)), block_on(plain_fib(20)));
    assert_eq!(spawn_like(fib_dyn(20)), block_on(plain_fib(20)));
}

/// The dyn form may require `Send` of its own recursive future inside its
/// body (the opaque form cannot: rustc's E0283, see DESIGN.md).
#[fast_async(dyn)]
async fn countdown_checked(n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    let inner: FastFuture<'static, u32> = countdown_checked(n - 1);
    assert_send(&inner);
    yield_once(()).await;
    inner.await + n
}

#[test]
fn dyn_form_may_require_send_inside_its_body() {
    for n in 0..10 {
        let future = countdown_checked(n);
        assert_eq!(future.is_ready(), n == 0);
        assert_eq!(spawn_like(future), n * (n + 1) / 2);
    }
}

// ---------------------------------------------------------------------------
// A tree of boxes: a tail match with a ready leaf and two boxed arms (the
// opaque form's shared box), by reference and by value.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Tree {
    Leaf(u64),
    Slow(u64),
    Node(Box<Tree>, Box<Tree>),
}

#[fast_async]
async fn tree_sum(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Slow(value) => yield_once(*value).await,
        Tree::Node(left, right) => tree_sum(left).await + tree_sum(right).await,
    }
}

// Written apart on purpose: the plain recursive `async fn` needs `Box::pin`.
async fn plain_tree_sum(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Slow(value) => yield_once(*value).await,
        Tree::Node(left, right) => {
            Box::pin(plain_tree_sum(left)).await + Box::pin(plain_tree_sum(right)).await
        }
    }
}

// The expansion is a plain fn taking a `Box`, which clippy flags; the
// `async fn` is not flagged. The owned box is the shape under test.
#[allow(clippy::boxed_local)]
#[fast_async]
async fn tree_sum_owned(tree: Box<Tree>) -> u64 {
    let (left, right) = match *tree {
        Tree::Leaf(value) => return value,
        Tree::Slow(value) => (Box::new(Tree::Leaf(value)), Box::new(Tree::Leaf(0))),
        Tree::Node(left, right) => (left, right),
    };
    yield_once(()).await;
    tree_sum_owned(left).await + tree_sum_owned(right).await
}

// Written apart on purpose: the plain recursive `async fn` needs `Box::pin`.
async fn plain_tree_sum_owned(tree: Box<Tree>) -> u64 {
    let (left, right) = match *tree {
        Tree::Leaf(value) => return value,
        Tree::Slow(value) => (Box::new(Tree::Leaf(value)), Box::new(Tree::Leaf(0))),
        Tree::Node(left, right) => (left, right),
    };
    yield_once(()).await;
    Box::pin(plain_tree_sum_owned(left)).await + Box::pin(plain_tree_sum_owned(right)).await
}

#[fast_async(dyn)]
async fn tree_sum_dyn(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Slow(value) => yield_once(*value).await,
        Tree::Node(left, right) => tree_sum_dyn(left).await + tree_sum_dyn(right).await,
    }
}

impl Tree {
    /// A recursive method: the depth, with a pending level at slow leaves.
    #[fast_async]
    async fn depth(&self) -> usize {
        match self {
            Tree::Leaf(_) => 1,
            Tree::Slow(_) => {
                yield_once(()).await;
                1
            }
            Tree::Node(left, right) => {
                let left = left.depth().await;
                let right = right.depth().await;
                1 + left.max(right)
            }
        }
    }

    // Written apart on purpose: the plain recursive `async fn` needs `Box::pin`.
    async fn plain_depth(&self) -> usize {
        match self {
            Tree::Leaf(_) => 1,
            Tree::Slow(_) => {
                yield_once(()).await;
                1
            }
            Tree::Node(left, right) => {
                let left = Box::pin(left.plain_depth()).await;
                let right = Box::pin(right.plain_depth()).await;
                1 + left.max(right)
            }
        }
    }
}

/// Every tree up to `depth`, with leaves from `next`.
fn trees(depth: u32, next: &mut u64) -> Vec<Tree> {
    *next += 1;
    let mut all = vec![Tree::Leaf(*next), Tree::Slow(*next * 10)];
    if depth > 0 {
        let smaller = trees(depth - 1, next);
        for left in &smaller {
            for right in smaller.iter().take(3) {
                all.push(Tree::Node(Box::new(left.clone()), Box::new(right.clone())));
            }
        }
    }
    all
}

#[test]
fn tree_sum_matches_the_plain_recursion() {
    let mut next = 0;
    let all = trees(3, &mut next);
    assert!(all.len() > 50);
    for tree in &all {
        let leaf = matches!(tree, Tree::Leaf(_));
        check(tree, tree_sum(tree), plain_tree_sum(tree), leaf);
        check(tree, tree_sum_dyn(tree), plain_tree_sum(tree), leaf);
        check(
            tree,
            tree_sum_owned(Box::new(tree.clone())),
            plain_tree_sum_owned(Box::new(tree.clone())),
            leaf,
        );
        check(tree, tree.depth(), tree.plain_depth(), leaf);
    }
}

#[test]
fn tree_futures_are_send_from_outside() {
    let tree = Tree::Node(
        Box::new(Tree::Slow(3)),
        Box::new(Tree::Node(Box::new(Tree::Leaf(4)), Box::new(Tree::Slow(5)))),
    );
    assert_send(&tree_sum(&tree));
    assert_send(&tree_sum_dyn(&tree));
    assert_send(&tree.depth());
    assert_send(&tree_sum_owned(Box::new(tree.clone())));
    assert_eq!(spawn_like(tree_sum_owned(Box::new(tree.clone()))), 12);
    let shared = std::sync::Arc::new(tree);
    let sum = {
        let shared = std::sync::Arc::clone(&shared);
        spawn_like(async move { tree_sum(&shared).await + tree_sum_dyn(&shared).await })
    };
    assert_eq!(sum, 24);
}

// ---------------------------------------------------------------------------
// Mutual recursion, and recursion through a dyn trait.
// ---------------------------------------------------------------------------

#[fast_async]
async fn is_even(n: u32) -> bool {
    if n == 0 {
        return true;
    }
    if n % 5 == 0 {
        yield_once(()).await;
    }
    is_odd(n - 1).await
}

#[fast_async]
async fn is_odd(n: u32) -> bool {
    if n == 0 {
        return false;
    }
    is_even(n - 1).await
}

/// Whether `is_even(n)` is ready at the call. Its first await sits inside
/// an `if` statement, which is not a propagation point (rule 8): past its
/// prefix, `is_even` always boxes.
fn even_is_ready(n: u32) -> bool {
    n == 0
}

/// `is_odd` awaits `is_even` as its tail: a propagation point, so it is
/// ready when that call is.
fn odd_is_ready(n: u32) -> bool {
    n == 0 || even_is_ready(n - 1)
}

#[test]
fn mutual_recursion() {
    for n in 0..40 {
        assert_eq!(is_even(n).is_ready(), even_is_ready(n), "is_even({n})");
        assert_eq!(is_odd(n).is_ready(), odd_is_ready(n), "is_odd({n})");
        assert_eq!(block_on(is_even(n)), n % 2 == 0);
        assert_eq!(block_on(is_odd(n)), n % 2 == 1);
    }
    assert_send(&is_even(3));
}

#[fast_async]
trait Sum {
    async fn sum(&self) -> u64;
}

struct Many {
    own: u64,
    children: Vec<Box<dyn Sum + Send + Sync>>,
}

#[fast_async]
impl Sum for Many {
    async fn sum(&self) -> u64 {
        if self.children.is_empty() {
            return self.own;
        }
        let mut total = self.own;
        for child in &self.children {
            total += child.sum().await;
        }
        total
    }
}

#[test]
fn recursion_through_a_dyn_trait() {
    let leaf = |own| -> Box<dyn Sum + Send + Sync> {
        Box::new(Many {
            own,
            children: Vec::new(),
        })
    };
    let tree = Many {
        own: 1,
        children: vec![
            leaf(2),
            Box::new(Many {
                own: 3,
                children: vec![leaf(4), leaf(5)],
            }),
        ],
    };
    assert!(leaf(7).sum().is_ready());
    assert!(!tree.sum().is_ready());
    assert_send(&tree.sum());
    assert_eq!(block_on(tree.sum()), 15);
}
