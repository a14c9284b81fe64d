//! Path templates: `/transactions/{id}`, `/{type}_templates/{id}/cache`.
//!
//! A segment is a literal, a whole-segment parameter, or a pattern: one or
//! more parameters between literals (`{type}_templates`,
//! `summary(start={start},end={end})`), two parameters never adjacent.
//! Matching prefers, segment by segment, a literal over a pattern over a
//! whole parameter (and backs off when the rest does not match), so
//! `/transactions/{id}/send_emails` and
//! `/transactions/{id}/{transaction_action}` coexist. Among patterns, the
//! one with more literal bytes is tried first, then by its text.
//!
//! Parameter names are identifiers that may also hold `-` (`{drive-id}`,
//! common in OpenAPI documents); [`rust_name`] is the Rust name generated
//! code uses, and two parameters of one template may not share it.

use std::fmt;

/// One segment of a template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A literal segment.
    Static(String),
    /// `{name}` alone.
    Param(String),
    /// `prefix{name}suffix` with a non-empty literal on at least one side,
    /// or several parameters separated by literals.
    Pattern {
        /// Literal before the first parameter.
        prefix: String,
        /// First parameter name.
        name: String,
        /// Literal after the last parameter.
        suffix: String,
        /// Further parameters: (the literal before it, its name).
        more: Vec<(String, String)>,
    },
}

impl Segment {
    /// Matching priority: lower wins (literal 0, pattern 1, parameter 2).
    #[must_use]
    pub fn rank(&self) -> u8 {
        match self {
            Segment::Static(_) => 0,
            Segment::Pattern { .. } => 1,
            Segment::Param(_) => 2,
        }
    }

    /// Whether `self` matches the concrete segment `s`.
    #[must_use]
    pub fn matches(&self, s: &str) -> bool {
        match self {
            Segment::Static(t) => t == s,
            Segment::Param(_) => !s.is_empty(),
            Segment::Pattern {
                prefix,
                suffix,
                more,
                ..
            } => {
                let middles: Vec<&[u8]> = more.iter().map(|(lit, _)| lit.as_bytes()).collect();
                scopes_core::matching::pattern_matches(
                    s.as_bytes(),
                    prefix.as_bytes(),
                    &middles,
                    suffix.as_bytes(),
                )
            }
        }
    }

    /// The (first) parameter name, if any.
    #[must_use]
    pub fn param(&self) -> Option<&str> {
        match self {
            Segment::Static(_) => None,
            Segment::Param(n) | Segment::Pattern { name: n, .. } => Some(n),
        }
    }

    /// Every parameter name, in order.
    #[must_use]
    pub fn params(&self) -> Vec<&str> {
        match self {
            Segment::Static(_) => Vec::new(),
            Segment::Param(n) => vec![n],
            Segment::Pattern { name, more, .. } => std::iter::once(name.as_str())
                .chain(more.iter().map(|(_, n)| n.as_str()))
                .collect(),
        }
    }

    /// The literal bytes of a pattern (prefix, middles and suffix).
    #[must_use]
    pub fn literal_len(&self) -> usize {
        match self {
            Segment::Static(s) => s.len(),
            Segment::Param(_) => 0,
            Segment::Pattern {
                prefix,
                suffix,
                more,
                ..
            } => prefix.len() + suffix.len() + more.iter().map(|(l, _)| l.len()).sum::<usize>(),
        }
    }
}

/// The order patterns of one position are tried in: more literal bytes
/// first, then by text.
#[must_use]
pub fn pattern_order(a: &Segment, b: &Segment) -> std::cmp::Ordering {
    b.literal_len()
        .cmp(&a.literal_len())
        .then_with(|| pattern_text(a).cmp(&pattern_text(b)))
}

/// A pattern with its parameter names left out (`{}_templates`): what
/// makes two patterns match the same segments.
#[must_use]
pub fn pattern_text(s: &Segment) -> String {
    match s {
        Segment::Static(t) => t.clone(),
        Segment::Param(_) => "{}".to_owned(),
        Segment::Pattern {
            prefix,
            suffix,
            more,
            ..
        } => {
            let mut out = format!("{prefix}{{}}");
            for (lit, _) in more {
                out.push_str(lit);
                out.push_str("{}");
            }
            out.push_str(suffix);
            out
        }
    }
}

