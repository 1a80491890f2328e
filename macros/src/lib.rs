//! The `#[fast_async]` attribute. Use it through the `fast-async` crate,
//! which re-exports it beside the future types its expansion names; the
//! docs live there.
//!
//! The pipeline, one module each: `args` parses the attribute's
//! arguments, `target` tells a fn from an impl block or a trait, `scan`
//! finds await points and early exits, `analysis` decides what runs at the
//! call and what is boxed (`propagation`: which awaits may go on
//! synchronously), `rewrite` turns `return` and `?` into ready returns,
//! `arguments` decides what each boxed future takes over, `lifetimes` and
//! `signature` build the new signature, `body` emits the new body,
//! `instrument` keeps a `#[tracing::instrument]` span over the boxed part,
//! and `expand` puts it together.

mod analysis;
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
