//! Path templates against a reference written here (issue 14 item 2,
//! mutation testing of `src/template.rs`): every segment shape built from a
//! small set of literals is rendered to text, parsed, and compared with
//! what the README's template rules say it is; matching and overlap are
//! checked against brute force over every short concrete segment.

use scopes_spec::template::{self, Segment, Template, parse, pattern_order, segments_overlap};

/// A segment as the reference sees it: literals around its parameters
/// (`lits.len() == names.len() + 1`).
#[derive(Clone, Debug)]
struct Shape {
    lits: Vec<&'static str>,
    names: Vec<&'static str>,
}

impl Shape {
    fn text(&self) -> String {
        let mut out = self.lits[0].to_owned();
        for (name, lit) in self.names.iter().zip(&self.lits[1..]) {
            out.push('{');
            out.push_str(name);
            out.push('}');
            out.push_str(lit);
        }
        out
    }

    /// The parsed segment the README's rules give: a literal, a whole
    /// parameter, or a pattern (literals around parameters).
    fn expected(&self) -> Segment {
        match self.names.as_slice() {
            [] => Segment::Static(self.lits[0].to_owned()),
            [n] if self.lits[0].is_empty() && self.lits[1].is_empty() => {
                Segment::Param((*n).to_owned())
            }
            [first, rest @ ..] => Segment::Pattern {
                prefix: self.lits[0].to_owned(),
                name: (*first).to_owned(),
                suffix: self.lits[self.lits.len() - 1].to_owned(),
                more: self.lits[1..self.lits.len() - 1]
                    .iter()
                    .zip(rest)
                    .map(|(l, n)| ((*l).to_owned(), (*n).to_owned()))
                    .collect(),
            },
        }
    }

    /// Literal bytes of the segment.
    fn literal_len(&self) -> usize {
        self.lits.iter().map(|l| l.len()).sum()
    }

    /// The text with parameter names left out.
    fn pattern_text(&self) -> String {
        self.lits.join("{}")
    }

    /// Literal 0, pattern 1, parameter 2 (README: a literal segment wins
    /// over a pattern, which wins over a parameter).
    fn rank(&self) -> u8 {
        match self.expected() {
            Segment::Static(_) => 0,
            Segment::Pattern { .. } => 1,
            Segment::Param(_) => 2,
        }
    }

    /// Brute force: the literals in order, each parameter at least one byte.
    fn matches(&self, s: &str) -> bool {
        fn go(lits: &[&str], s: &str) -> bool {
            let Some(rest) = s.strip_prefix(lits[0]) else {
                return false;
            };
            if lits.len() == 1 {
                return rest.is_empty();
            }
            (1..=rest.len()).any(|take| go(&lits[1..], &rest[take..]))
        }
        if self.names.is_empty() {
            return s == self.lits[0];
        }
        go(&self.lits, s)
    }
}

const LITS: [&str; 4] = ["", "a", "b_", "ab"];

/// Every shape with up to two parameters over [`LITS`] (two parameters are
/// separated by a non-empty literal, a literal segment is non-empty).
fn shapes() -> Vec<Shape> {
    let mut out = Vec::new();
    for l in &LITS[1..] {
        out.push(Shape {
            lits: vec![l],
            names: vec![],
        });
    }
    for p in LITS {
        for s in LITS {
            out.push(Shape {
                lits: vec![p, s],
                names: vec!["x"],
            });
            for m in &LITS[1..] {
                out.push(Shape {
                    lits: vec![p, m, s],
                    names: vec!["x", "y-z"],
                });
            }
        }
    }
    out
}

/// Every string over `a`, `b`, `_` of at most `max` bytes.
fn strings(max: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..max {
        last = last
            .iter()
            .flat_map(|s| ["a", "b", "_"].map(|c| format!("{s}{c}")))
            .collect();
        out.extend(last.iter().cloned());
    }
    out
}

