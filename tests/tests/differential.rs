//! Differential behaviour tests: every function here is written once, and
//! `twins!` makes it with `#[fast_async]` (`NAME::fast`) and as the plain
//! `async fn` it must behave like (`NAME::plain`) (DESIGN.md, Guarantees:
//! "Same results as the unannotated `async fn`, for every input").
//!
//! For each input, [`check`] (in the helper crate) asserts that
//! - `is_ready()` is true exactly on the paths DESIGN.md rules 1-7 make ready
//!   (the expectation is written from the rules, per input);
//! - a ready value, taken with `into_ready()` (no poll), equals the plain
//!   fn's output, and the plain fn did not pend on that input (a ready path
//!   never awaits);
//! - a pending future gives the same output after as many polls as the plain
//!   fn's (every await goes through `yield_once`, which pends once), so the
//!   boxed part runs the same awaits.
//!
//! The bodies keep shapes clippy would simplify (`return` in a match arm, a
//! `let` returned at once, a one-arm `match`, `&String` arguments returned
//! as `&str`): they are the shapes under test.
#![allow(
    clippy::needless_return,
    clippy::needless_lifetimes,
    clippy::ptr_arg,
    clippy::let_and_return,
    clippy::single_match
)]

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::Debug;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use fast_async::{fast_async, FastFuture, LocalFastFuture, MaybeReady};
use fast_async_tests::{block_on, check, check_by, drive, twins, yield_once};

/// Inputs for the `u32` functions: small values, boundaries and a few big ones.
fn u32_inputs() -> impl Iterator<Item = u32> {
    (0..=64).chain([99, 100, 101, 255, 256, 1000, u32::MAX / 2, u32::MAX])
}

// ---------------------------------------------------------------------------
// Rule 3: `?` on `Result` (with a `From` conversion) and on `Option` in the
// prefix; `return` in the prefix; `let ... else { return }`.
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
struct SmallError(u32);

#[derive(Debug, PartialEq)]
enum BigError {
    Small(u32),
    Unlucky(u32),
}

impl From<SmallError> for BigError {
    fn from(error: SmallError) -> Self {
        BigError::Small(error.0)
    }
}

fn small(x: u32) -> Result<u32, SmallError> {
    if x < 50 {
        Ok(x)
    } else {
        Err(SmallError(x))
    }
}

twins! { try_result, dyn:
    async fn f(x: u32) -> Result<u32, BigError> {
        let v = small(x)?;
        if v % 7 == 3 {
            Err(BigError::Unlucky(v))?;
        }
        let w = yield_once(v).await;
        Ok(w * 2)
    }
}

#[test]
fn question_mark_on_result_converts_the_error_and_is_ready() {
    for x in u32_inputs() {
        check(
            x,
            try_result::fast(x),
            try_result::plain(x),
            x >= 50 || x % 7 == 3,
        );
    }
}

twins! { try_option:
    async fn f(a: Option<u8>, b: u8, table: &[u8]) -> Option<u16> {
        let a = a?;
        let sum = a.checked_add(b)?;
        let looked_up = table.get(usize::from(sum) % 7)?.checked_mul(2)?;
        Some(u16::from(yield_once(sum).await) + u16::from(looked_up))
    }
}

#[test]
fn question_mark_on_option_is_ready_on_none() {
    let table: [u8; 5] = [1, 2, 200, 4, 5];
    for a in [None, Some(0u8), Some(1), Some(100), Some(200), Some(255)] {
        for b in (0..=255).step_by(5) {
            let expect_ready = match a {
                None => true,
                Some(a) => match a.checked_add(b) {
                    None => true,
                    Some(sum) => table
                        .get(usize::from(sum) % 7)
                        .and_then(|v| v.checked_mul(2))
                        .is_none(),
                },
            };
            check(
                (a, b),
                try_option::fast(a, b, &table),
                try_option::plain(a, b, &table),
                expect_ready,
            );
        }
    }
}

#[derive(Debug)]
struct ZeroError;

impl std::fmt::Display for ZeroError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("zero")
    }
}

impl std::error::Error for ZeroError {}

twins! { try_boxed_error:
    async fn f(s: &str) -> Result<u32, Box<dyn std::error::Error>> {
        let n: u32 = s.trim().parse()?;
        if n == 0 {
            return Err(Box::new(ZeroError));
        }
        let m = n.checked_mul(3).ok_or("overflow")?;
        Ok(yield_once(m).await)
    }
}

#[test]
fn question_mark_into_box_dyn_error() {
    let inputs = [
        "",
        "0",
        " 0 ",
        "1",
        "17",
        "x",
        "-1",
        "4294967295",
        "2000000000",
        "99",
    ];
    for s in inputs {
        let expect_ready = match s.trim().parse::<u32>() {
            Err(_) | Ok(0) => true,
            Ok(n) => n.checked_mul(3).is_none(),
        };
        check_by(
            s,
            try_boxed_error::fast(s),
            try_boxed_error::plain(s),
            expect_ready,
            |result| result.map_err(|error| error.to_string()),
        );
    }
}

twins! { early_return:
    async fn f(x: u32) -> u32 {
        if x % 3 == 0 {
            return x / 3;
        }
        match x {
            7 => return 700,
            _ => {}
        }
        let mut i = 0;
        while i * i <= x {
            if i * i == x {
                return i + 1000;
            }
            i += 1;
        }
        let y = yield_once(x).await;
        y + 1
    }
}

