//! The argument patterns of the new signature: patterns dropped from a
//! declaration, and `mut` kept only where the argument is mutated.
//!
//! Emit stage (the signature). Imports nothing from the crate.

use std::collections::BTreeSet;

use syn::visit_mut::VisitMut;
use syn::{parse_quote, FnArg, Pat, PatIdent, Signature};

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

/// Input:  `async fn f((mut a, b): (u32, u32))`, where no code at the
/// call mentions `a`.
/// Output: `fn f((a, b): (u32, u32))`: `a` is moved into the boxed future
/// and mutated there, so the `mut` goes with it (the box opens with
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
