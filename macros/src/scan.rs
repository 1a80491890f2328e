//! Finding await points and early exits (DESIGN.md rules 1 and 2).
//!
//! Closures, `async` blocks and nested items are opaque: what is inside them
//! runs at another time (or never), so it never counts. The list is
//! [`skip_opaque_nodes!`], which every scanner and rewriter of the body
//! uses.
//!
//! Analyse stage, the lowest layer: imports nothing from the crate.

use std::cell::Cell;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Expr, ExprTryBlock, Macro, Pat, PatIdent, Stmt};

/// The nodes every scanner and rewriter of the body leaves alone, the one
/// list: closures and `async` blocks run at another time (their `return`,
/// `?` and `.await` are their own), nested items are not this function.
/// A `try` block (nightly) is not on the list: an `.await` or a `return` in
/// it is the function's, only its `?` exits the block (the visitors that
/// look at `?` count `try` blocks themselves). Written into a `Visit<'ast>`
/// or a `VisitMut` impl.
macro_rules! skip_opaque_nodes {
    (Visit<$ast:lifetime>) => {
        fn visit_expr_closure(&mut self, _: &$ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &$ast syn::ExprAsync) {}
        fn visit_item(&mut self, _: &$ast syn::Item) {}
    };
    (VisitMut) => {
        fn visit_expr_closure_mut(&mut self, _: &mut syn::ExprClosure) {}
        fn visit_expr_async_mut(&mut self, _: &mut syn::ExprAsync) {}
        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    };
}
pub(crate) use skip_opaque_nodes;

/// Macros that await even when their tokens do not say `await`.
const AWAITING_MACROS: &[&str] = &["select", "select_biased", "join", "try_join", "pending"];

/// Whether `node` contains an await point: a `.await`, or a macro call that
/// may await.
pub(crate) fn has_await_point<'a>(node: impl Scannable<'a>) -> bool {
    Scan::find(node, Want::AwaitPoint)
}

/// Whether `node` contains an early exit: a `return` or a `?`.
pub(crate) fn has_early_exit<'a>(node: impl Scannable<'a>) -> bool {
    Scan::find(node, Want::EarlyExit)
}

#[derive(Clone, Copy, PartialEq)]
enum Want {
    AwaitPoint,
    EarlyExit,
}

struct Scan {
    want: Want,
    found: bool,
    /// Inside a `try` block (nightly), whose `?` exits the block, not the
    /// function (its `return` and `.await` are the function's).
    in_try_block: usize,
}

impl Scan {
    fn find<'a>(node: impl Scannable<'a>, want: Want) -> bool {
        let mut scan = Scan {
            want,
            found: false,
            in_try_block: 0,
        };
        node.scan(&mut scan);
        scan.found
    }
}

impl<'ast> Visit<'ast> for Scan {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if self.found {
            return;
        }
        match (expr, self.want) {
            (Expr::Await(_), Want::AwaitPoint) => self.found = true,
            (Expr::Return(_), Want::EarlyExit) => self.found = true,
            (Expr::Try(_), Want::EarlyExit) if self.in_try_block == 0 => self.found = true,
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        self.found |= match self.want {
            Want::AwaitPoint => macro_may_await(mac),
            Want::EarlyExit => exit_macro(mac).is_some(),
        };
    }

    fn visit_expr_try_block(&mut self, block: &'ast ExprTryBlock) {
        self.in_try_block += 1;
        visit::visit_expr_try_block(self, block);
        self.in_try_block -= 1;
    }

