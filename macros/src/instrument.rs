//! `#[tracing::instrument]` written below `#[fast_async]`.
//!
//! Our attribute runs first and turns the `async fn` into a plain `fn`, so
//! `instrument` then sees a synchronous function: it makes the span, records
//! the fields and enters the span for the duration of the call — which is
//! the synchronous part, ready paths included. A boxed future runs later,
//! outside that call, so it carries the span itself:
//!
//! Input:
//! ```text
//! #[fast_async]
//! #[instrument(skip(db))]
//! async fn get(db: &Db, key: u32) -> u32 {
//!     if let Some(v) = hit(key) { return v; }
//!     db.load(key).await
//! }
//! ```
//! Output:
//! ```text
//! #[instrument(skip(db))]
//! fn get<'life0>(db: &'life0 Db, key: u32) -> impl MaybeReady<Output = u32> + .. {
//!     if let Some(v) = hit(key) { return ready(v); }
//!     boxed(::tracing::Instrument::instrument(
//!         async move { db.load(key).await },
//!         /* the span `instrument` entered around this call */,
//!     ))
//! }
//! ```
//! The span is `Span::current()` when that is this function's span (same
//! callsite: file, line of the `#[instrument]`, name). When the span is
//! disabled (a level or a filter), `Span::current()` is the caller's span:
//! then the future carries `Span::none()`, so its events land in whatever
//! span polls it — as the `async fn`'s do when its span is disabled.
//!
//! `err` and `ret` are refused: on a plain `fn`, `instrument` records the
//! returned value, which is now the future, not the function's result.
//!
//! Emit stage. Imports nothing from the crate.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::{Attribute, Error, FnArg, Meta, Pat, Signature};

/// An `instrument` attribute found on the function.
pub(crate) struct Instrument {
    /// Its index among the function's attributes.
    index: usize,
    /// The span of its `#`: `line!()` / `file!()` there give the line and
    /// file tracing records for the span's callsite.
    site: Span,
    /// The span's name, unless the attribute sets one.
    name: Option<String>,
}

/// Finds `#[instrument]`, `#[tracing::instrument]` (any path ending in
/// `instrument`) among `attrs`. An `err` or `ret` argument is reported and
/// removed (so that the expanded function compiles beside the error).
pub(crate) fn find(
    attrs: &mut [Attribute],
    sig: &Signature,
    errors: &mut Vec<Error>,
) -> Option<Instrument> {
    let index = attrs.iter().position(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|last| last.ident == "instrument")
    })?;
    let attr = &mut attrs[index];
    let site = attr.pound_token.span;
    let mut name = Some(sig.ident.to_string());
    if let Meta::List(list) = &mut attr.meta {
        let mut kept = Vec::new();
        for item in split_commas(list.tokens.clone()) {
            match item.first() {
                Some(TokenTree::Ident(ident)) if ident == "err" || ident == "ret" => {
                    errors.push(refuse(ident));
                    continue;
                }
                Some(TokenTree::Ident(ident)) if ident == "name" => name = None,
                Some(TokenTree::Literal(_)) => name = None,
                _ => {}
            }
            kept.push(item);
        }
        list.tokens = join_commas(kept);
    }
    Some(Instrument { index, site, name })
}

fn refuse(ident: &Ident) -> Error {
    let what = if ident == "err" {
        "error"
    } else {
        "return value"
    };
    Error::new(
        ident.span(),
        format!(
            "`#[instrument({ident})]` below #[fast_async] would record the returned future, not \
             the function's {what}: write `#[instrument({ident})]` above #[fast_async] (the span \
             then covers the whole call, but every call is boxed), or record the {what} in the body"
        ),
    )
}

