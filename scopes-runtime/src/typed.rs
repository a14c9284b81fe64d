//! Types the generated code is built from.

use core::fmt;
use core::marker::PhantomData;

use scopes_core::{GrantError, Tables};

/// Implemented by every generated `Scope` enum.
pub trait ScopeEnum: Copy + Eq + Ord + core::hash::Hash + fmt::Debug + 'static {
    /// Every scope, in spec order.
    const ALL: &'static [Self];
    /// Position in [`ScopeEnum::ALL`] (and bit in a scope set).
    fn index(self) -> usize;
    /// The spec's compiled tables.
    fn tables() -> &'static Tables<'static>;
    /// The matcher `include_spec!` generated for the spec, which
    /// [`ScopeSet::parse`] and the `ScopeSet::authorize*` methods use; `None`: the
    /// tables decide.
    #[doc(hidden)]
    const MATCHER: Option<scopes_core::matching::Matcher> = None;
}

/// A wire name that is not a scope of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScope(String);

impl UnknownScope {
    /// For `name`.
    #[must_use]
    pub fn new(name: &str) -> Self {
        UnknownScope(name.to_owned())
    }

    /// The name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown scope `{}`", self.0)
    }
}

impl std::error::Error for UnknownScope {}

/// A set of granted scopes of spec `S`, `W` words wide, closed under
/// implications and superusers: inserting `carts_write` also inserts
/// `carts_read` where the spec says write implies read.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScopeSet<S, const W: usize> {
    words: [u64; W],
    _spec: PhantomData<S>,
}

impl<S: ScopeEnum, const W: usize> Default for ScopeSet<S, W> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: ScopeEnum, const W: usize> ScopeSet<S, W> {
    /// The empty set.
    #[must_use]
    pub const fn new() -> Self {
        ScopeSet {
            words: [0; W],
            _spec: PhantomData,
        }
    }

    /// Parse a granted `scope` string (RFC 6749 §3.3, plus the spec's
    /// extra delimiters). Unknown names grant nothing; see
    /// [`ScopeSet::parse_with_stats`] to count them.
    ///
    /// # Errors
    /// A character outside the scope-token grammar: nothing is granted.
    pub fn parse(scope: &str) -> Result<Self, GrantError> {
        Self::parse_with_stats(scope).map(|(s, _)| s)
    }

    /// [`ScopeSet::parse`], also returning how many tokens were known and
    /// unknown.
    ///
    /// # Errors
    /// As [`ScopeSet::parse`].
    pub fn parse_with_stats(scope: &str) -> Result<(Self, scopes_core::GrantStats), GrantError> {
        let mut set = Self::new();
        let stats = match S::MATCHER {
            Some(m) => (m.grant)(scope, &mut set.words)?,
            None => S::tables().grant(scope, &mut set.words)?,
        };
        Ok((set, stats))
    }

    /// Grant `scope` (and what it implies).
    pub fn insert(&mut self, scope: S) {
        for (w, c) in self
            .words
            .iter_mut()
            .zip(S::tables().closure_of(scope.index()))
        {
            *w |= c;
        }
    }

    /// Whether `scope` is granted, directly or through an implication.
    #[must_use]
    pub fn contains(&self, scope: S) -> bool {
        let i = scope.index();
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    /// The granted scopes, in spec order.
    pub fn iter(&self) -> impl Iterator<Item = S> + '_ {
        S::ALL.iter().copied().filter(|&s| self.contains(s))
    }

    /// The raw words, for [`Tables`] lookups.
    #[must_use]
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// Decide a request by method and concrete path from this set alone.
    ///
    /// A set does not say whether a token was presented, so a route at
    /// the authenticated level (`authenticated: true`: any valid token,
    /// one requirement group naming no scope) is never met here
    /// ([`Decision::Deny`](scopes_core::Decision::Deny), deny by
    /// default). When the set is a presented token's scopes, use
    /// [`ScopeSet::authorize_token`]; without a token,
    /// [`ScopeSet::authorize_without_token`].
    #[must_use]
    pub fn authorize(&self, method: &str, path: &str) -> scopes_core::Decision {
        match S::MATCHER {
            Some(m) => m.authorize(S::tables(), method, path, &self.words),
            None => S::tables().authorize(method, path, &self.words),
        }
    }

    /// Decide a request that presented a valid token whose scopes are this
    /// set (parsed from its `scope` claim, possibly empty): a public route
    /// admits it, a route at the authenticated level admits it whatever
    /// its scopes, a scoped route when the set meets every group
    /// ([`Tables::authorize_token`] with `Some(words)`).
    #[must_use]
    pub fn authorize_token(&self, method: &str, path: &str) -> scopes_core::Decision {
        Self::decide_token(method, path, Some(&self.words))
    }

    /// Decide a request that presented no token: only public routes admit
    /// it; anywhere else the answer is
    /// [`Decision::Unauthenticated`](scopes_core::Decision::Unauthenticated)
    /// (a 401 challenge), never an allow ([`Tables::authorize_token`] with
    /// `None`).
    #[must_use]
    pub fn authorize_without_token(method: &str, path: &str) -> scopes_core::Decision {
        Self::decide_token(method, path, None)
    }

    /// [`Tables::authorize_token`], through the generated matcher if any.
    fn decide_token(method: &str, path: &str, token: Option<&[u64]>) -> scopes_core::Decision {
        use scopes_core::{Decision, PathMatch};
        let tables = S::tables();
        let Some(m) = S::MATCHER else {
            return tables.authorize_token(method, path, token);
        };
        let route = match (m.match_path)(path) {
            PathMatch::Route(route) => route,
            PathMatch::NoRoute => return Decision::NoRoute,
            PathMatch::Invalid(e) => return Decision::InvalidPath(e),
        };
        match (m.method_index)(method).and_then(|i| (m.requirement)(route, i)) {
            None => Decision::MethodNotAllowed { route },
            Some(requirement) if tables.admits(requirement, token) => {
                Decision::Allow { route, requirement }
            }
            Some(requirement) if token.is_none() => {
                Decision::Unauthenticated { route, requirement }
            }
            Some(requirement) => Decision::Deny { route, requirement },
        }
    }
}

impl<S: ScopeEnum, const W: usize> FromIterator<S> for ScopeSet<S, W> {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut set = Self::new();
        for s in iter {
            set.insert(s);
        }
        set
    }
}

impl<S: ScopeEnum, const W: usize> fmt::Debug for ScopeSet<S, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// A route of a spec, as a generated constant.
#[derive(Debug, Clone, Copy)]
pub struct RouteInfo<S: 'static> {
    /// The path template.
    pub template: &'static str,
    /// Index in the spec's route table.
    pub index: u32,
    /// Served methods and their requirements.
    pub methods: &'static [MethodRequirement<S>],
}

impl<S: 'static> RouteInfo<S> {
    /// What `method` requires here, if the route serves it.
    #[must_use]
    pub fn requirement(&self, method: &str) -> Option<&'static [&'static [S]]> {
        self.methods
            .iter()
            .find(|m| m.method == method)
            .map(|m| m.all_of)
    }
}

/// What one method of a route requires: every group, each met by any of
/// its scopes (as the spec writes them, before implications). No group
/// means public; one group naming no scope, any valid token.
#[derive(Debug, Clone, Copy)]
pub struct MethodRequirement<S: 'static> {
    /// HTTP method.
    pub method: &'static str,
    /// AND of OR-groups.
    pub all_of: &'static [&'static [S]],
}