    skip_opaque_nodes!(Visit<'ast>);
}

/// A macro may await, or exit the function, unless it is an early exit
/// kept at the call ([`exit_macro`]), or one of the
/// well-known macros that do neither ([`BORROWING_MACROS`], [`OTHER_KNOWN_MACROS`]) and its tokens say
/// neither `await`, `return` nor `?`. A user macro may hide either (`call!(x)`
/// expanding to `send(x).await?`), so the part of the body from it on runs
/// in the boxed future, where both mean what they mean in the `async fn`.
pub(crate) fn macro_may_await(mac: &Macro) -> bool {
    if exit_macro(mac).is_some() {
        // An early exit whose tokens hold no `await`.
        return false;
    }
    macro_named(mac, AWAITING_MACROS)
        || !(macro_named(mac, BORROWING_MACROS) || macro_named(mac, OTHER_KNOWN_MACROS))
        || tokens_contain(&mac.tokens, "await")
        || tokens_contain(&mac.tokens, "return")
        || tokens_contain_punct(&mac.tokens, '?')
}

thread_local! {
    /// Whether `bail!` and `ensure!` are early exits in the function being
    /// expanded ([`ExitMacros`]).
    static EXIT_MACROS: Cell<bool> = const { Cell::new(false) };
}

/// While alive, `bail!` and `ensure!` are early exits ([`exit_macro`]) in
/// every scan: the function being expanded spells its output type, and
/// that type is a `Result` or an `Option` by its name
/// (`types::is_result_or_option`). Elsewhere they stay await points, as
/// any macro this crate does not know (its box is the `async fn`'s
/// behaviour whatever the macro does). A setting per function rather than
/// an argument of every scan: the scans are called from every stage.
pub(crate) struct ExitMacros {
    before: bool,
}

impl ExitMacros {
    pub(crate) fn recognise(on: bool) -> Self {
        ExitMacros {
            before: EXIT_MACROS.with(|cell| cell.replace(on)),
        }
    }
}

impl Drop for ExitMacros {
    fn drop(&mut self) {
        EXIT_MACROS.with(|cell| cell.set(self.before));
    }
}

/// The two early-exit macros of anyhow and eyre (and of any crate that
/// spells them so: recognised by the last segment of their path).
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum ExitMacro {
    /// `bail!(..)`: returns an error, always.
    Bail,
    /// `ensure!(cond, ..)`: returns an error when `cond` is false.
    Ensure,
}

/// Input: a macro call, `bail!("zero")`, `anyhow::ensure!(x < 100, "big {x}")`.
/// Output: whether it is an early exit that `rewrite` keeps at the call:
/// the user's call runs untouched in a closure that returns the exit
/// (`fast_async::__private::{bail, ensure}`), so what it means is the
/// macro's own, checked by types; the conditions below leave out what a
/// closure would change:
///
/// - no `await`, and no `return`, `break`, `continue` or `yield` in its
///   tokens (they would belong to the closure): those stay await points;
/// - `bail!` (a `FnOnce` closure: `bail!(error)` moves `error`, as the
///   `async fn` does on the path that ends there): no `?`, closure or
///   branch in its arguments (`if`, `match`, `&&`, `||`, loops), which could
///   move a value on one path only — the closure would hold it whichever
///   path runs;
/// - `ensure!(cond, args..)` (a `FnMut` closure: it moves nothing, or the
///   move is E0507 on the user's token): its arguments parse as
///   expressions, and the error arguments are a format string and its
///   arguments, or mention no variable (`MyError::Empty`): `MyError::Bad(name)`
///   moves `name` only when the condition fails.
pub(crate) fn exit_macro(mac: &Macro) -> Option<ExitMacro> {
    if !EXIT_MACROS.with(Cell::get) {
        return None;
    }
    let kind = match mac.path.segments.last() {
        Some(last) if last.ident == "bail" => ExitMacro::Bail,
        Some(last) if last.ident == "ensure" => ExitMacro::Ensure,
        _ => return None,
    };
    let tokens = &mac.tokens;
    if ["await", "return", "break", "continue", "yield"]
        .iter()
        .any(|word| tokens_contain(tokens, word))
    {
        return None;
    }
    let recognised = match kind {
        ExitMacro::Bail => {
            !tokens_contain_punct(tokens, '?')
                && !tokens_contain_punct(tokens, '|')
                && !tokens_contain_and_and(tokens)
                && !["if", "match", "else", "loop", "while", "for", "let"]
                    .iter()
                    .any(|word| tokens_contain(tokens, word))
        }
        ExitMacro::Ensure => {
            let args = mac.parse_body_with(
                syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
            );
            match args {
                Ok(args) => {
                    let mut args = args.iter();
                    let cond = args.next();
                    let error_args: Vec<&Expr> = args.collect();
                    cond.is_some()
                        && match error_args.first() {
                            None => true,
                            Some(Expr::Lit(syn::ExprLit {
                                lit: syn::Lit::Str(_),
                                ..
                            })) => true,
                            Some(_) => !error_args.iter().any(|arg| mentions_a_variable(arg)),
                        }
                }
                Err(_) => false,
            }
        }
    };
    recognised.then_some(kind)
}

/// Whether `expr` may name a variable: a path of one lowercase segment
/// (`name`, `self`) other than a called function, or a macro (tokens).
fn mentions_a_variable(expr: &Expr) -> bool {
    struct Variables(bool);
    impl<'ast> Visit<'ast> for Variables {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Path(path) => {
                    self.0 |= path.qself.is_none()
                        && path.path.segments.len() == 1
                        && path.path.segments[0]
                            .ident
                            .to_string()
                            .starts_with(|c: char| c.is_lowercase() || c == '_');
                }
                Expr::Call(call) if matches!(&*call.func, Expr::Path(_)) => {
                    call.args.iter().for_each(|arg| self.visit_expr(arg));
                }
                _ => visit::visit_expr(self, expr),
            }
        }

