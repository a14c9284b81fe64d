//! Splitting a request path into canonical segments.
//!
//! Deny by default: a path that two servers could read differently matches
//! no template at all. Rejected: a path not starting with `/`, an empty
//! segment (`//`, a trailing `/`), `.` and `..` (also percent-encoded), a
//! percent-encoded `/`, NUL (raw or encoded), a malformed escape, an escape
//! of an unreserved character (RFC 3986 §6.2.2.2 says to decode those, so
//! two spellings would name one resource), an escape sequence that is not
//! UTF-8, and more than [`MAX_SEGMENTS`] segments. A query string is ignored.

/// The most segments a path may have.
pub const MAX_SEGMENTS: usize = 32;

/// Why a path is not canonical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathError {
    /// The path does not start with `/`.
    NotAbsolute,
    /// `//` or a trailing `/`.
    EmptySegment,
    /// A `.` or `..` segment.
    DotSegment,
    /// `%2F`: an encoded slash.
    EncodedSlash,
    /// A raw or encoded NUL.
    Nul,
    /// `%` not followed by two hex digits, an escaped unreserved character,
    /// or escapes that are not UTF-8.
    BadEscape,
    /// A raw character that may not appear in a path (space, control).
    BadCharacter,
    /// More than [`MAX_SEGMENTS`] segments.
    TooLong,
}

impl core::fmt::Display for PathError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            PathError::NotAbsolute => "path does not start with `/`",
            PathError::EmptySegment => "path has an empty segment",
            PathError::DotSegment => "path has a `.` or `..` segment",
            PathError::EncodedSlash => "path has a percent-encoded `/`",
            PathError::Nul => "path has a NUL byte",
            PathError::BadEscape => "path has a malformed or non-canonical percent escape",
            PathError::BadCharacter => "path has a character not allowed in a URI path",
            PathError::TooLong => "path has too many segments",
        })
    }
}

impl std::error::Error for PathError {}

/// The segments of a canonical path, on the stack.
#[derive(Debug, Clone, Copy)]
pub struct Segments<'p> {
    items: [&'p str; MAX_SEGMENTS],
    len: usize,
}

impl<'p> Segments<'p> {
    /// The segments, in order.
    #[inline]
    #[must_use]
    pub fn as_slice(&self) -> &[&'p str] {
        &self.items[..self.len]
    }
}

/// Split `path` into canonical segments. `/` has none.
///
/// # Errors
/// See [`PathError`].
pub fn split_canonical(path: &str) -> Result<Segments<'_>, PathError> {
    let path = match path.find('?') {
        Some(q) => &path[..q],
        None => path,
    };
    let rest = path.strip_prefix('/').ok_or(PathError::NotAbsolute)?;
    let mut out = Segments {
        items: [""; MAX_SEGMENTS],
        len: 0,
    };
    if rest.is_empty() {
        return Ok(out);
    }
    for seg in rest.split('/') {
        check_segment(seg)?;
        if out.len == MAX_SEGMENTS {
            return Err(PathError::TooLong);
        }
        out.items[out.len] = seg;
        out.len += 1;
    }
    Ok(out)
}

fn check_segment(seg: &str) -> Result<(), PathError> {
    if seg.is_empty() {
        return Err(PathError::EmptySegment);
    }
    if seg == "." || seg == ".." {
        return Err(PathError::DotSegment);
    }
    let bytes = seg.as_bytes();
    let mut escaped = false;
    for &b in bytes {
        match b {
            0 => return Err(PathError::Nul),
            b'%' => escaped = true,
            b'#' | b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' => {
                return Err(PathError::BadCharacter);
            }
            0x01..=0x20 | 0x7f => return Err(PathError::BadCharacter),
            _ => {}
        }
    }
    if escaped {
        check_escapes(bytes)?;
    }
    Ok(())
}

/// Decode the escapes of a segment on the stack and check what they hold.
fn check_escapes(bytes: &[u8]) -> Result<(), PathError> {
    let mut decoded = [0u8; 256];
    if bytes.len() > decoded.len() {
        // Long escaped segments are checked through a heap copy; rare.
        return check_decoded(&mut vec![0u8; bytes.len()], bytes);
    }
    check_decoded(&mut decoded[..bytes.len()], bytes)
}

fn check_decoded(buf: &mut [u8], bytes: &[u8]) -> Result<(), PathError> {
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|&c| hex(c)),
                bytes.get(i + 2).and_then(|&c| hex(c)),
            ) else {
                return Err(PathError::BadEscape);
            };
            let v = hi << 4 | lo;
            match v {
                b'/' => return Err(PathError::EncodedSlash),
                0 => return Err(PathError::Nul),
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    return Err(PathError::BadEscape);
                }
                _ => {}
            }
            buf[n] = v;
            i += 3;
        } else {
            buf[n] = b;
            i += 1;
        }
        n += 1;
    }
    if core::str::from_utf8(&buf[..n]).is_err() {
        return Err(PathError::BadEscape);
    }
    Ok(())
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{PathError, split_canonical};

    #[test]
    fn canonical_paths_split() {
        assert_eq!(split_canonical("/").unwrap().as_slice(), &[] as &[&str]);
        assert_eq!(
            split_canonical("/transactions/12/send_emails?x=1")
                .unwrap()
                .as_slice(),
            &["transactions", "12", "send_emails"]
        );
        assert_eq!(
            split_canonical("/a/caf%C3%A9").unwrap().as_slice(),
            &["a", "caf%C3%A9"]
        );
    }

    #[test]
    fn non_canonical_paths_are_rejected() {
        // (input, reason) from RFC 3986 §3.3 and §6.2.2: each one has a
        // second spelling or is not a path at all.
        let cases = [
            ("", PathError::NotAbsolute),
            ("carts/1", PathError::NotAbsolute),
            ("/carts//1", PathError::EmptySegment),
            ("/carts/1/", PathError::EmptySegment),
            ("/carts/./1", PathError::DotSegment),
            ("/carts/../1", PathError::DotSegment),
            ("/carts/%2e%2e/1", PathError::BadEscape),
            ("/carts/a%2Fb", PathError::EncodedSlash),
            ("/carts/a%2fb", PathError::EncodedSlash),
            ("/carts/a%00", PathError::Nul),
            ("/carts/a\0", PathError::Nul),
            ("/carts/%zz", PathError::BadEscape),
            ("/carts/%4", PathError::BadEscape),
            ("/c%61rts/1", PathError::BadEscape),
            ("/carts/%FF", PathError::BadEscape),
            ("/carts/a b", PathError::BadCharacter),
        ];
        for (input, want) in cases {
            assert_eq!(split_canonical(input).err(), Some(want), "{input:?}");
        }
        let long = "/a".repeat(33);
        assert_eq!(split_canonical(&long).err(), Some(PathError::TooLong));
    }
}
