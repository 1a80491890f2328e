//! The runtime of `#[fast_async]`: async functions that return a **ready
//! future without allocating** when their answer is known at once, and box
//! only the path that really awaits — .NET's `ValueTask`, for Rust.
//!
//! ```
//! use fast_async::{fast_async, MaybeReady};
//! use std::collections::HashMap;
//!
//! struct Cache { map: HashMap<String, u64> }
//!
//! impl Cache {
//!     #[fast_async]
//!     async fn get(&self, key: &str) -> u64 {
//!         if let Some(v) = self.map.get(key) {
//!             return *v; // a hit: ready, no allocation
//!         }
//!         slow_store(key).await // a miss: this path is boxed once
//!     }
//! }
//! # async fn slow_store(_: &str) -> u64 { 7 }
//!
//! let cache = Cache { map: HashMap::from([("a".to_owned(), 1)]) };
//! // A caller can take the ready value without polling:
//! assert_eq!(cache.get("a").into_ready().ok(), Some(1));
//! assert!(!cache.get("b").is_ready());
//! ```
//!
//! The types here are what `#[fast_async]` functions return:
//! - [`MaybeReady`]: the trait of futures that can say they are already done;
//! - [`ReadyOrBoxed`]: the concrete future behind a function's opaque
//!   `impl MaybeReady` return type (Send exactly when a plain `async fn`'s
//!   future would be);
//! - [`FastFuture`] / [`LocalFastFuture`]: the nameable, type-erased form that
//!   traits use (`dyn`-compatible, like `#[async_trait]`'s boxed futures).
//!
//! The prefix of a body — its leading statements up to the last `return` or
//! `?` before the first `.await` — runs **when the function is called**, as the
//! synchronous part of a .NET async method does. See the README for the full
//! rules.
#![no_std]
// The types need no `unsafe`; the `stats` feature's lock-free registry has
// one read, with its SAFETY comment (and Miri runs the tests with it on).
#![cfg_attr(not(feature = "stats"), forbid(unsafe_code))]
#![cfg_attr(feature = "stats", deny(unsafe_code))]
#![warn(missing_docs)]

extern crate alloc;

mod fast_future;
mod maybe_ready;
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
