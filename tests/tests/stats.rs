//! `fast_async::stats` (the `stats` feature): exact counts from known mixes
//! of calls, across threads, per await point, and the report. Without the
//! feature, only the last module runs: the same future, the same size, no
//! allocation (CI runs this binary both ways).

use fast_async::fast_async;
use fast_async_tests::{allocations, noop_waker, yield_once, CountingAllocator};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// Ready for nine keys in ten.
#[fast_async]
async fn lookup(key: u64) -> u64 {
    if key % 10 != 0 {
        return key;
    }
    yield_once(key).await
}

#[cfg(feature = "stats")]
mod counted {
    use super::*;
    use fast_async::stats::{self, FnStats};
    use fast_async::MaybeReady;
    use fast_async_tests::block_on;
    use std::sync::Arc;

    fn stats_of(suffix: &str) -> FnStats {
        let matching: Vec<FnStats> = stats::snapshot()
            .into_iter()
            .filter(|stats| stats.name.ends_with(suffix))
            .collect();
        assert_eq!(
            matching.len(),
            1,
            "one function named …{suffix}: {matching:?}"
        );
        matching.into_iter().next().unwrap()
    }

    #[fast_async]
    async fn known_mix(key: u64) -> u64 {
        if key % 4 != 0 {
            return key;
        }
        yield_once(key).await
    }

    #[test]
    fn exact_counts_from_a_known_mix() {
        for key in 0..1000 {
            assert_eq!(block_on(known_mix(key)), key);
        }
        let stats = stats_of("::known_mix");
        assert_eq!((stats.ready, stats.boxed), (750, 250));
        assert_eq!(stats.calls(), 1000);
        assert!(stats.name.starts_with("stats::counted::"), "{}", stats.name);
        assert!(stats.file.ends_with("stats.rs"), "{}", stats.file);
        assert!(stats.line > 0);
    }

    #[fast_async]
    async fn threaded(key: u64) -> u64 {
        if key % 3 == 0 {
            return key;
        }
        yield_once(key).await
    }

    #[test]
    fn counts_add_up_across_threads() {
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| (0..10_000).map(|key| block_on(threaded(key))).sum::<u64>())
            })
            .collect();
        for thread in threads {
            assert_eq!(thread.join().unwrap(), (0..10_000).sum::<u64>());
        }
        let stats = stats_of("::threaded");
        let ready_per_thread = (0..10_000).filter(|key| key % 3 == 0).count() as u64;
        assert_eq!(stats.ready, 4 * ready_per_thread);
        assert_eq!(stats.boxed, 4 * (10_000 - ready_per_thread));
    }

    #[fast_async]
    async fn two_points(a: u64, b: u64) -> u64 {
        let first = lookup(a).await;
        let second = lookup(b).await;
        first + second
    }

    #[test]
    fn pending_is_counted_at_the_await_point_that_pends() {
        // (ready, ready), (pending, ready), (ready, pending), (pending, pending)
        for (a, b) in [(1, 1), (10, 1), (1, 10), (10, 10), (1, 20)] {
            block_on(two_points(a, b));
        }
        let stats = stats_of("::two_points");
        assert_eq!((stats.ready, stats.boxed), (1, 4));
        assert_eq!(stats.pending_at, [2, 2, 0, 0]);
    }

    #[fast_async(dyn)]
    async fn dyn_lookup(key: u64) -> u64 {
        if key % 10 != 0 {
            return key;
        }
        yield_once(key).await
    }

    /// A tail pass-through (rule 8): the pending future handed on is
    /// counted as boxed for the layer too (its call returned a pending
    /// future), with no box of its own.
    #[fast_async(dyn)]
    async fn handing_on(key: u64) -> u64 {
        dyn_lookup(key).await
    }

    #[test]
    fn a_future_handed_on_is_counted_boxed() {
        let waker = noop_waker();
        for key in [1, 10, 2, 20, 30] {
            let (value, count) =
                allocations(|| fast_async_tests::block_on_with(&waker, handing_on(key)));
            assert_eq!(value, key);
            assert_eq!(count, u64::from(key % 10 == 0), "the leaf's box alone");
        }
        let stats = stats_of("::handing_on");
        assert_eq!((stats.ready, stats.boxed), (2, 3));
        assert_eq!(stats.pending_at, [0; 4]);
    }

    struct Table;

    #[fast_async]
    impl Table {
        async fn method_of_an_impl(&self, key: u64) -> u64 {
            lookup(key).await
        }
    }

    #[fast_async]
    trait Store: Send + Sync {
        async fn get_from_store(&self, key: u64) -> u64;
    }

    #[fast_async]
    impl Store for Table {
        async fn get_from_store(&self, key: u64) -> u64 {
            key
        }
    }

    #[test]
    fn methods_are_named_by_their_type_and_trait() {
        block_on(Table.method_of_an_impl(1));
        let store: Arc<dyn Store> = Arc::new(Table);
        block_on(store.get_from_store(2));
        assert!(stats_of("::method_of_an_impl")
            .name
            .ends_with("::Table::method_of_an_impl"));
        assert!(stats_of("::get_from_store")
            .name
            .ends_with("::<Table as Store>::get_from_store"));
    }

    #[fast_async]
    async fn mostly_boxed(key: u64) -> u64 {
        if key == 0 {
            return 0;
        }
        yield_once(key).await
    }

    #[test]
    fn the_report_marks_functions_under_half_ready() {
        for key in 0..10 {
            block_on(mostly_boxed(key));
        }
        let report = stats::report().to_string();
        let line = report
            .lines()
            .find(|line| line.contains("::mostly_boxed"))
            .expect("the function is in the report");
        assert!(line.contains("10.0%"), "{line}");
        assert!(line.contains("rarely helps"), "{line}");
        for stats in report_stats_sorted() {
            let line = report
                .lines()
                .find(|line| line.contains(stats.name))
                .unwrap();
            assert_eq!(
                line.contains("rarely helps"),
                stats.ready_share() < 0.5,
                "{line}"
            );
        }
    }

    fn report_stats_sorted() -> Vec<FnStats> {
        let stats = stats::report().stats().to_vec();
        assert!(
            stats
                .windows(2)
                .all(|pair| pair[0].calls() >= pair[1].calls()),
            "most called first"
        );
        stats
    }

    #[fast_async]
    async fn counted_ready(key: u64) -> u64 {
        key + 1
    }

    #[test]
    fn counting_does_not_allocate_on_the_ready_path() {
        // The first call registers the function (no allocation either).
        let waker = noop_waker();
        let ((), first) = allocations(|| {
            let _ = counted_ready(1).into_ready();
        });
        assert_eq!(first, 0);
        let (sum, count) = allocations(|| {
            (0..1000)
                .map(|key| fast_async_tests::block_on_with(&waker, counted_ready(key)))
                .sum::<u64>()
        });
        assert_eq!(sum, (1..=1000).sum::<u64>());
        assert_eq!(count, 0);
    }
}

/// With or without the feature: the future and its cost are the same.
mod unchanged {
    use super::*;

    #[test]
    fn same_size_and_no_allocation_on_the_ready_path() {
        let future = lookup(1);
        assert_eq!(std::mem::size_of_val(&future), 16);
        let waker = noop_waker();
        let (value, count) = allocations(|| fast_async_tests::block_on_with(&waker, lookup(7)));
        assert_eq!((value, count), (7, 0));
        let (value, count) = allocations(|| fast_async_tests::block_on_with(&waker, lookup(10)));
        assert_eq!((value, count), (10, 1));
    }
}
