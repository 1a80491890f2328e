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

/// `macros/tests/expand/*.rs` without the `*.expanded.rs` snapshots.
fn expansion_inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../macros/tests/expand");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("macros/tests/expand exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter(|path| !path.to_string_lossy().ends_with(".expanded.rs"))
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 8,
        "expected the expansion inputs in {dir:?}"
    );
    inputs
}
