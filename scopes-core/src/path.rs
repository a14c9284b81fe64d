//! Splitting a request path into canonical segments.
//!
//! Deny by default: a path that two servers could read differently matches
//! no template at all. Rejected: a path not starting with `/`, an empty
//! segment (`//`, a trailing `/`), `.` and `..` (also percent-encoded), a
//! percent-encoded `/`, NUL (raw or encoded), a malformed escape, an escape
//! of an unreserved character (RFC 3986 §6.2.2.2 says to decode those, so
//! two spellings would name one resource), an escape sequence that is not
//! UTF-8, a raw byte outside ASCII, a raw `;` (path parameters such as
//! `;jsessionid=abc`, which some servers strip and others keep), an encoded
//! control character or whitespace (`%09`, `%0a`, `%20`, `%C2%A0`: a back
//! end that trims would read another path), an encoded `#`, `?` or `;`
//! (`%23`, `%3F`, `%3B`: a back end that decodes before splitting would cut
//! the path there), and more than [`MAX_SEGMENTS`] segments. A query string
//! is ignored.
//!
//! [`PathRules`] relaxes the last three rules for a service that must accept
//! such paths; the default denies them.

/// The most segments a path may have.
pub const MAX_SEGMENTS: usize = 32;

/// The longest path accepted, in bytes.
pub const MAX_LEN: usize = u16::MAX as usize;

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
    /// A raw character that may not appear in a path (space, control,
    /// non-ASCII).
    BadCharacter,
    /// A raw `;`: a path parameter (`;jsessionid=abc`).
    PathParameter,
    /// An encoded control character or whitespace (`%09`, `%0A`, `%20`).
    EncodedControl,
    /// An encoded `#`, `?` or `;` (`%23`, `%3F`, `%3B`).
    EncodedDelimiter,
    /// More than [`MAX_SEGMENTS`] segments, or longer than [`MAX_LEN`].
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
            PathError::PathParameter => "path has a `;` path parameter",
            PathError::EncodedControl => {
                "path has a percent-encoded control character or whitespace"
            }
            PathError::EncodedDelimiter => "path has a percent-encoded `#`, `?` or `;`",
            PathError::TooLong => "path has too many segments or bytes",
        })
    }
}

impl std::error::Error for PathError {}

/// Which near-miss spellings a service accepts. The default denies all of
/// them; each field set to `true` relaxes one rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathRules {
    /// Accept a raw `;` inside a segment.
    pub allow_semicolon: bool,
    /// Accept encoded control characters and whitespace.
    pub allow_encoded_controls: bool,
    /// Accept `%23`, `%3F` and `%3B`.
    pub allow_encoded_delimiters: bool,
}

impl PathRules {
    /// Deny every near miss (the default).
    pub const STRICT: PathRules = PathRules {
        allow_semicolon: false,
        allow_encoded_controls: false,
        allow_encoded_delimiters: false,
    };
}

/// A canonical path, scanned once: where each segment starts and ends.
#[derive(Debug, Clone, Copy)]
pub struct Scan<'p> {
    path: &'p str,
    /// `bounds[i]` is the index of the `/` before segment `i`;
    /// `bounds[len]` is the end of the path (before any query).
    bounds: [u16; MAX_SEGMENTS + 1],
    len: usize,
}

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
        self.segment(i).as_bytes()
    }

    /// Segment `i`.
    #[inline]
    #[must_use]
    pub fn segment(&self, i: usize) -> &'p str {
        if i >= self.len {
            return "";
        }
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

/// 1 for the bytes a plain segment never holds: `/`, controls, space, DEL,
/// non-ASCII, the characters RFC 3986 does not allow in a path, and `%`,
/// `?`, `;` (which need a closer look).
const STOP: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if b <= 0x20 || b >= 0x7f {
            t[b] = 1;
        }
        b += 1;
    }
    let odd = b"/#\"<>[\\]^`{|}%?;";
    let mut i = 0;
    while i < odd.len() {
        t[odd[i] as usize] = 1;
        i += 1;
    }
    t
};

/// Whether `b` may appear in a segment that needs no closer look.
#[inline(always)]
#[must_use]
pub const fn is_plain(b: u8) -> bool {
    STOP[b as usize] == 0
}

