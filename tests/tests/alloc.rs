//! Allocation counts: the guarantee of DESIGN.md that a ready path performs
//! **zero** heap allocations from call to completed poll, and a boxed path
//! exactly **one** beyond what the body itself does.
//!
//! This binary installs [`CountingAllocator`]. Every count is taken by
//! [`counted`]: the waker is made beforehand (making one allocates), and only
//! the call and the polls run inside [`allocations`], whose counter is
//! thread-local. Everything counted runs on the test's own thread (no test
//! spawns one), so allocations made by other threads — the harness spawning
//! tests and capturing output, tests running in parallel — never show up in
//! a count.
//!
//! Each future is passed through [`black_box`] before it is polled, so that
//! in `--release` the optimizer cannot elide a box (Rust allows it to drop an
//! unused allocation): a box the library makes is a box counted here.

use std::cell::Cell;
use std::collections::HashMap;
use std::future::Future;
use std::hint::black_box;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::Waker;

use async_trait::async_trait;
use fast_async::{fast_async, FastFuture, LocalFastFuture, MaybeReady};
use fast_async_tests::{allocations, block_on_with, noop_waker, yield_once, CountingAllocator};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// Makes the future with `call` and polls it to completion on this thread
/// with `waker` (made by the caller, before counting). Returns its output
/// and the allocations made from the call to the completed poll.
fn counted<F: Future>(waker: &Waker, call: impl FnOnce() -> F) -> (F::Output, u64) {
    allocations(|| block_on_with(waker, black_box(call())))
}

/// Writes a fn once and makes it in the opaque form (`$opaque`) and in the
/// dyn form (`$dyn`), each counted on its own.
macro_rules! opaque_and_dyn {
    ($opaque:ident, $dyn:ident: $(#[$attr:meta])* async fn $params:tt -> $ret:ty $body:block) => {
        $(#[$attr])*
        #[fast_async]
        async fn $opaque $params -> $ret $body

        $(#[$attr])*
        #[fast_async(dyn)]
        async fn $dyn $params -> $ret $body
    };
}

/// The counter itself: without these, a 0 below could mean "not counting".
mod counter {
    use super::*;

    async fn plain(x: u32) -> u32 {
        yield_once(x).await
    }

    #[test]
    fn counts_a_box() {
        let (value, count) = allocations(|| *black_box(Box::new(7_u64)));
        assert_eq!(value, 7);
        assert_eq!(count, 1);
    }

    #[test]
    fn counts_a_boxed_future() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || Box::pin(yield_once(3))), (3, 1));
    }

    /// What the helpers cost: polling a plain `async fn` that is pending
    /// once allocates nothing, so a count below is the library's alone.
    #[test]
    fn polling_a_plain_async_fn_allocates_nothing() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || plain(4)), (4, 0));
    }
}

// ---------------------------------------------------------------------------
// Functions under test, opaque form.
// ---------------------------------------------------------------------------

opaque_and_dyn! { early_return, early_return_dyn:
    /// Ready when `x < 10` (early `return` in the prefix); else one box.
    async fn (x: u32) -> u32 {
        if x < 10 {
            return x;
        }
        yield_once(x * 2).await
    }
}

#[derive(Debug, PartialEq)]
enum ParseError {
    NotANumber,
}

impl From<std::num::ParseIntError> for ParseError {
    fn from(_: std::num::ParseIntError) -> Self {
        ParseError::NotANumber
    }
}

/// Ready on a parse error (`?` in the prefix, through `From`); else one box.
#[fast_async]
async fn parse_then_wait(text: &str) -> Result<u32, ParseError> {
    let n: u32 = text.parse()?;
    Ok(yield_once(n + 1).await)
}

/// Ready on `None` (`?` on an `Option` in the prefix); else one box.
#[fast_async]
async fn halve_later(x: Option<u32>) -> Option<u32> {
    let x = x?;
    Some(yield_once(x / 2).await)
}

/// Tail `if`: the `then` branch is ready, the `else` branch boxed.
#[fast_async]
async fn tail_if(x: u32) -> u32 {
    if x % 2 == 0 {
        x / 2
    } else {
        yield_once(3 * x + 1).await
    }
}

