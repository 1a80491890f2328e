//! A panic in the synchronous part surfaces when the future is first
//! polled, as in the plain `async fn` (issue 10, item 2; with the runtime's
//! default `std` feature).
//!
//! The code an annotated function runs at the call can panic before its
//! first await. An `async fn` raises that panic from its first poll, so
//! `catch_unwind(AssertUnwindSafe(future))`, a task's `JoinError` and
//! panic-catching middleware all see it; an actor framework builds a
//! handler's future and then polls it under `catch_unwind` (ractor does),
//! and supervision hears of the panic. Here each case is written once and
//! emitted twice: `twins!` makes an annotated fn and its plain `async fn`
//! twin, `under_test!` a `#[fast_async]` trait and its `#[async_trait]` twin
//! (the code such frameworks use today). For every input, both must:
//! - not panic when the future is made;
//! - give the same output, or raise the same payload from the first poll
//!   (under `catch_unwind`, in a tokio task, and ractor's way);
//! - panic again if polled after that.
//!
//! The annotated future of a panicked call is not ready (`is_ready()`), so a
//! caller's `into_ready` fast path hands it back to be polled.

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use fast_async::{fast_async, FastFuture, MaybeReady};
use fast_async_tests::{noop_waker, yield_once};

/// The inputs of every case: 0 is a ready path, 1 and 7 box, from 100 on
/// the synchronous part panics.
const INPUTS: [u32; 5] = [0, 1, 7, 100, 150];

/// Panics for `x >= 100` (with a `String` payload, 100 to 119, or a
/// `&'static str` one, from 120).
fn check(x: u32) -> u32 {
    if x >= 120 {
        panic!("far too big");
    }
    assert!(x < 100, "too big: {x}");
    x
}

