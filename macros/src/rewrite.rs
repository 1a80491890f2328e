//! Rewrites of `return` and `?`: in the part that runs at the call they
//! return a ready future (DESIGN.md rule 3); in a boxed part they stay, but a
//! returned value is coerced to the function's output type as it would be
//! in the `async fn`.
//!
//! Closures, `async` blocks and nested items are skipped
//! ([`skip_opaque_nodes!`]): their `return` and `?` exit something
//! else; so is a `?` in a `try` block. Macro tokens are never parsed, so a
//! `return` hidden in another macro is left alone (a type error at that
//! call, never a silent change); `bail!` and `ensure!`, when
//! `scan::exit_macro` takes them for early exits, run untouched in a
//! closure that returns their exit ([`exit`]).
//!
//! Emit stage. Imports `output` and `scan`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::visit_mut::{self, VisitMut};
use syn::{parse_quote_spanned, Expr, ExprReturn, ExprTry, ExprTryBlock, Stmt};

use crate::output::Output;
use crate::scan::{exit_macro, skip_opaque_nodes, ExitMacro};

/// Input:
/// ```text
/// let key = normalize(key)?;
/// if hit { return value; }
/// ```
/// Output:
/// ```text
/// let key = match ::fast_async::__private::Try::branch(normalize(key)) {
///     ::core::ops::ControlFlow::Continue(value) => value,
///     ::core::ops::ControlFlow::Break(residual) => return ::fast_async::__private::Value::<R> {
///         0: ::fast_async::__private::output::<R, _>(move || match residual? {}),
///     }.opaque(),
/// };
/// if hit { return ::fast_async::__private::Value::<R> { 0: value }.opaque(); }
/// ```
/// The residual goes through a real `?` (on the user's `?` token), so the
/// error conversion and rustc's message when it fails are the `async fn`'s;
/// every piece carries the span of the user's token it stands for.
pub(crate) fn ready_exits(stmt: &mut Stmt, output: &Output) {
    ReadyExits::new(output).visit_stmt_mut(stmt);
}

