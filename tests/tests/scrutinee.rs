//! Rule 8 on a tail's scrutinee (DESIGN.md): an await point that is the
//! whole scrutinee or condition of a tail `match`, `if let` or `if`
//! (optionally with `?`) is probed. Ready, the function goes on at the call
//! and the branches are split by rule 4; pending, one box awaits it and runs
//! the whole tail. Every mix of a ready or pending scrutinee and a ready or
//! awaiting branch is compared with the plain `async fn`: results, drop
//! logs, and allocations (this binary's counting allocator).

use std::future::Future;
use std::hint::black_box;
use std::task::Waker;

use fast_async::{fast_async, MaybeReady};
use fast_async_tests::drops::{new_log, push, Log, Noisy};
use fast_async_tests::{
    allocations, block_on_with, check, drive, noop_waker, twins, yield_once, CountingAllocator,
};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// Calls, then polls to completion; the output and the allocations made.
fn counted<F: Future>(waker: &Waker, call: impl FnOnce() -> F) -> (F::Output, u64) {
    allocations(|| block_on_with(waker, black_box(call())))
}

/// Compares an annotated future with its plain twin: the same output, and
/// ready exactly when the plain fn finishes in its first poll (every future
/// it awaited on its path was ready).
#[track_caller]
fn same<A, P>(input: impl std::fmt::Debug + Copy, annotated: A, plain: impl Fn() -> P)
where
    A: MaybeReady,
    P: Future<Output = A::Output>,
    A::Output: PartialEq + std::fmt::Debug,
{
    let (_, polls) = drive(plain());
    check(input, annotated, plain(), polls == 1);
}

/// Ready for even `x`, pending once for odd; `None` for multiples of 3.
#[fast_async]
async fn source(x: u64) -> Option<u64> {
    if x % 2 == 0 {
        return (x % 3 != 0).then_some(x);
    }
    yield_once((x % 3 != 0).then_some(x)).await
}

/// [`source`], failing for multiples of 5.
#[fast_async]
async fn load(x: u64) -> Result<Option<u64>, String> {
    if x % 5 == 0 {
        return Err(format!("no {x}"));
    }
    let found = source(x).await;
    Ok(found)
}

/// Ready for `x % 4 < 2`, pending once otherwise; `true` for odd `x`.
#[fast_async]
async fn allowed(x: u64) -> bool {
    if x % 4 < 2 {
        return x % 2 == 1;
    }
    yield_once(x % 2 == 1).await
}

/// [`allowed`], failing for multiples of 7.
#[fast_async]
async fn check_allowed(x: u64) -> Result<bool, String> {
    if x % 7 == 0 {
        return Err(format!("denied {x}"));
    }
    let granted = allowed(x).await;
    Ok(granted)
}

/// Ready for `x % 8 < 4`, pending once otherwise.
#[fast_async]
async fn leaf(x: u64) -> u64 {
    if x % 8 < 4 {
        return x + 1000;
    }
    yield_once(x + 2000).await
}

twins! { match_option, dyn:
    async fn f(x: u64) -> u64 {
        match source(x).await {
            Some(v) => v,
            None => yield_once(x + 100).await,
        }
    }
}

twins! { match_try, dyn:
    async fn f(x: u64) -> Result<u64, String> {
        match load(x).await? {
            Some(v) if v > 40 => Ok(v),
            Some(v) => {
                let w = leaf(v).await;
                Ok(w + 1)
            }
            None => Ok(0),
        }
    }
}

twins! { match_wildcard_awaits, dyn:
    async fn f(x: u64) -> u64 {
        match source(x).await {
            Some(7) => 7,
            Some(v) => leaf(v).await,
            // `Option<u64>` has no drop glue: no box needs to hold it, so
            // this branch is split as by rule 4 (ready when `leaf` is).
            _ => leaf(x + 1).await,
        }
    }
}

twins! { if_let, dyn:
    async fn f(x: u64) -> u64 {
        if let Some(v) = source(x).await {
            v * 2
        } else {
            yield_once(x).await
        }
    }
}

