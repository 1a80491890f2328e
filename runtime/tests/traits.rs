//! Compile-time facts about the runtime's types: which auto traits they have
//! (and, as importantly, which they must not have), and their sizes. A wrong
//! answer here is a build error, not a failed test.
//!
//! Negative facts ("is not `Send`") use the ambiguous-impl trick of the
//! `static_assertions` crate, written by hand: `AmbiguousIfSend<_>` has one
//! impl for every type and a second for `Send` types only, so naming
//! `<T as AmbiguousIfSend<_>>::some_item` compiles only if `T` is not `Send`
//! (otherwise `_` cannot be inferred).

use std::cell::Cell;
use std::future::{Future, Pending, Ready};
use std::marker::PhantomPinned;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use fast_async::{FastFuture, LocalFastFuture, MaybeReady, ReadyOrBoxed};

fn assert_send<T: ?Sized + Send>() {}
fn assert_sync<T: ?Sized + Sync>() {}
fn assert_unwind_safe<T: ?Sized + UnwindSafe + RefUnwindSafe>() {}
fn assert_unpin<T: ?Sized + Unpin>() {}
fn assert_maybe_ready<T: MaybeReady<Output = O>, O>() {}

trait AmbiguousIfSend<A> {
    fn some_item() {}
}
impl<T: ?Sized> AmbiguousIfSend<()> for T {}
#[allow(dead_code)]
struct IsSend;
impl<T: ?Sized + Send> AmbiguousIfSend<IsSend> for T {}

trait AmbiguousIfUnpin<A> {
    fn some_item() {}
}
impl<T: ?Sized> AmbiguousIfUnpin<()> for T {}
#[allow(dead_code)]
struct IsUnpin;
impl<T: ?Sized + Unpin> AmbiguousIfUnpin<IsUnpin> for T {}

trait AmbiguousIfSync<A> {
    fn some_item() {}
}
impl<T: ?Sized> AmbiguousIfSync<()> for T {}
#[allow(dead_code)]
struct IsSync;
impl<T: ?Sized + Sync> AmbiguousIfSync<IsSync> for T {}

/// Compiles only if the type is not `Sync`.
macro_rules! assert_not_sync {
    ($type:ty) => {
        const _: fn() = || {
            let _ = <$type as AmbiguousIfSync<_>>::some_item;
        };
    };
}

/// Compiles only if the type is not `Send`.
macro_rules! assert_not_send {
    ($type:ty) => {
        const _: fn() = || {
            let _ = <$type as AmbiguousIfSend<_>>::some_item;
        };
    };
}

/// Compiles only if the type is not `Unpin`.
macro_rules! assert_not_unpin {
    ($type:ty) => {
        const _: fn() = || {
            let _ = <$type as AmbiguousIfUnpin<_>>::some_item;
        };
    };
}

/// A `Send` future that is not `Unpin`, and as large as a big state machine.
struct BigPinnedFuture {
    _state: [u64; 32],
    _pinned: PhantomPinned,
}

impl Future for BigPinnedFuture {
    type Output = u64;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u64> {
        Poll::Ready(0)
    }
}

/// A future that is not `Send` (it holds an `Rc`).
struct RcFuture {
    _shared: Rc<u8>,
}

impl Future for RcFuture {
    type Output = u64;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u64> {
        Poll::Ready(0)
    }
}

// The test futures are what they claim to be, so the facts below mean
// something.
const _: fn() = || {
    assert_send::<BigPinnedFuture>();
};
assert_not_unpin!(BigPinnedFuture);
assert_not_send!(RcFuture);
assert_not_send!(Rc<u8>);

