//! What the code that runs at the call does to the names it uses: which
//! values it moves away, and which locals it binds to something that may
//! borrow the function's own frame (DESIGN.md rule 5).
//!
//! The macro sees tokens, not types, so each use is classified by its
//! syntax, and where the syntax cannot tell, as a borrow:
//!
//! - a **move**: the bare name as a value (`f(x)`, `let y = x;`, `x?`,
//!   `S { f: x }`, `return x`, `x + 1`), the scrutinee of a `match` /
//!   `if let` / `let .. else` whose patterns bind by value, a `move`
//!   closure or `async move` block that names it, a method the standard
//!   library defines on `self` (`into_*`, `unwrap*`, `expect*`, `ok`,
//!   `map*`, ...), or a new binding of the same name;
//! - a **borrow**: everything else — `&x`, `&mut x`, `x.field`, `x[i]`,
//!   comparisons, formatting macros, and any other method call (`x.len()`,
//!   `permit.num_permits()`).
//!
//! A value that was not moved is held by the boxed future until it
//! completes, as the `async fn` holds it. When a method taken for a borrow
//! really consumes its receiver, rustc says so (E0382, "value used here
//! after move", at that call): call it by path, `Type::method(x)`, which
//! is a move by the rules above.
//!
//! Analyse stage. Imports `borrows` and `scan`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{BinOp, Expr, Pat, PatIdent, Stmt};

use crate::borrows::{consumes_receiver, may_borrow_frame, place_root};
use crate::scan::{exit_macro, is_borrowing_macro, mentions, pattern_bindings, ExitMacro};

/// The names among `names` that `node` (code that runs at the call) moves,
/// or makes unreachable by binding the same name again.
pub(crate) fn moved<T: ToTokens + 'static>(node: &T, names: &[String]) -> BTreeSet<String> {
    let mut scan = Moves {
        names,
        found: BTreeSet::new(),
    };
    // A statement or an expression is scanned as the block `{ node }`,
    // without printing and parsing it again (a tenth of the macro's time).
    let any: &dyn std::any::Any = node;
    let stmt = match (any.downcast_ref::<Stmt>(), any.downcast_ref::<Expr>()) {
        (Some(stmt), _) => Some(stmt.clone()),
        (None, Some(expr)) => Some(Stmt::Expr(expr.clone(), None)),
        (None, None) => None,
    };
    if let Some(stmt) = stmt {
        scan.visit_block(&syn::Block {
            brace_token: syn::token::Brace::default(),
            stmts: vec![stmt],
        });
        return scan.found;
    }
    let tokens = node.to_token_stream();
    match syn::parse2::<syn::Block>(quote::quote!({ #tokens })) {
        Ok(block) => scan.visit_block(&block),
        // Not statements (a pattern, a guard): any mention may move.
        Err(_) => scan.tokens(&tokens),
    }
    scan.found
}

struct Moves<'a> {
    names: &'a [String],
    found: BTreeSet<String>,
}

impl Moves<'_> {
    /// Every name `tokens` mention counts as moved.
    fn tokens(&mut self, tokens: &TokenStream) {
        for name in self.names {
            if mentions(tokens, name) {
                self.found.insert(name.clone());
            }
        }
    }

    fn name(&mut self, expr: &Expr) {
        if let Expr::Path(path) = expr {
            if let Some(ident) = path.path.get_ident() {
                let name = ident.to_string();
                if self.names.contains(&name) {
                    self.found.insert(name);
                }
            }
        }
    }

    /// A place that is only borrowed (`&place`, a method's receiver, an
    /// operand of a comparison): its root is not moved; indexes and
    /// anything that is not a place are scanned as usual.
    fn borrowed(&mut self, place: &Expr) {
        let (root, indexes) = place_root(place);
        if !is_name(root) {
            self.visit_expr(root);
        }
        indexes.into_iter().for_each(|index| self.visit_expr(index));
    }

    /// A destructuring pattern that binds by value moves (part of) the
    /// place it matches (`let (text, _) = *boxed;`); a plain name takes the
    /// value as any other use does.
    fn scrutinee<'p>(&mut self, scrutinee: &Expr, patterns: impl Iterator<Item = &'p Pat>) {
        let patterns: Vec<&Pat> = patterns.collect();
        if !patterns.iter().any(|pat| binds_by_value(pat)) {
            self.borrowed(scrutinee);
        } else if patterns.iter().all(|pat| is_plain_name(pat)) {
            self.visit_expr(scrutinee);
        } else {
            self.moved_place(scrutinee);
        }
    }

    /// A place moved out of, in whole or in part: its root is moved.
    fn moved_place(&mut self, place: &Expr) {
        let (root, indexes) = place_root(place);
        self.visit_expr(root);
        indexes.into_iter().for_each(|index| self.visit_expr(index));
    }
}

fn is_name(expr: &Expr) -> bool {
    matches!(expr, Expr::Path(path) if path.path.get_ident().is_some())
}

