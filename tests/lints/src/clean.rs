//! The shapes `#[fast_async]` rewrites, free of warnings as plain
//! `async fn`s under `clippy::pedantic`: annotated, they must stay so.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::Mutex;

/// Not `MaybeReady`: a future the macro can only box.
async fn elsewhere(value: u32) -> u32 {
    std::future::ready(value).await
}

/// An error to convert with `?`.
#[derive(Debug)]
pub struct Error(pub String);

impl From<std::num::ParseIntError> for Error {
    fn from(error: std::num::ParseIntError) -> Self {
        Error(error.to_string())
    }
}

/// A guard held for its drop.
#[derive(Debug)]
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {}
}

/// Prefix with `?` and `return`, then a boxed remainder.
///
/// # Errors
/// When `text` is not a number.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn parse_then_wait(text: String, limit: u32) -> Result<u32, Error> {
    let value: u32 = text.trim().parse()?;
    if value > limit {
        return Ok(limit);
    }
    Ok(elsewhere(value).await + limit)
}

/// `?` on an `Option`, a tail `if` with a ready and a boxed branch.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn first_even(values: Vec<u32>) -> Option<u32> {
    let first = *values.first()?;
    if first % 2 == 0 {
        Some(first)
    } else {
        Some(elsewhere(first + 1).await)
    }
}

/// A tail `match` with several boxed arms (one shared box) and a diverging
/// ready arm.
///
/// # Panics
/// On 3.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn dispatch(command: u8, value: u32) -> u32 {
    match command {
        0 => value,
        1 => elsewhere(value).await,
        2 => elsewhere(value * 2).await,
        3 => panic!("command 3 with {value}"),
        _ => unimplemented!(),
    }
}

/// The server shape: a remainder that never ends.
///
/// # Errors
/// When `next` fails.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn serve(stop: bool, mut next: impl FnMut() -> Result<u32, Error>) -> Result<(), Error> {
    if stop {
        return Ok(());
    }
    loop {
        let item = next()?;
        elsewhere(item).await;
    }
}

/// A tail that panics with an awaited value.
///
/// # Panics
/// Always, after an await, unless `value` is 0.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn panics_later(value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    panic!("{}", elsewhere(value).await)
}

/// A ready value that is `todo!()`.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn unfinished(value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    if value == 1 {
        elsewhere(value).await
    } else {
        todo!()
    }
}

/// A unit function ending in `todo!();`.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
#[allow(clippy::unused_async)]
pub async fn unit_unfinished(value: u32) {
    if value == 0 {
        return;
    }
    todo!();
}

/// A body that is only `todo!()`.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
#[allow(clippy::unused_async)]
pub async fn only_todo() -> u32 {
    todo!()
}

/// `_` and `_name` arguments, held until the future completes.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn held(_: Guard, _permit: Guard, value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    elsewhere(value).await
}

/// A local held for its drop across the await.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn held_local(value: u32) -> u32 {
    let _guard = Guard;
    if value == 0 {
        return 0;
    }
    elsewhere(value).await
}

/// `mut` arguments: one mutated at the call, one in the box.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn mutated(mut count: u32, mut log: Vec<u32>) -> usize {
    count += 1;
    if count > 10 {
        return 0;
    }
    log.push(elsewhere(count).await);
    log.len()
}

/// By-value arguments the prefix does not use.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn by_value(name: String, tags: Vec<String>, skip: bool) -> usize {
    if skip {
        return 0;
    }
    elsewhere(1).await;
    name.len() + tags.len()
}

/// An argument named `value`, only borrowed at the call, then held.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn held_value<T: Clone + Display>(value: T, wait: bool) -> String {
    if !wait {
        return format!("{value}");
    }
    let copy = value.clone();
    elsewhere(0).await;
    format!("{copy} after")
}

/// A by-value argument only borrowed, never boxed.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
#[allow(clippy::unused_async)]
pub async fn borrow_only(name: String) -> usize {
    name.len()
}

