use fast_async::fast_async;
#[tracing::instrument(skip(db, __arg2))]
#[allow(clippy::needless_pass_by_value)]
fn get<'life0>(
    db: &'life0 Db,
    key: u32,
    __arg2: Permit,
) -> impl ::fast_async::MaybeReady<Output = u32> + ::fast_async::__private::Captures<(&'life0 (),)>
{
    let arguments = (db, key, __arg2);
    ::fast_async::__private::catch(move || match arguments {
        (db, key, __arg2) => {
            if let Some(v) = hit(key) {
                return ::fast_async::__private::Value::<u32> { 0: v }.opaque();
            }
            match ::fast_async::__private::try_ready!(db.load(key)) {
                ::core::result::Result::Ok(output) => {
                    ::fast_async::__private::Value::<u32> { 0: output }.opaque()
                }
                ::core::result::Result::Err(pending) => {
                    ::fast_async::ReadyOrBoxed::<u32, _>::boxed(::tracing::Instrument::instrument(
                        async move {
                            let __arg2 = __arg2;
                            let value = ::fast_async::__private::Value::<u32> {
                                0: { pending.await },
                            }
                            .0;
                            value
                        },
                        {
                            let span = ::tracing::Span::current();
                            match span.metadata() {
                                ::core::option::Option::Some(meta)
                                    if meta.line()
                                        == ::core::option::Option::Some(::core::line!())
                                        && meta.file()
                                            == ::core::option::Option::Some(::core::file!())
                                        && meta.name() == "get" =>
                                {
                                    span
                                }
                                _ => ::tracing::Span::none(),
                            }
                        },
                    ))
                }
            }
        }
    })
}
struct Db;
impl Db {
    async fn load(&self, key: u32) -> u32 {
        key + 1
    }
}
struct Permit;
fn hit(key: u32) -> Option<u32> {
    (key % 2 == 0).then_some(key)
}
fn main() {}
