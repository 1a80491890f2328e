//! How often each `#[fast_async]` function answers at once (the `stats`
//! feature).
//!
//! The .NET advice behind this crate is to use a `ValueTask` only where most
//! calls complete synchronously, and to check that in production. With the
//! `stats` feature, every `#[fast_async]` function counts the calls that
//! returned a ready future and those that boxed one (and, with ready
//! propagation, at which await point it went pending). Counting is a relaxed
//! atomic add: no lock, no allocation; a function registers itself once, on
//! its first call. Without the feature the generated code carries no trace
//! of it.
//!
//! ```
//! # #[cfg(feature = "stats")] {
//! use fast_async::fast_async;
//!
//! #[fast_async]
//! async fn lookup(key: u32) -> u32 {
//!     if key % 10 != 0 {
//!         return key; // a hit
//!     }
//!     async { key }.await // a miss
//! }
//!
//! for key in 0..100 {
//!     let _ = lookup(key);
//! }
//! let stats = fast_async::stats::snapshot();
//! let lookup = stats.iter().find(|f| f.name.ends_with("::lookup")).unwrap();
//! assert_eq!((lookup.ready, lookup.boxed), (90, 10));
//! println!("{}", fast_async::stats::report());
//! # }
//! ```
//!
//! Everything here works in `no_std` builds with `alloc` (the registry is a
//! lock-free list of the functions' own statics); counters are 64-bit where
//! the target has 64-bit atomics, pointer-sized elsewhere.

use alloc::vec::Vec;
use core::fmt;
use core::ptr;
use core::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release};
use core::sync::atomic::{AtomicBool, AtomicPtr};

#[cfg(target_has_atomic = "64")]
use core::sync::atomic::AtomicU64 as AtomicCounter;
#[cfg(not(target_has_atomic = "64"))]
use core::sync::atomic::AtomicUsize as AtomicCounter;

/// How many await points per function are told apart: the bound of ready
/// propagation (each one that goes pending is counted at its index).
pub const POINTS: usize = 4;

/// The counts of one `#[fast_async]` function.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FnStats {
    /// `module::path::fn_name` (`module::Type::method` for a method of an
    /// annotated impl block).
    pub name: &'static str,
    /// The file of the function.
    pub file: &'static str,
    /// The line of its `#[fast_async]` attribute.
    pub line: u32,
    /// Calls that returned a ready future (no allocation).
    pub ready: u64,
    /// Calls that returned a boxed future (their own, or, at a tail
    /// pass-through of rule 8, the pending future they awaited, handed on).
    pub boxed: u64,
    /// Boxed calls that went pending at the n-th await point that may
    /// propagate (rule 8), in the order of the body; the other boxed calls
    /// awaited somewhere else.
    pub pending_at: [u64; POINTS],
}

impl FnStats {
    /// All calls.
    pub fn calls(&self) -> u64 {
        self.ready + self.boxed
    }

    /// The share of calls that were ready, from 0 to 1 (0 before any call).
    pub fn ready_share(&self) -> f64 {
        match self.calls() {
            0 => 0.0,
            calls => self.ready as f64 / calls as f64,
        }
    }
}

/// The counts of every `#[fast_async]` function called so far, most called
/// first.
pub fn snapshot() -> Vec<FnStats> {
    let mut stats: Vec<FnStats> = sites().map(Site::stats).collect();
    stats.sort_by(|a, b| b.calls().cmp(&a.calls()).then(a.name.cmp(b.name)));
    stats
}

/// A table of [`snapshot`] for people: calls, ready share, and a mark on
/// every function whose calls are less than half ready.
pub fn report() -> Report {
    Report { stats: snapshot() }
}

/// What [`report`] returns: `Display` it.
#[derive(Clone, Debug)]
pub struct Report {
    stats: Vec<FnStats>,
}