/// Tail `match` with two ready arms and two boxed arms: in the opaque form
/// the boxed arms share one box type (still one allocation).
#[fast_async]
async fn tail_match(x: u32) -> u32 {
    match x % 4 {
        0 => x,
        1 => x + 100,
        2 => yield_once(x + 200).await,
        _ => {
            let y = yield_once(x).await;
            yield_once(y + 300).await
        }
    }
}

/// No await point at all: everything runs at the call.
#[fast_async]
async fn no_await(a: u64, b: u64) -> u64 {
    let sum = a + b;
    sum * 2
}

/// A unit fn with no await point.
#[fast_async]
async fn unit_no_await(cell: &Cell<u32>) {
    cell.set(cell.get() + 1);
}

/// A unit fn: ready on the early `return`; else one box.
#[fast_async]
async fn unit_early_return(cell: &Cell<u32>, skip: bool) {
    if skip {
        return;
    }
    let by = yield_once(10).await;
    cell.set(cell.get() + by);
}

#[derive(Debug)]
struct Counter {
    n: u64,
}

#[fast_async]
impl Counter {
    /// `&self`: ready while `n` is non-zero.
    async fn get(&self) -> u64 {
        if self.n != 0 {
            return self.n;
        }
        yield_once(42).await
    }

    /// `&mut self`: ready for a small step, else one box.
    async fn bump(&mut self, by: u64) -> u64 {
        if by < 10 {
            self.n += by;
            return self.n;
        }
        let by = yield_once(by).await;
        self.n += by;
        self.n
    }
}

// ---------------------------------------------------------------------------
// Functions under test, dyn form.
// ---------------------------------------------------------------------------

// `early_return_dyn`: the dyn form of `early_return`, made beside it.

/// A `#[fast_async]` trait: dyn-compatible, every method a `FastFuture`.
#[fast_async]
trait Lookup: Send + Sync {
    /// Required; the impls below are ready for keys below 100.
    async fn get(&self, key: u64) -> u64;

    /// A default body with no await point: always ready.
    async fn version(&self) -> u32 {
        3
    }

    /// A default body: ready unless `fresh`, else one box.
    async fn version_checked(&self, fresh: bool) -> u32 {
        if !fresh {
            return 3;
        }
        yield_once(4).await
    }
}

#[derive(Debug)]
struct Table {
    values: [u64; 100],
}

impl Table {
    fn new() -> Self {
        let mut values = [0; 100];
        for (key, value) in (0..).zip(&mut values) {
            *value = key * 10;
        }
        Table { values }
    }
}

#[fast_async]
impl Lookup for Table {
    async fn get(&self, key: u64) -> u64 {
        if let Some(value) = self.values.get(key as usize) {
            return *value;
        }
        yield_once(key * 10).await
    }
}

/// A `?Send` trait: `LocalFastFuture`s, implemented by a type holding an
/// `Rc` (neither `Send` nor `Sync`).
#[fast_async(?Send)]
trait LocalLookup {
    async fn get(&self, key: u64) -> u64;
}

#[derive(Debug)]
struct RcTable {
    base: Rc<Cell<u64>>,
}

#[fast_async(?Send)]
impl LocalLookup for RcTable {
    async fn get(&self, key: u64) -> u64 {
        if key < 100 {
            return self.base.get() + key;
        }
        let key = yield_once(key).await;
        self.base.get() + key
    }
}

// The forms really are the ones under test (a compile-time check).
const _: fn() = || {
    let _: fn(u32) -> FastFuture<'static, u32> = early_return_dyn;
    let _: fn(&dyn Lookup, u64) -> FastFuture<'_, u64> = |table, key| table.get(key);
    let _: fn(&dyn LocalLookup, u64) -> LocalFastFuture<'_, u64> = |table, key| table.get(key);
    fn opaque<F: MaybeReady<Output = u32>>(_: fn(u32) -> F) {}
    opaque(early_return);
};

/// Guarantee: a ready path allocates nothing from the call to the completed
/// poll, in every position a ready exit can take.
mod ready_paths {
    use super::*;

