// Rule 6: no await point: everything runs at the call and is ready.
use fast_async::fast_async;
use std::num::ParseIntError;

#[fast_async]
async fn parse(input: &str) -> Result<u32, ParseIntError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(0);
    }
    let value: u32 = trimmed.parse()?;
    Ok(value * 2)
}

fn main() {}
