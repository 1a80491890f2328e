//! Input: the parsed `async fn`. Output: the same function in the one
//! shape the analysis reads: a tail macro call is a tail expression,
//! `#[cfg]` tails share a block, an argument pattern with `ref` bindings
//! is taken whole and destructured in the body, and a `_` argument gets a
//! name.
//!
//! Analyse stage (first step). Imports `scan` (await points, attributes,
//! the pattern walker).

use proc_macro2::{Ident, Span};
use syn::visit_mut::{self, VisitMut};
use syn::{parse_quote, Expr, FnArg, Pat, PatIdent, Signature, Stmt};

use crate::scan::{self, pattern_bindings};

/// Input:  `async fn f(&self, (a, ref mut b): (u8, u8))`
/// Output: `fn f(&self, __arg1: (u8, u8))` and the body opens with
/// `let (a, ref mut b) = __arg1;`.
///
/// A `ref` binding in an argument pattern borrows the function's own
/// parameter, which a boxed future cannot hold: such arguments are taken
/// whole, and destructured inside the body, which the caller then boxes
/// whole (see `expand_fn`). Returns whether it did so.
pub(crate) fn destructure_ref_patterns(sig: &mut Signature, block: &mut syn::Block) -> bool {
    // With no await point, everything runs in the function: nothing to do.
    if !block.stmts.iter().any(scan::has_await_point) {
        return false;
    }
    let mut destructured = Vec::new();
    for (index, input) in sig.inputs.iter_mut().enumerate() {
        if let FnArg::Typed(arg) = input {
            if has_ref_binding(&arg.pat) {
                let span = Span::mixed_site().located_at(arg.colon_token.span);
                let ident = Ident::new(&format!("__arg{index}"), span);
                let mutability = has_ref_mut_binding(&arg.pat).then(|| quote::quote!(mut));
                let pat = std::mem::replace(&mut *arg.pat, parse_quote!(#mutability #ident));
                destructured.push(parse_quote!(let #pat = #ident;));
            }
        }
    }
    let any = !destructured.is_empty();
    destructured.append(&mut block.stmts);
    block.stmts = destructured;
    any
}

fn has_ref_binding(pat: &Pat) -> bool {
    ref_bindings(pat).0
}

fn has_ref_mut_binding(pat: &Pat) -> bool {
    ref_bindings(pat).1
}

/// Whether `pat` binds by `ref`, and by `ref mut`.
fn ref_bindings(pat: &Pat) -> (bool, bool) {
    let bindings = pattern_bindings(pat);
    let by_ref = |binding: &&PatIdent| binding.by_ref.is_some();
    (
        bindings.iter().any(by_ref),
        bindings
            .iter()
            .any(|binding| by_ref(binding) && binding.mutability.is_some()),
    )
}

/// Input:  `async fn f(&self, _: Guard)`
/// Output: `async fn f(&self, __arg1: Guard)`: a `_` argument gets a name
/// so that it lives as long as the future, as in an `async fn` (one under
/// `#[cfg]` is left alone: it may not exist).
pub(crate) fn name_wild_arguments(sig: &mut Signature) {
    for (index, input) in sig.inputs.iter_mut().enumerate() {
        let FnArg::Typed(arg) = input else {
            continue;
        };
        if arg.attrs.iter().any(|attr| attr.path().is_ident("cfg")) {
            continue;
        }
        if let Pat::Wild(wild) = &*arg.pat {
            let span = Span::mixed_site().located_at(wild.underscore_token.span);
            let ident = Ident::new(&format!("__arg{index}"), span);
            *arg.pat = parse_quote!(#ident);
        }
    }
}

/// Input: `{ let v = f(); vec![v] }`, a block (and every nested block)
/// ending in a macro call without `;`.
/// Output: the same with `vec![v]` as the tail expression it is, so the
/// analysis and the rewrite see one shape; and a tail with attributes in a
/// block of its own ([`cfg_tails_in_a_block`]).
pub(crate) fn normalize_tails(block: &mut syn::Block) {
    TailMacros.visit_block_mut(block);
}

struct TailMacros;

impl VisitMut for TailMacros {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        visit_mut::visit_block_mut(self, block);
        if let Some(Stmt::Macro(mac)) = block.stmts.last() {
            if mac.semi_token.is_none() {
                let Some(Stmt::Macro(mac)) = block.stmts.pop() else {
                    unreachable!()
                };
                let expr = Expr::Macro(syn::ExprMacro {
                    attrs: mac.attrs,
                    mac: mac.mac,
                });
                block.stmts.push(Stmt::Expr(expr, None));
            }
        }
        cfg_tails_in_a_block(block);
    }
}

/// Input:
/// ```text
/// #[cfg(feature = "a")]
/// { a().await }
/// #[cfg(not(feature = "a"))]
/// { b() }
/// ```
/// Output: the same two wrapped in one block, `{ #[cfg(..)] {..} #[cfg(..)] {..} }`,
/// whose value is whichever the `cfg` keeps. A tail with attributes cannot
/// be moved into an argument (`ready(#[cfg(..)] ..)` is not Rust), and the
/// expression before it is the value when the `cfg` removes the tail: the
/// block keeps them together (the analysis does not split it).
fn cfg_tails_in_a_block(block: &mut syn::Block) {
    let has_attrs = |stmt: &Stmt| match stmt {
        Stmt::Expr(expr, None) => !scan::expr_attrs(expr).is_empty(),
        Stmt::Macro(mac) => mac.semi_token.is_none() && !mac.attrs.is_empty(),
        _ => false,
    };
    if !matches!(block.stmts.last(), Some(Stmt::Expr(expr, None)) if !scan::expr_attrs(expr).is_empty())
    {
        return;
    }
    let start = block
        .stmts
        .iter()
        .rposition(|stmt| !has_attrs(stmt))
        .map_or(0, |last_plain| last_plain + 1);
    let tails = block.stmts.split_off(start);
    let brace_token = block.brace_token;
    block.stmts.push(Stmt::Expr(
        Expr::Block(syn::ExprBlock {
            attrs: Vec::new(),
            label: None,
            block: syn::Block {
                brace_token,
                stmts: tails,
            },
        }),
        None,
    ));
}
