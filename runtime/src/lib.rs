//! .NET's `ValueTask`, for Rust: async functions that return a **ready
//! future without allocating** when their answer is known at once — a cache
//! hit, a failed validation, a recursion's base case — and box only the path
//! that really awaits.
//!
//! ```
//! use fast_async::{fast_async, MaybeReady};
//! use std::collections::HashMap;
//!
//! struct Cache { map: HashMap<String, u64> }
//!
//! impl Cache {
//!     #[fast_async]
//!     async fn get(&self, key: &str) -> Result<u64, String> {
//!         if key.is_empty() {
//!             return Err("empty key".to_owned()); // ready, no allocation
//!         }
//!         if let Some(v) = self.map.get(key) {
//!             return Ok(*v); // a hit: ready, no allocation
//!         }
//!         Ok(slow_store(key).await) // a miss: this path is boxed, once
//!     }
//! }
//! # async fn slow_store(_: &str) -> u64 { 7 }
//! # fn block_on<F: std::future::Future>(future: F) -> F::Output {
//! #     struct Noop;
//! #     impl std::task::Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
//! #     let waker = std::task::Waker::from(std::sync::Arc::new(Noop));
//! #     let mut cx = std::task::Context::from_waker(&waker);
//! #     let mut future = std::pin::pin!(future);
//! #     loop { if let std::task::Poll::Ready(v) = future.as_mut().poll(&mut cx) { return v; } }
//! # }
//!
//! let cache = Cache { map: HashMap::from([("a".to_owned(), 1)]) };
//! // A caller can take a ready value without polling...
//! assert_eq!(cache.get("a").into_ready().ok(), Some(Ok(1)));
//! // ...and a boxed path is an ordinary future.
//! let miss = cache.get("b");
//! assert!(!miss.is_ready());
//! assert_eq!(block_on(miss), Ok(7));
//! ```
//!
//! # When to use it
//!
#![doc = include_str!("../docs/when-to-use.md")]
//!
//! # What runs when
//!
#![doc = include_str!("../docs/what-it-does.md")]
//!
//! ```
//! use fast_async::{fast_async, MaybeReady};
//!
//! #[fast_async]
//! async fn double(x: u32) -> u32 {
//!     if x < 100 {
//!         return x * 2;
//!     }
//!     slow(x).await * 2
//! }
//!
//! #[fast_async]
//! async fn quadruple(x: u32) -> u32 {
//!     let twice = double(x).await; // ready when `double(x)` is: no box
//!     twice * 2
//! }
//! # async fn slow(x: u32) -> u32 { x }
//!
//! assert_eq!(quadruple(3).into_ready().ok(), Some(12));
//! assert!(!quadruple(500).is_ready());
//! ```
//!
//! # Traits, and coming from `#[async_trait]`
//!
//! Put `#[fast_async]` (or `#[fast_async(?Send)]`) on the trait and on every
//! impl block of it, where `#[async_trait]` was. Methods return
//! [`FastFuture`] (or [`LocalFastFuture`]), so the trait stays
//! `dyn`-compatible; a default body that holds `&self` across an await needs
//! `Self: Sync` (`Self: Send` for an owned receiver), which the macro adds
//! unless a supertrait says so, as `#[async_trait]` does.
//!
//! ```
//! use fast_async::{fast_async, FastFuture};
//! use std::sync::Arc;
//!
//! #[fast_async]
//! trait Store: Send + Sync {
//!     async fn get(&self, key: &str) -> Option<String>;
//!
//!     async fn get_or(&self, key: &str, default: &str) -> String {
//!         let found = self.get(key).await;
//!         found.unwrap_or_else(|| default.to_owned())
//!     }
//! }
//!
//! struct Memory;
//!
//! #[fast_async]
//! impl Store for Memory {
//!     async fn get(&self, key: &str) -> Option<String> {
//!         (key == "a").then(|| "apple".to_owned())
//!     }
//! }
//!
//! let store: Arc<dyn Store> = Arc::new(Memory);
//! let future: FastFuture<'_, String> = store.get_or("b", "none");
//! assert_eq!(future.into_ready().ok().as_deref(), Some("none"));
//! ```
//!
//! What changes from `#[async_trait]`: the return type ([`FastFuture`] is
//! `Send` when its output is), and the synchronous part runs at the call.
//! The attribute goes on the trait *and* on every impl block, with the same
//! `?Send`: rustc's E0195 on an impl means it lacks `#[fast_async]`, E0053
//! that `?Send` is on one side only (see [Limits](#limits)). The README's
//! "Coming from `#[async_trait]`" covers crates that re-export the
//! attribute, callers that use `catch_unwind`, and mocks made with mockall.
//!
//! # The attribute
//!
//! - on an `async fn`, a method, or an inherent `impl` block: the opaque
//!   form, `impl MaybeReady<Output = T>`, `Send` exactly when a plain
//!   `async fn`'s future would be (a method of an impl of a *native* async
//!   trait, `fn f(&self) -> impl Future<Output = T> + Send`, works too);
//! - on a `trait` and its impl blocks: the dyn form, [`FastFuture`];
//! - `#[fast_async(dyn)]` on a function: the dyn form where a type must be
//!   named (a recursion that needs its own future to be `Send`);
//! - `?Send` (dyn form only): [`LocalFastFuture`].
//!
//! # Limits
//!
#![doc = include_str!("../docs/limits.md")]
//!
//! # Features
//!
//! - `std` (default): a panic in the synchronous part is caught at the call
//!   and resumed at the first poll (above); a ready call pays no allocation
//!   for it, only a panic allocates. Without it the crate is `no_std` (with
//!   `alloc`) and such a panic unwinds from the call.
//! - `stats`: `fast_async::stats` counts, per function, the calls that were ready and
//!   those that boxed (off by default; off, the expansion is unchanged).
//! - `tower`: `fast_async::tower`, type-erased tower services
//!   (`BoxFastService`, `BoxCloneFastService`, `BoxCloneSyncFastService`)
//!   whose future is [`FastFuture`], so that a ready response is not boxed,
//!   and `service_fn` for `#[fast_async]` handlers (depends on
//!   `tower-service` and `tower-layer` only).
//!
//! A future is awaited once, as any Rust future; the compiler, not the
//! documentation, says so:
//!
//! ```compile_fail,E0382
//! # use fast_async::FastFuture;
//! async fn twice(future: FastFuture<'static, u32>) -> u32 {
//!     future.await + future.await // error: use of moved value
//! }
//! ```
#![no_std]
// The types need no `unsafe`; the `stats` feature's lock-free registry has
// one read, with its SAFETY comment (and Miri runs the tests with it on).
#![cfg_attr(not(feature = "stats"), forbid(unsafe_code))]
#![cfg_attr(feature = "stats", deny(unsafe_code))]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod fast_future;
mod maybe_ready;
#[cfg(feature = "std")]
mod panicked;
mod ready_or_boxed;
mod spent;

pub use fast_future::{FastFuture, LocalFastFuture};
pub use maybe_ready::MaybeReady;
pub use ready_or_boxed::ReadyOrBoxed;

/// Rewrites an `async fn` (or every `async fn` of an `impl` block or trait) so
/// that paths which return before awaiting give a ready future with no heap
/// allocation. See the [crate docs](crate).
pub use fast_async_macros::fast_async;

#[cfg(feature = "stats")]
pub mod stats;

#[cfg(feature = "tower")]
pub mod tower;

#[doc(hidden)]
pub mod __private;
