//! Issue 12, part 3: allocation counts of `bail!` / `ensure!` exits (see
//! tests/tests/bail.rs for their behaviour). An exit through them
//! allocates what making the error does (anyhow's `Error` and eyre's
//! `Report` are boxes) and nothing more, in both forms; an `Option` exit
//! or an error without a box, nothing at all. Before, the first `bail!`
//! ended the part at the call: every call made one box more.
//!
//! One test in this binary: it turns off the backtraces that anyhow and
//! eyre capture under `RUST_BACKTRACE=1` (their frames, and so their
//! allocations, depend on the depth of the stack) before any error is
//! made; std reads that setting once per process.

use std::future::Future;
use std::hint::black_box;
use std::task::Waker;

use fast_async::fast_async;
use fast_async_tests::{allocations, block_on_with, noop_waker, yield_once, CountingAllocator};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// The allocations from the call to the completed poll (as in alloc.rs:
/// the waker made beforehand, the future through `black_box`).
fn counted<F: Future>(waker: &Waker, call: impl FnOnce() -> F) -> (F::Output, u64) {
    allocations(|| block_on_with(waker, black_box(call())))
}

/// Writes a body once, as an opaque-form fn, a dyn-form fn and a plain
/// synchronous fn that only makes the errors (its `.await`s taken out by
/// `$sync_tail`).
macro_rules! three {
    ($opaque:ident, $dyn:ident, $sync:ident: ($($params:tt)*) -> $ret:ty {
        $($prefix:tt)*
    } $tail:expr, $sync_tail:expr) => {
        #[fast_async]
        async fn $opaque($($params)*) -> $ret {
            $($prefix)*
            $tail
        }

        #[fast_async(dyn)]
        async fn $dyn($($params)*) -> $ret {
            $($prefix)*
            $tail
        }

        fn $sync($($params)*) -> $ret {
            $($prefix)*
            $sync_tail
        }
    };
}

three! { anyhow_checked, anyhow_checked_dyn, anyhow_errors: (x: u32) -> anyhow::Result<u32> {
    if x == 0 {
        anyhow::bail!("zero");
    }
    anyhow::ensure!(x < 100, "too big: {x}");
    anyhow::ensure!(x != 50);
    anyhow::ensure!(x % 7 != 3, "{} leaves 3", x);
} Ok(yield_once(x).await * 2), Ok(x * 2) }

three! { eyre_checked, eyre_checked_dyn, eyre_errors: (x: u32) -> eyre::Result<u32> {
    if x == 0 {
        eyre::bail!("zero");
    }
    eyre::ensure!(x < 100, "too big: {x}");
    eyre::ensure!(x != 50);
    eyre::ensure!(x != 51, std::io::Error::other("fifty-one"));
} Ok(yield_once(x).await * 2), Ok(x * 2) }

macro_rules! bail {
    () => {
        return None
    };
}

macro_rules! ensure {
    ($cond:expr, $error:expr) => {
        if !$cond {
            return Err($error);
        }
    };
}

three! { option, option_dyn, option_sync: (x: u32) -> Option<u32> {
    if x == 0 {
        bail!();
    }
} Some(yield_once(x).await), Some(x) }

three! { small, small_dyn, small_sync: (x: u32) -> Result<u32, u8> {
    ensure!(x > 1, 1);
} Ok(yield_once(x).await), Ok(x) }

#[test]
fn an_exit_allocates_only_its_error() {
    std::env::set_var("RUST_LIB_BACKTRACE", "0");
    let waker = noop_waker();
    // Once beforehand: the first error reads the environment.
    let _ = (anyhow_errors(0), eyre_errors(0));

    for x in [0, 150, 50, 3] {
        let (_, error) = allocations(|| black_box(anyhow_errors(x)));
        assert!(error >= 1, "anyhow's error is a box");
        let (output, fast) = counted(&waker, || anyhow_checked(x));
        assert!(output.is_err());
        assert_eq!(fast, error, "anyhow, opaque form, {x}");
        let (_, fast_dyn) = counted(&waker, || anyhow_checked_dyn(x));
        assert_eq!(fast_dyn, error, "anyhow, dyn form, {x}");
    }
    for x in [0, 150, 50, 51] {
        let (_, error) = allocations(|| black_box(eyre_errors(x)));
        assert!(error >= 1, "eyre's report is a box");
        let (output, fast) = counted(&waker, || eyre_checked(x));
        assert!(output.is_err());
        assert_eq!(fast, error, "eyre, opaque form, {x}");
        let (_, fast_dyn) = counted(&waker, || eyre_checked_dyn(x));
        assert_eq!(fast_dyn, error, "eyre, dyn form, {x}");
    }
    assert_eq!(counted(&waker, || option(0)), (option_sync(0), 0));
    assert_eq!(counted(&waker, || option_dyn(0)), (None, 0));
    assert_eq!(counted(&waker, || small(1)), (small_sync(1), 0));
    assert_eq!(counted(&waker, || small_dyn(0)), (Err(1), 0));

    // The paths that await: one box, as before.
    let (output, pending) = counted(&waker, || anyhow_checked(7));
    assert_eq!((output.unwrap(), pending), (14, 1));
    assert_eq!(counted(&waker, || eyre_checked_dyn(7)).1, 1);
    assert_eq!(counted(&waker, || option(1)), (Some(1), 1));
    assert_eq!(counted(&waker, || small(2)), (Ok(2), 1));
}
