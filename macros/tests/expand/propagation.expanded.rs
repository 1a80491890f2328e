use fast_async::fast_async;
impl Service for Layered {
    #[allow(clippy::needless_pass_by_value)]
    #[allow(refining_impl_trait)]
    fn call<'life0>(
        &'life0 self,
        request: Request,
    ) -> impl ::fast_async::MaybeReady<Output = Result<Response, Error>>
           + ::fast_async::__private::Captures<(&'life0 (), Self)> {
        let arguments = (request,);
        ::fast_async::__private::catch(move || match arguments {
            (request,) => {
                let __branch = '__fast_async: {
                    let checked = match ::fast_async::__private::try_ready!(self.validate(request))
                    {
                        ::core::result::Result::Ok(output) => {
                            match ::fast_async::__private::Try::branch(output) {
                                ::core::ops::ControlFlow::Continue(value) => value,
                                ::core::ops::ControlFlow::Break(residual) => {
                                    return ::fast_async::__private::Value::<
                                        Result<Response, Error>,
                                    > {
                                        0: ::fast_async::__private::output::<
                                            Result<Response, Error>,
                                            _,
                                        >(move || {
                                            match residual? {}
                                        }),
                                    }
                                    .opaque()
                                }
                            }
                        }
                        ::core::result::Result::Err(pending) => {
                            break '__fast_async ::fast_async::__private::Branch::First(
                                async move {
                                    let checked = pending.await?;
                                    let response = self.inner.call(checked).await?;
                                    ::fast_async::__private::Value::<Result<Response, Error>> {
                                        0: Ok(self.decorate(response)),
                                    }
                                    .0
                                },
                            )
                        }
                    };
                    let response = match ::fast_async::__private::try_ready!(self
                        .inner
                        .call(checked))
                    {
                        ::core::result::Result::Ok(output) => {
                            match ::fast_async::__private::Try::branch(output) {
                                ::core::ops::ControlFlow::Continue(value) => value,
                                ::core::ops::ControlFlow::Break(residual) => {
                                    return ::fast_async::__private::Value::<
                                        Result<Response, Error>,
                                    > {
                                        0: ::fast_async::__private::output::<
                                            Result<Response, Error>,
                                            _,
                                        >(move || {
                                            match residual? {}
                                        }),
                                    }
                                    .opaque()
                                }
                            }
                        }
                        ::core::result::Result::Err(pending) => {
                            break '__fast_async ::fast_async::__private::Branch::Rest(async move {
                                let response = pending.await?;
                                ::fast_async::__private::Value::<Result<Response, Error>> {
                                    0: Ok(self.decorate(response)),
                                }
                                .0
                            })
                        }
                    };
                    return ::fast_async::__private::Value::<Result<Response, Error>> {
                        0: Ok(self.decorate(response)),
                    }
                    .opaque();
                };
                ::fast_async::ReadyOrBoxed::<Result<Response, Error>, _>::boxed(async move {
                    match __branch {
                        ::fast_async::__private::Branch::First(future) => future.await,
                        ::fast_async::__private::Branch::Rest(future) => future.await,
                    }
                })
            }
        })
    }
}
fn sum<'life0, 'fast_async>(tree: &'life0 Tree) -> ::fast_async::FastFuture<'fast_async, u64>
where
    'life0: 'fast_async,
{
    let arguments = (tree,);
    ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, u64> {
        match arguments {
            (tree,) => match tree {
                Tree::Leaf(value) => ::fast_async::__private::Value::<u64> { 0: *value }.fast(),
                Tree::Node(left, right) => {
                    let left = match ::fast_async::__private::try_ready!(sum(left)) {
                        ::core::result::Result::Ok(output) => output,
                        ::core::result::Result::Err(pending) => {
                            return ::fast_async::FastFuture::boxed(async move {
                                let right = right;
                                let left = pending.await;
                                let right = sum(right).await;
                                ::fast_async::__private::Value::<u64> { 0: left + right }.0
                            })
                        }
                    };
                    let right = match ::fast_async::__private::try_ready!(sum(right)) {
                        ::core::result::Result::Ok(output) => output,
                        ::core::result::Result::Err(pending) => {
                            return ::fast_async::FastFuture::boxed(async move {
                                let left = left;
                                let right = pending.await;
                                ::fast_async::__private::Value::<u64> { 0: left + right }.0
                            })
                        }
                    };
                    ::fast_async::__private::Value::<u64> { 0: left + right }.fast()
                }
            },
        }
    })
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
