// Rule 7: no early exit before the first await: boxed whole, once.
#[fast_async]
async fn send(conn: &mut Conn, frame: Frame) -> io::Result<usize> {
    let bytes = frame.encode();
    conn.write_all(&bytes).await?;
    Ok(bytes.len())
}
