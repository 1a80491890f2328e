fn run<'life0>(
    cmd: Command,
    store: &'life0 Store,
) -> impl ::fast_async::MaybeReady<Output = Option<String>>
       + ::fast_async::__private::Captures<(&'life0 (),)> {
    enum __FastAsyncBranch<B0, B1> {
        B0(B0),
        B1(B1),
    }
    let __branch = match cmd {
        Command::Get(key) => {
            return ::fast_async::ReadyOrBoxed::<Option<String>, _>::ready(store.cached(&key))
        }
        Command::Fetch(key) => __FastAsyncBranch::B0(async move {
            ::fast_async::__private::coerce::<Option<String>>(store.fetch(&key).await)
        }),
        Command::Refresh(key) if !key.is_empty() => __FastAsyncBranch::B1(async move {
            store.evict(&key);
            ::fast_async::__private::coerce::<Option<String>>(store.fetch(&key).await)
        }),
        Command::Refresh(_) => return ::fast_async::ReadyOrBoxed::<Option<String>, _>::ready(None),
    };
    ::fast_async::ReadyOrBoxed::<Option<String>, _>::boxed(async move {
        match __branch {
            __FastAsyncBranch::B0(future) => future.await,
            __FastAsyncBranch::B1(future) => future.await,
        }
    })
}
