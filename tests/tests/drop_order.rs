//! When arguments and locals are dropped, and when the body's side effects
//! happen, compared with the plain `async fn` (DESIGN.md rules 3 and 5,
//! Known limits: "The prefix runs eagerly").
//!
//! Every event (a drop, a step of the body) is pushed to a shared log. A
//! [`trace`] records the log right after the call, after every poll, and
//! after the future is dropped, so that the annotated and the plain
//! function can be compared step by step:
//! - on a boxed path, what the annotated fn does at the call is a leading
//!   part of what the plain fn does in its first poll (rule 3's prefix, or
//!   with rule 8 everything before the first await), and from there the
//!   traces are equal: every argument is held by the box and dropped when
//!   the future completes, in the `async fn`'s order;
//! - on a ready path everything happens at the call: the annotated trace
//!   starts where the plain one ends, and polling changes nothing.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::{pin, Pin};
use std::task::{Context, Poll};

use fast_async::{fast_async, FastFuture, LocalFastFuture, MaybeReady};
use fast_async_tests::{noop_waker, poll_once, twins, twins_in_both_forms, yield_once};

use fast_async_tests::drops::{compare, new_log, push, trace, Log, Noisy};

// ---------------------------------------------------------------------------
// Argument drop order, on ready and boxed paths.
// ---------------------------------------------------------------------------

twins! { three_guards:
    /// No argument but `x` is mentioned by the prefix: `a`, `b`, `c` are moved
    /// into the box and dropped when it completes.
    async fn f(a: Noisy, b: Noisy, c: Noisy, x: u32) -> u32 {
        if x == 0 {
            return 0;
        }
        let local = Noisy::new("local", &b.log);
        push(&a.log, "before await");
        yield_once(()).await;
        push(&c.log, "after await");
        drop(local);
        x
    }
}

twins! { wildcards:
    /// `_` arguments live as long as the future, as in an `async fn`.
    async fn f(_: Noisy, log: Log, _: Noisy, x: u32) -> u32 {
        if x == 0 {
            return 0;
        }
        push(&log, "before await");
        yield_once(()).await;
        push(&log, "after await");
        x
    }
}

twins! { destructured:
    /// Destructured arguments, one of them with a `mut` binding.
    async fn f((first, second): (Noisy, Noisy), mut third: Vec<Noisy>, x: u32) -> usize {
        if x == 0 {
            return 0;
        }
        yield_once(()).await;
        third.pop();
        push(&first.log, format!("kept {}", second.name));
        third.len()
    }
}

// A tail `if` whose boxed branch holds every argument.
twins! { tail_branches:
    async fn f(_guard: Noisy, other: Noisy, x: u32) -> u32 {
        if x % 2 == 0 {
            x
        } else {
            yield_once(()).await;
            push(&other.log, "odd branch");
            x + 1
        }
    }
}

/// A method taking `self` by value, holding a guard field.
#[derive(Debug)]
struct Holder {
    _guard: Noisy,
    log: Log,
}

twins! {
    #[fast_async]
    impl Holder {
        async fn fa_consume / plain_consume(self, _extra: Noisy, x: u32) -> u32 {
            if x == 0 {
                return 0;
            }
            yield_once(()).await;
            push(&self.log, "consumed");
            x
        }
    }
}