twins! { if_let_try, dyn:
    async fn f(x: u64) -> Result<u64, String> {
        if let Some(v) = load(x).await? {
            let w = leaf(v).await;
            Ok(w + v)
        } else {
            Ok(3)
        }
    }
}

twins! { if_let_without_else, dyn:
    async fn f(x: u64, log: &std::sync::Mutex<Vec<u64>>) {
        if let Some(v) = source(x).await {
            let w = leaf(v).await;
            log.lock().unwrap().push(w);
        }
    }
}

twins! { if_bool, dyn:
    async fn f(x: u64) -> u64 {
        if allowed(x).await {
            x
        } else {
            leaf(x).await
        }
    }
}

twins! { if_bool_without_else, dyn:
    async fn f(x: u64, log: &std::sync::Mutex<Vec<u64>>) {
        if allowed(x).await {
            let w = leaf(x).await;
            log.lock().unwrap().push(w);
        }
    }
}

twins! { if_bool_try, dyn:
    async fn f(x: u64) -> Result<u64, String> {
        if check_allowed(x).await? {
            let w = leaf(x).await;
            Ok(w)
        } else if x > 30 {
            Ok(1)
        } else {
            Ok(yield_once(2).await)
        }
    }
}

twins! { nested, dyn:
    async fn f(x: u64) -> u64 {
        let base = x / 2;
        match source(x).await {
            Some(v) => match source(v + base).await {
                Some(w) => w,
                None => leaf(v).await,
            },
            None => 5,
        }
    }
}

#[test]
fn every_mix_matches_the_plain_fn() {
    for x in 0..100 {
        same(x, match_option::fast(x), || match_option::plain(x));
        same(x, match_option::fast_dyn(x), || match_option::plain(x));
        same(x, match_try::fast(x), || match_try::plain(x));
        same(x, match_try::fast_dyn(x), || match_try::plain(x));
        same(x, match_wildcard_awaits::fast(x), || {
            match_wildcard_awaits::plain(x)
        });
        same(x, match_wildcard_awaits::fast_dyn(x), || {
            match_wildcard_awaits::plain(x)
        });
        same(x, if_let::fast(x), || if_let::plain(x));
        same(x, if_let::fast_dyn(x), || if_let::plain(x));
        same(x, if_let_try::fast(x), || if_let_try::plain(x));
        same(x, if_let_try::fast_dyn(x), || if_let_try::plain(x));
        same(x, if_bool::fast(x), || if_bool::plain(x));
        same(x, if_bool::fast_dyn(x), || if_bool::plain(x));
        // Unit outputs: the logs must match too (the plain fn runs twice).
        macro_rules! logged {
            ($($fast:expr, $plain:expr;)*) => {$(
                let annotated = std::sync::Mutex::new(Vec::new());
                let plain = std::sync::Mutex::new(Vec::new());
                same(x, $fast(x, &annotated), || $plain(x, &plain));
                let annotated = annotated.into_inner().unwrap();
                assert_eq!([annotated.clone(), annotated].concat(), plain.into_inner().unwrap());
            )*};
        }
        logged! {
            if_let_without_else::fast, if_let_without_else::plain;
            if_let_without_else::fast_dyn, if_let_without_else::plain;
            if_bool_without_else::fast, if_bool_without_else::plain;
            if_bool_without_else::fast_dyn, if_bool_without_else::plain;
        }
        same(x, if_bool_try::fast(x), || if_bool_try::plain(x));
        same(x, if_bool_try::fast_dyn(x), || if_bool_try::plain(x));
        same(x, nested::fast(x), || nested::plain(x));
        same(x, nested::fast_dyn(x), || nested::plain(x));
    }
}

// ---------------------------------------------------------------------------
// Drop order: the scrutinee value lives until the tail ends, as in the
// `async fn` (in a box when a branch awaits).
// ---------------------------------------------------------------------------

