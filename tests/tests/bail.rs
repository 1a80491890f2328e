//! Issue 12, part 3: `bail!` and `ensure!` (anyhow, eyre, or a macro of
//! those names) before the first `.await` are early exits kept at the call
//! (`scan::exit_macro`): an exit through them is a ready future, as a
//! `return Err(..)` is. Each case is written once; `twins!` makes the
//! annotated fn (opaque and dyn form) and its plain twin, compared on
//! readiness, outputs (errors by `{:?}` and `to_string()`) and drop logs,
//! for every exit taken and not taken, ready and pending. Allocation
//! counts: tests/tests/bail_alloc.rs.
#![deny(unused_mut, unused_variables, unreachable_code)]

use std::fmt::{Debug, Display};
use std::future::Future;

use fast_async::MaybeReady;
use fast_async_tests::drops::{new_log, push, trace, Log, Noisy};
use fast_async_tests::{check_by, twins, yield_once};

/// An error as the tests compare it: its `{:?}` and its `to_string()`,
/// without a backtrace (anyhow and eyre capture one when `RUST_BACKTRACE`
/// says so, and its frames differ between the two fns).
fn shown<E: Debug + Display>(error: &E) -> (String, String) {
    let debug = format!("{error:?}");
    let debug = match debug.find("\n\nStack backtrace:") {
        Some(at) => debug[..at].to_owned(),
        None => debug,
    };
    (debug, error.to_string())
}

/// Compares the annotated fn (`fast`, and `fast_dyn` if any) with its plain
/// twin over `inputs`, `ready(input)` saying which are ready.
#[track_caller]
fn same<I: Copy + Debug, T: PartialEq + Debug, E: Debug + Display, A, P>(
    inputs: impl IntoIterator<Item = I>,
    fast: impl Fn(I) -> A,
    plain: impl Fn(I) -> P,
    ready: impl Fn(I) -> bool,
) where
    A: MaybeReady<Output = Result<T, E>>,
    P: Future<Output = Result<T, E>>,
{
    for input in inputs {
        check_by(input, fast(input), plain(input), ready(input), |output| {
            output.map_err(|error| shown(&error))
        });
    }
}

// 1. The shape of the issue, with anyhow: every exit, and the pending path.

mod with_anyhow {
    use super::*;
    use anyhow::{bail, ensure};

    twins! { checked, dyn:
        async fn f(x: u32) -> anyhow::Result<u32> {
            if x == 0 {
                bail!("zero");
            }
            ensure!(x < 100, "too big: {x}");
            ensure!(x != 50);
            ensure!(x % 7 != 3, "{} leaves 3", x);
            Ok(yield_once(x).await * 2)
        }
    }

    #[test]
    fn every_exit_is_ready_and_the_same() {
        let ready = |x: u32| x == 0 || x >= 100 || x == 50 || x % 7 == 3;
        let inputs = [0, 1, 3, 10, 49, 50, 51, 99, 100, 150];
        same(inputs, checked::fast, checked::plain, ready);
        same(inputs, checked::fast_dyn, checked::plain, ready);
    }

    // The one-argument `ensure!` of anyhow says what the operands were.
    twins! { compared:
        async fn f(x: u32, limit: u32) -> anyhow::Result<u32> {
            ensure!(x < limit);
            ensure!(x.is_power_of_two());
            Ok(yield_once(x).await)
        }
    }

    #[test]
    fn the_condition_and_its_operands_are_in_the_message() {
        let error = compared::fast(9, 3).into_ready().ok().unwrap().unwrap_err();
        assert_eq!(error.to_string(), "Condition failed: `x < limit` (9 vs 3)");
        let error = compared::fast(6, 9).into_ready().ok().unwrap().unwrap_err();
        assert_eq!(error.to_string(), "Condition failed: `x.is_power_of_two()`");
        same(
            [(9, 3), (6, 9), (4, 9)],
            |(x, limit)| compared::fast(x, limit),
            |(x, limit)| compared::plain(x, limit),
            |(x, limit)| x >= limit || !x.is_power_of_two(),
        );
    }

    // Paths, an error value moved by `bail!`, `bail!` as a branch's value.
    twins! { paths, dyn:
        async fn f(text: &'static str) -> anyhow::Result<u32> {
            let value = match text.parse::<u32>() {
                Ok(value) => value,
                Err(error) => anyhow::bail!(error),
            };
            anyhow::ensure!(value > 1, "{value} is too small");
            if value == 2 {
                bail!(std::io::Error::other("two"))
            } else {
                Ok(yield_once(value).await)
            }
        }
    }

