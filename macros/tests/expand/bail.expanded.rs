use anyhow::{bail, ensure, Result};
use fast_async::fast_async;
async fn slow(x: u32) -> u32 {
    x
}
#[allow(clippy::needless_pass_by_value)]
fn checked(x: u32) -> impl ::fast_async::MaybeReady<Output = Result<u32>> {
    let arguments = (x,);
    ::fast_async::__private::catch(move || match arguments {
        (x,) => {
            if x == 0 {
                return ::fast_async::__private::Value::<Result<u32>> {
                    0: ::fast_async::__private::bail::<Result<u32>, _>(|| {
                        bail!("zero");
                    }),
                }
                .opaque();
            }
            if let ::core::ops::ControlFlow::Break(value) =
                ::fast_async::__private::ensure::<Result<u32>, _>(|| {
                    ensure!(x < 100, "too big: {x}");
                    ::fast_async::__private::go_on()
                })
            {
                return ::fast_async::__private::Value::<Result<u32>> { 0: value }.opaque();
            }
            let y = match ::fast_async::__private::try_ready!(slow(x)) {
                ::core::result::Result::Ok(output) => output,
                ::core::result::Result::Err(pending) => {
                    return ::fast_async::ReadyOrBoxed::<Result<u32>, _>::boxed(async move {
                        let y = pending.await;
                        ensure!(y != 7);
                        ::fast_async::__private::Value::<Result<u32>> { 0: Ok(y) }.0
                    })
                }
            };
            if let ::core::ops::ControlFlow::Break(value) =
                ::fast_async::__private::ensure::<Result<u32>, _>(|| {
                    ensure!(y != 7);
                    ::fast_async::__private::go_on()
                })
            {
                return ::fast_async::__private::Value::<Result<u32>> { 0: value }.opaque();
            }
            ::fast_async::__private::Value::<Result<u32>> { 0: Ok(y) }.opaque()
        }
    })
}
fn main() {}
