use fast_async::{fast_async, FastFuture};

// Known limit (rule 8, tail pass-through): an output type that hides a
// lifetime (`Name` for `Name<'a>`) whose tail awaits a future with a longer
// one (`Name<'static>`). The future handed on must have exactly the output
// type, and the macro cannot see the hidden lifetime to keep the
// continuation, so the borrow checker refuses what the plain `async fn`
// accepts (it lets `Name<'static>` shorten). The fix: write the lifetime,
// `-> Name<'_>`, as `elided_lifetimes_in_paths` asks; then the macro keeps
// the continuation (`fixed` below compiles).

pub struct Name<'a>(pub &'a str);

pub struct Names;

impl Names {
    fn get(&self) -> FastFuture<'static, Name<'static>> {
        FastFuture::ready(Name("static"))
    }
}

#[fast_async(dyn)]
pub async fn hidden(names: &Names) -> Name {
    names.get().await
}

#[fast_async(dyn)]
pub async fn fixed(names: &Names) -> Name<'_> {
    names.get().await
}

fn main() {}
