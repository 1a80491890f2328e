// Rule 8 on a tail's scrutinee: the awaited future is probed; ready, the
// tail goes on at the call and its branches are split by rule 4 (a
// branch that awaits and binds nothing of the value takes the whole value
// into its box and matches again); pending, one box runs the whole `match`.
use fast_async::{fast_async, FastFuture};

#[fast_async]
trait Store: Send + Sync {
    async fn get(&self, key: u64) -> Option<u64>;

    async fn load(&self, key: u64) -> u64;

    async fn name(&self, key: u64) -> String;

    // `None` leaves nothing to drop: its branch is split as by rule 4, with
    // its own rule-8 point.
    async fn get_or_load(&self, key: u64) -> u64 {
        match self.get(key).await {
            Some(value) => value,
            None => self.load(key).await,
        }
    }

    // `if let`: the user's own `if let`, on the value.
    async fn cached(&self, key: u64) -> u64 {
        if let Some(value) = self.get(key).await {
            value
        } else {
            self.load(key).await
        }
    }

    // `_` binds nothing of the value, which the `async fn` keeps until the
    // `match` ends: if the value has drop glue, its box takes the value and
    // matches again; if not (a constant), the branch is split by rule 4.
    async fn describe(&self, key: u64) -> String {
        match self.get(key).await {
            Some(0) => "zero".to_owned(),
            _ => self.name(key).await,
        }
    }
}

#[fast_async]
async fn allowed(user: u64) -> Result<bool, String> {
    Ok(user % 2 == 0)
}

#[fast_async]
async fn greet(user: u64) -> Result<String, String> {
    if allowed(user).await? {
        Ok(format!("hello {user}"))
    } else {
        Err(fetch_reason(user).await)
    }
}

async fn fetch_reason(user: u64) -> String {
    format!("{user} is not allowed")
}

fn main() {
    let _: Option<FastFuture<'_, u64>> = None;
}
