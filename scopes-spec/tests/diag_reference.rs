//! Diagnostics and their rendering against what `diag.rs` documents (issue
//! 14 item 2, mutation testing of `src/diag.rs`): findings in file order
//! with errors before warnings at one place, the rustc-style rendering
//! (`error: …`, ` --> file:line:col`, the source line, carets under the
//! span, `help: …`), the summary line with its plurals, errors-only
//! rendering, a byte-order mark that is not a column, and the collecting
//! `Ctxt`. Spans and positions are counted by hand from the texts here.

use scopes_spec::diag::Ctxt;
use scopes_spec::{Diagnostic, Report, Severity, SourceFile};

/// `é` is two bytes: `  é` starts at byte 18 of this text (line 3).
const TEXT: &str = "name: t\nscopes:\n  é: {description: x}\n";

fn report(diagnostics: Vec<Diagnostic>) -> Report {
    Report {
        file: SourceFile::new("t.yaml", TEXT),
        diagnostics,
    }
}

/// The line after the one that shows `source`, and the column (in chars)
/// where `source`'s `needle` starts on the shown line.
fn carets_under<'a>(rendered: &'a str, source: &str, needle: &str) -> (&'a str, usize) {
    let lines: Vec<&str> = rendered.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.ends_with(source))
        .unwrap_or_else(|| panic!("no line ending {source:?} in\n{rendered}"));
    let shown = lines[i];
    let at = shown.find(source).unwrap() + source.find(needle).unwrap();
    (lines[i + 1], shown[..at].chars().count())
}

fn caret_run(line: &str) -> (usize, usize) {
    let start = line
        .find('^')
        .unwrap_or_else(|| panic!("no caret in {line:?}"));
    let len = line[start..].chars().take_while(|&c| c == '^').count();
    (line[..start].chars().count(), len)
}

#[test]
fn the_summary_counts_errors_and_warnings_with_plurals() {
    let e = |at: usize, m: &str| Diagnostic::error(at..at + 1, m).label("l");
    let w = |at: usize, m: &str| Diagnostic::warning(at..at + 1, m).label("l");
    /// Diagnostics, errors, warnings, the summary of `render` and of
    /// `render_errors`.
    type Case = (
        Vec<Diagnostic>,
        usize,
        usize,
        Option<&'static str>,
        Option<&'static str>,
    );
    let cases: [Case; 6] = [
        (
            vec![e(0, "e1")],
            1,
            0,
            Some("error: t.yaml has 1 error\n"),
            None,
        ),
        (
            vec![e(0, "e1"), e(8, "e2")],
            2,
            0,
            Some("error: t.yaml has 2 errors\n"),
            None,
        ),
        (
            vec![e(0, "e1"), w(8, "w1")],
            1,
            1,
            Some("error: t.yaml has 1 error and 1 warning\n"),
            Some("error: t.yaml has 1 error\n"),
        ),
        (
            vec![e(0, "e1"), e(2, "e2"), w(8, "w1"), w(10, "w2")],
            2,
            2,
            Some("error: t.yaml has 2 errors and 2 warnings\n"),
            Some("error: t.yaml has 2 errors\n"),
        ),
        (vec![w(8, "w1")], 0, 1, None, None),
        (vec![], 0, 0, None, None),
    ];
    for (diagnostics, n_err, n_warn, all, errors_only) in cases {
        let r = report(diagnostics);
        assert_eq!(r.errors().count(), n_err);
        assert_eq!(r.warnings().count(), n_warn);
        assert_eq!(r.has_errors(), n_err > 0);
        let rendered = r.render(false);
        let only_errors = r.render_errors(false);
        match all {
            Some(summary) => assert!(rendered.ends_with(summary), "{rendered}"),
            None => assert!(!rendered.contains("has "), "{rendered}"),
        }
        match errors_only.or(all) {
            Some(summary) => assert!(only_errors.ends_with(summary), "{only_errors}"),
            None => assert!(!only_errors.contains("has "), "{only_errors}"),
        }
        for d in &r.diagnostics {
            let title = match d.severity {
                Severity::Error => format!("error: {}", d.message),
                Severity::Warning => format!("warning: {}", d.message),
            };
            assert!(rendered.contains(&title), "{title:?} in\n{rendered}");
            assert_eq!(
                only_errors.contains(&title),
                d.severity == Severity::Error,
                "{title:?} in\n{only_errors}"
            );
        }
    }
}

