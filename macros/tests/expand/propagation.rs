// Rule 8: awaits on futures that may already be done keep the call
// synchronous while they are; the first one really pending boxes the rest.
use fast_async::fast_async;

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

trait Service {
    async fn call(&self, request: Request) -> Result<Response, Error>;
}

struct Request(u32);

struct Response(String);

#[derive(Debug)]
struct Error;

struct Layered {
    inner: Backend,
}

impl Layered {
    async fn validate(&self, request: Request) -> Result<Request, Error> {
        if request.0 == 0 {
            return Err(Error);
        }
        Ok(request)
    }

    fn decorate(&self, response: Response) -> Response {
        Response(format!("<{}>", response.0))
    }
}

struct Backend;

impl Backend {
    async fn call(&self, request: Request) -> Result<Response, Error> {
        Ok(Response(request.0.to_string()))
    }
}

enum Tree {
    Leaf(u64),
    Node(Box<Tree>, Box<Tree>),
}

fn main() {}