#[test]
fn argument_drop_order_matches_the_async_fn() {
    for x in 0..3 {
        compare(
            ("three guards", x),
            |log| {
                three_guards::fast(
                    Noisy::new("a", log),
                    Noisy::new("b", log),
                    Noisy::new("c", log),
                    x,
                )
            },
            |log| {
                three_guards::plain(
                    Noisy::new("a", log),
                    Noisy::new("b", log),
                    Noisy::new("c", log),
                    x,
                )
            },
            x == 0,
        );
        compare(
            ("wildcards", x),
            |log| wildcards::fast(Noisy::new("a", log), log.clone(), Noisy::new("b", log), x),
            |log| wildcards::plain(Noisy::new("a", log), log.clone(), Noisy::new("b", log), x),
            x == 0,
        );
        compare(
            ("destructured", x),
            |log| {
                destructured::fast(
                    (Noisy::new("first", log), Noisy::new("second", log)),
                    vec![Noisy::new("v0", log), Noisy::new("v1", log)],
                    x,
                )
            },
            |log| {
                destructured::plain(
                    (Noisy::new("first", log), Noisy::new("second", log)),
                    vec![Noisy::new("v0", log), Noisy::new("v1", log)],
                    x,
                )
            },
            x == 0,
        );
        compare(
            ("tail branches", x),
            |log| tail_branches::fast(Noisy::new("guard", log), Noisy::new("other", log), x),
            |log| tail_branches::plain(Noisy::new("guard", log), Noisy::new("other", log), x),
            x % 2 == 0,
        );
        compare(
            ("self by value", x),
            |log| {
                let holder = Holder {
                    _guard: Noisy::new("self.guard", log),
                    log: log.clone(),
                };
                holder.fa_consume(Noisy::new("extra", log), x)
            },
            |log| {
                let holder = Holder {
                    _guard: Noisy::new("self.guard", log),
                    log: log.clone(),
                };
                holder.plain_consume(Noisy::new("extra", log), x)
            },
            x == 0,
        );
    }
}

// `b` is mentioned by the prefix and by the remainder: on the boxed path
// it is still dropped with the future, in the `async fn`'s order (here `c`,
// only held by the remainder, is declared after it).
twins! { used_both:
    async fn f(b: Noisy, c: Noisy, x: u32) -> usize {
        if b.name.len() as u32 == x {
            return 1;
        }
        let _local = Noisy::new("local", &b.log);
        yield_once(()).await;
        push(&b.log, format!("using {} and {}", b.name, c.name));
        2
    }
}

#[test]
fn arguments_used_by_prefix_and_remainder() {
    // `b.name.len()` is 1: x == 1 is the ready path.
    for x in [0, 1, 2] {
        compare(
            ("used by both", x),
            |log| used_both::fast(Noisy::new("b", log), Noisy::new("c", log), x),
            |log| used_both::plain(Noisy::new("b", log), Noisy::new("c", log), x),
            x == 1,
        );
    }
}

/// A guard the body never uses is held until the future completes, not
/// dropped at the call.
#[fast_async]
async fn fa_hold_permit(_permit: Noisy, log: Log, x: u32) -> u32 {
    if x == 0 {
        return 0;
    }
    yield_once(()).await;
    push(&log, "work done");
    x
}

#[test]
fn unused_guard_is_dropped_when_the_future_completes() {
    let log = new_log();
    let mut future = fa_hold_permit(Noisy::new("permit", &log), log.clone(), 5);
    assert!(!future.is_ready());
    assert!(log.borrow().is_empty(), "dropped at the call: {log:?}");
    assert!(poll_once(&mut future).is_pending());
    assert!(log.borrow().is_empty(), "dropped while pending: {log:?}");
    assert_eq!(poll_once(&mut future), Poll::Ready(5));
    assert_eq!(*log.borrow(), ["work done", "drop permit"]);
    drop(future);
    assert_eq!(log.borrow().len(), 2);

    // Dropping the pending future (cancellation) drops the guard then.
    let log = new_log();
    let mut future = fa_hold_permit(Noisy::new("permit", &log), log.clone(), 5);
    assert!(poll_once(&mut future).is_pending());
    assert!(log.borrow().is_empty());
    drop(future);
    assert_eq!(*log.borrow(), ["drop permit"]);

    // On the ready path there is no box to hold it: it goes at the call.
    let log = new_log();
    let future = fa_hold_permit(Noisy::new("permit", &log), log.clone(), 0);
    assert!(future.is_ready());
    assert_eq!(*log.borrow(), ["drop permit"]);
    assert_eq!(future.into_ready().ok(), Some(0));
}

#[test]
fn cancelled_futures_drop_like_the_async_fn() {
    for x in 1..3 {
        let annotated_log = new_log();
        let plain_log = new_log();
        let mut annotated = Box::pin(three_guards::fast(
            Noisy::new("a", &annotated_log),
            Noisy::new("b", &annotated_log),
            Noisy::new("c", &annotated_log),
            x,
        ));
        let mut plain = Box::pin(three_guards::plain(
            Noisy::new("a", &plain_log),
            Noisy::new("b", &plain_log),
            Noisy::new("c", &plain_log),
            x,
        ));
        assert!(poll_once(&mut annotated).is_pending());
        assert!(poll_once(&mut plain).is_pending());
        assert_eq!(annotated_log, plain_log);
        drop(annotated);
        drop(plain);
        assert_eq!(annotated_log, plain_log, "drops on cancellation");
        assert!(annotated_log.borrow().contains(&"drop local".to_owned()));
    }
}