    #[test]
    fn early_return_in_prefix() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || early_return(7)), (7, 0));
    }

    #[test]
    fn question_mark_on_result_in_prefix() {
        let waker = noop_waker();
        assert_eq!(
            counted(&waker, || parse_then_wait("nope")),
            (Err(ParseError::NotANumber), 0)
        );
    }

    #[test]
    fn question_mark_on_option_in_prefix() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || halve_later(None)), (None, 0));
    }

    #[test]
    fn tail_if_ready_branch() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || tail_if(8)), (4, 0));
    }

    #[test]
    fn tail_match_ready_arms() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || tail_match(4)), (4, 0));
        assert_eq!(counted(&waker, || tail_match(5)), (105, 0));
    }

    #[test]
    fn body_without_await() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || no_await(2, 3)), (10, 0));
    }

    #[test]
    fn unit_fns() {
        let waker = noop_waker();
        let cell = Cell::new(0);
        assert_eq!(counted(&waker, || unit_no_await(&cell)), ((), 0));
        assert_eq!(counted(&waker, || unit_early_return(&cell, true)), ((), 0));
        assert_eq!(cell.get(), 1);
    }

    #[test]
    fn method_on_shared_self() {
        let waker = noop_waker();
        let counter = Counter { n: 5 };
        assert_eq!(counted(&waker, || counter.get()), (5, 0));
    }

    #[test]
    fn method_on_mut_self() {
        let waker = noop_waker();
        let mut counter = Counter { n: 5 };
        assert_eq!(counted(&waker, || counter.bump(2)), (7, 0));
        assert_eq!(counter.n, 7);
    }

    /// The caller's own fast path, `into_ready`, allocates nothing either.
    #[test]
    fn into_ready_without_polling() {
        let ((), count) = allocations(|| {
            assert_eq!(black_box(early_return(3)).into_ready().ok(), Some(3));
            assert_eq!(black_box(early_return_dyn(3)).into_ready().ok(), Some(3));
        });
        assert_eq!(count, 0);
    }

    #[test]
    fn dyn_form_free_fn() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || early_return_dyn(7)), (7, 0));
    }

    #[test]
    fn trait_required_method_through_ref_dyn() {
        let waker = noop_waker();
        let table = Table::new();
        let table: &dyn Lookup = &table;
        assert_eq!(counted(&waker, || table.get(4)), (40, 0));
    }

    #[test]
    fn trait_required_method_through_arc_dyn() {
        let waker = noop_waker();
        let table: Arc<dyn Lookup> = Arc::new(Table::new());
        assert_eq!(counted(&waker, || table.get(99)), (990, 0));
    }

    #[test]
    fn trait_default_method_without_await() {
        let waker = noop_waker();
        let table: Arc<dyn Lookup> = Arc::new(Table::new());
        assert_eq!(counted(&waker, || table.version()), (3, 0));
        let table: &dyn Lookup = &*table;
        assert_eq!(counted(&waker, || table.version()), (3, 0));
    }

    #[test]
    fn trait_default_method_early_return() {
        let waker = noop_waker();
        let table: Arc<dyn Lookup> = Arc::new(Table::new());
        assert_eq!(counted(&waker, || table.version_checked(false)), (3, 0));
    }

    #[test]
    fn local_trait_through_ref_dyn() {
        let waker = noop_waker();
        let table = RcTable {
            base: Rc::new(Cell::new(1000)),
        };
        let table: &dyn LocalLookup = &table;
        assert_eq!(counted(&waker, || table.get(5)), (1005, 0));
    }
}

/// A synchronous part that can panic (an index, an `assert!`) runs under
/// `catch_unwind` with the runtime's `std` feature, so that the panic comes
/// out of the first poll (issue 10): that costs no allocation on the ready
/// path, nor a second one on the boxed path; only a panic allocates (its
/// payload, and the future that holds it).
mod panicking_prefix {
    use super::*;

    opaque_and_dyn! { checked, checked_dyn:
        async fn (table: &[u32], i: usize) -> u32 {
            let value = table[i];
            assert!(value != 13, "unlucky");
            if value < 100 {
                return value;
            }
            yield_once(value).await
        }
    }

    #[fast_async]
    trait Checked: Send + Sync {
        async fn checked(&self, i: usize) -> u32;
    }

    #[fast_async]
    impl Checked for Vec<u32> {
        async fn checked(&self, i: usize) -> u32 {
            let value = self[i];
            assert!(value != 13, "unlucky");
            if value < 100 {
                return value;
            }
            yield_once(value).await
        }
    }

