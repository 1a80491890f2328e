//! What the code `#[fast_async]` generates reaches by absolute path. Not
//! public API: it may change in any release.

#[cfg(feature = "stats")]
pub use crate::stats::Site;

use core::convert::Infallible;
use core::future::IntoFuture;
use core::marker::PhantomData;
use core::ops::ControlFlow;
use core::task::Poll;

/// Names lifetimes in an opaque return type (`impl MaybeReady<Output = R> +
/// Captures<(&'a (), ...)>`) so that the hidden type may use them, in every
/// edition and inside generic impls where `use<..>` cannot be written.
pub trait Captures<T: ?Sized> {}

impl<T: ?Sized, U: ?Sized> Captures<T> for U {}

/// `?` in a function's prefix, taken apart on stable Rust: `branch` is
/// `Try::branch`, for the types of `core` that `?` works on (`Result`,
/// `Option`, `ControlFlow`, `Poll<Result<..>>`, `Poll<Option<Result<..>>>`);
/// the residual is converted by a real `?` (see [`output`]).
#[diagnostic::on_unimplemented(
    message = "`?` on `{Self}` cannot be rewritten by #[fast_async] in the part of the body that runs at the call",
    label = "#[fast_async] rewrites `?` there for `Result`, `Option`, `ControlFlow` and `Poll<Result<..>>`",
    note = "match on the value instead, or move this statement after the first `.await`"
)]
pub trait Try {
    /// What `expr?` evaluates to.
    type Output;
    /// What `expr?` returns early with, before conversion.
    type Residual;
    /// `Continue(value)` to go on, `Break(residual)` to return early.
    fn branch(self) -> ControlFlow<Self::Residual, Self::Output>;
}

impl<T, E> Try for Result<T, E> {
    type Output = T;
    type Residual = Result<Infallible, E>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, T> {
        match self {
            Ok(value) => ControlFlow::Continue(value),
            Err(error) => ControlFlow::Break(Err(error)),
        }
    }
}

impl<T> Try for Option<T> {
    type Output = T;
    type Residual = Option<Infallible>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, T> {
        match self {
            Some(value) => ControlFlow::Continue(value),
            None => ControlFlow::Break(None),
        }
    }
}

impl<B, C> Try for ControlFlow<B, C> {
    type Output = C;
    type Residual = ControlFlow<B, Infallible>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, C> {
        match self {
            ControlFlow::Continue(value) => ControlFlow::Continue(value),
            ControlFlow::Break(value) => ControlFlow::Break(ControlFlow::Break(value)),
        }
    }
}

impl<T, E> Try for Poll<Result<T, E>> {
    type Output = Poll<T>;
    type Residual = Result<Infallible, E>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, Poll<T>> {
        match self {
            Poll::Ready(Ok(value)) => ControlFlow::Continue(Poll::Ready(value)),
            Poll::Ready(Err(error)) => ControlFlow::Break(Err(error)),
            Poll::Pending => ControlFlow::Continue(Poll::Pending),
        }
    }
}

impl<T, E> Try for Poll<Option<Result<T, E>>> {
    type Output = Poll<Option<T>>;
    type Residual = Result<Infallible, E>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, Poll<Option<T>>> {
        match self {
            Poll::Ready(Some(Ok(value))) => ControlFlow::Continue(Poll::Ready(Some(value))),
            Poll::Ready(Some(Err(error))) => ControlFlow::Break(Err(error)),
            Poll::Ready(None) => ControlFlow::Continue(Poll::Ready(None)),
            Poll::Pending => ControlFlow::Continue(Poll::Pending),
        }
    }
}