/// Rule 5: an argument the prefix only reads (`key.name`) is held by the
/// boxed future until it completes, as in the `async fn` (it was once
/// dropped at the call).
#[fast_async]
async fn fa_mentioned_only_at_call(key: Noisy, log: Log) -> u32 {
    if key.name == "skip" {
        return 0;
    }
    yield_once(()).await;
    push(&log, "after await");
    1
}

#[test]
fn argument_read_by_the_prefix_is_held_until_completion() {
    let log = new_log();
    let mut future = fa_mentioned_only_at_call(Noisy::new("key", &log), log.clone());
    assert!(log.borrow().is_empty());
    assert!(poll_once(&mut future).is_pending());
    assert_eq!(poll_once(&mut future), Poll::Ready(1));
    assert_eq!(*log.borrow(), ["after await", "drop key"]);
}

// ---------------------------------------------------------------------------
// The eager prefix: its side effects happen at the call, before any poll;
// the rest only when polled.
// ---------------------------------------------------------------------------

twins! { eager:
    async fn f(log: Log, x: u32) -> u32 {
        push(&log, "prefix");
        if x == 0 {
            return 0;
        }
        push(&log, "after the last early exit");
        yield_once(()).await;
        push(&log, "after await");
        x
    }
}

twins! { eager_tail:
    /// Statements before a tail `if` run at the call; a boxed branch's own
    /// statements when polled.
    async fn f(log: Log, x: u32) -> u32 {
        push(&log, "before the tail");
        if x % 2 == 0 {
            push(&log, "ready branch");
            x
        } else {
            push(&log, "boxed branch");
            yield_once(()).await;
            push(&log, "after await");
            x + 1
        }
    }
}

/// The trace of the plain fn with its first snapshot (nothing happens at
/// the call of an `async fn`) replaced by what the annotated prefix does.
fn eager_expectation(plain: &[Vec<String>], at_call: &[&str]) -> Vec<Vec<String>> {
    let mut expected = plain.to_vec();
    expected[0] = at_call.iter().map(|s| s.to_string()).collect();
    expected
}

#[test]
fn prefix_runs_at_the_call_and_the_rest_when_polled() {
    for x in 0..2 {
        let plain_log = new_log();
        let plain = trace(&plain_log, eager::plain(plain_log.clone(), x));
        assert!(plain[0].is_empty(), "an async fn does nothing at the call");

        let log = new_log();
        let annotated = trace(&log, eager::fast(log.clone(), x));
        if x == 0 {
            assert!(annotated.iter().all(|s| s == &plain[plain.len() - 1]));
        } else {
            // At the call: everything before the first await (rule 8: the
            // await could have been on a ready future). Then, poll by poll,
            // as the plain fn.
            assert_eq!(
                annotated,
                eager_expectation(&plain, &["prefix", "after the last early exit"])
            );
        }
    }
    for x in 0..4 {
        let plain_log = new_log();
        let plain = trace(&plain_log, eager_tail::plain(plain_log.clone(), x));
        let log = new_log();
        let annotated = trace(&log, eager_tail::fast(log.clone(), x));
        if x % 2 == 0 {
            assert!(annotated.iter().all(|s| s == &plain[plain.len() - 1]));
        } else {
            // The boxed branch, too, runs at the call up to its first await.
            assert_eq!(
                annotated,
                eager_expectation(&plain, &["before the tail", "boxed branch"])
            );
        }
    }
}