/// Emits the fns given once: annotated (`#[under_test]` stands for
/// `#[fast_async]`, `#[under_test(dyn)]` for `#[fast_async(dyn)]`) in `mod
/// fast`, and as plain `async fn`s in `mod plain`. Within each module the
/// fns call each other, so an annotated fn awaits annotated ones.
macro_rules! twins {
    ($(#[under_test $($args:tt)*] async fn $name:ident $params:tt -> $ret:ty $body:block)*) => {
        pub(crate) mod fast {
            #![allow(unused_imports)]
            use crate::*;
            $(#[::fast_async::fast_async $($args)*] pub(crate) async fn $name $params -> $ret $body)*
        }
        pub(crate) mod plain {
            #![allow(unused_imports)]
            use crate::*;
            $(pub(crate) async fn $name $params -> $ret $body)*
        }
    };
}

/// Emits the items given once under `#[fast_async]` (`mod fast`) and under
/// `#[async_trait]` (`mod plain`); `#[under_test]` stands for either.
macro_rules! under_test {
    ($($item:tt)*) => {
        pub(crate) mod fast {
            #![allow(unused_imports)]
            use crate::*;
            use ::fast_async::fast_async as under_test;
            $($item)*
        }
        pub(crate) mod plain {
            #![allow(unused_imports)]
            use crate::*;
            use ::async_trait::async_trait as under_test;
            $($item)*
        }
    };
}

// ---------------------------------------------------------------------------
// What a call gave, for comparing the twins.
// ---------------------------------------------------------------------------

/// A panic payload as text: its type and message.
fn describe(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<String>() {
        format!("String({message})")
    } else if let Some(message) = payload.downcast_ref::<&str>() {
        format!("&str({message})")
    } else {
        "another payload".to_owned()
    }
}

/// What making a future and polling it gave.
#[derive(Debug, PartialEq)]
struct Outcome {
    /// The output, or the panic of a poll.
    result: Result<u32, String>,
    /// After a panic: whether polling again panics too.
    repoll_panics: Option<bool>,
}

/// Makes the future with `make` (which must not panic), then polls it to
/// completion, each poll under `catch_unwind`; after a panic, polls once
/// more. `ready_at_call` gets the future before its first poll.
#[track_caller]
fn outcome<F: Future<Output = u32> + Unpin>(
    make: impl FnOnce() -> F,
    ready_at_call: impl FnOnce(&F),
) -> Outcome {
    let mut future = match catch_unwind(AssertUnwindSafe(make)) {
        Ok(future) => future,
        Err(payload) => panic!("making the future panicked: {}", describe(payload.as_ref())),
    };
    ready_at_call(&future);
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    for _ in 0..100 {
        match catch_unwind(AssertUnwindSafe(|| Pin::new(&mut future).poll(&mut cx))) {
            Ok(Poll::Ready(value)) => {
                return Outcome {
                    result: Ok(value),
                    repoll_panics: None,
                }
            }
            Ok(Poll::Pending) => {}
            Err(payload) => {
                let again =
                    catch_unwind(AssertUnwindSafe(|| Pin::new(&mut future).poll(&mut cx))).is_err();
                return Outcome {
                    result: Err(describe(payload.as_ref())),
                    repoll_panics: Some(again),
                };
            }
        }
    }
    panic!("the future is still pending after 100 polls");
}

/// Compares the twins over [`INPUTS`]; returns how many inputs panicked.
/// The annotated future is ready at the call for the inputs `ready` says,
/// never for one that panicked.
#[track_caller]
fn compare<A, P>(
    annotated: impl Fn(u32) -> A,
    plain: impl Fn(u32) -> P,
    ready: impl Fn(u32) -> bool,
) -> usize
where
    A: MaybeReady<Output = u32> + Unpin,
    P: Future<Output = u32>,
{
    let mut panicked = 0;
    for x in INPUTS {
        let expected = ready(x) && x < 100;
        let is_ready = |future: &A| assert_eq!(future.is_ready(), expected, "is_ready() of {x}");
        let fast = outcome(|| annotated(x), is_ready);
        let twin = outcome(|| Box::pin(plain(x)), |_| {});
        assert_eq!(fast, twin, "input {x}");
        panicked += usize::from(fast.result.is_err());
    }
    panicked
}

/// `tokio::spawn(f(x))`: a panic of `f`'s body is the task's, reported by
/// its `JoinError`, not the spawning code's. Returns the task's output or
/// its panic.
#[track_caller]
fn spawned<F>(make: impl FnOnce() -> F) -> Result<u32, String>
where
    F: Future<Output = u32> + Send + 'static,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a tokio runtime");
    let _context = runtime.enter();
    let handle = match catch_unwind(AssertUnwindSafe(|| tokio::spawn(make()))) {
        Ok(handle) => handle,
        Err(payload) => panic!("the spawning code panicked: {}", describe(payload.as_ref())),
    };
    runtime.block_on(handle).map_err(|error| {
        assert!(error.is_panic(), "{error}");
        describe(error.into_panic().as_ref())
    })
}

/// `futures`' `catch_unwind` combinator, as ractor runs a handler: each
/// poll of the inner future under `catch_unwind`.
struct CatchUnwind<F>(F);

impl<F: Future + Unpin> Future for CatchUnwind<F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catch_unwind(AssertUnwindSafe(|| Pin::new(&mut self.0).poll(cx))) {
            Ok(poll) => poll.map(Ok),
            Err(payload) => Poll::Ready(Err(describe(payload.as_ref()))),
        }
    }
}

// ---------------------------------------------------------------------------
// Free functions, opaque and dyn forms, every shape of synchronous part.
// ---------------------------------------------------------------------------

/// No await at all: everything runs at the call (rule 6).
mod no_await {
    twins! {
        #[under_test]
        async fn f(x: u32) -> u32 {
            if x == 0 {
                return 0;
            }
            check(x) + 1
        }
    }
}

/// A panic in the prefix, before a boxed remainder (rules 3 and 5).
mod prefix {
    twins! {
        #[under_test]
        async fn f(x: u32) -> u32 {
            if x == 0 {
                return 0;
            }
            let checked = check(x);
            if checked == 2 {
                return 2;
            }
            yield_once(checked).await + 1
        }
    }
}

