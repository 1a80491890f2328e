//! Helpers shared by the integration tests: a tiny executor (no runtime
//! needed), a future that is pending once, a counting allocator, a drop
//! log ([`drops`]), the differential check of an annotated future against
//! its plain twin ([`check`], [`check_by`], [`drive`]), and [`twins!`],
//! which writes a case once and makes both twins.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Debug;
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use fast_async::MaybeReady;

struct NoopWaker;

impl Wake for NoopWaker {
    fn wake(self: Arc<Self>) {}
}

/// A waker that does nothing. Built once per call (it allocates an `Arc`),
/// so allocation tests create it before they start counting.
pub fn noop_waker() -> Waker {
    Waker::from(Arc::new(NoopWaker))
}

/// Polls `future` until it is ready, on this thread. Every future in the
/// tests makes progress each poll (see [`YieldOnce`]), so no real waking is
/// needed.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let waker = noop_waker();
    block_on_with(&waker, future)
}

/// [`block_on`] with a waker made beforehand.
pub fn block_on_with<F: Future>(waker: &Waker, future: F) -> F::Output {
    let mut cx = Context::from_waker(waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// Polls `future` once.
pub fn poll_once<F: Future + Unpin>(future: &mut F) -> Poll<F::Output> {
    let waker = noop_waker();
    Pin::new(future).poll(&mut Context::from_waker(&waker))
}

/// Polls `future` to completion, counting the polls.
pub fn drive<F: Future>(future: F) -> (F::Output, usize) {
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return (value, polls);
        }
        assert!(polls < 100_000, "the future never completes");
    }
}

/// Compares an annotated future with the plain `async fn`'s future for the
/// same input, after mapping both outputs with `map` (for outputs that are
/// not `PartialEq`):
/// - `is_ready()` is `expect_ready`;
/// - a ready value, taken with `into_ready()` (no poll), equals the plain
///   fn's output, and the plain fn did not pend (a ready path never awaits);
/// - a pending future gives the same output after as many polls as the
///   plain fn's.
#[track_caller]
pub fn check_by<A, P, T, U>(input: impl Debug, annotated: A, plain: P, expect_ready: bool, map: T)
where
    A: MaybeReady,
    P: Future<Output = A::Output>,
    T: Fn(A::Output) -> U,
    U: PartialEq + Debug,
{
    assert_eq!(
        annotated.is_ready(),
        expect_ready,
        "is_ready() for input {input:?}"
    );
    let (expected, plain_polls) = drive(plain);
    let expected = map(expected);
    match annotated.into_ready() {
        Ok(value) => {
            assert!(expect_ready, "into_ready() gave a value for {input:?}");
            assert_eq!(
                plain_polls, 1,
                "the plain fn awaits on {input:?}, yet the annotated one is ready"
            );
            assert_eq!(map(value), expected, "ready output for input {input:?}");
        }
        Err(pending) => {
            assert!(!expect_ready, "into_ready() refused a ready future");
            let (value, polls) = drive(pending);
            assert_eq!(map(value), expected, "boxed output for input {input:?}");
            assert_eq!(
                polls, plain_polls,
                "polls until ready differ from the plain fn for input {input:?}"
            );
        }
    }
}

/// [`check_by`] for outputs that are `PartialEq`.
#[track_caller]
pub fn check<A, P>(input: impl Debug, annotated: A, plain: P, expect_ready: bool)
where
    A: MaybeReady,
    P: Future<Output = A::Output>,
    A::Output: PartialEq + Debug,
{
    check_by(input, annotated, plain, expect_ready, |output| output);
}

/// Asserts at compile time that `T` is `Send`.
pub fn assert_send<T: Send>(_: &T) {}

/// Runs `future` on another thread, as `tokio::spawn` would: it must be
/// `Send + 'static`.
pub fn spawn_like<F>(future: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    std::thread::spawn(move || block_on(future))
        .join()
        .expect("the spawned future panicked")
}

/// A future that is pending on its first poll and ready with `value` on
/// the second: what a real I/O wait looks like to the code under test.
#[derive(Debug)]
pub struct YieldOnce<T> {
    value: Option<T>,
    yielded: bool,
}