/// A function's future, made by `make`: what `#[fast_async]` wraps the code
/// that runs at the call in.
///
/// With the `std` feature, a panic there is caught and the future returned
/// holds it ([`Panicked`]): the panic surfaces when the future is first
/// polled, as it does in an `async fn` (so `catch_unwind` around the
/// future, a task's `JoinError` or panic-catching middleware see it).
/// Without `std` this is `make()`, and such a panic unwinds from the call.
///
/// `make` is `|| match (a, b) { (a, b) => body }`: the arguments are
/// bound by the arm, so those the body does not move out are dropped at
/// its end in the `async fn`'s order (after the body's temporaries, last
/// argument first), not in the order a closure's captures would drop. It
/// is the body's own closure, handed to `catch_unwind` as it is (no second
/// closure to instantiate per function), and the `FnOnce` bound here makes
/// it an `FnOnce` closure (no `call_once` shim).
#[inline]
pub fn catch<F: FnOnce() -> R, R: Panicked>(make: F) -> R {
    #[cfg(feature = "std")]
    {
        // Unwind safety: the panic is resumed, not swallowed, when the
        // future is polled; what the caller can observe in between is what
        // it could observe had the panic unwound from the call.
        match std::panic::catch_unwind(core::panic::AssertUnwindSafe(make)) {
            Ok(future) => future,
            Err(payload) => R::panicked(payload),
        }
    }
    #[cfg(not(feature = "std"))]
    {
        make()
    }
}

/// The futures a `#[fast_async]` function returns, which can hold a panic
/// caught at the call (feature `std`) and resume it when first polled.
pub trait Panicked {
    /// A future, not ready, whose first poll resumes the panic with
    /// `payload`; polled again, it panics as a completed future does.
    #[cfg(feature = "std")]
    fn panicked(payload: alloc::boxed::Box<dyn core::any::Any + Send>) -> Self;
}

/// The function's output, made by `make`, a closure whose return type is
/// `R` as the `async fn`'s body is: `move || match residual? {}` converts the
/// residual of a `?` at the call (see [`Try`]) with a real `?`, and
/// `move || { return; }` is the `return;` of a function that returns `()`.
/// The conversions, and rustc's messages when there is none ("`?` couldn't
/// convert the error to `E`", "`return;` in a function whose return type
/// is not `()`"), are the `async fn`'s.
#[inline(always)]
pub fn output<R, F: FnOnce() -> R>(make: F) -> R {
    make()
}

/// `bail!` and `ensure!` (anyhow, eyre, or any macro of those names) in
/// the part of the body that runs at the call: the user's macro call runs
/// untouched inside a closure whose return type is tied to the function's
/// output `R` by this trait, so the macro's `return Err(..)` (or
/// `return None`) returns from the closure, and the function returns that
/// value as a ready future.
///
/// ```text
/// return ready(bail::<R, _>(|| { bail!("zero"); }));
/// if let ControlFlow::Break(value) = ensure::<R, _>(|| { ensure!(x < 9, "big"); go_on() }) {
///     return ready(value);
/// }
/// ```
///
/// Implemented for `Result<T, E>` and `Option<T>`, the outputs that
/// `#[fast_async]` takes this path for (by the output type's name: a path
/// ending in `Result` or `Option`).
#[diagnostic::on_unimplemented(
    message = "#[fast_async] reads `bail!` / `ensure!` before the first `.await` as an early return of an error, but the output type `{Self}` is not a `Result` or an `Option`",
    label = "the output of this function",
    note = "move the `bail!` / `ensure!` after the first `.await`, or write the `return` it stands for"
)]
pub trait Exit: Sized {
    /// What a `bail!` closure returns: `Result<Infallible, E>` /
    /// `Option<Infallible>` (it cannot finish without returning an error:
    /// a macro that falls through is a type error).
    type Residual;
    /// What an `ensure!` closure returns: `Result<Continue, E>` /
    /// `Option<Continue>`; a macro that returns `Ok(..)` / `Some(..)` of
    /// anything but [`Continue`] (which only [`go_on`] makes) is a type
    /// error, never a silent "go on".
    type Check: GoOn;
    /// The function's output for an exit.
    fn exit(residual: Self::Residual) -> Self;
    /// `Continue(())` to go on, `Break(output)` to return it.
    fn check(check: Self::Check) -> ControlFlow<Self>;
}

impl<T, E> Exit for Result<T, E> {
    type Residual = Result<Infallible, E>;
    type Check = Result<Continue, E>;

    #[inline(always)]
    fn exit(residual: Self::Residual) -> Self {
        match residual {
            Ok(never) => match never {},
            Err(error) => Err(error),
        }
    }

    #[inline(always)]
    fn check(check: Self::Check) -> ControlFlow<Self> {
        match check {
            Ok(Continue(())) => ControlFlow::Continue(()),
            Err(error) => ControlFlow::Break(Err(error)),
        }
    }
}

impl<T> Exit for Option<T> {
    type Residual = Option<Infallible>;
    type Check = Option<Continue>;

