use fast_async::fast_async;
pub trait Store: Send {
    fn get<'life0, 'life1, 'fast_async>(
        &'life0 self,
        key: &'life1 str,
    ) -> ::fast_async::FastFuture<'fast_async, Option<String>>
    where
        'life0: 'fast_async,
        'life1: 'fast_async,
        Self: 'fast_async;
    fn get_or<'life0, 'life1, 'life2, 'fast_async>(
        &'life0 self,
        key: &'life1 str,
        default: &'life2 str,
    ) -> ::fast_async::FastFuture<'fast_async, String>
    where
        'life0: 'fast_async,
        'life1: 'fast_async,
        'life2: 'fast_async,
        Self: ::core::marker::Sync + 'fast_async,
    {
        let arguments = (key, default);
        ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, String> {
            match arguments {
                (key, default) => {
                    let value = match ::fast_async::__private::try_ready!(self.get(key)) {
                        ::core::result::Result::Ok(output) => output,
                        ::core::result::Result::Err(pending) => {
                            return ::fast_async::FastFuture::boxed(async move {
                                let value = ::fast_async::__private::Value::<String> {
                                    0: {
                                        match pending.await {
                                            Some(v) => v,
                                            None => default.to_owned(),
                                        }
                                    },
                                }
                                .0;
                                value
                            })
                        }
                    };
                    match ::core::convert::identity(value) {
                        Some(v) => ::fast_async::__private::Value::<String> { 0: v }.fast(),
                        None => ::fast_async::__private::Value::<String> {
                            0: default.to_owned(),
                        }
                        .fast(),
                    }
                }
            }
        })
    }
    fn name(&self) -> &str;
}
fn main() {}
