//! `fast_async::tower`: erased services whose future is `FastFuture`.
//!
//! - allocations per request through the validate → cache → store stack of
//!   `fast_async_tests::tower_stack`, erased with `BoxCloneSyncFastService`
//!   (at the top, and at every layer) against the same stack erased with
//!   tower's `BoxCloneSyncService`: a ready request (a hit, a rejection)
//!   and a pending one (a miss);
//! - the other constructors (`boxing`, an opaque `#[fast_async]` future,
//!   `service_fn`), `layer()`, `Clone`, `Debug`;
//! - `Send` / `Sync` / `Clone` at compile time, and on tokio;
//! - `poll_ready`: a pending one (backpressure) and an error come through.
//!
//! Counts are taken as in tests/tests/alloc.rs: on this thread, the waker
//! made beforehand, the future passed through `black_box`.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use fast_async::tower::{service_fn, BoxCloneFastService, BoxCloneSyncFastService, BoxFastService};
use fast_async::{fast_async, FastFuture, MaybeReady};
use fast_async_tests::tower_stack::{self, Error, Response};
use fast_async_tests::{allocations, block_on_with, noop_waker, yield_once, CountingAllocator};
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service, ServiceBuilder, ServiceExt};

#[global_allocator]
static ALLOC: CountingAllocator = CountingAllocator;

/// Calls `service` with `request` (it must be ready) and polls the response
/// to completion: the response and the allocations from the call on.
fn request<S>(waker: &Waker, service: &mut S, request: u64) -> (Result<u64, Error>, u64)
where
    S: Service<u64, Response = u64, Error = Error>,
{
    let mut cx = Context::from_waker(waker);
    assert!(service.poll_ready(&mut cx).is_ready());
    allocations(|| block_on_with(waker, black_box(service.call(request))))
}

/// A hit (id 1), a rejection (id 0) and a miss (a new id each time) through
/// `service`: the allocations of each, checking the responses.
fn per_request<S>(mut service: S) -> [u64; 3]
where
    S: Service<u64, Response = u64, Error = Error>,
{
    let waker = noop_waker();
    let mut counts = [0; 3];
    for round in 0..3 {
        let (hit, hit_allocs) = request(&waker, &mut service, 1);
        assert_eq!(hit, Ok(10));
        let (rejected, rejected_allocs) = request(&waker, &mut service, 0);
        assert_eq!(rejected, Err(Error::Invalid));
        let id = 1000 + round;
        let (miss, miss_allocs) = request(&waker, &mut service, id);
        assert_eq!(miss, Ok(id * 10));
        // Filled: the same id is now a hit.
        assert_eq!(request(&waker, &mut service, id), (Ok(id * 10), hit_allocs));
        let round = [hit_allocs, rejected_allocs, miss_allocs];
        assert!(
            counts == [0; 3] || counts == round,
            "not the same each round: {round:?}"
        );
        counts = round;
    }
    counts
}

fn prices() -> tower_stack::Prices {
    tower_stack::prices(10, 100)
}

mod allocations_per_request {
    use super::*;

    /// The stack as it is, not erased: what erasure should not add to.
    #[test]
    fn not_erased() {
        // hit, rejection: ready; miss: the store's box and the cache's
        // continuation (it fills the cache after the await).
        assert_eq!(per_request(tower_stack::stack(prices())), [0, 0, 2]);
    }

    #[test]
    fn erased_at_the_top() {
        let fast = BoxCloneSyncFastService::new(tower_stack::stack(prices()));
        let tower = BoxCloneSyncService::new(tower_stack::stack(prices()));
        assert_eq!(per_request(fast), [0, 0, 2], "fast_async::tower");
        // tower's box: one more per request, ready ones included.
        assert_eq!(per_request(tower), [1, 1, 3], "tower");
    }

    #[test]
    fn erased_at_every_layer() {
        type Erased = BoxCloneSyncFastService<u64, u64, Error>;
        let store = Erased::new(tower_stack::store());
        let cached = Erased::new(tower_stack::Cached::new(prices(), store));
        let validate = Erased::new(tower_stack::Validate::new(cached));
        assert_eq!(per_request(validate), [0, 0, 2]);
    }

    #[test]
    fn other_erased_forms() {
        let stack = || tower_stack::stack(prices());
        assert_eq!(per_request(BoxFastService::new(stack())), [0, 0, 2]);
        assert_eq!(per_request(BoxCloneFastService::new(stack())), [0, 0, 2]);
        // Erased twice: still nothing per ready request.
        let twice = BoxFastService::new(BoxCloneSyncFastService::new(stack()));
        assert_eq!(per_request(twice), [0, 0, 2]);
    }

