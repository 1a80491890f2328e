//! The state a future is left in once it has given its value.

use alloc::boxed::Box;
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
        polled_after_completion(dyn_form_name(LOCAL))
    }
}

/// `LocalFastFuture` or `FastFuture`.
pub(crate) const fn dyn_form_name(local: bool) -> &'static str {
    if local {
        "LocalFastFuture"
    } else {
        "FastFuture"
    }
}

/// The panic of every future here that is polled again after giving its
/// value, as `core::future::Ready` does.
#[cold]
#[track_caller]
pub(crate) fn polled_after_completion(type_name: &str) -> ! {
    panic!("`fast_async::{type_name}` polled after completion")
}

/// `Box::pin(future)` in a call that cannot unwind (an allocation failure
/// aborts, as it does by default anyway).
///
/// This is what the `boxed` constructors use: a function's synchronous part
/// runs inside `catch_unwind` (`__private::catch`), and a boxed path that
/// could unwind keeps its landing pad live, which costs the *ready* path its
/// frame (callgrind: 5 instructions per ready call through `&dyn`). A ready
/// path whose own code cannot panic then costs what it did without `catch`.
///
/// Passed by value through the C ABI, which LLVM knows cannot unwind (a
/// panic there would abort). Not inlined: inlined, its cleanup code would
/// make the caller look as if it could unwind again. One function, not an
/// inlined wrapper around it: each boxed future type instantiates it, and a
/// debug build compiles every instance.
#[allow(improper_ctypes_definitions)]
#[inline(never)]
pub(crate) extern "C" fn pin_box<F>(future: F) -> Pin<Box<F>> {
    Box::pin(future)
}
