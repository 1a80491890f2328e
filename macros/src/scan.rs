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
    macro_named(mac, AWAITING_MACROS) || tokens_contain(&mac.tokens, "await")
}

fn tokens_contain(tokens: &TokenStream, word: &str) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == word,
        TokenTree::Group(group) => tokens_contain(&group.stream(), word),
        _ => false,
    })
}

/// Macros of `std` and the usual logging crates that only take references
/// to their arguments (and never return from the function they are in,
/// unless their arguments say so).
const FORMATTING_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "panic",
    "print",
    "println",
    "write",
    "writeln",
    "trace",
    "debug",
    "info",
    "warn",
    "error",
];

/// Other macros of `std` that never return from the function they are in.
const OTHER_NON_EXITING_MACROS: &[&str] = &[
    "dbg",
    "matches",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
];

/// Whether the macro `mac` is a formatting macro of [`FORMATTING_MACROS`].
pub(crate) fn is_formatting_macro(mac: &Macro) -> bool {
    macro_named(mac, FORMATTING_MACROS)
}

fn macro_named(mac: &Macro, names: &[&str]) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|last| names.iter().any(|name| last.ident == name))
}

/// Whether a macro call in `stmts` (outside closures, `async` blocks and
/// items) may hold a `return` or a `?` that the rewrite cannot see: one
/// whose tokens say so, or one not known never to exit.
pub(crate) fn has_macro_that_may_exit(stmts: &[Stmt]) -> bool {
    struct MacroExits(bool);
    impl<'ast> Visit<'ast> for MacroExits {
        fn visit_macro(&mut self, mac: &'ast Macro) {
            let known =
                macro_named(mac, FORMATTING_MACROS) || macro_named(mac, OTHER_NON_EXITING_MACROS);
            self.0 |= !known
                || tokens_contain(&mac.tokens, "return")
                || tokens_contain_punct(&mac.tokens, '?');
        }
        fn visit_expr_closure(&mut self, _: &'ast ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast ExprAsync) {}
        fn visit_item(&mut self, _: &'ast Item) {}
    }
    let mut scan = MacroExits(false);
    for stmt in stmts {
        scan.visit_stmt(stmt);
    }
    scan.0
}

fn tokens_contain_punct(tokens: &TokenStream, punct: char) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Punct(p) => p.as_char() == punct,
        TokenTree::Group(group) => tokens_contain_punct(&group.stream(), punct),
        _ => false,
    })
}

/// Whether the variable `name` appears anywhere in `tokens`, macros and
/// closures included: a conservative "is it mentioned". A field or method
/// of that name (`config.permit`) is not the variable.
pub(crate) fn mentions(tokens: &TokenStream, name: &str) -> bool {
    // `after_dot`: the previous token is a lone `.` (a field access, not `..`).
    let (mut after_dot, mut after_any_dot) = (false, false);
    tokens.clone().into_iter().any(|token| {
        let found = match &token {
            TokenTree::Ident(ident) => !after_dot && ident == name,
            TokenTree::Group(group) => mentions(&group.stream(), name),
            TokenTree::Literal(literal) => format_string_mentions(&literal.to_string(), name),
            TokenTree::Punct(_) => false,
        };
        let is_dot = matches!(&token, TokenTree::Punct(punct) if punct.as_char() == '.');
        let is_lone_dot = matches!(&token, TokenTree::Punct(punct)
            if punct.as_char() == '.' && punct.spacing() == proc_macro2::Spacing::Alone);
        after_dot = is_lone_dot && !after_any_dot;
        after_any_dot = is_dot;
        found
    })
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

/// Whether a string literal, read as a format string, captures `name`
/// (`"{name}"`, `"{name:?}"`): `format!("{value}")` uses `value`.
fn format_string_mentions(literal: &str, name: &str) -> bool {
    if !literal.ends_with('"') {
        return false;
    }
    literal.match_indices('{').any(|(index, _)| {
        let rest = &literal[index + 1..];
        rest.strip_prefix(name)
            .is_some_and(|after| after.starts_with('}') || after.starts_with(':'))
            && !literal[..index].ends_with('{')
    })
}

#[cfg(test)]
mod tests {
    use super::mentions;
    use quote::quote;

    #[test]
    fn a_field_of_the_same_name_is_not_a_mention() {
        assert!(!mentions(
            &quote!(if !config.permit {
                return 0;
            }),
            "permit"
        ));
        assert!(!mentions(&quote!(self.permit()), "permit"));
        assert!(mentions(&quote!(drop(permit)), "permit"));
        assert!(mentions(&quote!(0..permit), "permit"));
        assert!(mentions(&quote!(Config { permit }), "permit"));
        assert!(mentions(&quote!(println!("{}", permit)), "permit"));
        assert!(mentions(&quote!(format!("two {permit:?}")), "permit"));
        assert!(mentions(&quote!(format!("{permit}")), "permit"));
        assert!(!mentions(&quote!(format!("{{permit}}")), "permit"));
        assert!(!mentions(&quote!(format!("{permits}")), "permit"));
    }
}
