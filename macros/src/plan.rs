//! The plan (DESIGN.md rules 3-8): which statements of a block run at the
//! call, which tail branches are ready and which are boxed. Data made by
//! `planner`, read by `emit`; and the queries on it.
//!
//! Plan stage. Imports `scan` (a block's shape, mentions).

use std::borrow::Cow;
use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Block, Expr, ExprBlock, Stmt};

use crate::scan::{has_attributed_tail, mentions};

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
    /// Every statement but the tail runs at the call; the tail is a
    /// `match` / `if let` / `if` whose whole scrutinee awaits a future that
    /// may already be done (rule 8): if it is, the tail goes on at the call
    /// with its value, split per branch by the [`Tail`]; else one boxed
    /// continuation awaits it and runs the whole tail.
    Scrutinee(Tail),
    /// A branch of a [`Plan::Scrutinee`] that awaits and binds nothing of
    /// the value: if the value has drop glue, its box takes the whole value
    /// (which the `async fn` keeps until the tail ends) and runs the tail
    /// again on it; if not, the branch follows the inner plan (rule 4).
    Rematch(Box<Plan>),
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

/// An expression in tail position as the statements of a block: those of
/// a [`plain_block`], else `{ expr }`.
pub(crate) fn block_stmts(expr: &Expr) -> Cow<'_, [Stmt]> {
    match plain_block(expr) {
        Some(block) => Cow::Borrowed(&block.stmts),
        None => Cow::Owned(vec![Stmt::Expr(expr.clone(), None)]),
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
            Plan::Tail(tail) => tail_boxed_branches(tail),
            Plan::Propagate { rest, .. } => 1 + rest.boxed_branches(),
            Plan::Scrutinee(tail) => 1 + tail_boxed_branches(tail),
            Plan::Rematch(plan) => 1 + plan.boxed_branches(),
        }
    }

    /// Whether an await point propagates somewhere in the plan.
    pub(crate) fn propagates(&self) -> bool {
        match self {
            Plan::Ready | Plan::Split { .. } => false,
            Plan::Propagate { .. } | Plan::Scrutinee(_) => true,
            Plan::Rematch(plan) => plan.propagates(),
            Plan::Tail(tail) => match tail {
                Tail::If { then, otherwise } => {
                    then.propagates() || otherwise.as_ref().is_some_and(|plan| plan.propagates())
                }
                Tail::Match(arms) => arms.iter().any(Plan::propagates),
                Tail::Block(plan) => plan.propagates(),
            },
        }
    }
}

fn tail_boxed_branches(tail: &Tail) -> usize {
    match tail {
        Tail::If { then, otherwise } => {
            then.boxed_branches() + otherwise.as_ref().map_or(0, |plan| plan.boxed_branches())
        }
        Tail::Match(arms) => arms.iter().map(Plan::boxed_branches).sum(),
        Tail::Block(plan) => plan.boxed_branches(),
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
        // A scrutinee point's scrutinee runs at the call, as does the
        // code of its ready path.
        Plan::Tail(tail) | Plan::Scrutinee(tail) => {
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
        // Without drop glue, the branch runs as its inner plan says.
        Plan::Rematch(plan) => collect_sync(stmts, plan, sync),
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
    collect_sync(&block_stmts(expr), plan, sync);
}