/// The end of the segment of `path` that starts at `start` (just after its
/// `/`).
///
/// With `checked == false` the segment must be plain: non-empty, not `.`
/// or `..`, every byte [`is_plain`]; anything else gives `None`, and the
/// caller checks the whole path the slow way. With `checked == true` the
/// path was already found canonical and this only finds the next `/`.
#[inline(always)]
#[must_use]
pub fn segment_end(path: &[u8], start: usize, checked: bool) -> Option<usize> {
    let mut i = start;
    if checked {
        while i < path.len() && path[i] != b'/' {
            i += 1;
        }
        return Some(i);
    }
    while i < path.len() && is_plain(path[i]) {
        i += 1;
    }
    let ok = i > start
        && (i == path.len() || path[i] == b'/')
        && !(path[start] == b'.'
            && (i == start + 1 || (i == start + 2 && path[start + 1] == b'.')));
    ok.then_some(i)
}

/// [`STOP`] without `/`: the bytes a plain path never holds.
const STOP_IN_PATH: [u8; 256] = {
    let mut t = STOP;
    t[b'/' as usize] = 0;
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The lowest byte of `w` that is a `/` (its index from 0), if any.
#[inline(always)]
fn first_slash(w: u64) -> Option<usize> {
    let x = w ^ (ONES * u64::from(b'/'));
    // A zero byte of `x` is a `/`; the lowest flagged byte is exact.
    let zero = x.wrapping_sub(ONES) & !x & HIGHS;
    (zero != 0).then(|| (zero.trailing_zeros() / 8) as usize)
}

#[inline(always)]
fn load8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The index of the first `/` of `path` at or after `start`, or
/// `path.len()`: eight bytes at a time, the last fewer than eight by the
/// path's last eight bytes shifted past those already read.
#[inline]
#[must_use]
pub fn next_slash(path: &[u8], start: usize) -> usize {
    let len = path.len();
    let mut i = start;
    while i + 8 <= len {
        if let Some(k) = first_slash(load8(path, i)) {
            return i + k;
        }
        i += 8;
    }
    if i < len && len >= 8 {
        // 1 to 7 bytes left: drop the `i + 8 - len` already read; the
        // zero bytes shifted in are no `/`.
        let w = load8(path, len - 8) >> (8 * (i + 8 - len));
        return first_slash(w).map_or(len, |k| i + k);
    }
    while i < len && path[i] != b'/' {
        i += 1;
    }
    i
}

/// Whether `seg` (one segment, between slashes) needs no closer look:
/// non-empty, not `.` or `..`, every byte [`is_plain`]. Branch-free over
/// the bytes: one table lookup and an OR each.
#[inline(always)]
#[must_use]
pub fn is_plain_segment(seg: &[u8]) -> bool {
    let stops = seg.iter().fold(0u8, |acc, &c| acc | STOP[c as usize]);
    stops == 0 && !matches!(seg, [] | [b'.'] | [b'.', b'.'])
}

/// Whether `tail`, the end of a path after a prefix found plain (empty,
/// or from the `/` after that prefix), is plain too: every byte
/// [`is_plain`] or `/`, no empty segment, no segment starting with `.`
/// (stricter than "not `.` or `..`": `false` only sends the path to the
/// slow check), at most `max_segments` segments. No branch per byte: one
/// table lookup per byte, then eight bytes at a time for the slashes.
#[inline]
#[must_use]
pub(crate) fn is_plain_tail(tail: &[u8], max_segments: usize) -> bool {
    let (Some(&first), Some(&last)) = (tail.first(), tail.last()) else {
        return true;
    };
    if first != b'/' || last == b'/' {
        return false;
    }
    if tail
        .iter()
        .fold(0u8, |acc, &c| acc | STOP_IN_PATH[c as usize])
        != 0
    {
        return false;
    }
    // `/` followed by `/` or `.`, and the number of slashes.
    let (mut after_slash, mut bad, mut slashes) = (0u64, 0u64, 0u64);
    let mut word = |w: u64| {
        let (slash, dot) = (bytes_equal_to(w, b'/'), bytes_equal_to(w, b'.'));
        bad |= ((slash << 8) | after_slash) & (slash | dot);
        after_slash = slash >> 56;
        slashes += (slash >> 7).wrapping_mul(ONES) >> 56;
    };
    let mut words = tail.chunks_exact(8);
    for chunk in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        word(u64::from_le_bytes(w));
    }
    // The last bytes, zero above them: no `/` or `.`.
    word(crate::matching::load_le_partial(words.remainder()));
    bad == 0 && slashes <= max_segments as u64
}