/// A panic in a tail branch's statements (rule 4) and in its condition.
mod tail {
    twins! {
        #[under_test]
        async fn f(x: u32) -> u32 {
            match x {
                0 => 0,
                _ if check(x) == 7 => {
                    let y = check(x * 2);
                    yield_once(y).await
                }
                _ => yield_once(x).await,
            }
        }
    }
}

/// A panic in a `#[fast_async]` callee awaited with ready propagation
/// (rule 8): the callee's future holds it, so the caller boxes the rest and
/// the panic comes out of the first poll, through both.
mod propagation {
    twins! {
        #[under_test]
        async fn inner(x: u32) -> u32 {
            if x == 0 {
                return 0;
            }
            check(x) + 1
        }

        #[under_test]
        async fn f(x: u32) -> u32 {
            let y = inner(x).await;
            if y == 0 {
                return 0;
            }
            yield_once(y).await
        }
    }
}

/// The same shapes in the dyn form (`FastFuture`).
mod dyn_form {
    twins! {
        #[under_test(dyn)]
        async fn no_await(x: u32) -> u32 {
            if x == 0 {
                return 0;
            }
            check(x) + 1
        }

        #[under_test(dyn)]
        async fn prefix(x: u32) -> u32 {
            if x == 0 {
                return 0;
            }
            let checked = check(x);
            yield_once(checked).await + 1
        }

        #[under_test(dyn)]
        async fn tail_pass_through(x: u32) -> u32 {
            if x == 0 {
                return 0;
            }
            no_await(x).await
        }
    }
}

/// A body that can only panic (no value, no `return`): the future it
/// never returns still has a type, and the panic comes from the poll.
mod diverging {
    twins! {
        #[under_test]
        async fn opaque(x: u32) -> u32 {
            check(x);
            panic!("always");
        }

        #[under_test(dyn)]
        async fn dyn_form(x: u32) -> u32 {
            check(x);
            panic!("always");
        }
    }
}

#[test]
fn a_body_that_only_panics_panics_when_polled() {
    let never = |_| false;
    let inputs = INPUTS.len();
    assert_eq!(
        compare(diverging::fast::opaque, diverging::plain::opaque, never),
        inputs
    );
    assert_eq!(
        compare(diverging::fast::dyn_form, diverging::plain::dyn_form, never),
        inputs
    );
}

#[test]
fn a_panic_before_the_first_await_comes_from_the_first_poll() {
    let always = |_| true;
    let zero = |x| x == 0;
    assert_eq!(compare(no_await::fast::f, no_await::plain::f, always), 2);
    assert_eq!(compare(prefix::fast::f, prefix::plain::f, zero), 2);
    assert_eq!(compare(tail::fast::f, tail::plain::f, zero), 2);
    assert_eq!(
        compare(propagation::fast::f, propagation::plain::f, zero),
        2
    );
    assert_eq!(
        compare(dyn_form::fast::no_await, dyn_form::plain::no_await, always),
        2
    );
    assert_eq!(
        compare(dyn_form::fast::prefix, dyn_form::plain::prefix, zero),
        2
    );
    assert_eq!(
        compare(
            dyn_form::fast::tail_pass_through,
            dyn_form::plain::tail_pass_through,
            always
        ),
        2
    );
}

/// The payloads themselves, not only their text: the one raised at the
/// call is the one the poll resumes.
#[test]
fn the_payload_is_the_one_raised() {
    #[fast_async]
    async fn raise(x: u32) -> u32 {
        if x == 0 {
            return 0;
        }
        std::panic::panic_any(x);
    }
    let mut future = raise(42);
    let waker = noop_waker();
    let payload = catch_unwind(AssertUnwindSafe(|| {
        Pin::new(&mut future).poll(&mut Context::from_waker(&waker))
    }))
    .expect_err("the first poll panics");
    assert_eq!(payload.downcast_ref::<u32>(), Some(&42));
}

