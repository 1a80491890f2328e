//! Emits the new body from the [`Plan`]: the synchronous part with ready
//! exits, then ready values and boxed futures in tail position.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::{parse_quote_spanned, Block, Expr, ExprIf, ExprMatch, Stmt, Type};

use crate::analysis::{plain_block, Plan, Tail};
use crate::rewrite;

/// Which future the function returns.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Form {
    /// `impl MaybeReady<Output = R>` over `ReadyOrBoxed<R, {async block}>`.
    Opaque,
    /// `FastFuture<'fast_async, R>`, or `LocalFastFuture` when `local`.
    Dyn { local: bool },
}

/// How to build the function's future from a ready value or an async block.
pub(crate) struct Output {
    pub(crate) form: Form,
    /// The output type, where the body can spell it (not when it holds an
    /// `impl Trait`).
    pub(crate) ty: Option<Type>,
    /// The output type is `()`.
    pub(crate) is_unit: bool,
    /// No path of the body is boxed (DESIGN.md rule 6).
    pub(crate) never_boxed: bool,
}

impl Output {
    /// A ready future holding `value`.
    pub(crate) fn ready(&self, value: Expr, span: Span) -> Expr {
        match (self.form, &self.ty) {
            // Nothing is ever boxed: name a future type for the empty slot.
            (Form::Opaque, Some(ty)) if self.never_boxed => parse_quote_spanned!(span=>
                ::fast_async::ReadyOrBoxed::<#ty, ::core::future::Ready<#ty>>::ready(#value)
            ),
            (Form::Opaque, None) if self.never_boxed => parse_quote_spanned!(span=>
                ::fast_async::ReadyOrBoxed::<_, ::core::future::Ready<_>>::ready(#value)
            ),
            (Form::Opaque, Some(ty)) => {
                parse_quote_spanned!(span=> ::fast_async::ReadyOrBoxed::<#ty, _>::ready(#value))
            }
            (Form::Opaque, None) => {
                parse_quote_spanned!(span=> ::fast_async::ReadyOrBoxed::ready(#value))
            }
            (Form::Dyn { local: false }, _) => {
                parse_quote_spanned!(span=> ::fast_async::FastFuture::ready(#value))
            }
            (Form::Dyn { local: true }, _) => {
                parse_quote_spanned!(span=> ::fast_async::LocalFastFuture::ready(#value))
            }
        }
    }

    /// A boxed future running `future` (an `async move` block).
    fn boxed(&self, future: TokenStream, span: Span) -> TokenStream {
        match (self.form, &self.ty) {
            (Form::Opaque, Some(ty)) => {
                quote_spanned!(span=> ::fast_async::ReadyOrBoxed::<#ty, _>::boxed(#future))
            }
            (Form::Opaque, None) => {
                quote_spanned!(span=> ::fast_async::ReadyOrBoxed::boxed(#future))
            }
            (Form::Dyn { local: false }, _) => {
                quote_spanned!(span=> ::fast_async::FastFuture::boxed(#future))
            }
            (Form::Dyn { local: true }, _) => {
                quote_spanned!(span=> ::fast_async::LocalFastFuture::boxed(#future))
            }
        }
    }

    /// `value` coerced to the output type, as an `async fn` coerces its
    /// returns and its tail (an `async` block does not).
    pub(crate) fn coerce(&self, value: Expr) -> Expr {
        match &self.ty {
            Some(ty) if !self.is_unit => {
                parse_quote_spanned!(Span::call_site().located_at(value_span(&value))=>
                    ::fast_async::__private::coerce::<#ty>(#value)
                )
            }
            _ => value,
        }
    }
}

fn value_span(value: &Expr) -> Span {
    syn::spanned::Spanned::span(value)
}

/// What the emitted body needs beyond the plan.
pub(crate) struct BodyContext<'a> {
    pub(crate) output: &'a Output,
    /// Statements that open every boxed future: the arguments the
    /// synchronous part does not mention, moved in (rule 5).
    pub(crate) moved_in: TokenStream,
    /// The span of the `async` keyword: generated code is blamed there.
    pub(crate) span: Span,
}

/// What the body emission noticed, for the signature.
#[derive(Default)]
pub(crate) struct Emitted {
    /// A ready value is `todo!()` / `panic!()` / ...: the function needs
    /// `#[allow(unreachable_code)]` for the ready call around it.
    pub(crate) diverging_ready_value: bool,
}

/// Input: the body of an `async fn` and its plan.
/// Output: a body that returns the function's future (see DESIGN.md).
pub(crate) fn emit(block: Block, plan: &Plan, cx: &BodyContext<'_>) -> (Block, Emitted) {
    let mut emitter = Emitter {
        cx,
        branches: None,
        emitted: Emitted::default(),
    };
    let brace_token = block.brace_token;
    let stmts = if cx.output.form == Form::Opaque && plan.boxed_branches() > 1 {
        emitter.shared_box(block.stmts, plan)
    } else {
        emitter.stmts(block.stmts, plan)
    };
    let block = Block {
        brace_token,
        stmts: syn::parse2::<BlockStmts>(stmts)
            .expect("emitted statements parse")
            .0,
    };
    (block, emitter.emitted)
}

struct BlockStmts(Vec<Stmt>);

impl syn::parse::Parse for BlockStmts {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        Block::parse_within(input).map(BlockStmts)
    }
}

struct Emitter<'a> {
    cx: &'a BodyContext<'a>,
    /// Set when the opaque form has several boxed branches: each becomes a
    /// variant of one local enum, awaited inside a single box.
    branches: Option<Branches>,
    emitted: Emitted,
}

struct Branches {
    enum_name: Ident,
    count: usize,
}

impl Emitter<'_> {
    /// A block's statements, ending in the expression that is the future.
    fn stmts(&mut self, mut stmts: Vec<Stmt>, plan: &Plan) -> TokenStream {
        match plan {
            Plan::Ready => {
                let tail = match stmts.pop() {
                    Some(Stmt::Expr(tail, None)) => Some(tail),
                    other => {
                        stmts.extend(other);
                        None
                    }
                };
                let unit_value =
                    tail.is_none() && self.cx.output.is_unit && !ends_in_return(&stmts);
                let mut tokens = self.sync(stmts);
                if let Some(tail) = tail {
                    tokens.extend(self.ready_value(tail));
                } else if unit_value {
                    tokens.extend(self.ready_value(parse_quote_spanned!(self.cx.span=> ())));
                }
                tokens
            }
            Plan::Split { prefix_len } => {
                let rest = stmts.split_off(*prefix_len);
                let mut tokens = self.sync(stmts);
                tokens.extend(self.boxed_value(rest));
                tokens
            }
            Plan::Tail(tail_plan) => {
                let Some(Stmt::Expr(tail, None)) = stmts.pop() else {
                    unreachable!("a tail plan has a tail expression")
                };
                let mut tokens = self.sync(stmts);
                tokens.extend(self.tail(tail, tail_plan));
                tokens
            }
        }
    }

    /// An expression in tail position, planned as a block `{ expr }`.
    fn expr(&mut self, expr: Expr, plan: &Plan) -> TokenStream {
        let stmts = match plain_block(&expr) {
            Some(_) => match expr {
                Expr::Block(block) => block.block.stmts,
                _ => unreachable!(),
            },
            None => vec![Stmt::Expr(expr, None)],
        };
        self.stmts(stmts, plan)
    }

    /// Input: `if cond { a } else { b.await }` (rule 4).
    /// Output: `if cond { ready(a) } else { boxed(async move { b.await }) }`.
    fn tail(&mut self, expr: Expr, plan: &Tail) -> TokenStream {
        match (expr, plan) {
            (Expr::If(expr_if), Tail::If { then, otherwise }) => {
                let ExprIf {
                    attrs,
                    if_token,
                    mut cond,
                    then_branch,
                    else_branch,
                } = expr_if;
                rewrite::ready_exits_in_expr(&mut cond, self.cx.output);
                let then = self.stmts(then_branch.stmts, then);
                let otherwise = match (else_branch, otherwise) {
                    (Some((_, otherwise)), Some(plan)) => self.expr(*otherwise, plan),
                    _ => self.ready_value(parse_quote_spanned!(if_token.span=> ())),
                };
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
                rewrite::ready_exits_in_expr(&mut expr, self.cx.output);
                let arms = arms.into_iter().zip(plans).map(|(arm, plan)| {
                    let attrs = arm.attrs;
                    let mut pat = arm.pat;
                    rewrite::ready_exits_in_pat(&mut pat, self.cx.output);
                    let body = self.expr(*arm.body, plan);
                    quote!(#(#attrs)* #pat => { #body })
                });
                let arms: Vec<TokenStream> = arms.collect();
                quote!(#(#attrs)* #match_token #expr { #(#arms)* })
            }
            (Expr::Block(block), Tail::Block(plan)) => {
                let stmts = self.stmts(block.block.stmts, plan);
                quote!({ #stmts })
            }
            _ => unreachable!("the plan was made for this expression"),
        }
    }

    /// Statements that run at the call: `return` and `?` exit ready.
    fn sync(&mut self, stmts: Vec<Stmt>) -> TokenStream {
        stmts
            .into_iter()
            .map(|mut stmt| {
                rewrite::ready_exits(&mut stmt, self.cx.output);
                stmt.into_token_stream()
            })
            .collect()
    }

    /// A branch whose value is known at the call.
    fn ready_value(&mut self, mut value: Expr) -> TokenStream {
        if is_diverging_macro(&value) {
            self.emitted.diverging_ready_value = true;
        }
        rewrite::ready_exits_in_expr(&mut value, self.cx.output);
        let span = syn::spanned::Spanned::span(&value);
        let ready = self.cx.output.ready(value, span);
        match self.branches {
            Some(_) => quote_spanned!(span=> return #ready),
            None => ready.into_token_stream(),
        }
    }

    /// A branch that awaits: one `async move` block, boxed.
    fn boxed_value(&mut self, stmts: Vec<Stmt>) -> TokenStream {
        let span = self.cx.span;
        let future = self.async_block(stmts);
        match &mut self.branches {
            Some(branches) => {
                let variant = format_ident!("B{}", branches.count);
                branches.count += 1;
                let enum_name = &branches.enum_name;
                quote_spanned!(span=> #enum_name::#variant(#future))
            }
            None => self.cx.output.boxed(future, span),
        }
    }

    fn async_block(&mut self, mut stmts: Vec<Stmt>) -> TokenStream {
        let output = self.cx.output;
        for stmt in &mut stmts {
            rewrite::coerced_returns(stmt, output);
        }
        if let Some(Stmt::Expr(tail, None)) = stmts.last_mut() {
            let value = std::mem::replace(tail, Expr::PLACEHOLDER);
            *tail = output.coerce(value);
        }
        let moved_in = &self.cx.moved_in;
        let span = self.cx.span;
        quote_spanned!(span=> async move { #moved_in #(#stmts)* })
    }

    /// Input (opaque form, several boxed branches):
    /// ```text
    /// match cmd { A => a.await, B => b.await, C => c }
    /// ```
    /// Output:
    /// ```text
    /// enum __FastAsyncBranch<B0, B1> { B0(B0), B1(B1) }
    /// let __branch = match cmd {
    ///     A => __FastAsyncBranch::B0(async move { a.await }),
    ///     B => __FastAsyncBranch::B1(async move { b.await }),
    ///     C => return ReadyOrBoxed::<R, _>::ready(c),
    /// };
    /// ReadyOrBoxed::<R, _>::boxed(async move {
    ///     match __branch {
    ///         __FastAsyncBranch::B0(future) => future.await,
    ///         __FastAsyncBranch::B1(future) => future.await,
    ///     }
    /// })
    /// ```
    /// One allocation whichever branch runs, and the box holds the concrete
    /// branch futures, so `Send` still follows the contents.
    fn shared_box(&mut self, mut stmts: Vec<Stmt>, plan: &Plan) -> TokenStream {
        let span = self.cx.span;
        let enum_name = Ident::new("__FastAsyncBranch", Span::mixed_site().located_at(span));
        let branch = Ident::new("__branch", Span::mixed_site().located_at(span));
        let future = Ident::new("future", Span::mixed_site().located_at(span));
        self.branches = Some(Branches {
            enum_name: enum_name.clone(),
            count: 0,
        });
        let Plan::Tail(tail_plan) = plan else {
            unreachable!("only a split tail has several boxed branches")
        };
        let Some(Stmt::Expr(tail, None)) = stmts.pop() else {
            unreachable!("a tail plan has a tail expression")
        };
        let leading = self.sync(stmts);
        let tail = self.tail(tail, tail_plan);
        let count = self.branches.take().map_or(0, |branches| branches.count);
        let variants: Vec<Ident> = (0..count).map(|i| format_ident!("B{}", i)).collect();
        let dispatch = quote_spanned!(span=> async move {
            match #branch {
                #(#enum_name::#variants(#future) => #future.await,)*
            }
        });
        let boxed = self.cx.output.boxed(dispatch, span);
        quote_spanned! {span=>
            #leading
            enum #enum_name<#(#variants),*> { #(#variants(#variants)),* }
            let #branch = #tail;
            #boxed
        }
    }
}

fn ends_in_return(stmts: &[Stmt]) -> bool {
    matches!(stmts.last(), Some(Stmt::Expr(Expr::Return(_), _)))
}

/// `todo!()`, `unimplemented!()`, `panic!(..)`, `unreachable!(..)`: a ready
/// call around them is unreachable code.
fn is_diverging_macro(expr: &Expr) -> bool {
    const DIVERGING: &[&str] = &["todo", "unimplemented", "panic", "unreachable"];
    match expr {
        Expr::Macro(mac) => mac
            .mac
            .path
            .segments
            .last()
            .is_some_and(|last| DIVERGING.iter().any(|name| last.ident == name)),
        _ => false,
    }
}
