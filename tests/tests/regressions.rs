//! Regressions: valid code that `#[fast_async]` once rejected, or on which
//! it made rustc or clippy warn where the plain `async fn` does not, or
//! whose drops it got wrong. Each module is one bug, headed by what it
//! guards, and ends in a differential test against the plain `async fn`.
//! The warnings are denied here so that a regression fails the build
//! (`needless_lifetimes` and `boxed_local` under `cargo clippy`).
#![deny(unused_mut, unused_variables, unreachable_code)]
#![deny(clippy::needless_lifetimes, clippy::boxed_local)]
// The plain twins return from match arms on purpose (the shape under test).
#![allow(clippy::needless_return)]

use fast_async::fast_async;
use fast_async_tests::{check, twins, yield_once};

/// E0403: the macro names elided lifetimes `'life0`, `'life1`, … without
/// looking at the lifetimes the user declared, so a user lifetime called
/// `'life0` collides: "the name `'life0` is already used for a generic
/// parameter". (STYLE.md: lifetime names that avoid collisions, `'pin`
/// then `'pin_`.)
mod user_lifetime_named_life0 {
    use super::*;

    // Written twice: only the plain twin may carry the `allow` below (the
    // annotated fn must not make clippy warn).
    #[fast_async]
    async fn fa_lengths<'life0>(x: &'life0 str, y: &str) -> usize {
        if x.is_empty() {
            return 0;
        }
        yield_once(x.len() + y.len()).await
    }

    // The user's own lifetime is needless; clippy says so of the plain twin.
    #[allow(clippy::needless_lifetimes)]
    async fn plain_lengths<'life0>(x: &'life0 str, y: &str) -> usize {
        if x.is_empty() {
            return 0;
        }
        yield_once(x.len() + y.len()).await
    }

    #[test]
    fn user_lifetime_named_life0() {
        for x in ["", "a", "abc"] {
            check(x, fa_lengths(x, "yz"), plain_lengths(x, "yz"), x.is_empty());
        }
    }
}

/// E0700 "hidden type … captures lifetime that does not appear in bounds":
/// a fn-level `#[fast_async]` on an associated fn (no receiver) of a
/// generic impl with a lifetime, whose arguments hold `Self` (by value, in
/// a `Vec`) while the output does not name it. `Captures<…, Self>` is added
/// only when there is a receiver; it is needed whenever the inputs mention
/// `Self`. (The same method compiles when the impl block is annotated, and
/// with `-> Self`, which names the lifetime in the bounds.)
mod self_argument_in_a_generic_impl_with_a_lifetime {
    use super::*;

    #[derive(Debug)]
    struct Entry<'a>(&'a u32);

    twins! {
        impl<'a> Entry<'a> {
            #[fast_async]
            async fn fa_total / plain_total(items: Vec<Self>, wait: bool) -> u32 {
                if !wait {
                    return items.len() as u32;
                }
                yield_once(()).await;
                items.iter().map(|entry| *entry.0).sum()
            }
        }
    }

    #[test]
    fn self_argument_in_a_generic_impl_with_a_lifetime() {
        let (a, b) = (3, 4);
        for wait in [false, true] {
            check(
                wait,
                Entry::fa_total(vec![Entry(&a), Entry(&b)], wait),
                Entry::plain_total(vec![Entry(&a), Entry(&b)], wait),
                !wait,
            );
        }
    }
}

/// `unused_mut` warning: a `mut` binding inside a destructured argument
/// (`(mut a, b): (u32, u32)`) that the prefix does not mention is rebound
/// `let mut a = a;` in the box, but the `mut` stays in the signature too
/// (`strip_moved_mut` handles only `mut x: T`, not `mut` inside patterns).
mod mut_inside_a_destructured_argument {
    use super::*;

    twins! { add:
        async fn f((mut a, b): (u32, u32), flag: bool) -> u32 {
            if flag {
                return 0;
            }
            a += yield_once(b).await;
            a
        }
    }

    #[test]
    fn mut_inside_a_destructured_argument() {
        for flag in [false, true] {
            check(
                flag,
                add::fast((1, 2), flag),
                add::plain((1, 2), flag),
                flag,
            );
        }
    }
}

/// `unreachable_code` warning ("unreachable call"): a ready branch whose
/// value is a `return` expression — `None => return Err(..),` in a tail
/// match, or `{ return x }` without `;` in a tail if — becomes
/// `ReadyOrBoxed::ready(return ReadyOrBoxed::ready(x))`. The macro allows
/// the lint only for `panic!`-like macros.
mod return_as_a_ready_branch_value {
    use super::*;

    twins! { match_arm:
        async fn f(x: u32) -> u32 {
            match x {
                0 => return 5,
                _ => yield_once(2).await,
            }
        }
    }

