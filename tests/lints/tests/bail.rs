//! `bail!` / `ensure!` of anyhow and eyre before and after the first
//! `.await` (issue 12): annotated, as free of warnings under
//! `clippy::pedantic` as the plain `async fn`s (`.ci/lints` checks this
//! target in both builds with `-D warnings`).

use anyhow::{bail, ensure};

/// Not `MaybeReady`: a future the macro can only box.
async fn elsewhere(value: u32) -> u32 {
    std::future::ready(value).await
}

/// Every shape of the two macros at the call, then after the await.
///
/// # Errors
/// On 0, 50, numbers of 100 and more, and 7 after the await.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn checked(x: u32, text: &str) -> anyhow::Result<u32> {
    if x == 0 {
        bail!("zero");
    }
    ensure!(x < 100, "too big: {x}");
    ensure!(x != 50);
    ensure!(text.parse::<u32>()? != 3, "three");
    let value = match text.parse::<u32>() {
        Ok(value) => value,
        Err(error) => bail!(error),
    };
    let y = elsewhere(x + value).await;
    ensure!(y != 7, "seven");
    Ok(y)
}

/// eyre's, with `bail!` as a tail branch.
///
/// # Errors
/// On 0 and 1.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
pub async fn with_eyre(x: u32) -> eyre::Result<u32> {
    eyre::ensure!(x != 0, std::io::Error::other("zero"));
    match x {
        1 => eyre::bail!("one"),
        _ => Ok(elsewhere(x).await),
    }
}

/// A `bail!` that ends a body without an await.
///
/// # Errors
/// Always, unless `x` is above 5.
#[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
#[allow(clippy::unused_async)]
pub async fn no_await(x: u32) -> anyhow::Result<u32> {
    if x > 5 {
        return Ok(x);
    }
    bail!("{x} is small");
}

/// Macros of the same names written here (clippy looks into a local
/// macro's expansion more than into another crate's).
pub mod own {
    macro_rules! bail {
        () => {
            return None
        };
    }

    macro_rules! ensure {
        ($cond:expr, $error:expr) => {
            if !$cond {
                return Err($error.into());
            }
        };
    }

    /// `None` out of `bail!`.
    #[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
    pub async fn option(x: u32) -> Option<u32> {
        if x == 0 {
            bail!();
        }
        Some(super::elsewhere(x).await)
    }

    /// `Err(error.into())` out of `ensure!`.
    ///
    /// # Errors
    /// On 0.
    #[cfg_attr(not(feature = "plain"), fast_async::fast_async)]
    pub async fn into(x: u32) -> Result<u32, String> {
        ensure!(x != 0, "zero");
        Ok(super::elsewhere(x).await)
    }
}

#[test]
fn runs() {
    #[cfg(not(feature = "plain"))]
    {
        use fast_async::MaybeReady;
        assert!(checked(0, "1").is_ready());
        assert!(own::option(0).is_ready());
    }
    let _ = (with_eyre(0), no_await(1), own::into(0));
}
