//! Time **and** allocations per call of `#[fast_async]` against
//! `#[async_trait]`, a per-call `Box::pin`, plain `async fn`s and the
//! synchronous limit: `cargo bench -p fast-async-benches --bench calls`.
//!
//! Every row is one call driven to completion by a minimal executor (a noop
//! waker made once, outside the measured closure); the rows themselves are
//! in `fast_async_benches::rows`, shared with the instruction counts and the
//! allocation tests. Groups and rows are numbered so that divan lists them
//! in the order of `RESULTS.md`.
//!
//! Built with the feature `no-alloc-profiler`, the binary uses the system
//! allocator directly: times without the profiler's bookkeeping on the rows
//! that allocate.

use divan::Bencher;
use fast_async_benches::{rows, Env};

#[cfg(not(feature = "no-alloc-profiler"))]
#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

/// Measures `row` on a fresh [`Env`] (statically dispatched: `row` is a fn
/// item, inlined into the measured closure).
fn run(bencher: Bencher<'_, '_>, hit_percent: usize, mut row: impl FnMut(&mut Env) -> u64) {
    let mut env = Env::new(hit_percent);
    bencher.bench_local(|| row(&mut env));
}

/// 1. The ready path through `&dyn Trait`.
#[divan::bench_group(name = "1_ready_dyn")]
mod ready_dyn {
    use super::*;

    #[divan::bench(name = "0_sync_limit")]
    fn sync(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::ready_dyn_sync);
    }

    #[divan::bench(name = "1_fast_async")]
    fn fast_async(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::ready_dyn_fast_async);
    }

    #[divan::bench(name = "2_fast_async_into_ready")]
    fn fast_async_into_ready(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::ready_dyn_fast_async_into_ready);
    }

    #[divan::bench(name = "3_async_trait")]
    fn async_trait(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::ready_dyn_async_trait);
    }

    #[divan::bench(name = "4_box_pin")]
    fn box_pin(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::ready_dyn_box_pin);
    }
}

/// 2. The path pending once through `&dyn Trait`.
#[divan::bench_group(name = "2_pending_dyn")]
mod pending_dyn {
    use super::*;

    #[divan::bench(name = "1_fast_async")]
    fn fast_async(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::pending_dyn_fast_async);
    }

    #[divan::bench(name = "3_async_trait")]
    fn async_trait(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::pending_dyn_async_trait);
    }

    #[divan::bench(name = "4_box_pin")]
    fn box_pin(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::pending_dyn_box_pin);
    }
}

/// 3. Free functions called by name.
#[divan::bench_group(name = "3_free_fn")]
mod free_fn {
    use super::*;

    #[divan::bench(name = "0_plain_async_fn_ready")]
    fn plain_ready(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::free_plain_ready);
    }

    #[divan::bench(name = "1_fast_async_ready")]
    fn fast_async_ready(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::free_fast_async_ready);
    }

    #[divan::bench(name = "2_plain_async_fn_pending")]
    fn plain_pending(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::free_plain_pending);
    }

    #[divan::bench(name = "3_fast_async_boxed")]
    fn fast_async_pending(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::free_fast_async_pending);
    }
}

/// 4. Recursion: the sum of a full tree of 64 ready leaves (127 calls).
#[divan::bench_group(name = "4_recursion")]
mod recursion {
    use super::*;

    #[divan::bench(name = "0_sync_limit")]
    fn sync(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::recursion_sync);
    }

    #[divan::bench(name = "1_fast_async_dyn")]
    fn fast_async_dyn(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::recursion_fast_async_dyn);
    }

    #[divan::bench(name = "2_fast_async_opaque")]
    fn fast_async_opaque(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::recursion_fast_async_opaque);
    }

    #[divan::bench(name = "3_box_pin_every_call")]
    fn box_pin(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::recursion_box_pin);
    }
}

/// 5. The cache scenario through `&dyn`, at 50%, 90% and 99% hits.
#[divan::bench_group(name = "5_cache")]
mod cache {
    use super::*;

    #[divan::bench(name = "1_fast_async", args = [50, 90, 99])]
    fn fast_async(bencher: Bencher<'_, '_>, hit_percent: usize) {
        run(bencher, hit_percent, rows::cache_fast_async);
    }

    #[divan::bench(name = "3_async_trait", args = [50, 90, 99])]
    fn async_trait(bencher: Bencher<'_, '_>, hit_percent: usize) {
        run(bencher, hit_percent, rows::cache_async_trait);
    }
}

/// 7. Eight delegating `&dyn` layers over a ready or pending leaf.
#[divan::bench_group(name = "7_layers")]
mod layers {
    use super::*;

    #[divan::bench(name = "1_fast_async_ready")]
    fn fast_async_ready(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::layers_ready_fast_async);
    }

    #[divan::bench(name = "2_async_trait_ready")]
    fn async_trait_ready(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::layers_ready_async_trait);
    }

    #[divan::bench(name = "3_fast_async_pending")]
    fn fast_async_pending(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::layers_pending_fast_async);
    }

    #[divan::bench(name = "4_async_trait_pending")]
    fn async_trait_pending(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::layers_pending_async_trait);
    }
}

/// 8. A tower stack (validate, cache, store), erased or not, per request.
#[divan::bench_group(name = "8_tower")]
mod tower {
    use super::*;

    #[divan::bench(name = "1_ready_not_erased")]
    fn ready_stack(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::tower_ready_stack);
    }

    #[divan::bench(name = "2_ready_fast_async")]
    fn ready_fast(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::tower_ready_fast);
    }

    #[divan::bench(name = "3_ready_tower_box")]
    fn ready_tower_box(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::tower_ready_tower_box);
    }

    #[divan::bench(name = "4_pending_not_erased")]
    fn pending_stack(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::tower_pending_stack);
    }

    #[divan::bench(name = "5_pending_fast_async")]
    fn pending_fast(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::tower_pending_fast);
    }

    #[divan::bench(name = "6_pending_tower_box")]
    fn pending_tower_box(bencher: Bencher<'_, '_>) {
        run(bencher, 0, rows::tower_pending_tower_box);
    }
}
