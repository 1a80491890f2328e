//! Where the synchronous part of a body ends (DESIGN.md rules 3-8).
//!
//! Input: a body's statements and its names ([`Env`]). Output: the
//! [`Plan`], data that `emit` follows; nothing here builds tokens.
//!
//! Plan stage. Imports `plan` (the result), `propagation` (rule 8's
//! points), `moves`, `borrows` and `scan`.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Expr, ExprIf, ExprMatch, Pat, Stmt};

use crate::borrows;
use crate::moves;
use crate::plan::{block_stmts, plain_block, tail_expr, Plan, Tail};
use crate::propagation::{self, Env};
use crate::scan::{has_await_point, has_early_exit, mentions, skip_opaque_nodes};

/// Plans a function body with the given names (for rule 8).
pub(crate) fn plan(stmts: &[Stmt], env: &Env) -> Plan {
    Planner {
        env,
        budget: propagation::BUDGET,
        held: env.owned_args.clone(),
    }
    .plan(stmts)
}

struct Planner<'a> {
    env: &'a Env,
    /// Await points that may still propagate (rule 8).
    budget: usize,
    /// The owned names in scope at the start of the block being planned,
    /// which a boxed future after it holds (rule 5).
    held: Vec<String>,
}

impl Planner<'_> {
    /// Plans a block's statements.
    fn plan(&mut self, stmts: &[Stmt]) -> Plan {
        let Some(first_await) = stmts.iter().position(has_await_point) else {
            return Plan::Ready;
        };
        let is_tail = first_await + 1 == stmts.len() && tail_expr(stmts).is_some();
        // Everything before the first await point may run at the call.
        let all_before_at_call = self.sync_part_ends(stmts, first_await) == first_await;
        if self.budget > 0
            && all_before_at_call
            && propagation::is_point(&stmts[first_await], is_tail, self.env)
        {
            self.budget -= 1;
            let outer = self.held.clone();
            self.held = self.held_after(&stmts[..=first_await]);
            let rest = self.plan(&stmts[first_await + 1..]);
            self.held = outer;
            return Plan::Propagate {
                index: first_await,
                rest: Box::new(rest),
            };
        }
        if is_tail && all_before_at_call {
            let outer = self.held.clone();
            self.held = self.held_after(&stmts[..first_await]);
            let tail = tail_expr(stmts).expect("is_tail");
            let scrutinee = self.plan_scrutinee(tail);
            let tail = match scrutinee {
                Some(_) => None,
                None => self.plan_tail(tail),
            };
            self.held = outer;
            if let Some(scrutinee) = scrutinee {
                return Plan::Scrutinee(scrutinee);
            }
            if let Some(tail) = tail {
                return Plan::Tail(tail);
            }
        }
        // The prefix ends at the last early exit before the first await
        // point (rule 3), or where the borrows it made end, if that is later.
        let prefix_len = stmts[..first_await]
            .iter()
            .rposition(has_early_exit)
            .map_or(0, |last_exit| {
                self.borrows_end(stmts, last_exit + 1, first_await)
            });
        Plan::Split {
            prefix_len: self.sync_part_ends(stmts, prefix_len),
        }
    }

    /// Input:
    /// ```text
    /// let Some(w) = s.split_whitespace().next() else { return None };
    /// let w = w.to_owned();
    /// Some(slow(w).await)
    /// ```
    /// Output: 2 — `w` borrows `s`, so the statement that last uses it runs
    /// at the call too, and the boxed part only sees the owned `w` (the
    /// statements from `end` up to `first_await` do not await).
    fn borrows_end(&self, stmts: &[Stmt], mut end: usize, first_await: usize) -> usize {
        loop {
            let borrowers = self.borrowers(&stmts[..end]);
            let last_use = (end..first_await).rev().find(|&index| {
                let tokens = stmts[index].to_token_stream();
                borrowers.iter().any(|name| mentions(&tokens, name))
            });
            match last_use {
                Some(index) => end = index + 1,
                None => return end,
            }
        }
    }

    /// Where the synchronous part `stmts[..end]` must end at the latest, so
    /// that the boxed future after it can hold what the `async fn` holds
    /// (rule 5): before a `let` that shadows a value still held (the value
    /// could not be named to be moved in), or one that binds something that
    /// may borrow the frame and is used after `end` (it cannot move into
    /// the box beside what it borrows; a `_name` counts as used: it is held
    /// for its drop).
    fn sync_part_ends(&self, stmts: &[Stmt], end: usize) -> usize {
        let walk = self.walk(&stmts[..end]);
        let after: TokenStream = stmts[end..].iter().map(ToTokens::to_token_stream).collect();
        walk.borrowers
            .iter()
            .filter(|(name, _)| name.starts_with('_') || mentions(&after, name))
            .map(|(_, index)| *index)
            .chain(walk.shadows)
            .min()
            .unwrap_or(end)
    }

    /// The names held after `stmts` ran at the call.
    fn held_after(&self, stmts: &[Stmt]) -> Vec<String> {
        self.walk(stmts).held
    }

    /// The locals bound by `stmts` that may borrow the frame.
    fn borrowers(&self, stmts: &[Stmt]) -> Vec<String> {
        let walk = self.walk(stmts);
        walk.borrowers.into_iter().map(|(name, _)| name).collect()
    }

    /// Runs through `stmts` as the call would: what each moves, and what
    /// each `let` binds.
    fn walk(&self, stmts: &[Stmt]) -> Walk {
        let mut walk = Walk {
            held: self.held.clone(),
            borrowers: Vec::new(),
            shadows: None,
        };
        for (index, stmt) in stmts.iter().enumerate() {
            let owned: Vec<String> = walk
                .held
                .iter()
                .cloned()
                .chain(walk.borrowers.iter().map(|(name, _)| name.clone()))
                .collect();
            let (moved, bound) = moves::statement(stmt, &walk.held, &owned, &self.env.args);
            walk.held.retain(|name| !moved.contains(name));
            for (name, borrows) in bound {
                if walk.held.contains(&name) {
                    walk.shadows.get_or_insert(index);
                    walk.held.retain(|other| *other != name);
                }
                walk.borrowers.retain(|(other, _)| *other != name);
                if borrows {
                    walk.borrowers.push((name, index));
                } else {
                    walk.held.push(name);
                }
            }
        }
        walk
    }

    /// Whether `pat`, matched against `scrutinee`, may bind a borrow of the
    /// function's frame or through one of its `&mut` (`if let Some(d) =
    /// &self.config` in a `&mut self` method): a boxed branch with that
    /// binding would need both it and what it borrows from, so the tail is
    /// not split. So is a `ref` binding into a place of the frame
    /// (`match opt { Some(ref v) => .. }`).
    fn binds_a_borrow_of(&self, scrutinee: &Expr, pat: &Pat) -> bool {
        let frame: Vec<String> = self
            .held
            .iter()
            .chain(self.env.mut_refs())
            .cloned()
            .collect();
        let ref_into_frame = moves::binds_by_ref(pat)
            && matches!(
                borrows::place_root(scrutinee).0,
                Expr::Path(path) if path
                    .path
                    .get_ident()
                    .is_some_and(|ident| frame.contains(&ident.to_string()))
            );
        ref_into_frame
            || moves::binds_any(pat) && borrows::may_borrow_frame(scrutinee, &frame, &self.env.args)
    }

    /// [`Self::binds_a_borrow_of`] for each `let` of a condition.
    fn binds_a_borrow(&self, cond: &Expr) -> bool {
        match cond {
            Expr::Let(expr_let) => self.binds_a_borrow_of(&expr_let.expr, &expr_let.pat),
            Expr::Binary(binary) => {
                self.binds_a_borrow(&binary.left) || self.binds_a_borrow(&binary.right)
            }
            Expr::Paren(paren) => self.binds_a_borrow(&paren.expr),
            _ => false,
        }
    }

    /// Plans an expression in tail position, as if it were a block `{ expr }`.
    fn plan_expr(&mut self, expr: &Expr) -> Plan {
        self.plan(&block_stmts(expr))
    }

    /// Input (rule 8 on a tail's scrutinee):
    /// ```text
    /// match self.get(k).await? {
    ///     Some(0) => 0,
    ///     Some(v) => self.load(v).await,
    ///     _ => self.load(k).await,
    /// }
    /// ```
    /// Output: `Tail::Match([Ready, Propagate { .. }, Rematch(Propagate { .. })])`
    /// — the branches of the ready path, each planned as by rule 4 (and
    /// rule 8 again inside); one that awaits and binds nothing of the value
    /// is a `Rematch` (its box owns the value, if it has drop glue). `None` if the scrutinee is not a
    /// point (see [`propagation::is_probed`]), the budget is spent, or a
    /// branch that awaits would leave a part of the value behind
    /// ([`propagation::Binds::Part`]: `Some(ref v)`, `Guard { id, .. }`),
    /// which the `async fn` keeps alive while it awaits; nor when a guard
    /// would run again in a `Rematch` box.
    fn plan_scrutinee(&mut self, expr: &Expr) -> Option<Tail> {
        let (awaited, _) = propagation::awaited(propagation::scrutinee(expr)?)?;
        if self.budget == 0
            || !propagation::is_probed(awaited, self.env)
            || keeps_temporaries(&awaited.base)
        {
            return None;
        }
        // Whether a branch that awaits needs the whole value in its box.
        let rematch = |pat: &Pat, body_awaits: bool| -> Option<bool> {
            match body_awaits.then(|| propagation::binds(pat)) {
                Some(propagation::Binds::Part) => None,
                kind => Some(kind == Some(propagation::Binds::Nothing)),
            }
        };
        match expr {
            Expr::Match(ExprMatch { arms, .. }) => {
                let rematches = arms
                    .iter()
                    .map(|arm| match &arm.pat {
                        Pat::Guard(guarded) if has_await_point(&*guarded.guard) => None,
                        Pat::Guard(guarded) => rematch(&guarded.pat, has_await_point(&*arm.body)),
                        pat => rematch(pat, has_await_point(&*arm.body)),
                    })
                    .collect::<Option<Vec<bool>>>()?;
                let guarded = arms.iter().any(|arm| matches!(arm.pat, Pat::Guard(_)));
                if guarded && rematches.contains(&true) {
                    return None;
                }
                self.budget -= 1;
                let plans = arms.iter().zip(rematches).map(|(arm, rematch)| {
                    let plan = self.plan_expr(&arm.body);
                    if rematch {
                        Plan::Rematch(Box::new(plan))
                    } else {
                        plan
                    }
                });
                Some(Tail::Match(plans.collect()))
            }
            Expr::If(ExprIf {
                cond,
                then_branch,
                else_branch,
                ..
            }) => {
                let then_awaits = has_await_point(then_branch);
                let then_rematches = match &**cond {
                    Expr::Let(expr_let) => rematch(&expr_let.pat, then_awaits)?,
                    _ => false,
                };
                self.budget -= 1;
                let then = self.plan(&then_branch.stmts);
                let then = if then_rematches {
                    Plan::Rematch(Box::new(then))
                } else {
                    then
                };
                let otherwise = else_branch.as_ref().map(|(_, otherwise)| {
                    // An `if let`'s `else` sees the whole value unmatched
                    // (nothing to hold if that can only be `None`).
                    let holds = matches!(&**cond, Expr::Let(expr_let)
                        if !propagation::refuses_only_none(&expr_let.pat));
                    let plan = self.plan_expr(otherwise);
                    if holds && has_await_point(&**otherwise) {
                        Box::new(Plan::Rematch(Box::new(plan)))
                    } else {
                        Box::new(plan)
                    }
                });
                Some(Tail::If {
                    then: Box::new(then),
                    otherwise,
                })
            }
            _ => None,
        }
    }

    /// A tail `if`, `match` or block whose condition or scrutinee does not await.
    fn plan_tail(&mut self, expr: &Expr) -> Option<Tail> {
        match expr {
            Expr::If(ExprIf {
                cond,
                then_branch,
                else_branch,
                ..
            }) if !(has_await_point(&**cond)
                || is_let(cond)
                    && (keeps_temporaries(cond)
                        || has_await_point(then_branch) && self.binds_a_borrow(cond))) =>
            {
                Some(Tail::If {
                    then: Box::new(self.plan(&then_branch.stmts)),
                    otherwise: else_branch
                        .as_ref()
                        .map(|(_, otherwise)| Box::new(self.plan_expr(otherwise))),
                })
            }
            Expr::Match(ExprMatch { expr, arms, .. })
                if !has_await_point(&**expr)
                    && !keeps_temporaries(expr)
                    && !arms.iter().any(|arm| {
                        has_await_point(&*arm.body) && self.binds_a_borrow_of(expr, &arm.pat)
                    })
                    && arms.iter().all(|arm| match &arm.pat {
                        Pat::Guard(guarded) => !has_await_point(&*guarded.guard),
                        _ => true,
                    }) =>
            {
                Some(Tail::Match(
                    arms.iter().map(|arm| self.plan_expr(&arm.body)).collect(),
                ))
            }
            _ => plain_block(expr).map(|block| Tail::Block(Box::new(self.plan(&block.stmts)))),
        }
    }
}

