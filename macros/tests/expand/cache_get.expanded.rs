use fast_async::fast_async;
use std::collections::HashMap;
use std::sync::Mutex;
impl Cache {
    #[allow(refining_impl_trait)]
    pub fn get<'life0, 'life1>(
        &'life0 self,
        key: &'life1 str,
    ) -> impl ::fast_async::MaybeReady<Output = Result<String, Error>>
           + ::fast_async::__private::Captures<(&'life0 (), &'life1 (), Self)> {
        let arguments = (key,);
        ::fast_async::__private::catch(move || match arguments {
            (key,) => {
                let key = match ::fast_async::__private::Try::branch(normalize(key)) {
                    ::core::ops::ControlFlow::Continue(value) => value,
                    ::core::ops::ControlFlow::Break(residual) => {
                        return ::fast_async::__private::Value::<Result<String, Error>> {
                            0: ::fast_async::__private::output::<Result<String, Error>, _>(
                                move || match residual? {},
                            ),
                        }
                        .opaque()
                    }
                };
                if let Some(v) = self.map.get(&key) {
                    return ::fast_async::__private::Value::<Result<String, Error>> {
                        0: Ok(v.clone()),
                    }
                    .opaque();
                }
                ::fast_async::ReadyOrBoxed::<Result<String, Error>, _>::boxed(async move {
                    let key = key;
                    let v = self.db.fetch(&key).await?;
                    self.map.insert(key, v.clone());
                    ::fast_async::__private::Value::<Result<String, Error>> { 0: Ok(v) }.0
                })
            }
        })
    }
}
struct Cache {
    map: Map,
    db: Db,
}
struct Map(Mutex<HashMap<String, String>>);
impl Map {
    fn get(&self, key: &str) -> Option<String> {
        self.0.lock().unwrap().get(key).cloned()
    }
    fn insert(&self, key: String, value: String) {
        self.0.lock().unwrap().insert(key, value);
    }
}
struct Db;
impl Db {
    async fn fetch(&self, key: &str) -> Result<String, Error> {
        Ok(key.to_uppercase())
    }
}
#[derive(Debug)]
struct Error;
fn normalize(key: &str) -> Result<String, Error> {
    Ok(key.trim().to_lowercase())
}
fn main() {}
