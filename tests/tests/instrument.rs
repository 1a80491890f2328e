//! `#[tracing::instrument]` with `#[fast_async]` (issue 10, item 3): the
//! span must cover the whole execution, as for the plain `async fn`, in
//! either order of the two attributes, and `#[fast_async]` written first
//! keeps its ready path (with no allocation).
//!
//! A hand-written [`Recorder`] subscriber logs, in order, every span made
//! (name, fields, the span stack it was made in), every event (with the
//! span stack it happened in) and every span closed. Each case is written
//! once; [`twins!`] makes the plain `async fn` and the annotated copies in
//! both orders, and the logs of the three are compared. Calls are made and
//! polled inside a span `outer`, as a caller inside a request span would.
//!
//! The one documented difference — the synchronous part runs at the call —
//! shows only where the call and the polls run in different spans; the
//! cases that do that ([`disabled`]) compare the part after the first await.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use fast_async::{fast_async, MaybeReady};
use fast_async_tests::{allocations, noop_waker, yield_once, CountingAllocator};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Dispatch, Event, Metadata, Span, Subscriber};
use tracing_core::span::Current;

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// A subscriber that logs spans and events, with the span stack of each.
/// Spans named in `disabled` are turned off, as a level or a filter would.
#[derive(Clone, Default)]
struct Recorder {
    state: Arc<Mutex<State>>,
    disabled: &'static [&'static str],
}

#[derive(Default)]
struct State {
    next: u64,
    spans: HashMap<u64, SpanData>,
    stack: Vec<u64>,
    log: Vec<String>,
}

struct SpanData {
    name: &'static str,
    meta: &'static Metadata<'static>,
    refs: usize,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if !self.0.is_empty() {
            self.0.push_str(", ");
        }
        let _ = write!(self.0, "{}={value:?}", field.name());
    }
}

impl State {
    fn stack(&self) -> String {
        let names: Vec<&str> = self.stack.iter().map(|id| self.spans[id].name).collect();
        format!("[{}]", names.join(" > "))
    }
}

impl Recorder {
    fn log(&self) -> Vec<String> {
        self.state.lock().unwrap().log.clone()
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        !(metadata.is_span() && self.disabled.contains(&metadata.name()))
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(String::new());
        span.record(&mut fields);
        let mut state = self.state.lock().unwrap();
        state.next += 1;
        let id = state.next;
        let name = span.metadata().name();
        let line = format!("new {name}{{{}}} in {}", fields.0, state.stack());
        state.log.push(line);
        state.spans.insert(
            id,
            SpanData {
                name,
                meta: span.metadata(),
                refs: 1,
            },
        );
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        let mut state = self.state.lock().unwrap();
        let line = format!(
            "record {}{{{}}}",
            state.spans[&span.into_u64()].name,
            fields.0
        );
        state.log.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        let mut state = self.state.lock().unwrap();
        let line = format!("event {} in {}", fields.0, state.stack());
        state.log.push(line);
    }

    fn enter(&self, span: &Id) {
        self.state.lock().unwrap().stack.push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut state = self.state.lock().unwrap();
        let at = state.stack.iter().rposition(|id| *id == span.into_u64());
        state.stack.remove(at.expect("exit of an entered span"));
    }

    fn current_span(&self) -> Current {
        let state = self.state.lock().unwrap();
        match state.stack.last() {
            Some(id) => Current::new(Id::from_u64(*id), state.spans[id].meta),
            None => Current::none(),
        }
    }

    fn clone_span(&self, span: &Id) -> Id {
        let mut state = self.state.lock().unwrap();
        state.spans.get_mut(&span.into_u64()).unwrap().refs += 1;
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        let mut state = self.state.lock().unwrap();
        let data = state.spans.get_mut(&span.into_u64()).unwrap();
        data.refs -= 1;
        if data.refs > 0 {
            return false;
        }
        let line = format!("close {}", data.name);
        state.log.push(line);
        true
    }
}

/// An event, logged with the span stack it happens in.
fn note(message: &'static str) {
    tracing::info!(message);
}

/// What one call did: its output, whether the future was ready when the
/// call returned (`None`: not a `MaybeReady`), how many polls it took, and
/// the log.
#[derive(Debug, PartialEq)]
struct Run<T> {
    output: T,
    polls: usize,
    log: Vec<String>,
}

