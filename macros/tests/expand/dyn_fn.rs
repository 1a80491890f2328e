// `dyn` on a free fn: a nameable FastFuture, e.g. for a recursion that must
// be Send inside its own body.
use fast_async::fast_async;

#[fast_async(dyn)]
pub async fn sum<T: Node + Sync>(node: &T) -> u64 {
    match node.children() {
        [] => node.value(),
        children => {
            let mut total = node.value();
            for child in children {
                total += sum(child).await;
            }
            total
        }
    }
}

pub trait Node: Sized {
    fn children(&self) -> &[Self];
    fn value(&self) -> u64;
}

fn main() {}
