use fast_async::fast_async;

macro_rules! bail {
    () => {
        return Err(())
    };
}

async fn slow_store(key: u32) -> u32 {
    key
}

// `return-in-macro.rs` in the dyn form: the function's return type is
// written out, so the unrewritten `return` inside `bail!` is a type error at
// that macro call.
#[fast_async(dyn)]
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
