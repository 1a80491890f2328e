//! The cache scenario: a cache in front of a slow store, behind
//! `Arc<dyn Cache>`. A hit returns the cached value at once; a miss awaits
//! the store (which is pending once, like real I/O) and fills the cache.
//!
//! The same cache is written twice: with `#[async_trait]`, which boxes every
//! call (like .NET's `Task.FromResult`), and with `#[fast_async]`, which
//! boxes only the misses (like `ValueTask`). Allocations are counted by a
//! counting global allocator.
//!
//! Run: `cargo run --release -p fast-async-examples --example cache` (a
//! debug build prints the counts but no times); add `--features stats` to
//! see what `fast_async::stats` counted.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use fast_async::{fast_async, FastFuture};
use fast_async_examples::{allocations, block_on, CountingAllocator, PendingOnce};

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

const CALLS: u64 = 100_000;
/// One call in ten misses: a 90% hit rate.
const MISS_EVERY: u64 = 10;

/// The slow store: every fetch waits once, then answers.
struct SlowStore;

impl SlowStore {
    async fn fetch(&self, key: u64) -> u64 {
        PendingOnce::default().await;
        key * 3
    }
}

#[fast_async]
trait Cache: Send + Sync {
    async fn get(&self, key: u64) -> u64;
}

#[async_trait::async_trait]
trait BoxedCache: Send + Sync {
    async fn get(&self, key: u64) -> u64;
}

struct MemoryCache {
    map: Mutex<HashMap<u64, u64>>,
    store: SlowStore,
}

impl MemoryCache {
    /// Pre-filled with the keys that hit, with room for every miss so that
    /// filling it never allocates: what is counted is the futures.
    fn new() -> Self {
        let mut map = HashMap::with_capacity(CALLS as usize * 2);
        map.extend((0..CALLS).map(|key| (key, key * 3)));
        MemoryCache {
            map: Mutex::new(map),
            store: SlowStore,
        }
    }

    fn cached(&self, key: u64) -> Option<u64> {
        self.map.lock().unwrap().get(&key).copied()
    }

    fn fill(&self, key: u64, value: u64) {
        self.map.lock().unwrap().insert(key, value);
    }
}

#[fast_async]
impl Cache for MemoryCache {
    async fn get(&self, key: u64) -> u64 {
        if let Some(value) = self.cached(key) {
            return value; // a hit: a ready FastFuture, no allocation
        }
        let value = self.store.fetch(key).await; // a miss: boxed once
        self.fill(key, value);
        value
    }
}

#[async_trait::async_trait]
impl BoxedCache for MemoryCache {
    async fn get(&self, key: u64) -> u64 {
        if let Some(value) = self.cached(key) {
            return value;
        }
        let value = self.store.fetch(key).await;
        self.fill(key, value);
        value
    }
}

/// Call `i` asks for a cached key, except every tenth, which asks for a key
/// never seen before.
fn key_for(call: u64) -> u64 {
    if call % MISS_EVERY == 0 {
        CALLS + call
    } else {
        call
    }
}

struct Run {
    ready: Option<u64>,
    allocations: u64,
    nanos_per_call: f64,
    checksum: u64,
}

/// Calls timed together: every batch has the same share of misses.
const BATCH: u64 = 1_000;

/// Makes the `CALLS` calls, `call(0)` to `call(CALLS - 1)`, in batches, and
/// returns the time per call of the fastest batch: other processes on the
/// machine only ever add time, so the best batch is nearest the code's own
/// cost.
fn best_batch(mut call: impl FnMut(u64)) -> f64 {
    let mut best = u128::MAX;
    for batch in 0..CALLS / BATCH {
        let start = Instant::now();
        for number in batch * BATCH..(batch + 1) * BATCH {
            call(number);
        }
        best = best.min(start.elapsed().as_nanos());
    }
    best as f64 / BATCH as f64
}

fn run_fast(cache: &dyn Cache) -> Run {
    let (mut ready, mut checksum) = (0, 0);
    let allocations_before = allocations();
    let nanos_per_call = best_batch(|call| {
        let future: FastFuture<'_, u64> = cache.get(black_box(key_for(call)));
        ready += u64::from(future.is_ready());
        checksum += block_on(future);
    });
    Run {
        ready: Some(ready),
        allocations: allocations() - allocations_before,
        nanos_per_call,
        checksum,
    }
}

fn run_boxed(cache: &dyn BoxedCache) -> Run {
    let mut checksum = 0;
    let allocations_before = allocations();
    let nanos_per_call = best_batch(|call| {
        checksum += block_on(cache.get(black_box(key_for(call))));
    });
    Run {
        ready: None,
        allocations: allocations() - allocations_before,
        nanos_per_call,
        checksum,
    }
}

fn main() {
    let hits = CALLS - CALLS / MISS_EVERY;
    println!(
        "cache scenario: {CALLS} calls through Arc<dyn Cache>, {hits} hits ({}%), {} misses",
        hits * 100 / CALLS,
        CALLS - hits
    );
    let boxed = run_boxed(&*(Arc::new(MemoryCache::new()) as Arc<dyn BoxedCache>));
    let fast = run_fast(&*(Arc::new(MemoryCache::new()) as Arc<dyn Cache>));
    assert_eq!(boxed.checksum, fast.checksum, "both caches answer the same");
    // One box per call for #[async_trait]; one per miss for #[fast_async].
    assert_eq!(boxed.allocations, CALLS);
    assert_eq!((fast.ready, fast.allocations), (Some(hits), CALLS - hits));
    // Times are worth printing only when the code is optimized: a debug
    // build measures code no one runs (there, #[fast_async] and
    // #[async_trait] take about the same time).
    let timed = !cfg!(debug_assertions);
    println!();
    print!(
        "{:<16} {:>12} {:>12} {:>13}",
        "", "ready calls", "allocations", "allocs/call"
    );
    if timed {
        print!(" {:>10}", "ns/call");
    }
    println!();
    for (name, run) in [("#[async_trait]", &boxed), ("#[fast_async]", &fast)] {
        let ready = run.ready.map_or("-".to_owned(), |ready| ready.to_string());
        print!(
            "{name:<16} {ready:>12} {:>12} {:>13.2}",
            run.allocations,
            run.allocations as f64 / CALLS as f64,
        );
        if timed {
            print!(" {:>10.1}", run.nanos_per_call);
        }
        println!();
    }
    println!();
    println!(
        "#[fast_async] allocated {:.1}x less, and answered {}% of the calls without a box.",
        boxed.allocations as f64 / fast.allocations.max(1) as f64,
        fast.ready.unwrap_or(0) * 100 / CALLS
    );
    if timed {
        println!(
            "A call took {:.2}x the time of #[async_trait]'s (the best batch of {BATCH} \
             calls; for measurements, `cargo bench -p fast-async-benches`).",
            fast.nanos_per_call / boxed.nanos_per_call
        );
    } else {
        println!(
            "(A debug build prints no times: `cargo run --release -p fast-async-examples \
             --example cache` does.)"
        );
    }
    // With `--features stats`: what the functions counted themselves.
    #[cfg(feature = "stats")]
    {
        let stats = fast_async::stats::report();
        let get = stats
            .stats()
            .iter()
            .find(|stats| stats.name.ends_with("<MemoryCache as Cache>::get"))
            .expect("the cache's get was counted");
        assert_eq!((get.ready, get.boxed), (hits, CALLS - hits));
        println!();
        print!("{stats}");
    }
}
