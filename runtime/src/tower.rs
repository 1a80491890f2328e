//! Type-erased `tower` services that answer ready requests without a box
//! (feature `tower`).
//!
//! Erasing a service's type is where the tower ecosystem pays for every
//! request: tower's `BoxService`, `BoxCloneService` and
//! `BoxCloneSyncService` box every call's future, even when the answer (a
//! cache hit, a rejected request, a health check) is known at once. The
//! services here erase the type the same way, but their future is
//! [`FastFuture<'static, Result<Response, Error>>`](FastFuture): a ready
//! response stays a value, and only a response that really waits is boxed.
//!
//! | tower (`tower::util`) | here | `Clone` | `Sync` |
//! |---|---|---|---|
//! | `BoxService` | [`BoxFastService`] | no | no (tower's is, through `sync_wrapper`; this crate has no `unsafe`) |
//! | `BoxCloneService` | [`BoxCloneFastService`] | yes | no |
//! | `BoxCloneSyncService` | [`BoxCloneSyncFastService`] | yes | yes (what axum's `route_service` needs) |
//!
//! Each has two constructors:
//! - `new(service)` for a service whose future is [`MaybeReady`] (a
//!   `#[fast_async]` fn's, a [`FastFuture`], `core::future::Ready`): a ready
//!   response is moved, never boxed; a pending [`FastFuture`] keeps its own
//!   box; a pending opaque future is converted by
//!   [`MaybeReady::into_fast_future`], which may box it once more (a handler
//!   that often waits can be `#[fast_async(dyn)]`: its `FastFuture` is
//!   handed on as it is);
//! - `boxing(service)` for any other service: its future is boxed once per
//!   call, as tower's boxes do — so these wrap everything tower's own wrap.
//!
//! and `layer()` / `boxing_layer()`, tower-layer `Layer`s that apply them.
//! `poll_ready` is forwarded: an inner service that is not ready (a
//! concurrency limit, a buffer that is full) keeps saying so.
//!
//! [`service_fn`] makes a service of a `#[fast_async]` function or closure,
//! so that a handler needs no `impl Service` of its own.
//!
//! The gain holds where every layer's future is [`MaybeReady`]: layers
//! written with [`FastFuture`] or `#[fast_async]`. tower's own middleware
//! (`Timeout`, `MapResponse`, concurrency limits, `Buffer`) wraps the future
//! in types of its own, which cannot say they are done: erase such a service
//! with `boxing` (one box per call, as tower's), or keep that middleware
//! outside the erased part. (tower's own `service_fn` over a `#[fast_async]`
//! fn keeps the fn's future, so `new` takes it too.)
//!
//! The response and error types are `'static` (the future is
//! `FastFuture<'static, _>`), as they are in practice for a future that is
//! itself `'static`.
//!
//! Behind axum: axum's `Router` keeps every route as its own
//! `BoxCloneSyncService`, clones it per request and boxes the response
//! future, whatever that future is; give `route_service` the service
//! unerased (the README's tower section has the figures).
//!
//! ```
//! use fast_async::fast_async;
//! use fast_async::tower::{service_fn, BoxCloneSyncFastService};
//! use std::collections::HashMap;
//! use std::sync::Arc;
//! use tower_service::Service;
//!
//! #[derive(Debug)]
//! struct NotFound;
//!
//! #[fast_async]
//! async fn price(prices: Arc<HashMap<u64, u64>>, id: u64) -> Result<u64, NotFound> {
//!     if let Some(&price) = prices.get(&id) {
//!         return Ok(price); // a hit: ready, no allocation
//!     }
//!     slow_store(id).await // a miss: boxed once
//! }
//! # async fn slow_store(_: u64) -> Result<u64, NotFound> { Err(NotFound) }
//!
//! let prices = Arc::new(HashMap::from([(1, 10)]));
//! let mut service: BoxCloneSyncFastService<u64, u64, NotFound> =
//!     BoxCloneSyncFastService::new(service_fn(move |id| price(prices.clone(), id)));
//!
//! let response = service.call(1); // a FastFuture<'static, Result<u64, NotFound>>
//! assert_eq!(response.into_ready().ok().map(Result::unwrap), Some(10));
//! assert!(!service.call(2).is_ready()); // a miss awaits the store
//! ```

