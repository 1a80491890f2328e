//! Behaviour of the runtime's future types, method by method: `ReadyOrBoxed`
//! (the opaque form), `FastFuture` and `LocalFastFuture` (the dyn form, one
//! set of tests for both), and every `MaybeReady` impl, `core::future::Ready`
//! included.
//!
//! Each type is checked on its ready path (value there at once, no poll, no
//! waker) and its boxed path (a future that is pending once, then ready); for
//! the box being dropped as soon as the value is out, before the outer future
//! is dropped; and for the panic when polled after completion.

mod support;

use std::task::Poll;

use fast_async::{FastFuture, LocalFastFuture, MaybeReady, ReadyOrBoxed};

use support::*;

/// The opaque form's concrete type.
mod ready_or_boxed {
    use std::future::{self, Future, Pending};
    use std::pin::Pin;
    use std::rc::Rc;
    use std::task::Context;

    use super::*;

    const SPENT: &str = "`fast_async::ReadyOrBoxed` polled after completion";

    /// The `F` of a `ReadyOrBoxed` that is only ever ready.
    type Never<T> = Pending<T>;

    #[test]
    fn ready_is_ready_and_gives_its_value_without_polling() {
        let future = ReadyOrBoxed::<String, Never<String>>::ready("hit".to_owned());
        assert!(future.is_ready());
        assert_eq!(future.into_ready().ok().as_deref(), Some("hit"));
    }

    #[test]
    fn boxed_is_not_ready_even_if_its_future_would_complete_at_once() {
        let future = ReadyOrBoxed::boxed(future::ready(5_u32));
        assert!(!future.is_ready());
        let future = future
            .into_ready()
            .expect_err("a boxed future has no value before it is polled");
        assert_eq!(block_on(future), 5);
    }

    #[test]
    fn ready_completes_on_the_first_poll_without_waking() {
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::<u32, Never<u32>>::ready(7);
        assert_eq!(waker.poll(&mut future), Poll::Ready(7));
        assert_eq!(waker.wakes(), 0);
    }

