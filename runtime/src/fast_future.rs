//! The dyn form: [`FastFuture`] (Send) and [`LocalFastFuture`] (local).
//!
//! Both are written once, by `dyn_form!`, so that the two flavours cannot
//! drift apart; they differ only in the `Send` bound on the boxed future.

use alloc::boxed::Box;
use core::fmt;
use core::future::{self, Future};
use core::pin::Pin;
use core::task::{Context, Poll};

#[cfg(feature = "std")]
use crate::panicked::ResumeUnwind;
use crate::spent::{pin_box, Spent};
use crate::MaybeReady;

macro_rules! dyn_form {
    (
        $(#[$attr:meta])*
        $name:ident, local = $local:literal, $($send:ident)?,
        { $($into_fast:tt)* }
    ) => {
        $(#[$attr])*
        #[must_use = "futures do nothing unless you `.await` or poll them"]
        pub struct $name<'a, T> {
            state: State<T, dyn Future<Output = T> $(+ $send)? + 'a>,
        }

        impl<'a, T> $name<'a, T> {
            /// A future that is already done: no allocation.
            ///
            /// ```
            #[doc = concat!("use fast_async::", stringify!($name), ";")]
            ///
            #[doc = concat!("let future = ", stringify!($name), "::<'static, u32>::ready(7);")]
            /// assert!(future.is_ready());
            /// assert_eq!(future.into_ready().ok(), Some(7));
            /// ```
            pub const fn ready(value: T) -> Self {
                $name { state: State::Ready(value) }
            }

            /// Boxes `future` (one allocation).
            ///
            /// ```
            #[doc = concat!("use fast_async::", stringify!($name), ";")]
            ///
            #[doc = concat!("let future = ", stringify!($name), "::boxed(async { 7 });")]
            /// assert!(!future.is_ready()); // to be awaited
            /// ```
            #[cold]
            pub fn boxed<F>(future: F) -> Self
            where
                F: Future<Output = T> $(+ $send)? + 'a,
            {
                Self::from_box(pin_box(future))
            }

            /// Wraps a future that is already boxed, without allocating again.
            ///
            /// ```
            /// use std::future::Future;
            /// use std::pin::Pin;
            #[doc = concat!("use fast_async::", stringify!($name), ";")]
            ///
            #[doc = concat!("let boxed: Pin<Box<dyn Future<Output = u32>", $(" + ", stringify!($send),)? ">> = Box::pin(async { 7 });")]
            #[doc = concat!("let future = ", stringify!($name), "::from_box(boxed);")]
            /// assert!(!future.is_ready());
            /// ```
            pub const fn from_box(
                future: Pin<Box<dyn Future<Output = T> $(+ $send)? + 'a>>,
            ) -> Self {
                $name { state: State::Boxed(future) }
            }

            /// Whether the value is already there, so that
            #[doc = concat!("[`into_ready`](", stringify!($name), "::into_ready)")]
            /// returns it without polling.
            ///
            /// ```
            #[doc = concat!("use fast_async::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert!(", stringify!($name), "::<'static, u32>::ready(1).is_ready());")]
            #[doc = concat!("assert!(!", stringify!($name), "::boxed(async { 1 }).is_ready());")]
            /// ```
            pub const fn is_ready(&self) -> bool {
                matches!(self.state, State::Ready(_))
            }

            /// The value if it is already there (no poll, no waker), or the
            /// future itself to await — the caller's own fast path.
            ///
            /// ```
            #[doc = concat!("use fast_async::", stringify!($name), ";")]
            ///
            #[doc = concat!("fn lookup(key: u32) -> ", stringify!($name), "<'static, u32> {")]
            #[doc = concat!("    if key < 10 { ", stringify!($name), "::ready(key) } else { ", stringify!($name), "::boxed(async move { key }) }")]
            /// }
            ///
            /// match lookup(3).into_ready() {
            ///     Ok(value) => assert_eq!(value, 3), // no poll
            ///     Err(_pending) => unreachable!("3 is ready"),
            /// }
            /// assert!(lookup(30).into_ready().is_err());
            /// ```
            pub fn into_ready(self) -> Result<T, Self> {
                match self.state {
                    State::Ready(value) => Ok(value),
                    state @ State::Boxed(_) => Err($name { state }),
                }
            }

            /// The boxed future, like .NET's `ValueTask.AsTask()`: a pending
            /// future gives back its own box; only a ready value is boxed.
            ///
            /// ```
            #[doc = concat!("use fast_async::", stringify!($name), ";")]
            ///
            #[doc = concat!("let boxed = ", stringify!($name), "::<'static, u32>::ready(7).into_box();")]
            /// # let _ = boxed;
            /// ```
            pub fn into_box(self) -> Pin<Box<dyn Future<Output = T> $(+ $send)? + 'a>>
            where
                T: 'a $(+ $send)?,
            {
                match self.state {
                    State::Ready(value) => Box::pin(future::ready(value)),
                    State::Boxed(future) => future,
                }
            }
        }

        impl<'a, T: 'a> Future for $name<'a, T> {
            type Output = T;

            #[inline]
            fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
                let this = self.get_mut();
                // A box (the real future, or the spent one, which panics) is
                // polled in place: nothing moves while it is pending.
                if let State::Boxed(future) = &mut this.state {
                    let poll = future.as_mut().poll(cx);
                    if poll.is_ready() {
                        // Done: drop its box now, leaving the spent future
                        // (a boxed ZST: no allocation).
                        this.state = State::Boxed(Box::pin(Spent::<T, $local>::new()));
                    }
                    return poll;
                }
                let spent: Pin<Box<dyn Future<Output = T> $(+ $send)? + 'a>> =
                    Box::pin(Spent::<T, $local>::new());
                match core::mem::replace(&mut this.state, State::Boxed(spent)) {
                    State::Ready(value) => Poll::Ready(value),
                    State::Boxed(_) => unreachable!("a boxed state is polled above"),
                }
            }
        }

        impl<'a, T: 'a> crate::__private::Panicked for $name<'a, T> {
            /// A boxed future that resumes the panic when polled (one
            /// allocation, on this path only).
            #[cfg(feature = "std")]
            #[cold]
            fn panicked(payload: Box<dyn core::any::Any + Send>) -> Self {
                Self::from_box(Box::pin(ResumeUnwind::<T, $local>::new(payload)))
            }
        }

        impl<'a, T: 'a> MaybeReady for $name<'a, T> {
            fn is_ready(&self) -> bool {
                $name::is_ready(self)
            }

            fn into_ready(self) -> Result<T, Self> {
                $name::into_ready(self)
            }

            $($into_fast)*

            /// Moves the value or the box (a `Send` one forgets it): no
            /// allocation.
            fn into_local_fast_future<'b>(self) -> LocalFastFuture<'b, T>
            where
                Self: 'b,
            {
                match self.state {
                    State::Ready(value) => LocalFastFuture::ready(value),
                    State::Boxed(future) => LocalFastFuture::from_box(future),
                }
            }
        }

        // Never pinned structurally: the value is moved out, the future is
        // behind its own `Pin<Box<_>>`.
        impl<T> Unpin for $name<'_, T> {}

        impl<T> fmt::Debug for $name<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let state = match self.state {
                    State::Ready(_) => "Ready",
                    State::Boxed(_) => "Boxed",
                };
                f.debug_tuple(stringify!($name)).field(&format_args!("{state}")).finish()
            }
        }

    };
}

