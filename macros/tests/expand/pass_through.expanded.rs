use fast_async::{fast_async, FastFuture};
pub trait Service {
    fn call<'life0, 'fast_async>(
        &'life0 self,
        request: u32,
    ) -> ::fast_async::FastFuture<'fast_async, Result<u32, Error>>
    where
        'life0: 'fast_async,
        Self: 'fast_async;
}
pub struct Layer<S> {
    inner: S,
}
impl<S: Service + Sync> Service for Layer<S> {
    #[allow(clippy::needless_pass_by_value)]
    fn call<'life0, 'fast_async>(
        &'life0 self,
        request: u32,
    ) -> ::fast_async::FastFuture<'fast_async, Result<u32, Error>>
    where
        'life0: 'fast_async,
        Self: 'fast_async,
    {
        let arguments = (request,);
        ::fast_async::__private::catch(
            move || -> ::fast_async::FastFuture<'_, Result<u32, Error>> {
                match arguments {
                    (request,) => {
                        if request == 0 {
                            return ::fast_async::__private::Value::<Result<u32, Error>> {
                                0: Err(Error),
                            }
                            .fast();
                        }
                        match ::fast_async::__private::try_ready!(self.inner.call(request)) {
                            ::core::result::Result::Ok(output) => {
                                ::fast_async::__private::Value::<Result<u32, Error>> { 0: output }
                                    .fast()
                            }
                            ::core::result::Result::Err(pending) => {
                                #[allow(unused_imports)]
                                use ::fast_async::__private::{KeepContinuation as _, PassOn as _};
                                let tail =
                                    ::fast_async::__private::Tail::<Result<u32, Error>, _, _>::fast(
                                        pending,
                                    );
                                (&tail).fast_async_tail().fast(tail, |pending| {
                                    ::fast_async::FastFuture::boxed(async move {
                                        ::fast_async::__private::Value::<Result<u32, Error>> {
                                            0: pending.await,
                                        }
                                        .0
                                    })
                                })
                            }
                        }
                    }
                }
            },
        )
    }
}
#[allow(clippy::needless_pass_by_value)]
pub fn limited<'life0, 'fast_async>(
    service: &'life0 dyn Service,
    _permit: Permit,
    request: u32,
) -> ::fast_async::FastFuture<'fast_async, Result<u32, Error>>
where
    'life0: 'fast_async,
{
    #[allow(clippy::used_underscore_binding)]
    let arguments = (service, _permit, request);
    ::fast_async::__private::catch(
        move || -> ::fast_async::FastFuture<'_, Result<u32, Error>> {
            match arguments {
                (service, _permit, request) => {
                    match ::fast_async::__private::try_ready!(service.call(request)) {
                        ::core::result::Result::Ok(output) => {
                            ::fast_async::__private::Value::<Result<u32, Error>> { 0: output }
                                .fast()
                        }
                        ::core::result::Result::Err(pending) => {
                            ::fast_async::FastFuture::boxed(async move {
                                #[allow(
                                    clippy::used_underscore_binding,
                                    clippy::no_effect_underscore_binding
                                )]
                                let _permit = _permit;
                                let value = ::fast_async::__private::Value::<Result<u32, Error>> {
                                    0: { pending.await },
                                }
                                .0;
                                value
                            })
                        }
                    }
                }
            }
        },
    )
}
pub fn name<'life0, 'fast_async>(
    names: &'life0 Names,
) -> ::fast_async::FastFuture<'fast_async, &'life0 str>
where
    'life0: 'fast_async,
{
    let arguments = (names,);
    ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, &'life0 str> {
        match arguments {
            (names,) => match ::fast_async::__private::try_ready!(names.get()) {
                ::core::result::Result::Ok(output) => {
                    ::fast_async::__private::Value::<&'life0 str> { 0: output }.fast()
                }
                ::core::result::Result::Err(pending) => {
                    ::fast_async::FastFuture::boxed(async move {
                        ::fast_async::__private::Value::<&'life0 str> { 0: pending.await }.0
                    })
                }
            },
        }
    })
}
pub trait Local {
    fn get<'life0, 'fast_async>(&'life0 self) -> ::fast_async::LocalFastFuture<'fast_async, u32>
    where
        'life0: 'fast_async,
        Self: 'fast_async;
}
pub struct Outer<L> {
    inner: L,
}
impl<L: Local> Local for Outer<L> {
    fn get<'life0, 'fast_async>(&'life0 self) -> ::fast_async::LocalFastFuture<'fast_async, u32>
    where
        'life0: 'fast_async,
        Self: 'fast_async,
    {
        let arguments = ();
        ::fast_async::__private::catch(move || -> ::fast_async::LocalFastFuture<'_, u32> {
            match arguments {
                () => match ::fast_async::__private::try_ready!(self.inner.get()) {
                    ::core::result::Result::Ok(output) => {
                        ::fast_async::__private::Value::<u32> { 0: output }.local()
                    }
                    ::core::result::Result::Err(pending) => {
                        #[allow(unused_imports)]
                        use ::fast_async::__private::{KeepContinuation as _, PassOn as _};
                        let tail = ::fast_async::__private::Tail::<u32, _, _>::local(pending);
                        (&tail).fast_async_tail().local(tail, |pending| {
                            ::fast_async::LocalFastFuture::boxed(async move {
                                ::fast_async::__private::Value::<u32> { 0: pending.await }.0
                            })
                        })
                    }
                },
            }
        })
    }
}
#[derive(Debug)]
pub struct Error;
pub struct Permit;
pub struct Names(&'static str);
impl Names {
    fn get(&self) -> FastFuture<'static, &'static str> {
        FastFuture::ready(self.0)
    }
}
fn main() {}
