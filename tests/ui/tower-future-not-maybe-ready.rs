// `BoxCloneSyncFastService::new` takes a service whose future is
// `MaybeReady`; an `async` block is not: the error says to use `boxing`.
use fast_async::tower::BoxCloneSyncFastService;

fn main() {
    let service = tower::service_fn(|x: u64| async move { Ok::<u64, ()>(x) });
    let _erased = BoxCloneSyncFastService::new(service);
    // What compiles: the future boxed once per call, as tower's boxes do.
    let service = tower::service_fn(|x: u64| async move { Ok::<u64, ()>(x) });
    let _erased = BoxCloneSyncFastService::boxing(service);
}