/// A future pending once, then ready with `value`.
pub fn yield_once<T>(value: T) -> YieldOnce<T> {
    YieldOnce {
        value: Some(value),
        yielded: false,
    }
}

impl<T> Unpin for YieldOnce<T> {}

impl<T> Future for YieldOnce<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if !self.yielded {
            self.yielded = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(
            self.value
                .take()
                .expect("YieldOnce polled after completion"),
        )
    }
}

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

/// A global allocator that counts this thread's allocations. Install it in
/// a test binary of its own:
///
/// ```ignore
/// #[global_allocator]
/// static ALLOC: CountingAllocator = CountingAllocator;
/// ```
#[derive(Debug)]
pub struct CountingAllocator;

// SAFETY: every call is forwarded unchanged to the system allocator; the
// counter is a thread-local `Cell` that never allocates.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}

fn count_one() {
    // `try_with`: the thread-local may already be gone while a thread exits.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

/// How many allocations this thread made while running `f` (with a
/// [`CountingAllocator`] installed; 0 otherwise).
pub fn allocations<R>(f: impl FnOnce() -> R) -> (R, u64) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    let after = ALLOCATIONS.with(Cell::get);
    (result, after - before)
}

pub mod tower_stack;

/// Values that log their drop, and a trace of the log poll by poll: to
/// compare when an annotated and a plain `async fn` drop things.
pub mod drops {
    use std::cell::RefCell;
    use std::future::Future;
    use std::rc::Rc;
    use std::task::Context;

    /// A log of events, shared by the values that write to it.
    pub type Log = Rc<RefCell<Vec<String>>>;

    /// An empty log.
    pub fn new_log() -> Log {
        Rc::new(RefCell::new(Vec::new()))
    }

    /// Appends `event` to `log`.
    pub fn push(log: &Log, event: impl Into<String>) {
        log.borrow_mut().push(event.into());
    }

    /// A value that logs `drop {name}` when dropped.
    #[derive(Debug)]
    pub struct Noisy {
        /// What it logs.
        pub name: &'static str,
        /// Where it logs.
        pub log: Log,
    }

    impl Noisy {
        /// A value named `name` logging to `log`.
        pub fn new(name: &'static str, log: &Log) -> Self {
            Noisy {
                name,
                log: Rc::clone(log),
            }
        }
    }

    impl Drop for Noisy {
        fn drop(&mut self) {
            push(&self.log, format!("drop {}", self.name));
        }
    }

    /// The log right after the call, after each poll, and after the future
    /// is dropped.
    pub fn trace<F: Future>(log: &Log, future: F) -> Vec<Vec<String>> {
        let waker = super::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut snapshots = vec![log.borrow().clone()];
        {
            let mut future = Box::pin(future);
            loop {
                let poll = future.as_mut().poll(&mut cx);
                snapshots.push(log.borrow().clone());
                if poll.is_ready() {
                    break;
                }
                assert!(snapshots.len() < 100, "the future never completes");
            }
        }
        snapshots.push(log.borrow().clone());
        snapshots
    }

    /// Calls the annotated and the plain fn with fresh logs (`call` builds the
    /// arguments from the log) and compares their traces: equal on a boxed path;
    /// on a ready path, all at the call.
    #[track_caller]
    pub fn compare<A, P>(
        input: impl std::fmt::Debug,
        annotated: impl FnOnce(&Log) -> A,
        plain: impl FnOnce(&Log) -> P,
        expect_ready: bool,
    ) where
        A: fast_async::MaybeReady,
        P: Future<Output = A::Output>,
        A::Output: PartialEq + std::fmt::Debug,
    {
        let annotated_log = new_log();
        let plain_log = new_log();
        let future = annotated(&annotated_log);
        assert_eq!(future.is_ready(), expect_ready, "is_ready() for {input:?}");
        let annotated_trace = trace(&annotated_log, future);
        let plain_trace = trace(&plain_log, plain(&plain_log));
        if expect_ready {
            let done = plain_trace.last().expect("a trace has snapshots");
            assert!(
                annotated_trace.iter().all(|snapshot| snapshot == done),
                "ready path of {input:?}: everything happens at the call, as the plain fn \
                 does by its end\n annotated: {annotated_trace:?}\n     plain: {plain_trace:?}"
            );
        } else {
            // At the call, the annotated fn has run a leading part of what the
            // plain fn runs in its first poll (its prefix, or with rule 8
            // everything before the first await); from there, step by step the
            // same.
            let first_poll = &plain_trace[1];
            assert!(
                first_poll.starts_with(&annotated_trace[0]),
                "boxed path of {input:?}: at the call\n annotated: {annotated_trace:?}\n     plain: {plain_trace:?}"
            );
            assert_eq!(
                annotated_trace[1..],
                plain_trace[1..],
                "boxed path of {input:?}: step-by-step log"
            );
        }
    }
}