/// The Rust name of a parameter: `drive-id` → `drive_id`.
#[must_use]
pub fn rust_name(param: &str) -> String {
    param.replace('-', "_")
}

/// Whether some concrete segment matches both `a` and `b`.
#[must_use]
pub fn segments_overlap(a: &Segment, b: &Segment) -> bool {
    use Segment::{Param, Pattern, Static};
    match (a, b) {
        (Static(x), Static(y)) => x == y,
        (Static(s), p) | (p, Static(s)) => p.matches(s),
        (Param(_), _) | (_, Param(_)) => true,
        (
            Pattern {
                prefix: p1,
                suffix: s1,
                ..
            },
            Pattern {
                prefix: p2,
                suffix: s2,
                ..
            },
        ) => {
            // Exact for one parameter each; with more, a conservative
            // answer (the prefixes and suffixes agree).
            (p1.starts_with(p2.as_str()) || p2.starts_with(p1.as_str()))
                && (s1.ends_with(s2.as_str()) || s2.ends_with(s1.as_str()))
        }
    }
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Template {
    /// The text as written.
    pub text: String,
    /// Its segments (none for `/`).
    pub segments: Vec<Segment>,
}

impl Template {
    /// Whether some concrete path matches both templates.
    #[must_use]
    pub fn overlaps(&self, other: &Template) -> bool {
        self.segments.len() == other.segments.len()
            && self
                .segments
                .iter()
                .zip(&other.segments)
                .all(|(a, b)| segments_overlap(a, b))
    }

    /// The rank vector; among templates matching one path, the smallest wins.
    #[must_use]
    pub fn ranks(&self) -> Vec<u8> {
        self.segments.iter().map(Segment::rank).collect()
    }

    /// Whether the template matches a concrete path given as segments.
    #[must_use]
    pub fn matches(&self, segments: &[&str]) -> bool {
        self.segments.len() == segments.len()
            && self
                .segments
                .iter()
                .zip(segments)
                .all(|(t, s)| t.matches(s))
    }

    /// A concrete path that this template matches (parameters become `1`,
    /// or `x1` style to fit a pattern).
    #[must_use]
    pub fn example_path(&self) -> String {
        if self.segments.is_empty() {
            return "/".to_owned();
        }
        let mut out = String::new();
        for s in &self.segments {
            out.push('/');
            match s {
                Segment::Static(t) => out.push_str(t),
                Segment::Param(_) => out.push('1'),
                Segment::Pattern { prefix, suffix, .. } => {
                    out.push_str(prefix);
                    out.push('x');
                    out.push_str(suffix);
                }
            }
        }
        out
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A template error at byte `offset` of the template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset in the template text.
    pub offset: usize,
    /// Bytes covered.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

fn err(offset: usize, len: usize, message: impl Into<String>) -> TemplateError {
    TemplateError {
        offset,
        len: len.max(1),
        message: message.into(),
        help: None,
    }
}

fn is_literal_byte(b: u8) -> bool {
    // RFC 3986 pchar without pct-encoded: unreserved / sub-delims / ":" / "@".
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b)
}

/// A parameter name: an identifier that may also hold `-` after its first
/// character.
fn is_param_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic() || ch == '_')
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
}

