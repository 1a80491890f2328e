//! `#[fast_async]` in an edition 2024 crate (the macro crates are edition
//! 2021; DESIGN.md requires their output to compile in 2018, 2021 and 2024
//! user crates). Edition 2024 changes what matters to the expansion: every
//! `impl Trait` captures all lifetimes in scope, `if let` scrutinee
//! temporaries and tail-expression temporaries drop earlier, and the never
//! type falls back to `!`.
//!
//! The annotated items are in the library itself, so that a plain build
//! and clippy check their expansions under the workspace lints; the tests
//! below run them with a tiny executor.

use std::collections::HashMap;
use std::sync::Mutex;

use fast_async::fast_async;

pub use fast_async_tests::{YieldOnce, yield_once};

/// Opaque form, free fn: a `?` and a `return` in the prefix.
#[fast_async]
pub async fn parse_and_fetch(text: &str) -> Result<u32, std::num::ParseIntError> {
    let key: u32 = text.trim().parse()?;
    if key < 10 {
        return Ok(key);
    }
    Ok(yield_once(key * 2).await)
}

/// Opaque form, free fn with `Option` and `?`, and an `if let` whose
/// scrutinee holds a lock guard temporary (dropped before the `else` in
/// edition 2024).
#[fast_async]
pub async fn cached(cache: &Mutex<HashMap<u32, u32>>, key: u32) -> Option<u32> {
    let key = Some(key).filter(|key| *key != 0)?;
    if let Some(value) = cache.lock().unwrap().get(&key) {
        return Some(*value);
    }
    let value = yield_once(key + 100).await;
    cache.lock().unwrap().insert(key, value);
    Some(value)
}

/// A view over borrowed items, for a generic impl with a lifetime.
#[derive(Debug)]
pub struct View<'a, T> {
    items: &'a [T],
    pending: bool,
}

impl<'a, T> View<'a, T> {
    /// A view over `items`; `pending` makes every lookup await.
    pub fn new(items: &'a [T], pending: bool) -> Self {
        View { items, pending }
    }
}

#[fast_async]
impl<'a, T: Clone + Send + Sync> View<'a, T> {
    /// Opaque form, method of a generic impl with a lifetime: the future
    /// borrows both `self` and the impl's `'a`.
    pub async fn get(&self, index: usize) -> Option<T> {
        let item = self.items.get(index)?;
        if !self.pending {
            return Some(item.clone());
        }
        Some(yield_once(item.clone()).await)
    }

    /// Returns a reference with the impl's lifetime, coerced from `&T`.
    pub async fn first(&self) -> Option<&'a T> {
        if !self.pending {
            return self.items.first();
        }
        yield_once(self.items.first()).await
    }
}

/// A command for the tail `match`.
#[derive(Debug)]
pub enum Command {
    /// Answered at the call.
    Cached(u32),
    /// Awaits once.
    Fetch(u32),
    /// Awaits twice.
    Refresh(u32),
    /// Never run by the tests: a ready `todo!()` (never type fallback).
    Unsupported,
}

/// Opaque form: a tail `match` with two boxed branches (one shared box)
/// and ready ones.
#[fast_async]
pub async fn run(command: Command) -> u32 {
    match command {
        Command::Cached(value) => value,
        Command::Fetch(key) => yield_once(key + 1).await,
        Command::Refresh(key) if key > 0 => {
            let first = yield_once(key).await;
            first + yield_once(1000).await
        }
        Command::Refresh(_) => 0,
        Command::Unsupported => todo!(),
    }
}

/// The cache scenario through a trait object: the dyn form.
#[fast_async]
pub trait Store: Send + Sync {
    /// The value for `key`, from the store.
    async fn get(&self, key: u32) -> Result<u32, String>;

    /// A default body: a tail `match` with boxed branches.
    async fn get_or(&self, key: Option<u32>, fallback: u32) -> u32 {
        match key {
            None => fallback,
            Some(0) => fallback + yield_once(0).await,
            Some(key) => self.get(key).await.unwrap_or(fallback),
        }
    }
}

/// A store that answers small keys at once and awaits for the others.
#[derive(Debug, Default)]
pub struct Memory {
    hits: Mutex<u32>,
}

#[fast_async]
impl Store for Memory {
    async fn get(&self, key: u32) -> Result<u32, String> {
        let key = u32::try_from(i64::from(key) - 1).map_err(|error| error.to_string())?;
        if key < 10 {
            *self.hits.lock().unwrap() += 1;
            return Ok(key);
        }
        Ok(yield_once(key).await)
    }
}

/// A user lifetime named like the one the dyn form makes up: the macro
/// picks another name (`'fast_async_`), in both forms.
#[fast_async(dyn)]
pub async fn own_lifetime_dyn<'fast_async>(text: &'fast_async str, wait: bool) -> &'fast_async str {
    if !wait {
        return text;
    }
    fast_async_tests::yield_once(text).await
}

