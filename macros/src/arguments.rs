//! The names the arguments bind, and how each boxed future takes them over
//! (DESIGN.md rule 5): an argument the code that ran at the call did not
//! mention moves into the box, to be dropped when the future completes, as
//! in an `async fn`.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote_spanned, ToTokens};
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, FnArg, Pat, PatIdent, Receiver, ReceiverKind, Signature, Type};

use crate::scan::mentions;

/// A name an argument (or a `let` at the call) binds.
pub(crate) struct Binding {
    pub(crate) ident: Ident,
    pub(crate) is_mut: bool,
    pub(crate) is_self: bool,
    pub(crate) is_arg: bool,
    /// An argument declared as a reference (`key: &str`): nothing to drop,
    /// so nothing to hold.
    pub(crate) is_ref: bool,
}

/// The names the arguments bind. `_` arguments are renamed `__arg{i}` so
/// that they live as long as the future, as in an `async fn`.
pub(crate) fn bindings(sig: &mut Signature) -> Vec<Binding> {
    let mut bindings = Vec::new();
    for (index, input) in sig.inputs.iter_mut().enumerate() {
        match input {
            // A borrowed receiver has nothing to drop: only an owned one
            // (`self`, `self: Box<Self>`, ...) is moved in.
            FnArg::Receiver(receiver) if !is_borrowed(receiver) => bindings.push(Binding {
                ident: Ident::new("self", receiver.self_token.span),
                is_mut: false,
                is_self: true,
                is_arg: true,
                is_ref: false,
            }),
            FnArg::Receiver(_) => {}
            // An argument under `#[cfg]` may not exist: never named.
            FnArg::Typed(arg) if arg.attrs.iter().any(|attr| attr.path().is_ident("cfg")) => {}
            FnArg::Typed(arg) => {
                if let Pat::Wild(wild) = &*arg.pat {
                    let span = Span::mixed_site().located_at(wild.underscore_token.span);
                    let ident = Ident::new(&format!("__arg{index}"), span);
                    *arg.pat = parse_quote!(#ident);
                }
                Collect {
                    bindings: &mut bindings,
                    is_arg: true,
                    is_ref: matches!(&*arg.ty, Type::Reference(_)),
                }
                .visit_pat(&arg.pat);
            }
        }
    }
    bindings
}

fn is_borrowed(receiver: &Receiver) -> bool {
    match &receiver.kind {
        ReceiverKind::Reference(..) => true,
        ReceiverKind::Typed(_, ty) => matches!(&**ty, Type::Reference(_)),
        _ => false,
    }
}

struct Collect<'a> {
    bindings: &'a mut Vec<Binding>,
    is_arg: bool,
    is_ref: bool,
}

impl<'ast> Visit<'ast> for Collect<'_> {
    fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
        if pat.by_ref.is_none() {
            self.bindings.push(Binding {
                ident: pat.ident.clone(),
                is_mut: pat.mutability.is_some(),
                is_self: pat.ident == "self",
                is_arg: self.is_arg,
                is_ref: self.is_ref,
            });
        }
        syn::visit::visit_pat_ident(self, pat);
    }
}

