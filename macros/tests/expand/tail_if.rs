// Rule 4: a tail `if` is split per branch; a missing `else` is a ready `()`.
use fast_async::fast_async;

#[fast_async]
async fn lookup(hit: bool, key: u64) -> u64 {
    if hit {
        key * 2
    } else {
        fetch(key).await
    }
}

#[fast_async]
async fn flush(dirty: bool, log: &Log) {
    if dirty {
        log.write().await;
    }
}

async fn fetch(key: u64) -> u64 {
    key + 1
}

struct Log;

impl Log {
    async fn write(&self) {}
}

fn main() {}
