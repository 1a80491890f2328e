//! The opaque form's concrete type.

use alloc::boxed::Box;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

#[cfg(feature = "std")]
use crate::panicked::Payload;
use crate::spent::{pin_box, polled_after_completion};
use crate::{FastFuture, LocalFastFuture, MaybeReady};

/// The concrete future behind a `#[fast_async]` function's opaque return
/// type, `impl MaybeReady<Output = T>`: a ready `T` or one boxed future of
/// the concrete type `F` (the function's async block).
///
/// Because `F` is concrete, `Send`, `Sync` and `Unpin`-ness of the contents
/// show through exactly as they do for a plain `async fn`. It is 16 bytes
/// when `T` fits in 8, `Unpin`, and drops its box as soon as the value is out.
///
/// With the `std` feature, a panic of the function's synchronous part is
/// caught at the call and held here: the future is not ready, and its first
/// poll resumes the panic, as the `async fn`'s first poll would raise it.
///
/// ```
/// use fast_async::{MaybeReady, ReadyOrBoxed};
///
/// fn halve(x: u32) -> ReadyOrBoxed<u32, impl std::future::Future<Output = u32>> {
///     if x % 2 == 0 {
///         return ReadyOrBoxed::ready(x / 2);
///     }
///     ReadyOrBoxed::boxed(async move { x / 2 })
/// }
///
/// assert_eq!(halve(8).into_ready().ok(), Some(4));
/// assert!(!halve(7).is_ready());
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadyOrBoxed<T, F> {
    state: State<T, F>,
}

enum State<T, F> {
    Ready(T),
    Boxed(Pin<Box<F>>),
    /// The synchronous part panicked: the first poll resumes the panic.
    #[cfg(feature = "std")]
    Panicked(Payload),
    Spent,
}

impl<T, F> ReadyOrBoxed<T, F> {
    /// A future that is already done: no allocation.
    ///
    /// ```
    /// use fast_async::ReadyOrBoxed;
    /// use std::future::Ready;
    ///
    /// let future = ReadyOrBoxed::<u32, Ready<u32>>::ready(7);
    /// assert_eq!(future.into_ready().ok(), Some(7));
    /// ```
    pub const fn ready(value: T) -> Self {
        ReadyOrBoxed {
            state: State::Ready(value),
        }
    }

    /// Whether the value is already there.
    ///
    /// ```
    /// use fast_async::ReadyOrBoxed;
    ///
    /// assert!(!ReadyOrBoxed::boxed(async { 1 }).is_ready());
    /// ```
    pub const fn is_ready(&self) -> bool {
        matches!(self.state, State::Ready(_))
    }

    /// The value if it is already there (no poll, no waker), or the future
    /// itself to await.
    ///
    /// ```
    /// use fast_async::ReadyOrBoxed;
    ///
    /// let pending = ReadyOrBoxed::boxed(async { 1 });
    /// assert!(pending.into_ready().is_err()); // the future comes back
    /// ```
    pub fn into_ready(self) -> Result<T, Self> {
        match self.state {
            State::Ready(value) => Ok(value),
            state => Err(ReadyOrBoxed { state }),
        }
    }
}

impl<T, F: Future<Output = T>> ReadyOrBoxed<T, F> {
    /// Boxes `future` (one allocation).
    ///
    /// ```
    /// use fast_async::ReadyOrBoxed;
    ///
    /// let future = ReadyOrBoxed::boxed(async { 1 });
    /// assert!(!future.is_ready());
    /// ```
    #[cold]
    pub fn boxed(future: F) -> Self {
        ReadyOrBoxed {
            state: State::Boxed(pin_box(future)),
        }
    }
}

impl<T, F: Future<Output = T>> Future for ReadyOrBoxed<T, F> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        // Take the state out; whatever is not put back (a ready value, a box
        // whose future is done) is given or dropped now, not with `self`.
        match core::mem::replace(&mut this.state, State::Spent) {
            State::Ready(value) => Poll::Ready(value),
            State::Boxed(mut future) => match future.as_mut().poll(cx) {
                Poll::Ready(value) => Poll::Ready(value),
                Poll::Pending => {
                    this.state = State::Boxed(future);
                    Poll::Pending
                }
            },
            // Left spent: polled again, it says so.
            #[cfg(feature = "std")]
            State::Panicked(payload) => payload.resume(),
            State::Spent => polled_after_completion("ReadyOrBoxed"),
        }
    }
}

// Never pinned structurally: the value is moved out, the future is behind
// its own `Pin<Box<_>>`.
impl<T, F> Unpin for ReadyOrBoxed<T, F> {}

impl<T, F> fmt::Debug for ReadyOrBoxed<T, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Ready(_) => "Ready",
            State::Boxed(_) => "Boxed",
            #[cfg(feature = "std")]
            State::Panicked(_) => "Panicked",
            State::Spent => "Spent",
        };
        f.debug_tuple("ReadyOrBoxed")
            .field(&format_args!("{state}"))
            .finish()
    }
}

impl<T, F> crate::__private::Panicked for ReadyOrBoxed<T, F> {
    #[cfg(feature = "std")]
    #[cold]
    fn panicked(payload: Box<dyn core::any::Any + Send>) -> Self {
        ReadyOrBoxed {
            state: State::Panicked(Payload::new(payload)),
        }
    }
}

impl<T, F: Future<Output = T>> MaybeReady for ReadyOrBoxed<T, F> {
    fn is_ready(&self) -> bool {
        ReadyOrBoxed::is_ready(self)
    }

    fn into_ready(self) -> Result<T, Self> {
        ReadyOrBoxed::into_ready(self)
    }

    fn into_fast_future<'a>(self) -> FastFuture<'a, T>
    where
        Self: Send + 'a,
    {
        match self.into_ready() {
            Ok(value) => FastFuture::ready(value),
            // `Self: Send` does not tell the compiler `F: Send`, so the box
            // cannot be unsized in place: box the whole future once more (a
            // panicked one too: its first poll resumes the panic).
            Err(pending) => FastFuture::boxed(pending),
        }
    }

    fn into_local_fast_future<'a>(self) -> LocalFastFuture<'a, T>
    where
        Self: 'a,
    {
        match self.state {
            State::Ready(value) => LocalFastFuture::ready(value),
            // No `Send` to prove: the box is unsized in place, not boxed
            // again (a tail pass-through in a `?Send` dyn-form function
            // hands it on without allocating).
            State::Boxed(future) => LocalFastFuture::from_box(future),
            state => LocalFastFuture::boxed(ReadyOrBoxed { state }),
        }
    }
}