impl Report {
    /// The counts behind the report, most called first.
    pub fn stats(&self) -> &[FnStats] {
        &self.stats
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.stats.len() == 1 { "" } else { "s" };
        writeln!(
            f,
            "fast-async: {} function{plural} called",
            self.stats.len()
        )?;
        writeln!(
            f,
            "{:>12} {:>12} {:>12} {:>7}  function",
            "calls", "ready", "boxed", "ready%"
        )?;
        for stats in &self.stats {
            write!(
                f,
                "{:>12} {:>12} {:>12} {:>6.1}%  {} ({}:{})",
                stats.calls(),
                stats.ready,
                stats.boxed,
                stats.ready_share() * 100.0,
                stats.name,
                stats.file,
                stats.line,
            )?;
            if stats.ready_share() < 0.5 {
                write!(f, "  <- under 50% ready: the fast path rarely helps here")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// The counters of one function: a `static` in its expansion.
#[doc(hidden)]
#[derive(Debug)]
pub struct Site {
    name: &'static str,
    file: &'static str,
    line: u32,
    ready: AtomicCounter,
    boxed: AtomicCounter,
    pending_at: [AtomicCounter; POINTS],
    registered: AtomicBool,
    /// The site registered before this one.
    next: AtomicPtr<Site>,
}

/// The most recently registered site; each links to the one before.
static LAST_REGISTERED: AtomicPtr<Site> = AtomicPtr::new(ptr::null_mut());

impl Site {
    #[allow(clippy::declare_interior_mutable_const)] // only to build the array
    const ZERO: AtomicCounter = AtomicCounter::new(0);

    /// The counters of the function `name`, at `file:line`.
    pub const fn new(name: &'static str, file: &'static str, line: u32) -> Self {
        Site {
            name,
            file,
            line,
            ready: AtomicCounter::new(0),
            boxed: AtomicCounter::new(0),
            pending_at: [Self::ZERO; POINTS],
            registered: AtomicBool::new(false),
            next: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// Counts a call that returned `future` ready.
    #[inline]
    pub fn ready<F>(&'static self, future: F) -> F {
        self.count(&self.ready);
        future
    }

    /// Counts a call that returned `future` boxed.
    #[inline]
    pub fn boxed<F>(&'static self, future: F) -> F {
        self.count(&self.boxed);
        future
    }

    /// Counts a call that went pending at await point `point` (its boxed
    /// future is counted by [`Site::boxed`]).
    #[inline]
    pub fn pending_at<F>(&'static self, point: usize, future: F) -> F {
        if let Some(counter) = self.pending_at.get(point) {
            counter.fetch_add(1, Relaxed);
        }
        future
    }

    #[inline]
    fn count(&'static self, counter: &AtomicCounter) {
        counter.fetch_add(1, Relaxed);
        if !self.registered.load(Relaxed) {
            self.register();
        }
    }

    #[cold]
    fn register(&'static self) {
        if self.registered.swap(true, AcqRel) {
            return; // another thread won
        }
        let this = ptr::from_ref(self).cast_mut();
        let mut last = LAST_REGISTERED.load(Acquire);
        loop {
            self.next.store(last, Relaxed);
            match LAST_REGISTERED.compare_exchange_weak(last, this, Release, Acquire) {
                Ok(_) => return,
                Err(now) => last = now,
            }
        }
    }

    fn stats(&self) -> FnStats {
        // `as`: the counter is pointer-sized on targets without 64-bit atomics.
        #[allow(clippy::unnecessary_cast)]
        let load = |counter: &AtomicCounter| counter.load(Relaxed) as u64;
        FnStats {
            name: self.name,
            file: self.file,
            line: self.line,
            ready: load(&self.ready),
            boxed: load(&self.boxed),
            pending_at: core::array::from_fn(|point| load(&self.pending_at[point])),
        }
    }
}

/// Every registered site, the most recent first.
fn sites() -> impl Iterator<Item = &'static Site> {
    let mut next = LAST_REGISTERED.load(Acquire);
    core::iter::from_fn(move || {
        // SAFETY: every pointer in the list was made by `register` from a
        // `&'static Site` (a `static` of the generated code), published with
        // `Release` and read here with `Acquire`; sites are never removed or
        // written through this pointer, so it is valid for `'static` and
        // only ever read as shared.
        #[allow(unsafe_code)]
        let site: &'static Site = unsafe { next.as_ref() }?;
        next = site.next.load(Acquire);
        Some(site)
    })
}
