//! Heap allocations of the runtime's futures, counted by a `#[global_allocator]`
//! per thread (the test harness runs tests on parallel threads): a ready path
//! allocates nothing from construction to completed poll — the spent state of
//! the dyn forms is a boxed zero-sized future, which must not allocate — a
//! boxed path exactly once, `from_box` never, `into_box` only for a ready value.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::{self, Pending};
use std::hint::black_box;
use std::pin::Pin;
use std::task::Poll;

use fast_async::{FastFuture, LocalFastFuture, MaybeReady, ReadyOrBoxed};

use support::*;

/// The system allocator, counting the allocations of each thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to `System`; the counter is a
// thread-local `Cell` with no destructor, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (above).
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations `f` makes on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

type DynBox<'a, T> = Pin<Box<dyn future::Future<Output = T> + Send + 'a>>;

#[test]
fn the_counter_counts() {
    assert_eq!(allocations(|| drop(black_box(Box::new(1_u64)))), 1);
    // Boxing a zero-sized value does not allocate: the spent state relies on it.
    assert_eq!(allocations(|| drop(black_box(Box::new(())))), 0);
}

#[test]
fn ready_paths_allocate_nothing_through_the_completed_poll() {
    let waker = TestWaker::new();
    let count = allocations(|| {
        let mut future = black_box(ReadyOrBoxed::<u64, Pending<u64>>::ready(1));
        assert!(future.is_ready());
        assert_eq!(waker.poll(&mut future), Poll::Ready(1));
    });
    assert_eq!(count, 0, "ReadyOrBoxed");
    let count = allocations(|| {
        let mut future = black_box(FastFuture::ready(2_u64));
        assert!(future.is_ready());
        assert_eq!(waker.poll(&mut future), Poll::Ready(2));
    });
    assert_eq!(count, 0, "FastFuture");
    let count = allocations(|| {
        let mut future = black_box(LocalFastFuture::ready(3_u64));
        assert!(future.is_ready());
        assert_eq!(waker.poll(&mut future), Poll::Ready(3));
    });
    assert_eq!(count, 0, "LocalFastFuture");
}

#[test]
fn into_ready_allocates_nothing() {
    let count = allocations(|| {
        assert_eq!(
            black_box(ReadyOrBoxed::<u64, Pending<u64>>::ready(1))
                .into_ready()
                .ok(),
            Some(1)
        );
        assert_eq!(
            black_box(FastFuture::ready(2_u64)).into_ready().ok(),
            Some(2)
        );
        assert_eq!(
            black_box(LocalFastFuture::ready(3_u64)).into_ready().ok(),
            Some(3)
        );
        assert_eq!(
            MaybeReady::into_ready(black_box(future::ready(4_u64))).ok(),
            Some(4)
        );
    });
    assert_eq!(count, 0);
}

#[test]
fn boxed_paths_allocate_once() {
    let waker = TestWaker::new();
    let count = allocations(|| {
        let mut future = ReadyOrBoxed::boxed(pending_once(1_u64));
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(1));
    });
    assert_eq!(count, 1, "ReadyOrBoxed");
    let count = allocations(|| {
        let mut future = FastFuture::boxed(pending_once(2_u64));
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(2));
    });
    assert_eq!(count, 1, "FastFuture");
    let count = allocations(|| {
        let mut future = LocalFastFuture::boxed(pending_once(3_u64));
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(3));
    });
    assert_eq!(count, 1, "LocalFastFuture");
}

#[test]
fn from_box_allocates_nothing() {
    let waker = TestWaker::new();
    let boxed: DynBox<'_, u64> = Box::pin(pending_once(1));
    let count = allocations(|| {
        let mut future = FastFuture::from_box(boxed);
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(1));
    });
    assert_eq!(count, 0, "FastFuture");
    let boxed: Pin<Box<dyn future::Future<Output = u64>>> = Box::pin(pending_once(2));
    let count = allocations(|| {
        let mut future = LocalFastFuture::from_box(boxed);
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(2));
    });
    assert_eq!(count, 0, "LocalFastFuture");
}

#[test]
fn into_box_allocates_only_for_a_ready_value() {
    let pending = FastFuture::boxed(pending_once(1_u64));
    assert_eq!(allocations(|| drop(black_box(pending.into_box()))), 0);
    let ready = FastFuture::ready(2_u64);
    assert_eq!(allocations(|| drop(black_box(ready.into_box()))), 1);

    let pending = LocalFastFuture::boxed(pending_once(3_u64));
    assert_eq!(allocations(|| drop(black_box(pending.into_box()))), 0);
    let ready = LocalFastFuture::ready(4_u64);
    assert_eq!(allocations(|| drop(black_box(ready.into_box()))), 1);
}

#[test]
fn converting_a_ready_value_allocates_nothing() {
    let waker = TestWaker::new();
    let count = allocations(|| {
        let ready = ReadyOrBoxed::<u64, Pending<u64>>::ready(1);
        assert_eq!(
            waker.poll(&mut black_box(ready.into_fast_future())),
            Poll::Ready(1)
        );
        let ready = ReadyOrBoxed::<u64, Pending<u64>>::ready(2);
        assert_eq!(
            waker.poll(&mut black_box(ready.into_local_fast_future())),
            Poll::Ready(2)
        );
        let ready = FastFuture::ready(3_u64);
        assert_eq!(
            waker.poll(&mut black_box(ready.into_fast_future())),
            Poll::Ready(3)
        );
        let ready = FastFuture::ready(4_u64);
        assert_eq!(
            waker.poll(&mut black_box(ready.into_local_fast_future())),
            Poll::Ready(4)
        );
        let ready = LocalFastFuture::ready(5_u64);
        assert_eq!(
            waker.poll(&mut black_box(ready.into_local_fast_future())),
            Poll::Ready(5)
        );
        let ready = future::ready(6_u64);
        assert_eq!(
            waker.poll(&mut black_box(ready.into_fast_future())),
            Poll::Ready(6)
        );
        let ready = future::ready(7_u64);
        assert_eq!(
            waker.poll(&mut black_box(ready.into_local_fast_future())),
            Poll::Ready(7)
        );
    });
    assert_eq!(count, 0);
}

/// DESIGN.md allows one more box when a pending *opaque* future is converted
/// (its concrete box cannot be unsized in place), and no more than one. To
/// the local form, no `Send` needs showing: its box is moved (rule 8's tail
/// pass-through relies on it).
#[test]
fn converting_a_pending_opaque_future_boxes_at_most_once_more() {
    let waker = TestWaker::new();
    let pending = ReadyOrBoxed::boxed(pending_once(1_u64));
    let count = allocations(|| {
        let mut future = pending.into_fast_future();
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(1));
    });
    assert!(count <= 1, "into_fast_future: {count} allocations");
    let pending = ReadyOrBoxed::boxed(pending_once(2_u64));
    let count = allocations(|| {
        let mut future = pending.into_local_fast_future();
        assert_eq!(waker.poll(&mut future), Poll::Pending);
        assert_eq!(waker.poll(&mut future), Poll::Ready(2));
    });
    assert_eq!(count, 0, "into_local_fast_future moves the box");
}
