// Rule 5 policy: a method the macro does not know is taken for a borrow, so
// `token` is held by the boxed future until it completes. `redeem` takes
// `self`, and rustc says so at that call (E0382). The fix: call it by path,
// `Token::redeem(token)`, which the macro reads as a move.
use fast_async::fast_async;

pub struct Token(String);

impl Token {
    pub fn redeem(self) -> usize {
        self.0.len()
    }
}

async fn slow(n: usize) -> usize {
    n
}

#[fast_async]
async fn spend(token: Token, wait: bool) -> usize {
    let n = token.redeem();
    if !wait {
        return n;
    }
    slow(1).await
}

#[fast_async]
async fn spend_by_path(token: Token, wait: bool) -> usize {
    let n = Token::redeem(token);
    if !wait {
        return n;
    }
    slow(1).await
}

fn main() {
    let _ = spend(Token(String::new()), true);
    let _ = spend_by_path(Token(String::new()), true);
}
