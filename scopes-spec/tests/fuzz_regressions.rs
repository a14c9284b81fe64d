//! Every input the spec_check fuzz target ever crashed on
//! (`fuzz/regressions/spec_check/`), through the same calls as the target's
//! first steps: `check_str` and rendering must answer, never panic, and
//! every diagnostic's span must lie on character boundaries inside the text.

use std::path::Path;

#[test]
fn every_spec_check_regression_is_answered_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions/spec_check");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the regressions directory") {
        let path = entry.expect("an entry").path();
        let bytes = std::fs::read(&path).expect("a regression input");
        let Ok(text) = String::from_utf8(bytes) else {
            continue; // the target feeds text only
        };
        let (_, report) = scopes_spec::check_str("t.yaml", text.as_str());
        for d in &report.diagnostics {
            assert!(
                text.is_char_boundary(d.span.start)
                    && text.is_char_boundary(d.span.end)
                    && d.span.end <= text.len(),
                "{}: `{}` at {:?}",
                path.display(),
                d.message,
                d.span
            );
        }
        assert!(!report.render(false).is_empty(), "{}", path.display());
        seen += 1;
    }
    assert!(
        seen >= 2,
        "expected the regression inputs in {}",
        dir.display()
    );
}
