use fast_async::fast_async;
use std::collections::HashMap;
use std::hash::Hash;
impl<'a, K: Hash + Eq, V: Clone> Selector<'a, K, V> {
    pub fn get<'life0, 'life1>(
        &'life0 self,
        key: &'life1 K,
    ) -> impl ::fast_async::MaybeReady<Output = Option<V>>
           + ::fast_async::__private::Captures<(&'life0 (), &'life1 (), &'a (), Self)> {
        let arguments = (key,);
        ::fast_async::__private::catch(move || match arguments {
            (key,) => {
                if let Some(v) = self.cache.get(key) {
                    return ::fast_async::__private::Value::<Option<V>> { 0: Some(v.clone()) }
                        .opaque();
                }
                ::fast_async::ReadyOrBoxed::<Option<V>, _>::boxed(async move {
                    ::fast_async::__private::Value::<Option<V>> {
                        0: self.load(key).await,
                    }
                    .0
                })
            }
        })
    }
    pub fn len<'life0>(
        &'life0 self,
    ) -> impl ::fast_async::MaybeReady<Output = usize>
           + ::fast_async::__private::Captures<(&'life0 (), &'a (), Self)> {
        let arguments = ();
        ::fast_async::__private::catch(move || match arguments {
            () => ::fast_async::__private::Value::<usize> {
                0: self.cache.len(),
            }
            .opaque::<::core::future::Ready<usize>>(),
        })
    }
}
struct Selector<'a, K, V> {
    cache: &'a HashMap<K, V>,
}
impl<K, V> Selector<'_, K, V> {
    async fn load(&self, _key: &K) -> Option<V> {
        None
    }
}
fn main() {}
