//! What the attribute is on: a function (free, or a method seen alone), a
//! method declaration without a body (inside a trait), an impl block or a
//! trait.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Error, Item, ItemFn, ItemImpl, ItemTrait, TraitItemFn};

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
