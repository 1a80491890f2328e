//! Ready propagation (DESIGN.md rule 8): an await on a future that can say
//! it is already done keeps the call synchronous while it is; only the first
//! await that is really pending boxes a continuation. Counted with a
//! counting allocator (this binary's own), compared with the plain
//! `async fn` for results.

use std::future::Future;
use std::hint::black_box;
use std::sync::Arc;
use std::task::Waker;

use fast_async::{fast_async, MaybeReady};
use fast_async_tests::{
    allocations, block_on, block_on_with, noop_waker, twins, yield_once, CountingAllocator,
};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// Calls, then polls to completion; the output and the allocations made.
fn counted<F: Future>(waker: &Waker, call: impl FnOnce() -> F) -> (F::Output, u64) {
    allocations(|| block_on_with(waker, black_box(call())))
}

/// A chain of three `#[fast_async]` functions: the innermost is pending for
/// odd inputs, and fails for 0.
mod chain {
    use super::*;

    twins! {
        mod twin {
            #[fast_async]
            async fn inner(x: u64) -> Result<u64, String> {
                if x == 0 {
                    return Err("zero".to_owned());
                }
                if x % 2 == 0 {
                    return Ok(x);
                }
                Ok(yield_once(x).await)
            }

            #[fast_async]
            async fn middle(x: u64) -> Result<u64, String> {
                let v = inner(x).await?;
                Ok(v + 1)
            }

            #[fast_async]
            async fn outer(x: u64) -> Result<u64, String> {
                let v = middle(x).await?;
                Ok(v * 10)
            }
        }
    }
    use twin::fast::outer;

    #[test]
    fn all_ready_allocates_nothing() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || outer(4)), (Ok(50), 0));
        assert!(outer(4).is_ready());
    }

    #[test]
    fn an_error_on_the_ready_path_allocates_nothing() {
        // The `Err` from `inner`'s prefix goes through both `?` ready. (The
        // error message itself is a `String`: one allocation in `inner`.)
        let waker = noop_waker();
        let (output, count) = counted(&waker, || outer(0));
        assert_eq!(output, Err("zero".to_owned()));
        assert_eq!(count, 1, "only the String of the error");
    }

    #[test]
    fn innermost_pending_boxes_once_per_level() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || outer(3)), (Ok(40), 3));
        assert!(!outer(3).is_ready());
    }

    #[test]
    fn same_results_as_plain_async_fns() {
        for x in 0..50 {
            assert_eq!(
                block_on(outer(x)),
                block_on(twin::plain::outer(x)),
                "x = {x}"
            );
        }
    }
}

/// Recursion with ready leaves, in the dyn form (a pending call to itself
/// cannot be moved into the opaque form's own box; see DESIGN.md).
mod tree {
    use super::*;

    enum Tree {
        Leaf(u64),
        /// A leaf whose value arrives after one pending poll.
        Slow(u64),
        Node(Box<Tree>, Box<Tree>),
    }

    #[fast_async(dyn)]
    async fn sum(tree: &Tree) -> u64 {
        match tree {
            Tree::Leaf(value) => *value,
            Tree::Slow(value) => yield_once(*value).await,
            Tree::Node(left, right) => {
                let left = sum(left).await;
                let right = sum(right).await;
                left + right
            }
        }
    }

    fn plain_sum(tree: &Tree) -> u64 {
        match tree {
            Tree::Leaf(value) | Tree::Slow(value) => *value,
            Tree::Node(left, right) => plain_sum(left) + plain_sum(right),
        }
    }

    /// A full binary tree of the given depth; the leaf at `slow` (counting
    /// leaves from the left), if any, is slow.
    fn full(depth: u32, slow: Option<u64>, next_leaf: &mut u64) -> Tree {
        if depth == 0 {
            let index = *next_leaf;
            *next_leaf += 1;
            return if slow == Some(index) {
                Tree::Slow(index)
            } else {
                Tree::Leaf(index)
            };
        }
        let left = full(depth - 1, slow, next_leaf);
        let right = full(depth - 1, slow, next_leaf);
        Tree::Node(Box::new(left), Box::new(right))
    }

    #[test]
    fn all_leaves_ready_allocates_nothing() {
        let tree = full(8, None, &mut 0);
        let waker = noop_waker();
        assert_eq!(counted(&waker, || sum(&tree)), (plain_sum(&tree), 0));
        assert!(sum(&tree).is_ready());
    }

    #[test]
    fn one_slow_leaf_boxes_only_its_path_to_the_root() {
        let depth = 8;
        let waker = noop_waker();
        for slow in [0, 77, 255] {
            let tree = full(depth, Some(slow), &mut 0);
            // The slow leaf and each of its `depth` ancestors box once.
            assert_eq!(
                counted(&waker, || sum(&tree)),
                (plain_sum(&tree), u64::from(depth) + 1),
                "slow leaf {slow}"
            );
        }
    }
}

/// A trait's default method awaiting a required one, through `dyn`.
mod trait_default {
    use super::*;

    #[fast_async]
    trait Store: Send + Sync {
        async fn get(&self, key: u64) -> Option<u64>;