use alloc::boxed::Box;
use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::task::{Context, Poll};

use tower_layer::{layer_fn, LayerFn};
use tower_service::Service;

use crate::{FastFuture, MaybeReady};

/// The future of every erased service here.
type Response<U, E> = FastFuture<'static, Result<U, E>>;

/// How an inner service's future becomes a [`FastFuture`].
trait Convert<F: Future> {
    fn convert(future: F) -> FastFuture<'static, F::Output>;
}

/// `new`: a [`MaybeReady`] future, converted without boxing a ready value.
struct Moving;

impl<F: MaybeReady + Send + 'static> Convert<F> for Moving {
    #[inline]
    fn convert(future: F) -> FastFuture<'static, F::Output> {
        future.into_fast_future()
    }
}

/// `boxing`: any future, boxed once.
struct Boxing;

impl<F: Future + Send + 'static> Convert<F> for Boxing {
    #[inline]
    fn convert(future: F) -> FastFuture<'static, F::Output> {
        FastFuture::boxed(future)
    }
}

/// The inner service with its future converted by `C`; what the erased
/// services hold behind their `dyn`.
struct Adapted<S, C> {
    inner: S,
    convert: PhantomData<fn() -> C>,
}

impl<S, C> Adapted<S, C> {
    fn new(inner: S) -> Self {
        Adapted {
            inner,
            convert: PhantomData,
        }
    }
}

impl<S: Clone, C> Clone for Adapted<S, C> {
    fn clone(&self) -> Self {
        Adapted::new(self.inner.clone())
    }
}

impl<S, C, T> Service<T> for Adapted<S, C>
where
    S: Service<T>,
    S::Response: 'static,
    S::Error: 'static,
    C: Convert<S::Future>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Response<S::Response, S::Error>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, request: T) -> Self::Future {
        C::convert(self.inner.call(request))
    }
}

/// A service that can clone itself into a box (`BoxCloneFastService`).
trait CloneService<T>: Service<T> {
    #[allow(clippy::type_complexity)]
    fn clone_box(
        &self,
    ) -> Box<
        dyn CloneService<T, Response = Self::Response, Error = Self::Error, Future = Self::Future>
            + Send,
    >;
}

impl<T, S> CloneService<T> for S
where
    S: Service<T> + Clone + Send + 'static,
{
    fn clone_box(
        &self,
    ) -> Box<dyn CloneService<T, Response = S::Response, Error = S::Error, Future = S::Future> + Send>
    {
        Box::new(self.clone())
    }
}

/// A service that can clone itself into a `Sync` box
/// (`BoxCloneSyncFastService`).
trait CloneSyncService<T>: Service<T> {
    #[allow(clippy::type_complexity)]
    fn clone_box(
        &self,
    ) -> Box<
        dyn CloneSyncService<
                T,
                Response = Self::Response,
                Error = Self::Error,
                Future = Self::Future,
            > + Send
            + Sync,
    >;
}

impl<T, S> CloneSyncService<T> for S
where
    S: Service<T> + Clone + Send + Sync + 'static,
{
    fn clone_box(
        &self,
    ) -> Box<
        dyn CloneSyncService<T, Response = S::Response, Error = S::Error, Future = S::Future>
            + Send
            + Sync,
    > {
        Box::new(self.clone())
    }
}

