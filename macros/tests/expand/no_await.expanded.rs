fn parse<'life0>(
    input: &'life0 str,
) -> impl ::fast_async::MaybeReady<Output = Result<u32, ParseIntError>>
       + ::fast_async::__private::Captures<(&'life0 (),)> {
    ::fast_async::__private::catch((input,), |(input,)| {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return ::fast_async::ReadyOrBoxed::<
                Result<u32, ParseIntError>,
                ::core::future::Ready<Result<u32, ParseIntError>>,
            >::ready(Ok(0));
        }
        let value: u32 = match ::fast_async::__private::Try::branch(trimmed.parse()) {
            ::core::ops::ControlFlow::Continue(value) => value,
            ::core::ops::ControlFlow::Break(residual) => {
                return ::fast_async::ReadyOrBoxed::<
                    Result<u32, ParseIntError>,
                    ::core::future::Ready<Result<u32, ParseIntError>>,
                >::ready(
                    ::fast_async::__private::FromResidual::from_residual(residual)
                )
            }
        };
        ::fast_async::ReadyOrBoxed::<
            Result<u32, ParseIntError>,
            ::core::future::Ready<Result<u32, ParseIntError>>,
        >::ready(Ok(value * 2))
    })
}