#[test]
fn return_in_prefix_is_ready() {
    for x in 0..=300 {
        let square = (0..=x).any(|i| i * i == x);
        check(
            x,
            early_return::fast(x),
            early_return::plain(x),
            x % 3 == 0 || x == 7 || square,
        );
    }
}

twins! { let_else:
    async fn f(key: Option<u32>, map: &HashMap<u32, String>) -> usize {
        let Some(k) = key else { return 0 };
        let Some(s) = map.get(&k) else {
            return 1;
        };
        let extra = yield_once(s.len()).await;
        extra + k as usize
    }
}

#[test]
fn let_else_return_is_ready() {
    let map: HashMap<u32, String> = (0..10).map(|k| (k * 2, "x".repeat(k as usize))).collect();
    for key in [None]
        .into_iter()
        .chain((0..25).map(Some))
        .chain([Some(u32::MAX)])
    {
        let expect_ready = key.is_none_or(|k| !map.contains_key(&k));
        check(
            key,
            let_else::fast(key, &map),
            let_else::plain(key, &map),
            expect_ready,
        );
    }
}

twins! { prefix_then_statements:
    /// Statements after the last early exit and before the first await belong
    /// to the boxed remainder; the prefix stops at the last early exit.
    async fn f(x: u32, y: u32) -> (u32, u32) {
        let x = x.checked_sub(2).ok_or(()).map_err(|_| ());
        let x = match x {
            Ok(x) => x,
            Err(()) => return (0, y),
        };
        let y = y * 2;
        if x > y {
            return (x, y);
        }
        let z = x + y;
        let w = yield_once(z).await;
        (w, z)
    }
}

