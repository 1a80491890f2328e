//! Rule 8 on a tail's scrutinee: a `match` / `if let` / `if` whose whole
//! scrutinee or condition awaits a future that may be done. Ready, the
//! tail goes on at the call with the value, split per branch (rule 4);
//! pending, one box awaits it and runs the whole tail.
//!
//! Imports the parent's `Emitter` and `strip_mut`, `point` (the hoisted arguments),
//! `bindings`, `plan`, `propagation` (the point's shape, what a pattern
//! leaves of the value) and `rewrite`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{parse_quote_spanned, Expr, ExprBlock, Pat, Stmt};

use super::point::hoist_arguments;
use super::{strip_mut, tail, Emitter};
use crate::bindings::Binding;
use crate::plan::{block_stmts, mentioned_at_call, Plan, Tail};
use crate::propagation::{self, Binds};
use crate::rewrite;

/// What the branches of the ready path share.
struct ReadyPath {
    /// The value, as a `Rematch` branch binds it whole.
    value: Ident,
    /// The tail again, matching `::core::convert::identity(value)`.
    rematched: Expr,
    /// The held locals outside the tail ([`super::at_call::AtCall::outer`]).
    outer: usize,
}

/// A branch of the ready path: `pat => { body }` in a `match`, or the
/// pattern and the then-block of an `if let`.
struct Arm {
    pat: TokenStream,
    body: TokenStream,
    /// The braces of the user's branch, if a block: kept, so its tail
    /// temporaries drop by the rules of the user's edition.
    braces: Option<Span>,
}

