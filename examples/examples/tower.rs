//! A tower stack — validate → cache → store — erased as one service and
//! serving requests on tokio: with `fast_async::tower`'s
//! `BoxCloneSyncFastService` a rejected request and a cache hit are
//! answered without allocating; with tower's `BoxCloneSyncService` every
//! request pays a box. Then the same service behind an axum router, and
//! what axum's routing allocates around it.
//!
//! The store is a `#[fast_async(dyn)]` fn made a service by
//! `fast_async::tower::service_fn`: no `impl Service` for it.
//!
//! Run: `cargo run -p fast-async-examples --example tower`

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use axum::Router;
use fast_async::tower::{service_fn, BoxCloneSyncFastService};
use fast_async::{fast_async, FastFuture, MaybeReady};
use fast_async_examples::{allocations, PendingOnce};
use tower::util::BoxCloneSyncService;
use tower::{Service, ServiceExt};

#[global_allocator]
static GLOBAL: fast_async_examples::CountingAllocator = fast_async_examples::CountingAllocator;

const CALLS: u64 = 1000;
/// Every tenth request asks for a price never seen before.
const MISS_EVERY: u64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Error {
    /// Id 0 is not a product.
    Invalid,
}

type Price = FastFuture<'static, Result<u64, Error>>;

/// The slow store: waits once, then answers. A service through
/// `service_fn(fetch)`.
#[fast_async(dyn)]
async fn fetch(id: u64) -> Result<u64, Error> {
    PendingOnce::default().await;
    Ok(id * 10)
}

type Prices = Arc<Mutex<HashMap<u64, u64>>>;

/// The cache layer: a hit is answered at once; a miss asks the inner
/// service and keeps its answer.
#[derive(Clone)]
struct Cached<S> {
    prices: Prices,
    inner: S,
}

impl<S> Service<u64> for Cached<S>
where
    S: Service<u64, Response = u64, Error = Error>,
    S::Future: MaybeReady + Send + 'static,
{
    type Response = u64;
    type Error = Error;
    type Future = Price;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, id: u64) -> Price {
        let hit = self.prices.lock().unwrap().get(&id).copied();
        if let Some(price) = hit {
            return FastFuture::ready(Ok(price)); // no allocation
        }
        keep(self.prices.clone(), id, self.inner.call(id))
    }
}

/// A miss: the store's answer, kept (boxed once, only if the answer waits).
#[fast_async(dyn)]
async fn keep<F>(prices: Prices, id: u64, answer: F) -> Result<u64, Error>
where
    F: MaybeReady<Output = Result<u64, Error>> + Send,
{
    let price = answer.await?;
    prices.lock().unwrap().insert(id, price);
    Ok(price)
}

/// The validation layer: id 0 is rejected at once.
#[derive(Clone)]
struct Validate<S> {
    inner: S,
}

impl<S> Service<u64> for Validate<S>
where
    S: Service<u64, Response = u64, Error = Error>,
    S::Future: MaybeReady + Send + 'static,
{
    type Response = u64;
    type Error = Error;
    type Future = Price;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, id: u64) -> Price {
        if id == 0 {
            return FastFuture::ready(Err(Error::Invalid)); // no allocation
        }
        self.inner.call(id).into_fast_future() // a FastFuture: moved as it is
    }
}

/// A cache that knows ids `1..=CALLS`, with room for the misses, so that
/// filling it never allocates: what is counted is the services.
fn warm_cache() -> Prices {
    let mut map = HashMap::with_capacity(2 * CALLS as usize);
    map.extend((1..=CALLS).map(|id| (id, id * 10)));
    Arc::new(Mutex::new(map))
}

/// The stack, not erased: validate → cache → store.
fn stack(
) -> Validate<Cached<impl Service<u64, Response = u64, Error = Error, Future = Price> + Clone>> {
    let store = service_fn(fetch);
    Validate {
        inner: Cached {
            prices: warm_cache(),
            inner: store,
        },
    }
}

/// Allocations per kind of request (rejected, hit, miss), summed over the
/// run, serving `CALLS` requests on the current tokio task as a server's
/// connection task does: `ready().await`, then `call(..).await`.
async fn serve<S>(mut service: S) -> [u64; 3]
where
    S: Service<u64, Response = u64, Error = Error>,
{
    let mut allocated = [0; 3];
    for call in 0..CALLS {
        let (kind, id) = match call {
            _ if call % 100 == 1 => (0, 0),
            _ if call % MISS_EVERY == 0 => (2, CALLS + call + 1),
            _ => (1, call + 1),
        };
        let ready = service.ready().await.unwrap();
        let before = allocations();
        let answer = ready.call(id).await;
        allocated[kind] += allocations() - before;
        let expected = if id == 0 {
            Err(Error::Invalid)
        } else {
            Ok(id * 10)
        };
        assert_eq!(answer, expected);
    }
    allocated
}

/// The price stack as an HTTP endpoint: `GET /price/{id}`.
#[derive(Clone)]
struct Http<S> {
    prices: S,
}