    #[test]
    fn with_layers() {
        // `layer()` between every layer of a `ServiceBuilder`.
        let prices = prices();
        let service = ServiceBuilder::new()
            .layer(BoxCloneSyncFastService::layer())
            .layer_fn(tower_stack::Validate::new)
            .layer(BoxCloneSyncFastService::layer())
            .layer_fn(|inner| tower_stack::Cached::new(prices.clone(), inner))
            .layer(BoxCloneSyncFastService::layer())
            .service(tower_stack::store());
        let _: &BoxCloneSyncFastService<u64, u64, Error> = &service;
        assert_eq!(per_request(service), [0, 0, 2]);
    }

    /// `boxing` takes any future and boxes it once per call, as tower's
    /// boxes do: the same count as tower's `BoxCloneSyncService`.
    #[test]
    fn boxing() {
        let boxing = BoxCloneSyncFastService::boxing(tower_stack::stack(prices()));
        assert_eq!(per_request(boxing), [1, 1, 3]);
        // A future that is not `MaybeReady` (an async block): what `new`
        // cannot take.
        let svc = tower::service_fn(|id: u64| async move { Ok::<u64, Error>(id) });
        let mut erased = BoxFastService::boxing(svc);
        let waker = noop_waker();
        assert_eq!(request(&waker, &mut erased, 7), (Ok(7), 1));
    }
}

/// A handler in the opaque form (`#[fast_async]`, `impl MaybeReady`) as a
/// service, through `service_fn`: ready requests stay free; a pending one
/// costs what `into_fast_future` costs, nothing more.
mod opaque_handler {
    use super::*;

    #[fast_async]
    async fn lookup(id: u64) -> Result<u64, Error> {
        if id < 10 {
            return Ok(id);
        }
        Ok(yield_once(id).await)
    }

    #[test]
    fn ready_free_pending_as_into_fast_future() {
        let waker = noop_waker();
        let (_, converted) =
            allocations(|| block_on_with(&waker, black_box(lookup(50).into_fast_future())));
        let mut erased = BoxCloneSyncFastService::new(service_fn(lookup));
        assert_eq!(request(&waker, &mut erased, 3), (Ok(3), 0));
        assert_eq!(request(&waker, &mut erased, 50), (Ok(50), converted));
        // Not erased: the opaque future itself, one box when pending.
        let mut plain = service_fn(lookup);
        assert_eq!(request(&waker, &mut plain, 3), (Ok(3), 0));
        assert_eq!(request(&waker, &mut plain, 50), (Ok(50), 1));
    }

    /// A method taking its state by value (an `Arc`): the usual shape of a
    /// handler with state.
    struct Greeter {
        greeting: &'static str,
    }

    impl Greeter {
        #[fast_async]
        async fn greet(self: Arc<Self>, id: u64) -> Result<String, Error> {
            if id == 0 {
                return Err(Error::Invalid);
            }
            Ok(format!("{} {id}", self.greeting))
        }
    }

    #[test]
    fn method_with_state() {
        let greeter = Arc::new(Greeter { greeting: "hello" });
        let mut service: BoxCloneSyncFastService<u64, String, Error> =
            BoxCloneSyncFastService::new(service_fn(move |id| greeter.clone().greet(id)));
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert!(service.poll_ready(&mut cx).is_ready());
        let (rejected, allocs) = allocations(|| service.call(0).into_ready().ok());
        assert_eq!((rejected, allocs), (Some(Err(Error::Invalid)), 0));
        let greeting = service.call(4).into_ready().ok();
        assert_eq!(greeting, Some(Ok("hello 4".to_owned())));
    }
}

mod traits {
    use super::*;

    fn send<T: Send>() {}
    fn sync<T: Sync>() {}
    fn clone<T: Clone>() {}
    fn static_service<S: Service<u64> + 'static>() {}

    /// What axum's `Router::route_service` asks of a service:
    /// `Service<Request> + Clone + Send + Sync + 'static`, its future `Send`.
    fn route_service<S>(_: &S)
    where
        S: Service<u64> + Clone + Send + Sync + 'static,
        S::Future: Send + 'static,
    {
    }

    #[test]
    fn send_sync_clone() {
        type Fast = BoxFastService<u64, u64, Error>;
        type CloneFast = BoxCloneFastService<u64, u64, Error>;
        type SyncFast = BoxCloneSyncFastService<u64, u64, Error>;
        send::<Fast>();
        send::<CloneFast>();
        clone::<CloneFast>();
        send::<SyncFast>();
        sync::<SyncFast>();
        clone::<SyncFast>();
        static_service::<Fast>();
        static_service::<CloneFast>();
        static_service::<SyncFast>();
        send::<Response>();
        route_service(&SyncFast::new(tower_stack::stack(prices())));
        // The services hold no `Sync` bound of their own: a `Cell` in the
        // inner service is fine for the `Send` forms.
        let cell = std::cell::Cell::new(0_u64);
        let counting = service_fn(move |id: u64| {
            cell.set(cell.get() + 1);
            FastFuture::<'static, Result<u64, Error>>::ready(Ok(id))
        });
        let _ = BoxCloneFastService::new(counting);
    }