/// A ready value or a boxed future. Two variants only: the spent state is a
/// boxed zero-sized future, so `State<'_, u64, _>` is 16 bytes (and a panic
/// caught at the call, with `std`, a boxed future that resumes it).
enum State<T, F: ?Sized> {
    Ready(T),
    Boxed(Pin<Box<F>>),
}

dyn_form! {
    /// The nameable, `Send` dyn form of a `#[fast_async]` future: either a
    /// ready `T` (no allocation) or a `Pin<Box<dyn Future<Output = T> + Send + 'a>>`.
    ///
    /// This is what methods of a `#[fast_async]` trait return, so the trait
    /// stays `dyn`-compatible. It is 16 bytes when `T` fits in 8, `Unpin`
    /// always, and `Send` when `T` is. Polling it after it gave its value
    /// panics. With the `std` feature, a panic of the function's synchronous
    /// part is held as a boxed future that resumes it when first polled.
    ///
    /// ```
    /// use fast_async::FastFuture;
    ///
    /// fn lookup(key: u32) -> FastFuture<'static, u32> {
    ///     if key == 0 {
    ///         FastFuture::ready(0) // no allocation
    ///     } else {
    ///         FastFuture::boxed(async move { key * 10 })
    ///     }
    /// }
    ///
    /// assert_eq!(lookup(0).into_ready().ok(), Some(0));
    /// assert!(!lookup(4).is_ready());
    /// assert_eq!(std::mem::size_of::<FastFuture<'static, u64>>(), 16);
    /// ```
    FastFuture, local = false, Send,
    {
        /// Moves the value or the box: no allocation.
        fn into_fast_future<'b>(self) -> FastFuture<'b, T>
        where
            Self: Send + 'b,
        {
            match self.state {
                State::Ready(value) => FastFuture::ready(value),
                State::Boxed(future) => FastFuture::from_box(future),
            }
        }
    }
}

dyn_form! {
    /// The nameable dyn form for futures that need not be `Send`
    /// (`#[fast_async(?Send)]`): a ready `T` or a
    /// `Pin<Box<dyn Future<Output = T> + 'a>>`.
    ///
    /// ```
    /// use fast_async::LocalFastFuture;
    /// use std::rc::Rc;
    ///
    /// let shared = Rc::new(5);
    /// let future: LocalFastFuture<'_, i32> = LocalFastFuture::boxed(async move { *shared });
    /// assert!(!future.is_ready());
    /// assert_eq!(LocalFastFuture::ready(1).into_ready().ok(), Some(1));
    /// ```
    LocalFastFuture, local = true, ,
    {
        /// Never callable: a `LocalFastFuture` is never `Send`.
        fn into_fast_future<'b>(self) -> FastFuture<'b, T>
        where
            Self: Send + 'b,
        {
            match self.into_ready() {
                Ok(value) => FastFuture::ready(value),
                Err(pending) => FastFuture::boxed(pending),
            }
        }
    }
}