/// Input:  `async fn f(&self, (a, ref mut b): (u8, u8))`
/// Output: `fn f(&self, __arg1: (u8, u8))` and the body opens with
/// `let (a, ref mut b) = __arg1;`.
///
/// A `ref` binding in an argument pattern borrows the function's own
/// parameter, which a boxed future cannot hold: such arguments are taken
/// whole, and destructured inside the body, which the caller then boxes
/// whole (see `expand_fn`). Returns whether it did so.
pub(crate) fn destructure_ref_patterns(sig: &mut Signature, block: &mut syn::Block) -> bool {
    // With no await point, everything runs in the function: nothing to do.
    if !block.stmts.iter().any(crate::scan::has_await_point) {
        return false;
    }
    let mut destructured = Vec::new();
    for (index, input) in sig.inputs.iter_mut().enumerate() {
        if let FnArg::Typed(arg) = input {
            if has_ref_binding(&arg.pat) {
                let span = Span::mixed_site().located_at(arg.colon_token.span);
                let ident = Ident::new(&format!("__arg{index}"), span);
                let mutability = has_ref_mut_binding(&arg.pat).then(|| quote::quote!(mut));
                let pat = std::mem::replace(&mut *arg.pat, parse_quote!(#mutability #ident));
                destructured.push(parse_quote!(let #pat = #ident;));
            }
        }
    }
    let any = !destructured.is_empty();
    destructured.append(&mut block.stmts);
    block.stmts = destructured;
    any
}

fn has_ref_binding(pat: &Pat) -> bool {
    ref_bindings(pat).0
}

fn has_ref_mut_binding(pat: &Pat) -> bool {
    ref_bindings(pat).1
}

/// Whether `pat` binds by `ref`, and by `ref mut`.
fn ref_bindings(pat: &Pat) -> (bool, bool) {
    struct Refs(bool, bool);
    impl<'ast> Visit<'ast> for Refs {
        fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
            self.0 |= pat.by_ref.is_some();
            self.1 |= pat.by_ref.is_some() && pat.mutability.is_some();
            syn::visit::visit_pat_ident(self, pat);
        }
    }
    let mut refs = Refs(false, false);
    refs.visit_pat(pat);
    (refs.0, refs.1)
}

/// Input:  `async fn f(&self, (a, b): (u8, u8), mut c: u8);` (no body)
/// Output: `fn f(&self, _: (u8, u8), c: u8)`: patterns are not allowed in
/// a declaration, and the macro needs none there.
pub(crate) fn plain_declaration_patterns(sig: &mut Signature) {
    for input in &mut sig.inputs {
        if let FnArg::Typed(arg) = input {
            match &mut *arg.pat {
                Pat::Ident(ident) if ident.subpat.is_none() => {
                    ident.by_ref = None;
                    ident.mutability = None;
                }
                Pat::Wild(_) => {}
                other => *other = parse_quote!(_),
            }
        }
    }
}

/// A `mut` binding that no code at the call mentions is moved into the
/// boxed future and mutated there: the `mut` goes with it
/// (`(mut a, b): (u32, u32)` becomes `(a, b)`, and the box opens with
/// `let mut a = a;`).
pub(crate) fn strip_moved_mut(sig: &mut Signature, mentioned_anywhere: &BTreeSet<String>) {
    struct Strip<'a>(&'a BTreeSet<String>);
    impl VisitMut for Strip<'_> {
        fn visit_pat_ident_mut(&mut self, pat: &mut PatIdent) {
            if pat.by_ref.is_none() && !self.0.contains(&pat.ident.to_string()) {
                pat.mutability = None;
            }
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    for input in &mut sig.inputs {
        if let FnArg::Typed(arg) = input {
            Strip(mentioned_anywhere).visit_pat_mut(&mut arg.pat);
        }
    }
}

/// Input:  `async fn f(mut a: u32, (mut b, c): (u32, u32))`, whose body
/// runs inside `catch((a, b, c), |(mut a, mut b, c)| ..)` (`body::catch`).
/// Output: `fn f(a: u32, (b, c): (u32, u32))`: the closure's parameters
/// are what is mutated; the function only hands the values over.
pub(crate) fn strip_caught_mut(sig: &mut Signature) {
    struct Strip;
    impl VisitMut for Strip {
        fn visit_pat_ident_mut(&mut self, pat: &mut PatIdent) {
            if pat.by_ref.is_none() {
                pat.mutability = None;
            }
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    for input in &mut sig.inputs {
        match input {
            FnArg::Typed(arg) if !arg.attrs.iter().any(|attr| attr.path().is_ident("cfg")) => {
                Strip.visit_pat_mut(&mut arg.pat);
            }
            _ => {}
        }
    }
}

/// Input: arguments `(guard: Guard, mut buf: Vec<u8>, flag: bool)` and a
/// local `let _span = ...;` bound at the call, where the code at the call
/// only read `flag` (`if !flag { return 0; }`); this boxed future uses `buf`.
/// Output, to open the box:
/// `let _guard = guard; let mut buf = buf; let _flag = flag; let _span = _span;`
///
/// So every argument, and every local held for its drop, lives until the
/// future completes and drops in the `async fn`'s order (rule 5):
/// - a binding the code at the call may have moved on the way here is left
///   alone (if the box uses it, it is captured as it is);
/// - one the box uses is rebound under its name, `mut` kept (allowed to be
///   unused when the code at the call is what mutates it);
/// - an argument, or a `_name` local, the box does not use is rebound under
///   a hygienic `_name`, so no unused binding is reported;
/// - an owned `self` is taken with `let _ = &self;` (it cannot be rebound);
/// - a reference argument has nothing to drop: captured if used, else left.
pub(crate) fn moved_in(
    bindings: &[&Binding],
    mentioned_before: &BTreeSet<String>,
    mentioned_anywhere: &BTreeSet<String>,
    boxed_code: &TokenStream,
) -> TokenStream {
    let mut tokens = TokenStream::new();
    for binding in bindings {
        let name = binding.ident.to_string();
        if mentioned_before.contains(&name) || binding.is_ref {
            continue;
        }
        let ident = &binding.ident;
        let span = ident.span();
        let used = mentions(boxed_code, &name);
        let mut_elsewhere =
            binding.is_mut && (!binding.is_arg || mentioned_anywhere.contains(&name));
        tokens.extend(if binding.is_self {
            quote_spanned!(span=> let _ = &#ident;)
        } else if used && mut_elsewhere {
            // Mutated at the call, perhaps not in this box.
            quote_spanned!(span=> #[allow(unused_mut)] let mut #ident = #ident;)
        } else if used && binding.is_mut {
            quote_spanned!(span=> let mut #ident = #ident;)
        } else if used || name.starts_with('_') {
            quote_spanned!(span=> let #ident = #ident;)
        } else if binding.is_arg {
            let held = Ident::new(&format!("_{name}"), Span::mixed_site().located_at(span));
            quote_spanned!(span=> let #held = #ident;)
        } else {
            TokenStream::new()
        });
    }
    tokens
}

/// The names a `let` statement at the call binds by value: a boxed future
/// after it takes them over if it uses them (keeping the `async fn`'s drop
/// order), or if their name says they are held for their drop
/// (`let _permit = sem.acquire()?;`), so they live until it completes.
pub(crate) fn let_bindings(stmt: &syn::Stmt) -> Vec<Binding> {
    let syn::Stmt::Local(local) = stmt else {
        return Vec::new();
    };
    let mut bindings = Vec::new();
    Collect {
        bindings: &mut bindings,
        is_arg: false,
        is_ref: false,
    }
    .visit_pat(&local.pat);
    bindings
}

/// The names among `names` that `node` (code that runs at the call) may
/// move: every mention except those that only borrow (`&x`, `&mut x`,
/// `&x.field`, `&x[i]`, `x.field.len()` and other `std` methods taking
/// `&self`, or an argument of a formatting macro). A name rebound by a
/// pattern counts too: the argument is no longer reachable.
pub(crate) fn maybe_moved(node: &dyn ToTokens, names: &[String]) -> BTreeSet<String> {
    let tokens = node.to_token_stream();
    let mut scan = MaybeMoved {
        names,
        found: BTreeSet::new(),
    };
    match syn::parse2::<syn::Block>(quote::quote!({ #tokens })) {
        Ok(block) => scan.visit_block(&block),
        // Not statements (a pattern, a guard): any mention may move.
        Err(_) => scan.tokens(&tokens),
    }
    scan.found
}

/// Methods of `std` types that take `&self` or `&mut self`: calling one on
/// an argument borrows it. (A method not listed here may take `self` and
/// move it.)
const BORROWING_METHODS: &[&str] = &[
    "as_bytes",
    "as_deref",
    "as_mut",
    "as_ref",
    "as_slice",
    "as_str",
    "borrow",
    "borrow_mut",
    "chars",
    "clone",
    "cmp",
    "contains",
    "contains_key",
    "ends_with",
    "entry",
    "eq",
    "extend",
    "first",
    "get",
    "insert",
    "is_empty",
    "is_err",
    "is_none",
    "is_ok",
    "is_some",
    "iter",
    "iter_mut",
    "keys",
    "last",
    "len",
    "lock",
    "partial_cmp",
    "push",
    "push_str",
    "read",
    "remove",
    "split",
    "starts_with",
    "to_owned",
    "to_string",
    "to_vec",
    "trim",
    "try_lock",
    "values",
    "write",
];

struct MaybeMoved<'a> {
    names: &'a [String],
    found: BTreeSet<String>,
}

impl MaybeMoved<'_> {
    fn tokens(&mut self, tokens: &TokenStream) {
        for name in self.names {
            if mentions(tokens, name) {
                self.found.insert(name.clone());
            }
        }
    }
}

impl<'ast> Visit<'ast> for MaybeMoved<'_> {
    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        match expr {
            syn::Expr::Reference(reference) => self.visit_borrowed_place(&reference.expr),
            syn::Expr::Path(path) => {
                if let Some(ident) = path.path.get_ident() {
                    let name = ident.to_string();
                    if self.names.contains(&name) {
                        self.found.insert(name);
                    }
                }
            }
            syn::Expr::Closure(closure) => self.tokens(&closure.to_token_stream()),
            syn::Expr::MethodCall(call)
                if BORROWING_METHODS.iter().any(|name| call.method == name) =>
            {
                self.visit_borrowed_place(&call.receiver);
                for arg in &call.args {
                    self.visit_expr(arg);
                }
            }
            _ => syn::visit::visit_expr(self, expr),
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let formatting = crate::scan::is_formatting_macro(mac);
        if !formatting {
            self.tokens(&mac.tokens);
        }
    }

    fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
        let name = pat.ident.to_string();
        if self.names.contains(&name) {
            self.found.insert(name);
        }
        syn::visit::visit_pat_ident(self, pat);
    }
}

impl MaybeMoved<'_> {
    /// The place under `&`: its root is only borrowed; index expressions
    /// and anything that is not a place are scanned as usual.
    fn visit_borrowed_place(&mut self, place: &syn::Expr) {
        match place {
            syn::Expr::Path(path) if path.path.get_ident().is_some() => {}
            syn::Expr::Field(field) => self.visit_borrowed_place(&field.base),
            syn::Expr::Index(index) => {
                self.visit_borrowed_place(&index.expr);
                self.visit_expr(&index.index);
            }
            syn::Expr::Paren(paren) => self.visit_borrowed_place(&paren.expr),
            other => self.visit_expr(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::maybe_moved;
    use syn::{parse_quote, Stmt};

    fn moved(stmt: Stmt) -> Vec<String> {
        let names = ["a", "b", "opt"].map(String::from);
        maybe_moved(&stmt, &names).into_iter().collect()
    }

    #[test]
    fn borrows_are_not_moves() {
        assert!(moved(parse_quote!(let l = Noisy::new("local", &b.log);)).is_empty());
        assert!(moved(parse_quote!(if b.name.len() == 1 {
            return 1;
        }))
        .is_empty());
        assert!(moved(parse_quote!(println!("{}", a);)).is_empty());
        assert!(moved(parse_quote!(let x = a.clone();)).is_empty());
        assert!(moved(parse_quote!(let x = &mut a[b.len()];)).is_empty());
    }

    #[test]
    fn anything_else_may_move() {
        assert_eq!(moved(parse_quote!(let v = opt.unwrap();)), ["opt"]);
        assert_eq!(moved(parse_quote!(consume(a);)), ["a"]);
        assert_eq!(moved(parse_quote!(let n = b.count;)), ["b"]);
        assert_eq!(moved(parse_quote!(let f = || drop(a);)), ["a"]);
        assert_eq!(moved(parse_quote!(my_macro!(a);)), ["a"]);
        assert_eq!(moved(parse_quote!(let a = 5;)), ["a"]);
        assert_eq!(
            moved(parse_quote!(let Some(x) = opt else { return; };)),
            ["opt"]
        );
    }
}
