use fast_async::fast_async;
use std::rc::Rc;

fn require_send<T: Send>(future: T) -> T {
    future
}

async fn slow_store() {}

// The opaque form is `Send` exactly when its contents are, as a plain
// `async fn`: with an `Rc` argument it is not, and the error says why, as it
// does for `plain` below.
#[fast_async]
async fn keep<T: Clone>(value: T, cached: bool) -> T {
    if cached {
        return value;
    }
    slow_store().await;
    value
}

async fn plain<T: Clone>(value: T, cached: bool) -> T {
    if cached {
        return value;
    }
    slow_store().await;
    value
}

fn main() {
    let _ = require_send(keep(Rc::new(1), false));
    let _ = require_send(plain(Rc::new(1), false));
}
