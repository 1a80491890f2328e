// Rule 8, tail pass-through: a dyn-form layer whose tail awaits the inner
// future hands that future on when it is pending (no box of its own) —
// unless something else would be held across the await, or the output
// names a lifetime.
use fast_async::{fast_async, FastFuture};

#[fast_async]
pub trait Service {
    async fn call(&self, request: u32) -> Result<u32, Error>;
}

pub struct Layer<S> {
    inner: S,
}

#[fast_async]
impl<S: Service + Sync> Service for Layer<S> {
    // Only delegates: the inner future is handed on when pending.
    async fn call(&self, request: u32) -> Result<u32, Error> {
        if request == 0 {
            return Err(Error);
        }
        self.inner.call(request).await
    }
}

// A permit held until the inner call completes: the continuation stays.
#[fast_async(dyn)]
pub async fn limited(service: &dyn Service, _permit: Permit, request: u32) -> Result<u32, Error> {
    service.call(request).await
}

// The output names a lifetime: the continuation stays (the `async fn`
// lets a longer-lived value shorten to it).
#[fast_async(dyn)]
pub async fn name(names: &Names) -> &str {
    names.get().await
}

#[fast_async(?Send)]
pub trait Local {
    async fn get(&self) -> u32;
}

pub struct Outer<L> {
    inner: L,
}

#[fast_async(?Send)]
impl<L: Local> Local for Outer<L> {
    async fn get(&self) -> u32 {
        self.inner.get().await
    }
}

#[derive(Debug)]
pub struct Error;

pub struct Permit;

pub struct Names(&'static str);

impl Names {
    fn get(&self) -> FastFuture<'static, &'static str> {
        FastFuture::ready(self.0)
    }
}

fn main() {}
