//! Tail pass-through (DESIGN.md rule 8): in the dyn form, a tail `x.await`
//! whose `x` can say it is ready and turns out pending hands `x` on as the
//! function's future instead of boxing a continuation that only awaits it.
//! So a stack of delegating layers over a leaf that is pending costs the
//! leaf's one box, not one per layer — unless the layer holds something
//! across that await (a permit, a guard), which then stays in a
//! continuation so that it drops when the plain `async fn` drops it.
//!
//! Allocations are counted by this binary's own counting allocator;
//! results and drop logs are compared with the plain `async fn` twin.

use std::fmt::Display;
use std::future::Future;
use std::hint::black_box;
use std::task::Waker;

use fast_async::{fast_async, FastFuture, LocalFastFuture, MaybeReady};
use fast_async_tests::drops::{compare, push, Log, Noisy};
use fast_async_tests::{
    allocations, block_on, block_on_with, check, noop_waker, twins, yield_once, CountingAllocator,
};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// Calls, then polls to completion; the output and the allocations made.
fn counted<F: Future>(waker: &Waker, call: impl FnOnce() -> F) -> (F::Output, u64) {
    allocations(|| block_on_with(waker, black_box(call())))
}

/// Eight `#[fast_async(dyn)]` fns, each only awaiting the one below, over a
/// leaf that is ready for even inputs and pending once (one box) for odd.
mod free_fn_layers {
    use super::*;

    twins! {
        mod twin {
            #[fast_async(dyn)]
            async fn leaf(x: u64) -> Result<u64, String> {
                if x % 2 == 0 {
                    return Ok(x);
                }
                Ok(yield_once(x).await + 100)
            }

            #[fast_async(dyn)]
            async fn l1(x: u64) -> Result<u64, String> { leaf(x).await }
            #[fast_async(dyn)]
            async fn l2(x: u64) -> Result<u64, String> { l1(x).await }
            #[fast_async(dyn)]
            async fn l3(x: u64) -> Result<u64, String> { l2(x).await }
            #[fast_async(dyn)]
            async fn l4(x: u64) -> Result<u64, String> { l3(x).await }
            #[fast_async(dyn)]
            async fn l5(x: u64) -> Result<u64, String> { l4(x).await }
            #[fast_async(dyn)]
            async fn l6(x: u64) -> Result<u64, String> { l5(x).await }
            #[fast_async(dyn)]
            async fn l7(x: u64) -> Result<u64, String> { l6(x).await }
            #[fast_async(dyn)]
            async fn l8(x: u64) -> Result<u64, String> { l7(x).await }
        }
    }
    use twin::fast;

    type Layer = fn(u64) -> FastFuture<'static, Result<u64, String>>;

    fn layers() -> [(usize, Layer); 4] {
        [(1, fast::l1), (2, fast::l2), (4, fast::l4), (8, fast::l8)]
    }

    #[test]
    fn a_pending_leaf_costs_its_own_box_alone() {
        let waker = noop_waker();
        for (depth, layer) in layers() {
            assert_eq!(counted(&waker, || layer(3)), (Ok(103), 1), "{depth} layers");
            assert!(!layer(3).is_ready());
        }
    }

    #[test]
    fn a_ready_leaf_costs_nothing() {
        let waker = noop_waker();
        for (depth, layer) in layers() {
            assert_eq!(counted(&waker, || layer(4)), (Ok(4), 0), "{depth} layers");
            assert_eq!(layer(4).into_ready().ok(), Some(Ok(4)));
        }
    }

    #[test]
    fn same_results_as_plain_async_fns() {
        for x in 0..20 {
            let ready = x % 2 == 0;
            check(x, fast::l1(x), twin::plain::l1(x), ready);
            check(x, fast::l2(x), twin::plain::l2(x), ready);
            check(x, fast::l4(x), twin::plain::l4(x), ready);
            check(x, fast::l8(x), twin::plain::l8(x), ready);
        }
    }
}

/// The same through `&dyn Trait`: each layer holds the next as a
/// `Box<dyn Service>` and only delegates to it.
mod dyn_layers {
    use super::*;

    #[fast_async]
    trait Service: Sync {
        async fn call(&self, x: u64) -> Result<u64, String>;
    }

    struct Leaf;

    #[fast_async]
    impl Service for Leaf {
        async fn call(&self, x: u64) -> Result<u64, String> {
            if x % 2 == 0 {
                return Ok(x);
            }
            Ok(yield_once(x).await + 100)
        }
    }

    struct Layer(Box<dyn Service>);

