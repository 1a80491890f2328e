//! Functions that warn on purpose, as plain `async fn`s: annotated, they
//! must give the same warnings, at the same places (`.ci/lints`).

async fn elsewhere(value: u32) -> u32 {
    std::future::ready(value).await
}

/// An argument no path uses: `unused variable`.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn unused_argument(unused: String, value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    elsewhere(value).await
}

/// An unused `mut` argument: `unused variable`, `unused_mut`.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn unused_mut_argument(mut log: Vec<u32>, value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    elsewhere(value).await
}

/// A `mut` argument never mutated, used in the box.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn needless_mut(mut log: Vec<u32>, value: u32) -> usize {
    if value == 0 {
        return 0;
    }
    elsewhere(value).await;
    log.len()
}

/// An argument used on one path only: no warning.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn used_on_one_path(name: String, quick: bool) -> usize {
    if quick {
        name.len()
    } else {
        elsewhere(0).await as usize
    }
}

/// `_name` arguments and locals used: `used_underscore_binding`.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn underscore_used(_name: String, value: u32) -> usize {
    let _count = value;
    if _count == 0 {
        return 0;
    }
    elsewhere(value).await;
    _name.len()
}

/// Unreachable code of the user's, in the box.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
#[allow(clippy::needless_return)]
pub async fn unreachable_in_box(value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    let value = elsewhere(value).await;
    return value;
    value + 1
}

/// Unreachable code of the user's, at the call.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn unreachable_at_call(value: u32) -> u32 {
    if value == 0 {
        return 0;
        #[allow(unreachable_code)]
        let _ = 1;
    }
    if value == 1 {
        todo!();
        #[allow(clippy::no_effect_underscore_binding)]
        let _after = 2;
    }
    elsewhere(value).await
}

/// A diverging tail with unreachable code inside it.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn unreachable_in_panic(value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    panic!("{}", {
        elsewhere(value).await;
        return 1;
    })
}

/// Clippy's pedantic lints on the user's expressions, in each part.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn pedantic(values: Vec<u64>, quick: bool) -> u32 {
    if quick {
        return values.len() as u32;
    }
    elsewhere(0).await;
    values.iter().sum::<u64>() as u32
}

/// A trait impl whose method ignores an argument.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
#[allow(async_fn_in_trait)]
pub trait Named {
    /// The name for `id`.
    async fn name(&self, id: u32, prefix: String) -> String;
}

/// Ignores `id`.
#[derive(Debug)]
pub struct Fixed;

#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
impl Named for Fixed {
    async fn name(&self, id: u32, prefix: String) -> String {
        if prefix.is_empty() {
            return String::new();
        }
        elsewhere(0).await;
        prefix
    }
}

/// A `let mut` at the call that the boxed part uses but never mutates.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn needless_mut_local(value: u32) -> usize {
    let mut name = value.to_string();
    if value == 0 {
        return 0;
    }
    elsewhere(value).await;
    name.len()
}

/// A dyn-form leaf, ready for 0.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async(dyn))]
pub async fn dyn_leaf(value: u32) -> u32 {
    if value == 0 {
        return 0;
    }
    elsewhere(value).await
}

/// A delegating layer with an argument it never uses: `unused variable`
/// (the continuation stays to hold it).
#[cfg_attr(not(feature = "plain"), fast_async::fast_async(dyn))]
pub async fn delegating_with_unused(unused: String, value: u32) -> u32 {
    dyn_leaf(value).await
}

/// Ready for non-zero values.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
async fn lookup(value: u32) -> Option<String> {
    if value != 0 {
        return Some(value.to_string());
    }
    elsewhere(value).await;
    None
}

/// A scrutinee point (rule 8): a needless `mut` in a branch that awaits,
/// an unused binding in a ready one.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn scrutinee_point(value: u32) -> usize {
    match lookup(value).await {
        Some(mut name) if value > 9 => {
            elsewhere(value).await;
            name.len()
        }
        Some(unused) => 1,
        None => 0,
    }
}

/// A split tail (rule 4): a needless `mut` and an unused binding in arms
/// that await, both held by their boxes.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn tail_arms(value: Option<String>, other: Option<String>) -> usize {
    if let Some(unused) = other {
        elsewhere(1).await;
        return 1;
    }
    match value {
        Some(mut name) if name.len() > 9 => {
            elsewhere(2).await;
            name.len()
        }
        Some(unused) => {
            elsewhere(3).await;
            0
        }
        None => 0,
    }
}
