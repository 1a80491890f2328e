// mockall finds `#[async_trait]` inside `mock!` by its name: a swapped
// `#[fast_async]` there is left on a statement. Keep `#[async_trait]` and
// `use fast_async::fast_async as async_trait;` (tests/migration.rs).
use fast_async::fast_async;
use mockall::mock;

#[fast_async]
trait Store: Send + Sync {
    async fn get(&self, key: &str) -> Option<String>;
}

mock! {
    Db {}

    #[fast_async]
    impl Store for Db {
        async fn get(&self, key: &str) -> Option<String>;
    }
}

fn main() {}