// Needless, as clippy says of the plain `async fn` too.
#[allow(clippy::needless_lifetimes)]
#[fast_async]
pub async fn own_lifetime<'fast_async>(text: &'fast_async str, wait: bool) -> usize {
    if !wait {
        return text.len();
    }
    fast_async_tests::yield_once(text.len()).await
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use fast_async::{FastFuture, MaybeReady};

    use super::*;
    use fast_async_tests::block_on;

    fn require_send<T: Send>(value: T) -> T {
        value
    }

    #[test]
    fn free_fn_prefix_question_mark_and_return() {
        assert_eq!(parse_and_fetch(" 7 ").into_ready().ok(), Some(Ok(7)));
        let error = parse_and_fetch("x").into_ready().ok().unwrap().unwrap_err();
        assert_eq!(error, "x".parse::<u32>().unwrap_err());
        let pending = require_send(parse_and_fetch("21"));
        assert!(!pending.is_ready());
        assert_eq!(block_on(pending), Ok(42));
    }

    #[test]
    fn free_fn_if_let_guard_in_prefix() {
        let cache = Mutex::new(HashMap::from([(1, 11)]));
        assert_eq!(cached(&cache, 0).into_ready().ok(), Some(None));
        assert_eq!(cached(&cache, 1).into_ready().ok(), Some(Some(11)));
        let miss = cached(&cache, 2);
        assert!(!miss.is_ready());
        assert_eq!(block_on(miss), Some(102));
        assert_eq!(cached(&cache, 2).into_ready().ok(), Some(Some(102)));
    }

    #[test]
    fn method_of_generic_impl_with_lifetime() {
        let items = vec![String::from("a"), String::from("b")];
        let ready = View::new(&items, false);
        assert_eq!(
            ready.get(1).into_ready().ok(),
            Some(Some(String::from("b")))
        );
        assert_eq!(ready.get(5).into_ready().ok(), Some(None));
        assert_eq!(block_on(ready.first()).map(String::as_str), Some("a"));

        let pending = View::new(&items, true);
        let future = require_send(pending.get(0));
        assert!(!future.is_ready());
        assert_eq!(block_on(future), Some(String::from("a")));
        // `first` borrows the items for the impl's `'a`, not the view.
        let first: Option<&String> = {
            let view = View::new(&items, true);
            block_on(view.first())
        };
        assert_eq!(first.map(String::as_str), Some("a"));
    }

    #[test]
    fn tail_match_with_boxed_branches() {
        assert_eq!(run(Command::Cached(3)).into_ready().ok(), Some(3));
        assert_eq!(run(Command::Refresh(0)).into_ready().ok(), Some(0));
        let fetch = run(Command::Fetch(4));
        assert!(!fetch.is_ready());
        assert_eq!(block_on(fetch), 5);
        assert_eq!(block_on(require_send(run(Command::Refresh(2)))), 1002);
        assert_eq!(
            size_of_val(&run(Command::Cached(1))),
            16,
            "16 bytes when the output fits in 8"
        );
    }

    #[test]
    fn trait_through_arc_dyn() {
        let memory = Arc::new(Memory::default());
        let store: Arc<dyn Store> = memory.clone();
        let ready: FastFuture<'_, Result<u32, String>> = store.get(5);
        assert_eq!(ready.into_ready().ok(), Some(Ok(4)));
        assert!(block_on(store.get(0)).is_err());
        let pending = store.get(50);
        assert!(!pending.is_ready());
        assert_eq!(block_on(pending), Ok(49));
        assert_eq!(*memory.hits.lock().unwrap(), 1);

        assert_eq!(store.get_or(None, 9).into_ready().ok(), Some(9));
        assert_eq!(block_on(store.get_or(Some(0), 9)), 9);
        assert_eq!(block_on(store.get_or(Some(3), 9)), 2);

        // The dyn form is Send: the future can go to another thread.
        let moved = Arc::clone(&store);
        let answer = std::thread::spawn(move || block_on(moved.get(20)))
            .join()
            .unwrap();
        assert_eq!(answer, Ok(19));
    }

    #[test]
    fn a_user_lifetime_named_fast_async() {
        for wait in [false, true] {
            assert_eq!(own_lifetime_dyn("abc", wait).is_ready(), !wait);
            assert_eq!(block_on(own_lifetime_dyn("abc", wait)), "abc");
            assert_eq!(own_lifetime("abc", wait).is_ready(), !wait);
            assert_eq!(block_on(own_lifetime("abc", wait)), 3);
        }
    }
}