/// Writes one erased service: the struct, its constructors and layers, and
/// its `Service` and `Debug` impls.
macro_rules! erased {
    (
        $(#[$attr:meta])*
        $name:ident, tower = $tower:literal,
        dyn $trait:ident $(+ $bound:ident)*,
        where $($extra:ident)+
    ) => {
        $(#[$attr])*
        pub struct $name<T, U, E> {
            inner: Box<dyn $trait<T, Response = U, Error = E, Future = Response<U, E>> $(+ $bound)*>,
        }

        impl<T, U: 'static, E: 'static> $name<T, U, E> {
            #[doc = concat!("Erases `service`, whose future is [`MaybeReady`]: a ready response is moved, never boxed (tower's `", $tower, "::new` boxes it).")]
            ///
            /// A [`FastFuture`] (a `#[fast_async(dyn)]` fn's, another erased
            /// service's) is handed on as it is, pending or not; a pending
            /// opaque future (a `#[fast_async]` fn's `impl MaybeReady`)
            /// goes through [`MaybeReady::into_fast_future`].
            pub fn new<S>(service: S) -> Self
            where
                S: Service<T, Response = U, Error = E> + $($extra +)+ 'static,
                S::Future: MaybeReady + Send + 'static,
            {
                $name { inner: Box::new(Adapted::<S, Moving>::new(service)) }
            }

            /// Erases any `service`, boxing its future once per call, as
            #[doc = concat!("tower's `", $tower, "::new` does: for futures that are not [`MaybeReady`].")]
            pub fn boxing<S>(service: S) -> Self
            where
                S: Service<T, Response = U, Error = E> + $($extra +)+ 'static,
                S::Future: Send + 'static,
            {
                $name { inner: Box::new(Adapted::<S, Boxing>::new(service)) }
            }

            #[doc = concat!("A `Layer` that erases the service it wraps with [`", stringify!($name), "::new`].")]
            pub fn layer<S>() -> LayerFn<fn(S) -> Self>
            where
                S: Service<T, Response = U, Error = E> + $($extra +)+ 'static,
                S::Future: MaybeReady + Send + 'static,
            {
                layer_fn(Self::new)
            }

            #[doc = concat!("A `Layer` that erases the service it wraps with [`", stringify!($name), "::boxing`].")]
            pub fn boxing_layer<S>() -> LayerFn<fn(S) -> Self>
            where
                S: Service<T, Response = U, Error = E> + $($extra +)+ 'static,
                S::Future: Send + 'static,
            {
                layer_fn(Self::boxing)
            }
        }

        impl<T, U: 'static, E: 'static> Service<T> for $name<T, U, E> {
            type Response = U;
            type Error = E;
            type Future = Response<U, E>;

            #[inline]
            fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), E>> {
                self.inner.poll_ready(cx)
            }

            #[inline]
            fn call(&mut self, request: T) -> Self::Future {
                self.inner.call(request)
            }
        }

        impl<T, U, E> fmt::Debug for $name<T, U, E> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).finish()
            }
        }
    };
}

erased! {
    /// A boxed `Service + Send` whose future is
    /// [`FastFuture<'static, Result<U, E>>`](FastFuture): tower's
    /// `BoxService` without a box per ready response.
    ///
    /// It is `Send` but not `Sync` (tower's `BoxService` is `Sync` through
    /// `sync_wrapper`, which needs `unsafe`; this crate has none). A
    /// service is called through `&mut`, so a shared one sits behind a
    /// `Mutex` anyway; for a `Sync` erased service take
    /// [`BoxCloneSyncFastService`].
    ///
    /// ```
    /// use fast_async::tower::{service_fn, BoxFastService};
    /// use fast_async::{fast_async, MaybeReady};
    /// use tower_service::Service;
    ///
    /// #[fast_async]
    /// async fn echo(request: String) -> Result<String, ()> {
    ///     Ok(request)
    /// }
    ///
    /// let mut service: BoxFastService<String, String, ()> = BoxFastService::new(service_fn(echo));
    /// let response = service.call("hi".to_owned());
    /// assert_eq!(response.into_ready().ok(), Some(Ok("hi".to_owned()))); // no box
    /// ```
    BoxFastService, tower = "BoxService",
    dyn Service + Send,
    where Send
}

erased! {
    /// A boxed `Service + Clone + Send` whose future is
    /// [`FastFuture<'static, Result<U, E>>`](FastFuture): tower's
    /// `BoxCloneService` without a box per ready response.
    ///
    /// Cloning it clones the service into a new box (one allocation), as
    /// tower's does.
    ///
    /// ```
    /// use fast_async::tower::{service_fn, BoxCloneFastService};
    /// use fast_async::fast_async;
    /// use tower_service::Service;
    ///
    /// #[fast_async]
    /// async fn double(x: u32) -> Result<u32, ()> {
    ///     Ok(x * 2)
    /// }
    ///
    /// let service = BoxCloneFastService::new(service_fn(double));
    /// let mut copy = service.clone();
    /// assert_eq!(copy.call(4).into_ready().ok(), Some(Ok(8)));
    /// ```
    BoxCloneFastService, tower = "BoxCloneService",
    dyn CloneService + Send,
    where Clone Send
}

