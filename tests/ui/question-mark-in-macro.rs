use fast_async::fast_async;

macro_rules! parse {
    ($text:expr) => {
        $text.parse::<u32>().map_err(|_| ())?
    };
}

async fn slow_store(key: u32) -> u32 {
    key
}

// The `?` inside `parse!` is not rewritten: it would return a `Result` from
// a function that now returns a future.
#[fast_async]
async fn lookup(text: &str) -> Result<u32, ()> {
    let key = parse!(text);
    if key == 1 {
        return Ok(1);
    }
    Ok(slow_store(key).await)
}

fn main() {
    let _ = lookup("1");
}
