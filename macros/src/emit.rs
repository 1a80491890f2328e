//! Emits the new body from the [`Plan`]: the synchronous part with ready
//! exits, then ready values and boxed futures in tail position.
//!
//! Emit stage. Imports `plan` (what to emit), `output` (how a future is
//! built), `rewrite` (ready exits, coerced returns), `bindings` and
//! `scan`; its children `at_call`, `moved_in`, `point`, `scrutinee` and
//! `tail` extend the [`Emitter`].

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::{parse_quote_spanned, Block, Expr, Stmt};

use std::collections::BTreeSet;

mod at_call;
mod moved_in;
mod point;
mod scrutinee;
mod tail;

use at_call::AtCall;
use tail::Branches;

use crate::attr::Form;
use crate::bindings::Binding;
use crate::output::Output;
use crate::plan::{block_stmts, Plan};
use crate::rewrite;
use crate::scan;

/// What the emitted body needs beyond the plan.
pub(crate) struct BodyContext<'a> {
    pub(crate) output: &'a Output,
    /// The names the arguments bind, moved into boxed futures (rule 5).
    pub(crate) bindings: &'a [Binding],
    /// The bindings some code at the call mentions, on any path.
    pub(crate) mentioned_anywhere: &'a BTreeSet<String>,
    /// The span of the `async` keyword: generated code is blamed there.
    pub(crate) span: Span,
}

/// What the body emission noticed.
#[derive(Default)]
pub(crate) struct Emitted {
    /// A value that never completes (`todo!()`, `loop {}`) was left
    /// unwrapped: in the opaque form, no path may name the future type.
    diverging_tail: bool,
    /// The body runs inside [`catch`], which now binds the arguments: the
    /// signature's own bindings need no `mut`.
    pub(crate) caught: bool,
}

