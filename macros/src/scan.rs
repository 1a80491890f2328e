//! Finding await points and early exits (DESIGN.md rules 1 and 2).
//!
//! Closures, `async` blocks and nested items are opaque: what is inside them
//! runs at another time (or never), so it never counts.

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Expr, ExprAsync, ExprClosure, ExprTryBlock, Item, Macro, Stmt};

/// Macros that await even when their tokens do not say `await`.
const AWAITING_MACROS: &[&str] = &["select", "select_biased", "join", "try_join", "pending"];

/// Whether `node` contains an await point: a `.await`, or a macro call that
/// may await.
pub(crate) fn has_await_point<'a>(node: impl Scannable<'a>) -> bool {
    let mut scan = Scan {
        want: Want::AwaitPoint,
        found: false,
    };
    node.scan(&mut scan);
    scan.found
}

/// Whether `node` contains an early exit: a `return` or a `?`.
pub(crate) fn has_early_exit<'a>(node: impl Scannable<'a>) -> bool {
    let mut scan = Scan {
        want: Want::EarlyExit,
        found: false,
    };
    node.scan(&mut scan);
    scan.found
}

#[derive(Clone, Copy, PartialEq)]
enum Want {
    AwaitPoint,
    EarlyExit,
}

struct Scan {
    want: Want,
    found: bool,
}

impl<'ast> Visit<'ast> for Scan {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if self.found {
            return;
        }
        match (expr, self.want) {
            (Expr::Await(_), Want::AwaitPoint) => self.found = true,
            (Expr::Return(_) | Expr::Try(_), Want::EarlyExit) => self.found = true,
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        if self.want == Want::AwaitPoint && macro_may_await(mac) {
            self.found = true;
        }
    }

    // Opaque: runs at another time, or exits something else.
    fn visit_expr_closure(&mut self, _: &'ast ExprClosure) {}
    fn visit_expr_async(&mut self, _: &'ast ExprAsync) {}
    fn visit_expr_try_block(&mut self, _: &'ast ExprTryBlock) {}
    fn visit_item(&mut self, _: &'ast Item) {}
}

/// A macro may await if its tokens contain `await` or it is one of the
/// well-known awaiting macros (`select!`, `join!`, `try_join!`, ...).
pub(crate) fn macro_may_await(mac: &Macro) -> bool {
    let named_awaiting = mac
        .path
        .segments
        .last()
        .is_some_and(|last| AWAITING_MACROS.iter().any(|name| last.ident == name));
    named_awaiting || tokens_contain(&mac.tokens, "await")
}

fn tokens_contain(tokens: &TokenStream, word: &str) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == word,
        TokenTree::Group(group) => tokens_contain(&group.stream(), word),
        _ => false,
    })
}

/// Whether the identifier `name` appears anywhere in `tokens`, macros and
/// closures included: a conservative "is it mentioned".
pub(crate) fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens_contain(tokens, name)
}

/// The syntax nodes the scans run over.
pub(crate) trait Scannable<'a> {
    fn scan(self, scan: &mut impl Visit<'a>);
}

impl<'a> Scannable<'a> for &'a Expr {
    fn scan(self, scan: &mut impl Visit<'a>) {
        scan.visit_expr(self);
    }
}

impl<'a> Scannable<'a> for &'a Stmt {
    fn scan(self, scan: &mut impl Visit<'a>) {
        scan.visit_stmt(self);
    }
}
