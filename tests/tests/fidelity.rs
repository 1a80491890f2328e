//! Issue 10 (fidelity): shapes on which `#[fast_async]` once changed what the
//! `async fn` meant or rejected it. Each case is written once; `twins!` makes
//! the annotated fn and its plain twin, compared on outputs, readiness and
//! drop logs (poll by poll).
// The shapes under test are written as users wrote them.
#![allow(clippy::question_mark)]
#![deny(unused_mut, unused_variables, unreachable_code)]

use std::sync::Arc;

use fast_async::{fast_async, MaybeReady};
use fast_async_tests::drops::{compare, push, Log, Noisy};
use fast_async_tests::{block_on, twins, yield_once};
use tokio::sync::{Semaphore, TryAcquireError};

/// Compares outputs and readiness over `inputs`.
#[track_caller]
fn same<I: Copy + std::fmt::Debug, A, P>(
    inputs: impl IntoIterator<Item = I>,
    fast: impl Fn(I) -> A,
    plain: impl Fn(I) -> P,
    ready: impl Fn(I) -> bool,
) where
    A: MaybeReady,
    P: std::future::Future<Output = A::Output>,
    A::Output: PartialEq + std::fmt::Debug,
{
    for input in inputs {
        let future = fast(input);
        assert_eq!(future.is_ready(), ready(input), "is_ready() for {input:?}");
        assert_eq!(
            block_on(future),
            block_on(plain(input)),
            "output for {input:?}"
        );
    }
}

// 1. Locals used in the synchronous part are held until completion.

twins! { limited:
    async fn limited(sem: Arc<Semaphore>) -> Result<usize, TryAcquireError> {
        let permit = sem.clone().try_acquire_owned()?;
        if permit.num_permits() > 1 {
            return Ok(0);
        }
        yield_once(()).await; // meant to run under the permit
        Ok(sem.available_permits())
    }
}

#[test]
fn a_permit_read_at_the_call_is_held_until_completion() {
    let run = |future: &mut dyn FnMut(Arc<Semaphore>) -> usize| {
        let sem = Arc::new(Semaphore::new(1));
        future(sem)
    };
    let fast = run(&mut |sem| block_on(limited::fast(sem)).unwrap());
    let plain = run(&mut |sem| block_on(limited::plain(sem)).unwrap());
    assert_eq!((fast, plain), (0, 0));
    let busy = Arc::new(Semaphore::new(0));
    assert!(limited::fast(busy.clone()).is_ready());
    assert_eq!(
        block_on(limited::fast(busy.clone())),
        block_on(limited::plain(busy))
    );
}

twins! { guard_in_exit:
    async fn guard_in_exit(log: Log, x: u32) -> u32 {
        let guard = Noisy::new("guard", &log);
        if guard.name.len() as u32 == x {
            return 0;
        }
        yield_once(()).await;
        push(&log, "after await");
        1
    }
}

twins! { shadowed:
    async fn shadowed(log: Log, x: u32) -> usize {
        let a = Noisy::new("a1", &log);
        push(&log, a.name);
        let a = Noisy::new("a2", &log);
        if x == 0 {
            return 0;
        }
        yield_once(()).await;
        push(&log, "after await");
        a.name.len()
    }
}

twins! { temporary_in_scrutinee:
    async fn temporary_in_scrutinee(log: Log, x: u32) -> u32 {
        match Noisy::new("temporary", &log).name.len() as u32 {
            n if n == x => 0,
            _ => {
                yield_once(()).await;
                push(&log, "in the arm");
                1
            }
        }
    }
}

#[test]
fn locals_and_temporaries_drop_as_in_the_async_fn() {
    for x in [0, 5, 9] {
        compare(
            ("guard", x),
            |log| guard_in_exit::fast(log.clone(), x),
            |log| guard_in_exit::plain(log.clone(), x),
            x == 5,
        );
        compare(
            ("shadowed", x),
            |log| shadowed::fast(log.clone(), x),
            |log| shadowed::plain(log.clone(), x),
            false,
        );
        compare(
            ("temporary", x),
            |log| temporary_in_scrutinee::fast(log.clone(), x),
            |log| temporary_in_scrutinee::plain(log.clone(), x),
            false,
        );
    }
}

// 4. Valid code that was rejected.

type Unit = ();

twins! { unit_alias:
    async fn unit_alias(x: u32) -> Unit {
        if x == 0 {
            return;
        }
        yield_once(()).await;
    }
}

twins! { unit_alias_no_await:
    async fn unit_alias_no_await(log: Log, x: u32) -> Unit {
        if x == 0 {
            return;
        }
        push(&log, "ran");
    }
}

