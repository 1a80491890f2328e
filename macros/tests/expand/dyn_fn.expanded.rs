use fast_async::fast_async;
pub fn sum<'life0, 'fast_async, T: Node + Sync + 'fast_async>(
    node: &'life0 T,
) -> ::fast_async::FastFuture<'fast_async, u64>
where
    'life0: 'fast_async,
{
    let arguments = (node,);
    ::fast_async::__private::catch(move || -> ::fast_async::FastFuture<'_, u64> {
        match arguments {
            (node,) => match node.children() {
                [] => ::fast_async::__private::Value::<u64> { 0: node.value() }.fast(),
                children => ::fast_async::FastFuture::boxed(async move {
                    let children = children;
                    let mut total = node.value();
                    for child in children {
                        total += sum(child).await;
                    }
                    ::fast_async::__private::Value::<u64> { 0: total }.0
                }),
            },
        }
    })
}
pub trait Node: Sized {
    fn children(&self) -> &[Self];
    fn value(&self) -> u64;
}
fn main() {}