    /// A clone shares what the service shares (the cache) and answers alike;
    /// cloning boxes the clone (one allocation), as tower's does.
    #[test]
    fn clones() {
        let fast = BoxCloneSyncFastService::new(tower_stack::stack(prices()));
        let (mut copy, allocs) = allocations(|| fast.clone());
        assert_eq!(allocs, 1);
        let waker = noop_waker();
        assert_eq!(request(&waker, &mut copy, 500), (Ok(5000), 2));
        // Filled through the copy: a hit for the original.
        let mut original = fast;
        assert_eq!(request(&waker, &mut original, 500), (Ok(5000), 0));
        let mut clone_fast = BoxCloneFastService::new(tower_stack::stack(prices()));
        let mut other = clone_fast.clone();
        assert_eq!(request(&waker, &mut other, 2), (Ok(20), 0));
        assert_eq!(request(&waker, &mut clone_fast, 2), (Ok(20), 0));
    }

    #[test]
    fn debug() {
        let stack = || tower_stack::stack(prices());
        assert_eq!(
            format!("{:?}", BoxFastService::new(stack())),
            "BoxFastService"
        );
        let clone = BoxCloneFastService::new(stack());
        assert_eq!(format!("{clone:?}"), "BoxCloneFastService");
        let sync = BoxCloneSyncFastService::new(stack());
        assert_eq!(format!("{sync:?}"), "BoxCloneSyncFastService");
        let handler = format!("{:?}", tower_stack::store());
        assert!(handler.starts_with("ServiceFn { f: fn(u64)"), "{handler}");
    }

    /// On tokio, requests spawned as tasks (`Send + 'static` futures) from
    /// clones of the erased service.
    #[test]
    fn on_tokio() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let service = BoxCloneSyncFastService::new(tower_stack::stack(prices()));
        let answers = runtime.block_on(async move {
            let tasks: Vec<_> = [1, 0, 700, 700]
                .into_iter()
                .map(|id| tokio::spawn(service.clone().oneshot(id)))
                .collect();
            let mut answers = Vec::new();
            for task in tasks {
                answers.push(task.await.unwrap());
            }
            answers
        });
        assert_eq!(answers, [Ok(10), Err(Error::Invalid), Ok(7000), Ok(7000)]);
    }
}

/// `poll_ready` is forwarded: a gate that is closed says `Pending` through
/// every erased form (backpressure), and wakes the task when it opens.
mod poll_ready {
    use super::*;

    /// A service that is ready only while `open`; a closed one keeps the
    /// waker and reports `Pending`, an `Err` one reports the error.
    #[derive(Clone, Default)]
    struct Gate {
        open: Arc<AtomicBool>,
        failed: Arc<AtomicBool>,
        waiting: Arc<Mutex<Option<Waker>>>,
        calls: Arc<AtomicUsize>,
    }

    impl Gate {
        fn open(&self) {
            self.open.store(true, SeqCst);
            if let Some(waker) = self.waiting.lock().unwrap().take() {
                waker.wake();
            }
        }
    }

    impl Service<u64> for Gate {
        type Response = u64;
        type Error = Error;
        type Future = Response;

        fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
            if self.failed.load(SeqCst) {
                return Poll::Ready(Err(Error::StoreDown));
            }
            if self.open.load(SeqCst) {
                return Poll::Ready(Ok(()));
            }
            *self.waiting.lock().unwrap() = Some(cx.waker().clone());
            Poll::Pending
        }