#[test]
fn shadowed_arguments_and_statements_after_the_last_exit() {
    for x in 0..20 {
        for y in 0..10 {
            let expect_ready = x < 2 || x - 2 > y * 2;
            check(
                (x, y),
                prefix_then_statements::fast(x, y),
                prefix_then_statements::plain(x, y),
                expect_ready,
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Rule 4: tail if / if let / else-if chains / if without else / match /
// block, split per branch.
// ---------------------------------------------------------------------------

twins! { tail_if:
    async fn f(x: u32) -> u64 {
        if x > 10 {
            u64::from(x) * 2
        } else {
            let y = yield_once(x).await;
            u64::from(y) + 1
        }
    }
}

#[test]
fn tail_if_splits_per_branch() {
    for x in u32_inputs() {
        check(x, tail_if::fast(x), tail_if::plain(x), x > 10);
    }
}

twins! { tail_if_let:
    async fn f(cache: &HashMap<u32, String>, key: u32) -> String {
        if let Some(hit) = cache.get(&key) {
            hit.clone()
        } else {
            let fetched = yield_once(key).await;
            format!("fetched {fetched}")
        }
    }
}

#[test]
fn tail_if_let_is_the_cache_scenario() {
    let cache: HashMap<u32, String> = (0..50).step_by(3).map(|k| (k, k.to_string())).collect();
    for key in 0..60 {
        check(
            key,
            tail_if_let::fast(&cache, key),
            tail_if_let::plain(&cache, key),
            cache.contains_key(&key),
        );
    }
}

twins! { else_if_chain:
    /// Two boxed branches: the opaque form shares one box between them.
    async fn f(x: i32) -> i64 {
        if x < 0 {
            -i64::from(x)
        } else if x == 0 {
            yield_once(100).await
        } else if x % 2 == 0 {
            let half = x / 2;
            i64::from(half) + 1
        } else if x % 3 == 0 {
            let a = yield_once(i64::from(x)).await;
            let b = yield_once(a * 3).await;
            a + b
        } else {
            i64::from(x)
        }
    }
}

#[test]
fn else_if_chain_splits_every_branch() {
    for x in -20..=40 {
        let expect_ready = x < 0 || (x > 0 && (x % 2 == 0 || x % 3 != 0));
        check(
            x,
            else_if_chain::fast(x),
            else_if_chain::plain(x),
            expect_ready,
        );
    }
}

twins! { if_without_else:
    async fn f(log: &RefCell<Vec<u32>>, x: u32) {
        log.borrow_mut().push(x);
        if x % 2 == 1 {
            let y = yield_once(x * 10).await;
            log.borrow_mut().push(y);
        }
    }
}

#[test]
fn if_without_else_has_a_ready_unit_else() {
    for x in 0..20 {
        let annotated_log = RefCell::new(Vec::new());
        let plain_log = RefCell::new(Vec::new());
        check(
            x,
            if_without_else::fast(&annotated_log, x),
            if_without_else::plain(&plain_log, x),
            x % 2 == 0,
        );
        assert_eq!(annotated_log, plain_log, "log for input {x}");
    }
}

twins! { try_in_condition:
    /// A `?` in a tail condition exits ready (rule 4).
    async fn f(table: &[u32], i: usize) -> Option<u32> {
        if *table.get(i)? > 5 {
            Some(table[i])
        } else {
            let v = yield_once(table[i]).await;
            Some(v + 100)
        }
    }
}

#[test]
fn question_mark_in_tail_condition_is_ready() {
    let table = [1, 9, 3, 7, 5, 6, 0];
    for i in 0..10 {
        let expect_ready = table.get(i).is_none_or(|v| *v > 5);
        check(
            i,
            try_in_condition::fast(&table, i),
            try_in_condition::plain(&table, i),
            expect_ready,
        );
    }
}

twins! { match_guards:
    async fn f(x: u32, y: u32) -> u64 {
        match x {
            0 => 0,
            n if n % 2 == 0 && y > 3 => {
                let a = yield_once(n).await;
                u64::from(a + y)
            }
            n if n < 10 => u64::from(n * y),
            n @ 10..=20 => {
                let m = u64::from(n);
                let w = yield_once(m).await;
                w * 2
            }
            n => {
                if y == 0 {
                    u64::from(n)
                } else {
                    let b = yield_once(y).await;
                    u64::from(n + b)
                }
            }
        }
    }
}

#[test]
fn tail_match_with_guards_and_nested_ifs() {
    for x in 0..40 {
        for y in 0..8 {
            let expect_ready = if x == 0 {
                true
            } else if x % 2 == 0 && y > 3 {
                false
            } else if x < 10 {
                true
            } else if x <= 20 {
                false
            } else {
                y == 0
            };
            check(
                (x, y),
                match_guards::fast(x, y),
                match_guards::plain(x, y),
                expect_ready,
            );
        }
    }
}

fn parse_num(s: &str) -> Result<u32, SmallError> {
    s.parse().map_err(|_| SmallError(s.len() as u32))
}

twins! { match_exits:
    /// `?` in the scrutinee, `return` in an arm, a diverging arm that never
    /// runs, an arm with its own prefix (`?` before an await).
    async fn f(s: &str, extra: Option<u32>) -> Result<u32, BigError> {
        match parse_num(s)? {
            0 => return Ok(0),
            n if n > 1_000_000 => unreachable!("inputs stay small"),
            n if n % 5 == 0 => Err(BigError::Unlucky(n)),
            n if n % 2 == 0 => {
                let e = extra.ok_or(BigError::Small(n))?;
                let v = yield_once(n + e).await;
                Ok(v)
            }
            n => Ok(yield_once(n).await + 1),
        }
    }
}

#[test]
fn tail_match_with_exits_in_scrutinee_and_arms() {
    let strings: Vec<String> = (0..30)
        .map(|n| n.to_string())
        .chain(["".to_owned(), "abc".to_owned(), "-3".to_owned()])
        .collect();
    for s in &strings {
        for extra in [None, Some(1)] {
            let expect_ready = match s.parse::<u32>() {
                Err(_) => true,
                Ok(n) => n == 0 || n % 5 == 0 || (n % 2 == 0 && extra.is_none()),
            };
            check(
                (s, extra),
                match_exits::fast(s, extra),
                match_exits::plain(s, extra),
                expect_ready,
            );
        }
    }
}

#[derive(Debug, Clone)]
enum Command {
    Get(u32),
    Fetch(u32),
    FetchTwo(u32, u32),
    Label(String),
    Nothing,
}

twins! { many_boxed_arms, dyn:
    /// Several boxed arms of different future types, ready arms, nested blocks:
    /// one shared box in the opaque form.
    async fn f(cmd: Command, cache: &HashMap<u32, u32>) -> String {
        match cmd {
            Command::Get(k) => match cache.get(&k) {
                Some(v) => v.to_string(),
                None => "miss".to_owned(),
            },
            Command::Fetch(k) => {
                let v = yield_once(k * 2).await;
                format!("fetched {v}")
            }
            Command::FetchTwo(a, b) => {
                let sum = a + b;
                if sum % 2 == 0 {
                    format!("even {sum}")
                } else {
                    let (x, y) = (yield_once(a).await, yield_once(b.to_string()).await);
                    format!("{x}+{y}")
                }
            }
            Command::Label(label) if label.is_empty() => String::new(),
            Command::Label(label) => {
                let upper = yield_once(label.to_uppercase()).await;
                upper + "!"
            }
            Command::Nothing => {
                let nothing = String::from("nothing");
                nothing
            }
        }
    }
}

fn commands() -> Vec<Command> {
    let mut commands = vec![Command::Nothing, Command::Label(String::new())];
    for k in 0..6 {
        commands.push(Command::Get(k));
        commands.push(Command::Fetch(k));
        commands.push(Command::Label("ab".repeat(k as usize + 1)));
        for j in 0..4 {
            commands.push(Command::FetchTwo(k, j));
        }
    }
    commands
}

/// Which commands `many_boxed_arms` answers without awaiting.
fn command_is_ready(cmd: &Command) -> bool {
    match cmd {
        Command::Get(_) | Command::Nothing => true,
        Command::Fetch(_) => false,
        Command::FetchTwo(a, b) => (a + b) % 2 == 0,
        Command::Label(label) => label.is_empty(),
    }
}

#[test]
fn several_boxed_branches_share_one_box() {
    let cache = HashMap::from([(1, 10), (3, 30)]);
    for cmd in commands() {
        let expect_ready = command_is_ready(&cmd);
        check(
            &cmd,
            many_boxed_arms::fast(cmd.clone(), &cache),
            many_boxed_arms::plain(cmd.clone(), &cache),
            expect_ready,
        );
    }
}

twins! { tail_block:
    async fn f(x: u32) -> u32 {
        let base = x + 1;
        {
            let doubled = base * 2;
            if doubled > 20 {
                doubled
            } else {
                yield_once(doubled).await + base
            }
        }
    }
}

#[test]
fn tail_block_statements_run_at_the_call_and_its_tail_splits() {
    for x in 0..30 {
        check(
            x,
            tail_block::fast(x),
            tail_block::plain(x),
            (x + 1) * 2 > 20,
        );
    }
}

twins! { labeled_tail:
    /// A labeled block is not split (a `break 'label` cannot cross into a
    /// boxed future): with an early exit before it, only that exit is ready.
    async fn f(x: u32) -> u32 {
        if x == 0 {
            return 1;
        }
        'done: {
            if x > 5 {
                break 'done x;
            }
            yield_once(x).await * 3
        }
    }
}

#[test]
fn labeled_tail_block_is_boxed_whole() {
    for x in 0..12 {
        check(x, labeled_tail::fast(x), labeled_tail::plain(x), x == 0);
    }
}

// ---------------------------------------------------------------------------
// Rules 1-2 opacity: early exits and awaits inside closures, async blocks
// and nested fns do not count.
// ---------------------------------------------------------------------------

twins! { exits_in_closures:
    async fn f(x: u32) -> u32 {
        let clamp = |v: u32| -> u32 {
            if v > 10 {
                return 10;
            }
            v
        };
        let checked = |v: u32| -> Option<u32> { v.checked_sub(3)?.checked_mul(2) };
        let c = clamp(x).saturating_add(checked(x).unwrap_or(0));
        yield_once(c).await
    }
}

twins! { exits_in_async_block:
    async fn f(x: u32) -> u32 {
        let inner = async move {
            if x == 0 {
                return None;
            }
            let v: Option<u32> = x.checked_mul(2);
            let doubled = v?;
            Some(yield_once(doubled).await + 1)
        };
        inner.await.map_or(7, |v| v.wrapping_mul(2))
    }
}

twins! { exits_in_nested_fn:
    async fn f(x: u32) -> u32 {
        fn half(v: u32) -> Option<u32> {
            if v % 2 == 1 {
                return None;
            }
            let h = v.checked_div(2)?;
            Some(h)
        }
        let h = half(x);
        yield_once(h.unwrap_or(x)).await
    }
}

#[test]
fn early_exits_in_closures_async_blocks_and_items_do_not_count() {
    for x in u32_inputs() {
        check(
            x,
            exits_in_closures::fast(x),
            exits_in_closures::plain(x),
            false,
        );
        check(
            x,
            exits_in_async_block::fast(x),
            exits_in_async_block::plain(x),
            false,
        );
        check(
            x,
            exits_in_nested_fn::fast(x),
            exits_in_nested_fn::plain(x),
            false,
        );
    }
}

twins! { awaits_in_async_blocks_only:
    /// `.await` inside an async block or closure that is run here by a nested
    /// executor is not an await point of the function: all ready (rule 6).
    async fn f(x: u32) -> u32 {
        let v = block_on(async move { yield_once(x).await + 1 });
        let make = move || async move { yield_once(x * 2).await };
        let w = block_on(make());
        v + w
    }
}

#[test]
fn awaits_inside_async_blocks_are_not_await_points() {
    for x in 0..50 {
        check(
            x,
            awaits_in_async_blocks_only::fast(x),
            awaits_in_async_blocks_only::plain(x),
            true,
        );
    }
}

// ---------------------------------------------------------------------------
// Rule 1: awaiting macros.
// ---------------------------------------------------------------------------

/// Awaits each future in turn. Its tokens hold no `await`: only its name
/// tells the macro that it awaits.
macro_rules! join {
    ($($future:expr),+ $(,)?) => {
        ($($future.await,)+)
    };
}

twins! { assert_await:
    async fn f(x: u32) -> u32 {
        if x == 0 {
            return 0;
        }
        assert_eq!(yield_once(x).await, x);
        x * 2
    }
}

twins! { join:
    async fn f(x: u32) -> u32 {
        if x > 100 {
            return 0;
        }
        let (a, b) = join!(yield_once(x), yield_once(x + 1));
        a + b
    }
}

twins! { tail_format_await:
    async fn f(x: u32) -> String {
        let label = format!("x={x}");
        if x % 4 == 0 {
            return label;
        }
        format!("{label}, awaited {}", yield_once(x * x).await)
    }
}

twins! { plain_macros:
    /// `format!` / `vec!` without `await` in their tokens are not await points.
    async fn f(x: u32) -> Vec<String> {
        let s = format!("{x:04}");
        vec![s.clone(), s.repeat(2)]
    }
}

#[test]
fn awaiting_macros_are_await_points() {
    for x in (0..30).chain([99, 100, 101, 200]) {
        check(x, assert_await::fast(x), assert_await::plain(x), x == 0);
        check(x, join::fast(x), join::plain(x), x > 100);
        check(
            x,
            tail_format_await::fast(x),
            tail_format_await::plain(x),
            x % 4 == 0,
        );
        check(x, plain_macros::fast(x), plain_macros::plain(x), true);
    }
}

// ---------------------------------------------------------------------------
// Rule 6: no await at all, everything ready. Rule 7: no early exit, boxed
// whole.
// ---------------------------------------------------------------------------

twins! { no_await:
    async fn f(v: &[i64]) -> Result<i64, String> {
        let first = *v.first().ok_or("empty")?;
        let mut sum = 0;
        for x in v {
            if *x < 0 {
                return Err(format!("negative {x}"));
            }
            sum += x;
        }
        Ok(sum - first)
    }
}

twins! { no_await_unit:
    async fn f(log: &RefCell<Vec<u32>>, x: u32) {
        if x == 3 {
            return;
        }
        log.borrow_mut().push(x);
    }
}

twins! { empty:
    async fn f() {}
}

#[test]
fn bodies_without_await_are_always_ready() {
    let slices: [&[i64]; 6] = [&[], &[1], &[1, 2, 3], &[4, -1, 2], &[-7], &[10, 20]];
    for v in slices {
        check(v, no_await::fast(v), no_await::plain(v), true);
    }
    for x in 0..8 {
        let annotated_log = RefCell::new(Vec::new());
        let plain_log = RefCell::new(Vec::new());
        check(
            x,
            no_await_unit::fast(&annotated_log, x),
            no_await_unit::plain(&plain_log, x),
            true,
        );
        assert_eq!(annotated_log, plain_log);
    }
    check((), empty::fast(), empty::plain(), true);
}

twins! { boxed_whole:
    async fn f(x: u32) -> u32 {
        let y = if x > 5 { yield_once(x).await } else { x };
        y + 1
    }
}

twins! { exit_after_await:
    async fn f(x: u32) -> u32 {
        let v = yield_once(x).await;
        if v > 3 {
            return 1;
        }
        let w = v.checked_sub(1).unwrap_or(9);
        w
    }
}

#[test]
fn no_early_exit_boxes_the_whole_body() {
    for x in 0..12 {
        check(x, boxed_whole::fast(x), boxed_whole::plain(x), false);
        check(
            x,
            exit_after_await::fast(x),
            exit_after_await::plain(x),
            false,
        );
    }
}

// ---------------------------------------------------------------------------
// Coercions: `&String` returned where `&str` is the output, on ready and
// boxed paths, by `return` and by tail.
// ---------------------------------------------------------------------------

/// The map `coerce_str` reads: an empty value at 2.
fn coerce_map() -> HashMap<u32, String> {
    HashMap::from([
        (1, "one".to_owned()),
        (2, String::new()),
        (5, "five".to_owned()),
    ])
}

twins! { coerce_str, dyn:
    async fn f<'a>(map: &'a HashMap<u32, String>, k: u32, fallback: &'a String) -> &'a str {
        if let Some(s) = map.get(&k) {
            if s.is_empty() {
                return fallback;
            }
            return s;
        }
        let next = yield_once(k + 1).await;
        if let Some(s) = map.get(&next) {
            return s;
        }
        fallback
    }
}

twins! { coerce_tail_if:
    async fn f<'a>(name: &'a String, wait: bool) -> &'a str {
        if wait {
            yield_once(()).await;
            name
        } else {
            name
        }
    }
}

#[test]
fn string_refs_coerce_to_str_on_every_path() {
    let map = coerce_map();
    let fallback = "fallback".to_owned();
    for k in 0..8 {
        check(
            k,
            coerce_str::fast(&map, k, &fallback),
            coerce_str::plain(&map, k, &fallback),
            map.contains_key(&k),
        );
    }
    for wait in [false, true] {
        check(
            wait,
            coerce_tail_if::fast(&fallback, wait),
            coerce_tail_if::plain(&fallback, wait),
            !wait,
        );
    }
}

// ---------------------------------------------------------------------------
// Methods with every receiver: on an annotated inherent impl block, and
// fn-level inside a plain impl. Plain twins live in a plain impl.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct Account {
    name: String,
    balance: u64,
    history: Vec<u64>,
}

