//! The code measured by the benchmarks in `benches/`: each scenario written
//! once as a synchronous limit, with `#[fast_async]`, with `#[async_trait]`
//! and with a hand-written `Box::pin`, plus a minimal executor.
//!
//! The rows themselves ([`rows`]) are `#[inline]` functions taking an
//! [`Env`], so that the divan benches (`benches/calls.rs`), the instruction
//! counts under callgrind (`benches/instructions.rs`) and the allocation
//! tests (`tests/allocations.rs`) run exactly the same code.
//!
//! Run with `cargo bench -p fast-async-benches`; see `RESULTS.md`.

use std::future::Future;
use std::hint::black_box;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use async_trait::async_trait;
use fast_async::tower::{service_fn, BoxCloneSyncFastService, ServiceFn};
use fast_async::{fast_async, FastFuture, MaybeReady};
use tower::util::BoxCloneSyncService;
use tower::Service;

// ---------------------------------------------------------------------------
// The executor.

/// A waker that does nothing; made once, outside the measured code.
#[derive(Debug)]
struct NoopWake;

impl Wake for NoopWake {
    fn wake(self: Arc<Self>) {}
    fn wake_by_ref(self: &Arc<Self>) {}
}

/// A waker that does nothing (one allocation, made before measuring).
pub fn noop_waker() -> Waker {
    Waker::from(Arc::new(NoopWake))
}

/// Polls `future` with `cx` until it is ready: the minimal executor (no
/// scheduler, no runtime, no allocation of its own). Always inlined, so
/// that the measured code is the call and its future, not this loop's call.
#[inline(always)]
pub fn block_on<F: Future>(future: F, cx: &mut Context<'_>) -> F::Output {
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(cx) {
            return value;
        }
    }
}

/// A future that is pending once (waking its task), then ready: the slow
/// store, the socket that has no data yet.
#[derive(Debug, Default)]
pub struct YieldOnce {
    yielded: bool,
}

impl YieldOnce {
    /// Pending at its first poll, ready at its second.
    pub const fn new() -> Self {
        YieldOnce { yielded: false }
    }
}

impl Future for YieldOnce {
    type Output = ();

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            Poll::Ready(())
        } else {
            self.yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

// ---------------------------------------------------------------------------
// 1 and 2: one method through `&dyn`, ready for even keys, pending once for
// odd keys.

/// The synchronous limit: the same lookup as a plain method.
pub trait SyncLookup: Send + Sync {
    /// `base + key`.
    fn get(&self, key: u64) -> u64;
}

/// The lookup as a `#[fast_async]` trait (dyn form).
#[fast_async]
pub trait FastLookup: Send + Sync {
    /// `base + key`: ready for even keys, pending once for odd ones.
    async fn get(&self, key: u64) -> u64;
}

/// The lookup as an `#[async_trait]` trait: every call boxed.
#[async_trait]
pub trait AsyncTraitLookup: Send + Sync {
    /// `base + key`: ready for even keys, pending once for odd ones.
    async fn get(&self, key: u64) -> u64;
}

/// The lookup written by hand, with a `Box::pin` per call.
pub trait BoxLookup: Send + Sync {
    /// `base + key`: ready for even keys, pending once for odd ones.
    fn get(&self, key: u64) -> Pin<Box<dyn Future<Output = u64> + Send + '_>>;
}

/// The one implementation of every lookup trait.
#[derive(Debug)]
pub struct Lookup {
    base: u64,
}

impl Lookup {
    /// A lookup adding `base`.
    pub const fn new(base: u64) -> Self {
        Lookup { base }
    }
}

impl SyncLookup for Lookup {
    fn get(&self, key: u64) -> u64 {
        self.base + key
    }
}

#[fast_async]
impl FastLookup for Lookup {
    async fn get(&self, key: u64) -> u64 {
        if key % 2 == 0 {
            return self.base + key;
        }
        YieldOnce::new().await;
        self.base + key
    }
}

#[async_trait]
impl AsyncTraitLookup for Lookup {
    async fn get(&self, key: u64) -> u64 {
        if key % 2 == 0 {
            return self.base + key;
        }
        YieldOnce::new().await;
        self.base + key
    }
}

impl BoxLookup for Lookup {
    fn get(&self, key: u64) -> Pin<Box<dyn Future<Output = u64> + Send + '_>> {
        Box::pin(async move {
            if key % 2 == 0 {
                return self.base + key;
            }
            YieldOnce::new().await;
            self.base + key
        })
    }
}