        fn call(&mut self, id: u64) -> Response {
            self.calls.fetch_add(1, SeqCst);
            FastFuture::ready(Ok(id))
        }
    }

    /// A waker that counts its wakes.
    #[derive(Default)]
    struct Wakes(AtomicUsize);

    impl std::task::Wake for Wakes {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, SeqCst);
        }
    }

    fn check<S>(erase: impl Fn(Gate) -> S)
    where
        S: Service<u64, Response = u64, Error = Error>,
    {
        let gate = Gate::default();
        let mut service = erase(gate.clone());
        let wakes = Arc::new(Wakes::default());
        let waker = Waker::from(wakes.clone());
        let mut cx = Context::from_waker(&waker);
        assert!(service.poll_ready(&mut cx).is_pending());
        assert!(service.poll_ready(&mut cx).is_pending());
        assert_eq!(wakes.0.load(SeqCst), 0);
        gate.open();
        assert_eq!(wakes.0.load(SeqCst), 1, "the inner service's waker");
        assert_eq!(service.poll_ready(&mut cx), Poll::Ready(Ok(())));
        assert_eq!(block_on_with(&waker, service.call(500)), Ok(500));
        assert_eq!(gate.calls.load(SeqCst), 1);
        gate.failed.store(true, SeqCst);
        assert_eq!(
            service.poll_ready(&mut cx),
            Poll::Ready(Err(Error::StoreDown))
        );
    }

    #[test]
    fn forwarded() {
        check(BoxFastService::new);
        check(BoxCloneFastService::new);
        check(BoxCloneSyncFastService::new);
        check(BoxFastService::boxing);
        check(BoxCloneFastService::boxing);
        check(BoxCloneSyncFastService::boxing);
        check(|gate| BoxCloneSyncFastService::<u64, u64, Error>::layer().layer(gate));
        check(|gate| BoxFastService::<u64, u64, Error>::boxing_layer().layer(gate));
        // Through the stack's layers too.
        check(|gate| {
            let cached = tower_stack::Cached::new(prices(), gate);
            BoxCloneSyncFastService::new(tower_stack::Validate::new(cached))
        });
    }

    /// `ServiceExt::ready` on tokio waits for the gate, then the request
    /// goes through.
    #[test]
    fn waits_on_tokio() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let gate = Gate::default();
        let mut service = BoxCloneSyncFastService::new(gate.clone());
        let answer = runtime.block_on(async move {
            let waiting = tokio::spawn(async move {
                let ready = service.ready().await.unwrap();
                ready.call(3).await
            });
            tokio::task::yield_now().await;
            assert_eq!(gate.calls.load(SeqCst), 0, "called before the gate opened");
            gate.open();
            waiting.await.unwrap()
        });
        assert_eq!(answer, Ok(3));
    }

    /// `service_fn` is always ready.
    #[test]
    fn service_fn_always_ready() {
        let mut service = tower_stack::store();
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert_eq!(service.poll_ready(&mut cx), Poll::Ready(Ok(())));
        let mut future = pin!(service.call(4));
        assert!(future.as_mut().poll(&mut cx).is_pending());
    }
}

/// A handler written once (`twins!`), served through the erased services
/// (opaque and dyn form, `service_fn`) and, as a plain `async fn`, through
/// tower's `BoxCloneSyncService`: the same responses, the same number of
/// polls, ready exactly where the plain fn does not await, and a panic of
/// the synchronous part raised by the first poll, not by `call`.
mod against_plain {
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use fast_async_tests::{check, drive, twins};

    use super::*;

    twins! {
        mod handlers {
            #[fast_async]
            async fn handle(x: u64) -> Result<u64, Error> {
                if x == 0 {
                    return Err(Error::Invalid);
                }
                if x == 13 {
                    panic!("unlucky {x}");
                }
                if x < 100 {
                    return Ok(x * 2);
                }
                let y = yield_once(x).await;
                if y == 500 {
                    return Err(Error::StoreDown);
                }
                Ok(y * 2)
            }

            #[fast_async(dyn)]
            async fn handle_dyn(x: u64) -> Result<u64, Error> {
                handle(x).await
            }
        }
    }

    type Fast = BoxCloneSyncFastService<u64, u64, Error>;

    fn plain() -> BoxCloneSyncService<u64, u64, Error> {
        BoxCloneSyncService::new(tower::service_fn(handlers::plain::handle))
    }

    fn services() -> [(&'static str, Fast); 4] {
        [
            ("opaque", Fast::new(service_fn(handlers::fast::handle))),
            // tower's own `service_fn` keeps the fn's future too.
            (
                "tower's service_fn",
                Fast::new(tower::service_fn(handlers::fast::handle)),
            ),
            ("dyn", Fast::new(service_fn(handlers::fast::handle_dyn))),
            (
                "layer",
                Fast::layer().layer(service_fn(handlers::fast::handle)),
            ),
        ]
    }

    #[test]
    fn same_responses() {
        for (name, mut fast) in services() {
            let mut plain = plain();
            for x in [0, 1, 99, 100, 500, 501] {
                let expect_ready = x < 100;
                check((name, x), fast.call(x), plain.call(x), expect_ready);
            }
        }
    }

    #[test]
    fn panics_when_polled() {
        let message = |payload: Box<dyn std::any::Any + Send>| {
            payload
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_default()
        };
        let mut plain = plain();
        let plain_future = plain.call(13);
        let plain_panic = catch_unwind(AssertUnwindSafe(|| drive(plain_future))).unwrap_err();
        assert_eq!(message(plain_panic), "unlucky 13");
        for (name, mut fast) in services() {
            let future = catch_unwind(AssertUnwindSafe(|| fast.call(13)))
                .unwrap_or_else(|_| panic!("{name}: `call` panicked"));
            assert!(!future.is_ready(), "{name}");
            let panic = catch_unwind(AssertUnwindSafe(|| drive(future))).unwrap_err();
            assert_eq!(message(panic), "unlucky 13", "{name}");
        }
    }
}