/// A value with droppable parts.
#[derive(Debug)]
enum Val {
    Small(Noisy),
    Big(Noisy),
    Nothing,
}

/// Ready for even `x`, pending once for odd; `Small`, `Big` or `Nothing` by
/// `x % 3`; logs when it is made.
#[fast_async]
async fn noisy(x: u64, log: &Log) -> Val {
    push(log, "made");
    let value = match x % 3 {
        0 => Val::Small(Noisy::new("small", log)),
        1 => Val::Big(Noisy::new("big", log)),
        _ => Val::Nothing,
    };
    if x % 2 == 0 {
        return value;
    }
    yield_once(value).await
}

/// [`noisy`] as an `Option`, failing for multiples of 5.
#[fast_async]
async fn noisy_option(x: u64, log: &Log) -> Result<Option<Noisy>, String> {
    if x % 5 == 0 {
        return Err("five".to_owned());
    }
    let value = noisy(x, log).await;
    Ok(match value {
        Val::Small(n) | Val::Big(n) => Some(n),
        Val::Nothing => None,
    })
}

/// The same case in the opaque form and in the dyn form (`?Send`: the log
/// is an `Rc`).
macro_rules! both_forms {
    ($opaque:ident, $dyn:ident: $($case:tt)*) => {
        twins! { $opaque: $($case)* }
        twins! { $dyn(dyn, ?Send): $($case)* }
    };
}

both_forms! { by_ref_opaque, by_ref_dyn:
    /// Ready branches read the value by reference; a branch that awaits
    /// and binds nothing holds the whole value in its box.
    async fn f(x: u64, log: &Log, _guard: Noisy) -> usize {
        let _local = Noisy::new("local", log);
        match noisy(x, log).await {
            Val::Small(ref small) => small.name.len(),
            Val::Big(_) => {
                push(log, "big branch");
                yield_once(()).await;
                push(log, "big branch done");
                3
            }
            Val::Nothing => 0,
        }
    }
}

both_forms! { moved_opaque, moved_dyn:
    /// A branch that awaits moves the whole value into its binding.
    async fn f(x: u64, log: &Log, _guard: Noisy) -> Result<usize, String> {
        let _local = Noisy::new("local", log);
        match noisy_option(x, log).await? {
            Some(value) if value.name == "small" => Ok(1),
            Some(value) => {
                let _inner = Noisy::new("inner", log);
                yield_once(()).await;
                push(log, "awaited");
                Ok(value.name.len())
            }
            None => Ok(0),
        }
    }
}

both_forms! { if_let_opaque, if_let_dyn:
    /// `if let`: the `else` sees the whole value, held by its box.
    async fn f(x: u64, log: &Log, _guard: Noisy) -> usize {
        let _local = Noisy::new("local", log);
        if let Val::Small(ref small) = noisy(x, log).await {
            small.name.len()
        } else {
            push(log, "else");
            yield_once(()).await;
            push(log, "else done");
            9
        }
    }
}

both_forms! { ref_awaits_opaque, ref_awaits_dyn:
    /// A branch that awaits with a borrow into the value: not a point
    /// (the box could not hold the borrow beside the value); boxed whole.
    async fn f(x: u64, log: &Log, _guard: Noisy) -> usize {
        match noisy(x, log).await {
            Val::Small(ref small) | Val::Big(ref small) => {
                yield_once(()).await;
                small.name.len()
            }
            Val::Nothing => 0,
        }
    }
}

/// Compares the traces of the annotated fn and the plain fn (see
/// `drops::compare`): on a ready path, everything at the call; on a boxed
/// one, a leading part of the plain fn's first poll at the call, then the
/// same step by step.
#[track_caller]
fn same_drops(
    input: &str,
    annotated: &[Vec<String>],
    ready: bool,
    plain: &[Vec<String>],
    always_boxed: bool,
) {
    let plain_ready = plain.len() == 3 && !always_boxed;
    assert_eq!(ready, plain_ready, "is_ready() for {input}: {plain:?}");
    if ready {
        let done = plain.last().expect("a trace has snapshots");
        assert!(
            annotated.iter().all(|snapshot| snapshot == done),
            "ready path of {input}\n annotated: {annotated:?}\n     plain: {plain:?}"
        );
    } else {
        assert!(
            plain[1].starts_with(&annotated[0]),
            "boxed path of {input}: at the call\n annotated: {annotated:?}\n     plain: {plain:?}"
        );
        assert_eq!(annotated[1..], plain[1..], "boxed path of {input}");
    }
}