        async fn get_or(&self, key: u64, default: u64) -> u64 {
            let found = self.get(key).await;
            found.unwrap_or(default)
        }
    }

    struct Memory;

    #[fast_async]
    impl Store for Memory {
        async fn get(&self, key: u64) -> Option<u64> {
            if key < 100 {
                return (key % 2 == 0).then_some(key);
            }
            yield_once(Some(key)).await
        }
    }

    #[test]
    fn default_method_on_a_ready_required_method_allocates_nothing() {
        let store: Arc<dyn Store> = Arc::new(Memory);
        let waker = noop_waker();
        assert_eq!(counted(&waker, || store.get_or(4, 9)), (4, 0));
        assert_eq!(counted(&waker, || store.get_or(5, 9)), (9, 0));
        // Pending inside: the required method's box and the default's.
        assert_eq!(counted(&waker, || store.get_or(500, 9)), (500, 2));
    }
}

/// Middleware: a validating layer in front of an inner service.
mod middleware {
    use super::*;

    #[fast_async]
    trait Service: Send + Sync {
        async fn call(&self, request: u64) -> Result<u64, String>;
    }

    struct Cache;

    #[fast_async]
    impl Service for Cache {
        async fn call(&self, request: u64) -> Result<u64, String> {
            if request < 1000 {
                return Ok(request * 2);
            }
            Ok(yield_once(request).await)
        }
    }

    struct Validate {
        inner: Arc<dyn Service>,
    }

    #[fast_async]
    impl Service for Validate {
        async fn call(&self, request: u64) -> Result<u64, String> {
            if request == 0 {
                return Err("empty request".to_owned());
            }
            let response = self.inner.call(request).await?;
            Ok(response + 1)
        }
    }

    #[test]
    fn a_ready_inner_service_keeps_the_whole_stack_ready() {
        let service: Arc<dyn Service> = Arc::new(Validate {
            inner: Arc::new(Cache),
        });
        let waker = noop_waker();
        assert_eq!(counted(&waker, || service.call(21)), (Ok(43), 0));
        assert_eq!(counted(&waker, || service.call(5000)), (Ok(5001), 2));
        assert!(service.call(21).is_ready());
    }
}

/// The opaque form, with awaits on ready and pending futures of every kind.
mod opaque_mixes {
    use super::*;

    twins! {
        mod twin {
            #[fast_async]
            async fn ready_or_not(x: u64) -> u64 {
                if x % 3 == 0 {
                    return x;
                }
                yield_once(x).await
            }

            #[fast_async]
            async fn two_points(a: u64, b: u64) -> u64 {
                let first = ready_or_not(a).await;
                let second = ready_or_not(b).await;
                first * 100 + second
            }
        }
    }
    use twin::fast::two_points;

    #[test]
    fn each_mix_of_ready_and_pending_matches_and_boxes_only_what_pends() {
        let waker = noop_waker();
        for a in 0..6 {
            for b in 0..6 {
                let expected = block_on(twin::plain::two_points(a, b));
                let (output, count) = counted(&waker, || two_points(a, b));
                assert_eq!(output, expected, "a = {a}, b = {b}");
                // `ready_or_not` boxes when pending, and the first pending
                // point of `two_points` boxes one continuation.
                let pending = [a, b].iter().filter(|x| *x % 3 != 0).count() as u64;
                let continuation = u64::from(pending > 0);
                assert_eq!(count, pending + continuation, "a = {a}, b = {b}");
                assert_eq!(two_points(a, b).is_ready(), pending == 0);
            }
        }
    }

    /// `core::future::ready` is `MaybeReady` too.
    #[fast_async]
    async fn through_core_ready(x: u64) -> u64 {
        let value = std::future::ready(x).await;
        value + 1
    }

    #[test]
    fn core_ready_propagates() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || through_core_ready(1)), (2, 0));
    }
}

/// A future that cannot say it is ready is made when the boxed continuation
/// first polls, as in the `async fn`, not at the call.
mod other_futures_are_made_lazily {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::time::Duration;

    static MADE: AtomicUsize = AtomicUsize::new(0);

    /// A plain fn returning a future, with a side effect when called.
    fn make(value: u64) -> impl Future<Output = u64> {
        MADE.fetch_add(1, SeqCst);
        yield_once(value)
    }

    #[fast_async]
    async fn awaits_made(value: u64) -> u64 {
        let made = make(value + 1).await;
        made * 2
    }

    #[test]
    fn the_future_is_made_at_the_first_poll() {
        let before = MADE.load(SeqCst);
        let future = awaits_made(1);
        assert!(!future.is_ready());
        assert_eq!(MADE.load(SeqCst), before, "not made at the call");
        assert_eq!(block_on(future), 4);
        assert_eq!(MADE.load(SeqCst), before + 1, "made once, when polled");
    }

    #[fast_async]
    async fn sleeps() -> u32 {
        tokio::time::sleep(Duration::from_millis(1)).await;
        1
    }

    #[test]
    fn a_tokio_timer_is_made_inside_the_runtime() {
        // Made outside any runtime, as a plain `async fn`'s future may be:
        // `tokio::time::sleep` would panic if it were called here.
        let future = sleeps();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        assert_eq!(runtime.block_on(future), 1);
    }
}