impl Account {
    fn new(balance: u64) -> Self {
        Account {
            name: format!("acct-{balance}"),
            balance,
            history: Vec::new(),
        }
    }
}

twins! {
    #[fast_async]
    impl Account {
        async fn fa_by_value / plain_by_value(self, x: u64) -> u64 {
            if x == 0 {
                return self.balance;
            }
            yield_once(()).await;
            self.balance + x
        }

        async fn fa_by_ref / plain_by_ref(&self, x: u64) -> u64 {
            if self.balance >= x {
                self.balance - x
            } else {
                yield_once(x - self.balance).await
            }
        }

        async fn fa_by_mut / plain_by_mut(&mut self, x: u64) -> usize {
            self.history.push(x);
            if x % 2 == 0 {
                return self.history.len();
            }
            let y = yield_once(x * 3).await;
            self.balance += y;
            self.history.push(y);
            self.history.len()
        }

        async fn fa_by_box / plain_by_box(self: Box<Self>, x: u64) -> String {
            if x > 10 {
                return self.name;
            }
            let suffix = yield_once(x).await;
            format!("{}#{suffix}", self.name)
        }

        async fn fa_by_arc / plain_by_arc(self: Arc<Self>, x: u64) -> u64 {
            let balance = self.balance.checked_sub(x).ok_or(());
            match balance {
                Ok(b) => b,
                Err(()) => yield_once(self.balance).await + 1_000,
            }
        }

        async fn fa_by_pin / plain_by_pin(mut self: Pin<&mut Self>, x: u64) -> u64 {
            self.balance += x;
            if self.balance % 3 != 0 {
                return self.balance;
            }
            let add = yield_once(1).await;
            self.balance += add;
            self.balance
        }

        async fn fa_by_mut_value / plain_by_mut_value(mut self, x: u64) -> Account {
            if x == 0 {
                return self;
            }
            self.balance = yield_once(x).await;
            self
        }

        /// A reference tied to `&self`, returned ready and boxed.
        async fn fa_name_or / plain_name_or(&self, wait: bool) -> &str {
            if !wait {
                return &self.name;
            }
            yield_once(()).await;
            &self.name[..4]
        }

        /// `Self` in the output, no receiver.
        async fn fa_open / plain_open(balance: u64) -> Self {
            if balance == 0 {
                return Self::new(0);
            }
            Self::new(yield_once(balance).await)
        }
    }
}