// ---------------------------------------------------------------------------
// 7: a stack of layers that only delegate (middleware), over the lookup.

/// A layer that only delegates to the next one, as middleware that has
/// nothing to do on this call.
pub struct Delegate<L: ?Sized>(pub Box<L>);

impl<L: ?Sized> std::fmt::Debug for Delegate<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Delegate")
    }
}

#[fast_async]
impl FastLookup for Delegate<dyn FastLookup> {
    async fn get(&self, key: u64) -> u64 {
        self.0.get(key).await
    }
}

#[async_trait]
impl AsyncTraitLookup for Delegate<dyn AsyncTraitLookup> {
    async fn get(&self, key: u64) -> u64 {
        self.0.get(key).await
    }
}

/// Delegating layers above the lookup in each flavour.
pub struct Layers {
    /// `#[fast_async]` layers.
    pub fast_async: Box<dyn FastLookup>,
    /// `#[async_trait]` layers.
    pub async_trait: Box<dyn AsyncTraitLookup>,
}

/// How many layers the layered rows stack.
pub const LAYERS: usize = 8;

impl Layers {
    /// `depth` layers over `Lookup::new(1)` in each flavour.
    pub fn new(depth: usize) -> Self {
        let mut fast_async: Box<dyn FastLookup> = Box::new(Lookup::new(1));
        let mut async_trait: Box<dyn AsyncTraitLookup> = Box::new(Lookup::new(1));
        for _ in 0..depth {
            fast_async = Box::new(Delegate(fast_async));
            async_trait = Box::new(Delegate(async_trait));
        }
        Layers {
            fast_async,
            async_trait,
        }
    }
}

impl std::fmt::Debug for Layers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Layers")
    }
}

// ---------------------------------------------------------------------------
// 3: free functions, called by name.

/// `#[fast_async]`, opaque form: ready for even `x`, boxed for odd `x`.
#[fast_async]
#[inline(never)]
pub async fn fast_double(x: u64) -> u64 {
    if x % 2 == 0 {
        return x * 2;
    }
    YieldOnce::new().await;
    x * 2
}

/// The same as a plain `async fn`.
#[inline(never)]
pub async fn plain_double(x: u64) -> u64 {
    if x % 2 == 0 {
        return x * 2;
    }
    YieldOnce::new().await;
    x * 2
}

// ---------------------------------------------------------------------------
// 4: recursion over a tree whose leaves are ready.

/// A binary tree with values at its leaves.
#[derive(Debug)]
pub enum Tree {
    /// A value.
    Leaf(u64),
    /// Two subtrees.
    Node(Box<Tree>, Box<Tree>),
}

impl Tree {
    /// A full tree of `depth` levels below the root (`2^depth` leaves, valued
    /// 0, 1, 2, ...).
    pub fn full(depth: u32) -> Tree {
        fn build(depth: u32, next: &mut u64) -> Tree {
            if depth == 0 {
                *next += 1;
                Tree::Leaf(*next - 1)
            } else {
                let left = build(depth - 1, next);
                let right = build(depth - 1, next);
                Tree::Node(Box::new(left), Box::new(right))
            }
        }
        build(depth, &mut 0)
    }
}

/// The synchronous limit.
pub fn sum_sync(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Node(left, right) => sum_sync(left) + sum_sync(right),
    }
}

/// A `Box::pin` per call, as `async-recursion` generates.
pub fn sum_boxed(tree: &Tree) -> Pin<Box<dyn Future<Output = u64> + Send + '_>> {
    Box::pin(async move {
        match tree {
            Tree::Leaf(value) => *value,
            Tree::Node(left, right) => sum_boxed(left).await + sum_boxed(right).await,
        }
    })
}

