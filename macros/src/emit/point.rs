//! Rule 8's await points, emitted: the awaited future is asked whether it
//! is ready; if it is, the code after it goes on at the call, else it and
//! the rest are boxed.
//!
//! Imports the parent's `Emitter`, `plan`, `propagation` (which statement
//! is a point) and `rewrite` (ready exits).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::{parse_quote, parse_quote_spanned, Expr, Stmt};

use super::{moved_in, Emitter};
use crate::plan::Plan;
use crate::propagation;
use crate::rewrite;
use crate::types;

impl Emitter<'_> {
    /// Input (rule 8): `let v = self.get(key).await?; rest`
    /// Output:
    /// ```text
    /// let v = match ::fast_async::__private::try_ready!(self.get(key)) {
    ///     ::core::result::Result::Ok(output) => output?,   // `?` rewritten: a ready exit
    ///     ::core::result::Result::Err(pending) => {
    ///         return boxed(async move { let v = pending.await?; rest })
    ///     }
    /// };
    /// rest   // planned again: it runs at the call
    /// ```
    /// A statement `X.await;` and a tail `X.await` are handled alike.
    pub(super) fn propagate(
        &mut self,
        point: Stmt,
        rest_stmts: Vec<Stmt>,
        rest: &Plan,
    ) -> TokenStream {
        let span = self.cx.span;
        let output = Ident::new("output", Span::mixed_site().located_at(span));
        let pending = Ident::new("pending", Span::mixed_site().located_at(span));
        let mut continuation = point;
        let (awaited, has_try) =
            propagation::point_mut(&mut continuation, true).expect("the plan found a point here");
        let future = std::mem::replace(&mut *awaited.base, parse_quote_spanned!(span=> #pending));
        let mut value: Expr = if has_try {
            parse_quote_spanned!(span=> #output?)
        } else {
            parse_quote_spanned!(span=> #output)
        };
        self.at_call.note(&future);
        let (arguments, future) = hoist_arguments(future, span);
        let try_ready = quote_spanned!(span=> ::fast_async::__private::try_ready!(#future));
        let ok = quote_spanned!(span=> ::core::result::Result::Ok);
        let err = quote_spanned!(span=> ::core::result::Result::Err);
        if let Stmt::Expr(_, None) = continuation {
            let on_ready = self.ready_value(value);
            let on_pending = match self.pass_on(&continuation, &pending, has_try) {
                Some(pass_on) => pass_on,
                None => self.boxed_value(vec![continuation]),
            };
            let probe = quote_spanned! {span=>
                match #try_ready {
                    #ok(#output) => #on_ready,
                    #err(#pending) => #on_pending,
                }
            };
            return if arguments.is_empty() {
                probe
            } else {
                quote_spanned!(span=> { #arguments #probe })
            };
        }
        rewrite::ready_exits_in_expr(&mut value, self.cx.output);
        let mut stmts = vec![continuation.clone()];
        stmts.extend(rest_stmts.iter().cloned());
        let on_pending = self.exit_boxed(stmts);
        // Bound on the ready path only from here on.
        let held = self.at_call.let_bindings(&continuation);
        let mut tokens = arguments;
        tokens.extend(match continuation {
            Stmt::Local(local) => {
                let attrs = &local.attrs;
                let let_token = local.let_token;
                let pat = &ready_path_pattern(&local.pat, &rest_stmts, rest);
                quote_spanned! {span=>
                    #(#attrs)* #let_token #pat = match #try_ready {
                        #ok(#output) => #value,
                        #err(#pending) => #on_pending,
                    };
                }
            }
            _ => {
                // `X.await;` drops its value; `X.await?;` may exit.
                let on_ready = if matches!(value, Expr::Path(_)) {
                    quote!({})
                } else {
                    quote!({ #value; })
                };
                let output = if matches!(value, Expr::Path(_)) {
                    quote!(_)
                } else {
                    quote!(#output)
                };
                quote_spanned! {span=>
                    match #try_ready {
                        #ok(#output) => #on_ready
                        #err(#pending) => #on_pending,
                    }
                }
            }
        });
        for local in held {
            self.at_call.bind(local);
        }
        tokens.extend(self.stmts(rest_stmts, rest));
        tokens
    }
}

impl Emitter<'_> {
    /// Input (rule 8, tail pass-through): the tail point `x.await` of the
    /// body or of a tail branch, no `?`, in the dyn form, its future
    /// `pending` (not ready), where the continuation would hold nothing
    /// but it: no argument or local the `async fn` keeps alive until it
    /// completes (`_permit: Permit`, a guard), no `#[instrument]` span to
    /// poll it in, an output type `R` naming no lifetime.
    /// Output: `pending` handed on as the function's future, or the boxed
    /// continuation when its type is not `MaybeReady<Output = R>` (see
    /// [`Output::pass_on`](crate::output::Output::pass_on)):
    /// ```text
    /// { let tail = Tail::<R, _, _>::fast(pending);
    ///   (&tail).fast_async_tail().fast(tail, |pending| boxed(async move { pending.await })) }
    /// ```
    /// `None` where the continuation stays. Why no lifetime in `R`: the
    /// future handed on must have exactly the output `R`, and the types
    /// are told apart without their lifetimes, so a `&'static str` would
    /// be taken for the function's `&'a str` and then fail to borrow-check,
    /// where the `async fn` lets it shorten.
    fn pass_on(
        &mut self,
        continuation: &Stmt,
        pending: &Ident,
        has_try: bool,
    ) -> Option<TokenStream> {
        let output = self.cx.output;
        if has_try
            || self.branches.is_some()
            || output.ty.as_ref().is_none_or(types::names_lifetime)
        {
            return None;
        }
        let code = continuation.to_token_stream();
        let held = moved_in::moved_in(
            &self.at_call.in_reach().concat(),
            self.at_call.moved(),
            self.cx.mentioned_anywhere,
            &self.never_mentioned,
            &code,
            std::slice::from_ref(continuation),
        );
        if !held.is_empty() {
            return None;
        }
        let future = self.async_block(vec![continuation.clone()]);
        output.pass_on(pending, future, self.cx.span)
    }
}

/// Input:  `let mut conn = connect().await?;` whose `conn` the code after it
/// at the call never names (it is mutated only in a box: bb8's `connect`)
/// Output: `conn`, the pattern of the ready path without that `mut`: the
/// boxes rebind it `mut`, and the continuation keeps the user's `let mut`,
/// so an unused `mut` is reported there once, as for the `async fn`.
fn ready_path_pattern(pat: &syn::Pat, rest_stmts: &[Stmt], rest: &Plan) -> syn::Pat {
    struct Strip<'a>(&'a std::collections::BTreeSet<String>);
    impl syn::visit_mut::VisitMut for Strip<'_> {
        fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
            if pat.by_ref.is_none() && self.0.contains(&pat.ident.to_string()) {
                pat.mutability = None;
            }
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    let names: Vec<String> = crate::scan::pattern_bindings(pat)
        .into_iter()
        .filter(|binding| binding.mutability.is_some() && binding.by_ref.is_none())
        .map(|binding| binding.ident.to_string())
        .collect();
    let named_later = crate::plan::mentioned_at_call(rest_stmts, rest, &names);
    let unnamed: std::collections::BTreeSet<String> = names
        .into_iter()
        .filter(|name| !named_later.contains(name))
        .collect();
    let mut pat = pat.clone();
    syn::visit_mut::VisitMut::visit_pat_mut(&mut Strip(&unnamed), &mut pat);
    pat
}

/// Input:  `self.add(*held, 1, key)` (the awaited future of a point)
/// Output: `let arg0 = *held;` and `self.add(arg0, 1, key)`
///
/// The future is made by a closure (`try_ready!`), at once if its type can
/// say it is ready, else only when the boxed continuation awaits it (as in
/// the `async fn`). Its arguments are evaluated first, at the call, so that
/// the closure takes their values, not the locals they were read from.
pub(super) fn hoist_arguments(future: Expr, span: Span) -> (TokenStream, Expr) {
    let mut lets = TokenStream::new();
    let mut hoist = |args: &mut syn::punctuated::Punctuated<Expr, syn::Token![,]>| {
        // A literal or a plain name goes into the closure as it is anyway.
        let arguments = args
            .iter_mut()
            .filter(|arg| !matches!(arg, Expr::Lit(_) | Expr::Path(_)));
        for (index, arg) in arguments.enumerate() {
            let name = Ident::new(&format!("arg{index}"), Span::mixed_site().located_at(span));
            let value = std::mem::replace(arg, parse_quote!(#name));
            lets.extend(quote_spanned!(span=> let #name = #value;));
        }
    };
    let mut future = future;
    match &mut future {
        Expr::Call(call) => hoist(&mut call.args),
        Expr::MethodCall(call) => hoist(&mut call.args),
        _ => {}
    }
    (lets, future)
}
