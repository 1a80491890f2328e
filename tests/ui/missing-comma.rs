use fast_async::fast_async;

#[fast_async(dyn dyn)]
async fn lookup(key: u32) -> u32 {
    key
}

fn main() {
    let _ = lookup(1);
}