        fn visit_macro(&mut self, _: &'ast Macro) {
            self.0 = true;
        }
    }
    let mut variables = Variables(false);
    variables.visit_expr(expr);
    variables.0
}

/// `&&`, the lazy and (or a reference to a reference: either way, a
/// branch may hide there).
fn tokens_contain_and_and(tokens: &TokenStream) -> bool {
    let mut previous_joint_and = false;
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Punct(punct) => {
            let found = previous_joint_and && punct.as_char() == '&';
            previous_joint_and =
                punct.as_char() == '&' && punct.spacing() == proc_macro2::Spacing::Joint;
            found
        }
        TokenTree::Group(group) => {
            previous_joint_and = false;
            tokens_contain_and_and(&group.stream())
        }
        _ => {
            previous_joint_and = false;
            false
        }
    })
}

fn tokens_contain(tokens: &TokenStream, word: &str) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == word,
        TokenTree::Group(group) => tokens_contain(&group.stream(), word),
        _ => false,
    })
}

/// Macros of `std`, `log` and `tracing` that only take references to their
/// arguments: they neither await nor exit unless their arguments do.
const BORROWING_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "panic",
    "print",
    "println",
    "write",
    "writeln",
    "matches",
    // `log` and `tracing`
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "event",
    "log",
    "log_enabled",
    "enabled",
    "span",
    "trace_span",
    "debug_span",
    "info_span",
    "warn_span",
    "error_span",
];

/// The other macros known to neither await nor exit the function they
/// are in (unless their arguments do).
const OTHER_KNOWN_MACROS: &[&str] = &[
    "cfg",
    "column",
    "compile_error",
    "concat",
    "dbg",
    "env",
    "file",
    "include_bytes",
    "include_str",
    "line",
    "module_path",
    "option_env",
    "stringify",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
];

/// Whether the macro `mac` only borrows its arguments ([`BORROWING_MACROS`]).
pub(crate) fn is_borrowing_macro(mac: &Macro) -> bool {
    macro_named(mac, BORROWING_MACROS)
}

pub(crate) fn macro_named(mac: &Macro, names: &[&str]) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|last| names.iter().any(|name| last.ident == name))
}

fn tokens_contain_punct(tokens: &TokenStream, punct: char) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Punct(p) => p.as_char() == punct,
        TokenTree::Group(group) => tokens_contain_punct(&group.stream(), punct),
        _ => false,
    })
}

/// Whether the variable `name` appears anywhere in `tokens`, macros and
/// closures included: a conservative "is it mentioned". A field or method
/// of that name (`config.permit`) is not the variable.
pub(crate) fn mentions(tokens: &TokenStream, name: &str) -> bool {
    // `after_dot`: the previous token is a lone `.` (a field access, not `..`).
    let (mut after_dot, mut after_any_dot) = (false, false);
    tokens.clone().into_iter().any(|token| {
        let found = match &token {
            TokenTree::Ident(ident) => !after_dot && ident == name,
            TokenTree::Group(group) => mentions(&group.stream(), name),
            TokenTree::Literal(literal) => format_string_mentions(&literal.to_string(), name),
            TokenTree::Punct(_) => false,
        };
        let is_dot = matches!(&token, TokenTree::Punct(punct) if punct.as_char() == '.');
        let is_lone_dot = matches!(&token, TokenTree::Punct(punct)
            if punct.as_char() == '.' && punct.spacing() == proc_macro2::Spacing::Alone);
        after_dot = is_lone_dot && !after_any_dot;
        after_any_dot = is_dot;
        found
    })
}

