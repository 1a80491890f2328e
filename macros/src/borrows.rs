//! Which locals may borrow the function's own frame (DESIGN.md rule 5):
//! a local bound from such a value cannot move into a boxed future beside
//! what it borrows. Like `moves`, by syntax, and a borrow where the syntax
//! cannot tell.
//!
//! Analyse stage. Imports `scan` (mentions, known macros).

use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::Expr;

use crate::scan::{is_borrowing_macro, mentions};

/// Whether the value `init` evaluates to may borrow the function's frame:
/// it borrows one of `owned` (the owned arguments and locals) — `&x`,
/// `&x.field`, a method called on `x` that is not known to return an owned
/// value (`x.iter()`, `creds.auth()`; `x.len()`, `x.clone()` do),
/// `first_word(&x)`, a closure or `async` block that is not `move` and
/// names it, or `pin!`. Such a local cannot move into a
/// boxed future beside what it borrows. `args` are all the function's
/// argument names: a local that *is* a closure or `async` block that is not
/// `move` borrows the variables it names, even a reference or a `Copy`
/// argument (`let bind = |port| async move { (self.host, port) };` borrows
/// the local `self`), not only owned ones.
pub(crate) fn may_borrow_frame(init: &Expr, owned: &[String], args: &[String]) -> bool {
    struct Borrows<'a> {
        owned: &'a [String],
        found: bool,
    }
    impl Borrows<'_> {
        /// Whether a closure or `async` block that is not `move`, of body
        /// `tokens`, captures an owned variable of the frame (by reference).
        fn captures(&self, tokens: &proc_macro2::TokenStream) -> bool {
            self.owned.iter().any(|name| mentions(tokens, name))
        }

        fn place(&mut self, place: &Expr) {
            let (root, indexes) = place_root(place);
            match root {
                Expr::Path(path) => {
                    self.found |= path
                        .path
                        .get_ident()
                        .is_some_and(|ident| self.owned.contains(&ident.to_string()));
                }
                other => self.visit_expr(other),
            }
            indexes.into_iter().for_each(|index| self.visit_expr(index));
        }
    }
    impl<'ast> Visit<'ast> for Borrows<'_> {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Reference(reference) => self.place(&reference.expr),
                // By the elision rules a method's result borrows its
                // receiver, not its arguments (`map.get(&key)`).
                Expr::MethodCall(call) => {
                    let method = call.method.to_string();
                    if returns_owned(&method) {
                        // `s.trim().to_owned()`: nothing borrowed is left.
                    } else if consumes_receiver(&method) {
                        // `it.map(..)`, `opt.unwrap()`: what the receiver
                        // borrows, the result may still borrow.
                        self.visit_expr(&call.receiver);
                    } else {
                        self.place(&call.receiver);
                    }
                    for arg in &call.args {
                        match arg {
                            Expr::Reference(reference) => self.visit_expr(&reference.expr),
                            other => self.visit_expr(other),
                        }
                    }
                }
                // `first_word(&s)` may return a borrow of `s`; a path to an
                // associated function (`Noisy::new(&log)`) is taken for a
                // constructor of an owned value.
                Expr::Call(call) if matches!(&*call.func, Expr::Path(path) if path.path.segments.len() > 1) => {
                    for arg in &call.args {
                        match arg {
                            Expr::Reference(reference) => self.visit_expr(&reference.expr),
                            other => self.visit_expr(other),
                        }
                    }
                }
                // `*values.first()?`: a copy out of what is borrowed.
                Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => {}
                Expr::Closure(closure) if closure.capture.is_none() => {
                    let tokens = closure.body.to_token_stream();
                    self.found |= self.captures(&tokens);
                }
                Expr::Async(block) if block.capture.is_none() => {
                    let tokens = block.block.to_token_stream();
                    self.found |= self.captures(&tokens);
                }
                Expr::Closure(_) | Expr::Async(_) => {}
                _ => visit::visit_expr(self, expr),
            }
        }

        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            if mac
                .path
                .segments
                .last()
                .is_some_and(|last| last.ident == "pin")
            {
                self.found = true;
            } else if !is_borrowing_macro(mac) {
                // `vec![&a]`: its arguments are expressions; `format!` and
                // the like return owned values.
                match mac.parse_body_with(
                    syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                ) {
                    Ok(args) => args.iter().for_each(|arg| self.visit_expr(arg)),
                    Err(_) => {
                        self.found |= self.owned.iter().any(|name| mentions(&mac.tokens, name));
                    }
                }
            }
        }
    }
    if captures_an_argument(init, args) {
        return true;
    }
    let mut scan = Borrows {
        owned,
        found: false,
    };
    scan.visit_expr(init);
    scan.found
}