    #[fast_async]
    impl Service for Layer {
        async fn call(&self, x: u64) -> Result<u64, String> {
            self.0.call(x).await
        }
    }

    fn stack(depth: usize) -> Box<dyn Service> {
        (0..depth).fold(Box::new(Leaf), |inner, _| Box::new(Layer(inner)))
    }

    #[test]
    fn a_pending_leaf_costs_its_own_box_alone() {
        let waker = noop_waker();
        for depth in [1, 2, 4, 8] {
            let service = stack(depth);
            let service: &dyn Service = &*service;
            assert_eq!(
                counted(&waker, || service.call(5)),
                (Ok(105), 1),
                "{depth} layers"
            );
            assert!(!service.call(5).is_ready());
        }
    }

    #[test]
    fn a_ready_leaf_costs_nothing() {
        let waker = noop_waker();
        for depth in [1, 2, 4, 8] {
            let service = stack(depth);
            let service: &dyn Service = &*service;
            assert_eq!(
                counted(&waker, || service.call(6)),
                (Ok(6), 0),
                "{depth} layers"
            );
            assert_eq!(service.call(6).into_ready().ok(), Some(Ok(6)));
        }
    }

    #[test]
    fn same_results_as_the_plain_leaf() {
        let plain = |x: u64| async move {
            if x % 2 == 0 {
                return Ok::<u64, String>(x);
            }
            Ok(yield_once(x).await + 100)
        };
        for depth in [1, 2, 4, 8] {
            let service = stack(depth);
            for x in 0..10 {
                check(x, service.call(x), plain(x), x % 2 == 0);
            }
        }
    }
}

/// The same in the local form (`?Send`), over a leaf of either form: a
/// pending `FastFuture` or opaque future moves its box into the
/// `LocalFastFuture` handed on.
mod local_layers {
    use super::*;

    #[fast_async(dyn, ?Send)]
    async fn leaf(x: u64) -> u64 {
        if x % 2 == 0 {
            return x;
        }
        yield_once(x).await + 100
    }

    #[fast_async]
    async fn opaque_leaf(x: u64) -> u64 {
        if x % 2 == 0 {
            return x;
        }
        yield_once(x).await + 100
    }

    #[fast_async(dyn, ?Send)]
    async fn over_local(depth: u32, x: u64) -> u64 {
        if depth == 0 {
            leaf(x).await
        } else {
            over_local(depth - 1, x).await
        }
    }

    #[fast_async(dyn, ?Send)]
    async fn over_opaque(depth: u32, x: u64) -> u64 {
        if depth == 0 {
            opaque_leaf(x).await
        } else {
            over_opaque(depth - 1, x).await
        }
    }

    #[test]
    fn a_pending_leaf_costs_its_own_box_alone() {
        let waker = noop_waker();
        for depth in [1, 2, 4, 8] {
            assert_eq!(
                counted(&waker, || over_local(depth, 3)),
                (103, 1),
                "{depth}"
            );
            assert_eq!(
                counted(&waker, || over_opaque(depth, 3)),
                (103, 1),
                "{depth}"
            );
            assert_eq!(counted(&waker, || over_local(depth, 4)), (4, 0), "{depth}");
            assert_eq!(counted(&waker, || over_opaque(depth, 4)), (4, 0), "{depth}");
        }
    }

    /// `LocalFastFuture` moves the opaque form's box, no second one.
    #[test]
    fn an_opaque_future_becomes_local_without_a_box() {
        let waker = noop_waker();
        let (output, count) = counted(&waker, || opaque_leaf(3).into_local_fast_future());
        assert_eq!((output, count), (103, 1));
        let ready: LocalFastFuture<'static, u64> = opaque_leaf(4).into_local_fast_future();
        assert_eq!(ready.into_ready().ok(), Some(4));
    }
}

/// Where the pass-through does not reach: a `Send` dyn-form layer over an
/// opaque-form future boxes it once more (`Self: Send` does not show the
/// compiler that the concrete future inside is `Send`, so its box cannot
/// become a `dyn Future + Send` in place) — one box at the first dyn
/// layer, none at the layers above it.
mod send_over_opaque {
    use super::*;

    #[fast_async]
    async fn opaque_leaf(x: u64) -> u64 {
        if x % 2 == 0 {
            return x;
        }
        yield_once(x).await + 100
    }

    #[fast_async(dyn)]
    async fn layers(depth: u32, x: u64) -> u64 {
        if depth == 0 {
            opaque_leaf(x).await
        } else {
            layers(depth - 1, x).await
        }
    }

