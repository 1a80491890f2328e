//! Ready propagation (DESIGN.md rule 8): which await points may go on
//! synchronously when what they await is already done.
//!
//! A candidate is `X.await`, optionally followed by `?`, standing as a whole
//! statement, a `let` initializer or the tail expression. Whether `X` is
//! ready is asked at run time, by its type (`MaybeReady`), never by polling.
//!
//! If it is not ready, the pending future is moved into the one boxed
//! continuation. That is only possible when the future borrows nothing that
//! lives in the function's own frame, so `X` must use the function's locals
//! and owned arguments only as whole values (moved or copied), never
//! borrowed; `&self` and shared-reference arguments may be read through.
//! Anything else keeps rules 1-7 (it is awaited inside the boxed future),
//! so propagation never turns code that compiles into code that does not.

use std::collections::BTreeSet;

use syn::visit::{self, Visit};
use syn::{Block, Expr, ExprAwait, FnArg, Local, LocalInit, Pat, PatIdent, ReceiverKind, Signature, Stmt, Type};

use crate::scan::has_await_point;

/// How many await points of one function propagate: each one copies the
/// code after it once (the ready path and the boxed continuation), so the
/// bound keeps the expansion within a small multiple of the body.
pub(crate) const BUDGET: usize = 4;

/// What the function's names are, for the movability check.
#[derive(Default)]
pub(crate) struct Env {
    /// References that may be read through (`&self`, `key: &str`), never
    /// rebound in the body.
    shared: BTreeSet<String>,
    /// Every other name the function binds: owned arguments and every
    /// pattern binding of the body.
    locals: BTreeSet<String>,
    /// Names that may hold a `&mut` (`&mut self`, `x: &mut T`, bindings of
    /// `&mut` places): passing one implicitly reborrows it from the frame.
    mut_refs: BTreeSet<String>,
}

impl Env {
    pub(crate) fn new(sig: &Signature, body: &Block) -> Self {
        let mut env = Env::default();
        for input in &sig.inputs {
            match input {
                FnArg::Receiver(receiver) => {
                    let shared = match &receiver.kind {
                        ReceiverKind::Reference(_, _, mutability) => mutability.is_none(),
                        ReceiverKind::Typed(_, ty) => is_shared_reference(ty),
                        _ => false,
                    };
                    env.bind("self", shared);
                    if matches!(receiver.kind, ReceiverKind::Reference(_, _, Some(_))) {
                        env.mut_refs.insert("self".to_owned());
                    }
                }
                FnArg::Typed(arg) => {
                    let shared = matches!(&*arg.pat, Pat::Ident(ident) if ident.by_ref.is_none() && ident.mutability.is_none())
                        && is_shared_reference(&arg.ty);
                    let mut names = Names::default();
                    names.visit_pat(&arg.pat);
                    let mut_ref = matches!(&*arg.ty, Type::Reference(reference) if reference.mutability.is_some());
                    for name in names.0 {
                        env.bind(&name, shared);
                        if mut_ref {
                            env.mut_refs.insert(name);
                        }
                    }
                }
            }
        }
        let mut names = Names::default();
        names.visit_block(body);
        env.mut_refs.extend(names.1);
        for name in names.0 {
            // Rebinding a shared reference's name makes it a local.
            env.shared.remove(&name);
            env.locals.insert(name);
        }
        env
    }

    fn bind(&mut self, name: &str, shared: bool) {
        if shared {
            self.shared.insert(name.to_owned());
        } else {
            self.locals.insert(name.to_owned());
        }
    }
}

fn is_shared_reference(ty: &Type) -> bool {
    matches!(ty, Type::Reference(reference) if reference.mutability.is_none())
}

/// Every name a pattern binds, in the whole block (closures and nested
/// items included: an over-approximation only makes fewer candidates), and
/// those that may bind a `&mut` (`ref mut x`, or any binding of a pattern
/// matched against `&mut ...`).
#[derive(Default)]
struct Names(BTreeSet<String>, BTreeSet<String>);

impl Names {
    fn visit_pat_against(&mut self, pat: &Pat, scrutinee: &Expr) {
        let mut names = Names::default();
        names.visit_pat(pat);
        if matches!(scrutinee, Expr::Reference(reference) if reference.mutability.is_some()) {
            self.1.extend(names.0.iter().cloned());
        }
        self.0.extend(names.0);
        self.1.extend(names.1);
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
        self.0.insert(pat.ident.to_string());
        if pat.by_ref.is_some() && pat.mutability.is_some() {
            self.1.insert(pat.ident.to_string());
        }
        visit::visit_pat_ident(self, pat);
    }

