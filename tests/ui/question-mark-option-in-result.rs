use fast_async::fast_async;

// `?` on an `Option` in a function that returns a `Result`, at the call, in
// both forms: rustc's message on the user's `?` ("closure" for "async
// function": the macro converts the residual in a closure), as for the plain
// `async fn` (its error is quoted at the end of this file).

async fn slow(value: u32) -> u32 {
    value
}

#[fast_async]
async fn opaque(values: Vec<u32>) -> Result<u32, String> {
    let first = *values.first()?;
    Ok(slow(first).await)
}

#[fast_async(dyn)]
async fn dyn_form(values: Vec<u32>) -> Result<u32, String> {
    let first = *values.first()?;
    Ok(slow(first).await)
}

fn main() {
    let _ = opaque(vec![1]);
    let _ = dyn_form(vec![1]);
}

// The plain `async fn` (the attributes removed), rustc 1.95:
//
// error[E0277]: the `?` operator can only be used on `Result`s, not `Option`s, in an async function that returns `Result`
//   --> ui/question-mark-option-in-result.rs:14:32
//    |
// 13 |   async fn opaque(values: Vec<u32>) -> Result<u32, String> {
//    |  __________________________________________________________-
// 14 | |     let first = *values.first()?;
//    | |                                ^ use `.ok_or(...)?` to provide an error compatible with `Result<u32, String>`
// 15 | |     Ok(slow(first).await)
// 16 | | }
//    | |_- this function returns a `Result`
//
// error[E0277]: the `?` operator can only be used on `Result`s, not `Option`s, in an async function that returns `Result`
//   --> ui/question-mark-option-in-result.rs:20:32
//    |
// 19 |   async fn dyn_form(values: Vec<u32>) -> Result<u32, String> {
//    |  ____________________________________________________________-
// 20 | |     let first = *values.first()?;
//    | |                                ^ use `.ok_or(...)?` to provide an error compatible with `Result<u32, String>`
// 21 | |     Ok(slow(first).await)
// 22 | | }
//    | |_- this function returns a `Result`