/// A panic in the prefix (issue 10): the prefix runs at the call, and so
/// does its unwinding (the argument is dropped then); the panic itself comes
/// out of the first poll, as the plain `async fn`'s does (`panics.rs` has
/// the full comparison).
#[test]
fn prefix_panic_unwinds_at_the_call_and_surfaces_at_the_first_poll() {
    #[fast_async]
    async fn checked(guard: Noisy, x: u32) -> u32 {
        assert!(x < 10, "too big");
        if x == 0 {
            return 0;
        }
        push(&guard.log, "before await");
        yield_once(x).await
    }
    async fn plain_checked(guard: Noisy, x: u32) -> u32 {
        assert!(x < 10, "too big");
        if x == 0 {
            return 0;
        }
        push(&guard.log, "before await");
        yield_once(x).await
    }
    /// The first poll's panic message, and the log just after it.
    fn first_poll<F: Future<Output = u32>>(future: F, log: &Log) -> (String, Vec<String>) {
        let mut future = Box::pin(future);
        let waker = noop_waker();
        let payload = catch_unwind(AssertUnwindSafe(|| {
            let _ = future.as_mut().poll(&mut Context::from_waker(&waker));
        }))
        .expect_err("the first poll panics");
        let message = payload
            .downcast_ref::<&str>()
            .map_or_else(String::new, |message| (*message).to_owned());
        (message, log.borrow().clone())
    }

    let log = new_log();
    let future = catch_unwind(AssertUnwindSafe(|| checked(Noisy::new("guard", &log), 11)))
        .expect("no panic at the call");
    assert!(!future.is_ready());
    assert_eq!(*log.borrow(), ["drop guard"], "unwound at the call");
    let (message, after) = first_poll(future, &log);
    assert_eq!((message.as_str(), after.len()), ("too big", 1));

    let plain_log = new_log();
    let plain = plain_checked(Noisy::new("guard", &plain_log), 11);
    assert!(plain_log.borrow().is_empty());
    let (plain_message, plain_after) = first_poll(plain, &plain_log);
    assert_eq!(plain_message, message);
    assert_eq!(plain_after, after, "by the end of the first poll, the same");

    assert!(catch_unwind(|| drop(checked(Noisy::new("guard", &new_log()), 9))).is_ok());
}

// ---------------------------------------------------------------------------
// Polling after completion panics, on ready and boxed paths, both forms.
// ---------------------------------------------------------------------------

#[fast_async]
async fn opaque(x: u32) -> u32 {
    if x == 0 {
        return 0;
    }
    yield_once(x).await
}

#[fast_async(dyn)]
async fn dyn_send(x: u32) -> u32 {
    if x == 0 {
        return 0;
    }
    yield_once(x).await
}

#[fast_async(dyn, ?Send)]
async fn dyn_local(x: u32) -> u32 {
    if x == 0 {
        return 0;
    }
    yield_once(x).await
}

async fn plain(x: u32) -> u32 {
    if x == 0 {
        return 0;
    }
    yield_once(x).await
}

/// Polls `future` to completion, then once more: returns the panic message.
fn poll_after_completion<F: Future + Unpin>(mut future: F) -> Option<String> {
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    while Pin::new(&mut future).poll(&mut cx).is_pending() {}
    let panic = catch_unwind(AssertUnwindSafe(|| {
        let _ = Pin::new(&mut future).poll(&mut cx);
    }))
    .err()?;
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .or(Some(String::new()))
}

#[test]
fn polling_after_completion_panics() {
    for x in [0, 1] {
        let message = poll_after_completion(opaque(x)).expect("opaque form did not panic");
        assert!(
            message.contains("polled after completion") && message.contains("ReadyOrBoxed"),
            "{message}"
        );
        let future: FastFuture<'_, u32> = dyn_send(x);
        let message = poll_after_completion(future).expect("FastFuture did not panic");
        assert!(
            message.contains("polled after completion") && message.contains("FastFuture"),
            "{message}"
        );
        let future: LocalFastFuture<'_, u32> = dyn_local(x);
        let message = poll_after_completion(future).expect("LocalFastFuture did not panic");
        assert!(
            message.contains("polled after completion") && message.contains("LocalFastFuture"),
            "{message}"
        );
        // As the plain async fn does.
        assert!(poll_after_completion(Box::pin(plain(x))).is_some());
    }
}

