//! A granted-scope set for any spec, sized at runtime: inline for specs up
//! to 128 scopes (no allocation), on the heap beyond.

use scopes_core::{GrantError, GrantStats, Tables};

const INLINE: usize = 2;

/// Parse `scope` into `out` with the generated parser of `tables`, else
/// the tables' own.
#[inline]
fn grant(tables: &Tables<'_>, scope: &str, out: &mut [u64]) -> Result<GrantStats, GrantError> {
    match tables.generated {
        Some(m) => (m.grant)(scope, out),
        None => tables.grant(scope, out),
    }
}

/// Granted scopes parsed against one spec's tables, closed under
/// implications and superusers, and whether they come from a token: a
/// request without a token ([`Granted::empty`]) is not a token that
/// carries no scope ([`Granted::no_scopes`]), which meets the
/// authenticated level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    spec_id: u64,
    words: Words,
    stats: GrantStats,
    token: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Words {
    Inline([u64; INLINE], usize),
    Heap(Box<[u64]>),
}

impl Words {
    fn zeroed(n: usize) -> Self {
        if n <= INLINE {
            Words::Inline([0; INLINE], n)
        } else {
            Words::Heap(vec![0; n].into_boxed_slice())
        }
    }

    fn as_mut(&mut self) -> &mut [u64] {
        match self {
            Words::Inline(w, n) => &mut w[..*n],
            Words::Heap(w) => w,
        }
    }

    #[inline]
    fn as_ref(&self) -> &[u64] {
        match self {
            Words::Inline(w, n) => &w[..*n],
            Words::Heap(w) => w,
        }
    }
}

impl Granted {
    /// Parse a granted `scope` string (a token's) against `tables` (with the
    /// grant parser `include_spec!` generated for them, if any).
    ///
    /// ```
    /// # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
    /// use scopes_runtime::Granted;
    /// let g = Granted::parse(foxy::TABLES, "carts_write bogus").unwrap();
    /// assert_eq!((g.stats().known, g.stats().unknown), (1, 1)); // unknown names grant nothing
    /// assert!(Granted::parse(foxy::TABLES, "carts_read \"x\"").is_err()); // malformed: invalid_token
    /// ```
    ///
    /// # Errors
    /// A character outside the RFC 6749 scope-token grammar; nothing is
    /// granted then.
    pub fn parse(tables: &Tables<'_>, scope: &str) -> Result<Self, GrantError> {
        let mut words = Words::zeroed(tables.words);
        let stats = grant(tables, scope, words.as_mut())?;
        Ok(Granted {
            spec_id: tables.spec_id,
            words,
            stats,
            token: true,
        })
    }

    /// Parse a list of scope names, such as a JWT `scp` claim (array).
    ///
    /// # Errors
    /// As [`Granted::parse`], for any element.
    pub fn parse_list<'s>(
        tables: &Tables<'_>,
        scopes: impl IntoIterator<Item = &'s str>,
    ) -> Result<Self, GrantError> {
        let mut total = Granted::no_scopes(tables);
        let mut one = Words::zeroed(tables.words);
        for s in scopes {
            // Each element is one token: a delimiter inside it is malformed.
            if let Some(offset) = s
                .bytes()
                .position(|b| b == b' ' || tables.delimiters.contains(&b))
            {
                return Err(GrantError {
                    offset,
                    byte: s.as_bytes()[offset],
                });
            }
            let stats = grant(tables, s, one.as_mut())?;
            total.stats.known += stats.known;
            total.stats.unknown += stats.unknown;
            for (t, o) in total.words.as_mut().iter_mut().zip(one.as_ref()) {
                *t |= o;
            }
        }
        Ok(total)
    }

    /// No token: nothing granted, for `tables`. Meets public requirements
    /// only.
    #[must_use]
    pub fn empty(tables: &Tables<'_>) -> Self {
        Granted {
            spec_id: tables.spec_id,
            words: Words::zeroed(tables.words),
            stats: GrantStats::default(),
            token: false,
        }
    }

    /// A valid token that carries no scope (no scope claim, or an empty
    /// one): meets public requirements and the authenticated level.
    #[must_use]
    pub fn no_scopes(tables: &Tables<'_>) -> Self {
        Granted {
            token: true,
            ..Granted::empty(tables)
        }
    }

    /// Whether these scopes come from a token the request presented.
    #[must_use]
    #[inline]
    pub fn has_token(&self) -> bool {
        self.token
    }

    /// The closed set of the token, `None` without a token: what
    /// [`scopes_core::Tables::admits`] and
    /// [`scopes_core::Tables::authorize_token`] take.
    #[must_use]
    #[inline]
    pub fn token(&self) -> Option<&[u64]> {
        self.token.then(|| self.words())
    }

    /// The spec these scopes were parsed against.
    #[must_use]
    #[inline]
    pub fn spec_id(&self) -> u64 {
        self.spec_id
    }

    /// The closed set, as words.
    #[must_use]
    #[inline]
    pub fn words(&self) -> &[u64] {
        self.words.as_ref()
    }

    /// How many tokens named known and unknown scopes.
    #[must_use]
    pub fn stats(&self) -> GrantStats {
        self.stats
    }

    /// Whether scope index `i` is granted (directly or implied).
    #[must_use]
    pub fn contains_index(&self, i: usize) -> bool {
        self.words()
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}