/// Fn-level attributes inside a plain impl, mixed with plain methods.
impl Account {
    #[fast_async]
    async fn fl_by_ref(&self, x: u64) -> u64 {
        if self.balance >= x {
            self.balance - x
        } else {
            yield_once(x - self.balance).await
        }
    }

    #[fast_async]
    async fn fl_by_mut(&mut self, x: u64) -> usize {
        self.history.push(x);
        if x % 2 == 0 {
            return self.history.len();
        }
        let y = yield_once(x * 3).await;
        self.balance += y;
        self.history.push(y);
        self.history.len()
    }

    #[fast_async]
    async fn fl_by_box(self: Box<Self>, x: u64) -> String {
        if x > 10 {
            return self.name;
        }
        let suffix = yield_once(x).await;
        format!("{}#{suffix}", self.name)
    }

    #[fast_async]
    async fn fl_by_pin(mut self: Pin<&mut Self>, x: u64) -> u64 {
        self.balance += x;
        if self.balance % 3 != 0 {
            return self.balance;
        }
        let add = yield_once(1).await;
        self.balance += add;
        self.balance
    }
}

#[test]
fn methods_with_every_receiver() {
    for balance in [0, 1, 5, 9, 10, 30] {
        for x in 0..14 {
            let acct = Account::new(balance);
            check(
                (balance, x, "self"),
                acct.clone().fa_by_value(x),
                acct.clone().plain_by_value(x),
                x == 0,
            );
            check(
                (balance, x, "&self"),
                acct.fa_by_ref(x),
                acct.plain_by_ref(x),
                balance >= x,
            );
            check(
                (balance, x, "&self fn-level"),
                acct.fl_by_ref(x),
                acct.plain_by_ref(x),
                balance >= x,
            );

            let (mut a, mut p, mut f) = (acct.clone(), acct.clone(), acct.clone());
            check(
                (balance, x, "&mut self"),
                a.fa_by_mut(x),
                p.plain_by_mut(x),
                x % 2 == 0,
            );
            check(
                (balance, x, "&mut self fn-level"),
                f.fl_by_mut(x),
                acct.clone().plain_by_mut(x),
                x % 2 == 0,
            );
            assert_eq!(a, p, "state after &mut self");
            assert_eq!(f, p, "state after fn-level &mut self");

            check(
                (balance, x, "Box<Self>"),
                Box::new(acct.clone()).fa_by_box(x),
                Box::new(acct.clone()).plain_by_box(x),
                x > 10,
            );
            check(
                (balance, x, "Box<Self> fn-level"),
                Box::new(acct.clone()).fl_by_box(x),
                Box::new(acct.clone()).plain_by_box(x),
                x > 10,
            );
            check(
                (balance, x, "Arc<Self>"),
                Arc::new(acct.clone()).fa_by_arc(x),
                Arc::new(acct.clone()).plain_by_arc(x),
                balance >= x,
            );

            let (mut a, mut p, mut f) = (acct.clone(), acct.clone(), acct.clone());
            let expect_ready = (balance + x) % 3 != 0;
            check(
                (balance, x, "Pin<&mut Self>"),
                Pin::new(&mut a).fa_by_pin(x),
                Pin::new(&mut p).plain_by_pin(x),
                expect_ready,
            );
            check(
                (balance, x, "Pin<&mut Self> fn-level"),
                Pin::new(&mut f).fl_by_pin(x),
                Pin::new(&mut acct.clone()).plain_by_pin(x),
                expect_ready,
            );
            assert_eq!(a, p, "state after Pin<&mut Self>");
            assert_eq!(f, p, "state after fn-level Pin<&mut Self>");

            check(
                (balance, x, "mut self"),
                acct.clone().fa_by_mut_value(x),
                acct.clone().plain_by_mut_value(x),
                x == 0,
            );
        }
        let acct = Account::new(balance);
        for wait in [false, true] {
            check(
                (balance, wait),
                acct.fa_name_or(wait),
                acct.plain_name_or(wait),
                !wait,
            );
        }
        check(
            balance,
            Account::fa_open(balance),
            Account::plain_open(balance),
            balance == 0,
        );
    }
}

