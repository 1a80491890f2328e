// Rule 7: no early exit before the first await: boxed whole, once.
use fast_async::fast_async;
use std::io;

#[fast_async]
async fn send(conn: &mut Conn, frame: Frame) -> io::Result<usize> {
    let bytes = frame.encode();
    conn.write_all(&bytes).await?;
    Ok(bytes.len())
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