/// The opaque future drops its box as soon as it has given its value, not
/// when the future itself is dropped.
#[test]
fn box_is_dropped_at_completion() {
    #[fast_async]
    async fn holds(_guard: Noisy, x: u32) -> u32 {
        if x == 0 {
            return 0;
        }
        yield_once(x).await
    }
    let log = new_log();
    let mut future = pin!(holds(Noisy::new("guard", &log), 3));
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    assert!(future.as_mut().poll(&mut cx).is_pending());
    assert!(log.borrow().is_empty());
    assert_eq!(future.as_mut().poll(&mut cx), Poll::Ready(3));
    assert_eq!(*log.borrow(), ["drop guard"], "still held after completion");
}

// A box whose tail keeps a temporary alive (a `match` on an awaited value):
// the `async fn` drops it before its arguments (in edition 2021 too, where
// a tail's temporaries outlive the locals); it once dropped after them.
twins! { tail_temporary_before_arguments:
    async fn f(guard: Noisy, log: Log, x: u32) -> usize {
        if x == 0 {
            return 0;
        }
        let local = Noisy::new("local", &log);
        match yield_once(Noisy::new("scrutinee", &log)).await {
            Noisy { name: "", .. } => 0,
            Noisy { name, .. } => {
                push(&log, "arm");
                name.len() + local.name.len() + guard.name.len()
            }
        }
    }
}

#[test]
fn a_tail_temporary_of_a_box_drops_before_the_arguments() {
    for x in 0..2 {
        compare(
            ("tail temporary", x),
            |log| tail_temporary_before_arguments::fast(Noisy::new("guard", log), log.clone(), x),
            |log| tail_temporary_before_arguments::plain(Noisy::new("guard", log), log.clone(), x),
            x == 0,
        );
    }
}

// ---------------------------------------------------------------------------
// What a boxed arm of a split tail binds (rule 4 with rule 5): held by its
// box until it completes, as the `async fn` holds it until the arm ends.
// ---------------------------------------------------------------------------

/// A value whose fields drop apart: an arm may capture only `name`.
#[derive(Debug)]
struct Pair {
    name: String,
    _other: Noisy,
}

fn pair(log: &Log) -> Option<Pair> {
    Some(Pair {
        name: "pair".to_owned(),
        _other: Noisy::new("other", log),
    })
}

/// Ready for even `x`, pending once for odd: a rule 8 point either way.
#[fast_async]
async fn step(x: u32) -> u32 {
    if x % 2 == 0 {
        return x;
    }
    yield_once(x).await
}

twins_in_both_forms! {
    dyn_form;
    arm_field_used: {
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        match opt {
            Some(v) => {
                step(x).await;
                push(&log, "arm end");
                v.name.len()
            }
            None => 0,
        }
    }
    }
    arm_field_used_split: {
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        match opt {
            Some(v) => {
                let n = yield_once(x).await + 1;
                push(&log, "arm end");
                v.name.len() + n as usize
            }
            None => 0,
        }
    }
    }
    arm_binding_read_at_call: {
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        match opt {
            Some(v) if x < 10 => {
                push(&log, v.name.clone());
                let n = yield_once(x).await;
                push(&log, "arm end");
                n as usize
            }
            _ => 0,
        }
    }
    }
    arm_binding_unused: {
    #[allow(unused_variables)]
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        match opt {
            Some(v) => {
                step(x).await;
                push(&log, "arm end");
                0
            }
            None => 0,
        }
    }
    }
    arm_mut_binding: {
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        match opt {
            Some(mut v) => {
                let n = yield_once(x).await;
                v.name.push('!');
                push(&log, "arm end");
                v.name.len() + n as usize
            }
            None => 0,
        }
    }
    }
    arm_mut_binding_point: {
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        match opt {
            Some(mut v) => {
                step(x).await;
                v.name.push('!');
                push(&log, "arm end");
                v.name.len()
            }
            None => 0,
        }
    }
    }
    arm_ref_binding: {
    async fn f(opt: &Option<Pair>, log: Log, x: u32) -> usize {
        match opt {
            Some(v) => {
                step(x).await;
                push(&log, "arm end");
                v.name.len()
            }
            None => 0,
        }
    }
    }
    arm_ref_pattern: {
        async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
            match opt {
                Some(ref v) => {
                    step(x).await;
                    push(&log, "arm end");
                    v.name.len()
                }
                None => 0,
            }
        }
    }
    if_let_field_used: {
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        if let Some(v) = opt {
            step(x).await;
            push(&log, "then end");
            v.name.len()
        } else {
            0
        }
    }
    }
    if_let_binding_unused: {
    #[allow(unused_variables)]
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        if let Some(v) = opt {
            let n = yield_once(x).await;
            push(&log, "then end");
            n as usize
        } else {
            0
        }
    }
    }
    if_let_mut_binding: {
    async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
        if let Some(mut v) = opt {
            let n = yield_once(x).await;
            v.name.push('!');
            push(&log, "then end");
            v.name.len() + n as usize
        } else {
            0
        }
    }
    }
}