/// Makes the future with `call` in span `call_in` and polls it to
/// completion in span `poll_in`, under `recorder`. `probe` tells whether
/// the future was ready at the call (`None` for a plain `async fn`).
fn run_in<F: Future>(
    recorder: &Recorder,
    call_in: &str,
    poll_in: &str,
    call: impl FnOnce() -> F,
    probe: impl FnOnce(&F) -> Option<bool>,
) -> (Run<F::Output>, Option<bool>) {
    let dispatch = Dispatch::new(recorder.clone());
    tracing::dispatcher::with_default(&dispatch, || {
        let call_span = named_span(call_in);
        let poll_span = if poll_in == call_in {
            call_span.clone()
        } else {
            named_span(poll_in)
        };
        let future = call_span.in_scope(call);
        let ready = probe(&future);
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut polls = 0;
        // The future is dropped at the end of this block, before the log
        // is read.
        let output = {
            let mut future = pin!(future);
            loop {
                polls += 1;
                if let Poll::Ready(output) = poll_span.in_scope(|| future.as_mut().poll(&mut cx)) {
                    break output;
                }
                assert!(polls < 100, "the future never completes");
            }
        };
        let run = Run {
            output,
            polls,
            log: recorder.log(),
        };
        (run, ready)
    })
}

fn named_span(name: &str) -> Span {
    match name {
        "outer" => tracing::info_span!("outer"),
        "caller" => tracing::info_span!("caller"),
        "poller" => tracing::info_span!("poller"),
        _ => unreachable!("no span {name}"),
    }
}

/// A plain `async fn`'s call, made and polled in `outer`.
fn run<F: Future>(call: impl FnOnce() -> F) -> Run<F::Output> {
    run_in(&Recorder::default(), "outer", "outer", call, |_| None).0
}

/// An annotated call, made and polled in `outer`; and whether it was ready.
fn run_fast<F: MaybeReady>(call: impl FnOnce() -> F) -> (Run<F::Output>, bool) {
    let (run, ready) = run_in(&Recorder::default(), "outer", "outer", call, |future| {
        Some(future.is_ready())
    });
    (run, ready.expect("probed"))
}

/// Writes a free function three times, from the same tokens: `plain` (the
/// `async fn` under `#[instrument(..)]`), `fast` (`#[fast_async]` above
/// `#[instrument(..)]`) and `fast_below` (`#[instrument(..)]` above
/// `#[fast_async]`).
macro_rules! twins {
    (
        $case:ident,
        #[instrument $( ($($args:tt)*) )?]
        async fn $name:ident $($rest:tt)*
    ) => {
        mod $case {
            #![allow(unused_imports, clippy::needless_return)]
            use super::*;
            use ::tracing::instrument;

            pub(crate) mod plain {
                use super::*;
                #[instrument $( ($($args)*) )?]
                pub(crate) async fn $name $($rest)*
            }
            pub(crate) mod fast {
                use super::*;
                #[fast_async]
                #[instrument $( ($($args)*) )?]
                pub(crate) async fn $name $($rest)*
            }
            pub(crate) mod fast_below {
                use super::*;
                #[instrument $( ($($args)*) )?]
                #[fast_async]
                pub(crate) async fn $name $($rest)*
            }
        }
    };
}

/// The three copies of `$case::$name` called with `$args` give the same
/// output and log; `fast` is ready at the call exactly when `$ready`.
macro_rules! compare {
    ($case:ident :: $name:ident ($($args:expr),*), ready: $ready:expr) => {{
        let plain = run(|| $case::plain::$name($($args),*));
        let (fast, fast_ready) = run_fast(|| $case::fast::$name($($args),*));
        let (below, below_ready) = run_fast(|| $case::fast_below::$name($($args),*));
        assert_eq!(fast_ready, $ready, "fast is ready at the call");
        assert!(!below_ready, "fast_below is never ready");
        assert_eq!(fast.output, plain.output);
        assert_eq!(below.output, plain.output);
        assert_eq!(fast.log, plain.log, "#[fast_async] #[instrument]");
        assert_eq!(below.log, plain.log, "#[instrument] #[fast_async]");
        plain
    }};
}

twins! {
    lookup,
    #[instrument]
    async fn lookup(key: u32) -> u32 {
        note("start");
        if key == 0 {
            note("hit");
            return 7;
        }
        let value = yield_once(key).await;
        note("after the await");
        value + 1
    }
}