#[test]
fn a_finding_is_rendered_at_its_place_with_label_note_and_help() {
    // The error is on `é` (bytes 18..20, line 3 column 3); the note on
    // `name` (bytes 0..4, line 1 column 1); the warning on `description`
    // (line 3, column 7: bytes 23..34).
    let d = Diagnostic::error(18..20, "bad scope")
        .label("this one")
        .note(0..4, "see the name")
        .help("rename it");
    let warning = Diagnostic::warning(23..34, "a warning").label("there");
    let r = report(vec![d.clone(), warning.clone()]);
    assert_eq!(r.location(&d), "t.yaml:3:3");
    assert_eq!(r.location(&warning), "t.yaml:3:7");
    let one = r.render_one(&d, false);
    assert!(one.starts_with("error: bad scope\n"), "{one}");
    assert!(one.contains(" --> t.yaml:3:3"), "{one}");
    assert!(one.contains("help: rename it"), "{one}");
    assert!(one.contains("see the name"), "{one}");
    let (under, col) = carets_under(&one, "  é: {description: x}", "é");
    let (start, len) = caret_run(under);
    assert_eq!((start, len), (col, 1), "{one}");
    assert!(under.ends_with("^ this one"), "{one}");
    let w = r.render_one(&warning, false);
    assert!(w.starts_with("warning: a warning\n"), "{w}");
    assert!(!w.contains("help:"), "{w}");
    let (under, col) = carets_under(&w, "  é: {description: x}", "description");
    assert_eq!(caret_run(under), (col, "description".len()), "{w}");
    // The whole report: both findings, each followed by a blank line.
    let all = r.render(false);
    assert!(all.starts_with(&format!("{one}\n{w}\n")), "{all}");
    // Colour: ANSI escapes only when asked for.
    assert!(r.render(true).contains('\u{1b}'));
    assert!(r.render_errors(true).contains('\u{1b}'));
    assert!(!all.contains('\u{1b}'));
    assert!(!r.render_errors(false).contains('\u{1b}'));
}

#[test]
fn a_span_inside_a_character_covers_the_character() {
    // Byte 19 is the second byte of `é`: the caret covers `é`, one column.
    let r = report(vec![Diagnostic::error(19..19, "inside").label("x")]);
    let one = r.render_one(&r.diagnostics[0], false);
    assert!(one.contains(" --> t.yaml:3:3"), "{one}");
    let (under, col) = carets_under(&one, "  é: {description: x}", "é");
    assert_eq!(caret_run(under), (col, 1), "{one}");
}

#[test]
fn a_byte_order_mark_is_not_shown_and_not_a_column() {
    // "\u{feff}" is 3 bytes; `name` is bytes 3..7, `t` byte 9.
    let file = SourceFile::new("t.yaml", "\u{feff}name: t\n");
    let r = Report {
        file,
        diagnostics: vec![
            Diagnostic::error(3..7, "the key").label("k"),
            Diagnostic::error(9..10, "the value").label("v"),
        ],
    };
    assert_eq!(r.location(&r.diagnostics[0]), "t.yaml:1:1");
    assert_eq!(r.location(&r.diagnostics[1]), "t.yaml:1:7");
    for (d, needle, len) in [(&r.diagnostics[0], "name", 4), (&r.diagnostics[1], "t", 1)] {
        let one = r.render_one(d, false);
        assert!(!one.contains('\u{feff}'), "{one}");
        let (under, col) = carets_under(&one, "name: t", needle);
        assert_eq!(caret_run(under), (col, len), "{one}");
    }
}

#[test]
fn later_findings_are_merged_in_file_order() {
    let mut r = report(vec![
        Diagnostic::error(8..14, "scopes").label("a"),
        Diagnostic::error(23..34, "description").label("b"),
    ]);
    r.extend([
        Diagnostic::warning(0..4, "warn at name").label("c"),
        Diagnostic::warning(8..14, "warn at scopes").label("d"),
        Diagnostic::error(18..20, "at é").label("e"),
    ]);
    let order: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        order,
        [
            "warn at name",
            "scopes",
            "warn at scopes",
            "at é",
            "description"
        ]
    );
}

#[test]
fn the_collector_sorts_dedups_and_knows_its_errors() {
    let mut cx = Ctxt::default();
    assert!(!cx.has_errors());
    cx.push(Diagnostic::warning(8..14, "w").label("w"));
    assert!(!cx.has_errors(), "a warning is not an error");
    cx.push(Diagnostic::error(23..34, "late").label("l"));
    assert!(cx.has_errors());
    cx.push(Diagnostic::error(8..14, "same place").label("s"));
    cx.push(Diagnostic::error(23..34, "late").label("l"));
    let found = cx.finish();
    let messages: Vec<(&str, Severity)> = found
        .iter()
        .map(|d| (d.message.as_str(), d.severity))
        .collect();
    assert_eq!(
        messages,
        [
            ("same place", Severity::Error),
            ("w", Severity::Warning),
            ("late", Severity::Error),
        ]
    );
}

#[test]
fn builders_set_what_they_name() {
    let d = Diagnostic::warning(1..2, "m");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!((d.span.clone(), d.message.as_str()), (1..2, "m"));
    assert_eq!((d.label.as_str(), d.help.as_deref()), ("", None));
    assert!(d.notes.is_empty());
    let d = d
        .label("l")
        .help("first")
        .maybe_help(None)
        .note(3..4, "n1")
        .note(0..1, "n2");
    assert_eq!(
        d.help.as_deref(),
        Some("first"),
        "no help keeps the one set"
    );
    assert_eq!(d.label, "l");
    assert_eq!(
        d.notes,
        vec![(3..4, "n1".to_owned()), (0..1, "n2".to_owned())]
    );
    let d = d.maybe_help(Some("second".to_owned()));
    assert_eq!(d.help.as_deref(), Some("second"));
    let e = Diagnostic::error(0..0, "e");
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.maybe_help(None).help, None);
}