    #[test]
    fn boxed_is_pending_once_then_ready_and_forwards_the_waker() {
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::boxed(pending_once(9_u32));
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.wakes(), 1, "the boxed future got the caller's waker");
        assert!(!future.is_ready());
        assert_eq!(waker.poll(&mut future), Poll::Ready(9));
    }

    #[test]
    fn boxed_async_block_that_is_not_unpin_completes() {
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::boxed(async { pending_once(2_u32).await * 10 });
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(20));
    }

    #[test]
    fn into_ready_of_a_pending_future_keeps_its_progress() {
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::boxed(pending_once(3_u32));
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        let mut future = future.into_ready().expect_err("still pending");
        // One more poll finishes it: the first poll was not lost.
        assert_eq!(waker.poll(&mut future), Poll::Ready(3));
    }

    #[test]
    fn box_is_dropped_by_the_completing_poll() {
        let flag = DropFlag::new();
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::boxed(Guarded::new(pending_once(4_u32), flag.guard()));
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert!(!flag.is_dropped(), "a pending future keeps its box");
        assert_eq!(waker.poll(&mut future), Poll::Ready(4));
        assert!(
            flag.is_dropped(),
            "the box must go as soon as the value is out"
        );
        drop(future);
    }

    #[test]
    fn dropping_a_pending_future_drops_its_box() {
        let flag = DropFlag::new();
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::boxed(Guarded::new(pending_once(()), flag.guard()));
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert!(!flag.is_dropped());
        drop(future);
        assert!(flag.is_dropped());
    }

    #[test]
    fn ready_value_is_dropped_once_whether_taken_or_not() {
        let untaken = DropFlag::new();
        let future = ReadyOrBoxed::<Guard, Never<Guard>>::ready(untaken.guard());
        drop(future);
        assert!(
            untaken.is_dropped(),
            "an unpolled ready future drops its value"
        );

        let taken = DropFlag::new();
        let mut future = ReadyOrBoxed::<Guard, Never<Guard>>::ready(taken.guard());
        let Poll::Ready(value) = TestWaker::new().poll(&mut future) else {
            panic!("a ready future is ready at the first poll");
        };
        drop(future);
        assert!(!taken.is_dropped(), "the value was moved out, not dropped");
        drop(value);
        assert!(taken.is_dropped());
    }

    #[test]
    fn completed_future_is_not_ready() {
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::<u32, Never<u32>>::ready(1);
        assert_eq!(waker.poll(&mut future), Poll::Ready(1));
        assert!(!future.is_ready());
        assert!(future.into_ready().is_err());
    }

    #[test]
    fn polling_a_completed_ready_future_panics_naming_the_type() {
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::<u32, Never<u32>>::ready(1);
        assert_eq!(waker.poll(&mut future), Poll::Ready(1));
        let message = panic_message(|| {
            let _ = waker.poll(&mut future);
        });
        assert_eq!(message, SPENT);
    }

    #[test]
    fn polling_a_completed_boxed_future_panics_naming_the_type() {
        let waker = TestWaker::new();
        let mut future = ReadyOrBoxed::boxed(pending_once(1_u32));
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(1));
        let message = panic_message(|| {
            let _ = waker.poll(&mut future);
        });
        assert_eq!(message, SPENT);
    }

    #[test]
    fn a_panic_in_the_boxed_future_drops_the_box_and_leaves_it_spent() {
        let flag = DropFlag::new();
        let guard = flag.guard();
        let mut future = ReadyOrBoxed::boxed(async move {
            let _guard = guard;
            panic!("inner panic")
        });
        let waker = TestWaker::new();
        let message = panic_message(|| {
            let _: Poll<()> = waker.poll(&mut future);
        });
        assert_eq!(message, "inner panic");
        assert!(flag.is_dropped());
        let message = panic_message(|| {
            let _ = waker.poll(&mut future);
        });
        assert_eq!(message, SPENT);
    }

    /// A future that is not `Debug`, for `F`.
    struct NotDebugFuture;

    impl Future for NotDebugFuture {
        type Output = Opaque;

        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Opaque> {
            Poll::Ready(Opaque(1))
        }
    }

    #[test]
    fn debug_shows_the_state_with_neither_t_nor_f_debug() {
        let mut ready = ReadyOrBoxed::<Opaque, NotDebugFuture>::ready(Opaque(1));
        assert_eq!(format!("{ready:?}"), "ReadyOrBoxed(Ready)");
        let boxed = ReadyOrBoxed::boxed(NotDebugFuture);
        assert_eq!(format!("{boxed:?}"), "ReadyOrBoxed(Boxed)");
        assert!(TestWaker::new().poll(&mut ready).is_ready());
        assert_eq!(format!("{ready:?}"), "ReadyOrBoxed(Spent)");
    }

    #[test]
    fn ready_is_usable_in_a_const() {
        const READY: ReadyOrBoxed<u32, Never<u32>> = ReadyOrBoxed::ready(4);
        assert!(READY.is_ready());
        assert_eq!(READY.into_ready().ok(), Some(4));
    }

    #[test]
    fn holds_futures_and_values_that_are_not_send() {
        let shared = Rc::new(6_u32);
        let inner = Rc::clone(&shared);
        let future = ReadyOrBoxed::boxed(async move { Rc::new(*inner + 1) });
        assert_eq!(*block_on(future), 7);
        let ready = ReadyOrBoxed::<Rc<u32>, Never<Rc<u32>>>::ready(shared);
        assert_eq!(ready.into_ready().ok().as_deref(), Some(&6));
    }

    #[test]
    fn awaits_in_an_async_block() {
        let sum = block_on(async {
            ReadyOrBoxed::<u32, Never<u32>>::ready(1).await
                + ReadyOrBoxed::boxed(async { pending_once(2_u32).await }).await
        });
        assert_eq!(sum, 3);
    }
}

