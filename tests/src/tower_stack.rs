//! The cache scenario as a tower stack of three layers, validate → cache →
//! store, for `tests/tests/tower.rs` (the benches build the same stack over
//! their own lock-free slots, `benches/src/lib.rs`): a request for id
//! 0 is rejected at once, a cached id is answered at once, any other id
//! awaits the store (pending once) and fills the cache.
//!
//! Each layer's future is a [`FastFuture`], so the stack answers ready
//! requests without allocating; what the tests compare is how it is erased
//! (`fast_async::tower` against tower's `BoxCloneSyncService`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use fast_async::tower::{service_fn, ServiceFn};
use fast_async::{fast_async, FastFuture, MaybeReady};
use tower::Service;

use crate::yield_once;

/// Why a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Rejected by [`Validate`]: id 0.
    Invalid,
    /// The store failed: id `u64::MAX`.
    StoreDown,
}

/// The response of every layer.
pub type Response = FastFuture<'static, Result<u64, Error>>;

/// The prices the cache holds, shared by its clones.
pub type Prices = Arc<Mutex<HashMap<u64, u64>>>;

/// The slow store: pending once, then the price (`id * 10`).
#[fast_async(dyn)]
pub async fn fetch(id: u64) -> Result<u64, Error> {
    yield_once(()).await;
    if id == u64::MAX {
        return Err(Error::StoreDown);
    }
    Ok(id * 10)
}

/// The store as a service: [`fetch`] through `fast_async::tower::service_fn`.
pub type Store = ServiceFn<fn(u64) -> Response>;

/// See [`Store`].
pub fn store() -> Store {
    service_fn(fetch as fn(u64) -> Response)
}

/// The cache layer: a hit is answered at once; a miss calls the inner
/// service and fills the cache when it answers.
#[derive(Debug, Clone)]
pub struct Cached<S> {
    prices: Prices,
    inner: S,
}

impl<S> Cached<S> {
    /// `inner` behind the cache `prices`.
    pub fn new(prices: Prices, inner: S) -> Self {
        Cached { prices, inner }
    }
}

impl<S> Service<u64> for Cached<S>
where
    S: Service<u64, Response = u64, Error = Error>,
    S::Future: MaybeReady + Send + 'static,
{
    type Response = u64;
    type Error = Error;
    type Future = Response;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, id: u64) -> Response {
        let hit = self.prices.lock().unwrap().get(&id).copied();
        if let Some(price) = hit {
            return FastFuture::ready(Ok(price));
        }
        fill(self.prices.clone(), id, self.inner.call(id))
    }
}

/// A miss: the inner service's answer, put in the cache (ready when the
/// answer is).
#[fast_async(dyn)]
async fn fill<F>(prices: Prices, id: u64, answer: F) -> Result<u64, Error>
where
    F: MaybeReady<Output = Result<u64, Error>> + Send,
{
    let price = answer.await?;
    prices.lock().unwrap().insert(id, price);
    Ok(price)
}

/// The validation layer: id 0 is rejected at once; any other request goes
/// on to the inner service.
#[derive(Debug, Clone)]
pub struct Validate<S> {
    inner: S,
}

impl<S> Validate<S> {
    /// Validates the requests for `inner`.
    pub fn new(inner: S) -> Self {
        Validate { inner }
    }
}

impl<S> Service<u64> for Validate<S>
where
    S: Service<u64, Response = u64, Error = Error>,
    S::Future: MaybeReady + Send + 'static,
{
    type Response = u64;
    type Error = Error;
    type Future = Response;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, id: u64) -> Response {
        if id == 0 {
            return FastFuture::ready(Err(Error::Invalid));
        }
        self.inner.call(id).into_fast_future()
    }
}

/// A cache holding ids `1..=cached` (price `id * 10`), with room for
/// `room` more, so that filling it never allocates: what is counted is the
/// services and their futures.
pub fn prices(cached: u64, room: usize) -> Prices {
    let mut map = HashMap::with_capacity(cached as usize + room);
    map.extend((1..=cached).map(|id| (id, id * 10)));
    Arc::new(Mutex::new(map))
}

/// The whole stack, not erased: validate → cache → store.
pub fn stack(prices: Prices) -> Validate<Cached<Store>> {
    Validate::new(Cached::new(prices, store()))
}