/// Rule 8 on a tail's scrutinee, in edition 2024: an `if let` scrutinee
/// drops before its `else` runs, a tail's temporaries before the locals;
/// compared with the plain `async fn` by drop logs.
#[cfg(test)]
mod scrutinee_drops {
    use fast_async_tests::drops::{Log, Noisy, new_log, push, trace};
    use fast_async_tests::{twins, yield_once};

    use super::fast_async;

    /// Ready for even `x`, pending once for odd; `Some` for `x % 3 == 0`.
    #[fast_async]
    async fn noisy(x: u64, log: &Log) -> Option<Noisy> {
        let value = (x % 3 == 0).then(|| Noisy::new("value", log));
        if x % 2 == 0 {
            return value;
        }
        yield_once(value).await
    }

    twins! { if_let_ready_else(dyn, ?Send):
        async fn f(x: u64, log: &Log) -> usize {
            let _local = Noisy::new("local", log);
            if let Some(ref value) = noisy(x, log).await {
                value.name.len()
            } else {
                push(log, "else");
                0
            }
        }
    }

    twins! { if_let_awaiting_else(dyn, ?Send):
        async fn f(x: u64, log: &Log) -> usize {
            let _local = Noisy::new("local", log);
            if let Some(Noisy { name: "other", .. }) = noisy(x, log).await {
                push(log, "other");
                0
            } else {
                push(log, "else");
                yield_once(()).await;
                push(log, "else done");
                9
            }
        }
    }

    twins! { match_wildcard(dyn, ?Send):
        async fn f(x: u64, log: &Log) -> usize {
            let _local = Noisy::new("local", log);
            match noisy(x, log).await {
                None => 0,
                _ => {
                    push(log, "some");
                    yield_once(()).await;
                    push(log, "some done");
                    1
                }
            }
        }
    }

    macro_rules! check {
        ($($module:ident),*) => {$(
            for x in 0..12 {
                let annotated_log = new_log();
                let future = $module::fast(x, &annotated_log);
                let ready = future.is_ready();
                let annotated = trace(&annotated_log, future);
                let plain_log = new_log();
                let plain = trace(&plain_log, $module::plain(x, &plain_log));
                let name = stringify!($module);
                assert_eq!(ready, plain.len() == 3, "{name} {x}: {plain:?}");
                if ready {
                    let done = plain.last().unwrap();
                    assert!(
                        annotated.iter().all(|snapshot| snapshot == done),
                        "{name} {x}\n{annotated:?}\n{plain:?}"
                    );
                } else {
                    assert!(plain[1].starts_with(&annotated[0]), "{name} {x}");
                    assert_eq!(annotated[1..], plain[1..], "{name} {x}");
                }
            }
        )*};
    }

    #[test]
    fn the_scrutinee_drops_as_in_edition_2024() {
        check!(if_let_ready_else, if_let_awaiting_else, match_wildcard);
    }
}

/// Rule 4 with rule 5 in edition 2024: what a boxed arm or `if let` binds
/// is held by its box until the arm ends, dropping before the locals;
/// compared with the plain `async fn` by drop logs.
#[cfg(test)]
mod tail_arm_drops {
    use fast_async_tests::drops::{Log, Noisy, compare, push};
    use fast_async_tests::{twins_in_both_forms, yield_once};

    /// Fields that drop apart: an arm may capture only `name`.
    #[derive(Debug)]
    pub(crate) struct Pair {
        name: String,
        _other: Noisy,
    }

    fn pair(log: &Log) -> Option<Pair> {
        Some(Pair {
            name: "pair".to_owned(),
            _other: Noisy::new("other", log),
        })
    }

    twins_in_both_forms! {
        dyn_form;
        match_arm: {
            async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
                let _local = Noisy::new("local", &log);
                match opt {
                    Some(v) if x > 0 => {
                        let n = yield_once(x).await;
                        push(&log, "arm end");
                        v.name.len() + n as usize
                    }
                    _ => 0,
                }
            }
        }
        if_let: {
            #[allow(unused_variables)]
            async fn f(opt: Option<Pair>, log: Log, x: u32) -> usize {
                let _local = Noisy::new("local", &log);
                if let Some(v) = opt {
                    let n = yield_once(x).await;
                    push(&log, "then end");
                    n as usize
                } else {
                    0
                }
            }
        }
    }

    #[test]
    fn a_boxed_arm_holds_its_bindings_as_in_edition_2024() {
        for x in 0..3 {
            let ready = x == 0;
            compare(
                ("match arm", x),
                |log| match_arm::fast(pair(log), log.clone(), x),
                |log| match_arm::plain(pair(log), log.clone(), x),
                ready,
            );
            compare(
                ("match arm, dyn", x),
                |log| dyn_form::match_arm::fast(pair(log), log.clone(), x),
                |log| match_arm::plain(pair(log), log.clone(), x),
                ready,
            );
            compare(
                ("if let", x),
                |log| if_let::fast(pair(log), log.clone(), x),
                |log| if_let::plain(pair(log), log.clone(), x),
                false,
            );
            compare(
                ("if let, dyn", x),
                |log| dyn_form::if_let::fast(pair(log), log.clone(), x),
                |log| if_let::plain(pair(log), log.clone(), x),
                false,
            );
        }
    }
}