/// Input (`R = anyhow::Result<u32>`):
/// ```text
/// if x == 0 { bail!("zero"); }
/// ensure!(x < 100, "too big: {x}");
/// ```
/// Output:
/// ```text
/// if x == 0 {
///     return ::fast_async::__private::Value::<R> {
///         0: ::fast_async::__private::bail::<R, _>(|| { bail!("zero"); }),
///     }.opaque();
/// }
/// if let ::core::ops::ControlFlow::Break(value) = ::fast_async::__private::ensure::<R, _>(|| {
///     ensure!(x < 100, "too big: {x}");
///     ::fast_async::__private::go_on()
/// }) {
///     return ::fast_async::__private::Value::<R> { 0: value }.opaque();
/// }
/// ```
/// `bail!` / `ensure!` at the call ([`exit_macro`]): the user's call runs
/// untouched in a closure whose return type the function's output fixes
/// (`__private::Exit`), so its `return Err(..)` is the closure's, with the
/// `async fn`'s conversions; the function returns that value ready. Part
/// of [`ready_exits`].
fn exit(mac: &syn::Macro, kind: ExitMacro, output: &Output) -> Expr {
    let span = mac
        .path
        .segments
        .last()
        .map_or_else(Span::call_site, |last| last.ident.span());
    let generated = Span::call_site().located_at(span);
    let ty = match &output.ty {
        Some(ty) => quote::quote!(#ty),
        None => quote::quote_spanned!(generated=> _),
    };
    match kind {
        ExitMacro::Bail => {
            let exit = parse_quote_spanned!(generated=>
                ::fast_async::__private::bail::<#ty, _>(|| { #mac; })
            );
            let ready = output.ready(exit, span);
            parse_quote_spanned!(generated=> return #ready)
        }
        ExitMacro::Ensure => {
            let value = Ident::new("value", Span::mixed_site().located_at(span));
            let ready = output.ready(parse_quote_spanned!(span=> #value), span);
            parse_quote_spanned! {generated=>
                if let ::core::ops::ControlFlow::Break(#value) =
                    ::fast_async::__private::ensure::<#ty, _>(|| {
                        #mac;
                        ::fast_async::__private::go_on()
                    })
                {
                    return #ready;
                }
            }
        }
    }
}

/// The same, on an expression (a condition, a scrutinee, a guard).
pub(crate) fn ready_exits_in_expr(expr: &mut Expr, output: &Output) {
    ReadyExits::new(output).visit_expr_mut(expr);
}

/// The same, on a match arm's pattern (its guard runs at the call).
pub(crate) fn ready_exits_in_pat(pat: &mut syn::Pat, output: &Output) {
    ReadyExits::new(output).visit_pat_mut(pat);
}

/// Input: `return &self.name` (in a boxed part, `R = &str`).
/// Output: `return ::fast_async::__private::Value::<&str> { 0: &self.name }.0`.
pub(crate) fn coerced_returns(stmt: &mut Stmt, output: &Output) {
    CoercedReturns { output }.visit_stmt_mut(stmt);
}

struct ReadyExits<'a> {
    output: &'a Output,
    /// Inside a `try` block (nightly), whose `?` exits the block.
    in_try_block: usize,
}

impl<'a> ReadyExits<'a> {
    fn new(output: &'a Output) -> Self {
        ReadyExits {
            output,
            in_try_block: 0,
        }
    }
}

impl VisitMut for ReadyExits<'_> {
    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(mac) = stmt {
            if let Some(kind) = exit_macro(&mac.mac) {
                let mut expr = exit(&mac.mac, kind, self.output);
                set_attrs(&mut expr, std::mem::take(&mut mac.attrs));
                // `return ..;`, and `if let .. { .. }` needs no `;`.
                let semi = match kind {
                    ExitMacro::Bail => Some(mac.semi_token.unwrap_or_default()),
                    ExitMacro::Ensure => None,
                };
                *stmt = Stmt::Expr(expr, semi);
                return;
            }
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        match expr {
            Expr::Macro(mac) => {
                if let Some(kind) = exit_macro(&mac.mac) {
                    let attrs = std::mem::take(&mut mac.attrs);
                    *expr = exit(&mac.mac, kind, self.output);
                    set_attrs(expr, attrs);
                }
            }
            Expr::Return(ret) => {
                let span = ret.return_token.span;
                let value = match (ret.expr.take(), &self.output.ty) {
                    (Some(value), _) => *value,
                    (None, Some(ty)) if !self.output.is_unit => {
                        // `return;` where the output is not written `()`
                        // (an alias, or a mistake): the `async fn`'s
                        // `return;`, so a non-unit type is rustc's E0069.
                        let generated = Span::call_site().located_at(span);
                        let return_token = ret.return_token;
                        Expr::Verbatim(quote_spanned!(generated=>
                            ::fast_async::__private::output(move || -> #ty { #return_token; })
                        ))
                    }
                    (None, _) => parse_quote_spanned!(span=> ()),
                };
                ret.expr = Some(Box::new(self.output.ready(value, span)));
            }
            Expr::Try(ExprTry {
                expr: operand,
                question_token,
                ..
            }) if self.in_try_block == 0 => {
                let span = question_token.span;
                let operand = std::mem::replace(&mut **operand, Expr::PLACEHOLDER);
                let value = Ident::new("value", Span::mixed_site().located_at(span));
                let residual = Ident::new("residual", Span::mixed_site().located_at(span));
                let generated = Span::call_site().located_at(span);
                let ty = self.output.ty.as_ref().map(|ty| quote!(::<#ty, _>));
                let question = syn::Token![?](span);
                let from_residual = Expr::Verbatim(quote_spanned!(generated=>
                    ::fast_async::__private::output #ty (move || match #residual #question {})
                ));
                let ready = self.output.ready(from_residual, span);
                *expr = branch(operand, &value, &residual, &ready, span);
            }
            _ => {}
        }
    }

    fn visit_expr_try_block_mut(&mut self, block: &mut ExprTryBlock) {
        self.in_try_block += 1;
        visit_mut::visit_expr_try_block_mut(self, block);
        self.in_try_block -= 1;
    }

    skip_opaque_nodes!(VisitMut);
}

/// Puts the attributes of a macro call (`#[cfg(..)] bail!(..);`) on the
/// expression that stands for it.
fn set_attrs(expr: &mut Expr, attrs: Vec<syn::Attribute>) {
    match expr {
        Expr::Return(ret) => ret.attrs = attrs,
        Expr::If(expr_if) => expr_if.attrs = attrs,
        _ => {}
    }
}

/// Input: `operand` of a `?` and its ready exit, `ready`.
/// Output:
/// ```text
/// match ::fast_async::__private::Try::branch(operand) {
///     ::core::ops::ControlFlow::Continue(value) => value,
///     ::core::ops::ControlFlow::Break(residual) => return ready,
/// }
/// ```
/// built as a syntax tree around the operand, not parsed from tokens: the
/// operand (which may hold other rewritten `?`) is not parsed again.
fn branch(operand: Expr, value: &Ident, residual: &Ident, ready: &Expr, span: Span) -> Expr {
    let arm = |pat: TokenStream, body: TokenStream| syn::Arm {
        attrs: Vec::new(),
        pat: syn::Pat::Verbatim(pat),
        fat_arrow_token: syn::Token![=>](span),
        body: Box::new(Expr::Verbatim(body)),
        comma: Some(syn::Token![,](span)),
    };
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: syn::Token![match](span),
        expr: Box::new(Expr::Call(syn::ExprCall {
            attrs: Vec::new(),
            func: Box::new(Expr::Verbatim(
                quote_spanned!(span=> ::fast_async::__private::Try::branch),
            )),
            paren_token: syn::token::Paren(span),
            args: std::iter::once(operand).collect(),
        })),
        brace_token: syn::token::Brace(span),
        arms: vec![
            arm(
                quote_spanned!(span=> ::core::ops::ControlFlow::Continue(#value)),
                quote!(#value),
            ),
            arm(
                quote_spanned!(span=> ::core::ops::ControlFlow::Break(#residual)),
                quote_spanned!(span=> return #ready),
            ),
        ],
    })
}

struct CoercedReturns<'a> {
    output: &'a Output,
}

impl VisitMut for CoercedReturns<'_> {
    fn visit_expr_return_mut(&mut self, ret: &mut ExprReturn) {
        if let Some(value) = ret.expr.take() {
            let mut value = *value;
            self.visit_expr_mut(&mut value);
            ret.expr = Some(Box::new(self.output.coerce(value)));
        }
    }

    skip_opaque_nodes!(VisitMut);
}