macro_rules! unit_through_macro {
    ($unit:ty) => {
        twins! { unit_macro:
            async fn unit_macro(x: u32) -> $unit {
                if x == 0 {
                    return;
                }
                let _ = x;
            }
        }
    };
}
unit_through_macro!(());

twins! { borrow_then_owned:
    async fn borrow_then_owned(s: String) -> Option<String> {
        let Some(w) = s.split_whitespace().next() else {
            return None;
        };
        let w = w.to_owned();
        Some(yield_once(w).await)
    }
}

#[fast_async]
async fn ready_fn(x: u32) -> u32 {
    x * 10
}

twins! { borrowed_across_a_ready_point:
    async fn borrowed_across_a_ready_point(x: u32) -> u32 {
        let v = vec![x];
        let r = &v;
        let w = ready_fn(x).await;
        r.len() as u32 + w
    }
}

async fn send_u32(x: u32) -> Result<u32, String> {
    yield_once(x)
        .await
        .checked_sub(1)
        .ok_or_else(|| "zero".to_owned())
}

macro_rules! call {
    ($e:expr) => {
        send_u32($e).await
    };
}

twins! { awaiting_user_macro:
    async fn awaiting_user_macro(x: u32) -> Result<u32, String> {
        if x > 10 {
            return Ok(0);
        }
        let r = call!(x)?;
        Ok(r + 1)
    }
}

twins! { closure_over_a_local:
    async fn closure_over_a_local(x: u32) -> usize {
        let v = vec![x; x as usize];
        let len = || v.len();
        if len() == 0 {
            return 0;
        }
        yield_once(()).await;
        len()
    }
}

// bore's `Server::create_listener`: a closure that is not `move` copies a
// reference argument (or `self`) into each `async move` it makes, so it
// borrows the argument's variable; the box that calls it cannot hold both.
twins! { closure_over_a_reference_argument:
    async fn closure_over_a_reference_argument(base: &'static u32, port: u32) -> Result<u32, ()> {
        let bind = |port: u32| async move { yield_once(*base + port).await };
        if port > 100 {
            return Err(());
        }
        Ok(bind(port).await)
    }
}

twins! { closure_over_a_copy_argument:
    async fn closure_over_a_copy_argument(base: u32, port: u32) -> Result<u32, ()> {
        let bind = |port: u32| async move { yield_once(base + port).await };
        if port > 100 {
            return Err(());
        }
        Ok(bind(port).await)
    }
}

twins! { trimmed_argument:
    async fn trimmed_argument(key: String) -> usize {
        let trimmed: &str = key.trim();
        if trimmed.is_empty() {
            return 0;
        }
        yield_once(trimmed.len()).await
    }
}

twins! { pinned_in_prefix:
    async fn pinned_in_prefix(key: u32) -> u32 {
        let pending = std::pin::pin!(yield_once(key));
        if key == 0 {
            return 0;
        }
        pending.await
    }
}

macro_rules! parse {
    ($text:expr) => {
        $text.parse::<u32>().map_err(|_| ())?
    };
}

twins! { question_mark_in_macro:
    async fn question_mark_in_macro(text: &'static str) -> Result<u32, ()> {
        let key = parse!(text);
        if key == 1 {
            return Ok(1);
        }
        Ok(yield_once(key).await)
    }
}

macro_rules! bail_if_zero {
    ($x:expr) => {
        if $x == 0 {
            return 100;
        }
    };
}

twins! { return_in_macro:
    async fn return_in_macro(x: u32) -> u32 {
        bail_if_zero!(x);
        yield_once(x).await
    }
}

/// async-lock's `OnceCell::wait`: a listener macro pins a local the rest
/// awaits; the first exit keeps its fast path.
macro_rules! listener {
    ($l:ident) => {
        let $l = std::pin::pin!(yield_once(()));
    };
}

fn get(x: u32) -> Option<u32> {
    (x % 2 == 0).then_some(x)
}

twins! { listener_shape:
    async fn listener_shape(x: u32) -> u32 {
        if let Some(v) = get(x) {
            return v;
        }
        listener!(l);
        if let Some(v) = get(x + 2) {
            return v;
        }
        l.await;
        x + 1
    }
}

twins! { user_lifetime:
    async fn user_lifetime<'fast_async>(text: &'fast_async str, wait: bool) -> usize {
        if !wait {
            return text.len();
        }
        yield_once(text.len()).await
    }
}

#[fast_async(dyn)]
async fn user_lifetime_dyn<'fast_async>(text: &'fast_async str, wait: bool) -> &'fast_async str {
    if !wait {
        return text;
    }
    yield_once(text).await
}

