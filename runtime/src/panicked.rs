//! A panic of a function's synchronous part, caught at the call and resumed
//! when its future is first polled, where an `async fn`'s panic surfaces
//! (feature `std`; see [`catch`](crate::__private::catch)).

use std::any::Any;
use std::boxed::Box;
use std::future::Future;
use std::marker::PhantomData;
use std::panic;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use crate::spent::{dyn_form_name, polled_after_completion};

/// The payload of a caught panic, as the opaque form holds it.
///
/// In an `Arc`, though never shared, for two reasons: the future stays 16
/// bytes (a thin pointer), and dropping it is a decrement and a call out of
/// line, so the future's drop glue stays small enough to be inlined on the
/// ready path (a `Box` here made it an out-of-line call on every ready
/// call). In a `Mutex`, never locked, only so that the future stays `Sync`
/// when its contents are (a `Box<dyn Any + Send>` is not `Sync`).
pub(crate) struct Payload(Arc<Mutex<Box<dyn Any + Send>>>);

impl Payload {
    pub(crate) fn new(payload: Box<dyn Any + Send>) -> Self {
        Payload(Arc::new(Mutex::new(payload)))
    }

    /// Resumes the caught panic (the panic hook ran when it was raised).
    #[cold]
    pub(crate) fn resume(self) -> ! {
        let payload = match Arc::try_unwrap(self.0) {
            Ok(mutex) => mutex.into_inner().unwrap_or_else(PoisonError::into_inner),
            Err(_) => unreachable!("a panic payload is never shared"),
        };
        panic::resume_unwind(payload)
    }
}

/// The dyn forms' panicked state: a boxed future that resumes the panic when
/// polled, and afterwards panics as a spent `FastFuture` (`LOCAL`:
/// `LocalFastFuture`) does.
pub(crate) struct ResumeUnwind<T, const LOCAL: bool> {
    payload: Option<Box<dyn Any + Send>>,
    output: PhantomData<fn() -> T>,
}

impl<T, const LOCAL: bool> ResumeUnwind<T, LOCAL> {
    pub(crate) fn new(payload: Box<dyn Any + Send>) -> Self {
        ResumeUnwind {
            payload: Some(payload),
            output: PhantomData,
        }
    }
}

impl<T, const LOCAL: bool> Future for ResumeUnwind<T, LOCAL> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<T> {
        match self.get_mut().payload.take() {
            Some(payload) => panic::resume_unwind(payload),
            None => polled_after_completion(dyn_form_name(LOCAL)),
        }
    }
}
