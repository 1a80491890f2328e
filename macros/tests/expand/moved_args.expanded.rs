#![allow(unused_variables)]
use fast_async::fast_async;
#[allow(clippy::needless_pass_by_value)]
fn handle(
    permit: Permit,
    __arg1: Span,
    (id, name): (u64, String),
    buf: Vec<u8>,
    limit: usize,
) -> impl ::fast_async::MaybeReady<Output = usize> {
    let arguments = (permit, __arg1, id, name, buf, limit);
    ::fast_async::__private::catch(move || match arguments {
        (permit, __arg1, id, name, buf, limit) => {
            if limit == 0 {
                return ::fast_async::__private::Value::<usize> { 0: 0 }.opaque();
            }
            ::fast_async::ReadyOrBoxed::<usize, _>::boxed(async move {
                let permit = permit;
                let __arg1 = __arg1;
                let id = id;
                let name = name;
                let mut buf = buf;
                let value = ::fast_async::__private::Value::<usize> {
                    0: {
                        buf.extend_from_slice(name.as_bytes());
                        write(id, &buf).await
                    },
                }
                .0;
                value
            })
        }
    })
}
struct Permit;
struct Span;
async fn write(id: u64, buf: &[u8]) -> usize {
    id as usize + buf.len()
}
fn main() {}
