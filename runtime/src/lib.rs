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
//! - **The synchronous part runs at the call.** The leading statements, up to
//!   and including the last one with a `return` or `?` before the first await
//!   point, run when the function is *called*, not when the future is first
//!   polled — like the synchronous part of a .NET async method. There
//!   `return v` gives a ready future holding `v`, and `e?` a ready `Err`/`None`
//!   (`?` works on `Result`, `Option`, `ControlFlow` and `Poll<Result<..>>`).
//!   Its side effects happen at the call. It runs on past the last exit while
//!   a value it borrowed (`let w = s.split(' ').next()?; let w = w.to_owned();`)
//!   is still used before the first await, so the boxed part only sees what it
//!   can hold; it stops early, before a `let`, where the boxed part could not
//!   hold what the `async fn` holds: a `let` that shadows a value still held
//!   (`let a = ..; let a = ..;`), or one that binds something borrowing the
//!   function's own locals (`&v`, `v.iter()`, a closure over `v`, `pin!`, a
//!   method not known to return an owned value) which is used after the await.
//!   An await point is a `.await`, `select!`/`join!`, or a macro call that may
//!   await or exit: any macro but the well-known ones of `std`, `log` and
//!   `tracing` (whose tokens say neither `await`, `return` nor `?`), so a user
//!   macro hiding `x.await?` runs in the boxed part, where it means what it
//!   means in the `async fn`.
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
//!   borrow nothing of the function's own frame (nor does a local bound
//!   before them that is used after them); statements before them run
//!   at the call. Any other future is only made when the boxed continuation
//!   awaits it, as in the `async fn`.
//! - **The rest is boxed once**, in an `async move` block.
//! - **What the boxed part holds, and when things drop.** Every argument and
//!   every local of the synchronous part that it did not *move* is moved into
//!   the boxed future and dropped when that future completes (or is dropped),
//!   in the `async fn`'s order — a permit, a guard tested in an exit condition,
//!   an argument only read at the call. A use is a move when it takes the value:
//!   the bare name as a value (`f(x)`, `let y = x;`, `x?`, `x + 1`, a struct
//!   field, `return x`), `*x` out of a `Box`, a `match`/`if let`/`let else` that
//!   binds out of it by value, a `move` closure naming it, or a `std` method
//!   that takes `self` (`into_*`, `unwrap*`, `expect*`, `ok`, `err`, `map*`,
//!   ...). Anything else counts as a borrow — `&x`, `x.field`, comparisons,
//!   formatting macros, and **any other method call** (`permit.num_permits()`).
//!   If such a method in fact consumes its receiver, rustc reports E0382 ("value
//!   used here after move") at that call: call it by path,
//!   `Type::method(x)`, which is a move. A local that borrows another one
//!   (`let r = &v;`) is held only if the boxed part uses it, or if its name
//!   starts with `_`. A tail `match` / `if let` whose scrutinee keeps a
//!   temporary alive (`match m.lock().unwrap().state`) is boxed whole, so the
//!   temporary lives while the boxed arm runs, as in the `async fn`.
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
//! - A method taken for a borrow that consumes a local the boxed part does
//!   not use is reported by rustc (E0382) at that call: call it by path.
//! - Where the boxed part would need a borrow made at the call, a value a
//!   `let` shadowed, or a temporary of a tail scrutinee, the synchronous
//!   part ends earlier (correct, not ready); a user macro is an await point.
//! - Recursion propagates readiness, and may require its own future to be
//!   `Send`, only in the dyn form (`#[fast_async(dyn)]`).
//! - On an impl block of a *native* async trait the attribute gives E0195:
//!   annotate the methods instead.
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