/// The attributes of an expression.
pub(crate) fn expr_attrs(expr: &Expr) -> &[syn::Attribute] {
    match expr {
        Expr::Array(e) => &e.attrs,
        Expr::Assign(e) => &e.attrs,
        Expr::Async(e) => &e.attrs,
        Expr::Await(e) => &e.attrs,
        Expr::Binary(e) => &e.attrs,
        Expr::Block(e) => &e.attrs,
        Expr::Break(e) => &e.attrs,
        Expr::Call(e) => &e.attrs,
        Expr::Cast(e) => &e.attrs,
        Expr::Closure(e) => &e.attrs,
        Expr::Const(e) => &e.attrs,
        Expr::Continue(e) => &e.attrs,
        Expr::Field(e) => &e.attrs,
        Expr::ForLoop(e) => &e.attrs,
        Expr::Group(e) => &e.attrs,
        Expr::If(e) => &e.attrs,
        Expr::Index(e) => &e.attrs,
        Expr::Infer(e) => &e.attrs,
        Expr::Let(e) => &e.attrs,
        Expr::Lit(e) => &e.attrs,
        Expr::Loop(e) => &e.attrs,
        Expr::Macro(e) => &e.attrs,
        Expr::Match(e) => &e.attrs,
        Expr::MethodCall(e) => &e.attrs,
        Expr::Paren(e) => &e.attrs,
        Expr::Path(e) => &e.attrs,
        Expr::Range(e) => &e.attrs,
        Expr::RawAddr(e) => &e.attrs,
        Expr::Reference(e) => &e.attrs,
        Expr::Repeat(e) => &e.attrs,
        Expr::Return(e) => &e.attrs,
        Expr::Struct(e) => &e.attrs,
        Expr::Try(e) => &e.attrs,
        Expr::TryBlock(e) => &e.attrs,
        Expr::Tuple(e) => &e.attrs,
        Expr::Unary(e) => &e.attrs,
        Expr::Unsafe(e) => &e.attrs,
        Expr::While(e) => &e.attrs,
        Expr::Yield(e) => &e.attrs,
        _ => &[],
    }
}

/// Whether the block's tail has attributes (`rewrite::normalize_tails`
/// puts such tails in a block of their own):
/// such a block is a value of its own, never split.
pub(crate) fn has_attributed_tail(block: &syn::Block) -> bool {
    matches!(block.stmts.last(), Some(Stmt::Expr(expr, None)) if !expr_attrs(expr).is_empty())
}

/// The syntax nodes the scans run over.
pub(crate) trait Scannable<'a> {
    fn scan(self, scan: &mut impl Visit<'a>);
}

impl<'a> Scannable<'a> for &'a Expr {
    fn scan(self, scan: &mut impl Visit<'a>) {
        scan.visit_expr(self);
    }
}

impl<'a> Scannable<'a> for &'a syn::Block {
    fn scan(self, scan: &mut impl Visit<'a>) {
        scan.visit_block(self);
    }
}

impl<'a> Scannable<'a> for &'a Stmt {
    fn scan(self, scan: &mut impl Visit<'a>) {
        scan.visit_stmt(self);
    }
}

/// Whether a string literal, read as a format string, captures `name`
/// (`"{name}"`, `"{name:?}"`): `format!("{value}")` uses `value`.
fn format_string_mentions(literal: &str, name: &str) -> bool {
    if !literal.ends_with('"') {
        return false;
    }
    literal.match_indices('{').any(|(index, _)| {
        let rest = &literal[index + 1..];
        rest.strip_prefix(name)
            .is_some_and(|after| after.starts_with('}') || after.starts_with(':'))
            && !literal[..index].ends_with('{')
    })
}

/// The names a pattern binds, in order (`x @ Some(y)`: `x`, then `y`).
/// The one pattern walker of the crate.
pub(crate) fn pattern_bindings(pat: &Pat) -> Vec<&PatIdent> {
    struct Collect<'ast>(Vec<&'ast PatIdent>);
    impl<'ast> Visit<'ast> for Collect<'ast> {
        fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
            self.0.push(pat);
            visit::visit_pat_ident(self, pat);
        }
    }
    let mut collect = Collect(Vec::new());
    collect.visit_pat(pat);
    collect.0
}