/// Compares `$case::fast` and `dyn_form::$case::fast` with `$case::plain` for
/// `x` in 1..=4, called with `$arg` (built from the log), ready when
/// `$ready` (of `x`).
macro_rules! compare_arms {
    ($arg:expr, $ready:expr; $($case:ident),*) => {$(
        for x in 1..=4_u32 {
            let ready: bool = $ready(x);
            compare(
                (stringify!($case), "opaque", x),
                |log| $case::fast($arg(log), log.clone(), x),
                |log| $case::plain($arg(log), log.clone(), x),
                ready,
            );
            compare(
                (stringify!($case), "dyn", x),
                |log| dyn_form::$case::fast($arg(log), log.clone(), x),
                |log| $case::plain($arg(log), log.clone(), x),
                ready,
            );
        }
    )*};
}

// The plain fns drop `other` when the arm ends, after "arm end"; the
// annotated ones once dropped it at the call (an arm capturing only
// `v.name`, or nothing of `v`).

#[test]
fn a_boxed_arm_holds_a_binding_it_uses_part_of() {
    compare_arms!(pair, |x: u32| x % 2 == 0; arm_field_used);
    compare_arms!(pair, |_: u32| false; arm_field_used_split);
}

#[test]
fn a_boxed_arm_holds_a_binding_it_does_not_use() {
    compare_arms!(pair, |x: u32| x % 2 == 0; arm_binding_unused);
    compare_arms!(pair, |_: u32| false; arm_binding_read_at_call);
}

#[test]
fn a_boxed_arm_holds_a_mut_binding() {
    compare_arms!(pair, |x: u32| x % 2 == 0; arm_mut_binding_point);
    compare_arms!(pair, |_: u32| false; arm_mut_binding);
}

#[test]
fn a_boxed_if_let_holds_what_its_pattern_binds() {
    compare_arms!(pair, |x: u32| x % 2 == 0; if_let_field_used);
    compare_arms!(pair, |_: u32| false; if_let_binding_unused, if_let_mut_binding);
}

#[test]
fn a_reference_binding_is_held_as_before() {
    // Nothing to drop: the traces show the arm's steps only.
    let leaked = |log: &Log| -> &'static Option<Pair> { Box::leak(Box::new(pair(log))) };
    compare_arms!(leaked, |x: u32| x % 2 == 0; arm_ref_binding);
    // A `ref` binding into an argument: the tail is boxed whole (the box
    // could not hold the borrow beside the argument); it once failed to
    // compile (E0515).
    compare_arms!(pair, |_: u32| false; arm_ref_pattern);
}

// ---------------------------------------------------------------------------
// A tail branch's temporaries drop at the end of the branch (a terminating
// scope), before the locals bound outside it: a box made for the branch
// rebinds those before the block with the branch's tail.
// ---------------------------------------------------------------------------