#[test]
fn a_spawned_task_reports_the_panic_in_its_join_error() {
    for x in INPUTS {
        let expected = spawned(|| prefix::plain::f(x));
        assert_eq!(spawned(|| prefix::fast::f(x)), expected, "opaque, {x}");
        assert_eq!(
            spawned(|| dyn_form::fast::prefix(x)),
            spawned(|| dyn_form::plain::prefix(x)),
            "dyn, {x}"
        );
        assert_eq!(
            spawned(|| no_await::fast::f(x)),
            spawned(|| no_await::plain::f(x)),
            "no await, {x}"
        );
    }
    assert_eq!(
        spawned(|| prefix::fast::f(100)),
        Err("String(too big: 100)".to_owned())
    );
}

// ---------------------------------------------------------------------------
// Traits through `&dyn`, against `#[async_trait]`: an actor's handlers.
// ---------------------------------------------------------------------------

mod actor {
    under_test! {
        #[under_test]
        pub(crate) trait Actor: Send + Sync {
            /// A handler that may panic before it awaits.
            async fn handle(&self, message: u32) -> u32;

            /// A default body that may panic before it awaits.
            async fn pre_start(&self, message: u32) -> u32 {
                if message == 0 {
                    return 0;
                }
                let checked = check(message);
                yield_once(checked).await
            }

            /// An owned receiver, for a `'static` future to spawn.
            async fn run(self: Arc<Self>, message: u32) -> u32;
        }

        pub(crate) struct Worker;

        #[under_test]
        impl Actor for Worker {
            async fn handle(&self, message: u32) -> u32 {
                if message == 0 {
                    return 0;
                }
                let checked = check(message);
                if checked == 1 {
                    return 1;
                }
                yield_once(checked).await + 1
            }

            async fn run(self: Arc<Self>, message: u32) -> u32 {
                if message == 0 {
                    return 0;
                }
                let checked = check(message);
                yield_once(checked).await
            }
        }
    }
}

#[test]
fn a_trait_method_through_dyn_panics_when_polled() {
    let fast: &dyn actor::fast::Actor = &actor::fast::Worker;
    let plain: &dyn actor::plain::Actor = &actor::plain::Worker;
    for x in INPUTS {
        let ready = |future: &FastFuture<'_, u32>| assert_eq!(future.is_ready(), x <= 1, "{x}");
        assert_eq!(
            outcome(|| fast.handle(x), ready),
            outcome(|| plain.handle(x), |_| {}),
            "handle({x})"
        );
        assert_eq!(
            outcome(|| fast.pre_start(x), |_| {}),
            outcome(|| plain.pre_start(x), |_| {}),
            "pre_start({x})"
        );
    }
}

/// ractor's shape: the handler's future is built first, then run under
/// `catch_unwind(AssertUnwindSafe(future))`; a panic before the handler's
/// first await must reach that `catch_unwind`, so supervision hears of it.
#[test]
fn a_handler_future_built_before_catch_unwind_reports_its_panic() {
    let fast: Box<dyn actor::fast::Actor> = Box::new(actor::fast::Worker);
    let plain: Box<dyn actor::plain::Actor> = Box::new(actor::plain::Worker);
    let mut panics = 0;
    for x in INPUTS {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a tokio runtime");
        // Built outside, awaited inside, as the actor loop does.
        let fast_future = fast.handle(x);
        let plain_future = plain.handle(x);
        let fast_result = runtime.block_on(CatchUnwind(AssertUnwindSafe(fast_future)));
        let plain_result = runtime.block_on(CatchUnwind(AssertUnwindSafe(plain_future)));
        assert_eq!(fast_result, plain_result, "handle({x})");
        panics += usize::from(fast_result.is_err());
    }
    assert_eq!(panics, 2);
}

#[test]
fn a_spawned_trait_method_reports_the_panic_in_its_join_error() {
    let fast: Arc<dyn actor::fast::Actor> = Arc::new(actor::fast::Worker);
    let plain: Arc<dyn actor::plain::Actor> = Arc::new(actor::plain::Worker);
    for x in INPUTS {
        assert_eq!(
            spawned(|| Arc::clone(&fast).run(x)),
            spawned(|| Arc::clone(&plain).run(x)),
            "run({x})"
        );
    }
    assert_eq!(
        spawned(|| Arc::clone(&fast).run(150)),
        Err("&str(far too big)".to_owned())
    );
}
