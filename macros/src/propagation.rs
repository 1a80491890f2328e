//! Ready propagation (DESIGN.md rule 8): which await points may go on
//! synchronously when what they await is already done.
//!
//! A candidate is `X.await`, optionally followed by `?`, standing as a whole
//! statement, a `let` initializer or the tail expression, or as the whole
//! scrutinee or condition of a tail `match` / `if let` / `if` (a scrutinee
//! point, with [`binds`] telling what each branch's box must hold of the
//! value). Whether `X` is
//! ready is asked at run time, by its type (`MaybeReady`), never by polling.
//!
//! If it is not ready, the pending future is moved into the one boxed
//! continuation. That is only possible when the future borrows nothing that
//! lives in the function's own frame, so `X` must use the function's locals
//! and owned arguments only as whole values (moved or copied), never
//! borrowed; `&self` and shared-reference arguments may be read through.
//! Anything else keeps rules 1-7 (it is awaited inside the boxed future),
//! so propagation never turns code that compiles into code that does not.
//!
//! Analyse stage. Imports `scan` and `types`.

use std::collections::BTreeSet;

use syn::visit::Visit;
use syn::{Block, Expr, ExprAwait, FnArg, Local, LocalInit, Pat, ReceiverKind, Signature, Stmt};

use crate::scan::{has_await_point, has_early_exit, pattern_bindings};
use crate::types::{holds_reference, is_primitive, is_reference};

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
    /// Every name the function binds (arguments and every pattern of the
    /// body): none of them is a function to call.
    locals: BTreeSet<String>,
    /// Locals that may borrow the frame: bound from an expression that is
    /// not movable itself (`let t = owned.trim();`), by `ref`, or by a
    /// `for` loop or closure. Passing one, even by value, may hand the
    /// frame to the future.
    frame_bound: BTreeSet<String>,
    /// Names that may hold a `&mut` (`&mut self`, `x: &mut T`, bindings of
    /// `&mut` places): passing one implicitly reborrows it from the frame.
    mut_refs: BTreeSet<String>,
    /// The function's own name, when it returns the opaque form: a pending
    /// call to itself cannot be moved into its own box (the opaque type would
    /// contain itself: rustc's E0720), so recursion propagates in the dyn
    /// form only.
    opaque_self: Option<String>,
    /// Reference arguments of `'static` lifetime: no meet with another.
    static_refs: BTreeSet<String>,
    /// The arguments that own what they hold (not references): the boxed
    /// future holds them until it completes (rule 5).
    pub(crate) owned_args: Vec<String>,
    /// Every argument name, `self` included.
    pub(crate) args: Vec<String>,
}

impl Env {
    pub(crate) fn new(sig: &Signature, body: &Block, is_opaque: bool) -> Self {
        let mut env = Env::default();
        if is_opaque {
            env.opaque_self = Some(sig.ident.to_string());
        }
        for input in &sig.inputs {
            match input {
                FnArg::Receiver(receiver) => {
                    let (shared, mut_ref) = match &receiver.kind {
                        ReceiverKind::Reference(_, _, mutability) => {
                            (mutability.is_none(), mutability.is_some())
                        }
                        ReceiverKind::Typed(_, ty) => {
                            (is_reference(ty, false), is_reference(ty, true))
                        }
                        _ => (false, false),
                    };
                    env.bind_argument("self", shared, mut_ref);
                    env.args.push("self".to_owned());
                    let borrowed = match &receiver.kind {
                        ReceiverKind::Typed(_, ty) => holds_reference(ty),
                        ReceiverKind::Reference(..) => true,
                        _ => false,
                    };
                    if !borrowed {
                        env.owned_args.push("self".to_owned());
                    }
                }
                FnArg::Typed(arg) => {
                    let plain = matches!(&*arg.pat, Pat::Ident(ident) if ident.by_ref.is_none() && ident.mutability.is_none());
                    let shared = plain && is_reference(&arg.ty, false);
                    let mut_ref = is_reference(&arg.ty, true);
                    // An argument under `#[cfg]` may not exist: never named.
                    let is_ref = holds_reference(&arg.ty)
                        || is_primitive(&arg.ty)
                        || arg.attrs.iter().any(|attr| attr.path().is_ident("cfg"));
                    let is_static = matches!(&*arg.ty, syn::Type::Reference(reference)
                        if reference.lifetime.as_ref().is_some_and(|lifetime| lifetime.ident == "static"));
                    for binding in pattern_bindings(&arg.pat) {
                        let name = binding.ident.to_string();
                        if is_static {
                            env.static_refs.insert(name.clone());
                        }
                        env.bind_argument(&name, shared, mut_ref);
                        env.args.push(name.clone());
                        if !is_ref && binding.by_ref.is_none() {
                            env.owned_args.push(name);
                        }
                    }
                }
            }
        }
        Binder { env: &mut env }.visit_block(body);
        env
    }