/// `0x80` in each byte of `w` equal to `b`, `0` in the others (exact: no
/// carry crosses a byte).
#[inline(always)]
fn bytes_equal_to(w: u64, b: u8) -> u64 {
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = w ^ (ONES * u64::from(b));
    !(((x & LOWS) + LOWS) | x | LOWS)
}

/// Whether `path` (starting with `/`, longer than `/`) is canonical with
/// no closer look: every byte [`is_plain`] or `/`, no empty, `.` or `..`
/// segment, at most [`MAX_SEGMENTS`] segments. One pass, one table lookup
/// per byte; `false` means "check it the slow way", not "invalid".
#[inline]
#[must_use]
pub fn is_plain_path(path: &[u8]) -> bool {
    let mut segments = 0;
    let mut start = 1;
    loop {
        let Some(end) = segment_end(path, start, false) else {
            return false;
        };
        segments += 1;
        if segments > MAX_SEGMENTS {
            return false;
        }
        if end == path.len() {
            return true;
        }
        start = end + 1;
    }
}

/// Check `path` the slow way, under `rules`: the length of the path
/// without its query string when it is canonical.
///
/// # Errors
/// See [`PathError`].
pub fn canonical_len(path: &str, rules: PathRules) -> Result<usize, PathError> {
    let b = strip_query(path).as_bytes();
    if b.first() != Some(&b'/') {
        return Err(PathError::NotAbsolute);
    }
    if b.len() > MAX_LEN {
        return Err(PathError::TooLong);
    }
    if b.len() == 1 {
        return Ok(1); // `/`
    }
    let mut segments = 0;
    for seg in b[1..].split(|&c| c == b'/') {
        segments += 1;
        if segments > MAX_SEGMENTS {
            return Err(PathError::TooLong);
        }
        check_segment(seg, rules)?;
    }
    Ok(b.len())
}

/// Check that `path` is canonical (a query string is ignored).
///
/// # Errors
/// See [`PathError`].
#[inline]
pub fn check_canonical(path: &str) -> Result<(), PathError> {
    canonical_len(path, PathRules::STRICT).map(|_| ())
}

/// Scan `path` once: stop at `?`, check it is canonical, and record its
/// segments.
///
/// # Errors
/// See [`PathError`].
pub fn scan(path: &str) -> Result<Scan<'_>, PathError> {
    let end = canonical_len(path, PathRules::STRICT)?;
    let path = &path[..end];
    let mut s = Scan {
        path,
        bounds: [0; MAX_SEGMENTS + 1],
        len: 0,
    };
    if end == 1 {
        return Ok(s);
    }
    for (i, &c) in path.as_bytes().iter().enumerate().skip(1) {
        if c == b'/' {
            s.len += 1;
            s.bounds[s.len] = i as u16;
        }
    }
    s.len += 1;
    s.bounds[s.len] = end as u16;
    Ok(s)
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

fn check_segment(seg: &[u8], rules: PathRules) -> Result<(), PathError> {
    match seg {
        [] => return Err(PathError::EmptySegment),
        [b'.'] | [b'.', b'.'] => return Err(PathError::DotSegment),
        _ => {}
    }
    if seg.iter().all(|&c| is_plain(c)) {
        return Ok(());
    }
    let mut escaped = false;
    for &c in seg {
        match c {
            0 => return Err(PathError::Nul),
            b'%' => escaped = true,
            b';' if !rules.allow_semicolon => return Err(PathError::PathParameter),
            b';' => {}
            c if !is_plain(c) => return Err(PathError::BadCharacter),
            _ => {}
        }
    }
    if escaped {
        check_escapes(seg, rules)?;
    }
    Ok(())
}