/// [`same_drops`] for each `x`, on the modules' `fast` and `plain` fns
/// (`boxed:` when the shape is not a point: the body is boxed whole).
macro_rules! check_drops {
    (boxed: $($module:ident),*) => { check_drops!(@ true, $($module),*) };
    ($($module:ident),*) => { check_drops!(@ false, $($module),*) };
    (@ $always_boxed:expr, $($module:ident),*) => {$(
        for x in 0..30 {
            let annotated_log = new_log();
            let future = $module::fast(x, &annotated_log, Noisy::new("guard", &annotated_log));
            let ready = future.is_ready();
            let annotated = fast_async_tests::drops::trace(&annotated_log, future);
            let plain_log = new_log();
            let plain = fast_async_tests::drops::trace(
                &plain_log,
                $module::plain(x, &plain_log, Noisy::new("guard", &plain_log)),
            );
            let input = format!("{} {x}", stringify!($module));
            same_drops(&input, &annotated, ready, &plain, $always_boxed);
        }
    )*};
}

#[test]
fn the_scrutinee_value_drops_when_the_tail_ends() {
    check_drops!(
        by_ref_opaque,
        by_ref_dyn,
        moved_opaque,
        moved_dyn,
        if_let_opaque,
        if_let_dyn
    );
}

#[test]
fn a_borrow_into_the_value_across_an_await_is_no_point() {
    check_drops!(boxed: ref_awaits_opaque, ref_awaits_dyn);
}

// ---------------------------------------------------------------------------
// Allocations: ready scrutinee and ready branch, none; a pending scrutinee,
// exactly one box from the function itself.
// ---------------------------------------------------------------------------

twins! { counted_match, dyn:
    async fn f(x: u64) -> u64 {
        match source(x).await {
            Some(v) => v,
            None => {
                let w = leaf(x).await;
                w + 1
            }
        }
    }
}

twins! { counted_if_let_try, dyn:
    async fn f(x: u64) -> Result<u64, String> {
        if let Some(v) = load(x).await? {
            Ok(v)
        } else {
            let w = leaf(x).await;
            Ok(w)
        }
    }
}

twins! { not_maybe_ready, dyn:
    /// `YieldOnce` cannot say it is ready: always pending, made in the box.
    async fn f(x: u64) -> u64 {
        match yield_once(x % 3).await {
            0 => 0,
            r => leaf(r).await,
        }
    }
}