/// `#[fast_async(dyn)]`: ready leaves propagate (rule 8), so an all-ready
/// tree is summed at the call with no allocation.
#[fast_async(dyn)]
pub async fn sum_fast_dyn(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Node(left, right) => {
            let left = sum_fast_dyn(left).await;
            let right = sum_fast_dyn(right).await;
            left + right
        }
    }
}

/// `#[fast_async]`, opaque form.
#[fast_async]
pub async fn sum_fast_opaque(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Node(left, right) => {
            let left = sum_fast_opaque(left).await;
            let right = sum_fast_opaque(right).await;
            left + right
        }
    }
}

// ---------------------------------------------------------------------------
// 5: the cache scenario.

/// A slow store: every fetch is pending once.
#[derive(Debug, Default)]
pub struct Store;

impl Store {
    /// The value of `key`, after one pending poll.
    pub async fn fetch(&self, key: u64) -> u64 {
        YieldOnce::new().await;
        key.wrapping_mul(3)
    }
}

/// Slots of the cache: a power of two.
pub const CACHE_SLOTS: usize = 4096;
/// Keys `0..HOT_KEYS` are cached beforehand (and stay cached: misses map to
/// the other slots).
pub const HOT_KEYS: u64 = 1024;

/// A direct-mapped cache: slot `key % CACHE_SLOTS` holds `(key + 1, value)`
/// (0: empty). Atomics so that it is `Sync` with `&self` methods, as a
/// shared cache is, without a lock's cost hiding the call's.
#[derive(Debug)]
pub struct Slots {
    slots: Vec<[AtomicU64; 2]>,
}

impl Slots {
    /// A cache holding the hot keys.
    pub fn new() -> Self {
        let slots = Slots {
            slots: (0..CACHE_SLOTS)
                .map(|_| [AtomicU64::new(0), AtomicU64::new(0)])
                .collect(),
        };
        for key in 0..HOT_KEYS {
            slots.fill(key, key.wrapping_mul(3));
        }
        slots
    }

    /// The cached value of `key`.
    #[inline]
    pub fn lookup(&self, key: u64) -> Option<u64> {
        let slot = &self.slots[key as usize % CACHE_SLOTS];
        if slot[0].load(Ordering::Relaxed) == key + 1 {
            Some(slot[1].load(Ordering::Relaxed))
        } else {
            None
        }
    }

    /// Caches `value` for `key`.
    #[inline]
    pub fn fill(&self, key: u64, value: u64) {
        let slot = &self.slots[key as usize % CACHE_SLOTS];
        slot[0].store(key + 1, Ordering::Relaxed);
        slot[1].store(value, Ordering::Relaxed);
    }
}

impl Default for Slots {
    fn default() -> Self {
        Slots::new()
    }
}

/// The cache behind `&dyn`, with `#[fast_async]`.
#[fast_async]
pub trait FastCache: Send + Sync {
    /// The value of `key`: from the cache, or from the store (then cached).
    async fn get(&self, key: u64) -> u64;
}

/// The cache behind `&dyn`, with `#[async_trait]`.
#[async_trait]
pub trait AsyncTraitCache: Send + Sync {
    /// The value of `key`: from the cache, or from the store (then cached).
    async fn get(&self, key: u64) -> u64;
}

/// A cache in front of a slow store.
#[derive(Debug, Default)]
pub struct Cache {
    slots: Slots,
    store: Store,
}

#[fast_async]
impl FastCache for Cache {
    async fn get(&self, key: u64) -> u64 {
        if let Some(value) = self.slots.lookup(key) {
            return value;
        }
        let value = self.store.fetch(key).await;
        self.slots.fill(key, value);
        value
    }
}

#[async_trait]
impl AsyncTraitCache for Cache {
    async fn get(&self, key: u64) -> u64 {
        if let Some(value) = self.slots.lookup(key) {
            return value;
        }
        let value = self.store.fetch(key).await;
        self.slots.fill(key, value);
        value
    }
}

