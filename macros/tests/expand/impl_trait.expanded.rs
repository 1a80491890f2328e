use fast_async::fast_async;
use std::collections::HashMap;
use std::rc::Rc;
impl Store for Memory {
    fn get<'life0, 'life1, 'fast_async>(
        &'life0 self,
        key: &'life1 str,
    ) -> ::fast_async::FastFuture<'fast_async, Option<String>>
    where
        'life0: 'fast_async,
        'life1: 'fast_async,
        Self: 'fast_async,
    {
        let arguments = (key,);
        ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, Option<String>> {
            match arguments {
                (key,) => ::fast_async::__private::Value::<Option<String>> {
                    0: self.map.get(key).cloned(),
                }
                .fast(),
            }
        })
    }
    fn name(&self) -> &str {
        "memory"
    }
}
impl LocalStore for Memory {
    fn load<'life0, 'life1, 'fast_async>(
        &'life0 self,
        key: &'life1 str,
    ) -> ::fast_async::LocalFastFuture<'fast_async, Rc<String>>
    where
        'life0: 'fast_async,
        'life1: 'fast_async,
        Self: 'fast_async,
    {
        let arguments = (key,);
        ::fast_async::__private::catch(move || -> ::fast_async::LocalFastFuture<'_, Rc<String>> {
            match arguments {
                (key,) => {
                    if let Some(v) = self.local.get(key) {
                        return ::fast_async::__private::Value::<Rc<String>> { 0: v.clone() }
                            .local();
                    }
                    match ::fast_async::__private::try_ready!(self.slow(key)) {
                        ::core::result::Result::Ok(output) => {
                            ::fast_async::__private::Value::<Rc<String>> { 0: output }.local()
                        }
                        ::core::result::Result::Err(pending) => {
                            #[allow(unused_imports)]
                            use ::fast_async::__private::{KeepContinuation as _, PassOn as _};
                            let tail =
                                ::fast_async::__private::Tail::<Rc<String>, _, _>::local(pending);
                            (&tail).fast_async_tail().local(tail, |pending| {
                                ::fast_async::LocalFastFuture::boxed(async move {
                                    ::fast_async::__private::Value::<Rc<String>> {
                                        0: pending.await,
                                    }
                                    .0
                                })
                            })
                        }
                    }
                }
            }
        })
    }
}
trait Store {
    fn get<'life0, 'life1, 'fast_async>(
        &'life0 self,
        key: &'life1 str,
    ) -> ::fast_async::FastFuture<'fast_async, Option<String>>
    where
        'life0: 'fast_async,
        'life1: 'fast_async,
        Self: 'fast_async;
    fn name(&self) -> &str;
}
trait LocalStore {
    fn load<'life0, 'life1, 'fast_async>(
        &'life0 self,
        key: &'life1 str,
    ) -> ::fast_async::LocalFastFuture<'fast_async, Rc<String>>
    where
        'life0: 'fast_async,
        'life1: 'fast_async,
        Self: 'fast_async;
}
struct Memory {
    map: HashMap<String, String>,
    local: HashMap<String, Rc<String>>,
}
impl Memory {
    async fn slow(&self, key: &str) -> Rc<String> {
        Rc::new(key.to_owned())
    }
}
fn main() {}
