use fast_async::fast_async;

// `return` of the wrong type, at the call and in the boxed part, in both
// forms: rustc's "expected `u32`, found `&str`" on the user's values, with
// no note about the crate's functions, as for the plain `async fn` (its
// errors are quoted at the end of this file).

async fn slow(value: u32) -> u32 {
    value
}

#[fast_async]
async fn opaque(x: u32) -> u32 {
    if x == 0 {
        return "zero";
    }
    let y = slow(x).await + 1;
    if y == 2 {
        return "two";
    }
    y
}

#[fast_async(dyn)]
async fn dyn_form(x: u32) -> u32 {
    if x == 0 {
        return "zero";
    }
    slow(x).await
}

fn main() {
    let _ = opaque(1);
    let _ = dyn_form(1);
}

// The plain `async fn` (the attributes removed), rustc 1.95:
//
// error[E0308]: mismatched types
//   --> ui/return-wrong-type.rs:15:16
//    |
// 13 | async fn opaque(x: u32) -> u32 {
//    |                            --- expected `u32` because of return type
// 14 |     if x == 0 {
// 15 |         return "zero";
//    |                ^^^^^^ expected `u32`, found `&str`
//
// error[E0308]: mismatched types
//   --> ui/return-wrong-type.rs:27:16
//    |
// 25 | async fn dyn_form(x: u32) -> u32 {
//    |                              --- expected `u32` because of return type
// 26 |     if x == 0 {
// 27 |         return "zero";
//    |                ^^^^^^ expected `u32`, found `&str`
