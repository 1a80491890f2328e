//! .NET's `ValueTask`, for Rust: async functions that return a **ready
//! future without allocating** when their answer is known at once — a cache
//! hit, a failed validation, a recursion's base case — and box only the path
//! that really awaits.
//!
//! Where this matters is wherever a future must be named or type-erased:
//! `dyn Trait` with async methods (`#[async_trait]` boxes **every** call),
//! recursion (a box per call), futures stored in structs, middleware. There,
//! `#[fast_async]` keeps the ready paths free of allocation.
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
//! # What runs when
//!
//! - **The synchronous part runs at the call.** The leading statements, up
//!   to and including the last one with a `return` or `?` before the first
//!   `.await`, run when the function is *called*, like the synchronous part of
//!   a .NET async method. There `return v` gives a ready future holding `v`,
//!   and `e?` a ready `Err` / `None`. Side effects there happen at the call.
//! - **A panic there surfaces at the first poll**, as in the `async fn`
//!   (feature `std`, on by default): making the future does not panic; the
//!   future is not ready ([`MaybeReady::is_ready`] is false, `into_ready`
//!   hands it back) and its first poll resumes the panic with its payload,
//!   so `catch_unwind(AssertUnwindSafe(future))`, a task's `JoinError` and
//!   panic-catching middleware see it; polled again, it panics as a
//!   completed future does. What ran before the panic, and the unwinding
//!   (the drops of the arguments and locals it held, the panic hook's
//!   message), happened at the call. Without `std` the panic unwinds from
//!   the call.
//! - **Tail branches are split.** A tail `if` / `match` / block whose
//!   condition does not await: branches that do not await are ready, the
//!   others boxed (several boxed branches share one allocation).
//! - **Ready propagation.** `x.await` (optionally with `?`) as a statement, a
//!   `let` initializer or the tail, on a future that can say it is done
//!   ([`MaybeReady`]: another `#[fast_async]` function, a [`FastFuture`],
//!   [`core::future::ready`]), does not box while the future is ready: a chain
//!   of `#[fast_async]` calls allocates nothing until something really waits.
//!   This applies to the first four such awaits of a function whose futures
//!   borrow nothing of the function's own frame; statements before them run
//!   at the call. Any other future is only made when the boxed continuation
//!   awaits it, as in the `async fn`.
//! - **The rest is boxed once.** Arguments (and `_guard`-style locals) the
//!   code at the call did not move are moved in and dropped when the future
//!   completes, in the `async fn`'s order.
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
//! - A value borrowed from an argument at the call cannot be used after the
//!   first await (the argument moves into the box): borrow again after it.
//! - `return` or `?` inside another macro's tokens are not rewritten: a type
//!   error at that macro call, never a silent change.
//! - A local pinned at the call (`pin!`) cannot be used by the boxed part.
//! - Recursion propagates readiness, and may require its own future to be
//!   `Send`, only in the dyn form (`#[fast_async(dyn)]`).
//!
//! # Features
//!
//! - `std` (default): a panic in the synchronous part is caught at the call
//!   and resumed at the first poll (above); a ready call pays no allocation
//!   for it, only a panic allocates. Without it the crate is `no_std` (with
//!   `alloc`) and such a panic unwinds from the call.
//! - `stats`: `fast_async::stats` counts, per function, the calls that were ready and
//!   those that boxed (off by default; off, the expansion is unchanged).
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

#[doc(hidden)]
pub mod __private;