fn one(shape: &Shape) -> Segment {
    let text = format!("/{}", shape.text());
    let t = parse(&text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    assert_eq!(t.text, text);
    assert_eq!(t.to_string(), text);
    assert_eq!(t.segments.len(), 1, "{text}");
    t.segments[0].clone()
}

#[test]
fn each_segment_shape_parses_to_what_the_rules_say() {
    for shape in shapes() {
        let seg = one(&shape);
        let text = shape.text();
        assert_eq!(seg, shape.expected(), "{text}");
        assert_eq!(seg.literal_len(), shape.literal_len(), "{text}");
        assert_eq!(template::pattern_text(&seg), shape.pattern_text(), "{text}");
        assert_eq!(seg.rank(), shape.rank(), "{text}");
        assert_eq!(seg.params(), shape.names, "{text}");
        assert_eq!(seg.param(), shape.names.first().copied(), "{text}");
    }
}

#[test]
fn segment_matching_is_the_brute_force_one() {
    let candidates = strings(5);
    for shape in shapes() {
        let seg = one(&shape);
        for s in &candidates {
            assert_eq!(
                seg.matches(s),
                shape.matches(s),
                "{} on {s:?}",
                shape.text()
            );
        }
    }
}

/// Overlap is exact for literals, parameters and one-parameter patterns
/// (some concrete segment matches both), and never misses an overlap with
/// more parameters (it may only over-report there).
#[test]
fn segment_overlap_is_the_brute_force_one() {
    let candidates = strings(6);
    let all = shapes();
    let hits: Vec<Vec<bool>> = all
        .iter()
        .map(|a| candidates.iter().map(|s| a.matches(s)).collect())
        .collect();
    for (a, ha) in all.iter().zip(&hits) {
        for (b, hb) in all.iter().zip(&hits) {
            let (sa, sb) = (one(a), one(b));
            let both = ha.iter().zip(hb).any(|(x, y)| *x && *y);
            let got = segments_overlap(&sa, &sb);
            if a.names.len() <= 1 && b.names.len() <= 1 {
                assert_eq!(got, both, "{} and {}", a.text(), b.text());
            } else if both {
                assert!(got, "{} and {}", a.text(), b.text());
            }
        }
    }
}

/// Patterns are tried with more literal bytes first, then by text.
#[test]
fn pattern_order_is_literal_bytes_then_text() {
    let patterns: Vec<Shape> = shapes()
        .into_iter()
        .filter(|s| matches!(s.expected(), Segment::Pattern { .. }))
        .collect();
    for a in &patterns {
        for b in &patterns {
            let want = b
                .literal_len()
                .cmp(&a.literal_len())
                .then_with(|| a.pattern_text().cmp(&b.pattern_text()));
            assert_eq!(
                pattern_order(&one(a), &one(b)),
                want,
                "{} vs {}",
                a.text(),
                b.text()
            );
        }
    }
}

/// Whole templates: the same number of segments, each matching; the
/// example path is matched by its template; the rank vector is the
/// segments' ranks.
#[test]
fn templates_match_overlap_and_rank_by_segment() {
    let t = parse("/carts/{id}/a{x}_b").unwrap();
    assert!(t.matches(&["carts", "7", "az_b"]));
    assert!(!t.matches(&["carts", "7"]));
    assert!(!t.matches(&["carts", "7", "az_b", "more"]));
    assert!(!t.matches(&["cart", "7", "az_b"]));
    assert!(!t.matches(&["carts", "7", "a_b"]));
    assert_eq!(t.ranks(), vec![0, 2, 1]);
    let example = t.example_path();
    let segments: Vec<&str> = example[1..].split('/').collect();
    assert!(t.matches(&segments), "{example}");
    assert_eq!(parse("/").unwrap().example_path(), "/");
    let short = parse("/carts/{id}").unwrap();
    assert!(!t.overlaps(&short) && !short.overlaps(&t));
    let other = parse("/{kind}/1/{y}_b").unwrap();
    assert!(t.overlaps(&other));
    let apart = parse("/{kind}/1/{y}_c").unwrap();
    assert!(!t.overlaps(&apart));
    assert_eq!(template::rust_name("drive-id-x"), "drive_id_x");
    let _: &Template = &t;
}

/// Literal bytes are RFC 3986 `pchar` without percent-encoding:
/// unreserved, sub-delims, `:` and `@`.
#[test]
fn literal_bytes_are_rfc3986_pchar() {
    let pchar = |b: u8| {
        b.is_ascii_alphanumeric()
            || b"-._~".contains(&b)
            || b"!$&'()*+,;=".contains(&b)
            || b":@".contains(&b)
    };
    for b in 0x20u8..0x7f {
        if b"/{}".contains(&b) {
            continue;
        }
        let text = format!("/x{}y", char::from(b));
        assert_eq!(parse(&text).is_ok(), pchar(b), "{text:?}");
    }
}

/// A parameter name starts with a letter or `_` and holds letters,
/// digits, `_` and `-` (README: `{drive-id}`).
#[test]
fn parameter_names_are_identifiers_with_dashes() {
    let valid = |n: &str| {
        let mut c = n.chars();
        c.next()
            .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
            && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '-')
    };
    for name in [
        "a", "_", "A9", "a-b", "a_b", "_-", "x--y", "", "1a", "-a", "a.b", "a:b", "a~", "Z",
    ] {
        let text = format!("/p/{{{name}}}");
        assert_eq!(parse(&text).is_ok(), valid(name), "{text}");
    }
}