/// `FastFuture` and `LocalFastFuture` share their whole API (one macro writes
/// both in the runtime); so do their tests. `$($send)?` is the auto trait of
/// the boxed `dyn Future`.
macro_rules! dyn_form_tests {
    ($module:ident, $Form:ident $(, $send:ident)?) => {
        mod $module {
            use std::future::{self, Future};
            use std::pin::Pin;

            use super::*;

            /// The box type `from_box` takes and `into_box` gives.
            type DynBox<'a, T> = Pin<Box<dyn Future<Output = T> $(+ $send)? + 'a>>;

            const SPENT: &str =
                concat!("`fast_async::", stringify!($Form), "` polled after completion");

            #[test]
            fn ready_is_ready_and_gives_its_value_without_polling() {
                let future = $Form::ready("hit".to_owned());
                assert!(future.is_ready());
                assert_eq!(future.into_ready().ok().as_deref(), Some("hit"));
            }

            #[test]
            fn boxed_is_not_ready_even_if_its_future_would_complete_at_once() {
                let future = $Form::boxed(future::ready(5_u32));
                assert!(!future.is_ready());
                let future = future
                    .into_ready()
                    .expect_err("a boxed future has no value before it is polled");
                assert_eq!(block_on(future), 5);
            }

            #[test]
            fn from_box_is_not_ready_and_completes() {
                let boxed: DynBox<'_, u32> = Box::pin(pending_once(6));
                let future = $Form::from_box(boxed);
                assert!(!future.is_ready());
                let future = future.into_ready().expect_err("still pending");
                assert_eq!(block_on(future), 6);
            }

            #[test]
            fn ready_completes_on_the_first_poll_without_waking() {
                let waker = TestWaker::new();
                let mut future = $Form::ready(7_u32);
                assert_eq!(waker.poll(&mut future), Poll::Ready(7));
                assert_eq!(waker.wakes(), 0);
            }

            #[test]
            fn boxed_is_pending_once_then_ready_and_forwards_the_waker() {
                let waker = TestWaker::new();
                let mut future = $Form::boxed(pending_once(9_u32));
                assert_eq!(waker.poll(&mut future), Poll::Pending);
                assert_eq!(waker.wakes(), 1, "the boxed future got the caller's waker");
                assert!(!future.is_ready());
                assert_eq!(waker.poll(&mut future), Poll::Ready(9));
            }

            #[test]
            fn from_box_of_an_async_block_is_pending_once_then_ready() {
                let waker = TestWaker::new();
                let boxed: DynBox<'_, u32> = Box::pin(async { pending_once(2_u32).await * 10 });
                let mut future = $Form::from_box(boxed);
                assert_eq!(waker.poll(&mut future), Poll::Pending);
                assert_eq!(waker.wakes(), 1);
                assert_eq!(waker.poll(&mut future), Poll::Ready(20));
            }

            #[test]
            fn into_ready_of_a_pending_future_keeps_its_progress() {
                let waker = TestWaker::new();
                let mut future = $Form::boxed(pending_once(3_u32));
                assert_eq!(waker.poll(&mut future), Poll::Pending);
                let mut future = future.into_ready().expect_err("still pending");
                // One more poll finishes it: the first poll was not lost.
                assert_eq!(waker.poll(&mut future), Poll::Ready(3));
            }

            #[test]
            fn box_is_dropped_by_the_completing_poll() {
                let flag = DropFlag::new();
                let waker = TestWaker::new();
                let mut future = $Form::boxed(Guarded::new(pending_once(4_u32), flag.guard()));
                assert_eq!(waker.poll(&mut future), Poll::Pending);
                assert!(!flag.is_dropped(), "a pending future keeps its box");
                assert_eq!(waker.poll(&mut future), Poll::Ready(4));
                assert!(flag.is_dropped(), "the box must go as soon as the value is out");
                drop(future);
            }

            #[test]
            fn box_from_from_box_is_dropped_by_the_completing_poll() {
                let flag = DropFlag::new();
                let waker = TestWaker::new();
                let boxed: DynBox<'_, u32> =
                    Box::pin(Guarded::new(pending_once(4_u32), flag.guard()));
                let mut future = $Form::from_box(boxed);
                assert_eq!(waker.poll(&mut future), Poll::Pending);
                assert!(!flag.is_dropped());
                assert_eq!(waker.poll(&mut future), Poll::Ready(4));
                assert!(flag.is_dropped(), "the box must go as soon as the value is out");
                drop(future);
            }

            #[test]
            fn dropping_a_pending_future_drops_its_box() {
                let flag = DropFlag::new();
                let waker = TestWaker::new();
                let mut future = $Form::boxed(Guarded::new(pending_once(()), flag.guard()));
                assert_eq!(waker.poll(&mut future), Poll::Pending);
                assert!(!flag.is_dropped());
                drop(future);
                assert!(flag.is_dropped());
            }

            #[test]
            fn ready_value_is_dropped_once_whether_taken_or_not() {
                let untaken = DropFlag::new();
                drop($Form::ready(untaken.guard()));
                assert!(untaken.is_dropped(), "an unpolled ready future drops its value");

                let taken = DropFlag::new();
                let mut future = $Form::ready(taken.guard());
                let Poll::Ready(value) = TestWaker::new().poll(&mut future) else {
                    panic!("a ready future is ready at the first poll");
                };
                drop(future);
                assert!(!taken.is_dropped(), "the value was moved out, not dropped");
                drop(value);
                assert!(taken.is_dropped());
            }

            #[test]
            fn completed_future_is_not_ready() {
                let waker = TestWaker::new();
                let mut future = $Form::ready(1_u32);
                assert_eq!(waker.poll(&mut future), Poll::Ready(1));
                assert!(!future.is_ready());
                assert!(future.into_ready().is_err());
            }

            #[test]
            fn polling_a_completed_ready_future_panics_naming_the_type() {
                let waker = TestWaker::new();
                let mut future = $Form::ready(1_u32);
                assert_eq!(waker.poll(&mut future), Poll::Ready(1));
                let message = panic_message(|| {
                    let _ = waker.poll(&mut future);
                });
                assert_eq!(message, SPENT);
            }

            #[test]
            fn polling_a_completed_boxed_future_panics_naming_the_type() {
                let waker = TestWaker::new();
                let mut future = $Form::boxed(pending_once(1_u32));
                assert_eq!(waker.poll(&mut future), Poll::Pending);
                assert_eq!(waker.poll(&mut future), Poll::Ready(1));
                let message = panic_message(|| {
                    let _ = waker.poll(&mut future);
                });
                assert_eq!(message, SPENT);
            }

            #[test]
            fn polling_a_completed_from_box_future_panics_naming_the_type() {
                let waker = TestWaker::new();
                let boxed: DynBox<'_, u32> = Box::pin(future::ready(1));
                let mut future = $Form::from_box(boxed);
                assert_eq!(waker.poll(&mut future), Poll::Ready(1));
                let message = panic_message(|| {
                    let _ = waker.poll(&mut future);
                });
                assert_eq!(message, SPENT);
            }

            /// The box is polled in place (no swap on every poll, see
            /// benches/RESULTS.md): after a panic inside it, the future stays
            /// in the box, which says so if polled again.
            #[test]
            fn a_panic_in_the_boxed_future_leaves_it_to_say_so() {
                let flag = DropFlag::new();
                let guard = flag.guard();
                let mut future = $Form::boxed(async move {
                    let _guard = guard;
                    panic!("inner panic")
                });
                let waker = TestWaker::new();
                let message = panic_message(|| {
                    let _: Poll<()> = waker.poll(&mut future);
                });
                assert_eq!(message, "inner panic");
                assert!(flag.is_dropped(), "unwinding dropped what the future held");
                let message = panic_message(|| {
                    let _ = waker.poll(&mut future);
                });
                assert!(message.contains("resumed after panicking"), "{message}");
            }

            #[test]
            fn into_box_of_a_ready_future_boxes_its_value() {
                let waker = TestWaker::new();
                let mut boxed: DynBox<'_, String> = $Form::ready("value".to_owned()).into_box();
                assert_eq!(waker.poll(&mut boxed), Poll::Ready("value".to_owned()));
                assert_eq!(waker.wakes(), 0);
            }

            #[test]
            fn into_box_of_a_pending_future_gives_back_the_same_box() {
                let waker = TestWaker::new();
                // Not zero-sized, so that the box has an address of its own.
                let boxed: DynBox<'_, u64> = Box::pin(pending_once(8));
                let address = data_ptr(&*boxed);

                let unpolled = $Form::from_box(boxed).into_box();
                assert_eq!(data_ptr(&*unpolled), address, "unpolled: same box");

                let mut future = $Form::from_box(unpolled);
                assert_eq!(waker.poll(&mut future), Poll::Pending);
                let mut polled = future.into_box();
                assert_eq!(data_ptr(&*polled), address, "polled once: same box");
                assert_eq!(waker.poll(&mut polled), Poll::Ready(8));
            }

            #[test]
            fn into_box_of_a_boxed_future_completes_with_its_value() {
                let boxed: DynBox<'_, u32> = $Form::boxed(pending_once(5_u32)).into_box();
                assert_eq!(block_on(boxed), 5);
            }

            #[test]
            fn into_box_of_a_completed_future_panics_when_polled() {
                let waker = TestWaker::new();
                let mut future = $Form::ready(1_u32);
                assert_eq!(waker.poll(&mut future), Poll::Ready(1));
                let mut boxed = future.into_box();
                let message = panic_message(|| {
                    let _ = waker.poll(&mut boxed);
                });
                assert_eq!(message, SPENT);
            }

            #[test]
            fn debug_shows_ready_or_boxed_without_t_being_debug() {
                let ready = $Form::ready(Opaque(1));
                assert_eq!(format!("{ready:?}"), concat!(stringify!($Form), "(Ready)"));
                let boxed = $Form::boxed(async { Opaque(2) });
                assert_eq!(format!("{boxed:?}"), concat!(stringify!($Form), "(Boxed)"));
                assert!(block_on(boxed) == Opaque(2));
            }

            #[test]
            fn ready_is_usable_in_a_const() {
                const READY: $Form<'static, u32> = $Form::ready(4);
                assert!(READY.is_ready());
                assert_eq!(READY.into_ready().ok(), Some(4));
            }

            #[test]
            fn awaits_in_an_async_block() {
                let sum = block_on(async {
                    $Form::ready(1_u32).await
                        + $Form::boxed(async { pending_once(2_u32).await }).await
                });
                assert_eq!(sum, 3);
            }

            #[test]
            fn borrows_for_its_lifetime() {
                let owner = String::from("borrowed");
                let ready: $Form<'_, &str> = $Form::ready(owner.as_str());
                assert_eq!(ready.into_ready().ok(), Some("borrowed"));
                let boxed: $Form<'_, usize> = $Form::boxed(async { owner.len() });
                assert_eq!(block_on(boxed), 8);
            }
        }
    };
}

