use fast_async::fast_async;

// `?` on an error with no `From` conversion, in the part that runs at the
// call, in both forms: rustc's message on the user's `?`, as for the plain
// `async fn` (its error is quoted at the end of this file).

#[derive(Debug)]
struct MyError;

fn parse(text: &str) -> Result<u32, std::num::ParseIntError> {
    text.parse()
}

async fn slow(value: u32) -> u32 {
    value
}

#[fast_async]
async fn opaque(text: &str) -> Result<u32, MyError> {
    let value = parse(text)?;
    Ok(slow(value).await)
}

#[fast_async]
trait Parse {
    async fn parse(&self, text: &str) -> Result<u32, MyError>;
}

struct Parser;

#[fast_async]
impl Parse for Parser {
    async fn parse(&self, text: &str) -> Result<u32, MyError> {
        let value = parse(text)?;
        Ok(slow(value).await)
    }
}

fn main() {
    let _ = opaque("1");
    let _ = Parser.parse("1");
}

// The plain `async fn` (the attributes removed), rustc 1.95:
//
// error[E0277]: `?` couldn't convert the error to `MyError`
//   --> ui/question-mark-without-from.rs:20:28
//    |
// 20 |     let value = parse(text)?;
//    |                 -----------^ the trait `From<ParseIntError>` is not implemented for `MyError`
//    |                 |
//    |                 this can't be annotated with `?` because it has type `Result<_, ParseIntError>`
//    |
// note: `MyError` needs to implement `From<ParseIntError>`
//   --> ui/question-mark-without-from.rs:8:1
//    |
//  8 | struct MyError;
//    | ^^^^^^^^^^^^^^
//    = note: the question mark operation (`?`) implicitly performs a conversion on the error value using the `From` trait
//
// error[E0277]: `?` couldn't convert the error to `MyError`
//   --> ui/question-mark-without-from.rs:34:32
//    |
// 34 |         let value = parse(text)?;
//    |                     -----------^ the trait `From<ParseIntError>` is not implemented for `MyError`
//    |                     |
//    |                     this can't be annotated with `?` because it has type `Result<_, ParseIntError>`
//    |
// note: `MyError` needs to implement `From<ParseIntError>`
//   --> ui/question-mark-without-from.rs:8:1
//    |
//  8 | struct MyError;
//    | ^^^^^^^^^^^^^^
//    = note: the question mark operation (`?`) implicitly performs a conversion on the error value using the `From` trait