    #[test]
    fn the_first_dyn_layer_boxes_again_and_no_other() {
        let waker = noop_waker();
        for depth in [1, 2, 4, 8] {
            assert_eq!(counted(&waker, || layers(depth, 3)), (103, 2), "{depth}");
            assert_eq!(counted(&waker, || layers(depth, 4)), (4, 0), "{depth}");
        }
    }
}

/// A recursion whose leaf branch is a tail await of a leaf fn: pending
/// leaves cost their own box and one continuation per level on the path to
/// them, and nothing at the leaf branch itself.
mod recursion {
    use super::*;

    enum Tree {
        Leaf(u64),
        Slow(u64),
        Node(Box<Tree>, Box<Tree>),
    }
    use Tree::{Leaf, Node, Slow};

    /// Ready for 0, else pending once: one box.
    #[fast_async(dyn)]
    async fn slow_leaf(value: u64) -> u64 {
        if value == 0 {
            return 0;
        }
        yield_once(value).await
    }

    #[fast_async(dyn)]
    async fn sum(tree: &Tree) -> u64 {
        match tree {
            Leaf(value) => *value,
            Slow(value) => slow_leaf(*value).await,
            Node(left, right) => {
                let left = sum(left).await;
                let right = sum(right).await;
                left + right
            }
        }
    }

    fn plain_sum(tree: &Tree) -> u64 {
        match tree {
            Leaf(value) | Slow(value) => *value,
            Node(left, right) => plain_sum(left) + plain_sum(right),
        }
    }

    fn node(left: Tree, right: Tree) -> Tree {
        Node(Box::new(left), Box::new(right))
    }

    #[test]
    fn allocations_only_along_the_pending_path() {
        let waker = noop_waker();
        let cases = [
            // (tree, boxes)
            (Slow(5), 1),
            (Slow(0), 0),
            (node(Leaf(1), Slow(5)), 2),
            (node(Leaf(1), node(Slow(5), Leaf(2))), 3),
            (
                node(
                    node(Leaf(1), Leaf(2)),
                    node(Leaf(3), node(Leaf(4), Slow(5))),
                ),
                4,
            ),
            // The second slow leaf is awaited inside the first one's
            // continuation: its own box, and nothing for its branch.
            (node(Slow(3), Slow(5)), 3),
            (node(Leaf(1), node(Leaf(2), Leaf(3))), 0),
        ];
        for (tree, boxes) in cases {
            let (total, count) = counted(&waker, || sum(&tree));
            assert_eq!(total, plain_sum(&tree));
            assert_eq!(count, boxes, "tree summing to {total}");
        }
    }
}

/// Drop order against the plain fn: a layer that holds a permit or a guard
/// across the tail await keeps its continuation (the permit drops when the
/// inner future completes, as in the `async fn`); a layer that holds
/// nothing hands the future on, with the same log.
mod drop_order {
    use super::*;

    /// Logs its steps, holds a local of its own across its await.
    #[fast_async(dyn, ?Send)]
    async fn leaf(log: Log, x: u32) -> u32 {
        let _local = Noisy::new("leaf local", &log);
        if x % 2 == 0 {
            return x;
        }
        push(&log, "leaf awaits");
        let value = yield_once(x).await;
        push(&log, "leaf done");
        value
    }

    twins! {
        held_permit(dyn, ?Send): async fn f(log: Log, _permit: Noisy, x: u32) -> u32 {
            leaf(log, x).await
        }
    }

    twins! {
        held_guard(dyn, ?Send): async fn f(log: Log, guard_log: Log, x: u32) -> u32 {
            let _guard = Noisy { name: "guard", log: guard_log };
            leaf(log, x).await
        }
    }

    twins! {
        nothing_held(dyn, ?Send): async fn f(log: Log, x: u32) -> u32 {
            leaf(log, x).await
        }
    }

    twins! {
        moved_in(dyn, ?Send): async fn f(log: Log, permit: Noisy, x: u32) -> u32 {
            let forwarded = permit;
            via(log, forwarded, x).await
        }
    }

    /// Takes the permit over: it drops when this future completes.
    #[fast_async(dyn, ?Send)]
    async fn via(log: Log, permit: Noisy, x: u32) -> u32 {
        let value = leaf(log, x).await;
        drop(permit);
        value
    }

    #[test]
    fn a_held_permit_drops_when_the_plain_fn_drops_it() {
        for x in 0..4 {
            compare(
                x,
                |log| held_permit::fast(log.clone(), Noisy::new("permit", log), x),
                |log| held_permit::plain(log.clone(), Noisy::new("permit", log), x),
                x % 2 == 0,
            );
        }
    }