    #[inline(always)]
    fn exit(residual: Self::Residual) -> Self {
        match residual {
            Some(never) => match never {},
            None => None,
        }
    }

    #[inline(always)]
    fn check(check: Self::Check) -> ControlFlow<Self> {
        match check {
            Some(Continue(())) => ControlFlow::Continue(()),
            None => ControlFlow::Break(None),
        }
    }
}

/// The value an `ensure!` closure ends with when the macro did not return:
/// only [`go_on`] makes one.
#[derive(Debug)]
pub struct Continue(());

/// `Ok(Continue)` / `Some(Continue)`, see [`Exit::Check`].
pub trait GoOn {
    /// The "did not return" value.
    fn go_on() -> Self;
}

impl<E> GoOn for Result<Continue, E> {
    #[inline(always)]
    fn go_on() -> Self {
        Ok(Continue(()))
    }
}

impl GoOn for Option<Continue> {
    #[inline(always)]
    fn go_on() -> Self {
        Some(Continue(()))
    }
}

/// The end of an `ensure!` closure: the macro did not return.
#[inline(always)]
#[must_use]
pub fn go_on<C: GoOn>() -> C {
    C::go_on()
}

/// Runs a `bail!` (the closure `exit`), whose return type the function's
/// output `R` fixes: `Err(e.into())` in the macro converts to `R`'s error
/// as it would in the `async fn`. `FnOnce`: `bail!(error)` moves `error`,
/// as the `async fn` does on that path, which ends the function.
#[inline(always)]
pub fn bail<R: Exit, F: FnOnce() -> R::Residual>(exit: F) -> R {
    R::exit(exit())
}

/// Runs an `ensure!` (the closure `check`): `Break(output)` when it
/// returned. `FnMut`: the closure may borrow, even mutably, but not move
/// anything it captures — the macro's error arguments are used only when
/// the condition fails, and a closure would move them at once (a value
/// dropped early, or E0382 on a later use); a move is E0507 ("cannot move
/// out of .., a captured variable in an `FnMut` closure") on the user's
/// token instead.
#[inline(always)]
pub fn ensure<R: Exit, F: FnMut() -> R::Check>(mut check: F) -> ControlFlow<R> {
    R::check(check())
}

/// A value of the function's output type `T`, written `Value::<T> { 0: value }`:
/// a struct field is a coercion site, as an `async fn`'s `return` and tail
/// are (an `async` block does not learn its output type from its context, so
/// `&String` would not become `&str`), and a value of the wrong type is
/// reported on the user's expression as rustc's "expected `T`, found `U`",
/// with no note about a function of this crate (a call would add one). The
/// field has no name that could be taken for a user's variable.
#[derive(Debug)]
pub struct Value<T>(pub T);

impl<T> Value<T> {
    /// A ready future of the opaque form.
    #[inline(always)]
    pub fn opaque<F>(self) -> crate::ReadyOrBoxed<T, F> {
        crate::ReadyOrBoxed::ready(self.0)
    }

    /// A ready [`FastFuture`](crate::FastFuture).
    #[inline(always)]
    pub fn fast<'a>(self) -> crate::FastFuture<'a, T> {
        crate::FastFuture::ready(self.0)
    }

    /// A ready [`LocalFastFuture`](crate::LocalFastFuture).
    #[inline(always)]
    pub fn local<'a>(self) -> crate::LocalFastFuture<'a, T> {
        crate::LocalFastFuture::ready(self.0)
    }
}

/// Rule 8 of the design: is an awaited future already done? Found by its
/// type, never by polling: a [`MaybeReady`](crate::MaybeReady) future says
/// so; any other `IntoFuture` is taken as pending, and is not even made
/// until the boxed continuation awaits it (as it would be in the
/// `async fn`: a `tokio::time::sleep` does not start at the call).
///
/// The future is wrapped unmade in a [`Make`], whose type names the
/// future's; `(&make).fast_async_probe()` then picks [`ProbeMaybeReady`]
/// when that type implements `MaybeReady` (the method matches without an
/// extra reference) and [`ProbeOther`] otherwise.
#[macro_export]
#[doc(hidden)]
macro_rules! __try_ready {
    ($future:expr) => {{
        #[allow(unused_imports)]
        use $crate::__private::{ProbeMaybeReady as _, ProbeOther as _};
        let make = $crate::__private::Make::new(move || $future);
        (&make).fast_async_probe().try_ready(make)
    }};
}

