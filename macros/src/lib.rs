//! The `#[fast_async]` attribute. Use it through the `fast-async` crate,
//! which re-exports it beside the future types its expansion names; the
//! docs live there.
//!
//! # Module map
//!
//! Four stages, imports running one way (a module imports only from its
//! own stage or an earlier one): **parse** → **analyse** → **plan** →
//! **emit**. `expand` drives them: for each function, normalize, analyse,
//! plan, emit the body, then the signature (`expand::expand_fn`).
//!
//! | file | owns (DESIGN.md rule) | imports |
//! |---|---|---|
//! | **parse** | | |
//! | `target.rs` | what the attribute is on (fn, declaration, impl, trait); what cannot be rewritten (`validate`) | — |
//! | `attr.rs` | the attribute's arguments (`dyn`, `?Send`), merged for methods; the `Form` they ask for | — |
//! | **analyse** | | |
//! | `scan.rs` | await points and early exits (rules 1-2), `bail!`/`ensure!` as exits (`exit_macro`); the one list of opaque nodes (`skip_opaque_nodes!`); the one pattern walker; mentions | — |
//! | `types.rs` | what a type says by its tokens: a reference, a primitive, `()`, a `Result`/`Option` | — |
//! | `normalize.rs` | one shape for the analysis: tail macros, `#[cfg]` tails, `ref` argument patterns destructured, `_` arguments named | `scan` |
//! | `borrows.rs` | which locals may borrow the frame (rule 5) | `scan` |
//! | `moves.rs` | what the code at the call moves (rule 5) | `borrows`, `scan` |
//! | `bindings.rs` | the names arguments and `let`s bind (`Binding`) | `borrows`, `scan`, `types` |
//! | `propagation.rs` | rule 8: the names' `Env`, which statement is a point (`is_point`, one parser `point`/`point_mut`), which tail is a scrutinee point (`scrutinee`, `binds`), movability, `BUDGET` | `scan`, `types` |
//! | **plan** | | |
//! | `planner.rs` | where the synchronous part ends (rules 3-8): returns the `Plan`, builds no tokens | `plan`, `propagation`, `moves`, `borrows`, `scan` |
//! | `plan.rs` | the `Plan` (data) and its queries: boxed branches, what the code at the call mentions, an expression as a block (`block_stmts`) | `scan` |
//! | **emit** | | |
//! | `output.rs` | the function's future (rules 1-3): `Output`, how a ready value, a boxed block, a coerced return and the stats site are spelled in each form | `attr`, `scan`, `types` |
//! | `rewrite.rs` | `return`, `?`, `bail!` and `ensure!` at the call become ready exits (rule 3); returns in a box are coerced | `output`, `scan` |
//! | `emit.rs` | the new body: the `Emitter` following the plan (rules 3, 5-7), `catch` around the code at the call | `plan`, `output`, `rewrite`, `bindings`, `scan` |
//! | `emit/at_call.rs` | what the code at the call bound and may have moved on the path being emitted (`AtCall`, with `fork`/`restore` per branch) | `bindings`, `moves` |
//! | `emit/moved_in.rs` | what each boxed future takes over (rule 5) | `bindings`, `scan` |
//! | `emit/tail.rs` | split tails (rule 4), several boxed branches in one box | `emit`, `plan`, `rewrite` |
//! | `emit/point.rs` | rule 8's points: `try_ready!`, the hoisted arguments, the boxed continuation | `emit`, `plan`, `propagation`, `rewrite` |
//! | `emit/scrutinee.rs` | rule 8 on a tail's scrutinee: the ready path split per branch, the boxes that own the value | `emit`, `bindings`, `plan`, `propagation`, `rewrite` |
//! | `patterns.rs` | argument patterns of the new signature (declarations, `mut`) | — |
//! | `lifetimes.rs` | naming elided lifetimes, made-up lifetime names, where lifetime parameters go | — |
//! | `signature.rs` | the new signature of each form and its bounds | `lifetimes`, `scan` |
//! | `instrument.rs` | `#[tracing::instrument]`: the span of the boxed part, the recorded fields | — |
//! | **driver** | | |
//! | `expand.rs` | the entry point, impl blocks and traits (`expand_methods`), the stages per function | all of the above |
//!
//! Unit tests sit beside their module (`planner/tests.rs`, ...);
//! `snapshots.rs` checks every expansion in `macros/tests/expand`.

mod attr;
mod bindings;
mod borrows;
mod emit;
mod expand;
mod instrument;
mod lifetimes;
mod moves;
mod normalize;
mod output;
mod patterns;
mod plan;
mod planner;
mod propagation;
mod rewrite;
mod scan;
mod signature;
mod target;
mod types;

#[cfg(test)]
mod snapshots;

use proc_macro::TokenStream;

/// See the `fast-async` crate.
#[proc_macro_attribute]
pub fn fast_async(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::fast_async(args.into(), input.into()).into()
}
