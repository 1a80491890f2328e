// The expansion names everything by absolute path: a crate that declares its
// own `core`, `std` and `fast_async` items (and a `Result` alias) still
// compiles.
#![allow(dead_code, non_camel_case_types)]

use fast_async::{fast_async, MaybeReady};
use fast_async_tests::{block_on, yield_once};

mod core {
    pub mod future {}
    pub mod ops {}
    pub mod marker {}
}

mod std {}

mod fast_async_shadow {
    pub struct ReadyOrBoxed;
}

fn core() {}

struct ControlFlow;
struct Option;
struct Box;
struct Pin;
type Result<T> = ::core::result::Result<T, ()>;

#[fast_async]
async fn parse(text: &str) -> Result<u32> {
    let key: u32 = text.parse().map_err(|_| ())?;
    if key == 0 {
        return Ok(0);
    }
    Ok(yield_once(key).await)
}

#[fast_async]
async fn branches(key: u32) -> u32 {
    core();
    match key {
        0 => 0,
        1 => yield_once(1).await,
        _ => yield_once(key).await + 1,
    }
}

#[fast_async]
trait Store {
    async fn get(&self, key: u32) -> ::core::option::Option<u32>;
}

struct Memory;

#[fast_async]
impl Store for Memory {
    async fn get(&self, key: u32) -> ::core::option::Option<u32> {
        let key = ::core::option::Option::Some(key).filter(|key| *key != 9)?;
        if key == 0 {
            return ::core::option::Option::Some(0);
        }
        ::core::option::Option::Some(yield_once(key).await)
    }
}

fn main() {
    assert_eq!(parse("0").into_ready().ok(), Some(Ok(0)));
    assert_eq!(block_on(parse("x")), Err(()));
    assert_eq!(block_on(parse("3")), Ok(3));
    assert_eq!(block_on(branches(0)), 0);
    assert_eq!(block_on(branches(2)), 3);
    let store: &dyn Store = &Memory;
    assert_eq!(block_on(store.get(9)), None);
    assert_eq!(block_on(store.get(4)), Some(4));
}
