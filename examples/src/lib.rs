//! Helpers shared by the examples in `examples/`: a counting allocator, a
//! future that is pending once (a stand-in for I/O), and a tiny executor.
//!
//! Each example installs the allocator itself:
//!
//! ```
//! #[global_allocator]
//! static GLOBAL: fast_async_examples::CountingAllocator = fast_async_examples::CountingAllocator;
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

/// A global allocator that counts every allocation, then hands it to the
/// system allocator.
#[derive(Debug)]
pub struct CountingAllocator;

// SAFETY: forwards every call unchanged to `System`; counting is an atomic
// add that never allocates.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// How many allocations the process has made so far (when the example
/// installed [`CountingAllocator`]).
pub fn allocations() -> u64 {
    ALLOCATIONS.load(Relaxed)
}

/// Runs `f` and returns its result with the number of allocations it made.
pub fn count_allocations<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = allocations();
    let result = f();
    (result, allocations() - before)
}

/// A future that is pending once (waking itself at once), then ready: the
/// smallest stand-in for a store that waits on I/O.
#[derive(Debug, Default)]
pub struct PendingOnce(bool);

impl Future for PendingOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Polls `future` to completion on this thread, without allocating (every
/// future in these examples makes progress at each poll, so the waker does
/// nothing).
pub fn block_on<F: Future>(future: F) -> F::Output {
    // `Waker::noop()` is Rust 1.85; the examples build with Rust 1.82.
    const VTABLE: RawWakerVTable = RawWakerVTable::new(|_| RAW, |_| {}, |_| {}, |_| {});
    const RAW: RawWaker = RawWaker::new(std::ptr::null(), &VTABLE);
    // SAFETY: every function of the vtable does nothing (or returns the
    // same no-op waker) and never reads the data pointer.
    let waker = unsafe { Waker::from_raw(RAW) };
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}
