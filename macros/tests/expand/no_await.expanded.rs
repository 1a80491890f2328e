use fast_async::fast_async;
use std::num::ParseIntError;
fn parse<'life0>(
    input: &'life0 str,
) -> impl ::fast_async::MaybeReady<Output = Result<u32, ParseIntError>>
       + ::fast_async::__private::Captures<(&'life0 (),)> {
    let arguments = (input,);
    ::fast_async::__private::catch(move || match arguments {
        (input,) => {
            let trimmed = input.trim();
            if trimmed.is_empty() {
                return ::fast_async::__private::Value::<Result<u32, ParseIntError>> { 0: Ok(0) }
                    .opaque::<::core::future::Ready<Result<u32, ParseIntError>>>();
            }
            let value: u32 = match ::fast_async::__private::Try::branch(trimmed.parse()) {
                ::core::ops::ControlFlow::Continue(value) => value,
                ::core::ops::ControlFlow::Break(residual) => {
                    return ::fast_async::__private::Value::<Result<u32, ParseIntError>> {
                        0: ::fast_async::__private::output::<Result<u32, ParseIntError>, _>(
                            move || match residual? {},
                        ),
                    }
                    .opaque::<::core::future::Ready<Result<u32, ParseIntError>>>()
                }
            };
            ::fast_async::__private::Value::<Result<u32, ParseIntError>> { 0: Ok(value * 2) }
                .opaque::<::core::future::Ready<Result<u32, ParseIntError>>>()
        }
    })
}
fn main() {}
