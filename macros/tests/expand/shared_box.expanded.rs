use fast_async::fast_async;
use std::collections::HashMap;
use std::sync::Mutex;
#[allow(clippy::needless_pass_by_value)]
fn run<'life0>(
    cmd: Command,
    store: &'life0 Store,
) -> impl ::fast_async::MaybeReady<Output = Option<String>>
       + ::fast_async::__private::Captures<(&'life0 (),)> {
    let arguments = (cmd, store);
    ::fast_async::__private::catch(move || match arguments {
        (cmd, store) => {
            let __branch = {
                match cmd {
                    Command::Get(key) => {
                        return ::fast_async::__private::Value::<Option<String>> {
                            0: store.cached(&key),
                        }
                        .opaque()
                    }
                    Command::Fetch(key) => ::fast_async::__private::Branch::First(async move {
                        let key = key;
                        ::fast_async::__private::Value::<Option<String>> {
                            0: store.fetch(&key).await,
                        }
                        .0
                    }),
                    Command::Refresh(key) if !key.is_empty() => {
                        ::fast_async::__private::Branch::Rest(async move {
                            let key = key;
                            store.evict(&key);
                            ::fast_async::__private::Value::<Option<String>> {
                                0: store.fetch(&key).await,
                            }
                            .0
                        })
                    }
                    Command::Refresh(_) => {
                        return ::fast_async::__private::Value::<Option<String>> { 0: None }
                            .opaque()
                    }
                }
            };
            ::fast_async::ReadyOrBoxed::<Option<String>, _>::boxed(async move {
                match __branch {
                    ::fast_async::__private::Branch::First(future) => future.await,
                    ::fast_async::__private::Branch::Rest(future) => future.await,
                }
            })
        }
    })
}
enum Command {
    Get(String),
    Fetch(String),
    Refresh(String),
}
struct Store(Mutex<HashMap<String, String>>);
impl Store {
    fn cached(&self, key: &str) -> Option<String> {
        self.0.lock().unwrap().get(key).cloned()
    }
    async fn fetch(&self, key: &str) -> Option<String> {
        let value = key.to_uppercase();
        self.0.lock().unwrap().insert(key.to_owned(), value.clone());
        Some(value)
    }
    fn evict(&self, key: &str) {
        self.0.lock().unwrap().remove(key);
    }
}
fn main() {}