/// A user method that may return a borrow of an owned local
/// (object_store's `let a = c.auth()?;`): what uses it after an await runs
/// in the box beside what it borrows.
struct Credentials(String);

impl Credentials {
    fn auth(&self) -> Result<&str, String> {
        if self.0.is_empty() {
            Err("no key".to_owned())
        } else {
            Ok(&self.0)
        }
    }
}

#[fast_async]
async fn credentials(key: &'static str) -> Result<Credentials, String> {
    Ok(Credentials(key.to_owned()))
}

async fn send(auth: &str) -> Result<usize, String> {
    Ok(yield_once(auth.len()).await)
}

twins! { borrow_between_points:
    async fn borrow_between_points(key: &'static str) -> Result<usize, String> {
        let c = credentials(key).await?;
        let a = c.auth()?;
        let r = send(a).await?;
        Ok(r + 1)
    }
}

struct Holder(Vec<u8>);

impl Holder {
    fn view(&self) -> &[u8] {
        &self.0
    }
}

twins! { view_of_an_argument:
    async fn view_of_an_argument(holder: Holder, wait: bool) -> usize {
        let view = holder.view();
        if !wait {
            return view.len();
        }
        yield_once(view.len()).await
    }
}

// ractor's `#[cfg]`-ed tails: whichever block the `cfg` keeps is the value
// (the macro sees both: an awaiting one boxes the tail).
twins! { cfg_tails:
    async fn cfg_tails(x: u32) -> u32 {
        if x == 0 {
            return 0;
        }
        #[cfg(not(any()))]
        {
            yield_once(x).await + 1
        }
        #[cfg(any())]
        {
            x
        }
    }
}

twins! { cfg_tails_ready:
    async fn cfg_tails_ready(x: u32) -> u32 {
        if x == 0 {
            return 0;
        }
        #[cfg(any())]
        {
            yield_once(x).await + 1
        }
        #[cfg(not(any()))]
        {
            x * 2
        }
    }
}

struct Switch {
    limit: Option<u32>,
    pool: Vec<u32>,
}

// ractor's `identify_stuck_workers`: a tail `if let` binds a borrow
// through a `&mut` argument that its awaiting branch uses beside the
// argument itself.
twins! { borrow_through_a_mut_argument:
    async fn borrow_through_a_mut_argument(switch: &mut Switch) -> u32 {
        switch.pool.push(1);
        if let Some(limit) = &switch.limit {
            for worker in switch.pool.iter_mut() {
                *worker += *limit;
            }
            yield_once(*limit).await
        } else {
            0
        }
    }
}

#[test]
fn valid_code_compiles_and_means_the_same() {
    same(0..3, cfg_tails::fast, cfg_tails::plain, |x| x == 0);
    same(0..3, cfg_tails_ready::fast, cfg_tails_ready::plain, |x| {
        x == 0
    });
    for limit in [None, Some(3)] {
        let mut fast = Switch {
            limit,
            pool: vec![],
        };
        let mut plain = Switch {
            limit,
            pool: vec![],
        };
        assert_eq!(
            block_on(borrow_through_a_mut_argument::fast(&mut fast)),
            block_on(borrow_through_a_mut_argument::plain(&mut plain))
        );
        assert_eq!(fast.pool, plain.pool);
    }
    same(
        ["", "key"],
        borrow_between_points::fast,
        borrow_between_points::plain,
        |_| false,
    );
    for wait in [false, true] {
        let fast = view_of_an_argument::fast(Holder(vec![1, 2]), wait);
        assert!(!fast.is_ready(), "`view` borrows `holder`: boxed whole");
        assert_eq!(
            block_on(fast),
            block_on(view_of_an_argument::plain(Holder(vec![1, 2]), wait))
        );
    }
    same(0..4, unit_alias::fast, unit_alias::plain, |x| x == 0);
    same(0..4, unit_macro::fast, unit_macro::plain, |_| true);
    for x in 0..3 {
        compare(
            ("unit alias", x),
            |log| unit_alias_no_await::fast(log.clone(), x),
            |log| unit_alias_no_await::plain(log.clone(), x),
            true,
        );
    }
    for text in ["", "  ", "one two", " x "] {
        let fast = borrow_then_owned::fast(text.to_owned());
        assert_eq!(fast.is_ready(), text.trim().is_empty());
        assert_eq!(
            block_on(fast),
            block_on(borrow_then_owned::plain(text.to_owned()))
        );
        // `trimmed` borrows `key` and the box needs it: boxed whole.
        let fast = trimmed_argument::fast(text.to_owned());
        assert!(!fast.is_ready());
        assert_eq!(
            block_on(fast),
            block_on(trimmed_argument::plain(text.to_owned()))
        );
    }
    same(
        0..4,
        borrowed_across_a_ready_point::fast,
        borrowed_across_a_ready_point::plain,
        |_| false,
    );
    same(
        0..13,
        awaiting_user_macro::fast,
        awaiting_user_macro::plain,
        |x| x > 10,
    );
    // The closures borrow an argument's variable and the box calls them:
    // boxed from their `let` on (they compiled only plain before).
    static BASE: u32 = 7;
    same(
        [1, 101],
        |port| closure_over_a_reference_argument::fast(&BASE, port),
        |port| closure_over_a_reference_argument::plain(&BASE, port),
        |_| false,
    );
    same(
        [1, 101],
        |port| closure_over_a_copy_argument::fast(BASE, port),
        |port| closure_over_a_copy_argument::plain(BASE, port),
        |_| false,
    );
    // The closure borrows `v` and the box calls it: boxed from its `let` on.
    same(
        0..4,
        closure_over_a_local::fast,
        closure_over_a_local::plain,
        |_| false,
    );
    same(
        0..4,
        pinned_in_prefix::fast,
        pinned_in_prefix::plain,
        |_| false,
    );
    same(
        ["1", "2", "x"],
        question_mark_in_macro::fast,
        question_mark_in_macro::plain,
        |_| false,
    );
    same(0..3, return_in_macro::fast, return_in_macro::plain, |_| {
        false
    });
    same(0..6, listener_shape::fast, listener_shape::plain, |x| {
        x % 2 == 0
    });
    for wait in [false, true] {
        assert_eq!(user_lifetime::fast("abc", wait).is_ready(), !wait);
        assert_eq!(
            block_on(user_lifetime::fast("abc", wait)),
            block_on(user_lifetime::plain("abc", wait))
        );
        assert_eq!(block_on(user_lifetime_dyn("abc", wait)), "abc");
    }
}