/// The keys a cache benchmark asks for, in turn: hits among the hot keys
/// and misses on keys never asked before, `hit_percent` of 100 hits in a
/// fixed pseudo-random order.
#[derive(Debug)]
pub struct KeyStream {
    pattern: Vec<bool>,
    at: usize,
    hot: u64,
    fresh: u64,
}

impl KeyStream {
    /// Length of the hit/miss pattern (repeated).
    pub const PATTERN: usize = 1000;

    /// `hit_percent` hits in 100, exactly, over each `PATTERN` keys.
    pub fn new(hit_percent: usize) -> Self {
        let hits = Self::PATTERN * hit_percent / 100;
        let mut pattern: Vec<bool> = (0..Self::PATTERN).map(|i| i < hits).collect();
        // Fisher-Yates with a fixed xorshift: the same order on every run.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for i in (1..pattern.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            pattern.swap(i, (state % (i as u64 + 1)) as usize);
        }
        KeyStream {
            pattern,
            at: 0,
            hot: 0,
            fresh: 0,
        }
    }

    /// The next key.
    #[inline]
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        let hit = self.pattern[self.at];
        self.at = if self.at + 1 == self.pattern.len() {
            0
        } else {
            self.at + 1
        };
        if hit {
            self.hot = (self.hot + 7) % HOT_KEYS;
            self.hot
        } else {
            // A key never asked before, in a slot that holds no hot key.
            self.fresh += 1;
            let cold_slots = CACHE_SLOTS as u64 - HOT_KEYS;
            HOT_KEYS + self.fresh % cold_slots + CACHE_SLOTS as u64 * (self.fresh / cold_slots + 1)
        }
    }
}

// ---------------------------------------------------------------------------
// 8: a tower stack (validate -> cache -> store), erased.

/// The validation layer's rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected;

/// The future of every layer of the tower stack.
pub type TowerResponse = FastFuture<'static, Result<u64, Rejected>>;

/// The store as a `#[fast_async(dyn)]` handler: pending once, as
/// [`Store::fetch`].
#[fast_async(dyn)]
pub async fn store_fetch(key: u64) -> Result<u64, Rejected> {
    YieldOnce::new().await;
    Ok(key.wrapping_mul(3))
}

/// The cache layer over [`Slots`]: a hit is answered at once, a miss calls
/// the inner service and fills its slot.
#[derive(Debug, Clone)]
pub struct CacheLayer<S> {
    slots: Arc<Slots>,
    inner: S,
}

impl<S> Service<u64> for CacheLayer<S>
where
    S: Service<u64, Response = u64, Error = Rejected>,
    S::Future: MaybeReady + Send + 'static,
{
    type Response = u64;
    type Error = Rejected;
    type Future = TowerResponse;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Rejected>> {
        self.inner.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, key: u64) -> TowerResponse {
        if let Some(value) = self.slots.lookup(key) {
            return FastFuture::ready(Ok(value));
        }
        fill_slot(self.slots.clone(), key, self.inner.call(key))
    }
}

/// A miss: the inner service's answer, put in its slot.
#[fast_async(dyn)]
async fn fill_slot<F>(slots: Arc<Slots>, key: u64, answer: F) -> Result<u64, Rejected>
where
    F: MaybeReady<Output = Result<u64, Rejected>> + Send,
{
    let value = answer.await?;
    slots.fill(key, value);
    Ok(value)
}

/// The validation layer: `u64::MAX` is rejected at once.
#[derive(Debug, Clone)]
pub struct ValidateLayer<S> {
    inner: S,
}

impl<S> Service<u64> for ValidateLayer<S>
where
    S: Service<u64, Response = u64, Error = Rejected>,
    S::Future: MaybeReady + Send + 'static,
{
    type Response = u64;
    type Error = Rejected;
    type Future = TowerResponse;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Rejected>> {
        self.inner.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, key: u64) -> TowerResponse {
        if key == u64::MAX {
            return FastFuture::ready(Err(Rejected));
        }
        self.inner.call(key).into_fast_future()
    }
}

/// The tower stack, not erased: validate -> cache -> store.
pub type TowerStack = ValidateLayer<CacheLayer<ServiceFn<fn(u64) -> TowerResponse>>>;

