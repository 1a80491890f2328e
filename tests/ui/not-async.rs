use fast_async::fast_async;

#[fast_async]
fn lookup(key: u32) -> u32 {
    key
}

fn main() {
    let _: u32 = lookup(1);
}