    fn visit_local(&mut self, local: &'ast Local) {
        match &local.init {
            Some(init) => self.visit_pat_against(&local.pat, &init.expr),
            None => self.visit_pat(&local.pat),
        }
        if let Some(init) = &local.init {
            self.visit_local_init(init);
        }
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        for arm in &expr.arms {
            self.visit_pat_against(&arm.pat, &expr.expr);
            self.visit_expr(&arm.body);
        }
        self.visit_expr(&expr.expr);
    }

    fn visit_expr_let(&mut self, expr: &'ast syn::ExprLet) {
        self.visit_pat_against(&expr.pat, &expr.expr);
        self.visit_expr(&expr.expr);
    }
}

/// Whether `stmt` is an await point that may propagate: `X.await`,
/// optionally followed by `?`, as a statement, a `let` initializer (without
/// `else`) or the tail (`is_tail`), where `X` does not await and can be moved.
pub(crate) fn is_point(stmt: &Stmt, is_tail: bool, env: &Env) -> bool {
    let awaited = match stmt {
        Stmt::Expr(expr, Some(_)) => expr,
        Stmt::Expr(expr, None) if is_tail => expr,
        Stmt::Local(Local {
            init: Some(LocalInit { expr, diverge: None, .. }),
            ..
        }) => expr,
        _ => return false,
    };
    let awaited = match awaited {
        Expr::Try(try_expr) => &*try_expr.expr,
        other => other,
    };
    match awaited {
        Expr::Await(ExprAwait { base, attrs, .. }) => {
            attrs.is_empty() && !has_await_point(&**base) && is_movable(base, env)
        }
        _ => false,
    }
}

/// Whether the future `expr` evaluates to can be moved into a box: it
/// borrows no local and no temporary of the function.
pub(crate) fn is_movable(expr: &Expr, env: &Env) -> bool {
    match expr {
        Expr::Lit(_) => true,
        // A whole value: moved or copied, or a constant / function path;
        // but passing a `&mut` reborrows it from the frame.
        Expr::Path(path) => {
            path.qself.is_none()
                && path.path.get_ident().is_none_or(|ident| !env.mut_refs.contains(&ident.to_string()))
        }
        Expr::Paren(inner) => is_movable(&inner.expr, env),
        Expr::Group(inner) => is_movable(&inner.expr, env),
        Expr::Cast(cast) => is_movable(&cast.expr, env),
        Expr::Unary(unary) => is_movable(&unary.expr, env),
        Expr::Binary(binary) => is_movable(&binary.left, env) && is_movable(&binary.right, env),
        Expr::Tuple(tuple) => tuple.elems.iter().all(|elem| is_movable(elem, env)),
        Expr::Array(array) => array.elems.iter().all(|elem| is_movable(elem, env)),
        Expr::Struct(object) => {
            object.fields.iter().all(|field| is_movable(&field.expr, env))
                && object.rest.as_ref().is_none_or(|rest| is_movable(rest, env))
        }
        Expr::Call(call) => is_function_path(&call.func, env) && call.args.iter().all(|arg| is_movable(arg, env)),
        Expr::MethodCall(call) => {
            is_shared_place(&call.receiver, env) && call.args.iter().all(|arg| is_movable(arg, env))
        }
        Expr::Field(_) => is_shared_place(expr, env),
        Expr::Reference(reference) => {
            reference.mutability.is_none() && matches!(&*reference.expr, Expr::Field(_)) && is_shared_place(&reference.expr, env)
        }
        _ => false,
    }
}

/// `self`, `key` or `self.inner.pool`: a place reached through a shared
/// reference the function was given, so borrowing it borrows the caller's
/// data, not the function's frame.
fn is_shared_place(expr: &Expr, env: &Env) -> bool {
    match expr {
        Expr::Path(path) => path.path.get_ident().is_some_and(|ident| env.shared.contains(&ident.to_string())),
        Expr::Field(field) => is_shared_place(&field.base, env),
        Expr::Paren(inner) => is_shared_place(&inner.expr, env),
        _ => false,
    }
}

