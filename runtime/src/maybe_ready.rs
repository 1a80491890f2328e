//! The trait of futures that can say they are already done.

use core::future::{Future, Ready};

use crate::{FastFuture, LocalFastFuture};

/// A future that can tell, without being polled, that its value is already
/// there — and hand it over synchronously.
///
/// This is the caller's side of the fast path, like .NET's
/// `ValueTask.IsCompletedSuccessfully` followed by `.Result`: no poll, no
/// waker, no executor. Every `#[fast_async]` function returns one, and
/// [`FastFuture`], [`LocalFastFuture`] and [`core::future::Ready`] implement
/// it.
///
/// ```
/// use fast_async::{fast_async, MaybeReady};
///
/// #[fast_async]
/// async fn double(x: u32) -> u32 {
///     if x < 100 {
///         return x * 2;
///     }
///     slow_double(x).await
/// }
/// # async fn slow_double(x: u32) -> u32 { x * 2 }
///
/// assert!(double(3).is_ready());
/// assert_eq!(double(3).into_ready().ok(), Some(6));
/// // A boxed path is still a future: `into_ready` gives it back.
/// assert!(double(500).into_ready().is_err());
///
/// // Awaiting a future that can say it is done keeps the fast path (rule 8):
/// #[fast_async]
/// async fn quadruple(x: u32) -> u32 {
///     let twice = double(x).await; // ready when `double(x)` is
///     twice * 2
/// }
/// assert_eq!(quadruple(3).into_ready().ok(), Some(12));
/// assert!(!quadruple(500).is_ready());
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `MaybeReady` future",
    label = "cannot say, without being polled, that it is done",
    note = "`MaybeReady` futures: what `#[fast_async]` fns return, `FastFuture`, `LocalFastFuture`, `core::future::Ready`",
    note = "to erase a tower service whose future is another one, `fast_async::tower`'s `boxing` constructors box it once"
)]
pub trait MaybeReady: Future {
    /// Whether the value is already there, so that [`into_ready`] returns it.
    ///
    /// [`into_ready`]: MaybeReady::into_ready
    fn is_ready(&self) -> bool;

    /// The value if it is already there, or the future itself to await.
    fn into_ready(self) -> Result<Self::Output, Self>
    where
        Self: Sized;

    /// Converts to the nameable, `Send` dyn form. A ready value is moved
    /// without allocating; a pending future may be boxed once more.
    ///
    /// ```
    /// use fast_async::{fast_async, FastFuture, MaybeReady};
    ///
    /// #[fast_async]
    /// async fn answer() -> u32 {
    ///     42
    /// }
    ///
    /// // Store it where a type must be named:
    /// let stored: FastFuture<'static, u32> = answer().into_fast_future();
    /// assert_eq!(stored.into_ready().ok(), Some(42));
    /// ```
    fn into_fast_future<'a>(self) -> FastFuture<'a, Self::Output>
    where
        Self: Sized + Send + 'a;

    /// Converts to the nameable, local (not `Send`) dyn form. A ready value
    /// is moved without allocating; a pending future may be boxed once more.
    ///
    /// ```
    /// use fast_async::{LocalFastFuture, MaybeReady};
    ///
    /// let stored: LocalFastFuture<'static, u32> = std::future::ready(1).into_local_fast_future();
    /// assert!(stored.is_ready());
    /// ```
    fn into_local_fast_future<'a>(self) -> LocalFastFuture<'a, Self::Output>
    where
        Self: Sized + 'a;
}

/// `core::future::ready(v)` is always ready until polled; once polled it
/// panics, as it does in `core`.
impl<T> MaybeReady for Ready<T> {
    fn is_ready(&self) -> bool {
        true
    }

    fn into_ready(self) -> Result<T, Self> {
        Ok(self.into_inner())
    }

    fn into_fast_future<'a>(self) -> FastFuture<'a, T>
    where
        Self: Send + 'a,
    {
        FastFuture::ready(self.into_inner())
    }

    fn into_local_fast_future<'a>(self) -> LocalFastFuture<'a, T>
    where
        Self: 'a,
    {
        LocalFastFuture::ready(self.into_inner())
    }
}
