//! The crate's entry points (`load_file`, `load_bytes`, `check_bytes`,
//! `load_str`, `check_str`; issue 14 item 2, mutation testing of `lib.rs`):
//! what each returns for a valid spec, a spec with warnings, a spec with
//! errors, bytes that are not UTF-8 and a file that cannot be read.

use scopes_spec::{Severity, check_bytes, check_str, load_bytes, load_file, load_str};

const VALID: &str = "name: pets
scopes:
  read:pets: {description: Read pets}
routes:
  - {path: /pets, methods: [GET], requires: read:pets}
";

/// Valid, with one warning: `write:pets` is required by no route.
const WARNED: &str = "name: pets
scopes:
  read:pets: {description: Read pets}
  write:pets: {description: Write pets}
routes:
  - {path: /pets, methods: [GET], requires: read:pets}
";

/// Valid YAML, one error: an unknown scope.
const INVALID: &str = "name: pets
scopes:
  read:pets: {description: Read pets}
routes:
  - {path: /pets, methods: [GET], requires: read:pest}
";

#[test]
fn a_valid_spec_loads_from_text_bytes_and_a_file() {
    let from_text = load_str("pets.yaml", VALID).expect("valid");
    assert_eq!(from_text.spec.name, "pets");
    assert_eq!(from_text.spec.scopes.len(), 1);
    assert_eq!(from_text.spec.routes.len(), 1);
    assert!(from_text.report.diagnostics.is_empty());
    let from_bytes = load_bytes("pets.yaml", VALID.as_bytes()).expect("valid");
    assert_eq!(from_bytes.spec.scopes[0].name, "read:pets");
    let dir = std::env::temp_dir().join(format!("scopes-spec-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pets.yaml");
    std::fs::write(&path, VALID).unwrap();
    let from_file = load_file(&path).expect("valid");
    assert_eq!(from_file.spec.routes[0].template.text, "/pets");
    assert_eq!(from_file.report.file.name, path.display().to_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn warnings_load_and_errors_do_not() {
    let warned = load_str("pets.yaml", WARNED).expect("warnings only");
    let severities: Vec<Severity> = warned
        .report
        .diagnostics
        .iter()
        .map(|d| d.severity)
        .collect();
    assert_eq!(severities, [Severity::Warning]);
    let warned = load_bytes("pets.yaml", WARNED.as_bytes()).expect("warnings only");
    assert_eq!(warned.report.warnings().count(), 1);
    for report in [
        load_str("pets.yaml", INVALID).expect_err("unknown scope"),
        load_bytes("pets.yaml", INVALID.as_bytes()).expect_err("unknown scope"),
    ] {
        let errors: Vec<&str> = report.errors().map(|d| d.message.as_str()).collect();
        assert_eq!(errors, ["unknown scope `read:pest`"]);
    }
    // The check functions give the lowered spec next to the errors.
    let (spec, report) = check_str("pets.yaml", INVALID);
    assert_eq!(spec.expect("lowered").scopes[0].name, "read:pets");
    assert!(report.has_errors());
    let (spec, report) = check_bytes("pets.yaml", INVALID.as_bytes());
    assert_eq!(spec.expect("lowered").scopes[0].name, "read:pets");
    assert!(report.has_errors());
    let (spec, report) = check_bytes("pets.yaml", VALID.as_bytes());
    assert_eq!(spec.expect("valid").name, "pets");
    assert!(report.diagnostics.is_empty());
}

#[test]
fn bytes_that_are_not_utf8_are_one_error_at_the_first_bad_byte() {
    // `é` in Latin-1 (0xE9): line 1 is 11 bytes with its newline and
    // `title: caf` 10 more, so 0xE9 is byte 21, line 2 column 11.
    let bytes = b"name: pets\ntitle: caf\xe9 \xff\nscopes: {}\n".to_vec();
    let (spec, report) = check_bytes("t.yaml", bytes.clone());
    assert!(spec.is_none());
    assert_eq!(report.diagnostics.len(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(
        d.message,
        "the spec is not UTF-8: byte 0xE9 here is not valid UTF-8"
    );
    // The shown text has U+FFFD (3 bytes) in place of the byte.
    assert_eq!(d.span, 21..24);
    assert_eq!(&report.file.text[d.span.clone()], "\u{fffd}");
    assert_eq!(report.file.line_col(d.span.start), (2, 11));
    assert_eq!(d.label, "not UTF-8");
    assert_eq!(
        d.help.as_deref(),
        Some("save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)")
    );
    let err = load_bytes("t.yaml", bytes).expect_err("not UTF-8");
    assert_eq!(err.diagnostics, report.diagnostics);
}

#[test]
fn a_file_that_cannot_be_read_is_one_error_naming_it() {
    let path =
        std::env::temp_dir().join(format!("scopes-spec-missing-{}.yaml", std::process::id()));
    let report = load_file(&path).expect_err("no such file");
    let name = path.display().to_string();
    assert_eq!(report.file.name, name);
    assert_eq!(report.file.text, "");
    assert_eq!(report.diagnostics.len(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message
            .starts_with(&format!("cannot read spec `{name}`: ")),
        "{}",
        d.message
    );
    assert_eq!(d.span, 0..0);
}