/// A function called by path, not a local closure.
fn is_function_path(expr: &Expr, env: &Env) -> bool {
    match expr {
        Expr::Path(path) => match path.path.get_ident() {
            Some(ident) => {
                let name = ident.to_string();
                !env.locals.contains(&name) && !env.shared.contains(&name)
            }
            None => path.qself.is_none(),
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn env() -> Env {
        let sig: Signature = parse_quote!(async fn f(&self, key: &str, owned: String, n: u64, node: &Node));
        let body: Block = parse_quote!({ let local = 1; let local_closure = || 1; });
        Env::new(&sig, &body)
    }

    fn movable(expr: Expr) -> bool {
        is_movable(&expr, &env())
    }

    #[test]
    fn moved_values_and_reads_through_shared_references_are_movable() {
        assert!(movable(parse_quote!(self.get(key))));
        assert!(movable(parse_quote!(self.inner.call(owned))));
        assert!(movable(parse_quote!(fib(n - 1))));
        assert!(movable(parse_quote!(sum(&node.left))));
        assert!(movable(parse_quote!(Self::helper(local, key))));
    }

    #[test]
    fn borrows_of_the_frame_are_not() {
        assert!(!movable(parse_quote!(self.get(&owned))));
        assert!(!movable(parse_quote!(owned.len_async())));
        assert!(!movable(parse_quote!(self.get(&key))));
        assert!(!movable(parse_quote!(self.get(&key.to_string()))));
        assert!(!movable(parse_quote!(local.fetch())));
        assert!(!movable(parse_quote!(self.map.lock().unwrap().get(key))));
        assert!(!movable(parse_quote!(local_closure())));
        assert!(!movable(parse_quote!(self.get(format!("{}", key)))));
    }

    #[test]
    fn a_rebound_shared_argument_is_a_local() {
        let sig: Signature = parse_quote!(async fn f(&self, key: &str));
        let body: Block = parse_quote!({ let key = key.to_lowercase(); });
        let env = Env::new(&sig, &body);
        assert!(!is_movable(&parse_quote!(self.get(key.as_str())), &env));
        assert!(is_movable(&parse_quote!(self.get(key)), &env));
    }

    #[test]
    fn mutable_references_are_not_moved() {
        let sig: Signature = parse_quote!(async fn f(conn: &mut Conn, owned: Conn));
        let body: Block = parse_quote!({
            let c = &mut owned;
            match &mut pair { (a, b) => {} }
            let ref mut r = x;
        });
        let env = Env::new(&sig, &body);
        for name in ["conn", "c", "a", "b", "r"] {
            let call: Expr = syn::parse_str(&format!("write({name})")).unwrap();
            assert!(!is_movable(&call, &env), "{name}");
        }
        assert!(is_movable(&parse_quote!(write(owned)), &env));
    }

    #[test]
    fn mut_self_is_not_shared() {
        let sig: Signature = parse_quote!(async fn f(&mut self));
        let env = Env::new(&sig, &parse_quote!({}));
        assert!(!is_movable(&parse_quote!(self.next()), &env));
    }

    #[test]
    fn points_are_statements_lets_and_tails() {
        let env = env();
        let stmts: Block = parse_quote!({
            self.flush(key).await;
            let v = self.get(key).await?;
            self.get(key).await
        });
        assert!(is_point(&stmts.stmts[0], false, &env) && !has_try(&stmts.stmts[0]));
        assert!(is_point(&stmts.stmts[1], false, &env) && has_try(&stmts.stmts[1]));
        assert!(is_point(&stmts.stmts[2], true, &env));
        let nested: Block = parse_quote!({ let v = self.get(key).await + 1; });
        assert!(!is_point(&nested.stmts[0], false, &env));
        let double: Block = parse_quote!({ let v = self.get(self.k().await).await; });
        assert!(!is_point(&double.stmts[0], false, &env));
    }
}

/// Takes the awaited future out of a candidate statement, leaving
/// `replacement` in its place: `let v = X.await?;` becomes
/// `let v = pending.await?;` and `X` is returned. The same shapes as
/// [`point`].
pub(crate) fn take_future(stmt: &mut Stmt, replacement: Expr) -> Expr {
    let awaited = match stmt {
        Stmt::Expr(expr, _) => expr,
        Stmt::Local(Local {
            init: Some(LocalInit { expr, .. }),
            ..
        }) => &mut **expr,
        _ => unreachable!("a propagation point is a statement, a let or a tail"),
    };
    let awaited = match awaited {
        Expr::Try(try_expr) => &mut *try_expr.expr,
        other => other,
    };
    match awaited {
        Expr::Await(ExprAwait { base, .. }) => std::mem::replace(&mut **base, replacement),
        _ => unreachable!("a propagation point awaits"),
    }
}

/// Whether `?` follows the `.await` of a candidate statement.
pub(crate) fn has_try(stmt: &Stmt) -> bool {
    let awaited = match stmt {
        Stmt::Expr(expr, _) => expr,
        Stmt::Local(Local {
            init: Some(LocalInit { expr, .. }),
            ..
        }) => &**expr,
        _ => return false,
    };
    matches!(awaited, Expr::Try(_))
}
