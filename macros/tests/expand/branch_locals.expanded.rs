use fast_async::fast_async;
#[allow(clippy::needless_pass_by_value)]
fn lookup(key: u64) -> impl ::fast_async::MaybeReady<Output = usize> {
    let arguments = (key,);
    ::fast_async::__private::catch(move || match arguments {
        (key,) => {
            let guard = Guard;
            if key > 0 {
                let entry = Guard;
                let value = match ::fast_async::__private::try_ready!(fetch(key)) {
                    ::core::result::Result::Ok(output) => output,
                    ::core::result::Result::Err(pending) => {
                        return ::fast_async::ReadyOrBoxed::<usize, _>::boxed(async move {
                            let _guard = guard;
                            let value = ::fast_async::__private::Value::<usize> {
                                0: {
                                    let entry = entry;
                                    let value = pending.await;
                                    drop(entry);
                                    key.to_string().len() + value as usize
                                },
                            }
                            .0;
                            value
                        })
                    }
                };
                drop(entry);
                ::fast_async::__private::Value::<usize> {
                    0: key.to_string().len() + value as usize,
                }
                .opaque()
            } else {
                drop(guard);
                ::fast_async::__private::Value::<usize> { 0: 0 }.opaque()
            }
        }
    })
}
async fn fetch(key: u64) -> u64 {
    key + 1
}
struct Guard;
impl Drop for Guard {
    fn drop(&mut self) {}
}
fn main() {}
