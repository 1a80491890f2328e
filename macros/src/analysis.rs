//! Where the synchronous part of a body ends (DESIGN.md rules 3-7).
//!
//! A pure function over the body: it says which statements run at the call,
//! which tail branches are ready and which are boxed. [`crate::body`]
//! consumes the [`Plan`].

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Block, Expr, ExprBlock, ExprIf, ExprMatch, Pat, Stmt};

use crate::moves;
use crate::propagation::{self, Env};
use crate::scan::{
    has_attributed_tail, has_await_point, has_early_exit, mentions, skip_opaque_nodes,
};

/// What to do with a block's statements.
#[derive(Debug, PartialEq)]
pub(crate) enum Plan {
    /// No await point: everything runs at the call and the value is ready
    /// (rule 6).
    Ready,
    /// The first `prefix_len` statements run at the call; the rest is boxed
    /// once (rules 3, 5 and 7: `prefix_len == 0` boxes the whole block).
    Split { prefix_len: usize },
    /// Every statement but the tail runs at the call; the tail expression is
    /// split per branch (rule 4).
    Tail(Tail),
    /// The first `index` statements run at the call; statement `index`
    /// awaits a future that may already be done (rule 8): if it is, the
    /// statements after it go on at the call with the `rest` plan, else one
    /// boxed continuation awaits it and runs them.
    Propagate { index: usize, rest: Box<Plan> },
}