erased! {
    /// A boxed `Service + Clone + Send + Sync` whose future is
    /// [`FastFuture<'static, Result<U, E>>`](FastFuture): tower's
    /// `BoxCloneSyncService` without a box per ready response.
    ///
    /// This is the bound axum puts on a route's service
    /// (`Router::route_service`: `Service<Request> + Clone + Send + Sync +
    /// 'static`, its future `Send`). Note that axum's router then wraps the
    /// route in its own `BoxCloneSyncService` and boxes each response
    /// future there (the README's tower section says what remains).
    ///
    /// ```
    /// use fast_async::tower::{service_fn, BoxCloneSyncFastService};
    /// use fast_async::fast_async;
    /// use tower_service::Service;
    ///
    /// #[fast_async]
    /// async fn health(_: ()) -> Result<&'static str, ()> {
    ///     Ok("ok")
    /// }
    ///
    /// fn shared<S: Clone + Send + Sync + 'static>(_: &S) {}
    ///
    /// let mut service = BoxCloneSyncFastService::new(service_fn(health));
    /// shared(&service);
    /// assert_eq!(service.call(()).into_ready().ok(), Some(Ok("ok")));
    /// ```
    BoxCloneSyncFastService, tower = "BoxCloneSyncService",
    dyn CloneSyncService + Send + Sync,
    where Clone Send Sync
}

impl<T, U: 'static, E: 'static> Clone for BoxCloneFastService<T, U, E> {
    fn clone(&self) -> Self {
        BoxCloneFastService {
            inner: self.inner.clone_box(),
        }
    }
}

impl<T, U: 'static, E: 'static> Clone for BoxCloneSyncFastService<T, U, E> {
    fn clone(&self) -> Self {
        BoxCloneSyncFastService {
            inner: self.inner.clone_box(),
        }
    }
}

/// A service made of a function or closure returning a [`MaybeReady`]
/// future — a `#[fast_async]` fn, so that a handler needs no `impl Service`
/// of its own. Always ready (`poll_ready` returns `Ready(Ok(()))`), like
/// tower's `service_fn`; its future is the function's own, so a ready
/// response stays ready through [`BoxFastService::new`] and its siblings.
///
/// A handler with state takes it by value (an `Arc`, a cheap clone), so that
/// its future is `'static`:
///
/// ```
/// use fast_async::tower::{service_fn, BoxFastService};
/// use fast_async::{fast_async, MaybeReady};
/// use std::sync::Arc;
/// use tower_service::Service;
///
/// struct Greeter {
///     greeting: String,
/// }
///
/// impl Greeter {
///     #[fast_async]
///     async fn greet(self: Arc<Self>, name: String) -> Result<String, ()> {
///         Ok(format!("{}, {name}", self.greeting))
///     }
/// }
///
/// let greeter = Arc::new(Greeter { greeting: "hello".to_owned() });
/// let mut service = service_fn(move |name| greeter.clone().greet(name));
/// let response = service.call("you".to_owned());
/// assert_eq!(response.into_ready().ok(), Some(Ok("hello, you".to_owned())));
/// let _erased: BoxFastService<String, String, ()> = BoxFastService::new(service);
/// ```
pub fn service_fn<F>(f: F) -> ServiceFn<F> {
    ServiceFn { f }
}

/// The service of [`service_fn`].
#[derive(Clone, Copy)]
pub struct ServiceFn<F> {
    f: F,
}

impl<F, T, R, U, E> Service<T> for ServiceFn<F>
where
    F: FnMut(T) -> R,
    R: MaybeReady<Output = Result<U, E>>,
{
    type Response = U;
    type Error = E;
    type Future = R;

    #[inline]
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), E>> {
        Poll::Ready(Ok(()))
    }

    #[inline]
    fn call(&mut self, request: T) -> R {
        (self.f)(request)
    }
}

impl<F> fmt::Debug for ServiceFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceFn")
            .field("f", &format_args!("{}", core::any::type_name::<F>()))
            .finish()
    }
}