    #[test]
    fn qualified_paths_error_values_and_tails() {
        let inputs = ["x", "", "0", "1", "2", "3"];
        let ready = |text: &str| text != "3";
        same(inputs, paths::fast, paths::plain, ready);
        same(inputs, paths::fast_dyn, paths::plain, ready);
    }

    // `?` in `ensure!`'s arguments returns its error from the closure, as
    // from the `async fn`.
    twins! { question_mark:
        async fn f(text: &'static str) -> anyhow::Result<u32> {
            ensure!(text.parse::<u32>()? > 3, "{} is small", text.len());
            Ok(yield_once(1).await)
        }
    }

    #[test]
    fn a_question_mark_in_ensure_exits_ready() {
        same(
            ["x", "2", "9"],
            question_mark::fast,
            question_mark::plain,
            |text| text != "9",
        );
    }

    // A body with no await point: the last `bail!` is its end.
    twins! { no_await, dyn:
        async fn f(x: u32) -> anyhow::Result<u32> {
            ensure!(x > 0, "zero");
            if x > 5 {
                return Ok(x);
            }
            bail!("{x} is small");
        }
    }

    #[test]
    fn a_body_that_ends_in_bail() {
        same([0, 1, 6], no_await::fast, no_await::plain, |_| true);
        same([0, 1, 6], no_await::fast_dyn, no_await::plain, |_| true);
    }

    // After the first `.await`, in the box, as the `async fn` has them.
    twins! { late:
        async fn f(x: u32) -> anyhow::Result<u32> {
            ensure!(x != 1, "one");
            let y = yield_once(x).await;
            ensure!(y != 2, "two");
            if y == 3 {
                bail!("three");
            }
            Ok(y)
        }
    }

    #[test]
    fn after_the_first_await_they_run_in_the_box() {
        same([1, 2, 3, 4], late::fast, late::plain, |x| x == 1);
    }

    // In a loop at the call.
    twins! { looped:
        async fn f(items: Vec<u32>) -> anyhow::Result<u32> {
            for item in &items {
                ensure!(*item != 0, "zero at {item}");
                if *item > 100 {
                    bail!("{item} is too big");
                }
            }
            Ok(yield_once(items.len() as u32).await)
        }
    }

    #[test]
    fn in_a_loop() {
        let inputs: [&[u32]; 4] = [&[1, 0], &[1, 200], &[0, 200], &[1, 2]];
        same(
            inputs,
            |items| looped::fast(items.to_vec()),
            |items| looped::plain(items.to_vec()),
            |items| items.contains(&0) || items.iter().any(|item| *item > 100),
        );
    }

    // Error arguments that may move a variable (`ensure!(ok, error)`) stay
    // await points: the box runs them as the `async fn` does.
    twins! { moved_error:
        async fn f(x: u32) -> anyhow::Result<String> {
            let error = std::io::Error::other(format!("bad {x}"));
            let name = format!("item {x}");
            ensure!(x > 1, error);
            Ok(format!("{name}: {}", yield_once(x).await))
        }
    }

    #[test]
    fn a_variable_in_the_error_arguments_is_boxed() {
        same([0, 1, 2], moved_error::fast, moved_error::plain, |_| false);
    }

    // A `?` or a branch in `bail!`'s arguments: an await point, as before
    // (the closure would take what one path only moves).
    twins! { bail_with_branches:
        async fn f(text: &'static str) -> anyhow::Result<u32> {
            if text.is_empty() {
                bail!("bad: {}", text.parse::<u32>()?);
            }
            if text == "a" {
                bail!(if text.len() > 3 { "long" } else { "short" });
            }
            Ok(yield_once(text.len() as u32).await)
        }
    }

    #[test]
    fn a_question_mark_or_a_branch_in_bail_is_boxed() {
        same(
            ["", "a", "bc"],
            bail_with_branches::fast,
            bail_with_branches::plain,
            |_| false,
        );
    }

    // Drop order: the locals of the exit path drop as the `async fn`'s.
    twins! { dropped:
        async fn f(log: Log, x: u32) -> anyhow::Result<u32> {
            let guard = Noisy::new("guard", &log);
            if x == 0 {
                push(&log, "bail");
                bail!("zero: {}", guard.name);
            }
            let message = Noisy::new("message", &log);
            ensure!(x < 10, "big {} {}", guard.name, message.name);
            yield_once(()).await;
            push(&log, "after await");
            Ok(x)
        }
    }

