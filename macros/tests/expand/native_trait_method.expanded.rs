impl Service for Handler {
    #[allow(refining_impl_trait)]
    fn call<'life0>(
        &'life0 self,
        request: Request,
    ) -> impl ::fast_async::MaybeReady<Output = Response>
           + ::fast_async::__private::Captures<(&'life0 (), Self)> {
        if let Some(response) = self.cache.get(&request) {
            return ::fast_async::ReadyOrBoxed::<Response, _>::ready(response.clone());
        }
        ::fast_async::ReadyOrBoxed::<Response, _>::boxed(async move {
            ::fast_async::__private::coerce::<Response>(self.inner.call(request).await)
        })
    }
}