/// Parse a template.
///
/// # Errors
/// The first problem found, located in the text.
pub fn parse(text: &str) -> Result<Template, TemplateError> {
    if !text.starts_with('/') {
        return Err(TemplateError {
            help: Some(format!("write `/{text}`")),
            ..err(0, 1, "a path template must start with `/`")
        });
    }
    let mut segments = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    if text == "/" {
        return Ok(Template {
            text: text.to_owned(),
            segments,
        });
    }
    let mut offset: usize = 1;
    for seg in text[1..].split('/') {
        if seg.is_empty() {
            let e = err(
                offset.saturating_sub(1),
                1,
                "empty segment in path template",
            );
            return Err(TemplateError {
                help: Some("remove the doubled or trailing `/`".into()),
                ..e
            });
        }
        if seg == "." || seg == ".." {
            return Err(TemplateError {
                help: Some(format!(
                    "remove the `{seg}` segment: a request path holding it is not canonical and is refused"
                )),
                ..err(
                    offset,
                    seg.len(),
                    format!("`{seg}` segment in path template never matches"),
                )
            });
        }
        let parsed = parse_segment(seg, offset, &mut names)?;
        segments.push(parsed);
        if segments.len() > scopes_core::MAX_SEGMENTS {
            return Err(TemplateError {
                help: Some(format!(
                    "request paths have at most {} segments; shorten the template",
                    scopes_core::MAX_SEGMENTS
                )),
                ..err(offset, seg.len(), "path template has too many segments")
            });
        }
        offset += seg.len() + 1;
    }
    Ok(Template {
        text: text.to_owned(),
        segments,
    })
}

fn parse_segment<'t>(
    seg: &'t str,
    base: usize,
    names: &mut Vec<&'t str>,
) -> Result<Segment, TemplateError> {
    let bytes = seg.as_bytes();
    // Literals and parameter names in order: lit {name} lit {name} ... lit.
    let mut literals: Vec<String> = vec![String::new()];
    let mut params: Vec<String> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                let close = param_close(seg, i, base)?;
                if !params.is_empty() && literals.last().is_some_and(String::is_empty) {
                    return Err(TemplateError {
                        help: Some(
                            "two parameters must be separated by a literal (`{a}-{b}`) or by `/`"
                                .into(),
                        ),
                        ..err(
                            base + i,
                            close - i + 1,
                            "two adjacent parameters in one segment",
                        )
                    });
                }
                let name = &seg[i + 1..close];
                check_param_name(name, names, base + i, close - i + 1)?;
                names.push(name);
                params.push(name.to_owned());
                literals.push(String::new());
                i = close + 1;
            }
            b'}' => return Err(err(base + i, 1, "unbalanced `}` in path template")),
            b if is_literal_byte(b) => {
                if let Some(l) = literals.last_mut() {
                    l.push(char::from(b));
                }
                i += 1;
            }
            _ => {
                let ch = seg[i..].chars().next().unwrap_or('?');
                return Err(err(
                    base + i,
                    ch.len_utf8(),
                    format!(
                        "character `{}` is not allowed in a path template",
                        ch.escape_default()
                    ),
                ));
            }
        }
    }
    Ok(segment_of(literals, params))
}

/// The index of the `}` closing the `{` at `open`.
fn param_close(seg: &str, open: usize, base: usize) -> Result<usize, TemplateError> {
    match seg[open + 1..].find(['}', '{']).map(|c| c + open + 1) {
        Some(close) if seg.as_bytes()[close] == b'}' => Ok(close),
        _ => Err(err(base + open, 1, "unbalanced `{` in path template")),
    }
}

fn check_param_name(
    name: &str,
    names: &[&str],
    at: usize,
    len: usize,
) -> Result<(), TemplateError> {
    if let Some(rest) = name.strip_prefix('*') {
        return Err(TemplateError {
            help: Some(format!(
                "catch-all parameters are not supported; name each segment, e.g. `{{{rest}}}`"
            )),
            ..err(at, len, "catch-all parameter in path template")
        });
    }
    if !is_param_name(name) {
        return Err(TemplateError {
            help: Some(
                "a parameter name starts with a letter or `_` and holds letters, digits, `_` and `-`"
                    .into(),
            ),
            ..err(at, len, format!("parameter name `{name}` is not an identifier"))
        });
    }
    if let Some(other) = names.iter().find(|n| rust_name(n) == rust_name(name)) {
        let message = if *other == name {
            format!("duplicate parameter name `{name}` in path template")
        } else {
            format!(
                "parameters `{other}` and `{name}` both become `{}` in Rust",
                rust_name(name)
            )
        };
        return Err(TemplateError {
            help: Some("give each parameter of a template its own name".into()),
            ..err(at, len, message)
        });
    }
    Ok(())
}

