//! The names the arguments and the `let`s at the call bind, with what the
//! macro knows of each ([`Binding`]): the values a boxed future takes over
//! (DESIGN.md rule 5, see `emit::moved_in`).
//!
//! Analyse stage. Imports `borrows`, `scan` (the pattern walker) and
//! `types`.

use proc_macro2::{Ident, Span};
use syn::{FnArg, Pat, Receiver, ReceiverKind, Signature};

use crate::borrows;
use crate::scan::pattern_bindings;
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
    /// A `let mut` at the call whose `mut` moved to the one boxed future
    /// that mutates it (`emit::Emitter::sync`): rebound there on the user's
    /// `mut`, with no allow.
    pub(crate) mut_moved: bool,
}

/// The names the arguments bind (`_` arguments already named by
/// [`crate::normalize::name_wild_arguments`]).
pub(crate) fn bindings(sig: &Signature) -> Vec<Binding> {
    let mut bindings = Vec::new();
    for input in &sig.inputs {
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
                mut_moved: false,
            }),
            FnArg::Receiver(_) => {}
            // An argument under `#[cfg]` may not exist: never named.
            FnArg::Typed(arg) if arg.attrs.iter().any(|attr| attr.path().is_ident("cfg")) => {}
            FnArg::Typed(arg) => {
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
                mut_moved: false,
            });
        }
    }
}

/// The names a `let` statement at the call binds by value: a boxed future
/// after it holds them until it completes, as the `async fn` does
/// (`emit::moved_in`). `owned` are the owned names in scope, which the
/// initializer may borrow, `args` all the argument names (see
/// [`borrows::may_borrow_frame`]).
pub(crate) fn let_bindings(stmt: &syn::Stmt, owned: &[String], args: &[String]) -> Vec<Binding> {
    let syn::Stmt::Local(local) = stmt else {
        return Vec::new();
    };
    let borrows = local
        .init
        .as_ref()
        .is_some_and(|init| borrows::may_borrow_frame(&init.expr, owned, args));
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