impl<S> Service<Request<Body>> for Http<S>
where
    S: Service<u64, Response = u64, Error = Error, Future = Price>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = FastFuture<'static, Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        match self.prices.poll_ready(cx) {
            Poll::Ready(_) => Poll::Ready(Ok(())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let id = request
            .uri()
            .path()
            .rsplit('/')
            .next()
            .and_then(|id| id.parse().ok());
        let Some(id) = id else {
            return FastFuture::ready(Ok(status(StatusCode::BAD_REQUEST)));
        };
        respond(self.prices.call(id))
    }
}

/// The response: its status says found or not (an empty body, which is
/// not boxed, so that what is counted is the services).
#[fast_async(dyn)]
async fn respond(price: Price) -> Result<Response<Body>, Infallible> {
    let price = price.await;
    Ok(match price {
        Ok(_) => status(StatusCode::OK),
        Err(Error::Invalid) => status(StatusCode::NOT_FOUND),
    })
}

fn status(code: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = code;
    response
}

/// Allocations per hit through `service` as a `Service<Request<Body>>`,
/// and the last status: `CALLS` requests for cached ids.
async fn per_hit<S>(mut service: S) -> (f64, StatusCode)
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible>,
{
    let mut allocated = 0;
    let mut last = StatusCode::IM_A_TEAPOT;
    for call in 0..CALLS {
        let uri = format!("/price/{}", call % 100 + 1);
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let ready = service.ready().await.unwrap();
        let before = allocations();
        let response = ready.call(request).await.unwrap();
        allocated += allocations() - before;
        last = response.status();
    }
    (allocated as f64 / CALLS as f64, last)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let misses = CALLS / MISS_EVERY;
    let rejected = CALLS / 100;
    let hits = CALLS - misses - rejected;
    println!("{CALLS} requests to a validate -> cache -> store stack: {rejected} rejected, {hits} cache hits, {misses} misses");
    println!();
    println!(
        "{:<48} {:>8} {:>8} {:>8}",
        "service", "rejected", "hits", "misses"
    );
    let report = |name: &str, allocated: [u64; 3], expected: [u64; 3]| {
        let [r, h, m] = allocated;
        println!("{name:<48} {r:>8} {h:>8} {m:>8}");
        assert_eq!(allocated, expected, "{name}");
    };
    // A miss: the store's box and the cache's continuation (it keeps the
    // answer after the store's await).
    report(
        "the stack, not erased",
        runtime.block_on(serve(stack())),
        [0, 0, 2 * misses],
    );
    report(
        "fast_async::tower::BoxCloneSyncFastService",
        runtime.block_on(serve(BoxCloneSyncFastService::new(stack()))),
        [0, 0, 2 * misses],
    );
    report(
        "tower::util::BoxCloneSyncService",
        runtime.block_on(serve(BoxCloneSyncService::new(stack()))),
        [rejected, hits, 3 * misses],
    );
    println!();
    println!("Erased by fast_async::tower, ready requests allocate nothing; tower's box allocates for every one.");

    // The same stack as an axum route. axum keeps every route as its own
    // `BoxCloneSyncService` (its `Route`): per request it clones that box
    // (and so the route service: an erased one clones into a new box of its
    // own) and boxes the response future, whatever the route's future is.
    let endpoint = || Http { prices: stack() };
    let (direct, status) = runtime.block_on(per_hit(endpoint()));
    assert_eq!(status, StatusCode::OK);
    let erased = BoxCloneSyncFastService::new(endpoint());
    let (direct_erased, status) = runtime.block_on(per_hit(erased.clone()));
    assert_eq!(status, StatusCode::OK);
    let router = Router::new().route_service("/price/{id}", endpoint());
    let (routed, status) = runtime.block_on(per_hit(router));
    assert_eq!(status, StatusCode::OK);
    let router = Router::new().route_service("/price/{id}", erased);
    let (routed_erased, status) = runtime.block_on(per_hit(router));
    assert_eq!(status, StatusCode::OK);
    let tower_erased = BoxCloneSyncService::new(endpoint());
    let router = Router::new().route_service("/price/{id}", tower_erased);
    let (routed_tower, status) = runtime.block_on(per_hit(router));
    assert_eq!(status, StatusCode::OK);
    println!();
    println!("GET /price/{{id}}, cache hits: allocations per request");
    println!("{:<48} {direct:>8}", "the endpoint, called directly");
    println!(
        "{:<48} {direct_erased:>8}",
        "the endpoint erased, called directly"
    );
    println!("{:<48} {routed:>8}", "an axum Router around the endpoint");
    println!(
        "{:<48} {routed_erased:>8}",
        "an axum Router around the erased endpoint"
    );
    println!(
        "{:<48} {routed_tower:>8}",
        "... around the endpoint in tower's box"
    );
    assert_eq!(
        [direct, direct_erased],
        [0.0; 2],
        "hits are answered without allocating"
    );
    // Cloning the erased endpoint (as axum's `Route` does per request)
    // clones it into a new box.
    assert_eq!(routed_erased, routed + 1.0);
    // tower's box: that clone, and a box for every response future.
    assert_eq!(routed_tower, routed + 2.0);
    println!();
    println!(
        "axum's routing allocates {routed} times per request around any route service: \
         its own box for the response future and the clone of its boxed route among them. \
         Give axum the endpoint unerased: it erases it anyway."
    );
}