impl ToTokens for Arm {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Arm { pat, body, braces } = self;
        let body = match braces {
            Some(braces) => quote_spanned!(*braces=> { #body }),
            None => quote!({ #body }),
        };
        tokens.extend(quote!(#pat => #body));
    }
}

impl Emitter<'_> {
    /// Input (rule 8, a scrutinee point):
    /// ```text
    /// match self.get(key).await? {
    ///     Some(v) => v,
    ///     _ => self.load(key).await,
    /// }
    /// ```
    /// Output:
    /// ```text
    /// let value = match ::fast_async::__private::try_ready!(self.get(key)) {
    ///     Ok(output) => output,
    ///     Err(pending) => return boxed(async move {
    ///         let value = { match pending.await? { /* the arms */ } };
    ///         value
    ///     }),
    /// };
    /// match ::core::convert::identity(value?) {   // `?`: a ready exit
    ///     Some(v) => ready(v),
    ///     value => boxed(async move {
    ///         let value = { match ::core::convert::identity(value) { /* the arms */ } };
    ///         value
    ///     }),
    /// }
    /// ```
    /// The ready path matches a temporary, as the `async fn` does: what the
    /// patterns leave of the value drops when the tail ends, by the rules
    /// of the user's edition (the `if let` keeps the user's `if`). A branch
    /// that awaits is boxed: one that moves the whole value into its
    /// bindings (`Some(v)`) holds them; one that binds nothing of it (`_`,
    /// `None` excepted, an `if let`'s `else`) takes the whole value
    /// (`value @ P`) and runs the tail again on it, so the box drops it when
    /// its tail ends, as the `async fn` does. Each box opens with the
    /// arguments, then runs the tail in a block with the locals: the value
    /// drops before the arguments, and after (edition 2021) or before (2024)
    /// the locals, as in the `async fn`. With several boxed branches in the
    /// opaque form, `return` is a `break` out of the shared box's block.
    pub(super) fn propagate_scrutinee(&mut self, mut tail: Expr, plan: &Tail) -> TokenStream {
        let span = self.cx.span;
        let mixed = Span::mixed_site().located_at(span);
        let output = Ident::new("output", mixed);
        let pending = Ident::new("pending", mixed);
        let slot = propagation::scrutinee_mut(&mut tail).expect("the plan found a point here");
        let value = Ident::new("value", Span::mixed_site().located_at(slot.span()));
        let (future, question) = match std::mem::replace(slot, Expr::PLACEHOLDER) {
            Expr::Try(tried) => match *tried.expr {
                Expr::Await(awaited) => (*awaited.base, Some(tried.question_token)),
                _ => unreachable!("the plan found a point here"),
            },
            Expr::Await(awaited) => (*awaited.base, None),
            _ => unreachable!("the plan found a point here"),
        };
        self.at_call.note(&future);
        let (arguments, future) = hoist_arguments(future, span);

        // Pending: one box runs the whole tail on the awaited value.
        let awaited: Expr = match question {
            Some(question) => parse_quote_spanned!(span=> #pending.await #question),
            None => parse_quote_spanned!(span=> #pending.await),
        };
        let on_pending = self.scrutinee_box(with_scrutinee(&tail, awaited));
        let on_pending = self.exit(on_pending);
        let probe = quote_spanned! {span=>
            #arguments
            let #value = match ::fast_async::__private::try_ready!(#future) {
                ::core::result::Result::Ok(#output) => #output,
                ::core::result::Result::Err(#pending) => #on_pending,
            };
        };

        // Ready: the tail on the value, a temporary as in the `async fn`
        // (a `bool` needs none).
        let is_bool = matches!(&tail, Expr::If(expr_if) if !matches!(*expr_if.cond, Expr::Let(_)));
        let mut scrutinee: Expr = match (question, is_bool) {
            (Some(question), true) => parse_quote_spanned!(mixed=> #value #question),
            (None, true) => parse_quote_spanned!(mixed=> #value),
            (Some(question), false) => {
                parse_quote_spanned!(mixed=> ::core::convert::identity(#value #question))
            }
            (None, false) => parse_quote_spanned!(mixed=> ::core::convert::identity(#value)),
        };
        if !is_bool {
            // (`Emitter::tail` rewrites the condition of an `if`.)
            rewrite::ready_exits_in_expr(&mut scrutinee, self.cx.output);
        }
        let rematched = with_scrutinee(
            &tail,
            parse_quote_spanned!(mixed=> ::core::convert::identity(#value)),
        );
        let ready = ReadyPath {
            value,
            rematched,
            outer: self.at_call.outer(),
        };
        let tail = with_scrutinee(&tail, scrutinee);
        let fork = self.at_call.fork();
        let ready_path = match (tail, plan) {
            (Expr::Match(expr_match), Tail::Match(plans)) => {
                let syn::ExprMatch {
                    attrs,
                    match_token,
                    expr,
                    brace_token,
                    arms,
                } = expr_match;
                let arms: Vec<TokenStream> = arms
                    .into_iter()
                    .zip(plans)
                    .map(|(arm, plan)| {
                        self.at_call.restore(&fork);
                        let body = self.ready_arm(arm.pat, *arm.body, plan, &ready);
                        let attrs = arm.attrs;
                        quote!(#(#attrs)* #body)
                    })
                    .collect();
                let arms = quote_spanned!(brace_token.span.join()=> { #(#arms)* });
                quote!(#(#attrs)* #match_token #expr #arms)
            }
            (Expr::If(expr_if), Tail::If { then, otherwise }) if !is_bool => {
                let syn::ExprIf {
                    attrs,
                    if_token,
                    cond,
                    then_branch,
                    else_branch,
                } = expr_if;
                let Expr::Let(expr_let) = *cond else {
                    unreachable!("not a bool")
                };
                let then_braces = then_branch.brace_token.span.join();
                let else_braces = match &else_branch {
                    Some((else_token, _)) => else_token.span,
                    None => if_token.span,
                };
                let then_branch = Expr::Block(ExprBlock {
                    attrs: Vec::new(),
                    label: None,
                    block: then_branch,
                });
                let then_arm = self.ready_arm(*expr_let.pat, then_branch, then, &ready);
                self.at_call.restore(&fork);
                let (otherwise, otherwise_plan) = match (else_branch, otherwise) {
                    (Some((_, otherwise)), Some(plan)) => (*otherwise, &**plan),
                    _ => (parse_quote_spanned!(if_token.span=> ()), &Plan::Ready),
                };
                let scrutinee = expr_let.expr;
                if let Plan::Rematch(_) = otherwise_plan {
                    // The `else` needs the value by name: a `match`, whose
                    // box runs the user's `if let` again.
                    let wild = parse_quote_spanned!(if_token.span=> _);
                    let otherwise = self.ready_arm(wild, otherwise, otherwise_plan, &ready);
                    quote_spanned!(span=> match #scrutinee { #then_arm #otherwise })
                } else {
                    let otherwise = self.branch(otherwise, otherwise_plan);
                    let let_token = expr_let.let_token;
                    let Arm {
                        pat, body: then, ..
                    } = then_arm;
                    let then = quote_spanned!(then_braces=> { #then });
                    let otherwise = quote_spanned!(else_braces=> { #otherwise });
                    quote! {
                        #(#attrs)* #if_token #let_token #pat = #scrutinee #then else #otherwise
                    }
                }
            }
            (expr_if, plan) => self.tail(expr_if, plan),
        };
        self.at_call.leave(&fork);
        quote!(#probe #ready_path)
    }

    /// Input: one branch of the ready path, `Some(v) => body`, its plan.
    /// Output: `Some(v) => { split body }` (rule 4), or for a `Rematch`,
    /// `value @ Kind::A => if needs_drop(&value) { boxed(async move { .. }) }
    /// else { split body }`.
    fn ready_arm(&mut self, mut pat: Pat, body: Expr, plan: &Plan, ready: &ReadyPath) -> Arm {
        let braces = tail::branch_braces(&body);
        // The pattern and its guard run at the call.
        self.at_call.note(&pat);
        rewrite::ready_exits_in_pat(&mut pat, self.cx.output);
        let (mut pat, guard) = match pat {
            Pat::Guard(guarded) => {
                let if_token = guarded.if_token;
                let guard = guarded.guard;
                (*guarded.pat, Some(quote!(#if_token #guard)))
            }
            pat => (pat, None),
        };
        let (pat, body) = if let Plan::Rematch(inner) = plan {
            let value = &ready.value;
            if let Pat::Or(or) = &mut pat {
                // Only a top-level pattern may open with `|`.
                or.leading_vert = None;
            }
            let pat = match pat {
                // `value @ _` is clippy's `redundant_pattern`.
                Pat::Wild(_) => quote!(#value),
                Pat::Or(_) => quote!(#value @ (#pat)),
                pat => quote!(#value @ #pat),
            };
            // The box runs the whole tail again: the locals outside the
            // tail's branches stay in the block with it.
            let branch = self.at_call.set_outer(ready.outer);
            let boxed = self.scrutinee_box(ready.rematched.clone());
            self.at_call.set_outer(branch);
            let split = self.branch(body, inner);
            // A value without drop glue need not be held: rule 4 (a
            // constant: the other branch compiles away).
            let span = Span::mixed_site().located_at(self.cx.span);
            let body = quote_spanned! {span=>
                if ::fast_async::__private::needs_drop(&#value) { #boxed } else { #split }
            };
            (pat, body)
        } else {
            if plan.boxed_branches() > 0 && propagation::binds(&pat) == Binds::All {
                let value = &ready.value;
                let value: Expr = parse_quote_spanned!(value.span()=> #value);
                self.hold_bindings(&mut pat, &body, plan, &value, &TokenStream::new());
            }
            (pat.into_token_stream(), self.branch(body, plan))
        };
        Arm {
            pat: quote!(#pat #guard),
            body,
            braces,
        }
    }

    /// Input: `Some(mut v)`, the pattern of a branch that awaits, matched
    /// against `init` (the scrutinee point's value, or a rule-4 tail's
    /// scrutinee: `match opt`, `if let Some(mut v) = opt`); `also_at_call`,
    /// other code of the condition that runs at the call (a let chain's).
    /// Output: the boxes of the branch take over what the pattern binds by
    /// value like a local (rebound first in each, so it drops after what
    /// the branch binds later, as the `async fn` drops it at the end of the
    /// arm, not at the call nor with the captured values after the
    /// arguments; rule 5); a `mut` the code at the call does not need moves
    /// to the box's rebinding, on the user's `mut`. A binding from a
    /// scrutinee that may borrow the frame (`r.first()`, or naming a local
    /// that may: `match r`) is a borrow at most: rebound only where used,
    /// as such a local is (`moved_in`).
    pub(super) fn hold_bindings(
        &mut self,
        pat: &mut Pat,
        body: &Expr,
        plan: &Plan,
        init: &Expr,
        also_at_call: &TokenStream,
    ) {
        let names: Vec<String> = crate::scan::pattern_bindings(pat)
            .into_iter()
            .filter(|binding| binding.mutability.is_some())
            .map(|binding| binding.ident.to_string())
            .collect();
        let at_call = mentioned_at_call(&block_stmts(body), plan, &names);
        let moved_mut: Vec<String> = names
            .into_iter()
            .filter(|name| !at_call.contains(name) && !crate::scan::mentions(also_at_call, name))
            .collect();
        // Built, not parsed: a top-level `A | B` is no `let` pattern.
        let span = init.span();
        let stmt = Stmt::Local(syn::Local {
            attrs: Vec::new(),
            let_token: syn::Token![let](span),
            modifiers: syn::LocalModifiers::default(),
            pat: pat.clone(),
            init: Some(syn::LocalInit {
                eq_token: syn::Token![=](span),
                expr: Box::new(init.clone()),
                diverge: None,
            }),
            semi_token: syn::Token![;](span),
        });
        let bindings: Vec<Binding> = self.at_call.let_bindings(&stmt);
        let borrows = self.at_call.names_a_borrower(init);
        strip_mut(pat, &moved_mut);
        // `None` is no binding (see `propagation::binds`).
        let bindings = bindings
            .into_iter()
            .filter(|binding| !binding.ident.to_string().starts_with(char::is_uppercase));
        for mut binding in bindings {
            if moved_mut.contains(&binding.ident.to_string()) {
                binding.mut_moved = true;
            }
            binding.borrows |= borrows;
            self.at_call.bind(binding);
        }
    }

    /// Input: the tail to run in a box, `match pending.await { .. }`.
    /// Output:
    /// `async move { let a = a; let value = coerce({ let l = l; match .. }); value }`,
    /// boxed (or the next shared-box branch): the arguments first (and, in
    /// a branch, the locals bound outside it), the locals in the block with
    /// the tail (see [`Self::propagate_scrutinee`]).
    fn scrutinee_box(&mut self, tail: Expr) -> TokenStream {
        let span = self.cx.span;
        let output = self.cx.output;
        let mut stmt = Stmt::Expr(tail, None);
        rewrite::coerced_returns(&mut stmt, output);
        let code = stmt.to_token_stream();
        let stmts = std::slice::from_ref(&stmt);
        let [args, outer, inner] = self.moved_in(&code, stmts);
        let value = Ident::new("value", Span::mixed_site().located_at(span));
        let braces = self.braces;
        let coerced = output.coerce(Expr::Verbatim(quote_spanned!(braces=> { #inner #stmt })));
        let body = quote_spanned!(braces=> { #args #outer let #value = #coerced; #value });
        let future = quote_spanned!(span=> async move #body);
        match &mut self.branches {
            Some(branches) => {
                let index = branches.next;
                branches.next += 1;
                branches.wrap(index, future, span)
            }
            None => output.boxed(future, span),
        }
    }
}

/// `tail` with its scrutinee replaced by `scrutinee`.
fn with_scrutinee(tail: &Expr, scrutinee: Expr) -> Expr {
    let mut tail = tail.clone();
    if let Some(slot) = propagation::scrutinee_mut_slot(&mut tail) {
        *slot = scrutinee;
    }
    tail
}
