//! A layered service behind `Arc<dyn Service>`, on tokio: a validating layer
//! that rejects bad requests at once, a cache layer that answers hits at
//! once, and a store that really waits (`tokio::time::sleep`).
//!
//! Every layer is a `#[fast_async]` impl of a `#[fast_async]` trait. A layer
//! that answers synchronously returns a ready `FastFuture`; one that awaits
//! the layer below stays ready when that layer was (ready propagation), and
//! boxes one continuation when it was not. So rejections and hits allocate
//! nothing, and a miss allocates one box per layer it goes through.
//! (`#[async_trait]` would box every call at every layer it reaches.)
//!
//! Run: `cargo run -p fast-async-examples --example dyn_service`

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fast_async::fast_async;
use fast_async_examples::{allocations, CountingAllocator};

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// A price lookup by product id.
#[fast_async]
trait Service: Send + Sync {
    async fn price(&self, id: u64) -> Result<u64, Error>;
}

#[derive(Debug, PartialEq)]
enum Error {
    InvalidId(u64),
}

const MAX_ID: u64 = 1_000_000;

/// Rejects ids out of range, without asking the layers below.
struct Validate {
    inner: Arc<dyn Service>,
    rejected: AtomicU64,
}

#[fast_async]
impl Service for Validate {
    async fn price(&self, id: u64) -> Result<u64, Error> {
        if id == 0 || id > MAX_ID {
            self.rejected.fetch_add(1, Relaxed);
            return Err(Error::InvalidId(id)); // ready
        }
        self.inner.price(id).await // ready when the layer below is
    }
}

/// Answers the prices it has seen; asks the layer below for the others.
struct Cache {
    inner: Arc<dyn Service>,
    map: Mutex<HashMap<u64, u64>>,
    hits: AtomicU64,
}

#[fast_async]
impl Service for Cache {
    async fn price(&self, id: u64) -> Result<u64, Error> {
        if let Some(&price) = self.map.lock().unwrap().get(&id) {
            self.hits.fetch_add(1, Relaxed);
            return Ok(price); // ready
        }
        let price = self.inner.price(id).await?; // a miss: boxed once
        self.map.lock().unwrap().insert(id, price);
        Ok(price)
    }
}

/// The slow store: every lookup waits on the timer.
struct Store {
    fetches: AtomicU64,
}

#[fast_async]
impl Service for Store {
    async fn price(&self, id: u64) -> Result<u64, Error> {
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.fetches.fetch_add(1, Relaxed);
        Ok(id * 10)
    }
}

/// Calls `service` and awaits the answer: was the future ready, and how many
/// allocations did it take from the call to the answer?
async fn call(service: &dyn Service, id: u64) -> (Result<u64, Error>, bool, u64) {
    let before = allocations();
    let future = service.price(id);
    let ready = future.is_ready();
    let result = future.await;
    (result, ready, allocations() - before)
}

#[derive(Default)]
struct Tally {
    calls: u64,
    ready: u64,
    allocations: u64,
}

/// What a request is, known from its id.
#[derive(Clone, Copy)]
enum Kind {
    Invalid,
    Hit,
    Miss,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let store = Arc::new(Store {
        fetches: AtomicU64::new(0),
    });
    let cache = Arc::new(Cache {
        inner: store.clone(),
        // Room for every id, so that filling the cache never allocates:
        // what is counted is the futures.
        map: Mutex::new(HashMap::with_capacity(1024)),
        hits: AtomicU64::new(0),
    });
    let validate = Arc::new(Validate {
        inner: cache.clone(),
        rejected: AtomicU64::new(0),
    });
    let service: Arc<dyn Service> = validate.clone();
    for id in 1..=20 {
        cache.price(id).await.unwrap(); // the cache starts warm
    }
    cache.hits.store(0, Relaxed);
    store.fetches.store(0, Relaxed);

    // 1000 requests: 4% invalid, 6% for new ids (misses), the rest hits.
    let mut new_ids = 101..;
    let mut tallies: [Tally; 3] = Default::default();
    for n in 0..1000 {
        let (kind, id) = match n % 50 {
            0 => (Kind::Invalid, 0),
            1 => (Kind::Invalid, MAX_ID + 1),
            2..=4 => (Kind::Miss, new_ids.next().unwrap()),
            _ => (Kind::Hit, 1 + n % 20),
        };
        let (result, ready, allocated) = call(&*service, id).await;
        match kind {
            Kind::Invalid => assert_eq!(result, Err(Error::InvalidId(id))),
            Kind::Hit | Kind::Miss => assert_eq!(result, Ok(id * 10)),
        }
        let tally = &mut tallies[kind as usize];
        tally.calls += 1;
        tally.ready += u64::from(ready);
        tally.allocations += allocated;
    }

    println!(
        "1000 price lookups through Arc<dyn Service>: validate -> cache -> store (sleeps 1 ms)"
    );
    println!();
    println!(
        "{:<12} {:>6} {:>12} {:>12}",
        "request", "calls", "ready calls", "allocations"
    );
    let names = ["invalid id", "cache hit", "cache miss"];
    for (name, tally) in names.iter().zip(&tallies) {
        println!(
            "{name:<12} {:>6} {:>12} {:>12}",
            tally.calls, tally.ready, tally.allocations
        );
    }
    let [invalid, hits, misses] = &tallies;
    let (rejected, cached, fetched) = (
        validate.rejected.load(Relaxed),
        cache.hits.load(Relaxed),
        store.fetches.load(Relaxed),
    );
    println!("(validate rejected {rejected}, cache answered {cached}, store fetched {fetched})");
    assert_eq!(
        (rejected, cached, fetched),
        (invalid.calls, hits.calls, misses.calls)
    );
    assert_eq!((invalid.ready, invalid.allocations), (invalid.calls, 0));
    assert_eq!((hits.ready, hits.allocations), (hits.calls, 0));
    assert_eq!((misses.ready, misses.allocations), (0, 3 * misses.calls));

    // Where a miss's allocations come from: enter the stack at each layer.
    println!();
    println!("allocations of one miss, by the layer it enters at:");
    let layers: [(&str, &dyn Service); 3] = [
        ("validate", &*service),
        ("cache", &*cache),
        ("store", &*store),
    ];
    for (below, (name, layer)) in (0..3).rev().zip(layers) {
        let id = 900 + below;
        let (result, ready, allocated) = call(layer, id).await;
        assert_eq!((result, ready), (Ok(id * 10), false));
        assert_eq!(
            allocated,
            below + 1,
            "one box per layer the miss goes through"
        );
        println!("  {name:<9} {allocated}");
    }
    println!("(the store's future, then one continuation per layer above it)");
}