/// What running statements at the call leaves: the names held, the locals
/// that may borrow the frame (with the index of their `let`), and the first
/// `let` that shadows a held value.
struct Walk {
    held: Vec<String>,
    borrowers: Vec<(String, usize)>,
    shadows: Option<usize>,
}

/// Whether a condition holds a `let` (`if let`, a let chain): its
/// scrutinee's temporaries live through the branch.
fn is_let(cond: &Expr) -> bool {
    match cond {
        Expr::Let(_) => true,
        Expr::Binary(binary) => is_let(&binary.left) || is_let(&binary.right),
        Expr::Paren(paren) => is_let(&paren.expr),
        _ => false,
    }
}

/// Whether a scrutinee leaves a temporary alive until the end of its
/// `match` / `if let` beside the value matched: the value of a call used as
/// a receiver, a base or under `&` (`self.state.lock().unwrap().phase`:
/// the guard). In the `async fn` it lives while a branch awaits, so such a
/// tail is not split: the whole of it goes into the box.
fn keeps_temporaries(scrutinee: &Expr) -> bool {
    fn is_call(expr: &Expr) -> bool {
        match expr {
            Expr::Call(_) | Expr::MethodCall(_) | Expr::Macro(_) => true,
            Expr::Paren(paren) => is_call(&paren.expr),
            Expr::Try(tried) => is_call(&tried.expr),
            _ => false,
        }
    }
    struct Temporaries(bool);
    impl<'ast> syn::visit::Visit<'ast> for Temporaries {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            self.0 |= match expr {
                Expr::MethodCall(call) => is_call(&call.receiver),
                Expr::Field(field) => is_call(&field.base),
                Expr::Index(index) => is_call(&index.expr),
                Expr::Reference(reference) => is_call(&reference.expr),
                Expr::Unary(unary) => is_call(&unary.expr),
                _ => false,
            };
            syn::visit::visit_expr(self, expr);
        }
        skip_opaque_nodes!(Visit<'ast>);
    }
    let mut scan = Temporaries(false);
    syn::visit::Visit::visit_expr(&mut scan, scrutinee);
    scan.0
}

#[cfg(test)]
mod tests;