#[test]
fn events_before_and_after_the_first_await_are_in_the_span() {
    let plain = compare!(lookup::lookup(3), ready: false);
    assert_eq!(
        plain.log,
        [
            "new outer{} in []",
            "new lookup{key=3} in [outer]",
            "event message=\"start\" in [outer > lookup]",
            "event message=\"after the await\" in [outer > lookup]",
            "close lookup",
        ]
    );
    assert_eq!((plain.output, plain.polls), (4, 2));
}

#[test]
fn the_ready_path_is_in_the_span() {
    let plain = compare!(lookup::lookup(0), ready: true);
    assert_eq!(
        plain.log,
        [
            "new outer{} in []",
            "new lookup{key=0} in [outer]",
            "event message=\"start\" in [outer > lookup]",
            "event message=\"hit\" in [outer > lookup]",
            "close lookup",
        ]
    );
}

twins! {
    arguments,
    #[instrument(skip(skipped), fields(extra = key * 2), level = "debug", name = "renamed")]
    async fn arguments(key: u32, _: u32, skipped: &str, _: ()) -> u32 {
        note("start");
        if skipped.is_empty() {
            return key;
        }
        yield_once(()).await;
        note("after the await");
        key + skipped.len() as u32
    }
}

/// Fields, `skip`, `name`, `level`: the span is the same; `_` arguments
/// (kept alive by the macro under a generated name) are not recorded.
#[test]
fn arguments_are_recorded_as_for_the_async_fn() {
    let plain = compare!(arguments::arguments(2, 9, "ab", ()), ready: false);
    assert_eq!(plain.log[1], "new renamed{key=2, extra=4} in [outer]");
    compare!(arguments::arguments(2, 9, "", ()), ready: true);
}

twins! {
    unit_args,
    #[instrument]
    async fn unit_args(_: u8, flag: bool) {
        if flag {
            note("ready");
            return;
        }
        yield_once(()).await;
        note("after the await");
    }
}

#[test]
fn wildcard_arguments_without_skip() {
    let plain = compare!(unit_args::unit_args(1, false), ready: false);
    assert_eq!(plain.log[1], "new unit_args{flag=false} in [outer]");
    compare!(unit_args::unit_args(1, true), ready: true);
}

twins! {
    tail_branches,
    #[instrument(skip_all)]
    async fn tail_branches(command: u8) -> u8 {
        match command {
            0 => {
                note("zero");
                0
            }
            1 => {
                let value = yield_once(1).await;
                note("one");
                value
            }
            _ => {
                let value = yield_once(command).await;
                note("other");
                value * 2
            }
        }
    }
}

/// Several boxed branches share one box (opaque form): each is in the span.
#[test]
fn every_boxed_branch_is_in_the_span() {
    compare!(tail_branches::tail_branches(0), ready: true);
    compare!(tail_branches::tail_branches(1), ready: false);
    let plain = compare!(tail_branches::tail_branches(5), ready: false);
    assert_eq!(
        plain.log[2],
        "event message=\"other\" in [outer > tail_branches]"
    );
}

#[fast_async]
async fn step(x: u32) -> u32 {
    if x % 2 == 0 {
        return x;
    }
    yield_once(x).await
}

twins! {
    propagated,
    #[instrument]
    async fn propagated(x: u32) -> u32 {
        let a = step(x).await;
        note("after the first step");
        let b = step(a + 1).await;
        note("after the second step");
        a + b
    }
}

/// Rule 8: the continuation boxed at a pending point is in the span too.
#[test]
fn propagated_points_keep_the_span() {
    compare!(propagated::propagated(2), ready: false);
    compare!(propagated::propagated(3), ready: false);
}

twins! {
    tracing_macros,
    #[instrument]
    async fn tracing_macros(key: u32) -> u32 {
        tracing::info!(key, "start");
        if key == 0 {
            return 0;
        }
        let value = yield_once(key).await;
        tracing::warn!(value, "after the await");
        value
    }
}

/// `tracing`'s own macros in the body, before and after the await.
#[test]
fn tracing_macros_in_the_body() {
    let plain = compare!(tracing_macros::tracing_macros(4), ready: false);
    assert_eq!(
        plain.log[3],
        "event message=after the await, value=4 in [outer > tracing_macros]"
    );
}

