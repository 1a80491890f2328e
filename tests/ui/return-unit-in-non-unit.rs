use fast_async::fast_async;

// `return;` in a function that does not return `()`, in both forms:
// rustc's E0069 on the user's `return`, as for the plain `async fn` (its
// errors are quoted at the end of this file).

async fn slow(value: u32) -> u32 {
    value
}

#[fast_async]
async fn opaque(x: u32) -> u32 {
    if x == 0 {
        return;
    }
    slow(x).await
}

#[fast_async]
trait Name {
    async fn name(&self, x: u32) -> &str;
}

struct Named(String);

#[fast_async]
impl Name for Named {
    async fn name(&self, x: u32) -> &str {
        if x == 0 {
            return;
        }
        slow(x).await;
        &self.0
    }
}

fn main() {
    let _ = opaque(1);
    let _ = Named(String::new()).name(1);
}

// The plain `async fn` (the attributes removed), rustc 1.95:
//
// error[E0069]: `return;` in a function whose return type is not `()`
//   --> ui/return-unit-in-non-unit.rs:14:9
//    |
// 12 | async fn opaque(x: u32) -> u32 {
//    |                            --- expected `u32` because of this return type
// 13 |     if x == 0 {
// 14 |         return;
//    |         ^^^^^^ return type is not `()`
//    |
// help: give the `return` a value of the expected type
//    |
// 14 |         return 42;
//    |                ++
//
// error[E0069]: `return;` in a function whose return type is not `()`
//   --> ui/return-unit-in-non-unit.rs:30:13
//    |
// 28 |     async fn name(&self, x: u32) -> &str {
//    |                                     ---- expected `&str` because of this return type
// 29 |         if x == 0 {
// 30 |             return;
//    |             ^^^^^^ return type is not `()`
//    |
// help: give the `return` a value of the expected type
//    |
// 30 |             return "";
//    |                    ++
