//! The state a future is left in once it has given its value.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

/// A zero-sized future that panics when polled, naming `FastFuture` or
/// `LocalFastFuture` (`LOCAL`). The dyn forms swap it in for their box once
/// the value is out: boxing a zero-sized type never allocates, and keeping a
/// two-variant layout keeps the future at 16 bytes (DESIGN.md, Size).
pub(crate) struct Spent<T, const LOCAL: bool> {
    output: PhantomData<fn() -> T>,
}

impl<T, const LOCAL: bool> Spent<T, LOCAL> {
    pub(crate) const fn new() -> Self {
        Spent {
            output: PhantomData,
        }
    }
}

impl<T, const LOCAL: bool> Future for Spent<T, LOCAL> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<T> {
        polled_after_completion(if LOCAL {
            "LocalFastFuture"
        } else {
            "FastFuture"
        })
    }
}

/// The panic of every future here that is polled again after giving its
/// value, as `core::future::Ready` does.
#[cold]
#[track_caller]
pub(crate) fn polled_after_completion(type_name: &str) -> ! {
    panic!("`fast_async::{type_name}` polled after completion")
}
