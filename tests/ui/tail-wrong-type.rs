use fast_async::fast_async;

// A tail of the wrong type, ready and boxed, in both forms: rustc's
// "expected `u32`, found `&str`" on the user's tails, with no note about
// the crate's functions, as for the plain `async fn` (its errors are quoted
// at the end of this file).

async fn slow(value: u32) -> u32 {
    value
}

#[fast_async]
async fn opaque(x: u32) -> u32 {
    if x == 0 {
        "zero"
    } else {
        slow(x).await;
        "many"
    }
}

#[fast_async]
trait Count {
    async fn count(&self, x: u32) -> u32;
}

struct Counter;

#[fast_async]
impl Count for Counter {
    async fn count(&self, x: u32) -> u32 {
        if x == 0 {
            "zero"
        } else {
            slow(x).await;
            "many"
        }
    }
}

fn main() {
    let _ = opaque(1);
    let _ = Counter.count(1);
}

// The plain `async fn` (the attributes removed), rustc 1.95:
//
// error[E0308]: mismatched types
//   --> ui/tail-wrong-type.rs:15:9
//    |
// 13 | async fn opaque(x: u32) -> u32 {
//    |                            --- expected `u32` because of return type
// 14 |     if x == 0 {
// 15 |         "zero"
//    |         ^^^^^^ expected `u32`, found `&str`
//
// error[E0308]: mismatched types
//   --> ui/tail-wrong-type.rs:18:9
//    |
// 13 | async fn opaque(x: u32) -> u32 {
//    |                            --- expected `u32` because of return type
// ...
// 18 |         "many"
//    |         ^^^^^^ expected `u32`, found `&str`
//
// error[E0308]: mismatched types
//   --> ui/tail-wrong-type.rs:33:13
//    |
// 31 |     async fn count(&self, x: u32) -> u32 {
//    |                                      --- expected `u32` because of return type
// 32 |         if x == 0 {
// 33 |             "zero"
//    |             ^^^^^^ expected `u32`, found `&str`
//
// error[E0308]: mismatched types
//   --> ui/tail-wrong-type.rs:36:13
//    |
// 31 |     async fn count(&self, x: u32) -> u32 {
//    |                                      --- expected `u32` because of return type
// ...
// 36 |             "many"
//    |             ^^^^^^ expected `u32`, found `&str`