/// Input: the code that runs at the call, `body`, of
/// `async fn get(&self, key: String, mut n: u32) -> R` (dyn form).
/// Output:
/// ```text
/// let arguments = (key, n);
/// ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, R> {
///     match arguments {
///         (key, mut n) => { body }
///     }
/// })
/// ```
/// With `std`, a panic in `body` is caught and resumed when the future is
/// first polled, as in the `async fn`. The arguments are bound by the
/// `match` arm, so that those the body does not move drop at its end in the
/// `async fn`'s order, after the body's temporaries (a closure's captures
/// would drop first-captured first); `self` and `#[cfg]` arguments are
/// captured (by `move`). One closure, with no parameters, handed to
/// `catch_unwind` as it
/// is: a closure taking the arguments would need a second one to call it,
/// both instantiated per function (compile time). The dyn form names
/// its future type: a closure's return type is not inferred from where its
/// value goes, and the ready values need it to coerce (`&String` to `&str`).
/// The arm's braces are the body's own (`braces`): its tail's
/// temporaries drop by the rules of the body's edition (2024: before the
/// locals), as the `async fn`'s do, even where the `async` token comes from
/// a macro of another edition.
fn catch(body: TokenStream, cx: &BodyContext<'_>, braces: Span) -> TokenStream {
    let span = cx.span;
    let args: Vec<&Binding> = cx
        .bindings
        .iter()
        .filter(|binding| binding.is_arg && !binding.is_self)
        .collect();
    let values = args.iter().map(|binding| &binding.ident);
    let patterns = args.iter().map(|binding| {
        let ident = &binding.ident;
        // `strip_moved_mut` left `mut` on the arguments the code at the
        // call mentions; the others are rebound `mut` inside the box.
        if binding.is_mut && cx.mentioned_anywhere.contains(&ident.to_string()) {
            // On the user's `mut`: an unused `mut` is reported there.
            let mutability = syn::Token![mut](binding.mut_span.unwrap_or(ident.span()));
            quote!(#mutability #ident)
        } else {
            quote!(#ident)
        }
    });
    let output = match cx.output.form {
        Form::Opaque => None,
        Form::Dyn { local } => {
            let ty = match &cx.output.ty {
                Some(ty) => quote!(#ty),
                None => quote_spanned!(span=> _),
            };
            let future = if local {
                quote_spanned!(span=> ::fast_async::LocalFastFuture)
            } else {
                quote_spanned!(span=> ::fast_async::FastFuture)
            };
            Some(quote_spanned!(span=> -> #future<'_, #ty>))
        }
    };
    let body = quote_spanned!(braces=> { #body });
    // Not the user's code: lints about a `match` with one arm stay away.
    let hidden = Span::mixed_site().located_at(span);
    let arguments = Ident::new("arguments", hidden);
    let arm = quote_spanned!(hidden=> match #arguments { (#(#patterns,)*) => #body });
    // `move`: the tuple is moved in whole, even when `Copy` (captured by
    // reference, the arguments would be spilled and reloaded).
    let make = match output {
        Some(output) => quote_spanned!(span=> move || #output { #arm }),
        None => quote_spanned!(span=> move || #arm),
    };
    // Passing a `_name` on is no use of the user's (clippy's
    // `used_underscore_binding`): allowed on that statement alone.
    let underscored = args.iter().any(|binding| {
        let name = binding.ident.to_string();
        name.starts_with('_') && !name.starts_with("__")
    });
    let allow =
        underscored.then(|| quote_spanned!(span=> #[allow(clippy::used_underscore_binding)]));
    // The function body's last statements.
    quote_spanned! {span=>
        #allow
        let #arguments = (#(#values,)*);
        ::fast_async::__private::catch(#make)
    }
}

/// Input: the body of an `async fn` and its plan.
/// Output: a body that returns the function's future (see DESIGN.md).
pub(crate) fn emit(block: Block, plan: &Plan, cx: &BodyContext<'_>) -> (Block, Emitted) {
    let body = block.to_token_stream();
    let never_mentioned = cx
        .bindings
        .iter()
        .map(|binding| binding.ident.to_string())
        .filter(|name| !scan::mentions(&body, name))
        .collect();
    let braces = block.brace_token.span.join();
    let mut emitter = Emitter {
        cx,
        braces,
        branches: None,
        at_call: AtCall::new(cx.bindings),
        points: 0,
        never_mentioned,
        mut_moved: Vec::new(),
        emitted: Emitted::default(),
    };
    let brace_token = block.brace_token;
    let emitted = if cx.output.form == Form::Opaque && plan.boxed_branches() > 1 {
        emitter.shared_box(block.stmts.clone(), plan)
    } else {
        emitter.stmts(block.stmts.clone(), plan)
    };
    // A value that never completes is left unwrapped, and a body that only
    // diverges (`panic!("..");`) has no value at all: then no path may name
    // the opaque future type, and a ready return that never runs names it.
    let anchor = (cx.output.form == Form::Opaque
        && (emitter.emitted.diverging_tail || names_no_future(&block.stmts, plan)))
    .then(|| {
        let span = Span::mixed_site().located_at(cx.span);
        let ready = cx.output.ready(
            parse_quote_spanned!(span=> ::fast_async::__private::unreachable()),
            span,
        );
        quote_spanned!(span=> if false { return #ready; })
    });
    let mut body: TokenStream = anchor.into_iter().collect();
    body.extend(emitted);
    let mut stmts = cx.output.stats_site(cx.span).unwrap_or_default();
    // A body boxed whole runs none of the user's code at the call.
    if matches!(plan, Plan::Split { prefix_len: 0 }) {
        stmts.extend(body);
    } else {
        stmts.extend(catch(body, cx, braces));
        emitter.emitted.caught = true;
    }
    let block = Block {
        brace_token,
        // Not parsed again (it costs compile time): the tokens go out as
        // they are.
        stmts: vec![Stmt::Expr(Expr::Verbatim(stmts), None)],
    };
    (block, emitter.emitted)
}

struct Emitter<'a> {
    cx: &'a BodyContext<'a>,
    /// The span of the body's braces: blocks whose tail temporaries matter
    /// take it, so they drop by the rules of the body's edition.
    braces: Span,
    /// Set when the opaque form has several boxed branches: each becomes a
    /// variant of one local enum, awaited inside a single box.
    branches: Option<Branches>,
    /// What the code at the call has bound and may have moved, on the
    /// path being emitted.
    at_call: AtCall<'a>,
    /// Await points that propagate, emitted so far (their index, for
    /// `fast_async::stats`).
    points: usize,
    /// The arguments the body never mentions (see [`moved_in::moved_in`]).
    never_mentioned: BTreeSet<String>,
    /// `let mut` names whose `mut` moved into the box, with the span of
    /// that `mut` (see [`Emitter::move_mut_into_the_box`]).
    mut_moved: Vec<(String, Span)>,
    emitted: Emitted,
}

impl Emitter<'_> {
    /// Input: a block's statements and their plan.
    /// Output: the same block ending in the expression that is the future:
    /// the statements that run at the call, then a ready value, a boxed
    /// future, a split tail ([`tail`]) or a rule-8 point ([`point`]).
    fn stmts(&mut self, mut stmts: Vec<Stmt>, plan: &Plan) -> TokenStream {
        match plan {
            Plan::Ready => {
                let tail = match stmts.pop() {
                    Some(Stmt::Expr(tail, None)) => Some(tail),
                    other => {
                        stmts.extend(other);
                        None
                    }
                };
                // After `return;` or `todo!();`, a value would be
                // unreachable code.
                let no_value = tail.is_none()
                    && !ends_in_return(&stmts)
                    && !stmts.last().is_some_and(stmt_diverges);
                if no_value && !self.cx.output.is_unit && self.cx.output.may_be_unit {
                    // `()` under another name (`type Unit = ();`, a macro's
                    // `$ty`): the last statement is the value, as in the
                    // `async fn`.
                    if let Some(last) = stmts.pop() {
                        let mut tokens = self.sync(stmts);
                        let last = self.sync(vec![last]);
                        let span = self.cx.span;
                        let ready = self
                            .cx
                            .output
                            .ready(Expr::Verbatim(quote_spanned!(span=> { #last })), span);
                        tokens.extend(match self.branches {
                            Some(_) => quote_spanned!(span=> return #ready),
                            None => ready.into_token_stream(),
                        });
                        return tokens;
                    }
                }
                let unit_value = no_value && (self.cx.output.is_unit || stmts.is_empty());
                let mut tokens = self.sync(stmts);
                if let Some(tail) = tail {
                    tokens.extend(self.ready_value(tail));
                } else if unit_value {
                    tokens.extend(self.ready_value(parse_quote_spanned!(self.cx.span=> ())));
                }
                tokens
            }
            Plan::Split { prefix_len } => {
                let rest = stmts.split_off(*prefix_len);
                let boxed: TokenStream = rest.iter().map(ToTokens::to_token_stream).collect();
                let stmts = self.move_mut_into_the_box(stmts, &boxed);
                let mut tokens = self.sync(stmts);
                tokens.extend(self.boxed_value(rest));
                tokens
            }
            Plan::Tail(tail_plan) => {
                let Some(Stmt::Expr(tail, None)) = stmts.pop() else {
                    unreachable!("a tail plan has a tail expression")
                };
                let mut tokens = self.sync(stmts);
                tokens.extend(self.tail(tail, tail_plan));
                tokens
            }
            Plan::Scrutinee(tail_plan) => {
                let Some(Stmt::Expr(tail, None)) = stmts.pop() else {
                    unreachable!("a tail plan has a tail expression")
                };
                let mut tokens = self.sync(stmts);
                tokens.extend(self.propagate_scrutinee(tail, tail_plan));
                tokens
            }
            Plan::Rematch(_) => unreachable!("a rematch is emitted by its scrutinee point"),
            Plan::Propagate { index, rest } => {
                let rest_stmts = stmts.split_off(*index + 1);
                let point = stmts.pop().expect("the point is a statement");
                let mut tokens = self.sync(stmts);
                tokens.extend(self.propagate(point, rest_stmts, rest));
                tokens
            }
        }
    }

    /// Input: an expression in tail position and its plan.
    /// Output: as [`Emitter::stmts`] for the block `{ expr }`.
    fn expr(&mut self, expr: Expr, plan: &Plan) -> TokenStream {
        self.stmts(block_stmts(&expr).into_owned(), plan)
    }

    /// Input: statements that run at the call, `let k = f(key)?;`.
    /// Output: the same with ready exits (`return` and `?` return a ready
    /// future, see [`rewrite::ready_exits`]); what they bind and may move
    /// is noted in [`AtCall`].
    /// Input: the code at the call before the one boxed future (rule 3),
    /// `let mut state = ..; if bad(&state) { return .. }`, where `state` is
    /// mutated only in the box.
    /// Output: the same with `let state = ..;`: the `mut` moves to the box's
    /// `let mut state = state;` (on the user's `mut`), so an unused `mut` is
    /// reported once, where the `async fn` reports it, and a used one is not.
    /// A name the code at the call names again after its `let` keeps it.
    fn move_mut_into_the_box(&mut self, mut stmts: Vec<Stmt>, boxed: &TokenStream) -> Vec<Stmt> {
        for index in 0..stmts.len() {
            let has_mut = matches!(&stmts[index], Stmt::Local(local)
                if scan::pattern_bindings(&local.pat).iter().any(|pat| pat.mutability.is_some()));
            if !has_mut {
                continue;
            }
            let later: TokenStream = stmts[index + 1..]
                .iter()
                .map(ToTokens::to_token_stream)
                .collect();
            let Stmt::Local(local) = &mut stmts[index] else {
                continue;
            };
            let moved: Vec<(String, Span)> = scan::pattern_bindings(&local.pat)
                .into_iter()
                .filter(|pat| pat.by_ref.is_none())
                .filter_map(|pat| Some((pat.ident.to_string(), pat.mutability?.span)))
                .filter(|(name, _)| !scan::mentions(&later, name) && scan::mentions(boxed, name))
                .collect();
            if !moved.is_empty() {
                let names: Vec<&String> = moved.iter().map(|(name, _)| name).collect();
                strip_mut(&mut local.pat, &names);
                self.mut_moved.extend(moved);
            }
        }
        stmts
    }

    fn sync(&mut self, stmts: Vec<Stmt>) -> TokenStream {
        stmts
            .into_iter()
            .map(|mut stmt| {
                self.at_call.note(&stmt);
                for mut local in self.at_call.let_bindings(&stmt) {
                    let name = local.ident.to_string();
                    if let Some(index) = self.mut_moved.iter().position(|(moved, _)| *moved == name)
                    {
                        let (_, span) = self.mut_moved.remove(index);
                        local.is_mut = true;
                        local.mut_span = Some(span);
                        local.mut_moved = true;
                    }
                    self.at_call.bind(local);
                }
                rewrite::ready_exits(&mut stmt, self.cx.output);
                stmt.into_token_stream()
            })
            .collect()
    }

    /// Input: a branch's value known at the call, `v`.
    /// Output: `ready(v)` (`return ready(v)` inside a shared box); a
    /// `return` or a value that never completes as it is.
    fn ready_value(&mut self, mut value: Expr) -> TokenStream {
        let is_exit = match &value {
            Expr::Return(_) => true,
            Expr::Macro(mac) => is_bail(&mac.mac),
            _ => false,
        };
        if is_exit {
            // `return v` (or `bail!(..)`) is already the ready exit it
            // becomes.
            rewrite::ready_exits_in_expr(&mut value, self.cx.output);
            return value.into_token_stream();
        }
        rewrite::ready_exits_in_expr(&mut value, self.cx.output);
        if diverges(&value) {
            // `ready(todo!())` would be unreachable code (a warning the
            // `async fn` does not give); `!` becomes the future as it is.
            self.emitted.diverging_tail = true;
            return value.into_token_stream();
        }
        let span = syn::spanned::Spanned::span(&value);
        let ready = self.cx.output.ready(value, span);
        match self.branches {
            Some(_) => quote_spanned!(span=> return #ready),
            None => ready.into_token_stream(),
        }
    }

    /// Input: the statements of a branch that awaits, `x.await`.
    /// Output: `boxed(async move { x.await })` — or, when several branches
    /// share one box, the block wrapped as the next [`Branches`] variant.
    fn boxed_value(&mut self, stmts: Vec<Stmt>) -> TokenStream {
        let span = self.cx.span;
        let future = self.async_block(stmts);
        match &mut self.branches {
            Some(branches) => {
                let index = branches.next;
                branches.next += 1;
                branches.wrap(index, future, span)
            }
            None => self.cx.output.boxed(future, span),
        }
    }

    /// Input: the statements from a pending rule-8 point on.
    /// Output: `return boxed(async move { .. })`, leaving the body from the
    /// middle of it, or with several branches, `break` out of the labeled
    /// block that computes the branch.
    fn exit_boxed(&mut self, stmts: Vec<Stmt>) -> TokenStream {
        let value = self.boxed_value(stmts);
        self.exit(value)
    }

    /// Input: a boxed future that a pending rule-8 point returns.
    /// Output: as [`Self::exit_boxed`].
    fn exit(&mut self, mut value: TokenStream) -> TokenStream {
        let span = self.cx.span;
        if let Some((site, _)) = &self.cx.output.stats {
            let point = self.points;
            value = quote_spanned!(span=>
                ::fast_async::__private::Site::pending_at(&#site, #point, #value)
            );
        }
        self.points += 1;
        match &self.branches {
            Some(branches) => {
                let label = &branches.label;
                quote_spanned!(span=> break #label #value)
            }
            None => quote_spanned!(span=> return #value),
        }
    }

    /// Input: the statements of a boxed part, `let v = get(key).await; v`.
    /// Output: `async move { let key = key; let v = get(key).await;
    /// coerce(v) }`: it opens by taking over the bindings still there
    /// ([`moved_in::moved_in`]), and its returns and tail are coerced to
    /// the output type ([`Output::coerce`]). With a value and arguments or
    /// outer locals to hold:
    /// `async move { let a = a; let outer = outer; let value = coerce({
    /// let inner = inner; stmts }); value }`: `outer` are the locals bound
    /// at the call outside the tail branch the box is made for (none for
    /// the body's own tail), `inner` the branch's own (its statements run
    /// at the call, its pattern's bindings); the block is in the branch's
    /// braces. So the branch's tail temporaries drop where the `async fn`
    /// drops them, at the end of the branch (a terminating scope): after
    /// (2021) or before (2024) `inner`, before `outer` and the arguments.
    fn async_block(&mut self, mut stmts: Vec<Stmt>) -> TokenStream {
        let output = self.cx.output;
        for stmt in &mut stmts {
            rewrite::coerced_returns(stmt, output);
        }
        let code: TokenStream = stmts.iter().map(ToTokens::to_token_stream).collect();
        let [args, outer, inner] = self.moved_in(&code, &stmts);
        let span = self.cx.span;
        let braces = self.braces;
        let has_value = matches!(stmts.last(),
            Some(Stmt::Expr(tail, None)) if !diverges(tail) && !matches!(tail, Expr::Return(_)));
        let body = if has_value && !(args.is_empty() && outer.is_empty()) {
            // The tail's temporaries (a `match` scrutinee) drop before the
            // arguments, as in the `async fn`, in edition 2021 too; and a
            // branch's tail temporaries drop at the end of the branch, before
            // the locals bound outside it (`outer`). The block's tail is the
            // user's, so its temporaries drop by the rules of the user's
            // edition (2024: before `inner`); `coerce` goes around it.
            let value = Ident::new("value", Span::mixed_site().located_at(span));
            let block = quote_spanned!(braces=> { #inner #(#stmts)* });
            let coerced = output.coerce(Expr::Verbatim(block));
            quote_spanned!(braces=> { #args #outer let #value = #coerced; #value })
        } else {
            if let Some(Stmt::Expr(tail, None)) = stmts.last_mut() {
                // A tail that never completes has nothing to coerce, and
                // `coerce(loop { .. })` would be unreachable code.
                if !diverges(tail) {
                    let value = std::mem::replace(tail, Expr::PLACEHOLDER);
                    *tail = output.coerce(value);
                }
            }
            quote_spanned!(braces=> { #args #outer #inner #(#stmts)* })
        };
        quote_spanned!(span=> async move #body)
    }

    /// Input: the code of a boxed future (`code`, `stmts`).
    /// Output: the statements that open it ([`moved_in::moved_in`]), for
    /// the arguments, the locals bound at the call outside the innermost
    /// branch the box is made in, and the branch's own locals apart: the
    /// `async fn` drops a tail's temporaries between the last two and the
    /// others (a branch, `if` or `match` arm, is a terminating scope).
    fn moved_in(&self, code: &TokenStream, stmts: &[Stmt]) -> [TokenStream; 3] {
        self.at_call.in_reach().map(|bindings| {
            moved_in::moved_in(
                &bindings,
                self.at_call.moved(),
                self.cx.mentioned_anywhere,
                &self.never_mentioned,
                code,
                stmts,
            )
        })
    }
}

/// A body that runs at the call and ends in a statement that never
/// completes (`panic!("..");`): it returns no future at all.
fn names_no_future(stmts: &[Stmt], plan: &Plan) -> bool {
    matches!(plan, Plan::Ready)
        && !matches!(stmts.last(), Some(Stmt::Expr(_, None)))
        && stmts.last().is_some_and(stmt_diverges)
}

fn ends_in_return(stmts: &[Stmt]) -> bool {
    match stmts.last() {
        Some(Stmt::Expr(Expr::Return(_), _)) => true,
        Some(Stmt::Expr(Expr::Macro(mac), _)) => is_bail(&mac.mac),
        Some(Stmt::Macro(mac)) => is_bail(&mac.mac),
        _ => false,
    }
}

/// A `bail!` that the code at the call returns from ([`scan::exit_macro`]).
fn is_bail(mac: &syn::Macro) -> bool {
    scan::exit_macro(mac) == Some(scan::ExitMacro::Bail)
}

/// Input: `todo!()`, `panic!(..)`, `unimplemented!(..)`, `unreachable!(..)`,
/// or `loop { .. }` without a `break`: an expression that never completes
/// (seen by its tokens; a user macro of one of those names that returns a
/// value is a type error, never a silent change). A wrapper around it
/// (`ready(..)`, `coerce(..)`) would be unreachable code.
fn diverges(expr: &Expr) -> bool {
    const DIVERGING: &[&str] = &["todo", "unimplemented", "panic", "unreachable"];
    match expr {
        Expr::Macro(mac) => mac
            .mac
            .path
            .segments
            .last()
            .is_some_and(|last| DIVERGING.iter().any(|name| last.ident == name)),
        Expr::Loop(expr_loop) => !scan::mentions(&expr_loop.body.to_token_stream(), "break"),
        _ => false,
    }
}

/// A statement that never completes: `todo!();`, `loop { .. };`.
fn stmt_diverges(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Expr(expr, _) => diverges(expr),
        Stmt::Macro(mac) => diverges(&Expr::Macro(syn::ExprMacro {
            attrs: Vec::new(),
            mac: mac.mac.clone(),
        })),
        _ => false,
    }
}

/// Removes `mut` from the bindings of `pat` named in `names`.
fn strip_mut<S: AsRef<str>>(pat: &mut syn::Pat, names: &[S]) {
    struct Strip<'a, S>(&'a [S]);
    impl<S: AsRef<str>> syn::visit_mut::VisitMut for Strip<'_, S> {
        fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
            if self.0.iter().any(|name| pat.ident == name.as_ref()) {
                pat.mutability = None;
            }
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    syn::visit_mut::VisitMut::visit_pat_mut(&mut Strip(names), pat);
}