/// A generic function with a where clause.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn describe<T>(value: T, quick: bool) -> String
where
    T: Display + Send,
{
    if quick {
        return value.to_string();
    }
    elsewhere(0).await;
    format!("<{value}>")
}

/// Rule 8: awaits on `#[fast_async]` functions continue at the call when
/// they are ready.
///
/// # Errors
/// When `text` is not a number.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn chained(text: String) -> Result<u32, Error> {
    let value = parse_then_wait(text, 100).await?;
    let doubled = dispatch(0, value).await;
    Ok(doubled + elsewhere(1).await)
}

/// A cache in front of a slow store.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<HashMap<u32, u32>>,
}

impl Cache {
    /// A hit is ready; a miss awaits the store.
    ///
    /// # Panics
    /// If the lock is poisoned.
    #[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
    pub async fn get(&self, key: u32) -> u32 {
        if let Some(value) = self.entries.lock().unwrap().get(&key) {
            return *value;
        }
        let value = elsewhere(key).await;
        self.entries.lock().unwrap().insert(key, value);
        value
    }

    /// Takes `self` by value.
    #[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
    pub async fn into_len(self, quick: bool) -> usize {
        if quick {
            return 0;
        }
        elsewhere(0).await;
        self.entries.into_inner().map_or(0, |entries| entries.len())
    }

    /// `&mut self`, unit output.
    ///
    /// # Panics
    /// If the lock is poisoned.
    #[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
    pub async fn clear(&mut self, now: bool) {
        if now {
            self.entries.get_mut().unwrap().clear();
            return;
        }
        elsewhere(0).await;
        self.entries.get_mut().unwrap().clear();
    }
}

/// A trait: the dyn form.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Reads a value.
    async fn load(&self, key: u32) -> Option<u32>;

    /// Runs until stopped.
    async fn run(&self, stop: bool) -> u32;

    /// With a default body.
    async fn load_or(&self, key: u32, default: u32) -> u32 {
        match self.load(key).await {
            Some(value) => value,
            None => default,
        }
    }
}

/// A store of one value.
#[derive(Debug)]
pub struct One(pub u32);

#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
impl Store for One {
    async fn load(&self, key: u32) -> Option<u32> {
        if key == 0 {
            return Some(self.0);
        }
        elsewhere(key).await;
        None
    }

    async fn run(&self, stop: bool) -> u32 {
        if stop {
            return self.0;
        }
        loop {
            elsewhere(self.0).await;
        }
    }
}

/// The dyn form on a free function, with diverging ready and boxed values.
///
/// # Panics
/// On 2 and 3.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async(dyn))]
pub async fn dyn_diverging(value: u32) -> u32 {
    match value {
        0 => value,
        1 => elsewhere(value).await,
        2 => todo!(),
        _ => panic!("{}", elsewhere(value).await),
    }
}

/// A value bound from an await and mutated only after the next one (bb8's
/// `connect`): rule 8 leaves the `let mut` at the call, the mutation in the
/// box.
///
/// # Errors
/// Never.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn mutated_after_the_next_await(value: u32) -> Result<Vec<u32>, Error> {
    let mut connection = connect(value).await?;
    push_later(&mut connection).await;
    Ok(connection)
}

/// Ready: a `MaybeReady` future for rule 8 above.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
async fn connect(value: u32) -> Result<Vec<u32>, Error> {
    if value == 0 {
        return Err(Error("zero".to_owned()));
    }
    Ok(vec![elsewhere(value).await])
}

async fn push_later(values: &mut Vec<u32>) {
    values.push(elsewhere(1).await);
}

/// A `let mut` at the call that only the boxed part mutates (ractor's
/// `let Self { mut lifecycle, .. } = self;`).
///
/// # Errors
/// When `first` is zero.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn mutated_only_in_the_box(first: u32) -> Result<Vec<u32>, Error> {
    let mut values = vec![first];
    if first == 0 {
        return Err(Error("zero".to_owned()));
    }
    values.push(elsewhere(first).await);
    Ok(values)
}

