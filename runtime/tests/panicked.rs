//! A panic of a function's synchronous part (`fast_async::__private::catch`,
//! what every `#[fast_async]` body runs in): with the `std` feature it is
//! caught at the call and held by the future, which is not ready, resumes
//! the same payload at its first poll, and then behaves as a spent future;
//! without `std` it unwinds from the call.
//!
//! Each case is written once, for the three future types, by `each_form!`.

// `catch`'s closures are written as `#[fast_async]` emits them: the
// arguments bound by the arm of a one-arm `match`.
#![allow(clippy::match_single_binding)]

mod support;

use std::cell::RefCell;
use std::fmt::Debug;
use std::future::Pending;

use fast_async::__private::{catch, Panicked};
use fast_async::{FastFuture, LocalFastFuture, MaybeReady, ReadyOrBoxed};

use support::*;

/// The futures a function returns, as the tests need them.
trait Form: MaybeReady<Output = u32> + Panicked + Unpin + Debug + Sized {
    /// The message of a poll after completion.
    #[cfg_attr(not(feature = "std"), allow(dead_code))]
    const SPENT: &'static str;
    fn ready(value: u32) -> Self;
}

impl Form for ReadyOrBoxed<u32, Pending<u32>> {
    const SPENT: &'static str = "`fast_async::ReadyOrBoxed` polled after completion";
    fn ready(value: u32) -> Self {
        ReadyOrBoxed::ready(value)
    }
}

impl Form for FastFuture<'static, u32> {
    const SPENT: &'static str = "`fast_async::FastFuture` polled after completion";
    fn ready(value: u32) -> Self {
        FastFuture::ready(value)
    }
}

impl Form for LocalFastFuture<'static, u32> {
    const SPENT: &'static str = "`fast_async::LocalFastFuture` polled after completion";
    fn ready(value: u32) -> Self {
        LocalFastFuture::ready(value)
    }
}

