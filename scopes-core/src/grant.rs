//! Granted-scope strings (RFC 6749 §3.3):
//! `scope = scope-token *( SP scope-token )`,
//! `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.

use crate::table::Tables;

/// Whether `b` may appear in a scope-token.
#[inline]
#[must_use]
pub const fn is_token_byte(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

/// Whether `s` is a scope-token (non-empty, every byte in the grammar).
#[must_use]
pub fn is_scope_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_byte)
}

/// What a successful parse saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GrantStats {
    /// Tokens naming a scope of the spec.
    pub known: u32,
    /// Well-formed tokens naming no scope of the spec; they grant nothing.
    pub unknown: u32,
}

/// A granted `scope` string that is not well-formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrantError {
    /// Byte offset of the offending character.
    pub offset: usize,
    /// The offending byte.
    pub byte: u8,
}

impl core::fmt::Display for GrantError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "byte 0x{:02x} at offset {} is not allowed in a scope token (RFC 6749 §3.3)",
            self.byte, self.offset
        )
    }
}

impl std::error::Error for GrantError {}

/// 1 for scope-token bytes, 2 for the space, 0 otherwise.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if is_token_byte(b as u8) {
            t[b] = 1;
        }
        b += 1;
    }
    t[b' ' as usize] = 2;
    t
};

pub(crate) fn parse_into(
    tables: &Tables<'_>,
    scope: &str,
    out: &mut [u64],
) -> Result<GrantStats, GrantError> {
    parse_with(scope, tables.delimiters, out, |token| {
        // Every token byte was checked, so the token is a str.
        let i = tables.scope_index(core::str::from_utf8(token).unwrap_or_default())?;
        Some(tables.closure_of(i))
    })
}

/// Parse a granted `scope` string into `out`, resolving each token with
/// `lookup` (a scope's closure, or `None` for an unknown name). Unknown
/// names grant nothing and are counted. On error `out` is left empty:
/// never a partial grant.
///
/// # Errors
/// A token with a character outside the scope-token grammar.
#[inline]
pub fn parse_with<'c>(
    scope: &str,
    delimiters: &[u8],
    out: &mut [u64],
    lookup: impl Fn(&[u8]) -> Option<&'c [u64]>,
) -> Result<GrantStats, GrantError> {
    out.fill(0);
    let mut stats = GrantStats::default();
    let bytes = scope.as_bytes();
    let mut start = 0;
    let mut add = |token: &[u8], out: &mut [u64]| {
        if token.is_empty() {
            return;
        }
        match lookup(token) {
            Some(closure) => {
                stats.known += 1;
                for (o, c) in out.iter_mut().zip(closure) {
                    *o |= c;
                }
            }
            None => stats.unknown += 1,
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        let class = CLASS[b as usize];
        if class == 2 || (class == 1 && !delimiters.is_empty() && delimiters.contains(&b)) {
            add(&bytes[start..i], out);
            start = i + 1;
        } else if class == 0 {
            out.fill(0);
            return Err(GrantError { offset: i, byte: b });
        }
    }
    add(&bytes[start..], out);
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::{is_scope_token, is_token_byte};

    #[test]
    fn token_grammar_matches_rfc_6749() {
        // RFC 6749 Appendix A.4: %x21 / %x23-5B / %x5D-7E.
        for b in 0u8..=255 {
            let expected = b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b);
            assert_eq!(is_token_byte(b), expected, "byte {b:#x}");
        }
        for ok in [
            "read_payments",
            "read:pets",
            "playlist-modify-public",
            "https://www.googleapis.com/auth/drive.readonly",
        ] {
            assert!(is_scope_token(ok), "{ok}");
        }
        for bad in ["", "a b", "a\"b", "a\\b", "caf\u{e9}"] {
            assert!(!is_scope_token(bad), "{bad:?}");
        }
    }
}