/// Written directly (not through a macro): the check that the current span
/// is the function's own compares the callsite's line with the one of the
/// attribute, which a macro expansion would make the same for all copies.
mod direct {
    use super::*;
    use tracing::instrument;

    #[fast_async]
    #[instrument]
    pub(crate) async fn direct(key: u32) -> u32 {
        if key == 0 {
            return 0;
        }
        yield_once(()).await;
        note("after the await");
        key
    }

    #[fast_async]
    #[cfg_attr(all(), instrument)]
    pub(crate) async fn conditional(key: u32) -> u32 {
        yield_once(()).await;
        note("after the await");
        key
    }

    /// An attribute over several lines: the line of its `#` counts.
    #[fast_async]
    #[tracing::instrument(
        name = "multi",
        skip(key),
        fields(first = "a field long enough", second = "to keep the lines")
    )]
    pub(crate) async fn multi_line(key: u32) -> u32 {
        yield_once(()).await;
        note("after the await");
        key
    }
}

#[test]
fn a_function_outside_any_macro() {
    let (direct, ready) = run_fast(|| direct::direct(5));
    assert!(!ready);
    assert_eq!(
        direct.log,
        [
            "new outer{} in []",
            "new direct{key=5} in [outer]",
            "event message=\"after the await\" in [outer > direct]",
            "close direct",
        ]
    );
    let (conditional, _) = run_fast(|| direct::conditional(5));
    assert_eq!(
        conditional.log[2], "event message=\"after the await\" in [outer > conditional]",
        "under cfg_attr"
    );
    let (multi, _) = run_fast(|| direct::multi_line(5));
    assert_eq!(
        multi.log[2],
        "event message=\"after the await\" in [outer > multi]"
    );
}

/// With the function's span disabled (a level, a filter), the `async fn`'s
/// body runs in whatever span polls it; so does the boxed part. (Before the
/// first await, the documented difference: the annotated fn's synchronous
/// part runs at the call, in the caller's span.)
mod disabled {
    use super::*;

    twins! {
        quiet,
        #[instrument]
        async fn quiet(key: u32) -> u32 {
            note("start");
            yield_once(()).await;
            note("after the await");
            key
        }
    }

    #[test]
    fn the_boxed_part_runs_in_the_polling_span() {
        let recorder = || Recorder {
            disabled: &["quiet"],
            ..Recorder::default()
        };
        let run = |call: &dyn Fn() -> Pin<Box<dyn Future<Output = u32>>>| {
            run_in(&recorder(), "caller", "poller", call, |_| None).0
        };
        let plain = run(&|| Box::pin(quiet::plain::quiet(1)));
        let fast = run(&|| Box::pin(quiet::fast::quiet(1)));
        let below = run(&|| Box::pin(quiet::fast_below::quiet(1)));
        let after = "event message=\"after the await\" in [poller]";
        assert_eq!(plain.log[3], after);
        assert_eq!(fast.log[3], after);
        assert_eq!(below.log[3], after);
        assert_eq!(plain.log[2], "event message=\"start\" in [poller]");
        assert_eq!(fast.log[2], "event message=\"start\" in [caller]");
    }

    /// Enabled, the span is the one made at the call, whichever span polls.
    #[test]
    fn enabled_the_span_follows_the_future() {
        let (fast, _) = run_in(
            &Recorder::default(),
            "caller",
            "poller",
            || quiet::fast::quiet(1),
            |_| None,
        );
        assert_eq!(
            fast.log,
            [
                "new caller{} in []",
                "new poller{} in []",
                "new quiet{key=1} in [caller]",
                "event message=\"start\" in [caller > quiet]",
                "event message=\"after the await\" in [poller > quiet]",
                "close quiet",
            ]
        );
    }
}

/// Methods: `#[instrument]` on a method of a `#[fast_async]` impl records
/// `self` and keeps the span, as on the plain method; through `&dyn`, a
/// `#[fast_async]` trait's method (implemented, or a default body) does what
/// `#[async_trait]`'s does (which tracing instruments inside its box).
mod methods {
    use super::*;