// ractor's `reply: tx.into()`: `into` takes `self`.
struct Reply {
    to: Box<[u32]>,
}

twins! { consumed_by_into:
    async fn consumed_by_into(x: u32) -> usize {
        let to = vec![x];
        let reply = Reply { to: to.into() };
        if x == 0 {
            return reply.to.len();
        }
        yield_once(reply.to.len()).await
    }
}

// A future whose lifetime is the meet of two argument lifetimes, awaited
// by rule 8 in the opaque form (E0700 once).
trait Lookup {
    fn find<'a>(&'a self, key: &'a str) -> fast_async::FastFuture<'a, usize>;
}

struct Lengths;

impl Lookup for Lengths {
    fn find<'a>(&'a self, key: &'a str) -> fast_async::FastFuture<'a, usize> {
        fast_async::FastFuture::ready(key.len())
    }
}

twins! { two_lifetimes_meet, dyn:
    async fn two_lifetimes_meet(lookup: &dyn Lookup, key: &str) -> usize {
        let found = lookup.find(key).await;
        found + 1
    }
}

// A `#[fast_async]` that a `macro_rules!` puts on its caller's fn: the
// arguments the macro rebinds keep the caller's hygiene (E0425 once).
macro_rules! annotated {
    ($($item:tt)*) => {
        #[fast_async]
        $($item)*
    };
}

annotated! {
    #[allow(unused_variables)]
    async fn held_through_a_macro(_guard: Noisy, permit: Noisy, x: u32) -> u32 {
        if x == 0 {
            return 0;
        }
        yield_once(x).await
    }
}

#[allow(unused_variables)]
async fn held_through_a_macro_plain(_guard: Noisy, permit: Noisy, x: u32) -> u32 {
    if x == 0 {
        return 0;
    }
    yield_once(x).await
}

#[test]
fn shapes_met_in_published_crates() {
    same(0..3, consumed_by_into::fast, consumed_by_into::plain, |x| {
        x == 0
    });
    for key in ["", "abc"] {
        // The opaque form cannot name the meet of two lifetimes: boxed whole.
        let fast = two_lifetimes_meet::fast(&Lengths, key);
        assert!(!fast.is_ready());
        assert_eq!(
            block_on(fast),
            block_on(two_lifetimes_meet::plain(&Lengths, key))
        );
        // The dyn form can: ready.
        let fast = two_lifetimes_meet::fast_dyn(&Lengths, key);
        assert!(fast.is_ready());
        assert_eq!(block_on(fast), key.len() + 1);
    }
    for x in [0, 3] {
        compare(
            ("held through a macro", x),
            |log| held_through_a_macro(Noisy::new("guard", log), Noisy::new("permit", log), x),
            |log| {
                held_through_a_macro_plain(Noisy::new("guard", log), Noisy::new("permit", log), x)
            },
            x == 0,
        );
    }
}
