//! What the code at the call has bound and may have moved, on the path
//! being emitted: a boxed future after it takes over only what is still
//! there (DESIGN.md rule 5).
//!
//! Imports `bindings` (the [`Binding`]s) and `moves` (what code moves).

use std::collections::BTreeSet;

use syn::Stmt;

use crate::bindings::{self, Binding};
use crate::moves;

pub(super) struct AtCall<'a> {
    /// The names the arguments bind.
    args: &'a [Binding],
    /// Locals bound by `let` at the call on this path: boxed futures take
    /// them over too (see [`super::moved_in::moved_in`]).
    held: Vec<Binding>,
    /// The bindings the code at the call may have moved on this path: a
    /// boxed future does not take those over.
    moved: BTreeSet<String>,
    /// How many of `held` were bound outside the innermost branch being
    /// emitted: a box made in the branch rebinds those before the branch's
    /// own (see [`AtCall::in_reach`]).
    outer: usize,
}

/// The state at a branch point, to restore before emitting each branch.
pub(super) struct Fork {
    held: usize,
    moved: BTreeSet<String>,
    outer: usize,
}

impl<'a> AtCall<'a> {
    pub(super) fn new(args: &'a [Binding]) -> Self {
        AtCall {
            args,
            held: Vec::new(),
            moved: BTreeSet::new(),
            outer: 0,
        }
    }

    /// Records which bindings `node` (code that runs at the call) may have
    /// moved: a boxed future after it cannot take those over.
    pub(super) fn note<T: quote::ToTokens + 'static>(&mut self, node: &T) {
        let names: Vec<String> = self
            .args
            .iter()
            .chain(&self.held)
            .map(|binding| binding.ident.to_string())
            .collect();
        self.moved.extend(moves::moved(node, &names));
    }

    /// The owned names `stmt` binds by `let` (see
    /// [`bindings::let_bindings`]).
    pub(super) fn let_bindings(&self, stmt: &Stmt) -> Vec<Binding> {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|binding| binding.ident.to_string())
            .collect();
        bindings::let_bindings(stmt, &self.owned(), &args)
    }

    /// Whether `expr` names a local bound at the call that may borrow the
    /// frame (`match r` after `let r = &local;`): what a pattern binds from
    /// it may be a borrow too.
    pub(super) fn names_a_borrower(&self, expr: &syn::Expr) -> bool {
        let tokens = quote::ToTokens::to_token_stream(expr);
        self.held.iter().any(|binding| {
            binding.borrows && crate::scan::mentions(&tokens, &binding.ident.to_string())
        })
    }

    /// The owned names in scope at the call: arguments that are not
    /// references, and locals.
    fn owned(&self) -> Vec<String> {
        self.args
            .iter()
            .filter(|binding| !binding.is_ref)
            .chain(&self.held)
            .map(|binding| binding.ident.to_string())
            .collect()
    }

    /// A `let` at the call binds `local`: a fresh name, shadowing any
    /// earlier binding of it.
    pub(super) fn bind(&mut self, local: Binding) {
        self.moved.remove(&local.ident.to_string());
        self.held.push(local);
    }

    /// The bindings a boxed future may name: a binding shadowed by a later
    /// `let` is out of reach by name. Three lists: the arguments, the
    /// locals bound outside the innermost branch being emitted (or all of
    /// them outside any branch, none), and the branch's own locals.
    pub(super) fn in_reach(&self) -> [Vec<&Binding>; 3] {
        let all: Vec<&Binding> = self.args.iter().chain(&self.held).collect();
        let mut lists: [Vec<&Binding>; 3] = Default::default();
        for (index, binding) in all.iter().enumerate() {
            let shadowed = all[index + 1..]
                .iter()
                .any(|later| later.ident == binding.ident);
            if shadowed {
                continue;
            }
            let list = if index < self.args.len() {
                0
            } else if index < self.args.len() + self.outer {
                1
            } else {
                2
            };
            lists[list].push(*binding);
        }
        lists
    }

    /// The bindings the code at the call may have moved on this path.
    pub(super) fn moved(&self) -> &BTreeSet<String> {
        &self.moved
    }

    /// The state before a branch; what is held now is outside the branches
    /// emitted until [`AtCall::leave`].
    pub(super) fn fork(&mut self) -> Fork {
        let fork = Fork {
            held: self.held.len(),
            moved: self.moved.clone(),
            outer: self.outer,
        };
        self.outer = self.held.len();
        fork
    }

    /// Back to the state of `fork`, for the next branch.
    pub(super) fn restore(&mut self, fork: &Fork) {
        self.held.truncate(fork.held);
        self.moved.clone_from(&fork.moved);
    }

    /// How many held locals are outside the innermost branch being emitted.
    pub(super) fn outer(&self) -> usize {
        self.outer
    }

    /// Sets [`AtCall::outer`] (a box that runs a whole tail again, not a
    /// branch of it), returning the one it replaces.
    pub(super) fn set_outer(&mut self, outer: usize) -> usize {
        std::mem::replace(&mut self.outer, outer)
    }

    /// Back to the state of `fork`, after the last branch.
    pub(super) fn leave(&mut self, fork: &Fork) {
        self.restore(fork);
        self.outer = fork.outer;
    }
}