#[cfg(test)]
mod tests {
    use super::{exit_macro, has_await_point, has_early_exit, mentions, ExitMacro, ExitMacros};
    use quote::quote;

    fn exit(tokens: proc_macro2::TokenStream) -> Option<ExitMacro> {
        let call: syn::ExprMacro = syn::parse2(tokens).expect("a macro call");
        exit_macro(&call.mac)
    }

    #[test]
    fn bail_and_ensure_are_exits_by_name_and_tokens() {
        use ExitMacro::{Bail, Ensure};
        let on = ExitMacros::recognise(true);
        assert_eq!(exit(quote!(bail!("zero"))), Some(Bail));
        assert_eq!(exit(quote!(color_eyre::eyre::bail!(error))), Some(Bail));
        assert_eq!(exit(quote!(bail!("{} is {}", x, y.len()))), Some(Bail));
        assert_eq!(
            exit(quote!(anyhow::ensure!(x < 100, "big {x}"))),
            Some(Ensure)
        );
        assert_eq!(exit(quote!(ensure!(self.ok()))), Some(Ensure));
        assert_eq!(
            exit(quote!(ensure!(f::<A, B>(x)?, "x {}", y))),
            Some(Ensure)
        );
        assert_eq!(exit(quote!(ensure!(ok, MyError::Empty))), Some(Ensure));
        assert_eq!(
            exit(quote!(ensure!(ok, io::Error::other("x")))),
            Some(Ensure)
        );
        // The error arguments may move a variable: they would move at once.
        assert_eq!(exit(quote!(ensure!(ok, error))), None);
        assert_eq!(exit(quote!(ensure!(ok, MyError::Bad(name)))), None);
        assert_eq!(exit(quote!(ensure!(ok, MyError::Bad { name }))), None);
        assert_eq!(exit(quote!(ensure!(ok, self.error()))), None);
        assert_eq!(exit(quote!(ensure!(ok, anyhow!("x")))), None);
        assert_eq!(exit(quote!(ensure!())), None);
        // A branch in `bail!`'s arguments, or a `?`: a move on one path.
        assert_eq!(exit(quote!(bail!("{}", x?))), None);
        assert_eq!(exit(quote!(bail!(if a { b } else { c }))), None);
        assert_eq!(exit(quote!(bail!(pick(a && b, c)))), None);
        assert_eq!(exit(quote!(bail!(make(|| c)))), None);
        // What would belong to the closure.
        assert_eq!(exit(quote!(bail!(x.await))), None);
        assert_eq!(exit(quote!(ensure!(x.await > 1))), None);
        assert_eq!(exit(quote!(ensure!(ok, { return 1 }))), None);
        assert_eq!(exit(quote!(ensure!(ok, { break }))), None);
        assert_eq!(exit(quote!(bailout!("x"))), None);

        let stmt: syn::Stmt = syn::parse_quote!(if x == 0 {
            bail!("zero");
        });
        assert!(has_early_exit(&stmt) && !has_await_point(&stmt));
        drop(on);
        // Off (an output type not named like a `Result` or an `Option`):
        // an unknown macro, an await point.
        assert_eq!(exit(quote!(bail!("zero"))), None);
        assert!(!has_early_exit(&stmt) && has_await_point(&stmt));
    }

    #[test]
    fn a_field_of_the_same_name_is_not_a_mention() {
        assert!(!mentions(
            &quote!(if !config.permit {
                return 0;
            }),
            "permit"
        ));
        assert!(!mentions(&quote!(self.permit()), "permit"));
        assert!(mentions(&quote!(drop(permit)), "permit"));
        assert!(mentions(&quote!(0..permit), "permit"));
        assert!(mentions(&quote!(Config { permit }), "permit"));
        assert!(mentions(&quote!(println!("{}", permit)), "permit"));
        assert!(mentions(&quote!(format!("two {permit:?}")), "permit"));
        assert!(mentions(&quote!(format!("{permit}")), "permit"));
        assert!(!mentions(&quote!(format!("{{permit}}")), "permit"));
        assert!(!mentions(&quote!(format!("{permits}")), "permit"));
    }
}
