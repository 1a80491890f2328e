//! The lint test (`.ci/lints`): each function here is written once, with
//! `#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]`, and the
//! crate is checked by `cargo clippy -- -W clippy::pedantic` twice: as is
//! and with `--features plain`, where every function is the plain
//! `async fn`. The same source gives both, so a warning is compared by its
//! exact place and text; a `macro_rules!` writing twins would not do: clippy
//! skips most of its lints inside a macro's expansion.
//!
//! - `clean` (always built): the shapes the macro rewrites; both builds must
//!   pass `-D warnings -W clippy::pedantic`.
//! - `warns` (feature `warns`): functions that warn on purpose; the
//!   annotated build must give exactly the plain build's warnings, less a
//!   few that are about the `async fn` item itself (`.ci/lints` lists them).

pub mod clean;
#[cfg(feature = "warns")]
pub mod warns;
