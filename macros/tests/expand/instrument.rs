// `#[instrument]` below `#[fast_async]`: kept on the plain fn (tracing makes
// and enters the span during the call), and the boxed part runs in that
// span. `_` is kept alive under a generated name, which `skip` leaves out.
#[fast_async]
#[tracing::instrument(skip(db))]
async fn get(db: &Db, key: u32, _: Permit) -> u32 {
    if let Some(v) = hit(key) {
        return v;
    }
    db.load(key).await
}
