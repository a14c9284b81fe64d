//! Path templates: `/transactions/{id}`, `/{type}_templates/{id}/cache`.
//!
//! A segment is a literal, a whole-segment parameter, or one parameter with a
//! literal prefix and/or suffix. Matching prefers, segment by segment, a
//! literal over a prefix/suffix pattern over a whole parameter (and backs
//! off when the rest does not match), so `/transactions/{id}/send_emails`
//! and `/transactions/{id}/{transaction_action}` coexist.

use std::fmt;

/// One segment of a template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A literal segment.
    Static(String),
    /// `{name}` alone.
    Param(String),
    /// `prefix{name}suffix` with a non-empty literal on at least one side.
    Pattern {
        /// Literal before the parameter.
        prefix: String,
        /// Parameter name.
        name: String,
        /// Literal after the parameter.
        suffix: String,
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
            Segment::Pattern { prefix, suffix, .. } => {
                s.len() > prefix.len() + suffix.len()
                    && s.starts_with(prefix)
                    && s.ends_with(suffix)
            }
        }
    }

    /// The parameter name, if any.
    #[must_use]
    pub fn param(&self) -> Option<&str> {
        match self {
            Segment::Static(_) => None,
            Segment::Param(n) | Segment::Pattern { name: n, .. } => Some(n),
        }
    }
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

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic() || ch == '_')
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
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
        let parsed = parse_segment(seg, offset, &mut names)?;
        segments.push(parsed);
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
    let mut param: Option<(usize, usize)> = None; // byte range of `{name}` in seg
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                let Some(close) = seg[i + 1..].find(['}', '{']).map(|c| c + i + 1) else {
                    return Err(err(base + i, 1, "unbalanced `{` in path template"));
                };
                if bytes[close] == b'{' {
                    return Err(err(base + i, 1, "unbalanced `{` in path template"));
                }
                if let Some((_, end)) = param {
                    let msg = if end == i {
                        "two adjacent parameters in one segment"
                    } else {
                        "more than one parameter in one segment"
                    };
                    return Err(TemplateError {
                        help: Some(
                            "a parameter must be separated from the next by `/`; split the segment"
                                .into(),
                        ),
                        ..err(base + i, close - i + 1, msg)
                    });
                }
                let name = &seg[i + 1..close];
                if let Some(rest) = name.strip_prefix('*') {
                    return Err(TemplateError {
                        help: Some(format!(
                            "catch-all parameters are not supported; name each segment, e.g. `{{{rest}}}`"
                        )),
                        ..err(
                            base + i,
                            close - i + 1,
                            "catch-all parameter in path template",
                        )
                    });
                }
                if !is_ident(name) {
                    return Err(err(
                        base + i,
                        close - i + 1,
                        format!("parameter name `{name}` is not an identifier"),
                    ));
                }
                if names.contains(&name) {
                    return Err(err(
                        base + i,
                        close - i + 1,
                        format!("duplicate parameter name `{name}` in path template"),
                    ));
                }
                names.push(name);
                param = Some((i, close + 1));
                i = close + 1;
            }
            b'}' => return Err(err(base + i, 1, "unbalanced `}` in path template")),
            b if is_literal_byte(b) => i += 1,
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
    Ok(match param {
        None => Segment::Static(seg.to_owned()),
        Some((0, end)) if end == seg.len() => Segment::Param(seg[1..end - 1].to_owned()),
        Some((start, end)) => Segment::Pattern {
            prefix: seg[..start].to_owned(),
            name: seg[start + 1..end - 1].to_owned(),
            suffix: seg[end..].to_owned(),
        },
    })
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
                    suffix: "_templates".into()
                },
                Segment::Param("id".into()),
                Segment::Static("cache".into()),
            ]
        );
        assert!(parse("/").unwrap().segments.is_empty());
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