pub use crate::__try_ready as try_ready;

/// A future not made yet: `make` makes it. As an `IntoFuture`, it makes it
/// when awaited.
pub struct Make<F, R> {
    make: F,
    made: PhantomData<fn() -> R>,
}

impl<F: FnOnce() -> R, R> Make<F, R> {
    /// Wraps `make`, naming the type it returns.
    #[inline]
    pub fn new(make: F) -> Self {
        Make {
            make,
            made: PhantomData,
        }
    }
}

impl<F: FnOnce() -> R, R: IntoFuture> IntoFuture for Make<F, R> {
    type Output = R::Output;
    type IntoFuture = R::IntoFuture;

    #[inline]
    fn into_future(self) -> R::IntoFuture {
        (self.make)().into_future()
    }
}

impl<F, R> core::fmt::Debug for Make<F, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Make")
    }
}

/// The probe of a future that can tell whether it is ready.
#[derive(Debug)]
pub struct ReadyProbe;

/// The probe of any other future: always pending.
#[derive(Debug)]
pub struct PendingProbe;

/// Chosen when the future implements `MaybeReady`.
pub trait ProbeMaybeReady {
    /// The probe for this future.
    fn fast_async_probe(&self) -> ReadyProbe {
        ReadyProbe
    }
}

impl<F: FnOnce() -> R, R: crate::MaybeReady> ProbeMaybeReady for Make<F, R> {}

/// Chosen for every other future (one more `&` away).
pub trait ProbeOther {
    /// The probe for this future.
    fn fast_async_probe(&self) -> PendingProbe {
        PendingProbe
    }
}

impl<F: FnOnce() -> R, R: IntoFuture> ProbeOther for &Make<F, R> {}

impl ReadyProbe {
    /// Makes the future: its value if it is ready, or the future to await.
    #[inline]
    pub fn try_ready<F: FnOnce() -> R, R: crate::MaybeReady>(
        self,
        make: Make<F, R>,
    ) -> Result<R::Output, R> {
        (make.make)().into_ready()
    }
}

impl PendingProbe {
    /// Always pending, and not made yet: awaiting it makes it.
    #[inline]
    pub fn try_ready<F: FnOnce() -> R, R: IntoFuture>(
        self,
        make: Make<F, R>,
    ) -> Result<R::Output, Make<F, R>> {
        Err(make)
    }
}

/// Rule 8's tail pass-through: a dyn-form function's tail `x.await` whose
/// `x` turned out pending, with `R` the function's output type. If `x` is a
/// [`MaybeReady`](crate::MaybeReady) with exactly that output (and `Send`
/// for a [`FastFuture`](crate::FastFuture)), it is handed on as the
/// function's future ([`PassOn`]); otherwise (a future that is not
/// `MaybeReady`, one whose output only coerces to `R`, `&String` to `&str`,
/// or one that is not `Send`) the continuation that awaits it is boxed
/// ([`KeepContinuation`]), as it would be without this, with the same errors:
///
/// ```text
/// let tail = Tail::<R, _, _>::fast(pending);
/// (&tail).fast_async_tail().fast(tail, |pending| FastFuture::boxed(async move { pending.await }))
/// ```
///
/// The choice is made by the types, as [`try_ready!`] makes its own:
/// `PassOn` matches `&Tail` without one more `&`, `KeepContinuation` matches `&&Tail`.
/// `K` is the form: [`SendForm`] or [`LocalForm`].
pub struct Tail<R, P, K> {
    pending: P,
    output: PhantomData<fn() -> (R, K)>,
}

/// The form of a [`Tail`] that makes a [`FastFuture`](crate::FastFuture).
#[derive(Debug)]
pub enum SendForm {}

/// The form of a [`Tail`] that makes a
/// [`LocalFastFuture`](crate::LocalFastFuture).
#[derive(Debug)]
pub enum LocalForm {}

impl<R, P> Tail<R, P, SendForm> {
    /// Wraps the pending future of a tail point of a `Send` dyn-form function.
    #[inline]
    pub fn fast(pending: P) -> Self {
        Tail {
            pending,
            output: PhantomData,
        }
    }
}