dyn_form_tests!(fast_future, FastFuture, Send);
dyn_form_tests!(local_fast_future, LocalFastFuture);

/// What only the local flavour allows: futures and values that are not `Send`.
mod local_fast_future_not_send {
    use std::rc::Rc;

    use super::*;

    #[test]
    fn holds_futures_and_values_that_are_not_send() {
        let shared = Rc::new(6_u32);
        let inner = Rc::clone(&shared);
        let future: LocalFastFuture<'_, Rc<u32>> =
            LocalFastFuture::boxed(async move { Rc::new(*pending_once(inner).await + 1) });
        assert_eq!(*block_on(future), 7);
        let ready = LocalFastFuture::ready(shared);
        assert_eq!(ready.into_ready().ok().as_deref(), Some(&6));
    }
}

/// Every `MaybeReady` impl, reached through the trait (generic helpers, so
/// that no inherent method of the same name is picked instead).
mod maybe_ready {
    use std::future::{self, Pending, Ready};
    use std::rc::Rc;

    use super::*;

    fn is_ready<M: MaybeReady>(future: &M) -> bool {
        future.is_ready()
    }

    fn into_ready<M: MaybeReady>(future: M) -> Result<M::Output, M> {
        future.into_ready()
    }

    fn to_fast<'a, M: MaybeReady + Send + 'a>(future: M) -> FastFuture<'a, M::Output> {
        future.into_fast_future()
    }

    fn to_local<'a, M: MaybeReady + 'a>(future: M) -> LocalFastFuture<'a, M::Output> {
        future.into_local_fast_future()
    }

    /// `future` (already ready) is ready through the trait, gives `value`
    /// through the trait, and stays ready (no box) through both conversions.
    fn check_ready<M, T>(make: impl Fn() -> M, value: T)
    where
        M: MaybeReady<Output = T> + Send + 'static,
        T: PartialEq + std::fmt::Debug,
    {
        assert!(is_ready(&make()));
        assert_eq!(into_ready(make()).ok(), Some(value));

        let fast = to_fast(make());
        assert!(
            fast.is_ready(),
            "into_fast_future keeps a ready value ready"
        );
        assert!(fast.into_ready().is_ok());

        let local = to_local(make());
        assert!(
            local.is_ready(),
            "into_local_fast_future keeps a ready value ready"
        );
        assert!(local.into_ready().is_ok());
    }

    /// `make(guard)` (a future that is pending once, then 11) is not ready
    /// through the trait, and both conversions give a future that is pending
    /// once, then 11, and drops the inner box at completion.
    fn check_pending<M>(make: impl Fn(Guard) -> M)
    where
        M: MaybeReady<Output = u32> + Send + 'static,
    {
        let flag = DropFlag::new();
        let pending = make(flag.guard());
        assert!(!is_ready(&pending));
        let pending = into_ready(pending).expect_err("pending through the trait");
        assert_eq!(block_on(pending), 11);
        assert!(flag.is_dropped());

        let waker = TestWaker::new();
        let flag = DropFlag::new();
        let mut fast = to_fast(make(flag.guard()));
        assert!(!fast.is_ready());
        assert_eq!(waker.poll(&mut fast), Poll::Pending);
        assert_eq!(waker.poll(&mut fast), Poll::Ready(11));
        assert!(
            flag.is_dropped(),
            "into_fast_future: box dropped at completion"
        );
        assert_eq!(waker.wakes(), 1);

        let waker = TestWaker::new();
        let flag = DropFlag::new();
        let mut local = to_local(make(flag.guard()));
        assert!(!local.is_ready());
        assert_eq!(waker.poll(&mut local), Poll::Pending);
        assert_eq!(waker.poll(&mut local), Poll::Ready(11));
        assert!(
            flag.is_dropped(),
            "into_local_fast_future: box dropped at completion"
        );
        assert_eq!(waker.wakes(), 1);
    }

    #[test]
    fn ready_or_boxed_ready() {
        check_ready(
            || ReadyOrBoxed::<String, Pending<String>>::ready("ready".to_owned()),
            "ready".to_owned(),
        );
    }

    #[test]
    fn ready_or_boxed_pending() {
        check_pending(|guard| ReadyOrBoxed::boxed(Guarded::new(pending_once(11), guard)));
    }

    #[test]
    fn fast_future_ready() {
        check_ready(|| FastFuture::ready("ready".to_owned()), "ready".to_owned());
    }

    #[test]
    fn fast_future_pending() {
        check_pending(|guard| FastFuture::boxed(Guarded::new(pending_once(11), guard)));
    }

    #[test]
    fn core_future_ready() {
        check_ready(|| future::ready("ready".to_owned()), "ready".to_owned());
    }

    // `LocalFastFuture` is never `Send`, so it has only the local conversion
    // (and the local checks cover the futures that are not `Send`).

    #[test]
    fn local_fast_future_ready() {
        let make = || LocalFastFuture::ready(Rc::new(12_u32));
        assert!(is_ready(&make()));
        assert_eq!(into_ready(make()).ok().as_deref(), Some(&12));
        let local = to_local(make());
        assert_eq!(local.into_ready().ok().as_deref(), Some(&12));
    }

    #[test]
    fn local_fast_future_pending() {
        let flag = DropFlag::new();
        let make =
            |guard| LocalFastFuture::boxed(Guarded::new(pending_once(Rc::new(13_u32)), guard));
        let unused = DropFlag::new();
        let pending = make(unused.guard());
        assert!(!is_ready(&pending));
        assert!(into_ready(pending).is_err());
        assert!(unused.is_dropped());

        let waker = TestWaker::new();
        let mut local = to_local(make(flag.guard()));
        assert!(!local.is_ready());
        assert_eq!(waker.poll(&mut local), Poll::Pending);
        assert_eq!(waker.poll(&mut local).map(|rc| *rc), Poll::Ready(13));
        assert!(
            flag.is_dropped(),
            "into_local_fast_future: box dropped at completion"
        );
    }

    #[test]
    fn ready_or_boxed_not_send_to_local() {
        let value = Rc::new(14_u32);
        let ready = ReadyOrBoxed::<Rc<u32>, Ready<Rc<u32>>>::ready(Rc::clone(&value));
        let local = to_local(ready);
        assert!(local.is_ready());
        assert_eq!(local.into_ready().ok().as_deref(), Some(&14));

        let boxed = ReadyOrBoxed::boxed(async move { *pending_once(value).await + 1 });
        let local = to_local(boxed);
        assert!(!local.is_ready());
        assert_eq!(block_on(local), 15);
    }

    #[test]
    fn core_future_ready_not_send_to_local() {
        let local = to_local(future::ready(Rc::new(16_u32)));
        assert!(local.is_ready());
        assert_eq!(local.into_ready().ok().as_deref(), Some(&16));
    }

    /// A `MaybeReady` future reached only through the trait can still be
    /// awaited: the trait's supertrait is `Future`.
    #[test]
    fn is_a_future() {
        async fn twice<M: MaybeReady<Output = u32>>(future: M) -> u32 {
            future.await * 2
        }
        assert_eq!(block_on(twice(FastFuture::ready(1))), 2);
        assert_eq!(block_on(twice(future::ready(2))), 4);
        assert_eq!(block_on(twice(ReadyOrBoxed::boxed(pending_once(3)))), 6);
    }
}