    macro_rules! store_twins {
        ($($impl_attr:tt)*) => {
            #[derive(Debug)]
            pub(crate) struct Store {
                pub(crate) hits: u32,
            }

            $($impl_attr)*
            impl Store {
                #[tracing::instrument]
                pub(crate) async fn get(&self, key: u32) -> u32 {
                    note("start");
                    if key == self.hits {
                        return 0;
                    }
                    let value = yield_once(key).await;
                    note("after the await");
                    value
                }
            }
        };
    }

    mod plain {
        use super::*;
        store_twins!();
    }

    mod fast {
        use super::*;
        store_twins!(#[fast_async]);
    }

    #[test]
    fn a_method_of_an_annotated_impl() {
        for key in [1, 2] {
            let plain_store = plain::Store { hits: 1 };
            let fast_store = fast::Store { hits: 1 };
            let plain = run(|| plain_store.get(key));
            let (fast, ready) = run_fast(|| fast_store.get(key));
            assert_eq!(ready, key == 1);
            assert_eq!(fast, plain);
        }
        let store = plain::Store { hits: 1 };
        assert_eq!(
            run(|| store.get(2)).log[1],
            "new get{self=Store { hits: 1 }, key=2} in [outer]"
        );
    }

    /// Written once under `#[under_test]`: `#[fast_async]` in `fast`,
    /// `#[async_trait]` in `baseline`.
    macro_rules! trait_twins {
        ($($item:tt)*) => {
            mod fast_trait {
                use super::*;
                use ::fast_async::fast_async as under_test;
                $($item)*
            }
            mod baseline {
                use super::*;
                use ::async_trait::async_trait as under_test;
                $($item)*
            }
        };
    }

    trait_twins! {
        #[under_test]
        pub(crate) trait Get: Sync {
            async fn get(&self, key: u32) -> u32;

            #[tracing::instrument(skip(self))]
            async fn twice(&self, key: u32) -> u32 {
                if key == 0 {
                    return 0;
                }
                let value = self.get(key).await;
                note("after get");
                value * 2
            }
        }

        #[derive(Debug)]
        pub(crate) struct Cache;

        #[under_test]
        impl Get for Cache {
            #[tracing::instrument(skip(self), fields(kind = "cache"))]
            async fn get(&self, key: u32) -> u32 {
                note("start");
                if key == 0 {
                    return 0;
                }
                let value = yield_once(key).await;
                note("after the await");
                value
            }
        }

        pub(crate) fn as_dyn() -> &'static dyn Get {
            &Cache
        }
    }

    #[test]
    fn a_trait_method_through_dyn() {
        for key in [0, 5] {
            let baseline = run(|| baseline::as_dyn().get(key));
            let (fast, ready) = run_in(
                &Recorder::default(),
                "outer",
                "outer",
                || fast_trait::as_dyn().get(key),
                |future| Some(future.is_ready()),
            );
            assert_eq!(ready, Some(key == 0));
            assert_eq!(fast, baseline);
            let baseline = run(|| baseline::as_dyn().twice(key));
            let (fast, ready) = run_in(
                &Recorder::default(),
                "outer",
                "outer",
                || fast_trait::as_dyn().twice(key),
                |future| Some(future.is_ready()),
            );
            assert_eq!(ready, Some(key == 0));
            assert_eq!(fast, baseline);
        }
        assert_eq!(
            run(|| baseline::as_dyn().twice(5)).log[2..],
            [
                "new get{key=5, kind=\"cache\"} in [outer > twice]",
                "event message=\"start\" in [outer > twice > get]",
                "event message=\"after the await\" in [outer > twice > get]",
                "close get",
                "event message=\"after get\" in [outer > twice]",
                "close twice",
            ]
        );
        assert_eq!(
            run(|| baseline::as_dyn().get(5)).log[2..],
            [
                "event message=\"start\" in [outer > get]",
                "event message=\"after the await\" in [outer > get]",
                "close get",
            ]
        );
    }
}

/// `err` and `ret` record the function's result, which a plain `fn`
/// returning our future cannot give them: below `#[fast_async]` they are a
/// compile error (tests/ui/instrument-err.rs); written above, they work as
/// on the `async fn` (every call boxed).
mod err_above {
    use super::*;

    macro_rules! err_twins {
        ($($fast:tt)*) => {
            #[tracing::instrument(err, ret)]
            $($fast)*
            pub(crate) async fn parse(text: &'static str) -> Result<u32, String> {
                if text.is_empty() {
                    return Err("empty".to_owned());
                }
                yield_once(()).await;
                text.parse::<u32>().map_err(|error| error.to_string())
            }
        };
    }

