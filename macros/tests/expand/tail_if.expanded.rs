fn lookup(hit: bool, key: u64) -> impl ::fast_async::MaybeReady<Output = u64> {
    if hit {
        ::fast_async::ReadyOrBoxed::<u64, _>::ready(key * 2)
    } else {
        ::fast_async::ReadyOrBoxed::<u64, _>::boxed(async move {
            ::fast_async::__private::coerce::<u64>(fetch(key).await)
        })
    }
}
fn flush<'life0>(
    dirty: bool,
    log: &'life0 Log,
) -> impl ::fast_async::MaybeReady<Output = ()> + ::fast_async::__private::Captures<(&'life0 (),)> {
    if dirty {
        ::fast_async::ReadyOrBoxed::<(), _>::boxed(async move {
            let log = log;
            log.write().await;
        })
    } else {
        ::fast_async::ReadyOrBoxed::<(), _>::ready(())
    }
}
