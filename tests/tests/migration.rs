//! The README's "Coming from `#[async_trait]`" section, for the code around
//! a trait rather than the trait itself: a crate that re-exports the
//! attribute for its users (mobc and ractor re-export async-trait's), and
//! mocks made with mockall, the usual mock crate.
//!
//! mockall recognizes `#[async_trait]` inside `mock!` *by name*; a swapped
//! `#[fast_async]` there is left on a statement, which rustc rejects
//! (E0658, `ui/mock-with-fast-async.rs`). The two shapes that work are
//! here: the `mock!` block keeps `#[async_trait]`, which is this crate's
//! attribute by a `use .. as async_trait`; or `#[fast_async]` is written
//! above `#[automock]` on the trait, so mockall mocks the methods as they
//! are after the rewrite (returning `FastFuture`). In both the mock answers
//! through `&dyn Trait`, and the code under test keeps its ready path.
//!
//! A caller that wraps a trait's future in `catch_unwind` is covered by
//! `panics.rs` (`a_handler_future_built_before_catch_unwind_reports_its_panic`).

use fast_async::{fast_async, FastFuture, MaybeReady};
use fast_async_tests::{block_on, yield_once};
use mockall::predicate::eq;

/// A library that re-exported async-trait's attribute
/// (`pub use async_trait::async_trait;`) re-exports this one under the same
/// name, and its users' code does not change.
mod library {
    // `pub use` in a library; `pub(crate)` in this test crate.
    pub(crate) use fast_async::fast_async as async_trait;

    #[async_trait]
    pub(crate) trait Store: Send + Sync {
        async fn get(&self, key: &str) -> Option<String>;

        async fn get_or(&self, key: &str, default: &str) -> String {
            let found = self.get(key).await;
            found.unwrap_or_else(|| default.to_owned())
        }
    }
}

/// A user of the library, written for async-trait: `#[library::async_trait]`.
mod user {
    pub(crate) struct Fruits;

    #[crate::library::async_trait]
    impl crate::library::Store for Fruits {
        async fn get(&self, key: &str) -> Option<String> {
            if key == "a" {
                return Some("apple".to_owned());
            }
            crate::yield_once(None).await
        }
    }
}

use library::Store;

/// Code under test, written once against the trait.
#[fast_async]
async fn describe(store: &dyn Store, key: &'static str) -> String {
    let found = store.get(key).await;
    match found {
        Some(value) => format!("{key}: {value}"),
        None => format!("{key}: none"),
    }
}

#[test]
fn a_reexported_attribute_keeps_its_users_code() {
    let store: &dyn Store = &user::Fruits;
    let hit: FastFuture<'_, String> = store.get_or("a", "none");
    assert_eq!(hit.into_ready().ok().as_deref(), Some("apple"));
    let miss = store.get_or("b", "none");
    assert!(!miss.is_ready());
    assert_eq!(block_on(miss), "none");
}

/// `mock!` keeps `#[async_trait]`, which names this crate's attribute.
mod mock_block {
    use super::*;
    use fast_async::fast_async as async_trait;
    use mockall::mock;

    mock! {
        pub(crate) Db {}

        #[async_trait]
        impl Store for Db {
            async fn get(&self, key: &str) -> Option<String>;
        }
    }

    #[test]
    fn the_mocked_method_returns_a_ready_future() {
        let mut db = MockDb::new();
        db.expect_get()
            .with(eq("a"))
            .times(1)
            .returning(|key| Some(key.repeat(2)));
        let future = db.get("a");
        assert!(future.is_ready());
        assert_eq!(future.into_ready().ok(), Some(Some("aa".to_owned())));
    }

    #[test]
    fn code_under_test_stays_ready_over_the_mock() {
        let mut db = MockDb::new();
        db.expect_get()
            .returning(|key| (key == "a").then(|| "apple".to_owned()));
        let store: &dyn Store = &db;
        // The trait's default method, not mocked, awaits the mocked one.
        assert_eq!(
            store.get_or("b", "none").into_ready().ok().as_deref(),
            Some("none")
        );
        let described = describe(store, "a");
        assert!(described.is_ready());
        assert_eq!(block_on(described), "a: apple");
    }
}

/// `#[fast_async]` above `#[automock]`: mockall mocks the rewritten
/// methods, so an expectation returns a `FastFuture`, ready or boxed.
mod automocked {
    use super::*;
    use mockall::automock;

    #[fast_async]
    #[automock]
    pub(crate) trait Repo: Send + Sync {
        async fn find(&self, id: u32) -> Option<String>;
    }

    #[fast_async]
    async fn name_of(repo: &dyn Repo, id: u32) -> String {
        let found = repo.find(id).await;
        found.unwrap_or_else(|| "?".to_owned())
    }

    #[test]
    fn a_ready_expectation_keeps_the_caller_ready() {
        let mut repo = MockRepo::new();
        repo.expect_find()
            .with(eq(7))
            .times(1)
            .returning(|id| FastFuture::ready(Some(id.to_string())));
        let name = name_of(&repo, 7);
        assert!(name.is_ready());
        assert_eq!(block_on(name), "7");
    }

    #[test]
    fn a_boxed_expectation_is_awaited() {
        let mut repo = MockRepo::new();
        repo.expect_find()
            .returning(|id| FastFuture::boxed(yield_once((id > 1).then(|| "slow".to_owned()))));
        let name = name_of(&repo, 2);
        assert!(!name.is_ready());
        assert_eq!(block_on(name), "slow");
        assert_eq!(block_on(name_of(&repo, 0)), "?");
    }
}
