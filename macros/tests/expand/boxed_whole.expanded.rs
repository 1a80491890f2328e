use fast_async::fast_async;
use std::io;
#[allow(clippy::needless_pass_by_value)]
fn send<'life0>(
    conn: &'life0 mut Conn,
    frame: Frame,
) -> impl ::fast_async::MaybeReady<Output = io::Result<usize>>
       + ::fast_async::__private::Captures<(&'life0 (),)> {
    ::fast_async::ReadyOrBoxed::<io::Result<usize>, _>::boxed(async move {
        let frame = frame;
        let value = ::fast_async::__private::Value::<io::Result<usize>> {
            0: {
                let bytes = frame.encode();
                conn.write_all(&bytes).await?;
                Ok(bytes.len())
            },
        }
        .0;
        value
    })
}
struct Conn(Vec<u8>);
impl Conn {
    async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }
}
struct Frame(Vec<u8>);
impl Frame {
    fn encode(&self) -> Vec<u8> {
        self.0.clone()
    }
}
fn main() {}
