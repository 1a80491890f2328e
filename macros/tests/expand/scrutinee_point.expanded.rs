use fast_async::{fast_async, FastFuture};
trait Store: Send + Sync {
    fn get<'life0, 'fast_async>(
        &'life0 self,
        key: u64,
    ) -> ::fast_async::FastFuture<'fast_async, Option<u64>>
    where
        'life0: 'fast_async,
        Self: 'fast_async;
    fn load<'life0, 'fast_async>(
        &'life0 self,
        key: u64,
    ) -> ::fast_async::FastFuture<'fast_async, u64>
    where
        'life0: 'fast_async,
        Self: 'fast_async;
    fn name<'life0, 'fast_async>(
        &'life0 self,
        key: u64,
    ) -> ::fast_async::FastFuture<'fast_async, String>
    where
        'life0: 'fast_async,
        Self: 'fast_async;
    #[allow(clippy::needless_pass_by_value)]
    fn get_or_load<'life0, 'fast_async>(
        &'life0 self,
        key: u64,
    ) -> ::fast_async::FastFuture<'fast_async, u64>
    where
        'life0: 'fast_async,
        Self: 'fast_async,
    {
        let arguments = (key,);
        ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, u64> {
            match arguments {
                (key,) => {
                    let value = match ::fast_async::__private::try_ready!(self.get(key)) {
                        ::core::result::Result::Ok(output) => output,
                        ::core::result::Result::Err(pending) => {
                            return ::fast_async::FastFuture::boxed(async move {
                                let value = ::fast_async::__private::Value::<u64> {
                                    0: {
                                        match pending.await {
                                            Some(value) => value,
                                            None => self.load(key).await,
                                        }
                                    },
                                }
                                .0;
                                value
                            })
                        }
                    };
                    match ::core::convert::identity(value) {
                        Some(value) => ::fast_async::__private::Value::<u64> { 0: value }.fast(),
                        None => match ::fast_async::__private::try_ready!(self.load(key)) {
                            ::core::result::Result::Ok(output) => {
                                ::fast_async::__private::Value::<u64> { 0: output }.fast()
                            }
                            ::core::result::Result::Err(pending) => {
                                #[allow(unused_imports)]
                                use ::fast_async::__private::{KeepContinuation as _, PassOn as _};
                                let tail =
                                    ::fast_async::__private::Tail::<u64, _, _>::fast(pending);
                                (&tail).fast_async_tail().fast(tail, |pending| {
                                    ::fast_async::FastFuture::boxed(async move {
                                        ::fast_async::__private::Value::<u64> { 0: pending.await }.0
                                    })
                                })
                            }
                        },
                    }
                }
            }
        })
    }
    #[allow(clippy::needless_pass_by_value)]
    fn cached<'life0, 'fast_async>(
        &'life0 self,
        key: u64,
    ) -> ::fast_async::FastFuture<'fast_async, u64>
    where
        'life0: 'fast_async,
        Self: 'fast_async,
    {
        let arguments = (key,);
        ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, u64> {
            match arguments {
                (key,) => {
                    let value = match ::fast_async::__private::try_ready!(self.get(key)) {
                        ::core::result::Result::Ok(output) => output,
                        ::core::result::Result::Err(pending) => {
                            return ::fast_async::FastFuture::boxed(async move {
                                let value = ::fast_async::__private::Value::<u64> {
                                    0: {
                                        if let Some(value) = pending.await {
                                            value
                                        } else {
                                            self.load(key).await
                                        }
                                    },
                                }
                                .0;
                                value
                            })
                        }
                    };
                    if let Some(value) = ::core::convert::identity(value) {
                        ::fast_async::__private::Value::<u64> { 0: value }.fast()
                    } else {
                        match ::fast_async::__private::try_ready!(self.load(key)) {
                            ::core::result::Result::Ok(output) => {
                                ::fast_async::__private::Value::<u64> { 0: output }.fast()
                            }
                            ::core::result::Result::Err(pending) => {
                                #[allow(unused_imports)]
                                use ::fast_async::__private::{KeepContinuation as _, PassOn as _};
                                let tail =
                                    ::fast_async::__private::Tail::<u64, _, _>::fast(pending);
                                (&tail).fast_async_tail().fast(tail, |pending| {
                                    ::fast_async::FastFuture::boxed(async move {
                                        ::fast_async::__private::Value::<u64> { 0: pending.await }.0
                                    })
                                })
                            }
                        }
                    }
                }
            }
        })
    }
    #[allow(clippy::needless_pass_by_value)]
    fn describe<'life0, 'fast_async>(
        &'life0 self,
        key: u64,
    ) -> ::fast_async::FastFuture<'fast_async, String>
    where
        'life0: 'fast_async,
        Self: 'fast_async,
    {
        let arguments = (key,);
        ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, String> {
            match arguments {
                (key,) => {
                    let value = match ::fast_async::__private::try_ready!(self.get(key)) {
                        ::core::result::Result::Ok(output) => output,
                        ::core::result::Result::Err(pending) => {
                            return ::fast_async::FastFuture::boxed(async move {
                                let value = ::fast_async::__private::Value::<String> {
                                    0: {
                                        match pending.await {
                                            Some(0) => "zero".to_owned(),
                                            _ => self.name(key).await,
                                        }
                                    },
                                }
                                .0;
                                value
                            })
                        }
                    };
                    match ::core::convert::identity(value) {
                        Some(0) => ::fast_async::__private::Value::<String> {
                            0: "zero".to_owned(),
                        }
                        .fast(),
                        value => {
                            if ::fast_async::__private::needs_drop(&value) {
                                ::fast_async::FastFuture::boxed(async move {
                                    let value = ::fast_async::__private::Value::<String> {
                                        0: {
                                            match ::core::convert::identity(value) {
                                                Some(0) => "zero".to_owned(),
                                                _ => self.name(key).await,
                                            }
                                        },
                                    }
                                    .0;
                                    value
                                })
                            } else {
                                match ::fast_async::__private::try_ready!(self.name(key)) {
                                    ::core::result::Result::Ok(output) => {
                                        ::fast_async::__private::Value::<String> { 0: output }
                                            .fast()
                                    }
                                    ::core::result::Result::Err(pending) => {
                                        #[allow(unused_imports)]
                                        use ::fast_async::__private::{
                                            KeepContinuation as _, PassOn as _,
                                        };
                                        let tail =
                                            ::fast_async::__private::Tail::<String, _, _>::fast(
                                                pending,
                                            );
                                        (&tail).fast_async_tail().fast(tail, |pending| {
                                            ::fast_async::FastFuture::boxed(async move {
                                                ::fast_async::__private::Value::<String> {
                                                    0: pending.await,
                                                }
                                                .0
                                            })
                                        })
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
    }
}
#[allow(clippy::needless_pass_by_value)]
fn allowed(user: u64) -> impl ::fast_async::MaybeReady<Output = Result<bool, String>> {
    let arguments = (user,);
    ::fast_async::__private::catch(move || match arguments {
        (user,) => ::fast_async::__private::Value::<Result<bool, String>> {
            0: Ok(user % 2 == 0),
        }
        .opaque::<::core::future::Ready<Result<bool, String>>>(),
    })
}
#[allow(clippy::needless_pass_by_value)]
fn greet(user: u64) -> impl ::fast_async::MaybeReady<Output = Result<String, String>> {
    let arguments = (user,);
    ::fast_async::__private::catch(move || match arguments {
        (user,) => {
            let __branch = '__fast_async: {
                let value = match ::fast_async::__private::try_ready!(allowed(user)) {
                    ::core::result::Result::Ok(output) => output,
                    ::core::result::Result::Err(pending) => {
                        break '__fast_async ::fast_async::__private::Branch::First(async move {
                            let value = ::fast_async::__private::Value::<Result<String, String>> {
                                0: {
                                    if pending.await? {
                                        Ok(format!("hello {user}"))
                                    } else {
                                        Err(fetch_reason(user).await)
                                    }
                                },
                            }
                            .0;
                            value
                        })
                    }
                };
                if match ::fast_async::__private::Try::branch(value) {
                    ::core::ops::ControlFlow::Continue(value) => value,
                    ::core::ops::ControlFlow::Break(residual) => {
                        return ::fast_async::__private::Value::<Result<String, String>> {
                            0: ::fast_async::__private::output::<Result<String, String>, _>(
                                move || match residual? {},
                            ),
                        }
                        .opaque()
                    }
                } {
                    return ::fast_async::__private::Value::<Result<String, String>> {
                        0: Ok(format!("hello {user}")),
                    }
                    .opaque();
                } else {
                    ::fast_async::__private::Branch::Rest(async move {
                        ::fast_async::__private::Value::<Result<String, String>> {
                            0: Err(fetch_reason(user).await),
                        }
                        .0
                    })
                }
            };
            ::fast_async::ReadyOrBoxed::<Result<String, String>, _>::boxed(async move {
                match __branch {
                    ::fast_async::__private::Branch::First(future) => future.await,
                    ::fast_async::__private::Branch::Rest(future) => future.await,
                }
            })
        }
    })
}
async fn fetch_reason(user: u64) -> String {
    format!("{user} is not allowed")
}
fn main() {
    let _: Option<FastFuture<'_, u64>> = None;
}