    /// The names that may hold a `&mut` (`&mut self`, `x: &mut T`).
    pub(crate) fn mut_refs(&self) -> impl Iterator<Item = &String> {
        self.mut_refs.iter()
    }

    fn bind_argument(&mut self, name: &str, shared: bool, mut_ref: bool) {
        self.locals.insert(name.to_owned());
        if shared {
            self.shared.insert(name.to_owned());
        }
        if mut_ref {
            self.mut_refs.insert(name.to_owned());
        }
    }

    /// Binds the names of `pat`, matched against `scrutinee` (or against
    /// something unknown: `None`).
    fn bind_pattern(&mut self, pat: &Pat, scrutinee: Option<&Expr>) {
        let from_caller = scrutinee.is_some_and(|scrutinee| is_movable(scrutinee, self));
        let into_shared_place = scrutinee.is_some_and(|scrutinee| is_shared_place(scrutinee, self));
        let of_mut_place = scrutinee.is_some_and(
            |scrutinee| matches!(scrutinee, Expr::Reference(r) if r.mutability.is_some()),
        );
        for binding in pattern_bindings(pat) {
            let name = binding.ident.to_string();
            // Rebinding a shared reference's name makes it a local.
            self.shared.remove(&name);
            let by_ref = binding.by_ref.is_some();
            if !from_caller || (by_ref && !into_shared_place) {
                self.frame_bound.insert(name.clone());
            }
            if of_mut_place || (by_ref && binding.mutability.is_some()) {
                self.mut_refs.insert(name.clone());
            }
            self.locals.insert(name);
        }
    }
}

/// Walks the body in order, binding each pattern against what it matches,
/// so that a later movability check knows what earlier names hold.
struct Binder<'a> {
    env: &'a mut Env,
}

impl<'ast> Visit<'ast> for Binder<'_> {
    fn visit_local(&mut self, local: &'ast Local) {
        if let Some(init) = &local.init {
            self.visit_local_init(init);
        }
        self.env
            .bind_pattern(&local.pat, local.init.as_ref().map(|init| &*init.expr));
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        self.visit_expr(&expr.expr);
        for arm in &expr.arms {
            self.env.bind_pattern(&arm.pat, Some(&expr.expr));
            self.visit_expr(&arm.body);
        }
    }

    fn visit_expr_let(&mut self, expr: &'ast syn::ExprLet) {
        self.visit_expr(&expr.expr);
        self.env.bind_pattern(&expr.pat, Some(&expr.expr));
    }

    // `for` bindings, closure parameters, nested items: unknown.
    fn visit_pat(&mut self, pat: &'ast Pat) {
        self.env.bind_pattern(pat, None);
    }
}

/// Whether `stmt` is an await point that may propagate: `X.await`,
/// optionally followed by `?`, as a statement, a `let` initializer (without
/// `else`) or the tail (`is_tail`), where `X` does not await and can be moved.
pub(crate) fn is_point(stmt: &Stmt, is_tail: bool, env: &Env) -> bool {
    point(stmt, is_tail).is_some_and(|(awaited, _)| is_probed(awaited, env))
}