impl<'ast> Visit<'ast> for Moves<'_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Path(_) => self.name(expr),
            Expr::Reference(reference) => self.borrowed(&reference.expr),
            Expr::Field(field) => self.borrowed(&field.base),
            Expr::Index(_) => self.borrowed(expr),
            Expr::MethodCall(call) => {
                if consumes_receiver(&call.method.to_string()) {
                    self.visit_expr(&call.receiver);
                } else {
                    self.borrowed(&call.receiver);
                }
                for arg in &call.args {
                    self.visit_expr(arg);
                }
            }
            Expr::Binary(binary) if is_comparison(&binary.op) || is_compound(&binary.op) => {
                self.borrowed(&binary.left);
                self.borrowed(&binary.right);
            }
            // The place assigned to gets a new value; it is not moved.
            Expr::Assign(assign) => {
                self.borrowed(&assign.left);
                self.visit_expr(&assign.right);
            }
            Expr::Match(expr_match) => {
                self.scrutinee(&expr_match.expr, expr_match.arms.iter().map(|arm| &arm.pat));
                for arm in &expr_match.arms {
                    self.visit_pat(&arm.pat);
                    self.visit_expr(&arm.body);
                }
            }
            Expr::Let(expr_let) => {
                self.scrutinee(&expr_let.expr, std::iter::once(&*expr_let.pat));
                self.visit_pat(&expr_let.pat);
            }
            Expr::Closure(closure) if closure.capture.is_some() => {
                self.tokens(&closure.to_token_stream());
            }
            Expr::Async(block) if block.capture.is_some() => {
                self.tokens(&block.to_token_stream());
            }
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.scrutinee(&init.expr, std::iter::once(&local.pat));
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        self.visit_pat(&local.pat);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if is_borrowing_macro(mac) {
            return;
        }
        // `bail!` moves only on the path that ends the function; `ensure!`
        // evaluates its condition on every path, and its error arguments
        // only on the path that ends it (`scan::exit_macro`).
        match exit_macro(mac) {
            Some(ExitMacro::Bail) => return,
            Some(ExitMacro::Ensure) => {
                let args = mac.parse_body_with(
                    syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                );
                if let Some(cond) = args.ok().as_ref().and_then(|args| args.first()) {
                    self.visit_expr(cond);
                }
                return;
            }
            None => {}
        }
        // `vec![a, b]`, `dbg!(a)`: their arguments are values.
        match mac
            .parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        {
            Ok(args) => args.iter().for_each(|arg| self.visit_expr(arg)),
            Err(_) => self.tokens(&mac.tokens),
        }
    }

    fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
        let name = pat.ident.to_string();
        if self.names.contains(&name) {
            self.found.insert(name);
        }
        visit::visit_pat_ident(self, pat);
    }

    // Not `skip_opaque_nodes!`: a closure or `async` block moves what it
    // captures where it is written, so only nested items are skipped.
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

fn is_comparison(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq(_) | BinOp::Ne(_) | BinOp::Lt(_) | BinOp::Le(_) | BinOp::Gt(_) | BinOp::Ge(_)
    )
}

fn is_compound(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

/// Whether `pat` binds any name (not counting `None`, `MAX`: variants and
/// constants, by convention).
pub(crate) fn binds_any(pat: &Pat) -> bool {
    pattern_bindings(pat).into_iter().any(names_a_binding)
}

/// Whether `pat` binds a name by reference (`Some(ref v)`): a borrow of
/// the place it matches.
pub(crate) fn binds_by_ref(pat: &Pat) -> bool {
    pattern_bindings(pat)
        .into_iter()
        .any(|binding| binding.by_ref.is_some() && names_a_binding(binding))
}

/// Not `None`, `MAX`: a variant or a constant, by convention.
fn names_a_binding(pat: &PatIdent) -> bool {
    !pat.ident.to_string().starts_with(char::is_uppercase)
}

/// `name` or `name: Type`.
fn is_plain_name(pat: &Pat) -> bool {
    match pat {
        Pat::Ident(ident) => ident.subpat.is_none(),
        Pat::Type(typed) => is_plain_name(&typed.pat),
        _ => false,
    }
}

/// Whether `pat` binds a name by value (moving out of what it matches).
fn binds_by_value(pat: &Pat) -> bool {
    pattern_bindings(pat)
        .into_iter()
        .any(|pat| names_a_binding(pat) && pat.by_ref.is_none())
}

/// The names among `names` that the statement moves, not counting those its
/// own `let` pattern binds again; and, for a `let`, the names it binds with
/// whether each may borrow the frame (see [`may_borrow_frame`]; `owned` are
/// the owned names in scope, `args` all the argument names).
pub(crate) fn statement(
    stmt: &Stmt,
    names: &[String],
    owned: &[String],
    args: &[String],
) -> (BTreeSet<String>, Vec<(String, bool)>) {
    let Stmt::Local(local) = stmt else {
        return (moved(stmt, names), Vec::new());
    };
    let mut scan = Moves {
        names,
        found: BTreeSet::new(),
    };
    let mut bound = Vec::new();
    if let Some(init) = &local.init {
        scan.scrutinee(&init.expr, std::iter::once(&local.pat));
        if let Some((_, diverge)) = &init.diverge {
            scan.visit_expr(diverge);
        }
    }
    let borrows = local
        .init
        .as_ref()
        .is_some_and(|init| may_borrow_frame(&init.expr, owned, args));
    for pat in pattern_bindings(&local.pat) {
        bound.push((pat.ident.to_string(), borrows || pat.by_ref.is_some()));
    }
    (scan.found, bound)
}

#[cfg(test)]
mod tests;
