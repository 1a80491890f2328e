use fast_async::{fast_async, FastFuture};

// Known limit (rule 8, tail pass-through): an output type that hides a
// lifetime (`Name` for `Name<'a>`) whose tail awaits a future with a longer
// one (`Name<'static>`). The future handed on must have exactly the output
// type, and the macro cannot see the hidden lifetime to keep the
// continuation, so the borrow checker refuses what the plain `async fn`
// accepts (it lets `Name<'static>` shorten). The same holds for `Self` or
// an associated type standing for a type with a lifetime. The fix: write
// the lifetime, `-> Name<'_>`, as `elided_lifetimes_in_paths` asks (`fixed`
// below compiles), or bind the value before returning it (`bound_first`).

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

#[fast_async(dyn)]
pub async fn bound_first(names: &Names) -> Name {
    let name = names.get().await;
    name
}

fn main() {}