/// Every template error that has a fix says it (the project's rule: the
/// error on the exact token, with the fix), and the fix fits the error.
#[test]
fn template_errors_carry_their_fix() {
    let deep = "/a".repeat(scopes_core::MAX_SEGMENTS + 1);
    let max = scopes_core::MAX_SEGMENTS.to_string();
    for (text, fix) in [
        ("x/y", "write `/x/y`"),
        ("/a//b", "`/`"),
        ("/a/./b", "remove the `.` segment"),
        ("/a/..", "remove the `..` segment"),
        (deep.as_str(), max.as_str()),
        ("/a/{x}{y}", "separated by a literal"),
        ("/a/{*rest}", "`{rest}`"),
        ("/a/{9x}", "starts with a letter or `_`"),
        ("/a/{x}/{x}", "its own name"),
        ("/a/{x-y}/{x_y}", "its own name"),
    ] {
        let e = parse(text).expect_err(text);
        let help = e
            .help
            .unwrap_or_else(|| panic!("{text}: no help for {:?}", e.message));
        assert!(help.contains(fix), "{text}: {help:?} lacks {fix:?}");
    }
}

/// Every template error covers exactly the offending token, found here by
/// hand (the last occurrence of `token` in the text), wherever it sits.
#[test]
fn template_errors_cover_the_offending_token() {
    for (text, token) in [
        ("/a/{x}{y}z/b", "{y}"),
        ("/a/{*rest}/b", "{*rest}"),
        ("/a/{9x}/b", "{9x}"),
        ("/a/{x}/{x}/b", "{x}"),
        // A parameter inside a segment, after a literal.
        ("/a/p{9x}q/b", "{9x}"),
        ("/a/p{*r}q/b", "{*r}"),
        ("/a/{x}/p{x}q", "{x}"),
        ("/a/p{x}{y}q", "{y}"),
        ("/ab/c\u{e9}d/e", "\u{e9}"),
        ("/ab/c d/e", " "),
        ("/ab/c}d/e", "}"),
        ("/ab/c{d/e", "{"),
        ("/ab/../e", ".."),
        ("/ab/./e", "."),
    ] {
        let e = parse(text).expect_err(text);
        let at = text.rfind(token).unwrap();
        assert_eq!(
            (e.offset, e.len),
            (at, token.len()),
            "{text}: {}",
            e.message
        );
    }
}

/// A `{` whose next brace is another `{` is unbalanced, reported at the
/// first one (not read as a parameter closed by the second).
#[test]
fn an_open_brace_closed_by_another_open_brace_is_unbalanced() {
    let e = parse("/ab/{x{y}/f").expect_err("unbalanced");
    assert_eq!((e.offset, e.len), (4, 1));
    assert!(e.message.contains("unbalanced `{`"), "{}", e.message);
}