impl Instrument {
    /// Input: the `#[instrument]` found on the function.
    /// Output: the expression for the span a boxed future runs in: the
    /// current span if it is the one this attribute entered, else
    /// `Span::none()` (see the module docs).
    pub(crate) fn span(&self) -> TokenStream {
        let site = self.site;
        let span = Ident::new("span", Span::mixed_site().located_at(site));
        let meta = Ident::new("meta", Span::mixed_site().located_at(site));
        let some = quote_spanned!(site=> ::core::option::Option::Some);
        let name = self
            .name
            .as_ref()
            .map(|name| quote_spanned!(site=> && #meta.name() == #name));
        // `line!()` and `file!()` keep the attribute's own span, so they
        // resolve exactly as the ones in tracing's `span!` call do.
        quote_spanned! {site=>
            {
                let #span = ::tracing::Span::current();
                match #span.metadata() {
                    #some(#meta)
                        if #meta.line() == #some(::core::line!())
                            && #meta.file() == #some(::core::file!())
                            #name => #span,
                    _ => ::tracing::Span::none(),
                }
            }
        }
    }

    /// Input:  `#[instrument(skip(x))]` over `async fn f(x: u8, _: Guard)`
    /// (`before`), expanded to `fn f(x: u8, __arg1: Guard)` (`after`).
    /// Output: `#[instrument(skip(x, __arg1))]`.
    ///
    /// Tracing records every argument the emitted signature binds. Where the
    /// macro renamed one (`_` becomes `__arg0`, kept alive with the future),
    /// the name is added to `skip(..)`: the `async fn` recorded no such field.
    /// An argument pattern the macro had to take whole (`(a, ref b): T`)
    /// would lose the fields `a`, `b`: an error on the pattern.
    pub(crate) fn match_fields(
        &self,
        attrs: &mut [Attribute],
        before: &Signature,
        after: &Signature,
        errors: &mut Vec<Error>,
    ) {
        let old = recorded(before);
        let new = recorded(after);
        for input in &before.inputs {
            if let FnArg::Typed(arg) = input {
                let mut names = Vec::new();
                param_names(&arg.pat, &mut names);
                if names.iter().any(|name| !new.contains(name)) {
                    errors.push(Error::new_spanned(
                        &arg.pat,
                        "#[instrument] would record these bindings, but #[fast_async] takes this \
                         argument whole (a `ref` pattern borrows the argument, which the boxed \
                         future owns): bind it to a name and destructure it in the body",
                    ));
                }
            }
        }
        let added: Vec<Ident> = new
            .into_iter()
            .filter(|name| !old.contains(name))
            .map(|name| Ident::new(&name, self.site))
            .collect();
        if added.is_empty() {
            return;
        }
        let attr = &mut attrs[self.index];
        let tokens = match &attr.meta {
            Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        let mut items = split_commas(tokens);
        let skip_all = items.iter().any(
            |item| matches!(item.first(), Some(TokenTree::Ident(ident)) if ident == "skip_all"),
        );
        if skip_all {
            return;
        }
        let skip = items.iter_mut().find_map(|item| match item.as_mut_slice() {
            [TokenTree::Ident(ident), TokenTree::Group(group)]
                if ident == "skip" && group.delimiter() == Delimiter::Parenthesis =>
            {
                Some(group)
            }
            _ => None,
        });
        match skip {
            Some(group) => {
                let mut names = split_commas(group.stream());
                names.extend(
                    added
                        .iter()
                        .map(|name| vec![TokenTree::Ident(name.clone())]),
                );
                let mut new_group = Group::new(Delimiter::Parenthesis, join_commas(names));
                new_group.set_span(group.span());
                *group = new_group;
            }
            None => {
                let site = self.site;
                items.push(
                    quote_spanned!(site=> skip(#(#added),*))
                        .into_iter()
                        .collect(),
                );
            }
        }
        let path = attr.path().clone();
        let tokens = join_commas(items);
        attr.meta = syn::parse_quote!(#path(#tokens));
    }
}

/// The names tracing records for a signature's arguments.
fn recorded(sig: &Signature) -> Vec<String> {
    let mut names = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Typed(arg) => param_names(&arg.pat, &mut names),
            FnArg::Receiver(_) => names.push("self".to_owned()),
        }
    }
    names
}

/// As tracing-attributes' `param_names`: identifiers, through references,
/// structs, tuples and tuple structs.
fn param_names(pat: &Pat, names: &mut Vec<String>) {
    match pat {
        Pat::Ident(pat) => names.push(pat.ident.to_string()),
        Pat::Reference(pat) => param_names(&pat.pat, names),
        Pat::Struct(pat) => {
            for field in &pat.fields {
                param_names(&field.pat, names);
            }
        }
        Pat::Tuple(pat) => {
            for elem in &pat.elems {
                param_names(elem, names);
            }
        }
        Pat::TupleStruct(pat) => {
            for elem in &pat.elems {
                param_names(elem, names);
            }
        }
        _ => {}
    }
}

/// The top-level, comma-separated items of an argument list.
fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    let mut item = Vec::new();
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => {
                items.push(std::mem::take(&mut item));
            }
            _ => item.push(token),
        }
    }
    if !item.is_empty() {
        items.push(item);
    }
    items
}

fn join_commas(items: Vec<Vec<TokenTree>>) -> TokenStream {
    let items = items
        .into_iter()
        .map(|item| item.into_iter().collect::<TokenStream>());
    quote!(#(#items),*)
}