    const TABLE: [u32; 3] = [7, 13, 500];

    #[test]
    fn ready_paths_allocate_nothing() {
        let waker = noop_waker();
        let table: &dyn Checked = &TABLE.to_vec();
        assert_eq!(counted(&waker, || checked(&TABLE, 0)), (7, 0));
        assert_eq!(counted(&waker, || checked_dyn(&TABLE, 0)), (7, 0));
        assert_eq!(counted(&waker, || table.checked(0)), (7, 0));
    }

    #[test]
    fn boxed_paths_allocate_once() {
        let waker = noop_waker();
        let table: &dyn Checked = &TABLE.to_vec();
        assert_eq!(counted(&waker, || checked(&TABLE, 2)), (500, 1));
        assert_eq!(counted(&waker, || checked_dyn(&TABLE, 2)), (500, 1));
        assert_eq!(counted(&waker, || table.checked(2)), (500, 1));
    }

    /// The panic path, for contrast: the future is made (not ready) and
    /// allocates.
    #[test]
    fn a_panic_allocates() {
        for i in [1, 3] {
            let (future, count) = allocations(|| black_box(checked(&TABLE, i)));
            assert!(!future.is_ready(), "{i}");
            assert!(count >= 1, "{i}: {count}");
        }
    }
}

/// Guarantee: a boxed path allocates exactly once when its body allocates
/// nothing itself (it only awaits `yield_once`, which does not allocate).
mod boxed_paths {
    use super::*;

    #[test]
    fn opaque_single_remainder() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || early_return(10)), (20, 1));
    }

    #[test]
    fn opaque_remainder_after_question_marks() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || parse_then_wait("41")), (Ok(42), 1));
        assert_eq!(counted(&waker, || halve_later(Some(8))), (Some(4), 1));
    }

    #[test]
    fn opaque_tail_if_boxed_branch() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || tail_if(3)), (10, 1));
    }

    /// Two boxed arms of one `match`: one shared box, whichever arm runs.
    #[test]
    fn opaque_several_boxed_tail_branches() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || tail_match(6)), (206, 1));
        assert_eq!(counted(&waker, || tail_match(7)), (307, 1));
    }

    #[test]
    fn opaque_unit_fn() {
        let waker = noop_waker();
        let cell = Cell::new(0);
        assert_eq!(counted(&waker, || unit_early_return(&cell, false)), ((), 1));
        assert_eq!(cell.get(), 10);
    }

    #[test]
    fn opaque_methods() {
        let waker = noop_waker();
        let mut counter = Counter { n: 0 };
        assert_eq!(counted(&waker, || counter.get()), (42, 1));
        assert_eq!(counted(&waker, || counter.bump(20)), (20, 1));
    }

    #[test]
    fn dyn_form_free_fn() {
        let waker = noop_waker();
        assert_eq!(counted(&waker, || early_return_dyn(10)), (20, 1));
    }

    #[test]
    fn trait_method_through_arc_dyn() {
        let waker = noop_waker();
        let table: Arc<dyn Lookup> = Arc::new(Table::new());
        assert_eq!(counted(&waker, || table.get(100)), (1000, 1));
        assert_eq!(counted(&waker, || table.version_checked(true)), (4, 1));
    }

    #[test]
    fn local_trait_through_ref_dyn() {
        let waker = noop_waker();
        let table = RcTable {
            base: Rc::new(Cell::new(1000)),
        };
        let table: &dyn LocalLookup = &table;
        assert_eq!(counted(&waker, || table.get(100)), (1100, 1));
    }
}

/// DESIGN.md, "The cache scenario": a cache in front of a slow store; a hit
/// returns at once, a miss awaits the store and fills the cache.
///
/// Keys `0..1000` are each asked once; `key % 10 != 0` is pre-filled (900
/// hits), the other 100 miss. The map is built with room for all 1,000
/// entries before counting, so neither a lookup nor the insert that fills
/// the cache on a miss allocates (`HashMap::with_capacity` guarantees that
/// many inserts without reallocating; the keys are `u64`, so the entries own
/// no heap memory): every allocation counted is the library's. A second
/// pass over the same keys is all hits, which also proves the misses filled
/// the cache.
mod cache {
    use super::*;

