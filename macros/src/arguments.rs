//! The names the arguments bind, and how each boxed future takes them over
//! (DESIGN.md rule 5): an argument the code that ran at the call did not
//! mention moves into the box, to be dropped when the future completes, as
//! in an `async fn`.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote_spanned, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{parse_quote, FnArg, Pat, PatIdent, Receiver, ReceiverKind, Signature};

use crate::borrows;
use crate::scan::{mentions, pattern_bindings};
use crate::types::{holds_reference, is_primitive};

/// A name an argument (or a `let` at the call) binds.
pub(crate) struct Binding {
    pub(crate) ident: Ident,
    pub(crate) is_mut: bool,
    /// The span of its `mut`, for a lint on `mut name` as the `async fn`
    /// gives it.
    pub(crate) mut_span: Option<Span>,
    pub(crate) is_self: bool,
    pub(crate) is_arg: bool,
    /// An argument declared as a reference (`key: &str`): nothing to drop,
    /// so nothing to hold.
    pub(crate) is_ref: bool,
    /// An argument of a primitive type (`u32`, `bool`): nothing to drop.
    pub(crate) is_primitive: bool,
    /// A local that may borrow the frame (see [`borrows::may_borrow_frame`]):
    /// held only if the boxed future uses it.
    pub(crate) borrows: bool,
}

/// The names the arguments bind. `_` arguments are renamed `__arg{i}` so
/// that they live as long as the future, as in an `async fn`.
pub(crate) fn bindings(sig: &mut Signature) -> Vec<Binding> {
    let mut bindings = Vec::new();
    for (index, input) in sig.inputs.iter_mut().enumerate() {
        match input {
            // A borrowed receiver has nothing to drop: only an owned one
            // (`self`, `self: Box<Self>`, ...) is moved in.
            FnArg::Receiver(receiver) if !is_borrowed(receiver) => bindings.push(Binding {
                ident: Ident::new("self", receiver.self_token.span),
                is_mut: false,
                mut_span: None,
                is_self: true,
                is_arg: true,
                is_ref: false,
                is_primitive: false,
                borrows: false,
            }),
            FnArg::Receiver(_) => {}
            // An argument under `#[cfg]` may not exist: never named.
            FnArg::Typed(arg) if arg.attrs.iter().any(|attr| attr.path().is_ident("cfg")) => {}
            FnArg::Typed(arg) => {
                if let Pat::Wild(wild) = &*arg.pat {
                    let span = Span::mixed_site().located_at(wild.underscore_token.span);
                    let ident = Ident::new(&format!("__arg{index}"), span);
                    *arg.pat = parse_quote!(#ident);
                }
                collect(
                    &arg.pat,
                    &mut bindings,
                    Known {
                        is_arg: true,
                        is_ref: holds_reference(&arg.ty),
                        is_primitive: is_primitive(&arg.ty),
                        borrows: false,
                    },
                );
            }
        }
    }
    bindings
}

fn is_borrowed(receiver: &Receiver) -> bool {
    match &receiver.kind {
        ReceiverKind::Reference(..) => true,
        ReceiverKind::Typed(_, ty) => holds_reference(ty),
        _ => false,
    }
}

/// What is known of every name one pattern binds.
#[derive(Clone, Copy, Default)]
struct Known {
    is_arg: bool,
    is_ref: bool,
    is_primitive: bool,
    borrows: bool,
}

/// The by-value names `pat` binds.
fn collect(pat: &Pat, bindings: &mut Vec<Binding>, known: Known) {
    for pat in pattern_bindings(pat) {
        if pat.by_ref.is_none() {
            bindings.push(Binding {
                ident: pat.ident.clone(),
                is_mut: pat.mutability.is_some(),
                mut_span: pat.mutability.map(|token| token.span),
                is_self: pat.ident == "self",
                is_arg: known.is_arg,
                is_ref: known.is_ref,
                is_primitive: known.is_primitive,
                borrows: known.borrows,
            });
        }
    }
}

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
pub(crate) fn moved_in(
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
        let mut_elsewhere =
            binding.is_mut && (!binding.is_arg || mentioned_anywhere.contains(&name));
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
            let macros = Ident::new(&name, Span::call_site().located_at(span));
            quote_spanned!(span=> let #macros = #macros;)
        } else if used || name.starts_with('_') {
            quote_spanned!(span=> let #ident = #ident;)
        } else if binding.is_arg && never_mentioned.contains(&name) {
            let moved = Ident::new(&name, Span::call_site().located_at(span));
            let mutability = binding
                .mut_span
                .map(|span| syn::Token![mut](span).into_token_stream());
            quote_spanned!(span=> let #mutability #ident = #moved;)
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
            let mut bound = Vec::new();
            collect(&local.pat, &mut bound, Known::default());
            if bound.iter().any(|binding| binding.ident == name) {
                return true;
            }
        }
        if mentions(&quote::ToTokens::to_token_stream(stmt), name) {
            return false;
        }
    }
    false
}

/// The names a `let` statement at the call binds by value: a boxed future
/// after it holds them until it completes, as the `async fn` does
/// ([`moved_in`]). `owned` are the owned names in scope, which the
/// initializer may borrow.
pub(crate) fn let_bindings(stmt: &syn::Stmt, owned: &[String]) -> Vec<Binding> {
    let syn::Stmt::Local(local) = stmt else {
        return Vec::new();
    };
    let borrows = local
        .init
        .as_ref()
        .is_some_and(|init| borrows::may_borrow_frame(&init.expr, owned));
    let mut bindings = Vec::new();
    collect(
        &local.pat,
        &mut bindings,
        Known {
            borrows,
            ..Known::default()
        },
    );
    bindings
}