// ---------------------------------------------------------------------------
// Argument shapes: `mut`, destructured tuple and struct, `_`, `impl Trait`,
// generics with where-clauses, const generics, `unsafe fn`, unit output.
// ---------------------------------------------------------------------------

twins! { mut_args:
    /// `v` is mutated at the call and in the boxed part; `n` only in the boxed
    /// part (its `mut` moves into the future).
    async fn f(mut v: Vec<u32>, mut n: u32, flag: bool) -> (Vec<u32>, u32) {
        v.push(1);
        if flag {
            return (v, 0);
        }
        n += yield_once(1).await;
        v.push(n);
        (v, n)
    }
}

#[derive(Debug, Clone, Copy)]
struct Point {
    x: i32,
    y: i32,
}

twins! { destructured:
    async fn f((a, b): (i32, i32), Point { x, y }: Point, [first, ..]: [u8; 3]) -> i32 {
        if a == x {
            return b + y;
        }
        let d = yield_once(a - x).await;
        d * (b - y) + i32::from(first)
    }
}

twins! { wildcards:
    async fn f(_: String, x: u32, _: Vec<u8>) -> u32 {
        if x < 3 {
            return x;
        }
        yield_once(x).await * 2
    }
}

#[test]
fn mut_destructured_and_wildcard_arguments() {
    for n in 0..4 {
        for flag in [false, true] {
            check(
                (n, flag),
                mut_args::fast(vec![n], n, flag),
                mut_args::plain(vec![n], n, flag),
                flag,
            );
        }
    }
    for a in -2..3 {
        for x in -2..3 {
            let p = Point { x, y: x * 5 };
            check(
                (a, x),
                destructured::fast((a, a * 3), p, [7, 8, 9]),
                destructured::plain((a, a * 3), p, [7, 8, 9]),
                a == x,
            );
        }
    }
    for x in 0..8 {
        check(
            x,
            wildcards::fast(String::from("s"), x, vec![1]),
            wildcards::plain(String::from("s"), x, vec![1]),
            x < 3,
        );
    }
}