    #[test]
    fn drops_as_the_async_fn() {
        for x in [0, 20, 5] {
            let (fast_log, plain_log) = (new_log(), new_log());
            let future = dropped::fast(fast_log.clone(), x);
            assert_eq!(future.is_ready(), x != 5);
            let fast = trace(&fast_log, future);
            let plain = trace(&plain_log, dropped::plain(plain_log.clone(), x));
            if x == 5 {
                assert_eq!(fast[1..], plain[1..], "pending path of {x}");
            } else {
                let done = plain.last().unwrap();
                assert!(
                    fast.iter().all(|snapshot| snapshot == done),
                    "{fast:?} {plain:?}"
                );
            }
        }
        let ready = |x: u32| x != 5;
        let fast = |x| dropped::fast(new_log(), x);
        let plain = |x| dropped::plain(new_log(), x);
        same([0, 20, 5], fast, plain, ready);
    }
}

// A tail `match` whose error arm bails, methods, `Self` in the output,
// `#[instrument]`.
mod shapes {
    use super::*;
    use anyhow::{bail, ensure};

    twins! { tail_match, dyn:
        async fn f(text: &'static str) -> anyhow::Result<u32> {
            match text.parse::<u32>() {
                Ok(value) => Ok(yield_once(value).await),
                Err(error) => bail!("not a number: {error}"),
            }
        }
    }

    #[test]
    fn a_tail_match_arm() {
        let ready = |text: &str| text.parse::<u32>().is_err();
        same(["x", "4"], tail_match::fast, tail_match::plain, ready);
        same(["x", "4"], tail_match::fast_dyn, tail_match::plain, ready);
    }

    #[derive(Debug, PartialEq)]
    pub(crate) struct Account {
        balance: u32,
    }

    twins! {
        #[fast_async] impl Account {
            async fn fast_open / plain_open(balance: u32) -> anyhow::Result<Self> {
                ensure!(balance > 0, "empty");
                Ok(Account { balance: yield_once(balance).await })
            }

            async fn fast_take / plain_take(&mut self, amount: u32) -> anyhow::Result<u32> {
                ensure!(self.balance >= amount, "{} is more than {}", amount, self.balance);
                if amount == 0 {
                    bail!("nothing to take");
                }
                self.balance -= amount;
                Ok(yield_once(self.balance).await)
            }
        }
    }

    twins! { borrowed, dyn:
        async fn f(names: &[String], index: usize) -> anyhow::Result<&str> {
            ensure!(!names.is_empty(), "no names");
            let Some(name) = names.get(index) else {
                bail!("no name at {index}");
            };
            yield_once(()).await;
            Ok(name.as_str())
        }
    }

    #[test]
    fn a_borrowed_output() {
        let names: Vec<String> = (0..2).map(|i| i.to_string()).collect();
        for (count, index) in [(0, 0), (2, 5), (2, 1)] {
            let names = &names[..count];
            let map = |output: anyhow::Result<&str>| {
                output.map(str::to_owned).map_err(|error| shown(&error))
            };
            let ready = index >= count;
            check_by(
                index,
                borrowed::fast(names, index),
                borrowed::plain(names, index),
                ready,
                map,
            );
            check_by(
                index,
                borrowed::fast_dyn(names, index),
                borrowed::plain(names, index),
                ready,
                map,
            );
        }
    }

    #[test]
    fn methods() {
        same([0, 5], Account::fast_open, Account::plain_open, |balance| {
            balance == 0
        });
        for amount in [0, 3, 20] {
            let (mut fast, mut plain) = (Account { balance: 10 }, Account { balance: 10 });
            check_by(
                amount,
                fast.fast_take(amount),
                plain.plain_take(amount),
                amount != 3,
                |output| output.map_err(|error| shown(&error)),
            );
            assert_eq!(fast, plain);
        }
    }

    twins! { instrumented:
        #[tracing::instrument]
        async fn f(x: u32) -> anyhow::Result<u32> {
            ensure!(x > 0, "zero");
            tracing::info!("waiting");
            Ok(yield_once(x).await)
        }
    }

    #[test]
    fn under_instrument() {
        same([0, 1], instrumented::fast, instrumented::plain, |x| x == 0);
    }
}

// After a ready await (rule 8) the part at the call goes on, and so do its
// exits; a pending one runs them in the continuation. And `let .. else`.
mod propagated {
    use super::*;
    use anyhow::{bail, ensure};