/// Writes `$test::<Form>` as one `#[test]` per future type.
macro_rules! each_form {
    ($($test:ident),* $(,)?) => {
        mod opaque {
            $(#[test] fn $test() { super::$test::<fast_async::ReadyOrBoxed<u32, std::future::Pending<u32>>>() })*
        }
        mod fast_future {
            $(#[test] fn $test() { super::$test::<fast_async::FastFuture<'static, u32>>() })*
        }
        mod local_fast_future {
            $(#[test] fn $test() { super::$test::<fast_async::LocalFastFuture<'static, u32>>() })*
        }
    };
}

fn catch_gives_the_future_back_when_nothing_panics<F: Form>() {
    let future: F = catch(move || match (7,) {
        (x,) => F::ready(x * 2),
    });
    assert!(future.is_ready());
    assert_eq!(future.into_ready().ok(), Some(14));
}

/// The arguments bound by the arm of `catch`'s `match`, as `#[fast_async]`
/// emits it: what the body leaves is dropped at its end, last argument
/// first, as an `async fn` drops its arguments (captured by the closure,
/// they would drop first first).
fn arguments_drop_last_first_at_the_end_of_the_call<F: Form>() {
    let log = RefCell::new(Vec::new());
    struct Logged<'a>(&'static str, &'a RefCell<Vec<&'static str>>);
    impl Drop for Logged<'_> {
        fn drop(&mut self) {
            self.1.borrow_mut().push(self.0);
        }
    }
    let arguments = (Logged("a", &log), Logged("b", &log));
    let log = &log;
    let future: F = catch(move || match arguments {
        (_a, _b) => {
            log.borrow_mut().push("body");
            F::ready(1)
        }
    });
    assert_eq!(*log.borrow(), ["body", "b", "a"]);
    assert!(future.is_ready());
}

#[cfg(feature = "std")]
mod with_std {
    use std::any::Any;
    use std::panic::{self, AssertUnwindSafe};

    use super::*;

    /// The payload of a panic raised by `f`.
    fn payload(f: impl FnOnce()) -> Box<dyn Any + Send> {
        panic::catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic")
    }

    fn panicking<F: Form>() -> F {
        catch(|| -> F { panic!("in the synchronous part") })
    }

    fn a_panic_is_not_raised_at_the_call<F: Form>() {
        let future = panic::catch_unwind(panicking::<F>).expect("no panic at the call");
        assert!(!future.is_ready());
        let future = future
            .into_ready()
            .expect_err("a panicked future has no value: it comes back");
        assert!(!future.is_ready());
    }

    fn the_first_poll_resumes_it_and_the_next_says_spent<F: Form>() {
        let waker = TestWaker::new();
        let mut future: F = panicking();
        let message = panic_message(|| {
            let _ = waker.poll(&mut future);
        });
        assert_eq!(message, "in the synchronous part");
        // As an `async fn` polled after its panic panics ("resumed after
        // panicking"), this one panics as a spent future.
        let message = panic_message(|| {
            let _ = waker.poll(&mut future);
        });
        assert_eq!(message, F::SPENT);
        assert_eq!(waker.wakes(), 0);
    }

    /// Not a copy: the payload raised at the call, whatever its type.
    fn the_payload_is_resumed_as_it_was_raised<F: Form>() {
        #[derive(Debug, PartialEq)]
        struct Token(u64);
        let mut future: F = catch(|| -> F { panic::panic_any(Token(42)) });
        let waker = TestWaker::new();
        let resumed = payload(|| {
            let _ = waker.poll(&mut future);
        });
        assert_eq!(resumed.downcast_ref::<Token>(), Some(&Token(42)));
    }

    /// Dropped unpolled, the future drops the payload (no leak); until
    /// then it holds it.
    fn an_unpolled_panicked_future_drops_its_payload<F: Form>() {
        let flag = DropFlag::new();
        let guard = flag.guard();
        let future: F = catch(move || -> F { panic::panic_any(guard) });
        assert!(!flag.is_dropped());
        drop(future);
        assert!(flag.is_dropped());
    }

    /// Arguments the body held are dropped while unwinding, at the call.
    fn arguments_are_dropped_while_unwinding<F: Form>() {
        let flag = DropFlag::new();
        let guard = flag.guard();
        let future: F = catch(move || -> F {
            match (guard,) {
                (_guard,) => panic!("boom"),
            }
        });
        assert!(flag.is_dropped());
        assert!(!future.is_ready());
    }

    /// `into_fast_future` and `into_local_fast_future` keep the panic.
    fn conversions_keep_the_panic<F: Form + Send + 'static>() {
        let waker = TestWaker::new();
        let mut fast = panicking::<F>().into_fast_future();
        assert!(!fast.is_ready());
        let message = panic_message(|| {
            let _ = waker.poll(&mut fast);
        });
        assert_eq!(message, "in the synchronous part");

        let mut local = panicking::<F>().into_local_fast_future();
        assert!(!local.is_ready());
        let message = panic_message(|| {
            let _ = waker.poll(&mut local);
        });
        assert_eq!(message, "in the synchronous part");
    }

    fn a_panic_after_the_future_is_made_is_caught_too<F: Form>() {
        // The future is made, then something panics before it is returned.
        let future: F = catch(|| -> F {
            let _made = F::ready(1);
            panic!("after")
        });
        assert!(!future.is_ready());
    }

    each_form!(
        a_panic_is_not_raised_at_the_call,
        the_first_poll_resumes_it_and_the_next_says_spent,
        the_payload_is_resumed_as_it_was_raised,
        an_unpolled_panicked_future_drops_its_payload,
        arguments_are_dropped_while_unwinding,
        a_panic_after_the_future_is_made_is_caught_too,
    );

    // `LocalFastFuture` is never `Send`: it converts only to itself.
    mod conversions {
        use super::*;

        #[test]
        fn opaque() {
            conversions_keep_the_panic::<ReadyOrBoxed<u32, Pending<u32>>>();
        }

        #[test]
        fn fast_future() {
            conversions_keep_the_panic::<FastFuture<'static, u32>>();
        }

        #[test]
        fn into_box_keeps_the_panic() {
            let waker = TestWaker::new();
            for mut boxed in [
                panicking::<FastFuture<'static, u32>>().into_box(),
                panicking::<FastFuture<'static, u32>>()
                    .into_local_fast_future()
                    .into_box(),
            ] {
                let message = panic_message(|| {
                    let _ = waker.poll(&mut boxed);
                });
                assert_eq!(message, "in the synchronous part");
            }
        }
    }

    #[test]
    fn debug_says_panicked_for_the_opaque_form() {
        let future: ReadyOrBoxed<u32, Pending<u32>> = panicking();
        assert_eq!(format!("{future:?}"), "ReadyOrBoxed(Panicked)");
    }

    /// An `async fn` whose body panics: what the forms imitate.
    #[test]
    fn as_an_async_fn_does() {
        async fn plain() -> u32 {
            panic!("in the synchronous part")
        }
        let waker = TestWaker::new();
        let mut future = Box::pin(plain());
        let message = panic_message(|| {
            let _ = waker.poll(&mut future);
        });
        assert_eq!(message, "in the synchronous part");
        let message = panic_message(|| {
            let _ = waker.poll(&mut future);
        });
        assert!(message.contains("resumed after panicking"), "{message}");
    }
}

/// Without `std` there is no `catch_unwind`: the panic unwinds from the call
/// (`cargo test -p fast-async --no-default-features`).
#[cfg(not(feature = "std"))]
mod without_std {
    use super::*;

    fn a_panic_unwinds_from_the_call<F: Form>() {
        let message = panic_message(|| {
            drop(catch(|| -> F { panic!("at the call") }));
        });
        assert_eq!(message, "at the call");
    }

    each_form!(a_panic_unwinds_from_the_call);
}

each_form!(
    catch_gives_the_future_back_when_nothing_panics,
    arguments_drop_last_first_at_the_end_of_the_call,
);