    #[test]
    fn a_held_guard_drops_when_the_plain_fn_drops_it() {
        for x in 0..4 {
            compare(
                x,
                |log| held_guard::fast(log.clone(), log.clone(), x),
                |log| held_guard::plain(log.clone(), log.clone(), x),
                x % 2 == 0,
            );
        }
    }

    #[test]
    fn nothing_held_same_log() {
        for x in 0..4 {
            compare(
                x,
                |log| nothing_held::fast(log.clone(), x),
                |log| nothing_held::plain(log.clone(), x),
                x % 2 == 0,
            );
            compare(
                x,
                |log| moved_in::fast(log.clone(), Noisy::new("permit", log), x),
                |log| moved_in::plain(log.clone(), Noisy::new("permit", log), x),
                x % 2 == 0,
            );
        }
    }

    /// The layer that holds a permit pays its continuation; the one that
    /// holds nothing does not: counted against the plain twin, which makes
    /// the same leaf's box and the same log entries.
    #[test]
    fn only_the_layer_that_holds_something_boxes() {
        let waker = noop_waker();
        let log = fast_async_tests::drops::new_log();
        // Warm the log's vector so that pushes do not reallocate.
        log.borrow_mut().reserve(64);
        let (_, nothing) = counted(&waker, || nothing_held::fast(log.clone(), 3));
        let (_, plain) = counted(&waker, || nothing_held::plain(log.clone(), 3));
        assert_eq!(nothing, plain, "nothing held: the leaf's allocations alone");
        let (_, permit) = counted(&waker, || {
            held_permit::fast(log.clone(), Noisy::new("permit", &log), 3)
        });
        let (_, plain) = counted(&waker, || {
            held_permit::plain(log.clone(), Noisy::new("permit", &log), 3)
        });
        assert_eq!(permit, plain + 1, "a permit held: one continuation");
    }
}

/// A tail whose awaited output is not the function's output type but
/// coerces to it compiles as the `async fn` does, and keeps its
/// continuation (the future handed on would have another type).
mod coercing_tail {
    use super::*;

    #[fast_async(dyn)]
    async fn number(x: u32) -> Box<u32> {
        if x % 2 == 0 {
            return Box::new(x);
        }
        Box::new(yield_once(x).await)
    }

    struct Holder {
        text: String,
    }

    #[fast_async(dyn)]
    async fn text(holder: &Holder, x: u32) -> &String {
        if x % 2 == 0 {
            return &holder.text;
        }
        yield_once(&holder.text).await
    }

    #[fast_async(dyn)]
    async fn forever() -> &'static str {
        "forever"
    }

    twins! {
        shown(dyn): async fn f(x: u32) -> Box<dyn Display + Send> {
            number(x).await
        }
    }

    twins! {
        as_str(dyn): async fn f(holder: &Holder, x: u32) -> &str {
            text(holder, x).await
        }
    }

    // The `&'static str` shortens to the argument's lifetime, as in the
    // `async fn`.
    twins! {
        shortened(dyn): async fn f(_holder: &Holder) -> &str {
            forever().await
        }
    }

    #[test]
    fn same_results_as_plain_async_fns() {
        let holder = Holder {
            text: "held".to_owned(),
        };
        for x in 0..4 {
            let fast = block_on(shown::fast(x)).to_string();
            assert_eq!(fast, block_on(shown::plain(x)).to_string());
            assert_eq!(shown::fast(x).is_ready(), x % 2 == 0);
            check(
                x,
                as_str::fast(&holder, x),
                as_str::plain(&holder, x),
                x % 2 == 0,
            );
        }
        check(0, shortened::fast(&holder), shortened::plain(&holder), true);
    }
}

/// A tail `x.await?` is no pass-through (the value is the `?`'s, not the
/// future's): the continuation stays, results unchanged.
mod try_tail {
    use super::*;

    #[fast_async(dyn)]
    async fn leaf(x: u32) -> Result<Result<u32, String>, String> {
        if x % 2 == 0 {
            return Ok(Ok(x));
        }
        Ok(Ok(yield_once(x).await))
    }

    twins! {
        tried(dyn): async fn f(x: u32) -> Result<u32, String> {
            leaf(x).await?
        }
    }

    #[test]
    fn same_results_and_one_continuation() {
        let waker = noop_waker();
        for x in 0..4 {
            check(x, tried::fast(x), tried::plain(x), x % 2 == 0);
        }
        assert_eq!(counted(&waker, || tried::fast(3)), (Ok(3), 2));
    }
}