/// Writes an `async fn` once and makes two of it in a module `$module`:
/// `fast`, under `#[fast_async]` (written outermost), and `plain`, the
/// plain `async fn` twin to compare it with. The fn's name is not used (write
/// `f`); generics, `where` clauses and attributes are kept. Attribute
/// arguments go after the module name: `name(dyn, ?Send): async fn …`.
/// With `, dyn` after that (`name, dyn:` or `name(?Send), dyn:`), the module
/// also holds `fast_dyn`, the same fn under `#[fast_async(dyn …)]`, compared
/// with the same `plain` twin.
///
/// ```ignore
/// twins! { halve: async fn f(x: u32) -> u32 { if x == 0 { return 0; } yield_once(x / 2).await } }
/// assert_eq!(block_on(halve::fast(4)), block_on(halve::plain(4)));
/// ```
///
/// Methods keep their type: `twins! { #[fast_async] impl Account { async fn
/// fa_get / plain_get(&self) -> u64 { … } } }` writes each body once into an
/// annotated impl (as `fa_get`) and a plain one (as `plain_get`); with
/// `impl Account { #[fast_async] async fn fa_get / plain_get … }` the
/// attribute goes on each method instead.
///
/// Fns that call each other: `twins! { mod chain { #[fast_async] async fn
/// inner(…) … #[fast_async(dyn)] async fn outer(…) … } }` makes
/// `chain::fast::{inner, outer}` (annotated, calling each other) and
/// `chain::plain::{inner, outer}`.
///
/// Every copy comes out of a `macro_rules!` expansion, so the cases also
/// check that `#[fast_async]` keeps the hygiene of names a user macro wrote.
#[macro_export]
macro_rules! twins {
    // Several fns that call each other: `mod fast` (each under its own
    // `#[fast_async …]`) and `mod plain`, so an annotated fn awaits annotated
    // ones.
    (mod $module:ident {
        $(#[fast_async $($args:tt)*] $(#[$attr:meta])* async fn $name:ident $params:tt
            $(-> $ret:ty)? $body:block)*
    }) => {
        pub(crate) mod $module {
            pub(crate) mod fast {
                #![allow(unused_imports)]
                use super::super::*;
                $(
                    #[::fast_async::fast_async $($args)*]
                    $(#[$attr])* pub(crate) async fn $name $params $(-> $ret)? $body
                )*
            }

            pub(crate) mod plain {
                #![allow(unused_imports)]
                use super::super::*;
                $($(#[$attr])* pub(crate) async fn $name $params $(-> $ret)? $body)*
            }
        }
    };
    // Methods: the annotated impl and a plain one on the same type, each
    // method named twice (`fast_name / plain_name`), its body written once.
    (#[fast_async $($args:tt)*] impl <$($lt:lifetime),*> $ty:ty { $($methods:tt)* }) => {
        $crate::twins!(@impl [$($args)*] [<$($lt),*>] $ty { $($methods)* });
    };
    (#[fast_async $($args:tt)*] impl $ty:ty { $($methods:tt)* }) => {
        $crate::twins!(@impl [$($args)*] [] $ty { $($methods)* });
    };
    // The same with the attribute on each method of a plain impl.
    (impl <$($lt:lifetime),*> $ty:ty { $($methods:tt)* }) => {
        $crate::twins!(@methods [<$($lt),*>] $ty { $($methods)* });
    };
    (impl $ty:ty { $($methods:tt)* }) => {
        $crate::twins!(@methods [] $ty { $($methods)* });
    };
    (@impl [$($args:tt)*] [$($generics:tt)*] $ty:ty {
        $($(#[$attr:meta])* $vis:vis async fn $fast:ident / $plain:ident $params:tt $(-> $ret:ty)? $body:block)*
    }) => {
        #[::fast_async::fast_async $($args)*]
        impl $($generics)* $ty {
            $($(#[$attr])* $vis async fn $fast $params $(-> $ret)? $body)*
        }

        impl $($generics)* $ty {
            $($(#[$attr])* $vis async fn $plain $params $(-> $ret)? $body)*
        }
    };
    (@methods [$($generics:tt)*] $ty:ty {
        $(#[fast_async $($args:tt)*] $(#[$attr:meta])* $vis:vis async fn $fast:ident / $plain:ident
            $params:tt $(-> $ret:ty)? $body:block)*
    }) => {
        impl $($generics)* $ty {
            $(
                #[::fast_async::fast_async $($args)*]
                $(#[$attr])* $vis async fn $fast $params $(-> $ret)? $body

                $(#[$attr])* $vis async fn $plain $params $(-> $ret)? $body
            )*
        }
    };
    ($module:ident ($($args:tt)*), dyn: $($rest:tt)*) => {
        $crate::twins!(@split $module [($($args)*)] [(dyn, $($args)*)] [] $($rest)*);
    };
    ($module:ident, dyn: $($rest:tt)*) => {
        $crate::twins!(@split $module [] [(dyn)] [] $($rest)*);
    };
    ($module:ident ($($args:tt)*): $($rest:tt)*) => {
        $crate::twins!(@split $module [($($args)*)] [] [] $($rest)*);
    };
    ($module:ident: $($rest:tt)*) => {
        $crate::twins!(@split $module [] [] [] $($rest)*);
    };
    // The first brace group after the name is the body.
    (@split $module:ident $args:tt $dyn:tt $head:tt { $($body:tt)* }) => {
        $crate::twins!(@mod $module $args $dyn $head { $($body)* });
    };
    (@split $module:ident [$($args:tt)*] [$($dyn:tt)*] [$($head:tt)*] $next:tt $($rest:tt)*) => {
        $crate::twins!(@split $module [$($args)*] [$($dyn)*] [$($head)* $next] $($rest)*);
    };
    (@mod $module:ident [$($args:tt)*] [$($dyn:tt)*] $head:tt $body:tt) => {
        pub(crate) mod $module {
            #![allow(unused_imports)]
            use super::*;

            $crate::twins!(@fn fast [#[::fast_async::fast_async $($args)*]] $head $body);
            $($crate::twins!(@fn fast_dyn [#[::fast_async::fast_async $dyn]] $head $body);)*
            $crate::twins!(@fn plain [] $head $body);
        }
    };
    (@fn $fn:ident [$($fast_async:tt)*]
        [$(#[$attr:meta])* $(pub $(($($vis:tt)*))?)? async fn $name:ident $($sig:tt)*] $body:tt) => {
        $($fast_async)*
        $(#[$attr])*
        pub(crate) async fn $fn $($sig)* $body
    };
}

/// [`twins!`] of each case twice: as written (`name::fast`, `name::plain`),
/// and in the dyn form (`dyn, ?Send`) inside module `$dyn_module`
/// (`$dyn_module::name::fast`). The cases' tokens are passed on as they are,
/// so they keep the edition of the crate that writes them.
///
/// `twins_in_both_forms! { dyn_form; arm: { async fn f(x: u32) -> u32 { x } } }`
#[macro_export]
macro_rules! twins_in_both_forms {
    ($dyn_module:ident; $($name:ident: { $($case:tt)* })*) => {
        $($crate::twins! { $name: $($case)* })*
        mod $dyn_module {
            use super::*;
            $($crate::twins! { $name(dyn, ?Send): $($case)* })*
        }
    };
}
