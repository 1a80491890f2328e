//! Expansion snapshots: every `tests/expand/NAME.rs` is expanded here,
//! without `cargo expand`, formatted with `rustfmt` and compared with
//! `tests/expand/NAME.expanded.rs`. Run with `UPDATE_SNAPSHOTS=1` to write
//! the expected files after reading the difference.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, ImplItem, Item, Meta, TraitItem};

use crate::expand;

#[test]
fn expansions_match_snapshots() {
    // With the `stats` feature the expansions count calls: a few inputs have
    // `NAME.stats.expanded.rs` snapshots. Without it, `NAME.expanded.rs`
    // shows the plain expansion, with no trace of the feature.
    let (suffix, at_least) = if cfg!(feature = "stats") {
        ("stats.expanded.rs", 2)
    } else {
        ("expanded.rs", 8)
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/expand exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter(|path| !path.to_string_lossy().ends_with(".expanded.rs"))
        .filter(|path| !cfg!(feature = "stats") || path.with_extension(suffix).exists())
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= at_least,
        "expected at least {at_least} snapshot inputs"
    );
    let mut mismatches = Vec::new();
    for input in &inputs {
        let source = fs::read_to_string(input).expect("readable input");
        let mut file = syn::parse_file(&source).expect("input parses");
        ExpandAll.visit_file_mut(&mut file);
        let expanded = rustfmt(&file.into_token_stream().to_string());
        let snapshot = input.with_extension(suffix);
        if update {
            fs::write(&snapshot, &expanded).expect("writable snapshot");
            continue;
        }
        let expected = fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != expanded {
            mismatches.push(format!(
                "{} differs from its snapshot; got:\n{expanded}",
                input.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(rerun with UPDATE_SNAPSHOTS=1 to accept)",
        mismatches.join("\n")
    );
}

/// Expands every item or method carrying `#[fast_async]`, as rustc would.
struct ExpandAll;

impl VisitMut for ExpandAll {
    fn visit_item_mut(&mut self, item: &mut Item) {
        let attrs = match item {
            Item::Fn(item) => &mut item.attrs,
            Item::Impl(item) => &mut item.attrs,
            Item::Trait(item) => &mut item.attrs,
            _ => return visit_mut::visit_item_mut(self, item),
        };
        match take_attribute(attrs) {
            Some(args) => {
                *item = syn::parse2(expand_tokens(args, &*item)).expect("expansion parses")
            }
            None => visit_mut::visit_item_mut(self, item),
        }
    }

    fn visit_impl_item_mut(&mut self, item: &mut ImplItem) {
        if let ImplItem::Fn(method) = item {
            if let Some(args) = take_attribute(&mut method.attrs) {
                *item = syn::parse2(expand_tokens(args, &*method)).expect("expansion parses");
            }
        }
    }

    fn visit_trait_item_mut(&mut self, item: &mut TraitItem) {
        if let TraitItem::Fn(method) = item {
            if let Some(args) = take_attribute(&mut method.attrs) {
                *item = syn::parse2(expand_tokens(args, &*method)).expect("expansion parses");
            }
        }
    }
}

fn take_attribute(attrs: &mut Vec<Attribute>) -> Option<TokenStream> {
    let position = attrs
        .iter()
        .position(|attr| attr.path().is_ident("fast_async"))?;
    match attrs.remove(position).meta {
        Meta::List(list) => Some(list.tokens),
        _ => Some(TokenStream::new()),
    }
}

fn expand_tokens(args: TokenStream, item: &dyn ToTokens) -> TokenStream {
    expand::fast_async(args, item.to_token_stream())
}

fn rustfmt(source: &str) -> String {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rustfmt runs (rustup component add rustfmt)");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(source.as_bytes())
        .expect("rustfmt reads the expansion");
    let output = child.wait_with_output().expect("rustfmt finishes");
    assert!(output.status.success(), "rustfmt failed on:\n{source}");
    String::from_utf8(output.stdout).expect("utf-8")
}