/// A tower stack over fresh [`Slots`] (the hot keys cached).
pub fn tower_stack() -> TowerStack {
    ValidateLayer {
        inner: CacheLayer {
            slots: Arc::new(Slots::new()),
            inner: service_fn(store_fetch as fn(u64) -> TowerResponse),
        },
    }
}

/// `poll_ready`, then `call`, then the response driven to completion, as
/// `ServiceExt::oneshot` does (the stacks are always ready).
#[inline(always)]
pub fn serve<S>(service: &mut S, key: u64, cx: &mut Context<'_>) -> u64
where
    S: Service<u64, Response = u64, Error = Rejected>,
{
    match service.poll_ready(cx) {
        Poll::Ready(Ok(())) => block_on(service.call(key), cx).unwrap_or(0),
        _ => unreachable!("the stack is always ready"),
    }
}

// ---------------------------------------------------------------------------
// The rows.

/// Everything a row needs, made before measuring.
#[derive(Debug)]
pub struct Env {
    /// The noop waker (`cx` borrows it).
    pub waker: Waker,
    /// The lookup behind every lookup trait.
    pub lookup: Lookup,
    /// A tree of 2^[`TREE_DEPTH`] ready leaves.
    pub tree: Tree,
    /// The cache (its slots are shared by both flavours' rows, each row
    /// gets a fresh `Env`).
    pub cache: Cache,
    /// The keys of the cache rows (and the misses of the tower rows).
    pub keys: KeyStream,
    /// [`LAYERS`] delegating layers over the lookup.
    pub layers: Layers,
    /// The tower stack, not erased.
    pub tower_stack: TowerStack,
    /// The tower stack erased by `fast_async::tower`.
    pub tower_fast: BoxCloneSyncFastService<u64, u64, Rejected>,
    /// The tower stack erased by tower's `BoxCloneSyncService`.
    pub tower_box: BoxCloneSyncService<u64, u64, Rejected>,
}

/// Depth of the recursion benchmark's tree (2^depth leaves, 2^depth - 1
/// internal nodes).
pub const TREE_DEPTH: u32 = 6;

impl Env {
    /// A fresh environment; `hit_percent` for the cache rows.
    pub fn new(hit_percent: usize) -> Self {
        Env {
            waker: noop_waker(),
            lookup: Lookup::new(1),
            tree: Tree::full(TREE_DEPTH),
            cache: Cache::default(),
            keys: KeyStream::new(hit_percent),
            layers: Layers::new(LAYERS),
            tower_stack: tower_stack(),
            tower_fast: BoxCloneSyncFastService::new(tower_stack()),
            tower_box: BoxCloneSyncService::new(tower_stack()),
        }
    }
}

impl Default for Env {
    fn default() -> Self {
        Env::new(90)
    }
}

/// The measured rows: one call each, driven to completion. Keys go through
/// `black_box`, and so does every `&dyn` (so the call is not
/// devirtualized) and every result.
pub mod rows {
    use super::*;

    /// An even key: the ready path.
    pub const READY: u64 = 42;
    /// An odd key: the path pending once.
    pub const PENDING: u64 = 43;

    macro_rules! rows {
        ($( $(#[$doc:meta])* $name:ident($env:ident, $cx:ident) $body:block )*) => {
            $(
                $(#[$doc])*
                #[inline(always)]
                pub fn $name($env: &mut Env) -> u64 {
                    let $cx = &mut Context::from_waker(&$env.waker);
                    black_box($body)
                }
            )*

            /// Every row by name (for the instruction counts and the tests).
            pub const ALL: &[(&str, fn(&mut Env) -> u64)] = &[$((stringify!($name), $name)),*];

            /// Runs the row `name` `n` times on `env`, inlined into the loop
            /// (as divan's measured closure inlines it); `None` for an
            /// unknown name.
            pub fn repeat(name: &str, env: &mut Env, n: u64) -> Option<u64> {
                match name {
                    "loop_only" => Some((0..n).fold(0, |total: u64, _| total.wrapping_add(black_box(0)))),
                    $(stringify!($name) => Some((0..n).fold(0, |total: u64, _| total.wrapping_add($name(env)))),)*
                    _ => None,
                }
            }
        };
    }

    rows! {
        /// 1. A plain synchronous `&dyn` method: the limit.
        ready_dyn_sync(env, cx) {
            let _ = cx;
            black_box(&env.lookup as &dyn SyncLookup).get(black_box(READY))
        }
        /// 1. `#[fast_async]` trait method through `&dyn`, ready.
        ready_dyn_fast_async(env, cx) {
            block_on(black_box(&env.lookup as &dyn FastLookup).get(black_box(READY)), cx)
        }
        /// 1. `#[fast_async]` through `&dyn`, ready, taken with `into_ready`
        /// (no poll).
        ready_dyn_fast_async_into_ready(env, cx) {
            match black_box(&env.lookup as &dyn FastLookup).get(black_box(READY)).into_ready() {
                Ok(value) => value,
                Err(future) => block_on(future, cx),
            }
        }
        /// 1. `#[async_trait]` through `&dyn`, ready.
        ready_dyn_async_trait(env, cx) {
            block_on(black_box(&env.lookup as &dyn AsyncTraitLookup).get(black_box(READY)), cx)
        }
        /// 1. A hand-written `Box::pin` per call through `&dyn`, ready.
        ready_dyn_box_pin(env, cx) {
            block_on(black_box(&env.lookup as &dyn BoxLookup).get(black_box(READY)), cx)
        }

        /// 2. `#[fast_async]` through `&dyn`, pending once.
        pending_dyn_fast_async(env, cx) {
            block_on(black_box(&env.lookup as &dyn FastLookup).get(black_box(PENDING)), cx)
        }
        /// 2. `#[async_trait]` through `&dyn`, pending once.
        pending_dyn_async_trait(env, cx) {
            block_on(black_box(&env.lookup as &dyn AsyncTraitLookup).get(black_box(PENDING)), cx)
        }
        /// 2. A hand-written `Box::pin` through `&dyn`, pending once.
        pending_dyn_box_pin(env, cx) {
            block_on(black_box(&env.lookup as &dyn BoxLookup).get(black_box(PENDING)), cx)
        }

        /// 7. 8 delegating `#[fast_async]` layers through `&dyn`, leaf ready.
        layers_ready_fast_async(env, cx) {
            block_on(black_box(&*env.layers.fast_async).get(black_box(READY)), cx)
        }
        /// 7. 8 delegating `#[async_trait]` layers through `&dyn`, leaf ready.
        layers_ready_async_trait(env, cx) {
            block_on(black_box(&*env.layers.async_trait).get(black_box(READY)), cx)
        }
        /// 7. 8 delegating `#[fast_async]` layers, leaf pending once.
        layers_pending_fast_async(env, cx) {
            block_on(black_box(&*env.layers.fast_async).get(black_box(PENDING)), cx)
        }
        /// 7. 8 delegating `#[async_trait]` layers, leaf pending once.
        layers_pending_async_trait(env, cx) {
            block_on(black_box(&*env.layers.async_trait).get(black_box(PENDING)), cx)
        }

        /// 3. A plain `async fn`, on its path that does not await.
        free_plain_ready(env, cx) {
            let _ = env;
            block_on(plain_double(black_box(READY)), cx)
        }
        /// 3. `#[fast_async]` free fn, ready path.
        free_fast_async_ready(env, cx) {
            let _ = env;
            block_on(fast_double(black_box(READY)), cx)
        }
        /// 3. A plain `async fn`, on its path pending once.
        free_plain_pending(env, cx) {
            let _ = env;
            block_on(plain_double(black_box(PENDING)), cx)
        }
        /// 3. `#[fast_async]` free fn, boxed path (pending once).
        free_fast_async_pending(env, cx) {
            let _ = env;
            block_on(fast_double(black_box(PENDING)), cx)
        }

        /// 4. Synchronous recursion: the limit.
        recursion_sync(env, cx) {
            let _ = cx;
            sum_sync(black_box(&env.tree))
        }
        /// 4. `#[fast_async(dyn)]` recursion: leaves ready, propagated.
        recursion_fast_async_dyn(env, cx) {
            block_on(sum_fast_dyn(black_box(&env.tree)), cx)
        }
        /// 4. `#[fast_async]` (opaque form) recursion.
        recursion_fast_async_opaque(env, cx) {
            block_on(sum_fast_opaque(black_box(&env.tree)), cx)
        }
        /// 4. A `Box::pin` per call (async-recursion's expansion).
        recursion_box_pin(env, cx) {
            block_on(sum_boxed(black_box(&env.tree)), cx)
        }

        /// 5. The cache through `&dyn`, `#[fast_async]`.
        cache_fast_async(env, cx) {
            let key = env.keys.next();
            block_on(black_box(&env.cache as &dyn FastCache).get(black_box(key)), cx)
        }
        /// 5. The cache through `&dyn`, `#[async_trait]`.
        cache_async_trait(env, cx) {
            let key = env.keys.next();
            block_on(black_box(&env.cache as &dyn AsyncTraitCache).get(black_box(key)), cx)
        }

        /// 8. The tower stack, not erased, a cached key: ready.
        tower_ready_stack(env, cx) {
            serve(black_box(&mut env.tower_stack), black_box(READY), cx)
        }
        /// 8. The stack erased by `BoxCloneSyncFastService`, a cached key.
        tower_ready_fast(env, cx) {
            serve(black_box(&mut env.tower_fast), black_box(READY), cx)
        }
        /// 8. The stack erased by tower's `BoxCloneSyncService`, a cached key.
        tower_ready_tower_box(env, cx) {
            serve(black_box(&mut env.tower_box), black_box(READY), cx)
        }
        /// 8. The stack, not erased, a miss (pending once in the store).
        tower_pending_stack(env, cx) {
            let key = env.keys.next();
            serve(black_box(&mut env.tower_stack), black_box(key), cx)
        }
        /// 8. `BoxCloneSyncFastService`, a miss.
        tower_pending_fast(env, cx) {
            let key = env.keys.next();
            serve(black_box(&mut env.tower_fast), black_box(key), cx)
        }
        /// 8. tower's `BoxCloneSyncService`, a miss.
        tower_pending_tower_box(env, cx) {
            let key = env.keys.next();
            serve(black_box(&mut env.tower_box), black_box(key), cx)
        }
    }
}

// ---------------------------------------------------------------------------
// 6: sizes of the returned futures (`benches/sizes.rs`).

impl Cache {
    /// The cache's `get` as a plain `async fn`, for its future's size.
    pub async fn get_plain(&self, key: u64) -> u64 {
        if let Some(value) = self.slots.lookup(key) {
            return value;
        }
        let value = self.store.fetch(key).await;
        self.slots.fill(key, value);
        value
    }

    /// The cache's `get` with `#[fast_async]` (opaque form).
    #[fast_async]
    pub async fn get_fast(&self, key: u64) -> u64 {
        if let Some(value) = self.slots.lookup(key) {
            return value;
        }
        let value = self.store.fetch(key).await;
        self.slots.fill(key, value);
        value
    }
}

/// A handler that holds a 1 KiB buffer across an await, as a plain
/// `async fn`: its state machine holds the buffer.
pub async fn handle_plain(request: u64) -> u64 {
    if request == 0 {
        return 0;
    }
    let mut buffer = [0_u8; 1024];
    buffer[request as usize % 1024] = 1;
    YieldOnce::new().await;
    buffer.iter().map(|&b| u64::from(b)).sum()
}

/// The same handler with `#[fast_async]`: the buffer lives in the box, only
/// on the path that awaits.
#[fast_async]
pub async fn handle_fast(request: u64) -> u64 {
    if request == 0 {
        return 0;
    }
    let mut buffer = [0_u8; 1024];
    buffer[request as usize % 1024] = 1;
    YieldOnce::new().await;
    buffer.iter().map(|&b| u64::from(b)).sum()
}