/// Whether the future of the point `awaited` may be asked whether it is
/// ready, and moved into the box if not.
pub(crate) fn is_probed(awaited: &ExprAwait, env: &Env) -> bool {
    let ExprAwait { base, attrs, .. } = awaited;
    // The future is made inside a closure: no `?` or `return` in it.
    attrs.is_empty()
        && !has_await_point(&**base)
        && !has_early_exit(&**base)
        && is_movable(base, env)
        && !(env.opaque_self.is_some() && borrows_two_inputs(base, env))
}

/// The one parser of a scrutinee point's shape (rule 8 on a tail): a
/// `match` / `if let` / `if` whose whole scrutinee or condition is
/// `X.await` or `X.await?`. Returns that scrutinee.
pub(crate) fn scrutinee(tail: &Expr) -> Option<&Expr> {
    let scrutinee = match tail {
        Expr::Match(expr_match) if expr_match.attrs.is_empty() && !expr_match.arms.is_empty() => {
            &*expr_match.expr
        }
        Expr::If(expr_if) if expr_if.attrs.is_empty() => match &*expr_if.cond {
            Expr::Let(expr_let) if expr_let.attrs.is_empty() => &*expr_let.expr,
            Expr::Let(_) => return None,
            cond => cond,
        },
        _ => return None,
    };
    awaited(scrutinee).map(|_| scrutinee)
}

/// [`scrutinee`], to take the future out (see `emit::scrutinee`).
pub(crate) fn scrutinee_mut(tail: &mut Expr) -> Option<&mut Expr> {
    scrutinee(tail)?;
    scrutinee_mut_slot(tail)
}

/// Where the scrutinee of a `match` / `if let` / `if` is, whatever it is.
pub(crate) fn scrutinee_mut_slot(tail: &mut Expr) -> Option<&mut Expr> {
    match tail {
        Expr::Match(expr_match) => Some(&mut *expr_match.expr),
        Expr::If(expr_if) => match &mut *expr_if.cond {
            Expr::Let(expr_let) => Some(&mut *expr_let.expr),
            cond => Some(cond),
        },
        _ => None,
    }
}

/// The `.await` of a scrutinee (`X.await` or `X.await?`) and whether `?`
/// follows it.
pub(crate) fn awaited(scrutinee: &Expr) -> Option<(&ExprAwait, bool)> {
    match scrutinee {
        Expr::Await(awaited) => Some((awaited, false)),
        Expr::Try(try_expr) if try_expr.attrs.is_empty() => match &*try_expr.expr {
            Expr::Await(awaited) => Some((awaited, true)),
            _ => None,
        },
        _ => None,
    }
}

/// What a pattern leaves of the owned value it matches, for an arm that
/// awaits after a scrutinee point (its box must own what the `async fn`
/// keeps alive until the `match` ends).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Binds {
    /// It moves the whole value into its bindings (`v`, `Some(v)`,
    /// `Ok((a, b))`), or matches only what has nothing to drop (`None`):
    /// nothing is left, the box takes the bindings.
    All,
    /// It binds nothing (`_`, `None`, `Kind::A`, `Foo { .. }`, a literal):
    /// the box takes the whole value and runs the `match` again on it.
    Nothing,
    /// Anything else (`ref v`, `Foo { a, .. }`, `(a, _)`, `v @ P`): a part
    /// or a borrow stays behind, which the box could not own.
    Part,
}