    /// Ready below 10; else pending once, then `x % 10`.
    #[fast_async::fast_async]
    pub(crate) async fn lookup(x: u32) -> anyhow::Result<u32> {
        if x < 10 {
            return Ok(x);
        }
        Ok(yield_once(x % 10).await)
    }

    twins! { chained, dyn:
        async fn f(x: u32) -> anyhow::Result<u32> {
            let v = lookup(x).await?;
            ensure!(v != 3, "three");
            let Some(half) = (v % 2 == 0).then_some(v / 2) else {
                bail!("{v} is odd");
            };
            Ok(half)
        }
    }

    #[test]
    fn exits_after_a_ready_await() {
        let inputs = [3, 4, 5, 13, 14, 15];
        same(inputs, chained::fast, chained::plain, |x| x < 10);
        same(inputs, chained::fast_dyn, chained::plain, |x| x < 10);
    }
}

// A macro named `ensure!` that does not return (it logs): the function
// goes on, as the `async fn` does.
mod logging {
    use super::*;

    macro_rules! ensure {
        ($cond:expr, $message:literal) => {
            if !$cond {
                eprintln!($message);
            }
        };
    }

    twins! { goes_on:
        async fn f(x: u32) -> anyhow::Result<u32> {
            ensure!(x > 0, "zero, going on");
            if x > 5 {
                return Ok(x);
            }
            Ok(yield_once(x).await)
        }
    }

    #[test]
    fn an_ensure_that_does_not_return_goes_on() {
        same([0, 1, 6], goes_on::fast, goes_on::plain, |x| x > 5);
    }
}

// 2. eyre.

mod with_eyre {
    use super::*;

    twins! { checked, dyn:
        async fn f(x: u32) -> eyre::Result<u32> {
            if x == 0 {
                eyre::bail!("zero");
            }
            eyre::ensure!(x < 100, "too big: {x}");
            eyre::ensure!(x != 50);
            eyre::ensure!(x != 51, std::io::Error::other("fifty-one"));
            Ok(yield_once(x).await * 2)
        }
    }

    #[test]
    fn every_exit_is_ready_and_the_same() {
        let ready = |x: u32| x == 0 || x >= 100 || x == 50 || x == 51;
        let inputs = [0, 1, 49, 50, 51, 52, 100];
        same(inputs, checked::fast, checked::plain, ready);
        same(inputs, checked::fast_dyn, checked::plain, ready);
    }
}

// 3. Macros of the same names from elsewhere: the function's output type
// decides the exit's type, and a macro that does something else is the
// `async fn`'s behaviour or a compile error.

mod own_macros {
    use super::*;

    #[derive(Debug, PartialEq)]
    pub(crate) enum Error {
        Small,
        Parse,
    }

    impl std::fmt::Display for Error {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            Debug::fmt(self, f)
        }
    }

    impl From<std::num::ParseIntError> for Error {
        fn from(_: std::num::ParseIntError) -> Self {
            Error::Parse
        }
    }

    // snafu's shape: `Err(e.into())`, the error type inferred from the
    // function's output.
    macro_rules! ensure {
        ($cond:expr, $error:expr) => {
            if !$cond {
                return Err($error.into());
            }
        };
    }

    // `None` out of an `Option` fn.
    macro_rules! bail {
        () => {
            return None
        };
    }

    twins! { into, dyn:
        async fn f(text: &'static str) -> Result<u32, Error> {
            let value: u32 = text.parse()?;
            ensure!(value > 2, Error::Small);
            Ok(yield_once(value).await)
        }
    }

    #[test]
    fn an_error_converted_by_into() {
        let ready = |text: &str| text != "3";
        same(["x", "1", "3"], into::fast, into::plain, ready);
        same(["x", "1", "3"], into::fast_dyn, into::plain, ready);
    }

    twins! { option, dyn:
        async fn f(x: u32) -> Option<u32> {
            if x == 0 {
                bail!();
            }
            Some(yield_once(x).await)
        }
    }

    #[test]
    fn none_out_of_an_option() {
        for x in [0, 1] {
            fast_async_tests::check(x, option::fast(x), option::plain(x), x == 0);
            fast_async_tests::check(x, option::fast_dyn(x), option::plain(x), x == 0);
        }
    }

    // Not a `Result` or an `Option` by its name: `bail!` stays an await
    // point, whatever it does.
    macro_rules! bail_zero {
        () => {
            return 0
        };
    }

    mod other_output {
        use super::*;

        macro_rules! bail {
            () => {
                bail_zero!()
            };
        }

        twins! { counted:
            async fn f(x: u32) -> u32 {
                if x == 0 {
                    bail!();
                }
                yield_once(x).await
            }
        }

        #[test]
        fn is_boxed() {
            for x in [0, 1] {
                fast_async_tests::check(x, counted::fast(x), counted::plain(x), false);
            }
        }
    }
}

