use fast_async::fast_async;
use std::collections::HashMap;
impl Service for Handler {
    #[allow(clippy::needless_pass_by_value)]
    #[allow(refining_impl_trait)]
    fn call<'life0>(
        &'life0 self,
        request: Request,
    ) -> impl ::fast_async::MaybeReady<Output = Response>
           + ::fast_async::__private::Captures<(&'life0 (), Self)> {
        let arguments = (request,);
        ::fast_async::__private::catch(move || match arguments {
            (request,) => {
                if let Some(response) = self.cache.get(&request) {
                    return ::fast_async::__private::Value::<Response> {
                        0: response.clone(),
                    }
                    .opaque();
                }
                match ::fast_async::__private::try_ready!(self.inner.call(request)) {
                    ::core::result::Result::Ok(output) => {
                        ::fast_async::__private::Value::<Response> { 0: output }.opaque()
                    }
                    ::core::result::Result::Err(pending) => {
                        ::fast_async::ReadyOrBoxed::<Response, _>::boxed(async move {
                            ::fast_async::__private::Value::<Response> { 0: pending.await }.0
                        })
                    }
                }
            }
        })
    }
}
trait Service {
    async fn call(&self, request: Request) -> Response;
}
#[derive(PartialEq, Eq, Hash)]
struct Request(u32);
#[derive(Clone)]
struct Response(String);
struct Handler {
    cache: HashMap<Request, Response>,
    inner: Backend,
}
struct Backend;
impl Backend {
    async fn call(&self, request: Request) -> Response {
        Response(request.0.to_string())
    }
}
fn main() {}