/// Input: an arm's pattern (`Some(v)`). Output: [`Binds`] (`All`).
///
/// By its tokens: a lowercase name (or `_name`) is a binding, a capitalized
/// one a constant or a unit variant (`None`); `Some`, `Ok` and `Err` are
/// `core`'s, whose shells have nothing to drop. A capitalized binding is a
/// compile error on the box's `value @ P` (a move out of a bound value),
/// never a silent change.
pub(crate) fn binds(pat: &Pat) -> Binds {
    fn is_binding(ident: &syn::PatIdent) -> bool {
        ident.by_ref.is_some()
            || ident.mutability.is_some()
            || ident.subpat.is_some()
            || ident
                .ident
                .to_string()
                .starts_with(|c: char| c.is_lowercase() || c == '_')
    }
    fn moves_all(pat: &Pat) -> bool {
        match pat {
            Pat::Ident(ident) => {
                ident.by_ref.is_none()
                    && ident.subpat.is_none()
                    && (is_binding(ident) || ident.ident == "None")
            }
            Pat::TupleStruct(tuple) => {
                tuple.qself.is_none()
                    && tuple
                        .path
                        .get_ident()
                        .is_some_and(|ident| ident == "Some" || ident == "Ok" || ident == "Err")
                    && tuple.elems.len() == 1
                    && tuple.elems.iter().all(moves_all)
            }
            Pat::Tuple(tuple) => tuple.elems.iter().all(moves_all),
            Pat::Paren(paren) => moves_all(&paren.pat),
            Pat::Or(or) => or.cases.iter().all(moves_all),
            _ => false,
        }
    }
    if moves_all(pat) {
        Binds::All
    } else if pattern_bindings(pat).into_iter().any(is_binding) || has_macro(pat) {
        Binds::Part
    } else {
        Binds::Nothing
    }
}

/// Whether the awaited expression reads through two or more reference
/// arguments (`lookup.find(key)` with `lookup: &dyn Lookup, key: &str`):
/// its future may live for the meet of their lifetimes, which the opaque
/// form's `impl MaybeReady + Captures<..>` cannot name (rustc's E0700 on
/// the boxed continuation that holds it); the dyn form can (it outlives
/// `'fast_async`).
fn borrows_two_inputs(base: &Expr, env: &Env) -> bool {
    let tokens = quote::ToTokens::to_token_stream(base);
    env.shared
        .iter()
        .filter(|name| !env.static_refs.contains(*name) && crate::scan::mentions(&tokens, name))
        .nth(1)
        .is_some()
}