twins! { impl_trait_args:
    async fn f(
        f: impl Fn(u32) -> u32,
        items: impl IntoIterator<Item = u32>,
        label: impl AsRef<str>,
    ) -> String {
        let total: u32 = items.into_iter().map(&f).sum();
        if total % 2 == 0 {
            return format!("{}: {total}", label.as_ref());
        }
        let more = yield_once(f(total)).await;
        format!("{}: {total} then {more}", label.as_ref())
    }
}

twins! { generic_where:
    async fn f<K, V>(map: &HashMap<K, V>, key: K, default: V) -> V
    where
        K: std::hash::Hash + Eq + Debug,
        V: Clone + Debug,
    {
        if let Some(v) = map.get(&key) {
            return v.clone();
        }
        let fetched = yield_once(default).await;
        fetched
    }
}

twins! { const_generic:
    async fn f<const N: usize, T: Copy + Into<u64>>(items: [T; N], i: usize) -> u64 {
        let Some(&item) = items.get(i) else {
            return N as u64;
        };
        let item: u64 = item.into();
        yield_once(item).await + N as u64
    }
}

#[test]
fn impl_trait_generic_and_const_generic_arguments() {
    for n in 0..6 {
        let items: Vec<u32> = (0..n).collect();
        let total: u32 = items.iter().map(|x| x * 3).sum();
        check(
            n,
            impl_trait_args::fast(|x| x * 3, items.clone(), "sum"),
            impl_trait_args::plain(|x| x * 3, items.clone(), "sum"),
            total % 2 == 0,
        );
    }
    let map: HashMap<&str, Vec<u8>> = HashMap::from([("a", vec![1]), ("b", vec![])]);
    for key in ["a", "b", "c", ""] {
        check(
            key,
            generic_where::fast(&map, key, vec![9]),
            generic_where::plain(&map, key, vec![9]),
            map.contains_key(key),
        );
    }
    for i in 0..6 {
        check(
            i,
            const_generic::fast([1u8, 2, 3], i),
            const_generic::plain([1u8, 2, 3], i),
            i >= 3,
        );
        check(
            i,
            const_generic::fast::<0, u32>([], i),
            const_generic::plain::<0, u32>([], i),
            true,
        );
    }
}

/// # Safety
/// `p` must point to a live `u32`.
#[fast_async]
async unsafe fn fa_unsafe_read(p: *const u32, wait: bool) -> u32 {
    // SAFETY: the caller promises `p` is valid.
    let v = unsafe { *p };
    if !wait {
        return v;
    }
    yield_once(v).await + 1
}

/// # Safety
/// `p` must point to a live `u32`.
async unsafe fn plain_unsafe_read(p: *const u32, wait: bool) -> u32 {
    // SAFETY: the caller promises `p` is valid.
    let v = unsafe { *p };
    if !wait {
        return v;
    }
    yield_once(v).await + 1
}

#[test]
fn unsafe_fn() {
    let value = 41;
    for wait in [false, true] {
        // SAFETY: `value` outlives both futures.
        let (annotated, plain) = unsafe {
            (
                fa_unsafe_read(&value, wait),
                plain_unsafe_read(&value, wait),
            )
        };
        check(wait, annotated, plain, !wait);
    }
}

twins! { unit:
    async fn f(log: &RefCell<Vec<String>>, x: u32) {
        if x == 0 {
            return;
        }
        log.borrow_mut().push(format!("start {x}"));
        if x == 1 {
            return log.borrow_mut().push("one".to_owned());
        }
        let y = yield_once(x).await;
        log.borrow_mut().push(format!("end {y}"));
    }
}

#[test]
fn unit_returning_fn() {
    for x in 0..5 {
        let annotated_log = RefCell::new(Vec::new());
        let plain_log = RefCell::new(Vec::new());
        check(
            x,
            unit::fast(&annotated_log, x),
            unit::plain(&plain_log, x),
            x < 2,
        );
        assert_eq!(annotated_log, plain_log, "log for input {x}");
    }
}

twins! { impl_output:
    /// An output that is itself `impl Trait`.
    async fn f(x: u32) -> impl std::fmt::Display {
        if x % 2 == 0 {
            return x * 10;
        }
        yield_once(x).await
    }
}

#[test]
fn impl_trait_output() {
    for x in 0..10 {
        let annotated = impl_output::fast(x);
        assert_eq!(annotated.is_ready(), x % 2 == 0);
        let (a, a_polls) = drive(annotated);
        let (p, p_polls) = drive(impl_output::plain(x));
        assert_eq!(a.to_string(), p.to_string());
        assert_eq!(a_polls, p_polls);
    }
}

// ---------------------------------------------------------------------------
// The dyn form, on free fns and methods (`#[fast_async(dyn)]`,
// `#[fast_async(dyn, ?Send)]`, `#[fast_async(dyn)] impl`, a trait).
// ---------------------------------------------------------------------------

twins! { local_rc(dyn, ?Send):
    async fn f(counter: Rc<Cell<u32>>, x: u32) -> u32 {
        counter.set(counter.get() + x);
        if counter.get() % 2 == 0 {
            return counter.get();
        }
        let add = yield_once(1).await;
        counter.set(counter.get() + add);
        counter.get()
    }
}