#[test]
fn ready_paths_allocate_nothing_and_a_pending_scrutinee_boxes_once() {
    let waker = noop_waker();
    for x in 1..60 {
        let source_pending = x % 2 == 1;
        let none = x % 3 == 0;
        let leaf_pending = x % 8 >= 4;
        // `source`'s own box when pending, then this fn's one box; on the
        // ready path, a pending `leaf` boxes itself and one continuation.
        let expected = if source_pending {
            2 + u64::from(none && leaf_pending)
        } else {
            2 * u64::from(none && leaf_pending)
        };
        let plain = block_on_with(&waker, counted_match::plain(x));
        assert_eq!(
            counted(&waker, || counted_match::fast(x)),
            (plain, expected),
            "x = {x}"
        );
        assert_eq!(
            counted(&waker, || counted_match::fast_dyn(x)),
            (plain, expected),
            "x = {x}"
        );

        // `load` is ready or pending as `source` (its own continuation
        // boxes when `source` does); a multiple of 5 is a ready `Err` (its
        // message is one `String`).
        let plain = block_on_with(&waker, counted_if_let_try::plain(x));
        let expected = if x % 5 == 0 {
            1
        } else if source_pending {
            3 + u64::from(none && leaf_pending)
        } else {
            2 * u64::from(none && leaf_pending)
        };
        assert_eq!(
            counted(&waker, || counted_if_let_try::fast(x)),
            (plain.clone(), expected),
            "x = {x}"
        );
        assert_eq!(
            counted(&waker, || counted_if_let_try::fast_dyn(x)),
            (plain, expected),
            "x = {x}"
        );

        // A `_` branch on a value without drop glue, ready all the way.
        if !source_pending && none && (x + 1) % 8 < 4 {
            let plain = block_on_with(&waker, match_wildcard_awaits::plain(x));
            assert_eq!(
                counted(&waker, || match_wildcard_awaits::fast(x)),
                (plain, 0)
            );
            assert_eq!(
                counted(&waker, || match_wildcard_awaits::fast_dyn(x)),
                (plain, 0)
            );
        }

        // Only this fn's box, plus `leaf`'s own when it is pending.
        let plain = block_on_with(&waker, not_maybe_ready::plain(x));
        let expected = 1 + u64::from(x % 3 != 0 && (x % 3) % 8 >= 4);
        assert_eq!(
            counted(&waker, || not_maybe_ready::fast(x)),
            (plain, expected),
            "x = {x}"
        );
        assert_eq!(
            counted(&waker, || not_maybe_ready::fast_dyn(x)),
            (plain, expected),
            "x = {x}"
        );
    }
}

// ---------------------------------------------------------------------------
// A trait's default methods through `&dyn`, against `#[async_trait]`.
// ---------------------------------------------------------------------------

/// The same trait and impl under `#[fast_async]` and `#[async_trait]`.
macro_rules! store {
    ($module:ident, $($attr:tt)*) => {
        mod $module {
            use super::*;

            #[$($attr)*]
            pub(crate) trait Store: Send + Sync {
                async fn get(&self, key: u64) -> Option<u64>;

                async fn load(&self, key: u64) -> u64;

                async fn allowed(&self, user: u64) -> bool;

                async fn fetch(&self, key: u64) -> Result<Option<u64>, String>;

                async fn get_or_load(&self, key: u64) -> u64 {
                    match self.get(key).await {
                        Some(value) => value,
                        None => self.load(key).await,
                    }
                }

                async fn cached_double(&self, key: u64) -> u64 {
                    if let Some(value) = self.get(key).await {
                        value * 2
                    } else {
                        let loaded = self.load(key).await;
                        loaded + 1
                    }
                }

                async fn greet(&self, user: u64) -> u64 {
                    if self.allowed(user).await {
                        user
                    } else {
                        self.load(user).await
                    }
                }

                async fn fetch_or_zero(&self, key: u64) -> Result<u64, String> {
                    match self.fetch(key).await? {
                        Some(value) => Ok(value),
                        None => Ok(0),
                    }
                }
            }

            pub(crate) struct Memory;

            #[$($attr)*]
            impl Store for Memory {
                async fn get(&self, key: u64) -> Option<u64> {
                    if key % 2 == 0 {
                        return (key % 3 != 0).then_some(key);
                    }
                    yield_once((key % 3 != 0).then_some(key)).await
                }

                async fn load(&self, key: u64) -> u64 {
                    if key % 8 < 4 {
                        return key + 1000;
                    }
                    yield_once(key + 2000).await
                }

                async fn allowed(&self, user: u64) -> bool {
                    if user % 4 < 2 {
                        return user % 2 == 1;
                    }
                    yield_once(user % 2 == 1).await
                }

                async fn fetch(&self, key: u64) -> Result<Option<u64>, String> {
                    if key % 5 == 0 {
                        return Err(format!("no {key}"));
                    }
                    let found = self.get(key).await;
                    Ok(found)
                }
            }
        }
    };
}

store!(fast_store, fast_async::fast_async);
store!(boxed_store, async_trait::async_trait);

