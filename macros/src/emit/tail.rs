//! The tail of the body (DESIGN.md rule 4): an `if`, `match` or block
//! whose branches differ, each one ready or boxed; and, in the opaque form,
//! several boxed branches sharing one box.
//!
//! Imports the parent's `Emitter`, `plan` and `rewrite` (ready exits).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{parse_quote_spanned, Expr, ExprIf, ExprMatch, Stmt};

use super::Emitter;
use crate::plan::{Plan, Tail};
use crate::rewrite;

impl Emitter<'_> {
    /// Input: `if cond { a } else { b.await }` (rule 4).
    /// Output: `if cond { ready(a) } else { boxed(async move { b.await }) }`.
    pub(super) fn tail(&mut self, expr: Expr, plan: &Tail) -> TokenStream {
        match (expr, plan) {
            (Expr::If(expr_if), Tail::If { then, otherwise }) => {
                let ExprIf {
                    attrs,
                    if_token,
                    mut cond,
                    then_branch,
                    else_branch,
                } = expr_if;
                self.at_call.note(&cond);
                rewrite::ready_exits_in_expr(&mut cond, self.cx.output);
                let fork = self.at_call.fork();
                let then = self.stmts(then_branch.stmts, then);
                self.at_call.restore(&fork);
                let otherwise = match (else_branch, otherwise) {
                    (Some((_, otherwise)), Some(plan)) => self.expr(*otherwise, plan),
                    _ => self.ready_value(parse_quote_spanned!(if_token.span=> ())),
                };
                self.at_call.restore(&fork);
                quote!(#(#attrs)* #if_token #cond { #then } else { #otherwise })
            }
            (Expr::Match(expr_match), Tail::Match(plans)) => {
                let ExprMatch {
                    attrs,
                    match_token,
                    mut expr,
                    arms,
                    ..
                } = expr_match;
                self.at_call.note(&expr);
                rewrite::ready_exits_in_expr(&mut expr, self.cx.output);
                let fork = self.at_call.fork();
                let arms = arms.into_iter().zip(plans).map(|(arm, plan)| {
                    self.at_call.restore(&fork);
                    let attrs = arm.attrs;
                    let mut pat = arm.pat;
                    self.at_call.note(&pat);
                    rewrite::ready_exits_in_pat(&mut pat, self.cx.output);
                    let body = self.expr(*arm.body, plan);
                    quote!(#(#attrs)* #pat => { #body })
                });
                let arms: Vec<TokenStream> = arms.collect();
                self.at_call.restore(&fork);
                quote!(#(#attrs)* #match_token #expr { #(#arms)* })
            }
            (Expr::Block(block), Tail::Block(plan)) => {
                let stmts = self.stmts(block.block.stmts, plan);
                quote!({ #stmts })
            }
            _ => unreachable!("the plan was made for this expression"),
        }
    }

    /// Input (opaque form, several boxed branches):
    /// ```text
    /// match cmd { A => a.await, B => b.await, C => c }
    /// ```
    /// Output:
    /// ```text
    /// let __branch = {
    ///     match cmd {
    ///         A => ::fast_async::__private::Branch::First(async move { a.await }),
    ///         B => ::fast_async::__private::Branch::Rest(async move { b.await }),
    ///         C => return ReadyOrBoxed::<R, _>::ready(c),
    ///     }
    /// };
    /// ReadyOrBoxed::<R, _>::boxed(async move {
    ///     match __branch {
    ///         ::fast_async::__private::Branch::First(future) => future.await,
    ///         ::fast_async::__private::Branch::Rest(future) => future.await,
    ///     }
    /// })
    /// ```
    /// One allocation whichever branch runs, and the box holds the concrete
    /// branch futures, so `Send` still follows the contents. (With rule 8,
    /// the block is labeled and a pending await point `break`s out of it.)
    pub(super) fn shared_box(&mut self, stmts: Vec<Stmt>, plan: &Plan) -> TokenStream {
        let span = self.cx.span;
        let branch = Ident::new("__branch", Span::mixed_site().located_at(span));
        let future = Ident::new("future", Span::mixed_site().located_at(span));
        let label = syn::Lifetime {
            apostrophe: span,
            ident: Ident::new("__fast_async", Span::mixed_site().located_at(span)),
        };
        let count = plan.boxed_branches();
        self.branches = Some(Branches {
            label: label.clone(),
            count,
            next: 0,
        });
        let body = self.stmts(stmts, plan);
        let branches = self.branches.take().expect("set above");
        let arms = (0..count).map(|index| {
            let pattern = branches.wrap(index, quote!(#future), span);
            quote_spanned!(span=> #pattern => #future.await,)
        });
        let dispatch = quote_spanned!(span=> async move {
            match #branch {
                #(#arms)*
            }
        });
        let boxed = self.cx.output.boxed(dispatch, span);
        let label = plan.propagates().then(|| quote!(#label:));
        let body = quote_spanned!(self.braces=> { #body });
        quote_spanned! {span=>
            let #branch = #label #body;
            #boxed
        }
    }
}

/// Several boxed branches sharing one box (opaque form): each is a variant
/// of nested `::fast_async::__private::Branch`es.
pub(super) struct Branches {
    /// Labels the block computing the branch, for rule 8's early `break`.
    pub(super) label: syn::Lifetime,
    count: usize,
    /// The index the next boxed branch gets.
    pub(super) next: usize,
}

impl Branches {
    /// Wraps `value` as branch `index` of `count`: `First(v)`,
    /// `Rest(First(v))`, ..., and the last one `Rest(Rest(v))`.
    pub(super) fn wrap(&self, index: usize, value: TokenStream, span: Span) -> TokenStream {
        let branch = quote_spanned!(span=> ::fast_async::__private::Branch);
        let mut wrapped = if index + 1 == self.count {
            value
        } else {
            quote_spanned!(span=> #branch::First(#value))
        };
        for _ in 0..index {
            wrapped = quote_spanned!(span=> #branch::Rest(#wrapped));
        }
        wrapped
    }
}