// FastFuture: Send when T is, for every lifetime; Unpin always, even when T
// is not Unpin.
#[allow(clippy::extra_unused_lifetimes)] // Named: for every lifetime.
fn fast_future_is_send_when_t_is<'a, T: Send>() {
    assert_send::<FastFuture<'a, T>>();
}
#[allow(clippy::extra_unused_lifetimes)] // Named: for every lifetime.
fn fast_future_is_always_unpin<'a, T>() {
    assert_unpin::<FastFuture<'a, T>>();
}
const _: fn() = || {
    assert_send::<FastFuture<'_, u64>>();
    assert_unpin::<FastFuture<'_, u64>>();
    assert_unpin::<FastFuture<'_, PhantomPinned>>();
};
assert_not_send!(FastFuture<'static, Rc<u8>>);

// LocalFastFuture: Unpin always, never Send (its box may hold anything).
#[allow(clippy::extra_unused_lifetimes)] // Named: for every lifetime.
fn local_fast_future_is_always_unpin<'a, T>() {
    assert_unpin::<LocalFastFuture<'a, T>>();
}
assert_not_send!(LocalFastFuture<'static, u64>);
assert_not_send!(LocalFastFuture<'static, ()>);

// ReadyOrBoxed: Unpin whatever T and F are; Send exactly when both are, as a
// plain `async fn`'s future would be.
fn ready_or_boxed_is_always_unpin<T, F>() {
    assert_unpin::<ReadyOrBoxed<T, F>>();
}
fn ready_or_boxed_is_send_when_t_and_f_are<T: Send, F: Send>() {
    assert_send::<ReadyOrBoxed<T, F>>();
}
const _: fn() = || {
    assert_unpin::<ReadyOrBoxed<u64, BigPinnedFuture>>();
    assert_unpin::<ReadyOrBoxed<PhantomPinned, BigPinnedFuture>>();
    assert_send::<ReadyOrBoxed<u64, BigPinnedFuture>>();
};
assert_not_send!(ReadyOrBoxed<Rc<u8>, BigPinnedFuture>);
assert_not_send!(ReadyOrBoxed<u64, RcFuture>);
assert_not_send!(ReadyOrBoxed<Rc<u8>, RcFuture>);

// Sync and unwind safety follow the contents too: the state that holds a
// panic caught at the call (feature `std`) changes none of them.
fn ready_or_boxed_is_sync_when_t_and_f_are<T: Sync, F: Sync>() {
    assert_sync::<ReadyOrBoxed<T, F>>();
}
fn ready_or_boxed_is_unwind_safe_when_t_and_f_are<T, F>()
where
    T: UnwindSafe + RefUnwindSafe,
    F: UnwindSafe + RefUnwindSafe,
{
    assert_unwind_safe::<ReadyOrBoxed<T, F>>();
}
const _: fn() = || {
    assert_sync::<ReadyOrBoxed<u64, BigPinnedFuture>>();
    assert_unwind_safe::<ReadyOrBoxed<u64, BigPinnedFuture>>();
};
assert_not_sync!(ReadyOrBoxed<Cell<u8>, BigPinnedFuture>);
assert_not_sync!(ReadyOrBoxed<u64, Ready<Cell<u8>>>);
// The dyn forms box a `dyn Future (+ Send)`: never `Sync`.
assert_not_sync!(FastFuture<'static, u64>);
assert_not_sync!(LocalFastFuture<'static, u64>);

// The same for the unnameable async blocks a `#[fast_async]` function boxes.
// (Made in functions of their own: an async block's auto traits are known
// only outside the body that defines it.)
fn send_block() -> ReadyOrBoxed<u8, impl Future<Output = u8>> {
    ReadyOrBoxed::boxed(async { 1 })
}
fn rc_block() -> ReadyOrBoxed<u8, impl Future<Output = u8>> {
    let shared = Rc::new(1);
    ReadyOrBoxed::boxed(async move { *shared })
}
/// Holds an `Rc` across an await: the block (and so the future) is not
/// `Send`, though its output and captures are.
fn rc_across_await_block() -> ReadyOrBoxed<u8, impl Future<Output = u8>> {
    ReadyOrBoxed::boxed(async {
        let shared = Rc::new(1);
        std::future::ready(()).await;
        *shared
    })
}
fn assert_send_value<T: Send>(_: &T) {}
fn assert_not_send_value<T: AmbiguousIfSend<A>, A>(_: &T) {}
const _: fn() = || {
    assert_send_value(&send_block());
    assert_not_send_value(&rc_block());
    assert_not_send_value(&rc_across_await_block());
};

// Every MaybeReady impl, for every lifetime and type that makes it a future.
fn maybe_ready_impls<'a, T: 'a, F: Future<Output = T>>() {
    assert_maybe_ready::<ReadyOrBoxed<T, F>, T>();
    assert_maybe_ready::<FastFuture<'a, T>, T>();
    assert_maybe_ready::<LocalFastFuture<'a, T>, T>();
    assert_maybe_ready::<Ready<T>, T>();
}

// The generic facts above hold for every lifetime and type: they are checked
// when their functions are type-checked. Naming the functions here keeps them
// from being dead code.
const _: [fn(); 8] = [
    fast_future_is_send_when_t_is::<u8>,
    fast_future_is_always_unpin::<PhantomPinned>,
    local_fast_future_is_always_unpin::<PhantomPinned>,
    ready_or_boxed_is_always_unpin::<PhantomPinned, BigPinnedFuture>,
    ready_or_boxed_is_send_when_t_and_f_are::<u8, BigPinnedFuture>,
    ready_or_boxed_is_sync_when_t_and_f_are::<u8, BigPinnedFuture>,
    ready_or_boxed_is_unwind_safe_when_t_and_f_are::<u8, BigPinnedFuture>,
    maybe_ready_impls::<u8, Ready<u8>>,
];

/// Sizes (DESIGN.md, Size): 16 bytes when the output fits in 8 bytes (so it
/// comes back in two registers), whatever the boxed future's size; at most
/// `max(size_of::<T>(), 16) + 8` otherwise. Stated for 64-bit targets.
#[cfg(target_pointer_width = "64")]
mod sizes {
    use std::mem::size_of;

    use super::*;

    /// The bound of the design for an output that does not fit in 8 bytes.
    const fn bound<T>() -> usize {
        let t = size_of::<T>();
        (if t > 16 { t } else { 16 }) + 8
    }

    const _: () = assert!(size_of::<FastFuture<'static, u64>>() == 16);
    const _: () = assert!(size_of::<LocalFastFuture<'static, u64>>() == 16);
    const _: () = assert!(size_of::<ReadyOrBoxed<u64, BigPinnedFuture>>() == 16);
    const _: () = assert!(size_of::<FastFuture<'static, ()>>() == 16);
    const _: () = assert!(size_of::<LocalFastFuture<'static, ()>>() == 16);
    const _: () = assert!(size_of::<ReadyOrBoxed<(), Pending<()>>>() == 16);

    // Other outputs that fit in 8 bytes.
    const _: () = assert!(size_of::<FastFuture<'static, u8>>() == 16);
    const _: () = assert!(size_of::<FastFuture<'static, u32>>() == 16);
    const _: () = assert!(size_of::<FastFuture<'static, Box<u64>>>() == 16);
    const _: () = assert!(size_of::<FastFuture<'static, Option<u32>>>() == 16);
    const _: () = assert!(size_of::<LocalFastFuture<'static, Rc<u8>>>() == 16);
    const _: () = assert!(size_of::<ReadyOrBoxed<u8, BigPinnedFuture>>() == 16);
    const _: () = assert!(size_of::<ReadyOrBoxed<Box<u64>, BigPinnedFuture>>() == 16);

    // Larger outputs: a 24-byte `String` (with a niche), a 24-byte array
    // (without one), a 16-byte `&str`.
    const _: () = assert!(size_of::<String>() == 24);
    const _: () = assert!(size_of::<FastFuture<'static, String>>() <= bound::<String>());
    const _: () = assert!(size_of::<LocalFastFuture<'static, String>>() <= bound::<String>());
    const _: () = assert!(size_of::<ReadyOrBoxed<String, Pending<String>>>() <= bound::<String>());
    const _: () = assert!(size_of::<FastFuture<'static, [u64; 3]>>() <= bound::<[u64; 3]>());
    const _: () =
        assert!(size_of::<ReadyOrBoxed<[u64; 3], Pending<[u64; 3]>>>() <= bound::<[u64; 3]>());
    const _: () = assert!(size_of::<FastFuture<'static, &str>>() <= bound::<&str>());
    const _: () = assert!(size_of::<ReadyOrBoxed<&str, Pending<&str>>>() <= bound::<&str>());
}