fn segment_of(mut literals: Vec<String>, params: Vec<String>) -> Segment {
    let mut params = params.into_iter();
    let Some(name) = params.next() else {
        return Segment::Static(literals.pop().unwrap_or_default());
    };
    let suffix = literals.pop().unwrap_or_default();
    let mut literals = literals.into_iter();
    let prefix = literals.next().unwrap_or_default();
    let more: Vec<(String, String)> = literals.zip(params).collect();
    if prefix.is_empty() && suffix.is_empty() && more.is_empty() {
        Segment::Param(name)
    } else {
        Segment::Pattern {
            prefix,
            name,
            suffix,
            more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Segment, parse};

    #[test]
    fn segments_parse() {
        let t = parse("/{type}_templates/{id}/cache").unwrap();
        assert_eq!(
            t.segments,
            vec![
                Segment::Pattern {
                    prefix: String::new(),
                    name: "type".into(),
                    suffix: "_templates".into(),
                    more: Vec::new(),
                },
                Segment::Param("id".into()),
                Segment::Static("cache".into()),
            ]
        );
        assert!(parse("/").unwrap().segments.is_empty());
    }

    #[test]
    fn several_parameters_and_dashed_names() {
        // OData (Microsoft Graph) and OpenAPI shapes, from issue 11 item 18.
        let t = parse("/reports/summary(start={start},end={end})/{drive-id}").unwrap();
        assert_eq!(
            t.segments[1],
            Segment::Pattern {
                prefix: "summary(start=".into(),
                name: "start".into(),
                suffix: ")".into(),
                more: vec![(",end=".into(), "end".into())],
            }
        );
        assert_eq!(t.segments[2], Segment::Param("drive-id".into()));
        assert_eq!(super::rust_name("drive-id"), "drive_id");
        assert!(t.matches(&["reports", "summary(start=1,end=2)", "d"]));
        assert!(!t.matches(&["reports", "summary(start=,end=2)", "d"]));
        let e = parse("/a/{x}{y}").unwrap_err();
        assert_eq!(
            (e.offset, e.message.as_str()),
            (6, "two adjacent parameters in one segment")
        );
        let e = parse("/a/{drive-id}/{drive_id}").unwrap_err();
        assert_eq!(e.offset, 14);
        assert!(
            e.message.contains("both become `drive_id`"),
            "{}",
            e.message
        );
        assert!(parse("/a/{-x}").is_err());
    }

    #[test]
    fn dot_segments_and_depth_are_errors() {
        let e = parse("/a/./b").unwrap_err();
        assert_eq!((e.offset, e.len), (3, 1));
        let e = parse("/a/..").unwrap_err();
        assert_eq!((e.offset, e.len), (3, 2));
        assert!(parse("/a/.well-known/..x").is_ok());
        assert!(parse(&"/a".repeat(32)).is_ok());
        assert!(parse(&"/a".repeat(33)).is_err());
    }

    #[test]
    fn overlap_and_priority() {
        let action = parse("/transactions/{id}/{transaction_action}").unwrap();
        let emails = parse("/transactions/{id}/send_emails").unwrap();
        assert!(action.overlaps(&emails));
        assert!(emails.ranks() < action.ranks());
        let typed = parse("/{type}_templates/{id}/cache").unwrap();
        let cart = parse("/cart_templates/{id}/template_sets").unwrap();
        assert!(!typed.overlaps(&cart));
        assert!(typed.overlaps(&parse("/cart_templates/{id}/cache").unwrap()));
        assert!(!typed.overlaps(&parse("/templates/{id}/cache").unwrap()));
        assert!(typed.overlaps(&parse("/x{a}/{id}/cache").unwrap()));
        assert!(!typed.overlaps(&parse("/{a}_x/{id}/cache").unwrap()));
    }
}