#[test]
fn dyn_form_free_functions() {
    for x in u32_inputs() {
        let annotated: FastFuture<'_, _> = try_result::fast_dyn(x);
        check(x, annotated, try_result::plain(x), x >= 50 || x % 7 == 3);
    }
    let cache = HashMap::from([(1, 10), (3, 30)]);
    for cmd in commands() {
        let expect_ready = command_is_ready(&cmd);
        check(
            &cmd,
            many_boxed_arms::fast_dyn(cmd.clone(), &cache),
            many_boxed_arms::plain(cmd.clone(), &cache),
            expect_ready,
        );
    }
    let map = coerce_map();
    let fallback = "fallback".to_owned();
    for k in 0..8 {
        check(
            k,
            coerce_str::fast_dyn(&map, k, &fallback),
            coerce_str::plain(&map, k, &fallback),
            map.contains_key(&k),
        );
    }
    for start in 0..4 {
        for x in 0..4 {
            let annotated_counter = Rc::new(Cell::new(start));
            let plain_counter = Rc::new(Cell::new(start));
            let annotated: LocalFastFuture<'_, _> = local_rc::fast(annotated_counter.clone(), x);
            check(
                (start, x),
                annotated,
                local_rc::plain(plain_counter.clone(), x),
                (start + x) % 2 == 0,
            );
            assert_eq!(annotated_counter.get(), plain_counter.get());
        }
    }
}

/// Fn-level `dyn` on inherent methods.
impl Account {
    #[fast_async(dyn)]
    async fn dyn_by_ref(&self, x: u64) -> u64 {
        if self.balance >= x {
            self.balance - x
        } else {
            yield_once(x - self.balance).await
        }
    }

    #[fast_async(dyn)]
    async fn dyn_name_or(&self, wait: bool) -> &str {
        if !wait {
            return &self.name;
        }
        yield_once(()).await;
        &self.name[..4]
    }
}

/// `dyn` on an inherent impl block.
#[fast_async(dyn)]
impl Account {
    async fn dyn_by_mut(&mut self, x: u64) -> usize {
        self.history.push(x);
        if x % 2 == 0 {
            return self.history.len();
        }
        let y = yield_once(x * 3).await;
        self.balance += y;
        self.history.push(y);
        self.history.len()
    }

    async fn dyn_by_value(self, x: u64) -> u64 {
        if x == 0 {
            return self.balance;
        }
        yield_once(()).await;
        self.balance + x
    }

    async fn dyn_by_arc(self: Arc<Self>, x: u64) -> u64 {
        let balance = self.balance.checked_sub(x).ok_or(());
        match balance {
            Ok(b) => b,
            Err(()) => yield_once(self.balance).await + 1_000,
        }
    }
}

#[test]
fn dyn_form_methods() {
    for balance in [0, 3, 10] {
        for x in 0..12 {
            let acct = Account::new(balance);
            check(
                (balance, x),
                acct.dyn_by_ref(x),
                acct.plain_by_ref(x),
                balance >= x,
            );
            let (mut a, mut p) = (acct.clone(), acct.clone());
            check((balance, x), a.dyn_by_mut(x), p.plain_by_mut(x), x % 2 == 0);
            assert_eq!(a, p);
            check(
                (balance, x),
                acct.clone().dyn_by_value(x),
                acct.clone().plain_by_value(x),
                x == 0,
            );
            check(
                (balance, x),
                Arc::new(acct.clone()).dyn_by_arc(x),
                Arc::new(acct.clone()).plain_by_arc(x),
                balance >= x,
            );
        }
        let acct = Account::new(balance);
        for wait in [false, true] {
            check(
                (balance, wait),
                acct.dyn_name_or(wait),
                acct.plain_name_or(wait),
                !wait,
            );
        }
    }
}

/// A dyn-compatible trait, used through `&dyn`.
#[fast_async]
trait Store {
    async fn get(&self, key: u32) -> Option<String>;

    async fn len_of(&self, key: u32) -> usize {
        let Some(value) = self.get(key).await else {
            return 0;
        };
        value.len()
    }
}

struct MapStore {
    map: HashMap<u32, String>,
}

#[fast_async]
impl Store for MapStore {
    async fn get(&self, key: u32) -> Option<String> {
        if key % 10 == 0 {
            return None;
        }
        match self.map.get(&key) {
            Some(hit) => Some(hit.clone()),
            None => Some(yield_once(format!("slow {key}")).await),
        }
    }
}

impl MapStore {
    async fn plain_get(&self, key: u32) -> Option<String> {
        if key % 10 == 0 {
            return None;
        }
        match self.map.get(&key) {
            Some(hit) => Some(hit.clone()),
            None => Some(yield_once(format!("slow {key}")).await),
        }
    }

    async fn plain_len_of(&self, key: u32) -> usize {
        let Some(value) = self.plain_get(key).await else {
            return 0;
        };
        value.len()
    }
}

#[test]
fn dyn_trait_methods_and_default_bodies() {
    let store = MapStore {
        map: (1..6).map(|k| (k, "v".repeat(k as usize))).collect(),
    };
    let dyn_store: &(dyn Store + Sync) = &store;
    for key in 0..25 {
        check(
            key,
            dyn_store.get(key),
            store.plain_get(key),
            key % 10 == 0 || store.map.contains_key(&key),
        );
        // The default body awaits first: boxed whole (rule 7).
        check(key, dyn_store.len_of(key), store.plain_len_of(key), false);
    }
}
