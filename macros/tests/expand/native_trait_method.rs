// A method of an impl of a native async trait, annotated alone.
impl Service for Handler {
    #[fast_async]
    async fn call(&self, request: Request) -> Response {
        if let Some(response) = self.cache.get(&request) {
            return response.clone();
        }
        self.inner.call(request).await
    }
}
