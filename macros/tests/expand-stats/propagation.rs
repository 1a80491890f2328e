// Rule 8: awaits on futures that may already be done keep the call
// synchronous while they are; the first one really pending boxes the rest.
impl Service for Layered {
    #[fast_async]
    async fn call(&self, request: Request) -> Result<Response, Error> {
        let checked = self.validate(request).await?;
        let response = self.inner.call(checked).await?;
        Ok(self.decorate(response))
    }
}

#[fast_async(dyn)]
async fn sum(tree: &Tree) -> u64 {
    match tree {
        Tree::Leaf(value) => *value,
        Tree::Node(left, right) => {
            let left = sum(left).await;
            let right = sum(right).await;
            left + right
        }
    }
}
