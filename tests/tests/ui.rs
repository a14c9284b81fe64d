//! Compile-fail cases: each mistake gives one error, on the right token,
//! with its `.stderr` checked in. Regenerate with `TRYBUILD=overwrite`.
//! Pass cases (`ui/pass`) compile under `#![deny(warnings)]`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
    t.pass("ui/pass/*.rs");
}