/// A dyn-form leaf, ready for 0: a `MaybeReady` future for the layers below.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async(dyn))]
pub async fn dyn_leaf(value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    elsewhere(value).await
}

/// A layer that only delegates (rule 8's tail pass-through).
#[cfg_attr(not(feature = "plain"), fast_async::fast_async(dyn))]
pub async fn delegating(value: u32) -> u32 {
    dyn_leaf(value).await
}

/// A layer that holds a permit across its tail await (the continuation
/// stays).
#[cfg_attr(not(feature = "plain"), fast_async::fast_async(dyn))]
pub async fn holding(_permit: String, value: u32) -> u32 {
    dyn_leaf(value).await
}

/// A tail branch that delegates.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async(dyn))]
pub async fn delegating_branch(value: u32) -> u32 {
    if value > 10 {
        dyn_leaf(value - 10).await
    } else {
        value
    }
}

/// Rule 8 on tail scrutinees: a `match` whose `_` branch awaits (its box
/// holds the value), a `mut` binding mutated only in a box, `if let` and
/// `if` on awaited values, with `?`.
///
/// # Errors
/// When `value` is zero.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn scrutinees(value: u32, text: String) -> Result<usize, Error> {
    match connect(value).await? {
        values if values.is_empty() => Ok(0),
        mut values => {
            values.push(elsewhere(value).await);
            Ok(values.len() + text.len())
        }
    }
}

/// See [`scrutinees`].
///
/// # Errors
/// When `value` is zero.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn scrutinee_wildcard(value: u32) -> Result<u32, Error> {
    if let Some(first) = connect(value).await?.first().copied() {
        return Ok(first);
    }
    match connect(value + 1).await {
        Ok(_) => Ok(0),
        _ => Ok(elsewhere(value).await),
    }
}

/// See [`scrutinees`].
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn scrutinee_conditions(value: u32) -> u32 {
    if let Ok(values) = connect(value).await {
        let first = values.first().copied().unwrap_or_default();
        elsewhere(first).await
    } else if is_even(value).await {
        value
    } else {
        elsewhere(value).await
    }
}

/// Ready for even values: a `MaybeReady` `bool`.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
async fn is_even(value: u32) -> bool {
    if value.is_multiple_of(2) {
        return true;
    }
    elsewhere(value).await;
    false
}

/// A branch that binds nothing of a value without drop glue: split as by
/// rule 4 (the box that would hold the value compiles away).
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn scrutinee_without_drop_glue(value: u32) -> u32 {
    match halve(value).await {
        Some(0) => 0,
        _ => elsewhere(value).await,
    }
}

/// Ready for even values.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
async fn halve(value: u32) -> Option<u32> {
    if value.is_multiple_of(2) {
        return Some(value / 2);
    }
    elsewhere(value).await;
    None
}

/// A split tail (rule 4) whose boxed arms and `if let` hold what their
/// patterns bind: used in the box, read at the call only, `mut` at the
/// call or in the box only.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn tail_arm_bindings(value: Option<String>, other: Option<Vec<u32>>) -> usize {
    if let Some(mut values) = other {
        let first = elsewhere(1).await;
        values.push(first);
        return values.len();
    }
    match value {
        Some(mut name) if name.len() > 9 => {
            name.push('!');
            let more = elsewhere(2).await;
            name.len() + more as usize
        }
        Some(mut name) if name.len() > 5 => {
            let more = elsewhere(2).await;
            name.push('!');
            name.len() + more as usize
        }
        Some(name) if name.len() > 3 => {
            let first = name.len();
            elsewhere(3).await as usize + first
        }
        Some(_name) => elsewhere(4).await as usize,
        None => 0,
    }
}

/// A box made for a tail branch holds a local bound outside the branch
/// (rebound before the block with the branch's tail) and one bound in it.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn branch_outer_local(value: u32) -> usize {
    let name = value.to_string();
    if value > 0 {
        let label = format!("{name}!");
        let more = elsewhere(value).await;
        label.len() + name.len() + more as usize
    } else {
        name.len()
    }
}
