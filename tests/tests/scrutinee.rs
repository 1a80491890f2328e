//! Rule 8 on a tail's scrutinee (DESIGN.md): an await point that is the
//! whole scrutinee or condition of a tail `match`, `if let` or `if`
//! (optionally with `?`) is probed. Ready, the function goes on at the call
//! and the branches are split by rule 4; pending, one box awaits it and runs
//! the whole tail. Every mix of a ready or pending scrutinee and a ready or
//! awaiting branch is compared with the plain `async fn`: results, drop
//! logs, and allocations (this binary's counting allocator).

use std::future::Future;
use std::hint::black_box;
use std::sync::Arc;
use std::task::Waker;

use fast_async::{fast_async, MaybeReady};
use fast_async_tests::drops::{compare, new_log, push, Log, Noisy};
use fast_async_tests::{
    allocations, block_on_with, check, drive, noop_waker, twins, yield_once, CountingAllocator,
};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// Calls, then polls to completion; the output and the allocations made.
fn counted<F: Future>(waker: &Waker, call: impl FnOnce() -> F) -> (F::Output, u64) {
    allocations(|| block_on_with(waker, black_box(call())))
}

/// Compares an annotated future with its plain twin: the same output, and
/// ready exactly when the plain fn finishes in its first poll (every future
/// it awaited on its path was ready).
#[track_caller]
fn same<A, P>(input: impl std::fmt::Debug + Copy, annotated: A, plain: impl Fn() -> P)
where
    A: MaybeReady,
    P: Future<Output = A::Output>,
    A::Output: PartialEq + std::fmt::Debug,
{
    let (_, polls) = drive(plain());
    check(input, annotated, plain(), polls == 1);
}

/// Ready for even `x`, pending once for odd; `None` for multiples of 3.
#[fast_async]
async fn source(x: u64) -> Option<u64> {
    if x % 2 == 0 {
        return (x % 3 != 0).then_some(x);
    }
    yield_once((x % 3 != 0).then_some(x)).await
}

/// [`source`], failing for multiples of 5.
#[fast_async]
async fn load(x: u64) -> Result<Option<u64>, String> {
    if x % 5 == 0 {
        return Err(format!("no {x}"));
    }
    let found = source(x).await;
    Ok(found)
}

/// Ready for `x % 4 < 2`, pending once otherwise; `true` for odd `x`.
#[fast_async]
async fn allowed(x: u64) -> bool {
    if x % 4 < 2 {
        return x % 2 == 1;
    }
    yield_once(x % 2 == 1).await
}

/// [`allowed`], failing for multiples of 7.
#[fast_async]
async fn check_allowed(x: u64) -> Result<bool, String> {
    if x % 7 == 0 {
        return Err(format!("denied {x}"));
    }
    let granted = allowed(x).await;
    Ok(granted)
}

/// Ready for `x % 8 < 4`, pending once otherwise.
#[fast_async]
async fn leaf(x: u64) -> u64 {
    if x % 8 < 4 {
        return x + 1000;
    }
    yield_once(x + 2000).await
}

twins! { match_option, dyn:
    async fn f(x: u64) -> u64 {
        match source(x).await {
            Some(v) => v,
            None => yield_once(x + 100).await,
        }
    }
}

twins! { match_try, dyn:
    async fn f(x: u64) -> Result<u64, String> {
        match load(x).await? {
            Some(v) if v > 40 => Ok(v),
            Some(v) => {
                let w = leaf(v).await;
                Ok(w + 1)
            }
            None => Ok(0),
        }
    }
}

twins! { match_wildcard_awaits, dyn:
    async fn f(x: u64) -> u64 {
        match source(x).await {
            Some(7) => 7,
            Some(v) => leaf(v).await,
            _ => yield_once(1).await,
        }
    }
}

twins! { if_let, dyn:
    async fn f(x: u64) -> u64 {
        if let Some(v) = source(x).await {
            v * 2
        } else {
            yield_once(x).await
        }
    }
}

twins! { if_let_try, dyn:
    async fn f(x: u64) -> Result<u64, String> {
        if let Some(v) = load(x).await? {
            let w = leaf(v).await;
            Ok(w + v)
        } else {
            Ok(3)
        }
    }
}

twins! { if_let_without_else, dyn:
    async fn f(x: u64, log: &std::sync::Mutex<Vec<u64>>) {
        if let Some(v) = source(x).await {
            let w = leaf(v).await;
            log.lock().unwrap().push(w);
        }
    }
}

twins! { if_bool, dyn:
    async fn f(x: u64) -> u64 {
        if allowed(x).await {
            x
        } else {
            leaf(x).await
        }
    }
}

twins! { if_bool_try, dyn:
    async fn f(x: u64) -> Result<u64, String> {
        if check_allowed(x).await? {
            let w = leaf(x).await;
            Ok(w)
        } else if x > 30 {
            Ok(1)
        } else {
            Ok(yield_once(2).await)
        }
    }
}

twins! { nested, dyn:
    async fn f(x: u64) -> u64 {
        let base = x / 2;
        match source(x).await {
            Some(v) => match source(v + base).await {
                Some(w) => w,
                None => leaf(v).await,
            },
            None => 5,
        }
    }
}

#[test]
fn every_mix_matches_the_plain_fn() {
    for x in 0..100 {
        same(x, match_option::fast(x), || match_option::plain(x));
        same(x, match_option::fast_dyn(x), || match_option::plain(x));
        same(x, match_try::fast(x), || match_try::plain(x));
        same(x, match_try::fast_dyn(x), || match_try::plain(x));
        same(x, match_wildcard_awaits::fast(x), || match_wildcard_awaits::plain(x));
        same(x, match_wildcard_awaits::fast_dyn(x), || match_wildcard_awaits::plain(x));
        same(x, if_let::fast(x), || if_let::plain(x));
        same(x, if_let::fast_dyn(x), || if_let::plain(x));
        same(x, if_let_try::fast(x), || if_let_try::plain(x));
        same(x, if_let_try::fast_dyn(x), || if_let_try::plain(x));
        same(x, if_bool::fast(x), || if_bool::plain(x));
        same(x, if_bool::fast_dyn(x), || if_bool::plain(x));
        same(x, if_bool_try::fast(x), || if_bool_try::plain(x));
        same(x, if_bool_try::fast_dyn(x), || if_bool_try::plain(x));
        same(x, nested::fast(x), || nested::plain(x));
        same(x, nested::fast_dyn(x), || nested::plain(x));
    }
}
