use fast_async::fast_async;
#[allow(clippy::needless_pass_by_value)]
fn lookup(hit: bool, key: u64) -> impl ::fast_async::MaybeReady<Output = u64> {
    let arguments = (hit, key);
    ::fast_async::__private::catch(move || match arguments {
        (hit, key) => {
            if hit {
                ::fast_async::__private::Value::<u64> { 0: key * 2 }.opaque()
            } else {
                match ::fast_async::__private::try_ready!(fetch(key)) {
                    ::core::result::Result::Ok(output) => {
                        ::fast_async::__private::Value::<u64> { 0: output }.opaque()
                    }
                    ::core::result::Result::Err(pending) => {
                        ::fast_async::ReadyOrBoxed::<u64, _>::boxed(async move {
                            ::fast_async::__private::Value::<u64> { 0: pending.await }.0
                        })
                    }
                }
            }
        }
    })
}
#[allow(clippy::needless_pass_by_value)]
fn flush<'life0>(
    dirty: bool,
    log: &'life0 Log,
) -> impl ::fast_async::MaybeReady<Output = ()> + ::fast_async::__private::Captures<(&'life0 (),)> {
    let arguments = (dirty, log);
    ::fast_async::__private::catch(move || match arguments {
        (dirty, log) => {
            if dirty {
                match ::fast_async::__private::try_ready!(log.write()) {
                    ::core::result::Result::Ok(_) => {}
                    ::core::result::Result::Err(pending) => {
                        return ::fast_async::ReadyOrBoxed::<(), _>::boxed(async move {
                            pending.await;
                        })
                    }
                }
                ::fast_async::__private::Value::<()> { 0: () }.opaque()
            } else {
                ::fast_async::__private::Value::<()> { 0: () }.opaque()
            }
        }
    })
}
async fn fetch(key: u64) -> u64 {
    key + 1
}
struct Log;
impl Log {
    async fn write(&self) {}
}
fn main() {}