/// How a tail expression is split. Each branch has a plan of its own.
#[derive(Debug, PartialEq)]
pub(crate) enum Tail {
    /// `if cond { then } else { otherwise }`; without `else`, a ready `()`.
    If {
        then: Box<Plan>,
        otherwise: Option<Box<Plan>>,
    },
    /// `match scrutinee { arms }`, one plan per arm body.
    Match(Vec<Plan>),
    /// `{ stmts }`: its statements run at the call, its tail is split.
    Block(Box<Plan>),
}

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
        if self.budget > 0
            && propagation::is_point(&stmts[first_await], is_tail, self.env)
            && self.sync_part_ends(stmts, first_await) == first_await
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
        if is_tail && self.sync_part_ends(stmts, first_await) == first_await {
            let outer = self.held.clone();
            self.held = self.held_after(&stmts[..first_await]);
            let tail = tail_expr(stmts).and_then(|tail| self.plan_tail(tail));
            self.held = outer;
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
            let (moved, bound) = moves::statement(stmt, &walk.held, &owned);
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
    /// not split.
    fn binds_a_borrow_of(&self, scrutinee: &Expr, pat: &Pat) -> bool {
        let frame: Vec<String> = self
            .held
            .iter()
            .chain(self.env.mut_refs())
            .cloned()
            .collect();
        moves::binds_any(pat) && moves::may_borrow_frame(scrutinee, &frame)
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
        match plain_block(expr) {
            Some(block) => self.plan(&block.stmts),
            None => self.plan(&[Stmt::Expr(expr.clone(), None)]),
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

/// A block that may be split: no label (a `break 'label` cannot cross into
/// a boxed future), no attributes, and no tail with attributes (`#[cfg]`
/// tails: the value is whichever the `cfg` keeps).
pub(crate) fn plain_block(expr: &Expr) -> Option<&Block> {
    match expr {
        Expr::Block(ExprBlock {
            attrs,
            label: None,
            block,
        }) if attrs.is_empty() && !has_attributed_tail(block) => Some(block),
        _ => None,
    }
}

/// The block's tail expression, if it has one.
pub(crate) fn tail_expr(stmts: &[Stmt]) -> Option<&Expr> {
    match stmts.last() {
        Some(Stmt::Expr(expr, None)) => Some(expr),
        _ => None,
    }
}

impl Plan {
    /// How many boxed futures the plan can produce, one per boxed branch.
    pub(crate) fn boxed_branches(&self) -> usize {
        match self {
            Plan::Ready => 0,
            Plan::Split { .. } => 1,
            Plan::Tail(Tail::If { then, otherwise }) => {
                then.boxed_branches() + otherwise.as_ref().map_or(0, |plan| plan.boxed_branches())
            }
            Plan::Tail(Tail::Match(arms)) => arms.iter().map(Plan::boxed_branches).sum(),
            Plan::Tail(Tail::Block(plan)) => plan.boxed_branches(),
            Plan::Propagate { rest, .. } => 1 + rest.boxed_branches(),
        }
    }

    /// Whether an await point propagates somewhere in the plan.
    pub(crate) fn propagates(&self) -> bool {
        match self {
            Plan::Ready | Plan::Split { .. } => false,
            Plan::Propagate { .. } => true,
            Plan::Tail(Tail::If { then, otherwise }) => {
                then.propagates() || otherwise.as_ref().is_some_and(|plan| plan.propagates())
            }
            Plan::Tail(Tail::Match(arms)) => arms.iter().any(Plan::propagates),
            Plan::Tail(Tail::Block(plan)) => plan.propagates(),
        }
    }
}

/// The names among `candidates` that the synchronous part of the block
/// mentions (anywhere in its tokens, macros and closures included). The
/// others are moved into every boxed future (rule 5).
pub(crate) fn mentioned_at_call(
    stmts: &[Stmt],
    plan: &Plan,
    candidates: &[String],
) -> BTreeSet<String> {
    let mut sync = TokenStream::new();
    collect_sync(stmts, plan, &mut sync);
    candidates
        .iter()
        .filter(|name| mentions(&sync, name))
        .cloned()
        .collect()
}

fn collect_sync(stmts: &[Stmt], plan: &Plan, sync: &mut TokenStream) {
    match plan {
        Plan::Ready => sync.extend(stmts.iter().map(ToTokens::to_token_stream)),
        Plan::Split { prefix_len } => {
            sync.extend(stmts[..*prefix_len].iter().map(ToTokens::to_token_stream));
        }
        Plan::Tail(tail) => {
            let (tail_stmt, leading) = stmts.split_last().expect("a tail plan has a tail");
            sync.extend(leading.iter().map(ToTokens::to_token_stream));
            let Stmt::Expr(tail_expr, None) = tail_stmt else {
                unreachable!("a tail plan has a tail expression")
            };
            collect_sync_tail(tail_expr, tail, sync);
        }
        Plan::Propagate { index, rest } => {
            sync.extend(stmts[..*index].iter().map(ToTokens::to_token_stream));
            stmts[*index].to_tokens(sync);
            collect_sync(&stmts[*index + 1..], rest, sync);
        }
    }
}

fn collect_sync_tail(expr: &Expr, tail: &Tail, sync: &mut TokenStream) {
    match (expr, tail) {
        (Expr::If(expr_if), Tail::If { then, otherwise }) => {
            expr_if.cond.to_tokens(sync);
            collect_sync(&expr_if.then_branch.stmts, then, sync);
            if let (Some((_, else_expr)), Some(otherwise)) = (&expr_if.else_branch, otherwise) {
                collect_sync_expr(else_expr, otherwise, sync);
            }
        }
        (Expr::Match(expr_match), Tail::Match(arms)) => {
            expr_match.expr.to_tokens(sync);
            for (arm, plan) in expr_match.arms.iter().zip(arms) {
                arm.pat.to_tokens(sync);
                collect_sync_expr(&arm.body, plan, sync);
            }
        }
        (_, Tail::Block(plan)) => {
            let block = plain_block(expr).expect("a block plan is for a block");
            collect_sync(&block.stmts, plan, sync);
        }
        _ => unreachable!("the plan was made for this expression"),
    }
}

fn collect_sync_expr(expr: &Expr, plan: &Plan, sync: &mut TokenStream) {
    match plain_block(expr) {
        Some(block) => collect_sync(&block.stmts, plan, sync),
        None => collect_sync(&[Stmt::Expr(expr.clone(), None)], plan, sync),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    /// Rules 1-7 alone: no await point propagates.
    fn plan_of(block: Block) -> Plan {
        Planner {
            env: &Env::default(),
            budget: 0,
            held: Vec::new(),
        }
        .plan(&block.stmts)
    }

    #[test]
    fn no_await_is_ready() {
        let block = parse_quote!({
            let x = f()?;
            if x {
                return 1;
            }
            2
        });
        assert_eq!(plan_of(block), Plan::Ready);
    }

    #[test]
    fn prefix_ends_at_last_early_exit_before_first_await() {
        let block = parse_quote!({
            let key = normalize(key)?;
            if let Some(v) = cache.get(&key) {
                return Ok(v);
            }
            let log = 1;
            let v = db.fetch(&key).await?;
            Ok(v)
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 2 });
    }

    fn plan_with_args(args: &[&str], block: Block) -> Plan {
        Planner {
            env: &Env::default(),
            budget: 0,
            held: args.iter().map(|arg| arg.to_string()).collect(),
        }
        .plan(&block.stmts)
    }

    #[test]
    fn prefix_ends_before_a_borrow_the_box_needs() {
        // `w` borrows `s`: it runs at the call, the box only sees the owned one.
        let block = parse_quote!({
            let Some(w) = s.split_whitespace().next() else {
                return None;
            };
            let w = w.to_owned();
            Some(slow(w).await)
        });
        assert_eq!(plan_with_args(&["s"], block), Plan::Split { prefix_len: 2 });
        // `r` borrows `v` and is used after the await: both are bound in
        // the box.
        let block = parse_quote!({
            if n == 0 {
                return 0;
            }
            let v = vec![n];
            let r = &v;
            let w = slow(n).await;
            r.len() + w
        });
        assert_eq!(plan_with_args(&["n"], block), Plan::Split { prefix_len: 1 });
        // A closure borrowing a local, used after the await.
        let block = parse_quote!({
            let v = vec![n];
            let f = || v.len();
            if f() == 0 {
                return 0;
            }
            slow(n).await + f()
        });
        assert_eq!(plan_with_args(&["n"], block), Plan::Split { prefix_len: 1 });
    }

    #[test]
    fn prefix_ends_before_shadowing_a_held_value() {
        let block = parse_quote!({
            let a = D("a1");
            let a = D("a2");
            if a.0 == "" {
                return 0;
            }
            slow().await
        });
        assert_eq!(plan_with_args(&[], block), Plan::Split { prefix_len: 1 });
        // Moved by its own initializer: nothing left to hold.
        let block = parse_quote!({
            let key = normalize(key)?;
            slow(key).await
        });
        assert_eq!(
            plan_with_args(&["key"], block),
            Plan::Split { prefix_len: 1 }
        );
    }

    #[test]
    fn a_tail_match_on_a_temporary_guard_is_not_split() {
        let block = parse_quote!({
            match self.state.lock().unwrap().phase {
                Phase::Idle => 0,
                Phase::Busy => slow().await,
            }
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
        let block = parse_quote!({
            match self.map.get(&key) {
                Some(v) => *v,
                None => slow().await,
            }
        });
        assert!(matches!(plan_of(block), Plan::Tail(Tail::Match(_))));
    }

    #[test]
    fn no_early_exit_boxes_whole() {
        let block = parse_quote!({
            let x = 1;
            g(x).await
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
    }

    #[test]
    fn early_exit_after_first_await_stays_boxed() {
        let block = parse_quote!({
            let x = g().await;
            if x {
                return 1;
            }
            2
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
    }

    #[test]
    fn closures_async_blocks_and_items_are_opaque() {
        let block = parse_quote!({
            let f = || {
                return 1;
            };
            let fut = async { x.await };
            fn inner() -> Option<u8> {
                None?
            }
            h(f, fut).await
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
        let ready: Block = parse_quote!({
            let fut = async { x.await };
            fut
        });
        assert_eq!(plan_of(ready), Plan::Ready);
    }

    #[test]
    fn awaiting_macros_are_await_points() {
        let block = parse_quote!({
            let x = y?;
            tokio::select! { a = f => a }
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 1 });
        let block = parse_quote!({
            let x = y?;
            println!("{}", g().await);
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 1 });
        let block = parse_quote!({
            let x = y?;
            println!("{}", g());
        });
        assert_eq!(plan_of(block), Plan::Ready);
    }

    #[test]
    fn tail_if_is_split_per_branch() {
        let block = parse_quote!({
            let x = f()?;
            if x.is_hit() {
                x.value()
            } else {
                fetch(x).await
            }
        });
        assert_eq!(
            plan_of(block),
            Plan::Tail(Tail::If {
                then: Box::new(Plan::Ready),
                otherwise: Some(Box::new(Plan::Split { prefix_len: 0 })),
            })
        );
    }

    #[test]
    fn tail_if_without_else_and_else_if_chain() {
        let block = parse_quote!({
            if a {
                g().await;
            }
        });
        assert_eq!(
            plan_of(block),
            Plan::Tail(Tail::If {
                then: Box::new(Plan::Split { prefix_len: 0 }),
                otherwise: None
            })
        );
        let block = parse_quote!({
            if a {
                1
            } else if b {
                g().await
            } else {
                3
            }
        });
        assert_eq!(
            plan_of(block),
            Plan::Tail(Tail::If {
                then: Box::new(Plan::Ready),
                otherwise: Some(Box::new(Plan::Tail(Tail::If {
                    then: Box::new(Plan::Split { prefix_len: 0 }),
                    otherwise: Some(Box::new(Plan::Ready)),
                }))),
            })
        );
    }

    #[test]
    fn tail_match_arms_and_awaiting_scrutinee() {
        let block = parse_quote!({
            match cmd {
                Cmd::Get(k) => map.get(k),
                Cmd::Fetch(k) => {
                    let k = k?;
                    fetch(k).await
                }
                _ => return None,
            }
        });
        assert_eq!(
            plan_of(block),
            Plan::Tail(Tail::Match(vec![
                Plan::Ready,
                Plan::Split { prefix_len: 1 },
                Plan::Ready,
            ]))
        );
        let block = parse_quote!({
            match f().await {
                _ => 1,
            }
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
        let block = parse_quote!({
            match x {
                _ if f().await => 1,
                _ => 2,
            }
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
    }

    #[test]
    fn tail_block_and_labeled_block() {
        let block = parse_quote!({
            {
                let a = 1;
                if a == 1 {
                    2
                } else {
                    g().await
                }
            }
        });
        assert!(matches!(plan_of(block), Plan::Tail(Tail::Block(_))));
        let block = parse_quote!({
            'l: {
                g().await
            }
        });
        assert_eq!(plan_of(block), Plan::Split { prefix_len: 0 });
    }

    #[test]
    fn boxed_branches_counts_every_boxed_leaf() {
        let block: Block = parse_quote!({
            match cmd {
                A => g().await,
                B => {
                    if c {
                        1
                    } else {
                        h().await
                    }
                }
                C => 3,
            }
        });
        assert_eq!(plan_of(block).boxed_branches(), 2);
    }

    #[test]
    fn mentions_cover_prefix_conditions_and_ready_branches() {
        let block: Block = parse_quote!({
            let k = key?;
            if flag {
                ready_value
            } else {
                fetch(guard).await
            }
        });
        let plan = Planner {
            env: &Env::default(),
            budget: 0,
            held: Vec::new(),
        }
        .plan(&block.stmts);
        let names: Vec<String> = ["key", "flag", "ready_value", "guard", "other"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mentioned = mentioned_at_call(&block.stmts, &plan, &names);
        assert_eq!(
            mentioned.into_iter().collect::<Vec<_>>(),
            ["flag", "key", "ready_value"]
        );
    }

    fn planned_with(sig: syn::Signature, block: Block) -> Plan {
        let env = Env::new(&sig, &block, false);
        plan(&block.stmts, &env)
    }

    #[test]
    fn rule_8_propagates_movable_points_up_to_the_budget() {
        let sig = parse_quote!(async fn f(&self, key: &str) -> u64);
        let block = parse_quote!({
            let a = self.get(key).await?;
            if a == 0 {
                return 0;
            }
            self.put(key, a).await;
            let b = self.get(&key).await;
            b
        });
        assert_eq!(
            planned_with(sig, block),
            Plan::Propagate {
                index: 0,
                rest: Box::new(Plan::Propagate {
                    index: 1,
                    // `&key` borrows the frame: rules 1-7 from there on.
                    rest: Box::new(Plan::Split { prefix_len: 0 }),
                }),
            }
        );
        let sig = parse_quote!(async fn f(n: u64) -> u64);
        let block: Block = parse_quote!({
            let a = f(n).await;
            let b = f(n).await;
            let c = f(n).await;
            let d = f(n).await;
            let e = f(n).await;
            a + b + c + d + e
        });
        let mut plan = &planned_with(sig, block);
        let mut points = 0;
        while let Plan::Propagate { rest, .. } = plan {
            points += 1;
            plan = rest;
        }
        assert_eq!(points, propagation::BUDGET);
        assert_eq!(*plan, Plan::Split { prefix_len: 0 });
    }

    #[test]
    fn rule_8_in_tail_branches_and_tails() {
        let sig = parse_quote!(async fn f(&self, n: u64) -> u64);
        let block = parse_quote!({
            if n == 0 {
                0
            } else {
                self.get(n).await
            }
        });
        assert_eq!(
            planned_with(sig, block),
            Plan::Tail(Tail::If {
                then: Box::new(Plan::Ready),
                otherwise: Some(Box::new(Plan::Propagate {
                    index: 0,
                    rest: Box::new(Plan::Ready)
                })),
            })
        );
    }
}
