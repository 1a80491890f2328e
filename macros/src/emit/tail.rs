//! The tail of the body (DESIGN.md rule 4): an `if`, `match` or block
//! whose branches differ, each one ready or boxed; and, in the opaque form,
//! several boxed branches sharing one box.
//!
//! Imports the parent's `Emitter`, `plan` and `rewrite` (ready exits).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::{parse_quote_spanned, Expr, ExprIf, ExprMatch, Pat, Stmt};

use super::Emitter;
use crate::plan::{Plan, Tail};
use crate::rewrite;

impl Emitter<'_> {
    /// Input: `if cond { a } else { b.await }` (rule 4).
    /// Output: `if cond { ready(a) } else { boxed(async move { b.await }) }`.
    ///
    /// A branch that awaits holds what its pattern binds by value
    /// (`Some(v) => { x.await; v.name.len() }`): each of its boxes opens
    /// with `let v = v;` (`hold_bindings`), so `v` drops whole when the box
    /// completes, as at the end of the `async fn`'s arm, not at the call
    /// with what the `async move` block did not capture (rule 5).
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
                if then.boxed_branches() > 0 {
                    let body = Expr::Block(syn::ExprBlock {
                        attrs: Vec::new(),
                        label: None,
                        block: then_branch.clone(),
                    });
                    self.hold_condition(&mut cond, &body, then);
                }
                let then_braces = then_branch.brace_token.span.join();
                let braces = self.enter(then_braces);
                let then = self.stmts(then_branch.stmts, then);
                self.braces = braces;
                self.at_call.restore(&fork);
                let (otherwise, else_braces) = match (else_branch, otherwise) {
                    (Some((_, otherwise)), Some(plan)) => {
                        // Only with locals to order its tail temporaries
                        // against (else `unused_braces` on the inner block).
                        let else_braces = branch_braces(&otherwise).filter(|_| {
                            matches!(&*otherwise, Expr::Block(block)
                                if block.block.stmts.iter().any(|stmt| matches!(stmt, Stmt::Local(_))))
                        });
                        (self.branch(*otherwise, plan), else_braces)
                    }
                    _ => (
                        self.ready_value(parse_quote_spanned!(if_token.span=> ())),
                        None,
                    ),
                };
                self.at_call.leave(&fork);
                // The branches keep the user's braces: their tail
                // temporaries drop by the rules of the user's edition. The
                // `else` in a block of its own: where the then-branch ends in
                // a ready exit, clippy's `redundant_else` would take the
                // user's braces there for the user's code.
                let then = quote_spanned!(then_braces=> { #then });
                let otherwise = match else_braces {
                    Some(braces) => {
                        let block = quote_spanned!(braces=> { #otherwise });
                        quote!({ #block })
                    }
                    None => quote!({ #otherwise }),
                };
                quote!(#(#attrs)* #if_token #cond #then else #otherwise)
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
                    if plan.boxed_branches() > 0 {
                        let pat = match &mut pat {
                            Pat::Guard(guarded) => &mut *guarded.pat,
                            pat => pat,
                        };
                        self.hold_bindings(pat, &arm.body, plan, &expr, &TokenStream::new());
                    }
                    let braces = branch_braces(&arm.body);
                    let body = self.branch(*arm.body, plan);
                    let body = match braces {
                        Some(braces) => quote_spanned!(braces=> { #body }),
                        None => quote!({ #body }),
                    };
                    quote!(#(#attrs)* #pat => #body)
                });
                let arms: Vec<TokenStream> = arms.collect();
                self.at_call.leave(&fork);
                quote!(#(#attrs)* #match_token #expr { #(#arms)* })
            }
            (Expr::Block(block), Tail::Block(plan)) => {
                let stmts = self.stmts(block.block.stmts, plan);
                quote!({ #stmts })
            }
            _ => unreachable!("the plan was made for this expression"),
        }
    }

    /// Input: a branch of a tail `if` or `match` (a terminating scope).
    /// Output: the branch emitted ([`Emitter::expr`]), its boxes opening
    /// their block with the branch's tail in the branch's braces, if any:
    /// its tail temporaries drop by the rules of the edition the branch
    /// was written in, as in the `async fn`.
    pub(super) fn branch(&mut self, expr: Expr, plan: &Plan) -> TokenStream {
        let braces = match branch_braces(&expr) {
            Some(braces) => self.enter(braces),
            None => self.braces,
        };
        let tokens = self.expr(expr, plan);
        self.braces = braces;
        tokens
    }

    /// Sets the braces of the boxes' blocks to `braces`, returning the
    /// ones to restore.
    pub(super) fn enter(&mut self, braces: Span) -> Span {
        std::mem::replace(&mut self.braces, braces)
    }

    /// Input: the condition of a tail `if` whose then-branch awaits,
    /// `if let Some(mut v) = opt` (or a let chain, `let`s joined by `&&`).
    /// Output: the same, the boxes of the branch holding what each `let`
    /// binds until they complete (`hold_bindings`), as the `async fn` holds
    /// it until the branch ends (rule 5).
    fn hold_condition(&mut self, cond: &mut Expr, body: &Expr, plan: &Plan) {
        let mut operands = Vec::new();
        chain_operands(cond, &mut operands);
        let tokens: Vec<TokenStream> = operands.iter().map(|op| op.to_token_stream()).collect();
        for (index, operand) in operands.into_iter().enumerate() {
            if let Expr::Let(expr_let) = operand {
                // What follows in the chain runs at the call: a `mut`
                // binding it mentions keeps its `mut` there.
                let rest: TokenStream = tokens[index + 1..].iter().cloned().collect();
                self.hold_bindings(&mut expr_let.pat, body, plan, &expr_let.expr, &rest);
            }
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

/// The span of the braces of a branch written as a block.
pub(super) fn branch_braces(expr: &Expr) -> Option<Span> {
    match expr {
        Expr::Block(block) if block.label.is_none() => Some(block.block.brace_token.span.join()),
        _ => None,
    }
}

/// The operands of a condition, in order: itself, or each of a chain
/// joined by `&&` (`let A = a && b && let B = c`).
fn chain_operands<'a>(cond: &'a mut Expr, operands: &mut Vec<&'a mut Expr>) {
    let nested = matches!(cond, Expr::Paren(_))
        || matches!(cond, Expr::Binary(binary) if matches!(binary.op, syn::BinOp::And(_)));
    if !nested {
        operands.push(cond);
        return;
    }
    match cond {
        Expr::Binary(binary) => {
            chain_operands(&mut binary.left, operands);
            chain_operands(&mut binary.right, operands);
        }
        Expr::Paren(paren) => chain_operands(&mut paren.expr, operands),
        _ => {}
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
