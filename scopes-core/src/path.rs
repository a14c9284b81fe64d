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
#[non_exhaustive]
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

/// A canonical path, scanned once: where each segment starts and ends.
#[derive(Debug, Clone, Copy)]
pub struct Scan<'p> {
    path: &'p str,
    /// `bounds[i]` is the index of the `/` before segment `i`;
    /// `bounds[len]` is the end of the path (before any query).
    bounds: [u16; BOUNDS],
    len: usize,
}

/// Room for `MAX_SEGMENTS + 1` bounds, a power of two so the scan can
/// mask its index instead of checking it.
const BOUNDS: usize = 64;

impl<'p> Scan<'p> {
    /// Number of segments (`/` has none).
    #[inline]
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the path is `/`.
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Segment `i`, as bytes.
    #[inline]
    #[must_use]
    pub fn segment_bytes(&self, i: usize) -> &'p [u8] {
        let start = self.bounds[i] as usize + 1;
        let end = self.bounds[i + 1] as usize;
        self.path.as_bytes().get(start..end).unwrap_or_default()
    }

    /// Segment `i`.
    #[inline]
    #[must_use]
    pub fn segment(&self, i: usize) -> &'p str {
        let start = self.bounds[i] as usize + 1;
        let end = self.bounds[i + 1] as usize;
        self.path.get(start..end).unwrap_or_default()
    }
}

/// The path without its query string.
#[inline]
#[must_use]
pub fn strip_query(path: &str) -> &str {
    match path.as_bytes().iter().position(|&b| b == b'?') {
        Some(q) => &path[..q],
        None => path,
    }
}

/// 1 for bytes that need a closer look (controls, space, DEL, the
/// characters RFC 3986 does not allow in a path, `%`, `?`), else 0.
const SPECIAL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x21 {
        t[b] = 1;
        b += 1;
    }
    t[0x7f] = 1;
    let odd = b"#\"<>\\^`{|}%?";
    let mut i = 0;
    while i < odd.len() {
        t[odd[i] as usize] = 1;
        i += 1;
    }
    t
};

/// Whether a byte needs a closer look.
#[inline]
fn special(c: u8) -> bool {
    SPECIAL[c as usize] != 0
}

/// 1 for `/` and for every byte [`special`] is true of: the bytes that end
/// the inner loop of [`scan`].
const STOP: [u8; 256] = {
    let mut t = SPECIAL;
    t[b'/' as usize] = 1;
    t
};

/// Scan `path` once: stop at `?`, check it is canonical, and record its
/// segments. The inner loop is one table lookup per byte, leaving only at a
/// `/` or at a byte that needs the slow path (`%`, `?`, a rejected byte).
///
/// # Errors
/// See [`PathError`].
#[inline]
pub fn scan(path: &str) -> Result<Scan<'_>, PathError> {
    let b = path.as_bytes();
    if b.first() != Some(&b'/') {
        return Err(PathError::NotAbsolute);
    }
    let n = b.len();
    if n > usize::from(u16::MAX) {
        return Err(PathError::TooLong);
    }
    let mut s = Scan {
        path,
        bounds: [0; BOUNDS],
        len: 0,
    };
    if n == 1 {
        return Ok(s); // `/`
    }
    let mut i = 1;
    loop {
        let start = i;
        while i < n && STOP[b[i] as usize] == 0 {
            i += 1;
        }
        if i < n && b[i] != b'/' {
            return scan_slow(path);
        }
        match &b[start..i] {
            [] => return Err(PathError::EmptySegment),
            [b'.'] | [b'.', b'.'] => return Err(PathError::DotSegment),
            _ => {}
        }
        if s.len == MAX_SEGMENTS {
            return Err(PathError::TooLong);
        }
        s.len += 1;
        s.bounds[s.len] = i as u16;
        if i == n {
            return Ok(s);
        }
        i += 1;
    }
}

/// Validate the recorded segments.
#[inline]
fn finish(mut s: Scan<'_>, end: usize, slashes: usize) -> Result<Scan<'_>, PathError> {
    if end == 1 {
        return Ok(s); // `/`
    }
    if slashes + 1 > MAX_SEGMENTS {
        return Err(PathError::TooLong);
    }
    s.len = slashes + 1;
    s.bounds[s.len] = end as u16;
    let b = s.path.as_bytes();
    for k in 0..s.len {
        match &b[s.bounds[k] as usize + 1..s.bounds[k + 1] as usize] {
            [] => return Err(PathError::EmptySegment),
            [b'.'] | [b'.', b'.'] => return Err(PathError::DotSegment),
            _ => {}
        }
    }
    Ok(s)
}

/// Paths with a query string, escapes, or characters to reject.
fn scan_slow(path: &str) -> Result<Scan<'_>, PathError> {
    let path = strip_query(path);
    let b = path.as_bytes();
    let mut s = Scan {
        path,
        bounds: [0; BOUNDS],
        len: 0,
    };
    let mut slashes = 0usize;
    let mut escaped = false;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match c {
            0 => return Err(PathError::Nul),
            b'%' => escaped = true,
            b'/' => {
                if slashes + 1 >= MAX_SEGMENTS {
                    return Err(PathError::TooLong);
                }
                slashes += 1;
                s.bounds[slashes] = i as u16;
            }
            c if special(c) => return Err(PathError::BadCharacter),
            _ => {}
        }
    }
    let s = finish(s, b.len(), slashes)?;
    if escaped {
        for k in 0..s.len {
            check_segment(s.segment(k))?;
        }
    }
    Ok(s)
}

/// Check that `path` (query already stripped) is canonical.
///
/// # Errors
/// See [`PathError`].
#[inline]
pub fn check_canonical(path: &str) -> Result<(), PathError> {
    scan(path).map(|_| ())
}

/// Split a canonical path into its segments (`/` has none); a query string
/// is ignored.
///
/// # Errors
/// See [`PathError`].
pub fn split_canonical(path: &str) -> Result<Vec<&str>, PathError> {
    let s = scan(path)?;
    Ok((0..s.len()).map(|i| s.segment(i)).collect())
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
            ("/carts/.", PathError::DotSegment),
            ("/carts/..", PathError::DotSegment),
            ("/./carts", PathError::DotSegment),
            ("//carts", PathError::EmptySegment),
            ("/carts/a#b", PathError::BadCharacter),
            ("/carts/a\tb", PathError::BadCharacter),
        ];
        for (input, want) in cases {
            assert_eq!(split_canonical(input).err(), Some(want), "{input:?}");
        }
        let long = "/a".repeat(33);
        assert_eq!(split_canonical(&long).err(), Some(PathError::TooLong));
    }
}