/// The one parser of a rule-8 point's shape, for a shared and a mutable
/// statement: `X.await` or `X.await?` as a statement, a `let` initializer
/// (without `else`) or the tail (`is_tail`). Returns the `.await` and
/// whether `?` follows it.
macro_rules! point_parser {
    ($(#[$doc:meta])* $name:ident $($mut:ident)?) => {
        $(#[$doc])*
        pub(crate) fn $name(stmt: &$($mut)? Stmt, is_tail: bool) -> Option<(&$($mut)? ExprAwait, bool)> {
            let awaited = match stmt {
                Stmt::Expr(expr, Some(_)) => expr,
                Stmt::Expr(expr, None) if is_tail => expr,
                Stmt::Local(Local {
                    init:
                        Some(LocalInit {
                            expr,
                            diverge: None,
                            ..
                        }),
                    ..
                }) => &$($mut)? **expr,
                _ => return None,
            };
            let (awaited, has_try) = match awaited {
                Expr::Try(try_expr) => (&$($mut)? *try_expr.expr, true),
                other => (other, false),
            };
            match awaited {
                Expr::Await(awaited) => Some((awaited, has_try)),
                _ => None,
            }
        }
    };
}

point_parser!(
    /// The `.await` of a point and whether `?` follows it.
    point
);
point_parser!(
    /// [`point`], to take the future out (see `emit::point`).
    point_mut mut
);

/// Whether the value an `if let` pattern refuses leaves nothing to drop:
/// `Some(v)`, `Some(_)`, `Some((a, _))` refuse only `None`.
pub(crate) fn refuses_only_none(pat: &Pat) -> bool {
    fn irrefutable(pat: &Pat) -> bool {
        match pat {
            Pat::Ident(ident) => {
                ident.subpat.is_none()
                    && ident
                        .ident
                        .to_string()
                        .starts_with(|c: char| c.is_lowercase() || c == '_')
            }
            Pat::Wild(_) => true,
            Pat::Tuple(tuple) => tuple.elems.iter().all(irrefutable),
            Pat::Paren(paren) => irrefutable(&paren.pat),
            _ => false,
        }
    }
    matches!(pat, Pat::TupleStruct(tuple)
        if tuple.qself.is_none()
            && tuple.path.is_ident("Some")
            && tuple.elems.len() == 1
            && tuple.elems.iter().all(irrefutable))
}

/// Whether a pattern holds a macro or tokens syn does not know: what
/// they bind is not seen.
fn has_macro(pat: &Pat) -> bool {
    struct Find(bool);
    impl<'ast> Visit<'ast> for Find {
        fn visit_pat(&mut self, pat: &'ast Pat) {
            self.0 |= matches!(pat, Pat::Macro(_) | Pat::Verbatim(_));
            syn::visit::visit_pat(self, pat);
        }
    }
    let mut find = Find(false);
    find.visit_pat(pat);
    find.0
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
                && path.path.get_ident().is_none_or(|ident| {
                    let name = ident.to_string();
                    !env.mut_refs.contains(&name) && !env.frame_bound.contains(&name)
                })
        }
        Expr::Paren(inner) => is_movable(&inner.expr, env),
        Expr::Group(inner) => is_movable(&inner.expr, env),
        Expr::Cast(cast) => is_movable(&cast.expr, env),
        // The output of a movable future borrows no more than it did (this
        // classifies `let v = x.await?;`; a candidate never awaits inside).
        Expr::Await(awaited) => is_movable(&awaited.base, env),
        Expr::Try(tried) => is_movable(&tried.expr, env),
        Expr::Unary(unary) => is_movable(&unary.expr, env),
        Expr::Binary(binary) => is_movable(&binary.left, env) && is_movable(&binary.right, env),
        Expr::Tuple(tuple) => tuple.elems.iter().all(|elem| is_movable(elem, env)),
        Expr::Array(array) => array.elems.iter().all(|elem| is_movable(elem, env)),
        Expr::Struct(object) => {
            object
                .fields
                .iter()
                .all(|field| is_movable(&field.expr, env))
                && object
                    .rest
                    .as_ref()
                    .is_none_or(|rest| is_movable(rest, env))
        }
        Expr::Call(call) => {
            is_function_path(&call.func, env)
                && !calls_itself(&call.func, env)
                && call.args.iter().all(|arg| is_movable(arg, env))
        }
        Expr::MethodCall(call) => {
            is_shared_place(&call.receiver, env)
                && !(env
                    .opaque_self
                    .as_ref()
                    .is_some_and(|name| call.method == name)
                    && matches!(&*call.receiver, Expr::Path(path) if path.path.is_ident("self")))
                && call.args.iter().all(|arg| is_movable(arg, env))
        }
        Expr::Field(_) => is_shared_place(expr, env),
        Expr::Reference(reference) => {
            reference.mutability.is_none()
                && matches!(&*reference.expr, Expr::Field(_))
                && is_shared_place(&reference.expr, env)
        }
        _ => false,
    }
}

/// `self`, `key` or `self.inner.pool`: a place reached through a shared
/// reference the function was given, so borrowing it borrows the caller's
/// data, not the function's frame.
fn is_shared_place(expr: &Expr, env: &Env) -> bool {
    match expr {
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| env.shared.contains(&ident.to_string())),
        Expr::Field(field) => is_shared_place(&field.base, env),
        Expr::Paren(inner) => is_shared_place(&inner.expr, env),
        _ => false,
    }
}

/// `f(..)`, `Self::f(..)` or `module::f(..)` inside the opaque-form `f`.
fn calls_itself(func: &Expr, env: &Env) -> bool {
    match (func, &env.opaque_self) {
        (Expr::Path(path), Some(name)) => {
            let segments = &path.path.segments;
            let named = segments.last().is_some_and(|last| last.ident == name);
            let local = segments.len() == 1
                || segments.first().is_some_and(|first| {
                    ["Self", "self", "crate", "super"]
                        .iter()
                        .any(|s| first.ident == s)
                });
            named && local
        }
        _ => false,
    }
}

/// A function called by path, not a local closure.
fn is_function_path(expr: &Expr, env: &Env) -> bool {
    match expr {
        Expr::Path(path) => match path.path.get_ident() {
            Some(ident) => !env.locals.contains(&ident.to_string()),
            None => path.qself.is_none(),
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests;
