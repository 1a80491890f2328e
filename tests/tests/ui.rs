//! trybuild UI tests: every compile error `#[fast_async]` emits, the known
//! limits of DESIGN.md, and what rustc says when a user mixes the forms.
//! Each case is named after its failure (`ui/not-async.rs` beside the
//! `.stderr` it must print); `ui/pass/` holds cases that must compile and
//! run. Paths are relative to this package, `tests/`.
//!
//! Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test -p fast-async-tests --test ui`, then read
//! every changed `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
    t.pass("ui/pass/*.rs");
}