/// A dyn-form future converted to a dyn form keeps its own box: DESIGN.md
/// allows re-boxing only for a pending *opaque* future ("since `Self: Send`
/// does not let the compiler unsize its concrete box in place"); a
/// `Pin<Box<dyn Future + Send + 'a>>` coerces to `Pin<Box<dyn Future + 'b>>`
/// (or `+ Send + 'b`) in place.
mod dyn_form_conversions {
    use std::future::Future;
    use std::pin::Pin;

    use super::*;

    /// A pending box (not zero-sized, so it has an address of its own) and
    /// that address.
    fn pending_box() -> (Pin<Box<dyn Future<Output = u64> + Send>>, *const ()) {
        let boxed: Pin<Box<dyn Future<Output = u64> + Send>> = Box::pin(pending_once(8));
        let address = data_ptr(&*boxed);
        (boxed, address)
    }

    #[test]
    fn fast_future_into_fast_future_keeps_its_box() {
        let (boxed, address) = pending_box();
        let converted = FastFuture::from_box(boxed).into_fast_future().into_box();
        assert_eq!(data_ptr(&*converted), address);
    }

    #[test]
    fn fast_future_into_local_fast_future_keeps_its_box() {
        let (boxed, address) = pending_box();
        let converted = FastFuture::from_box(boxed)
            .into_local_fast_future()
            .into_box();
        assert_eq!(data_ptr(&*converted), address);
    }

    #[test]
    fn local_fast_future_into_local_fast_future_keeps_its_box() {
        let (boxed, address) = pending_box();
        let converted = LocalFastFuture::from_box(boxed)
            .into_local_fast_future()
            .into_box();
        assert_eq!(data_ptr(&*converted), address);
    }
}
