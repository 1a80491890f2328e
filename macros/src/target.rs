//! What the attribute is on: a function (free, or a method seen alone), a
//! method declaration without a body (inside a trait), an impl block or a
//! trait.
//!
//! Parse stage. Imports nothing from the crate.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Error, Item, ItemFn, ItemImpl, ItemTrait, Signature, TraitItemFn};

pub(crate) enum Target {
    Fn(ItemFn),
    Declaration(TraitItemFn),
    Impl(ItemImpl),
    Trait(ItemTrait),
}

pub(crate) fn parse(input: TokenStream) -> syn::Result<Target> {
    match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Fn(item)) => Ok(Target::Fn(item)),
        Ok(Item::Impl(item)) => Ok(Target::Impl(item)),
        Ok(Item::Trait(item)) => Ok(Target::Trait(item)),
        Ok(Item::Verbatim(_)) | Err(_) => match syn::parse2::<TraitItemFn>(input.clone()) {
            Ok(item) => Ok(Target::Declaration(item)),
            Err(_) => Err(not_supported(input)),
        },
        Ok(other) => Err(not_supported(other)),
    }
}

fn not_supported(item: impl ToTokens) -> Error {
    Error::new_spanned(
        item,
        "#[fast_async] goes on an `async fn`, an `impl` block or a `trait`",
    )
}

/// What cannot be an `async fn` the macro rewrites. `const`, an ABI and
/// variadics are reported and removed, so the function is still expanded;
/// `false` when it is not an `async fn` at all (left as it is).
pub(crate) fn validate(sig: &mut Signature, errors: &mut Vec<Error>) -> bool {
    let found = errors.len();
    if let Some(constness) = sig.constness.take() {
        errors.push(Error::new_spanned(
            constness,
            "#[fast_async] cannot rewrite a `const fn`: remove `const` (and write `async fn`)",
        ));
    }
    if let Some(abi) = sig.abi.take() {
        errors.push(Error::new_spanned(
            abi,
            "#[fast_async] cannot rewrite an `extern` fn: remove the ABI, or call a Rust `async fn` from it",
        ));
    }
    if let Some(variadic) = sig.variadic.take() {
        errors.push(Error::new_spanned(
            variadic,
            "#[fast_async] cannot rewrite a variadic fn: variadics are for foreign functions",
        ));
    }
    if sig.asyncness.is_none() {
        if errors.len() == found {
            errors.push(Error::new_spanned(
                sig.fn_token,
                "#[fast_async] rewrites an `async fn`: add `async`, or remove the attribute",
            ));
        }
        return false;
    }
    true
}
