// Rule 4 with rule 5: a box made for a tail branch rebinds the locals bound
// outside the branch (`guard`) before the block with the branch's tail, and
// the branch's own (`entry`) in it: the tail's temporaries (`key.to_string()`)
// drop at the end of the branch, before `guard`, as in the `async fn`.
use fast_async::fast_async;

#[fast_async]
async fn lookup(key: u64) -> usize {
    let guard = Guard;
    if key > 0 {
        let entry = Guard;
        let value = fetch(key).await;
        drop(entry);
        key.to_string().len() + value as usize
    } else {
        drop(guard);
        0
    }
}

async fn fetch(key: u64) -> u64 {
    key + 1
}

struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {}
}

fn main() {}
