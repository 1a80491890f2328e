//! Helpers shared by the runtime's integration tests, std only (no executor
//! crate): a waker that counts its wake-ups, a future that is pending once, a
//! future that holds a drop flag, and a catcher of panic messages.
//!
//! Each test binary uses a different subset, hence the `allow(dead_code)`.
#![allow(dead_code)]

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// A waker that does nothing but count how often it is woken. Built on
/// `std::task::Wake` (not `Waker::noop`, which is newer than the MSRV).
struct CountingWake {
    wakes: AtomicUsize,
}

impl Wake for CountingWake {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls futures by hand with a counting waker.
pub(crate) struct TestWaker {
    counter: Arc<CountingWake>,
    waker: Waker,
}

impl TestWaker {
    pub(crate) fn new() -> Self {
        let counter = Arc::new(CountingWake {
            wakes: AtomicUsize::new(0),
        });
        let waker = Waker::from(Arc::clone(&counter));
        TestWaker { counter, waker }
    }

    /// How many times a future polled with this waker woke it.
    pub(crate) fn wakes(&self) -> usize {
        self.counter.wakes.load(Ordering::SeqCst)
    }

    /// Polls `future` once with this waker.
    pub(crate) fn poll<F: Future + Unpin + ?Sized>(&self, future: &mut F) -> Poll<F::Output> {
        Pin::new(future).poll(&mut Context::from_waker(&self.waker))
    }
}

/// Runs `future` to completion on this thread. The futures under test wake
/// themselves before returning `Pending`, so polling in a loop is enough; a
/// future that is still pending after many polls fails the test.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let waker = TestWaker::new();
    let mut future = pin!(future);
    for _ in 0..100 {
        if let Poll::Ready(value) = waker.poll(&mut future) {
            return value;
        }
    }
    panic!("block_on: the future is still pending after 100 polls");
}

/// A future that returns `Pending` once (waking its waker first), then its
/// value: the smallest future that really awaits.
pub(crate) struct PendingOnce<T> {
    value: Option<T>,
    polled: bool,
}

/// See [`PendingOnce`].
pub(crate) fn pending_once<T>(value: T) -> PendingOnce<T> {
    PendingOnce {
        value: Some(value),
        polled: false,
    }
}

// `value` is never pinned: it is moved out when ready.
impl<T> Unpin for PendingOnce<T> {}

impl<T> Future for PendingOnce<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        if !this.polled {
            this.polled = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(
            this.value
                .take()
                .expect("PendingOnce polled after completion"),
        )
    }
}

/// Records whether its [`Guard`] has been dropped.
pub(crate) struct DropFlag(Arc<AtomicBool>);

/// Sets its [`DropFlag`] when dropped (and fails the test if dropped twice).
pub(crate) struct Guard(Arc<AtomicBool>);

impl DropFlag {
    pub(crate) fn new() -> Self {
        DropFlag(Arc::new(AtomicBool::new(false)))
    }

    /// The one guard of this flag.
    pub(crate) fn guard(&self) -> Guard {
        Guard(Arc::clone(&self.0))
    }

    pub(crate) fn is_dropped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let twice = self.0.swap(true, Ordering::SeqCst);
        assert!(!twice, "a guard was dropped twice");
    }
}

/// A future holding a [`Guard`] for as long as the future itself lives —
/// unlike an `async` block, which drops what it captured as soon as it
/// completes, so it could not tell whether its *box* was dropped.
pub(crate) struct Guarded<F> {
    future: F,
    _guard: Guard,
}

impl<F> Guarded<F> {
    pub(crate) fn new(future: F, guard: Guard) -> Self {
        Guarded {
            future,
            _guard: guard,
        }
    }
}

impl<F: Future + Unpin> Future for Guarded<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        Pin::new(&mut self.get_mut().future).poll(cx)
    }
}

/// The message of the panic `f` must raise.
pub(crate) fn panic_message(f: impl FnOnce()) -> String {
    let payload = match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(()) => panic!("expected a panic, but there was none"),
        Err(payload) => payload,
    };
    if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else {
        panic!("the panic payload is not a string")
    }
}

/// The data address of a boxed (possibly unsized) value, without its
/// metadata, to tell whether two boxes are the same allocation.
pub(crate) fn data_ptr<T: ?Sized>(value: &T) -> *const () {
    (value as *const T).cast::<()>()
}

/// A value that is neither `Debug` nor `Clone`, to show that the types under
/// test put no bound on their output where none is needed.
#[derive(PartialEq, Eq)]
pub(crate) struct Opaque(pub(crate) u32);