// 4. The versions whose macros were read. The rewrite runs the user's call
// untouched, and types check most of what it assumes (a `bail!` that falls
// through, an `ensure!` that moves, an exit of another type: compile
// errors). One assumption is not checked by types: `bail!` evaluates its
// arguments on every path (its closure takes them by value, so one used on
// some path only would be dropped at the exit, before the function's other
// locals, instead of with them). anyhow 1.0.105 and eyre 0.6.14 expand
// every arm of `bail!` to `return Err(anyhow!(args..))` / `eyre!`, which
// evaluates each argument once, unconditionally.

/// The version of `name` in the workspace's lockfile.
fn locked(name: &str) -> String {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock"))
        .expect("the workspace's Cargo.lock");
    let entry = lock
        .split("[[package]]")
        .find(|entry| entry.contains(&format!("name = \"{name}\"\n")))
        .unwrap_or_else(|| panic!("{name} in Cargo.lock"));
    let version = entry
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .expect("a version");
    version.trim_end_matches('"').to_owned()
}

/// The source of `bail!` in the registry's copy of `crate_dir`, if there is one.
fn bail_source(crate_dir: &str) -> Option<String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cargo"))
        })?;
    let registries = std::fs::read_dir(home.join("registry/src")).ok()?;
    registries.flatten().find_map(|registry| {
        let macros =
            std::fs::read_to_string(registry.path().join(crate_dir).join("src/macros.rs")).ok()?;
        let start = macros.find("macro_rules! bail")?;
        let end = start + macros[start..].find("\n}\n")?;
        Some(macros[start..end].to_owned())
    })
}

#[test]
fn the_locked_versions_are_the_ones_read() {
    let read = [
        ("anyhow", "1.0.105", "__anyhow"),
        ("eyre", "0.6.14", "eyre"),
    ];
    for (name, version, inner) in read {
        assert_eq!(
            locked(name),
            version,
            "{name} changed in Cargo.lock: read its `bail!` and `ensure!` (each arm of `bail!` \
             must evaluate its arguments once, on every path: `return Err({inner}!(..))`), \
             then update this test and the docs (limits.md)"
        );
        // Where the registry's copy is here, its `bail!`: three arms, each
        // `return $crate::..::Err($crate::{inner}!(..))`, nothing else.
        if let Some(source) = bail_source(&format!("{name}-{version}")) {
            let arms: Vec<&str> = source.matches("=> {").collect();
            assert_eq!(arms.len(), 3, "{name}'s bail!:\n{source}");
            let returns = source.matches("return $crate::").count();
            let errors = source.matches(&format!("Err($crate::{inner}!(")).count();
            assert_eq!((returns, errors), (3, 3), "{name}'s bail!:\n{source}");
            assert!(
                !source.contains(" if ") && !source.contains("match"),
                "{source}"
            );
        }
    }
}

// 5. A trait's default body and an impl's method, through `dyn`.
mod traits {
    use anyhow::{bail, ensure};
    use fast_async::fast_async;
    use fast_async_tests::{block_on, yield_once};

    #[fast_async]
    pub(crate) trait Store: Sync {
        async fn get(&self, key: u32) -> anyhow::Result<u32> {
            ensure!(key > 0, "key zero");
            Ok(yield_once(key).await)
        }

        async fn put(&self, key: u32) -> anyhow::Result<()>;
    }

    struct Memory;

    #[fast_async]
    impl Store for Memory {
        async fn put(&self, key: u32) -> anyhow::Result<()> {
            if key == 0 {
                bail!("key zero");
            }
            yield_once(()).await;
            Ok(())
        }
    }

    #[test]
    fn through_dyn() {
        let store: &dyn Store = &Memory;
        let error = store.get(0).into_ready().ok().unwrap().unwrap_err();
        assert_eq!(error.to_string(), "key zero");
        let error = store.put(0).into_ready().ok().unwrap().unwrap_err();
        assert_eq!(error.to_string(), "key zero");
        assert!(!store.get(1).is_ready());
        assert_eq!(block_on(store.get(1)).unwrap(), 1);
        assert!(block_on(store.put(1)).is_ok());
    }
}
