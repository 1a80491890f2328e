// A `#[fast_async]` trait and its impl with every receiver a method can
// have, called through `dyn` where the receiver allows it.
use fast_async::fast_async;
use fast_async_tests::{block_on, yield_once};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

#[fast_async]
trait Counter {
    async fn by_ref(&self, add: u32) -> u32;
    async fn by_mut(&mut self, add: u32) -> u32;
    async fn by_value(self, add: u32) -> u32
    where
        Self: Sized;
    async fn by_box(self: Box<Self>, add: u32) -> u32;
    async fn by_arc(self: Arc<Self>, add: u32) -> u32;
    async fn by_pin(self: Pin<&mut Self>, add: u32) -> u32;
    async fn typed_ref(self: &Self, add: u32) -> u32;
    async fn no_receiver(add: u32) -> u32
    where
        Self: Sized;
    async fn default_body(&self, add: u32) -> u32 {
        if add == 0 {
            return 0;
        }
        self.by_ref(add).await
    }
}

#[fast_async(?Send)]
trait LocalCounter {
    async fn by_rc(self: Rc<Self>, add: u32) -> u32;
}

#[derive(Clone)]
struct Count(u32);

#[fast_async]
impl Counter for Count {
    async fn by_ref(&self, add: u32) -> u32 {
        if add == 0 {
            return self.0;
        }
        self.0 + yield_once(add).await
    }

    async fn by_mut(&mut self, add: u32) -> u32 {
        if add == 0 {
            return self.0;
        }
        self.0 += yield_once(add).await;
        self.0
    }

    async fn by_value(self, add: u32) -> u32 {
        if add == 0 {
            return self.0;
        }
        self.0 + yield_once(add).await
    }

    async fn by_box(self: Box<Self>, add: u32) -> u32 {
        if add == 0 {
            return self.0;
        }
        self.0 + yield_once(add).await
    }

    async fn by_arc(self: Arc<Self>, add: u32) -> u32 {
        if add == 0 {
            return self.0;
        }
        self.0 + yield_once(add).await
    }

    async fn by_pin(mut self: Pin<&mut Self>, add: u32) -> u32 {
        if add == 0 {
            return self.0;
        }
        self.0 += yield_once(add).await;
        self.0
    }

    async fn typed_ref(self: &Self, add: u32) -> u32 {
        if add == 0 {
            return self.0;
        }
        self.0 + yield_once(add).await
    }

    async fn no_receiver(add: u32) -> u32 {
        if add == 0 {
            return 0;
        }
        yield_once(add).await
    }
}

#[fast_async(?Send)]
impl LocalCounter for Count {
    async fn by_rc(self: Rc<Self>, add: u32) -> u32 {
        if add == 0 {
            return self.0;
        }
        self.0 + yield_once(add).await
    }
}

fn main() {
    let mut count = Count(1);
    let by_dyn: &dyn Counter = &count;
    assert_eq!(by_dyn.by_ref(0).into_ready().ok(), Some(1));
    assert_eq!(block_on(by_dyn.by_ref(2)), 3);
    assert_eq!(block_on(by_dyn.typed_ref(2)), 3);
    // A default body's `Send` future needs `Self: Sync` for `&self`.
    let sync_dyn: &(dyn Counter + Sync) = &count;
    assert_eq!(block_on(sync_dyn.default_body(0)), 0);
    assert_eq!(block_on(sync_dyn.default_body(2)), 3);

    let by_mut: &mut dyn Counter = &mut count;
    assert_eq!(block_on(by_mut.by_mut(2)), 3);
    let mut pinned: Pin<Box<dyn Counter>> = Box::pin(count.clone());
    assert_eq!(block_on(pinned.as_mut().by_pin(1)), 4);
    assert_eq!(block_on(pinned.as_mut().by_pin(1)), 5);

    assert_eq!(block_on(count.clone().by_value(1)), 4);
    let boxed: Box<dyn Counter> = Box::new(count.clone());
    assert_eq!(block_on(boxed.by_box(1)), 4);
    let shared: Arc<dyn Counter> = Arc::new(count.clone());
    assert_eq!(block_on(shared.by_arc(1)), 4);
    assert!(Count::no_receiver(0).is_ready());
    assert_eq!(block_on(Count::no_receiver(7)), 7);

    let local: Rc<dyn LocalCounter> = Rc::new(count);
    assert_eq!(block_on(local.by_rc(1)), 4);
}
