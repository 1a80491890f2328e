use fast_async::fast_async;

macro_rules! bail {
    () => {
        return Err(())
    };
}

async fn slow_store(key: u32) -> u32 {
    key
}

// The `return` inside `bail!` is not rewritten (the macro cannot see into
// another macro's tokens): it returns a `Result` from a function that now
// returns a future.
#[fast_async]
async fn lookup(key: u32) -> Result<u32, ()> {
    if key == 0 {
        bail!();
    }
    if key == 1 {
        return Ok(1);
    }
    Ok(slow_store(key).await)
}

fn main() {
    let _ = lookup(1);
}
