use fast_async::fast_async;

async fn slow_store(key: u32) -> u32 {
    key
}

// The names the expansion introduces are hygienic: user code cannot reach
// them.
#[fast_async]
async fn ignored(_: u32, flag: bool) -> u32 {
    if flag {
        return __arg0;
    }
    slow_store(1).await
}

#[fast_async]
async fn parse(text: &str) -> Result<u32, std::num::ParseIntError> {
    let key: u32 = text.parse()?;
    if key == 0 {
        return Ok(value + residual);
    }
    Ok(slow_store(key).await)
}

#[fast_async]
async fn branches(key: u32) -> u32 {
    match key {
        0 => 0,
        1 => slow_store(1).await,
        2 => {
            // The branches share `::fast_async::__private::Branch`: no item
            // is declared in the user's scope.
            let _: Option<__FastAsyncBranch<u8, u8>> = None;
            slow_store(2).await
        }
        _ => __branch,
    }
}

fn main() {
    let _ = ignored(1, true);
    let _ = parse("1");
    let _ = branches(1);
}
