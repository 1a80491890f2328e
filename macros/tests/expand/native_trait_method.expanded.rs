impl Service for Handler {
    #[allow(refining_impl_trait)]
    fn call<'life0>(
        &'life0 self,
        request: Request,
    ) -> impl ::fast_async::MaybeReady<Output = Response>
           + ::fast_async::__private::Captures<(&'life0 (), Self)> {
        ::fast_async::__private::catch((request,), |(request,)| {
            if let Some(response) = self.cache.get(&request) {
                return ::fast_async::ReadyOrBoxed::<Response, _>::ready(response.clone());
            }
            match ::fast_async::__private::try_ready!(self.inner.call(request)) {
                ::core::result::Result::Ok(output) => {
                    ::fast_async::ReadyOrBoxed::<Response, _>::ready(output)
                }
                ::core::result::Result::Err(pending) => {
                    ::fast_async::ReadyOrBoxed::<Response, _>::boxed(async move {
                        ::fast_async::__private::coerce::<Response>(pending.await)
                    })
                }
            }
        })
    }
}