/// Input: the initializer of a `let`, `|port| async move { (base, port) }`.
/// Output: whether it is a closure or `async` block that is not `move` and
/// names an argument (other than its own parameters): it holds a reference
/// to that argument's variable in the frame. A closure passed on
/// (`opt.filter(|k| *k != key)`) is consumed there, and is not looked at.
fn captures_an_argument(init: &Expr, args: &[String]) -> bool {
    let (tokens, params) = match init {
        Expr::Paren(paren) => return captures_an_argument(&paren.expr, args),
        Expr::Closure(closure) if closure.capture.is_none() => {
            let params: Vec<String> = closure
                .inputs
                .iter()
                .flat_map(crate::scan::pattern_bindings)
                .map(|binding| binding.ident.to_string())
                .collect();
            (closure.body.to_token_stream(), params)
        }
        Expr::Async(block) if block.capture.is_none() => {
            (block.block.to_token_stream(), Vec::new())
        }
        _ => return false,
    };
    args.iter()
        .filter(|arg| !params.contains(arg))
        .any(|arg| mentions(&tokens, arg))
}

/// Methods of `std` types whose result owns its data whatever the receiver
/// borrows: a local bound from one does not borrow anything.
fn returns_owned(method: &str) -> bool {
    const OWNED: &[&str] = &[
        "abs",
        "capacity",
        "clone",
        "cloned",
        "cmp",
        "contains",
        "contains_key",
        "copied",
        "count",
        "ends_with",
        "eq",
        "len",
        "ne",
        "parse",
        "partial_cmp",
        "pow",
        "product",
        "starts_with",
        "sum",
        "to_lowercase",
        "to_owned",
        "to_string",
        "to_uppercase",
        "to_vec",
    ];
    const OWNED_FAMILIES: &[&str] = &[
        "checked_",
        "is_",
        "overflowing_",
        "saturating_",
        "wrapping_",
    ];
    OWNED.contains(&method)
        || OWNED_FAMILIES
            .iter()
            .any(|prefix| method.starts_with(prefix))
}

/// Methods of `std` types that take `self` by value: calling one moves the
/// receiver (for a `Copy` receiver nothing is lost by saying so).
pub(crate) fn consumes_receiver(method: &str) -> bool {
    const CONSUMING: &[&str] = &[
        "and_then",
        "collect",
        "err",
        "expect",
        "expect_err",
        "flatten",
        "join",
        "map",
        "map_err",
        "map_or",
        "map_or_else",
        "ok",
        "ok_or",
        "ok_or_else",
        "or_else",
        "unwrap",
        "unwrap_err",
        "unwrap_or",
        "unwrap_or_default",
        "unwrap_or_else",
        "zip",
    ];
    method == "into"
        || method.starts_with("into_")
        || method.starts_with("try_into")
        || CONSUMING.contains(&method)
}

/// The expression a place starts from (`x` in `x.a[i].b`, `*x`, `(x)`),
/// and the indexes along the way, which are values of their own.
pub(crate) fn place_root(place: &Expr) -> (&Expr, Vec<&Expr>) {
    match place {
        Expr::Field(field) => place_root(&field.base),
        Expr::Paren(paren) => place_root(&paren.expr),
        Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => place_root(&unary.expr),
        Expr::Index(index) => {
            let (root, mut indexes) = place_root(&index.expr);
            indexes.push(&index.index);
            (root, indexes)
        }
        other => (other, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn borrows(init: Expr) -> bool {
        may_borrow_frame(
            &init,
            &["s".to_owned(), "v".to_owned()],
            &["key".to_owned()],
        )
    }

    #[test]
    fn locals_that_may_borrow_the_frame() {
        assert!(borrows(parse_quote!(&v)));
        assert!(borrows(parse_quote!(s.split_whitespace().next())));
        assert!(borrows(parse_quote!(v.iter())));
        assert!(borrows(parse_quote!(|| v.len())));
        assert!(borrows(parse_quote!(std::pin::pin!(fut))));
        assert!(borrows(parse_quote!(&v.field)));
        assert!(!borrows(parse_quote!((*v).checked_sub(1))));
        assert!(!borrows(parse_quote!(v.field)));
        assert!(!borrows(parse_quote!(s.into_iter().map(&v).sum())));
        assert!(!borrows(parse_quote!(format!("{s}"))));
        assert!(borrows(parse_quote!(first_word(&s))));
        assert!(borrows(parse_quote!(vec![&s])));
        assert!(!borrows(parse_quote!(s.clone().into_bytes())));
        assert!(!borrows(parse_quote!(v.len())));
        assert!(!borrows(parse_quote!(sem.clone().try_acquire_owned())));
        assert!(borrows(parse_quote!(s.auth())));
        assert!(!borrows(parse_quote!(*v.first()?)));
        assert!(!borrows(parse_quote!(v.first().copied())));
        assert!(!borrows(parse_quote!(s.trim().to_owned())));
        assert!(borrows(parse_quote!(v.iter().map(f).collect())));
        assert!(borrows(parse_quote!(&*v)));
        assert!(!borrows(parse_quote!(move || v.len())));
        assert!(!borrows(parse_quote!(make(s))));
        assert!(!borrows(parse_quote!(w.to_owned())));
        // A reference argument: borrowed through, unless a closure or
        // `async` block that is not `move` captures the variable itself.
        assert!(!borrows(parse_quote!(key.as_str())));
        assert!(borrows(parse_quote!(|port| async move { (key, port) })));
        assert!(borrows(parse_quote!(async { key.len() })));
        assert!(!borrows(parse_quote!(move |port| (key, port))));
        assert!(!borrows(parse_quote!(|key| key + 1)));
        assert!(!borrows(parse_quote!(Some(1).filter(|k| *k != key))));
    }
}