/// Decode the escapes of a segment on the stack and check what they hold.
fn check_escapes(bytes: &[u8], rules: PathRules) -> Result<(), PathError> {
    let mut decoded = [0u8; 256];
    if bytes.len() > decoded.len() {
        // Long escaped segments are checked through a heap copy; rare.
        return check_decoded(&mut vec![0u8; bytes.len()], bytes, rules);
    }
    check_decoded(&mut decoded[..bytes.len()], bytes, rules)
}

fn check_decoded(buf: &mut [u8], bytes: &[u8], rules: PathRules) -> Result<(), PathError> {
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
                0x01..=0x20 | 0x7f if !rules.allow_encoded_controls => {
                    return Err(PathError::EncodedControl);
                }
                b'#' | b'?' | b';' if !rules.allow_encoded_delimiters => {
                    return Err(PathError::EncodedDelimiter);
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
    let Ok(text) = core::str::from_utf8(&buf[..n]) else {
        return Err(PathError::BadEscape);
    };
    // Encoded non-ASCII whitespace and C1 controls (U+0085, U+00A0,
    // U+2028...): as invisible to a reader as `%20`.
    if !rules.allow_encoded_controls
        && text
            .chars()
            .any(|c| !c.is_ascii() && (c.is_whitespace() || c.is_control()))
    {
        return Err(PathError::EncodedControl);
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
            ("/carts/caf\u{e9}", PathError::BadCharacter),
            ("/carts/[1]", PathError::BadCharacter),
            // Issue 13: near misses a trimming or `;`-stripping back end
            // would read as another path.
            ("/transactions/7/send_emails%20", PathError::EncodedControl),
            ("/transactions/7/send_emails%09", PathError::EncodedControl),
            ("/transactions/7/send_emails%0a", PathError::EncodedControl),
            ("/transactions/7/send_emails%0D", PathError::EncodedControl),
            ("/transactions/7/send_emails%7F", PathError::EncodedControl),
            (
                "/transactions/7/send_emails%C2%A0",
                PathError::EncodedControl,
            ),
            (
                "/transactions/7/send_emails%C2%85",
                PathError::EncodedControl,
            ),
            (
                "/transactions/7/send_emails%E2%80%A8",
                PathError::EncodedControl,
            ),
            (
                "/transactions/7/send_emails;jsessionid=abc",
                PathError::PathParameter,
            ),
            ("/transactions/7;x/send_emails", PathError::PathParameter),
            (
                "/transactions/7/send_emails%23",
                PathError::EncodedDelimiter,
            ),
            (
                "/transactions/7/send_emails%3Fx",
                PathError::EncodedDelimiter,
            ),
            (
                "/transactions/7/send_emails%3b",
                PathError::EncodedDelimiter,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(split_canonical(input).err(), Some(want), "{input:?}");
        }
        let long = "/a".repeat(33);
        assert_eq!(split_canonical(&long).err(), Some(PathError::TooLong));
        assert!(split_canonical(&"/a".repeat(32)).is_ok());
        let huge = format!("/{}", "a".repeat(super::MAX_LEN));
        assert_eq!(split_canonical(&huge).err(), Some(PathError::TooLong));
    }

    #[test]
    fn rules_relax_one_near_miss_each() {
        use super::{PathRules, canonical_len};
        let semi = PathRules {
            allow_semicolon: true,
            ..PathRules::STRICT
        };
        let controls = PathRules {
            allow_encoded_controls: true,
            ..PathRules::STRICT
        };
        let delims = PathRules {
            allow_encoded_delimiters: true,
            ..PathRules::STRICT
        };
        assert!(canonical_len("/a;b", semi).is_ok());
        assert_eq!(
            canonical_len("/a;b", controls),
            Err(PathError::PathParameter)
        );
        assert!(canonical_len("/a%20b", controls).is_ok());
        assert!(canonical_len("/a%C2%A0", controls).is_ok());
        assert_eq!(
            canonical_len("/a%20b", delims),
            Err(PathError::EncodedControl)
        );
        assert!(canonical_len("/a%23b%3F%3b", delims).is_ok());
        // Never relaxed: the rules that make two spellings of one path.
        for rules in [semi, controls, delims] {
            assert_eq!(canonical_len("/a%2Fb", rules), Err(PathError::EncodedSlash));
            assert_eq!(canonical_len("/a%00", rules), Err(PathError::Nul));
            assert_eq!(canonical_len("/%41", rules), Err(PathError::BadEscape));
        }
    }

    #[test]
    fn plain_segments_end_at_the_next_slash() {
        use super::segment_end;
        let p = b"/carts/12/items";
        assert_eq!(segment_end(p, 1, false), Some(6));
        assert_eq!(segment_end(p, 7, false), Some(9));
        assert_eq!(segment_end(p, 10, false), Some(15));
        for bad in [
            &b"/a%20"[..],
            b"/a;b",
            b"/a?x",
            b"/.",
            b"/..",
            b"//x",
            b"/",
            b"/caf\xc3\xa9",
        ] {
            assert_eq!(
                segment_end(bad, 1, false),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(segment_end(b"/a%20/b", 1, true), Some(5));
        assert!(super::is_plain_path(b"/carts/12/items"));
        for bad in [
            &b"/carts/"[..],
            b"/a//b",
            b"/a/./b",
            b"/a/..",
            b"/a?x",
            b"/a%20",
        ] {
            assert!(
                !super::is_plain_path(bad),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(super::is_plain_path("/a".repeat(32).as_bytes()));
        assert!(!super::is_plain_path("/a".repeat(33).as_bytes()));
    }
    /// `is_plain_tail` against its rule written segment by segment, over
    /// every string of up to five bytes from an alphabet of the bytes that
    /// matter (slash, dot, plain, stop, non-ASCII), plus long tails whose
    /// eight-byte words split a `//` or `/.`; and `true` only for tails a
    /// canonical path may end with.
    #[test]
    fn plain_tails_follow_the_segment_rule() {
        fn rule(tail: &[u8], max: usize) -> bool {
            if tail.is_empty() {
                return true;
            }
            let Some(rest) = tail.strip_prefix(b"/") else {
                return false;
            };
            let segs: Vec<&[u8]> = rest.split(|&c| c == b'/').collect();
            segs.len() <= max
                && segs
                    .iter()
                    .all(|s| !s.is_empty() && s[0] != b'.' && s.iter().all(|&c| super::is_plain(c)))
        }
        let alphabet = [b'/', b'.', b'a', b'%', b'?', b';', b' ', 0xc3];
        let mut tails: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last = tails.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| {
                    alphabet.iter().map(move |&c| {
                        let mut t = t.clone();
                        t.push(c);
                        t
                    })
                })
                .collect();
            tails.extend(last.iter().cloned());
        }
        for pad in 0..16 {
            let a = "a".repeat(pad);
            for join in ["/", "//", "/.", "/..", "/.x", "/x"] {
                tails.push(format!("/{a}{join}b/{a}").into_bytes());
                tails.push(format!("/{a}{join}").into_bytes());
            }
        }
        for t in &tails {
            for max in [0, 1, 2, 3, 32] {
                let got = super::is_plain_tail(t, max);
                assert_eq!(
                    got,
                    rule(t, max),
                    "{:?} max {max}",
                    String::from_utf8_lossy(t)
                );
                if got && !t.is_empty() {
                    let path = format!("/x{}", String::from_utf8_lossy(t));
                    assert!(super::check_canonical(&path).is_ok(), "{path:?}");
                }
            }
        }
    }

    #[test]
    fn next_slash_and_plain_segments_agree_with_byte_by_byte_rules() {
        let paths = [
            "",
            "/",
            "a",
            "abcdefgh/",
            "abcdefghi/j",
            "/abcdefghijklmnop/q",
            "0123456/89",
            "01234567",
            "012345678901234567890/",
            "x%2Fy/z",
            "é/a",
        ];
        for p in paths {
            let b = p.as_bytes();
            for start in 0..=b.len() {
                let naive = b[start..]
                    .iter()
                    .position(|&c| c == b'/')
                    .map_or(b.len(), |i| start + i);
                assert_eq!(super::next_slash(b, start), naive, "{p:?} from {start}");
            }
        }
        for (seg, plain) in [
            ("", false),
            (".", false),
            ("..", false),
            ("...", true),
            ("a.b", true),
            ("a%2F", false),
            ("a?b", false),
            ("a;b", false),
            ("a b", false),
            ("ok-_~!$&'()*+,=:@", true),
        ] {
            assert_eq!(super::is_plain_segment(seg.as_bytes()), plain, "{seg:?}");
        }
    }
}