    twins! { shared_box_arm:
        async fn f(x: u32) -> u32 {
            match x {
                0 => return 5,
                1 => yield_once(1).await,
                _ => yield_once(2).await,
            }
        }
    }

    twins! { if_branch:
        #[rustfmt::skip]
        async fn f(x: u32) -> u32 {
            if x == 0 { return 5 } else { yield_once(2).await }
        }
    }

    #[test]
    fn return_as_a_ready_branch_value() {
        for x in 0..3 {
            check(x, match_arm::fast(x), match_arm::plain(x), x == 0);
            check(x, shared_box_arm::fast(x), shared_box_arm::plain(x), x == 0);
            check(x, if_branch::fast(x), if_branch::plain(x), x == 0);
        }
    }
}

/// `unused_variables` warning on the argument: with several boxed
/// branches, every one opens with `let b = b;` for each argument the
/// synchronous part does not mention, also the branches that never use it.
/// (Dropping it with that branch's future is right; the binding should not
/// warn, e.g. `let _ = &b;` or `#[allow(unused_variables)]`.)
mod argument_used_by_some_boxed_branches {
    use super::*;

    twins! { pick:
        async fn f(a: u32, b: u32, branch: u8) -> u32 {
            match branch {
                0 => a,
                1 => yield_once(a).await + 1,
                _ => yield_once(b).await + a,
            }
        }
    }

    #[fast_async(dyn)]
    async fn fa_dyn_pick(a: u32, b: u32, branch: u8) -> u32 {
        if branch == 0 {
            a
        } else if branch == 1 {
            yield_once(a).await + 1
        } else {
            yield_once(b).await + a
        }
    }

    #[test]
    fn argument_used_by_some_boxed_branches() {
        for branch in 0..3 {
            check(
                branch,
                pick::fast(3, 4, branch),
                pick::plain(3, 4, branch),
                branch == 0,
            );
            check(
                branch,
                fa_dyn_pick(3, 4, branch),
                pick::plain(3, 4, branch),
                branch == 0,
            );
        }
    }
}

/// `clippy::needless_lifetimes` (warn by default) on every exported
/// (`pub`, `pub(crate)`) annotated fn with one elided input lifetime: the
/// macro names it `'life0` and clippy says it "could be elided". Users
/// running `cargo clippy -- -D warnings` fail on every such fn; the generated
/// fn should carry `#[allow(clippy::needless_lifetimes)]`.
///
/// Same class: `clippy::boxed_local` (warn by default) on an annotated fn
/// taking a `Box<T>` by value; clippy does not flag the `async fn`.
mod needless_lifetimes_on_exported_fns {
    use super::*;
    use std::cell::RefCell;

    #[derive(Debug)]
    pub(crate) struct Table(pub(crate) Vec<u32>);

    twins! {
        impl Table {
            #[fast_async]
            pub(crate) async fn fa_sum / plain_sum(&self, wait: bool) -> u32 {
                let total = self.0.iter().sum();
                if !wait {
                    return total;
                }
                yield_once(total).await
            }
        }
    }

    twins! { record:
        async fn f(log: &RefCell<Vec<u32>>, x: u32) -> usize {
            if x == 0 {
                return 0;
            }
            log.borrow_mut().push(x);
            log.borrow().len()
        }
    }

    twins! { unbox:
        async fn f(value: Box<(String, u32)>, wait: bool) -> String {
            let (text, _) = *value;
            if !wait {
                return text;
            }
            yield_once(()).await;
            text + "!"
        }
    }

    #[test]
    fn needless_lifetimes_on_exported_fns() {
        for wait in [false, true] {
            check(
                wait,
                unbox::fast(Box::new(("a".to_owned(), 1)), wait),
                unbox::plain(Box::new(("a".to_owned(), 1)), wait),
                !wait,
            );
        }
        let table = Table(vec![1, 2, 3]);
        for wait in [false, true] {
            check(wait, table.fa_sum(wait), table.plain_sum(wait), !wait);
        }
        for x in 0..3 {
            let (a, p) = (RefCell::new(Vec::new()), RefCell::new(Vec::new()));
            check(x, record::fast(&a, x), record::plain(&p, x), true);
        }
    }
}

/// E0107 "missing generics for enum `__FastAsyncBranch`": the shared box's
/// enum is an item, and `Span::mixed_site()` does not make items hygienic
/// (only locals, labels and `$crate`), so inside the body it shadows a user
/// type of the same name — including in the output type the expansion
/// repeats there (`ReadyOrBoxed::<R, _>::ready`).
#[allow(non_camel_case_types)]
mod user_type_named_like_the_shared_box {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum __FastAsyncBranch {
        Ready,
        Fetched,
    }

