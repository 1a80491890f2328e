#[allow(clippy::needless_pass_by_value)]
fn send<'life0>(
    conn: &'life0 mut Conn,
    frame: Frame,
) -> impl ::fast_async::MaybeReady<Output = io::Result<usize>>
       + ::fast_async::__private::Captures<(&'life0 (),)> {
    ::fast_async::ReadyOrBoxed::<io::Result<usize>, _>::boxed(async move {
        let frame = frame;
        let bytes = frame.encode();
        conn.write_all(&bytes).await?;
        ::fast_async::__private::Value::<io::Result<usize>> { 0: Ok(bytes.len()) }.0
    })
}