/// Rule 4 in edition 2024: a boxed branch's tail temporaries drop before
/// the branch's locals (2024) and before the locals bound outside the
/// branch (a branch is a terminating scope); compared with the plain
/// `async fn` by drop logs.
#[cfg(test)]
mod branch_drops {
    use fast_async_tests::drops::{Log, Noisy, compare, new_log, push, trace};
    use fast_async_tests::{twins_in_both_forms, yield_once};

    use super::fast_async;

    /// Ready for even `x`, pending once for odd: a rule 8 point either way.
    #[fast_async]
    async fn step(x: u32) -> u32 {
        if x % 2 == 0 {
            return x;
        }
        yield_once(x).await
    }

    twins_in_both_forms! {
        dyn_form;
        branch_if: {
            async fn f(x: u32, log: Log) -> usize {
                let _local = Noisy::new("local", &log);
                if x > 0 {
                    let _branch = Noisy::new("branch", &log);
                    let n = yield_once(x).await;
                    push(&log, "then end");
                    Noisy::new("temporary", &log).name.len() + n as usize
                } else {
                    0
                }
            }
        }
        branch_match: {
            async fn f(x: u32, log: Log) -> usize {
                let _local = Noisy::new("local", &log);
                match x {
                    0 => 0,
                    n => {
                        let _arm = Noisy::new("arm", &log);
                        let m = yield_once(n).await;
                        push(&log, "arm end");
                        Noisy::new("temporary", &log).name.len() + m as usize
                    }
                }
            }
        }
        branch_nested: {
            async fn f(x: u32, log: Log) -> usize {
                let _local = Noisy::new("local", &log);
                if x > 0 {
                    let _branch = Noisy::new("branch", &log);
                    if x > 1 {
                        let _inner = Noisy::new("inner", &log);
                        let n = yield_once(x).await;
                        push(&log, "inner end");
                        Noisy::new("temporary", &log).name.len() + n as usize
                    } else {
                        Noisy::new("else temporary", &log).name.len()
                    }
                } else {
                    0
                }
            }
        }
        branch_scrutinee_point: {
            async fn f(x: u32, log: Log) -> usize {
                let _local = Noisy::new("local", &log);
                if x > 0 {
                    let _branch = Noisy::new("branch", &log);
                    match step(x).await {
                        1 => Noisy::new("one temporary", &log).name.len(),
                        n => {
                            let _arm = Noisy::new("arm", &log);
                            push(&log, "arm end");
                            Noisy::new("temporary", &log).name.len() + n as usize
                        }
                    }
                } else {
                    0
                }
            }
        }
        branch_ready_else: {
            async fn f(x: u32, log: Log) -> usize {
                let _local = Noisy::new("local", &log);
                if x > 0 {
                    let n = yield_once(x).await;
                    Noisy::new("temporary", &log).name.len() + n as usize
                } else {
                    let _else = Noisy::new("else local", &log);
                    Noisy::new("else temporary", &log).name.len()
                }
            }
        }
        branch_point: {
            async fn f(x: u32, log: Log) -> usize {
                let _local = Noisy::new("local", &log);
                if x > 0 {
                    let _branch = Noisy::new("branch", &log);
                    let n = step(x).await;
                    push(&log, "then end");
                    Noisy::new("temporary", &log).name.len() + n as usize
                } else {
                    0
                }
            }
        }
    }

    macro_rules! compare_branches {
        ($ready:expr; $($case:ident),*) => {$(
            for x in 0..=4_u32 {
                let ready: bool = $ready(x);
                compare(
                    (stringify!($case), "opaque", x),
                    |log| $case::fast(x, log.clone()),
                    |log| $case::plain(x, log.clone()),
                    ready,
                );
                compare(
                    (stringify!($case), "dyn", x),
                    |log| dyn_form::$case::fast(x, log.clone()),
                    |log| $case::plain(x, log.clone()),
                    ready,
                );
            }
        )*};
    }

    #[test]
    fn a_branch_tail_temporary_drops_before_the_outer_locals() {
        compare_branches!(|x: u32| x == 0; branch_if, branch_match, branch_ready_else);
        compare_branches!(|x: u32| x <= 1; branch_nested);
        compare_branches!(|x: u32| x % 2 == 0; branch_point, branch_scrutinee_point);
        let log = new_log();
        let _ = trace(&log, branch_if::fast(1, log.clone()));
        assert_eq!(
            *log.borrow(),
            ["then end", "drop temporary", "drop branch", "drop local"]
        );
    }
}
