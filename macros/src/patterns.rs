//! The argument patterns of the new signature: `ref` patterns taken whole
//! and destructured in the body, patterns dropped from a declaration, and
//! `mut` moved to where the argument is mutated.
//!
//! Imports `scan` (await points, the pattern walker).

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};
use syn::visit_mut::VisitMut;
use syn::{parse_quote, FnArg, Pat, PatIdent, Signature};

use crate::scan::pattern_bindings;

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
    if !block.stmts.iter().any(crate::scan::has_await_point) {
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

/// Input:  `async fn f(&self, (a, b): (u8, u8), mut c: u8);` (no body)
/// Output: `fn f(&self, _: (u8, u8), c: u8)`: patterns are not allowed in
/// a declaration, and the macro needs none there.
pub(crate) fn plain_declaration_patterns(sig: &mut Signature) {
    for input in &mut sig.inputs {
        if let FnArg::Typed(arg) = input {
            match &mut *arg.pat {
                Pat::Ident(ident) if ident.subpat.is_none() => {
                    ident.by_ref = None;
                    ident.mutability = None;
                }
                Pat::Wild(_) => {}
                other => *other = parse_quote!(_),
            }
        }
    }
}

/// A `mut` binding that no code at the call mentions is moved into the
/// boxed future and mutated there: the `mut` goes with it
/// (`(mut a, b): (u32, u32)` becomes `(a, b)`, and the box opens with
/// `let mut a = a;`).
pub(crate) fn strip_moved_mut(sig: &mut Signature, mentioned_anywhere: &BTreeSet<String>) {
    struct Strip<'a>(&'a BTreeSet<String>);
    impl VisitMut for Strip<'_> {
        fn visit_pat_ident_mut(&mut self, pat: &mut PatIdent) {
            if pat.by_ref.is_none() && !self.0.contains(&pat.ident.to_string()) {
                pat.mutability = None;
            }
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    for input in &mut sig.inputs {
        if let FnArg::Typed(arg) = input {
            Strip(mentioned_anywhere).visit_pat_mut(&mut arg.pat);
        }
    }
}

/// Input:  `async fn f(mut a: u32, (mut b, c): (u32, u32))`, whose body
/// runs inside `catch((a, b, c), |(mut a, mut b, c)| ..)` (`body::catch`).
/// Output: `fn f(a: u32, (b, c): (u32, u32))`: the closure's parameters
/// are what is mutated; the function only hands the values over.
pub(crate) fn strip_caught_mut(sig: &mut Signature) {
    struct Strip;
    impl VisitMut for Strip {
        fn visit_pat_ident_mut(&mut self, pat: &mut PatIdent) {
            if pat.by_ref.is_none() {
                pat.mutability = None;
            }
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    for input in &mut sig.inputs {
        match input {
            FnArg::Typed(arg) if !arg.attrs.iter().any(|attr| attr.path().is_ident("cfg")) => {
                Strip.visit_pat_mut(&mut arg.pat);
            }
            _ => {}
        }
    }
}