#[test]
fn default_methods_through_dyn_match_async_trait() {
    let fast: &dyn fast_store::Store = &fast_store::Memory;
    let boxed: &dyn boxed_store::Store = &boxed_store::Memory;
    let waker = noop_waker();
    for key in 0..60 {
        let get_ready = key % 2 == 0;
        let load_ready = key % 8 < 4;
        let none = key % 3 == 0;
        let allowed_ready = key % 4 < 2;
        let allowed = key % 2 == 1;

        let expected = block_on_with(&waker, boxed.get_or_load(key));
        let (output, count) = counted(&waker, || fast.get_or_load(key));
        assert_eq!(output, expected, "get_or_load({key})");
        assert_eq!(
            fast.get_or_load(key).is_ready(),
            get_ready && (!none || load_ready)
        );
        if get_ready && !none {
            assert_eq!(
                count, 0,
                "get_or_load({key}): a ready hit allocates nothing"
            );
        }
        if !get_ready {
            // `get`'s box, this method's one box, and `load`'s if pending.
            assert_eq!(
                count,
                2 + u64::from(none && !load_ready),
                "get_or_load({key})"
            );
        }

        let expected = block_on_with(&waker, boxed.cached_double(key));
        let (output, count) = counted(&waker, || fast.cached_double(key));
        assert_eq!(output, expected, "cached_double({key})");
        assert_eq!(
            fast.cached_double(key).is_ready(),
            get_ready && (!none || load_ready)
        );
        if get_ready && (!none || load_ready) {
            assert_eq!(count, 0, "cached_double({key})");
        }

        let expected = block_on_with(&waker, boxed.greet(key));
        assert_eq!(
            block_on_with(&waker, fast.greet(key)),
            expected,
            "greet({key})"
        );
        assert_eq!(
            fast.greet(key).is_ready(),
            allowed_ready && (allowed || load_ready),
            "greet({key})"
        );

        let expected = block_on_with(&waker, boxed.fetch_or_zero(key));
        let (output, count) = counted(&waker, || fast.fetch_or_zero(key));
        assert_eq!(output, expected, "fetch_or_zero({key})");
        assert_eq!(
            fast.fetch_or_zero(key).is_ready(),
            key % 5 == 0 || get_ready
        );
        if get_ready && key % 5 != 0 {
            assert_eq!(count, 0, "fetch_or_zero({key})");
        }
    }
}

// ---------------------------------------------------------------------------
// Shapes found trying it as a user.
// ---------------------------------------------------------------------------

twins! { or_patterns, dyn:
    /// An or-pattern with a leading `|` and a guard; one whose branch
    /// awaits, bound on both sides (its bindings are held by the box).
    async fn f(x: u64) -> u64 {
        match pair(x).await {
            | Ok(v) | Err(v) if v > 40 => v,
            Ok(v) | Err(v) => leaf(v).await,
        }
    }
}

/// Ready for even `x`: `Ok(x)` for multiples of 4, else `Err(x)`.
#[fast_async]
async fn pair(x: u64) -> Result<u64, u64> {
    let value = if x % 4 == 0 { Ok(x) } else { Err(x) };
    if x % 2 == 0 {
        return value;
    }
    yield_once(value).await
}

struct Named {
    name: String,
}

// Every branch coerces `&String` to `&str`, in the ready path and in the
// boxes.
twins! {
    impl Named {
        #[fast_async]
        async fn label / plain_label(&self, x: u64) -> &str {
            match source(x).await {
                Some(1) => &self.name,
                Some(_) => "some",
                _ => {
                    yield_once(()).await;
                    &self.name
                }
            }
        }
    }
}

#[test]
fn shapes_found_as_a_user() {
    let named = Named {
        name: "named".to_owned(),
    };
    for x in 0..40 {
        same(x, or_patterns::fast(x), || or_patterns::plain(x));
        same(x, or_patterns::fast_dyn(x), || or_patterns::plain(x));
        same(x, named.label(x), || named.plain_label(x));
    }
}