twins_in_both_forms! {
    branch_dyn;
    branch_if: {
    async fn f(x: u32, log: Log) -> usize {
        let _local = Noisy::new("local", &log);
        if x > 0 {
            let n = yield_once(x).await;
            push(&log, "then end");
            Noisy::new("temporary", &log).name.len() + n as usize
        } else {
            0
        }
    }
    }
    branch_match: {
    async fn f(x: u32, log: Log) -> usize {
        let _local = Noisy::new("local", &log);
        match x {
            0 => 0,
            n => {
                let _arm = Noisy::new("arm", &log);
                let m = yield_once(n).await;
                push(&log, "arm end");
                Noisy::new("temporary", &log).name.len() + m as usize
            }
        }
    }
    }
    branch_match_binding: {
    async fn f(x: u32, log: Log) -> usize {
        let _local = Noisy::new("local", &log);
        let held = bound(x, &log);
        match held {
            Some(bound) => {
                let m = yield_once(x).await;
                push(&log, "arm end");
                Noisy::new("temporary", &log).name.len() + bound.name.len() + m as usize
            }
            None => 0,
        }
    }
    }
    branch_nested: {
    async fn f(x: u32, log: Log) -> usize {
        let _local = Noisy::new("local", &log);
        if x > 0 {
            let _branch = Noisy::new("branch", &log);
            if x > 1 {
                let _inner = Noisy::new("inner", &log);
                let n = yield_once(x).await;
                push(&log, "inner end");
                Noisy::new("temporary", &log).name.len() + n as usize
            } else {
                Noisy::new("else temporary", &log).name.len()
            }
        } else {
            0
        }
    }
    }
    branch_point: {
    async fn f(x: u32, log: Log) -> usize {
        let _local = Noisy::new("local", &log);
        if x > 0 {
            let _branch = Noisy::new("branch", &log);
            let n = step(x).await;
            push(&log, "then end");
            Noisy::new("temporary", &log).name.len() + n as usize
        } else {
            0
        }
    }
    }
    branch_scrutinee_point: {
    async fn f(x: u32, log: Log) -> usize {
        let _local = Noisy::new("local", &log);
        if x > 0 {
            let _branch = Noisy::new("branch", &log);
            match step(x).await {
                1 => Noisy::new("one temporary", &log).name.len(),
                n => {
                    push(&log, "arm end");
                    Noisy::new("temporary", &log).name.len() + n as usize
                }
            }
        } else {
            0
        }
    }
    }
    branch_shared_box: {
    async fn f(x: u32, log: Log) -> usize {
        let _local = Noisy::new("local", &log);
        match x {
            0 => 0,
            1 => {
                let n = yield_once(x).await;
                Noisy::new("one temporary", &log).name.len() + n as usize
            }
            _ => {
                let _arm = Noisy::new("arm", &log);
                let n = yield_once(x).await;
                Noisy::new("temporary", &log).name.len() + n as usize
            }
        }
    }
    }
}

/// `Some` for `x > 0`.
fn bound(x: u32, log: &Log) -> Option<Noisy> {
    (x > 0).then(|| Noisy::new("bound", log))
}

/// Compares `$case::fast` and `branch_dyn::$case::fast` with
/// `$case::plain` for `x` in 0..=4, ready when `$ready` (of `x`).
macro_rules! compare_branches {
    ($ready:expr; $($case:ident),*) => {$(
        for x in 0..=4_u32 {
            let ready: bool = $ready(x);
            compare(
                (stringify!($case), "opaque", x),
                |log| $case::fast(x, log.clone()),
                |log| $case::plain(x, log.clone()),
                ready,
            );
            compare(
                (stringify!($case), "dyn", x),
                |log| branch_dyn::$case::fast(x, log.clone()),
                |log| $case::plain(x, log.clone()),
                ready,
            );
        }
    )*};
}

#[test]
fn a_branch_tail_temporary_drops_before_the_outer_locals() {
    compare_branches!(|x: u32| x == 0; branch_if, branch_match);
    // (Boxed whole: a `match` on a local whose arm binds by value.)
    compare_branches!(|_: u32| false; branch_match_binding);
    compare_branches!(|x: u32| x == 0; branch_shared_box);
    // The branch's own locals drop before its tail's temporary (2021), the
    // outer ones after.
    let log = new_log();
    let future = branch_if::fast(1, log.clone());
    let _ = trace(&log, future);
    assert_eq!(*log.borrow(), ["then end", "drop temporary", "drop local"]);
}

#[test]
fn a_nested_branch_tail_temporary_drops_before_the_outer_locals() {
    compare_branches!(|x: u32| x <= 1; branch_nested);
}

#[test]
fn a_point_in_a_branch_keeps_the_branch_drop_order() {
    // `step` is ready for even `x` (rule 8 goes on at the call).
    compare_branches!(|x: u32| x % 2 == 0; branch_point, branch_scrutinee_point);
}