    twins! { tagged:
        async fn f(x: u32) -> (u32, __FastAsyncBranch) {
            match x {
                0 => (0, __FastAsyncBranch::Ready),
                1 => (yield_once(1).await, __FastAsyncBranch::Fetched),
                _ => (yield_once(x).await * 2, __FastAsyncBranch::Fetched),
            }
        }
    }

    #[test]
    fn user_type_named_like_the_shared_box() {
        for x in 0..3 {
            check(x, tagged::fast(x), tagged::plain(x), x == 0);
        }
    }
}

/// E0277 "`ControlFlow<u32, u32>: fast_async::__private::Try` is not
/// satisfied": `?` in the prefix works on `Result` and `Option` only, but
/// `?` is valid Rust on `ControlFlow` (and `Poll<Result<..>>`). Either
/// support them or document the limit with an error that says what to do
/// (the current one names a hidden trait).
mod question_mark_on_control_flow {
    use super::*;
    use std::ops::ControlFlow;

    twins! { step:
        async fn f(x: ControlFlow<u32, u32>) -> ControlFlow<u32, u32> {
            let v = x?;
            ControlFlow::Continue(yield_once(v).await + 1)
        }
    }

    #[test]
    fn question_mark_on_control_flow() {
        for x in [ControlFlow::Break(1), ControlFlow::Continue(2)] {
            check(x, step::fast(x), step::plain(x), x.is_break());
        }
    }
}

/// Argument drops that differ from the `async fn` on the boxed path (rule
/// 5). The helpers are those of drop_order.rs: every drop is logged, and the
/// log is compared step by step with the plain fn's.
mod drop_order {
    use super::*;

    use fast_async_tests::drops::{compare, push, Log, Noisy};

    // `b` is used by the prefix and by the remainder (captured by the async
    // block); `a` only held; `c` only by the remainder; a body local is never
    // dropped by hand.
    twins! { mixed_use:
        async fn f(_a: Noisy, b: Noisy, c: Noisy, x: u32) -> usize {
            if b.name.len() as u32 == x {
                return 1;
            }
            let _local = Noisy::new("local", &b.log);
            yield_once(()).await;
            push(&b.log, format!("using {} and {}", b.name, c.name));
            2
        }
    }

    /// Was a bug: an argument used by both the prefix and the remainder is captured
    /// by the async block, so it is dropped after the arguments rebound with
    /// `let a = a;` at the top of the box, whatever their declaration order. An
    /// `async fn` drops its arguments in reverse order of declaration (here
    /// `c`, `b`, `a`); the annotated fn drops `c`, `a`, `b`.
    #[test]
    fn bug_argument_used_by_prefix_and_remainder_keeps_the_drop_order() {
        // `b.name.len()` is 1: x == 1 is the ready path.
        for x in [0, 1, 2] {
            compare(
                ("mixed use", x),
                |log| {
                    mixed_use::fast(
                        Noisy::new("a", log),
                        Noisy::new("b", log),
                        Noisy::new("c", log),
                        x,
                    )
                },
                |log| {
                    mixed_use::plain(
                        Noisy::new("a", log),
                        Noisy::new("b", log),
                        Noisy::new("c", log),
                        x,
                    )
                },
                x == 1,
            );
        }
    }

    #[derive(Debug)]
    struct Config {
        permit: bool,
    }

    // The guard `permit` is not used by the body; the prefix reads the
    // *field* `config.permit`, a different name that happens to be spelled
    // the same.
    twins! { field_named_like_the_guard:
        #[allow(unused_variables)]
        async fn f(permit: Noisy, config: &Config, log: Log) -> u32 {
            if !config.permit {
                return 0;
            }
            yield_once(()).await;
            push(&log, "work done");
            1
        }
    }

    /// Was a bug: rule 5 moves into the box "every argument that the prefix does not
    /// mention", but "mentions" is decided on identifiers anywhere in the
    /// prefix's tokens, so a field (`config.permit`), a method or a path
    /// segment spelled like the argument counts. The guard is then dropped at
    /// the call, before the work it guards runs (a semaphore permit released
    /// early), where the `async fn` holds it until completion.
    #[test]
    fn bug_guard_named_like_a_field_is_held_until_completion() {
        for permit in [false, true] {
            let config = Config { permit };
            compare(
                ("permit", permit),
                |log| {
                    field_named_like_the_guard::fast(
                        Noisy::new("permit", log),
                        &config,
                        log.clone(),
                    )
                },
                |log| {
                    field_named_like_the_guard::plain(
                        Noisy::new("permit", log),
                        &config,
                        log.clone(),
                    )
                },
                !permit,
            );
        }
    }
}