    mod plain {
        use super::*;
        err_twins!();
    }

    mod fast {
        use super::*;
        err_twins!(#[fast_async]);
    }

    #[test]
    fn err_and_ret_above_the_attribute() {
        for text in ["", "12", "x"] {
            let plain = run(|| plain::parse(text));
            let (fast, _) = run_fast(|| fast::parse(text));
            assert_eq!(fast, plain);
        }
        let plain = run(|| plain::parse(""));
        assert_eq!(
            plain.log[2], "event error=empty in [outer > parse]",
            "the error is recorded"
        );
    }
}

/// The ready path allocates nothing with the span enabled, as without it;
/// the pending path boxes once (the `Instrumented` future is in that box).
mod alloc {
    use super::*;
    use fast_async_tests::block_on_with;
    use std::hint::black_box;

    /// A subscriber that enables everything and allocates nothing.
    struct Quiet;

    impl Subscriber for Quiet {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, _: &Event<'_>) {}
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
        fn current_span(&self) -> Current {
            Current::new(Id::from_u64(1), lookup_metadata())
        }
    }

    /// The metadata of `lookup`'s span (as the current span, so the boxed
    /// part takes it as its own).
    fn lookup_metadata() -> &'static Metadata<'static> {
        static METADATA: std::sync::OnceLock<&'static Metadata<'static>> =
            std::sync::OnceLock::new();
        METADATA.get_or_init(|| {
            let recorder = Recorder::default();
            let dispatch = Dispatch::new(recorder.clone());
            tracing::dispatcher::with_default(&dispatch, || {
                let future = lookup::fast::lookup(0);
                drop(future);
            });
            let state = recorder.state.lock().unwrap();
            let span = state.spans.values().find(|span| span.name == "lookup");
            span.expect("lookup made its span").meta
        })
    }

    #[test]
    fn no_allocation_on_the_ready_path() {
        let metadata = lookup_metadata();
        assert_eq!(metadata.name(), "lookup");
        let waker = noop_waker();
        let dispatch = Dispatch::new(Quiet);
        tracing::dispatcher::with_default(&dispatch, || {
            // Registers the callsites (once per process).
            block_on_with(&waker, lookup::fast::lookup(0));
            block_on_with(&waker, lookup::fast::lookup(3));
            let (value, count) =
                allocations(|| block_on_with(&waker, black_box(lookup::fast::lookup(0))));
            assert_eq!((value, count), (7, 0), "the ready path");
            let (value, count) =
                allocations(|| block_on_with(&waker, black_box(lookup::plain::lookup(0))));
            assert_eq!((value, count), (7, 0), "the plain async fn");
            let (value, count) =
                allocations(|| block_on_with(&waker, black_box(lookup::fast::lookup(3))));
            assert_eq!((value, count), (4, 1), "the pending path");
        });
    }
}

#[fast_async(dyn)]
async fn dyn_step(x: u32) -> u32 {
    if x % 2 == 0 {
        return x;
    }
    let value = yield_once(x).await;
    note("the step after its await");
    value
}

/// A dyn-form layer whose tail only awaits another dyn-form future (rule
/// 8's tail pass-through elsewhere): instrumented, it keeps its boxed
/// continuation, so the inner future is polled inside the layer's span.
mod handed_on {
    #![allow(unused_imports)]
    use super::*;
    use ::tracing::instrument;

    pub(crate) mod plain {
        use super::*;
        #[instrument]
        pub(crate) async fn layer(x: u32) -> u32 {
            dyn_step(x).await
        }
    }
    pub(crate) mod fast {
        use super::*;
        #[fast_async(dyn)]
        #[instrument]
        pub(crate) async fn layer(x: u32) -> u32 {
            dyn_step(x).await
        }
    }
    pub(crate) mod fast_below {
        use super::*;
        #[instrument]
        #[fast_async(dyn)]
        pub(crate) async fn layer(x: u32) -> u32 {
            dyn_step(x).await
        }
    }
}

#[test]
fn a_pending_tail_is_polled_in_the_span() {
    let plain = compare!(handed_on::layer(3), ready: false);
    assert_eq!(
        plain.log[2],
        "event message=\"the step after its await\" in [outer > layer]"
    );
    compare!(handed_on::layer(2), ready: true);
}
