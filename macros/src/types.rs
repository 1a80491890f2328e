//! What a type says by its tokens alone (the macro sees no types): a
//! reference, a primitive, `()`.
//!
//! Analyse stage. Imports nothing from the crate.

use syn::Type;

/// `&T`, `Pin<&mut Self>`, `Option<&str>`: a type holding a reference,
/// which the function reaches the caller's data through; taken to have
/// nothing of its own to drop.
pub(crate) fn holds_reference(ty: &Type) -> bool {
    fn has_ampersand(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Punct(punct) => punct.as_char() == '&',
            proc_macro2::TokenTree::Group(group) => has_ampersand(group.stream()),
            _ => false,
        })
    }
    has_ampersand(quote::ToTokens::to_token_stream(ty))
}

/// `&str`, `Cow<'a, str>`, `Name<'_>`: a type that names a lifetime. (One
/// hidden in a path, `Name` for `Name<'a>`, cannot be seen.)
pub(crate) fn names_lifetime(ty: &Type) -> bool {
    fn has_lifetime(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Punct(punct) => matches!(punct.as_char(), '&' | '\''),
            proc_macro2::TokenTree::Group(group) => has_lifetime(group.stream()),
            _ => false,
        })
    }
    has_lifetime(quote::ToTokens::to_token_stream(ty))
}

/// A type with nothing to drop, by its name: `u32`, `bool`, `char`, ...
pub(crate) fn is_primitive(ty: &Type) -> bool {
    const PRIMITIVES: &[&str] = &[
        "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16",
        "u32", "u64", "u128", "usize",
    ];
    matches!(ty, Type::Path(path) if path.qself.is_none()
        && path.path.get_ident().is_some_and(|ident| PRIMITIVES.iter().any(|name| ident == name)))
}

pub(crate) fn is_reference(ty: &Type, mutable: bool) -> bool {
    matches!(ty, Type::Reference(reference) if reference.mutability.is_some() == mutable)
}

/// `()`, also as a macro's `$ty` (an invisible group).
pub(crate) fn is_unit(ty: &Type) -> bool {
    match ty {
        Type::Group(group) => is_unit(&group.elem),
        Type::Paren(paren) => is_unit(&paren.elem),
        Type::Tuple(tuple) => tuple.elems.is_empty(),
        _ => false,
    }
}

/// `Unit` (`type Unit = ();`) or a macro's `$ty` may be `()`; `u32`,
/// `Option<T>`, `&str` are not.
pub(crate) fn may_be_unit(ty: &Type) -> bool {
    match ty {
        Type::Group(group) => may_be_unit(&group.elem),
        Type::Paren(paren) => may_be_unit(&paren.elem),
        Type::Path(path) => {
            path.qself.is_some()
                || (path
                    .path
                    .segments
                    .iter()
                    .all(|segment| segment.arguments.is_none())
                    && !is_primitive(ty)
                    && !path.path.is_ident("String"))
        }
        Type::Macro(_) | Type::Verbatim(_) => true,
        _ => false,
    }
}

/// `Result<T, E>`, `anyhow::Result<T>`, `io::Result<()>`, `AppResult<T>`,
/// `Option<T>`: by its name, a `Result` or an `Option` (what `bail!` and
/// `ensure!` return early with; see `scan::exit_macro`). A type of such a
/// name that is neither is a compile error on that path, never a silent
/// change (`fast_async::__private::Exit`).
pub(crate) fn is_result_or_option(ty: &Type) -> bool {
    match ty {
        Type::Group(group) => is_result_or_option(&group.elem),
        Type::Paren(paren) => is_result_or_option(&paren.elem),
        Type::Path(path) if path.qself.is_none() => path.path.segments.last().is_some_and(|last| {
            let name = last.ident.to_string();
            name == "Option" || name.ends_with("Result")
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_result_or_option;

    #[test]
    fn result_and_option_by_name() {
        let named = |ty: syn::Type| is_result_or_option(&ty);
        assert!(named(syn::parse_quote!(Result<u32, E>)));
        assert!(named(syn::parse_quote!(anyhow::Result<u32>)));
        assert!(named(syn::parse_quote!(std::io::Result<()>)));
        assert!(named(syn::parse_quote!(AppResult<u32>)));
        assert!(named(syn::parse_quote!(Option<&'a str>)));
        assert!(!named(syn::parse_quote!(u32)));
        assert!(!named(syn::parse_quote!(Poll<Result<u32, E>>)));
        assert!(!named(syn::parse_quote!(<T as Trait>::Result)));
        assert!(!named(syn::parse_quote!(
            impl Future<Output = Result<u32, E>>
        )));
    }
}
