//! What each boxed future takes over (DESIGN.md rule 5): the statements
//! that open the `async move` block, rebinding every argument and local
//! still there so it drops when the future completes, as in the `async fn`.
//!
//! Imports `bindings` (the [`Binding`]s) and `scan` (mentions).

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote_spanned, ToTokens};

use crate::bindings::Binding;
use crate::scan::{mentions, pattern_bindings};

/// Input: arguments `(guard: Guard, mut buf: Vec<u8>, flag: bool)` and a
/// local `let permit = sem.try_acquire()?;` bound at the call, where the
/// code at the call only read `flag` and `permit` (`if !flag { return 0; }`);
/// this boxed future uses `buf`.
/// Output, to open the box:
/// `let _guard = guard; let mut buf = buf; let _flag = flag; let _permit = permit;`
///
/// So every argument and every local lives until the future completes and
/// drops in the `async fn`'s order (rule 5):
/// - a binding the code at the call moved on the way here (see
///   [`crate::moves`]) is gone: left alone;
/// - one the box uses is rebound under its name, `mut` kept (allowed to be
///   unused when the code at the call is what mutates it);
/// - a `_name` binding is rebound under its name, with spans of the macro's
///   own (clippy's `used_underscore_binding` and
///   `no_effect_underscore_binding` skip those, and the `async fn` has no
///   such statement to lint);
/// - an argument the body never mentions is rebound under its name, the new
///   name on the user's span: rustc reports it unused there, as it reports
///   the `async fn`'s argument;
/// - any other binding the box does not use is rebound under a hygienic
///   `_name`, so no unused binding is reported — except a local that may
///   borrow the frame (a reference or a view into another local: nothing of
///   its own to drop, and it could not move beside what it borrows), unless
///   its name says it is held for its drop (`_guard`);
/// - an owned `self` is taken with `let _ = &self;` (it cannot be rebound);
/// - a reference argument has nothing to drop: captured if used, else left.
pub(super) fn moved_in(
    bindings: &[&Binding],
    moved_before: &BTreeSet<String>,
    mentioned_anywhere: &BTreeSet<String>,
    never_mentioned: &BTreeSet<String>,
    boxed_code: &TokenStream,
    boxed_stmts: &[syn::Stmt],
) -> TokenStream {
    let mut tokens = TokenStream::new();
    for binding in bindings {
        let name = binding.ident.to_string();
        if moved_before.contains(&name) || binding.is_ref {
            continue;
        }
        let ident = &binding.ident;
        let span = ident.span();
        let used = mentions(boxed_code, &name) && !rebound_before_use(boxed_stmts, &name);
        if !used && (binding.is_primitive || binding.borrows && !name.starts_with('_')) {
            continue;
        }
        let mut_elsewhere = binding.is_mut
            && !binding.mut_moved
            && (!binding.is_arg || mentioned_anywhere.contains(&name));
        tokens.extend(if binding.is_self {
            quote_spanned!(span=> let _ = &#ident;)
        } else if used && mut_elsewhere {
            // Mutated at the call, perhaps not in this box.
            quote_spanned!(span=> #[allow(unused_mut)] let mut #ident = #ident;)
        } else if used && binding.is_mut {
            // On the user's `mut`: an unused `mut` is reported there.
            let mutability = syn::Token![mut](binding.mut_span.unwrap_or(span));
            quote_spanned!(span=> let #mutability #ident = #ident;)
        } else if name.starts_with('_') && !name.starts_with("__") {
            // Held for its drop: the `async fn` has no such statement to lint.
            // (On the user's spans, so the name resolves where a
            // `macro_rules!` wrote it.)
            quote_spanned! {span=>
                #[allow(clippy::used_underscore_binding, clippy::no_effect_underscore_binding)]
                let #ident = #ident;
            }
        } else if used || name.starts_with('_') {
            quote_spanned!(span=> let #ident = #ident;)
        } else if binding.is_arg && never_mentioned.contains(&name) {
            let mutability = binding
                .mut_span
                .map(|span| syn::Token![mut](span).into_token_stream());
            quote_spanned!(span=> let #mutability #ident = #ident;)
        } else {
            let held = Ident::new(&format!("_{name}"), Span::mixed_site().located_at(span));
            quote_spanned!(span=> let #held = #ident;)
        });
    }
    tokens
}

/// Whether the boxed code binds `name` again (`let a = ..;`) before it
/// mentions it: the value held under that name is then out of reach, and
/// only held.
fn rebound_before_use(stmts: &[syn::Stmt], name: &str) -> bool {
    for stmt in stmts {
        if let syn::Stmt::Local(local) = stmt {
            let init_mentions = local.init.as_ref().is_some_and(|init| {
                mentions(&quote::ToTokens::to_token_stream(init.expr.as_ref()), name)
            });
            if init_mentions {
                return false;
            }
            let binds = pattern_bindings(&local.pat)
                .into_iter()
                .any(|binding| binding.by_ref.is_none() && binding.ident == name);
            if binds {
                return true;
            }
        }
        if mentions(&quote::ToTokens::to_token_stream(stmt), name) {
            return false;
        }
    }
    false
}
