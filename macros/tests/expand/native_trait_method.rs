// A method of an impl of a native async trait, annotated alone.
use fast_async::fast_async;
use std::collections::HashMap;

impl Service for Handler {
    #[fast_async]
    async fn call(&self, request: Request) -> Response {
        if let Some(response) = self.cache.get(&request) {
            return response.clone();
        }
        self.inner.call(request).await
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
