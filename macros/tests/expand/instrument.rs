// `#[instrument]` below `#[fast_async]`: kept on the plain fn (tracing makes
// and enters the span during the call), and the boxed part runs in that
// span. `_` is kept alive under a generated name, which `skip` leaves out.
use fast_async::fast_async;

#[fast_async]
#[tracing::instrument(skip(db))]
async fn get(db: &Db, key: u32, _: Permit) -> u32 {
    if let Some(v) = hit(key) {
        return v;
    }
    db.load(key).await
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
