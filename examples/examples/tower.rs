//! A `tower::Service` whose response future is `FastFuture<'static, _>`: a
//! cache hit is answered with a ready future, without allocating; only a
//! miss, which awaits the store, boxes its future.
//!
//! The usual way to name a service's future is to box it
//! (`Pin<Box<dyn Future>>`, as tower's `BoxService` does): one allocation
//! per call, hits included. `FastFuture` is nameable too, so the service
//! type can be erased as `Box<dyn Service<.., Future = FastFuture<..>>>`
//! and still answer hits for free, where wrapping it in `BoxService` boxes
//! every response again.
//!
//! Run: `cargo run -p fast-async-examples --example tower`

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use fast_async::{fast_async, FastFuture};
use fast_async_examples::{allocations, block_on, CountingAllocator, PendingOnce};
use tower::util::BoxService;
use tower::{Service, ServiceExt};

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

const CALLS: u64 = 1000;
/// Every tenth call asks for a price never seen before.
const MISS_EVERY: u64 = 10;

#[derive(Debug)]
struct StoreDown;

/// The slow store: waits once, then answers.
async fn fetch(id: u64) -> Result<u64, StoreDown> {
    PendingOnce::default().await;
    Ok(id * 10)
}

type Prices = Arc<Mutex<HashMap<u64, u64>>>;

/// Prices, cached in front of the store: `Future = FastFuture`.
struct PriceService {
    cache: Prices,
}

impl Service<u64> for PriceService {
    type Response = u64;
    type Error = StoreDown;
    type Future = FastFuture<'static, Result<u64, StoreDown>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), StoreDown>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, id: u64) -> Self::Future {
        price(self.cache.clone(), id)
    }
}

#[fast_async(dyn)]
async fn price(cache: Prices, id: u64) -> Result<u64, StoreDown> {
    if let Some(&price) = cache.lock().unwrap().get(&id) {
        return Ok(price); // a hit: ready, no allocation
    }
    let price = fetch(id).await?; // a miss: boxed once
    cache.lock().unwrap().insert(id, price);
    Ok(price)
}

/// The same service written the usual way: a boxed future per call.
struct BoxedPriceService {
    cache: Prices,
}

impl Service<u64> for BoxedPriceService {
    type Response = u64;
    type Error = StoreDown;
    type Future = Pin<Box<dyn Future<Output = Result<u64, StoreDown>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), StoreDown>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, id: u64) -> Self::Future {
        let cache = self.cache.clone();
        Box::pin(async move {
            if let Some(&price) = cache.lock().unwrap().get(&id) {
                return Ok(price);
            }
            let price = fetch(id).await?;
            cache.lock().unwrap().insert(id, price);
            Ok(price)
        })
    }
}

/// A cache that knows ids `0..CALLS`, with room for the misses, so that
/// filling it never allocates: what is counted is the futures.
fn warm_cache() -> Prices {
    let mut map = HashMap::with_capacity(2 * CALLS as usize);
    map.extend((0..CALLS).map(|id| (id, id * 10)));
    Arc::new(Mutex::new(map))
}

/// Allocations made by the hits and by the misses, from the call to the
/// response.
fn run<S>(mut service: S) -> [u64; 2]
where
    S: Service<u64, Response = u64, Error = StoreDown>,
{
    let mut allocated = [0, 0];
    for call in 0..CALLS {
        let miss = call % MISS_EVERY == 0;
        let id = if miss { CALLS + call } else { call };
        block_on(service.ready()).unwrap();
        let before = allocations();
        let price = block_on(service.call(id)).unwrap();
        allocated[usize::from(miss)] += allocations() - before;
        assert_eq!(price, id * 10);
    }
    allocated
}

/// The service type erased, without boxing its futures.
type DynPriceService = Box<
    dyn Service<
            u64,
            Response = u64,
            Error = StoreDown,
            Future = FastFuture<'static, Result<u64, StoreDown>>,
        > + Send,
>;

fn main() {
    let misses = CALLS / MISS_EVERY;
    let hits = CALLS - misses;
    println!("{CALLS} calls to a tower::Service: {hits} cache hits, {misses} misses");
    println!();
    println!(
        "{:<50} {:>10} {:>12}",
        "service (response future)", "hit allocs", "miss allocs"
    );
    let report = |name: &str, allocated: [u64; 2], expected: [u64; 2]| {
        println!("{name:<50} {:>10} {:>12}", allocated[0], allocated[1]);
        assert_eq!(allocated, expected, "{name}");
    };
    let boxed = BoxedPriceService {
        cache: warm_cache(),
    };
    report("Pin<Box<dyn Future>> per call", run(boxed), [hits, misses]);
    let fast = || PriceService {
        cache: warm_cache(),
    };
    report("FastFuture<'static, _>", run(fast()), [0, misses]);
    let erased: DynPriceService = Box::new(fast());
    report(
        "Box<dyn Service<.., Future = FastFuture<..>>>",
        run(erased),
        [0, misses],
    );
    let boxed_again = BoxService::new(fast());
    report(
        "tower's BoxService around the FastFuture service",
        run(boxed_again),
        [hits, 2 * misses],
    );
    println!();
    println!("FastFuture answers hits without a box; BoxService boxes every response again.");
}
