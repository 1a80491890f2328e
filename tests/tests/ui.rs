//! trybuild UI tests: every compile error `#[fast_async]` emits, the known
//! limits of DESIGN.md, and what rustc says when a user mixes the forms.
//! Each case is named after its failure (`ui/not-async.rs` beside the
//! `.stderr` it must print); `ui/pass/` holds cases that must compile and
//! run. Paths are relative to this package, `tests/`.
//!
//! The expansion inputs of the macro crate's snapshots,
//! `../macros/tests/expand/NAME.rs`, must compile too, so that a snapshot
//! never shows code that would not build; their `NAME.expanded.rs`
//! snapshots are left out.
//!
//! Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test -p fast-async-tests --test ui`, then read
//! every changed `.stderr`.

use std::fs;
use std::path::{Path, PathBuf};

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
    t.pass("ui/pass/*.rs");
    for input in expansion_inputs() {
        t.pass(input);
    }
}

/// `../macros/tests/expand/*.rs` without the `*.expanded.rs` snapshots,
/// relative to this package as trybuild reads them.
fn expansion_inputs() -> Vec<PathBuf> {
    let relative = Path::new("../macros/tests/expand");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("macros/tests/expand exists")
        .map(|entry| entry.expect("readable entry").file_name())
        .filter(|name| {
            let name = name.to_string_lossy();
            name.ends_with(".rs") && !name.ends_with(".expanded.rs")
        })
        .map(|name| relative.join(name))
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 8,
        "expected the expansion inputs in {dir:?}"
    );
    inputs
}