impl<R, P> Tail<R, P, LocalForm> {
    /// Wraps the pending future of a tail point of a local dyn-form function.
    #[inline]
    pub fn local(pending: P) -> Self {
        Tail {
            pending,
            output: PhantomData,
        }
    }
}

impl<R, P, K> core::fmt::Debug for Tail<R, P, K> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Tail")
    }
}

/// The tail of a future that is `MaybeReady` with the function's output
/// type: hand it on.
#[derive(Debug)]
pub struct PassOnTail;

/// The tail of any other future: box the continuation.
#[derive(Debug)]
pub struct ContinueTail;

/// Chosen when the pending future is `MaybeReady<Output = R>` (and `Send`
/// for the `Send` form).
pub trait PassOn {
    /// How to finish this tail.
    fn fast_async_tail(&self) -> PassOnTail {
        PassOnTail
    }
}

impl<R, P: crate::MaybeReady<Output = R> + Send> PassOn for Tail<R, P, SendForm> {}

impl<R, P: crate::MaybeReady<Output = R>> PassOn for Tail<R, P, LocalForm> {}

/// Chosen for every other future (one more `&` away).
pub trait KeepContinuation {
    /// How to finish this tail.
    fn fast_async_tail(&self) -> ContinueTail {
        ContinueTail
    }
}

impl<R, P, K> KeepContinuation for &Tail<R, P, K> {}

impl PassOnTail {
    /// The pending future as a [`FastFuture`](crate::FastFuture): its own
    /// box when it is one, no allocation; an opaque-form future boxed once
    /// (its `Send` cannot be shown to the box inside).
    #[inline]
    pub fn fast<'a, R, P, C>(
        self,
        tail: Tail<R, P, SendForm>,
        _continuation: C,
    ) -> crate::FastFuture<'a, R>
    where
        P: crate::MaybeReady<Output = R> + Send + 'a,
        C: FnOnce(P) -> crate::FastFuture<'a, R>,
    {
        tail.pending.into_fast_future()
    }

    /// The pending future as a [`LocalFastFuture`](crate::LocalFastFuture):
    /// the box of either form moved, no allocation.
    #[inline]
    pub fn local<'a, R, P, C>(
        self,
        tail: Tail<R, P, LocalForm>,
        _continuation: C,
    ) -> crate::LocalFastFuture<'a, R>
    where
        P: crate::MaybeReady<Output = R> + 'a,
        C: FnOnce(P) -> crate::LocalFastFuture<'a, R>,
    {
        tail.pending.into_local_fast_future()
    }
}

impl ContinueTail {
    /// The boxed continuation, made by `continuation` from the future.
    #[inline]
    pub fn fast<'a, R, P, C>(
        self,
        tail: Tail<R, P, SendForm>,
        continuation: C,
    ) -> crate::FastFuture<'a, R>
    where
        C: FnOnce(P) -> crate::FastFuture<'a, R>,
    {
        continuation(tail.pending)
    }

    /// The boxed continuation, made by `continuation` from the future.
    #[inline]
    pub fn local<'a, R, P, C>(
        self,
        tail: Tail<R, P, LocalForm>,
        continuation: C,
    ) -> crate::LocalFastFuture<'a, R>
    where
        C: FnOnce(P) -> crate::LocalFastFuture<'a, R>,
    {
        continuation(tail.pending)
    }
}

/// One of several boxed branches of an opaque-form function, nested
/// (`First(a)`, `Rest(First(b))`, `Rest(Rest(c))`) so that they share one
/// concrete type and so one box.
#[derive(Debug)]
pub enum Branch<First, Rest> {
    /// This branch.
    First(First),
    /// One of the branches after it.
    Rest(Rest),
}

/// Whether dropping `value` runs any code: a rule-8 scrutinee's branch
/// that binds nothing of a value without drop glue need not hold it in a
/// box (a constant, so the branch not taken compiles away).
#[inline]
pub const fn needs_drop<T>(_value: &T) -> bool {
    core::mem::needs_drop::<T>()
}

/// A value of any type, for code that never runs (`if false { .. }`): it
/// lets the expansion name the function's future type before user code can
/// decide it. Panics if it is ever called.
#[inline]
pub fn unreachable<T>() -> T {
    unreachable!("fast_async::__private::unreachable is never called")
}