    const CALLS: u64 = 1_000;
    const MISSES: u64 = CALLS / 10;

    fn is_hit(key: u64) -> bool {
        key % 10 != 0
    }

    fn value_of(key: u64) -> u64 {
        key * 10 + 1
    }

    /// The sum of every value, to check what the calls returned.
    fn expected_sum() -> u64 {
        (0..CALLS).map(value_of).sum()
    }

    #[derive(Debug)]
    struct SlowStore;

    impl SlowStore {
        /// A plain `async fn`, awaited by name: it allocates nothing, so a
        /// miss costs the cache's one box and no more.
        async fn fetch(&self, key: u64) -> u64 {
            yield_once(value_of(key)).await
        }
    }

    #[derive(Debug)]
    struct Cache {
        map: Mutex<HashMap<u64, u64>>,
        store: SlowStore,
    }

    impl Cache {
        fn prefilled() -> Self {
            let mut map = HashMap::with_capacity(CALLS as usize);
            map.extend(
                (0..CALLS)
                    .filter(|&key| is_hit(key))
                    .map(|key| (key, value_of(key))),
            );
            Cache {
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

    /// The dyn form: a `#[fast_async]` trait used as `Arc<dyn KeyValue>`.
    #[fast_async]
    trait KeyValue: Send + Sync {
        async fn get(&self, key: u64) -> u64;
    }

    /// The baseline: the same trait with `#[async_trait]`, which boxes
    /// every call, hits included.
    #[async_trait]
    trait BoxedKeyValue: Send + Sync {
        async fn get(&self, key: u64) -> u64;
    }

    /// Writes `get` once and makes it three times: the opaque form (an
    /// inherent method), the dyn form (`KeyValue`) and the baseline
    /// (`BoxedKeyValue`).
    macro_rules! get_in_every_form {
        ($($get:tt)*) => {
            impl Cache {
                #[fast_async]
                $($get)*
            }

            #[fast_async]
            impl KeyValue for Cache {
                $($get)*
            }

            #[async_trait]
            impl BoxedKeyValue for Cache {
                $($get)*
            }
        };
    }

    get_in_every_form! {
        async fn get(&self, key: u64) -> u64 {
            if let Some(value) = self.cached(key) {
                return value;
            }
            let value = self.store.fetch(key).await;
            self.fill(key, value);
            value
        }
    }

    /// Asks every key once through `get`, polling each future to
    /// completion; returns the sum of the values and the allocations.
    fn pass<F: Future<Output = u64>>(waker: &Waker, mut get: impl FnMut(u64) -> F) -> (u64, u64) {
        allocations(|| {
            (0..CALLS)
                .map(|key| block_on_with(waker, black_box(get(black_box(key)))))
                .sum()
        })
    }

    #[test]
    fn pattern_is_ninety_percent_hits() {
        assert_eq!(
            (0..CALLS).filter(|&key| !is_hit(key)).count() as u64,
            MISSES
        );
    }

    #[test]
    fn opaque_form_allocates_once_per_miss() {
        let waker = noop_waker();
        let cache = Cache::prefilled();
        assert_eq!(pass(&waker, |key| cache.get(key)), (expected_sum(), MISSES));
        // Filled: every key is a hit now.
        assert_eq!(pass(&waker, |key| cache.get(key)), (expected_sum(), 0));
    }

    #[test]
    fn dyn_form_allocates_once_per_miss() {
        let waker = noop_waker();
        let cache: Arc<dyn KeyValue> = Arc::new(Cache::prefilled());
        assert_eq!(pass(&waker, |key| cache.get(key)), (expected_sum(), MISSES));
        assert_eq!(pass(&waker, |key| cache.get(key)), (expected_sum(), 0));
    }

    /// The comparison that shows the counts above are real: `#[async_trait]`
    /// allocates once per call, on hits as on misses.
    #[test]
    fn async_trait_allocates_once_per_call() {
        let waker = noop_waker();
        let cache: Arc<dyn BoxedKeyValue> = Arc::new(Cache::prefilled());
        assert_eq!(pass(&waker, |key| cache.get(key)), (expected_sum(), CALLS));
        assert_eq!(pass(&waker, |key| cache.get(key)), (expected_sum(), CALLS));
    }
}
