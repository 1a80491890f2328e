use fast_async::fast_async;

async fn slow_store(key: &str) -> usize {
    key.len()
}

// `trimmed` borrows `key` at the call; the boxed remainder cannot keep that
// borrow, since `key` lives in the function, which has returned.
#[fast_async]
async fn lookup(key: String) -> usize {
    let trimmed: &str = key.trim();
    if trimmed.is_empty() {
        return 0;
    }
    slow_store(trimmed).await
}

fn main() {
    let _ = lookup(String::from("a"));
}
