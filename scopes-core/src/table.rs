//! The compiled table layout, and the lookups over it.
//!
//! Everything is indices into flat slices, so the same layout can be a
//! `static` emitted by the proc-macro or a view over vectors built at runtime.

use crate::grant::{self, GrantError, GrantStats};
use crate::hash::PerfectHash;
use crate::matching::{self, Matcher, bytes_eq};
use crate::path::{PathError, PathRules};
use crate::requirement;

/// Nodes with more static edges than this use the perfect hash; fewer are
/// scanned (length first), which is faster than hashing.
pub(crate) const HASHED_FANOUT: u32 = 8;

/// Marks an absent index (no route at a node, no parameter child).
pub const NONE: u32 = u32::MAX;

/// Every table of one compiled spec.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// `u64` words in one scope set (`ceil(scopes / 64)`).
    pub words: usize,
    /// Fingerprint of the spec the tables come from; a granted set or a
    /// requirement built for another spec never matches these tables.
    pub spec_id: u64,
    /// Every string of the tables, concatenated; [`Str`] ranges index it.
    pub strings: &'a str,
    /// Wire names, by scope index.
    pub scope_names: &'a [Str],
    /// Perfect hash from wire name to scope index.
    pub scope_hash: PerfectHash<'a>,
    /// For scope `i`, `closure[i * words..][..words]` is the set a grant of
    /// `i` gives: itself, what it implies transitively, and everything for a
    /// superuser scope.
    pub closure: &'a [u64],
    /// Bytes that separate granted scopes besides the space (RFC 6749 §3.3).
    pub delimiters: &'a [u8],
    /// HTTP method names; a method's index is its id in [`RouteMethod`].
    pub methods: &'a [Str],
    /// Routes, by route index.
    pub routes: &'a [Route],
    /// The methods of every route; see [`Route::methods_start`].
    pub route_methods: &'a [RouteMethod],
    /// Perfect hash from a route's template to its index.
    pub template_hash: PerfectHash<'a>,
    /// Path trie nodes; node 0 is the root.
    pub nodes: &'a [Node],
    /// Static trie edges, contiguous per node.
    pub edges: &'a [Edge],
    /// Seed of the edge table's hash ([`crate::hash::edge_slot`]).
    pub edge_seed: u64,
    /// The edges of nodes with more than [`HASHED_FANOUT`] of them, by
    /// `(parent node, segment)`: an open-addressed table of a power of two
    /// slots, at most half full, each an index into [`Tables::edges`] or
    /// [`NONE`]; a lookup probes from [`crate::hash::edge_slot`] onwards,
    /// wrapping, until the edge or an empty slot.
    pub edge_slots: &'a [u32],
    /// Segments with parameters between literals.
    pub patterns: &'a [Pattern],
    /// The literals between the parameters of patterns with more than one;
    /// see [`Pattern::middles_start`].
    pub pattern_middles: &'a [Str],
    /// Requirements, referenced by [`RouteMethod::requirement`].
    pub requirements: &'a [Requirement],
    /// OR-groups: group `g` is `groups[g * words..][..words]`.
    pub groups: &'a [u64],
    /// The matcher `include_spec!` generated for these tables, which
    /// deciding runtimes use (`scopes_runtime::Engine`); `None` for tables
    /// built at runtime. The methods of [`Tables`] never call it: they are
    /// the table engine, whatever this holds.
    pub generated: Option<&'a Matcher>,
}

/// A string of [`Tables::strings`]: bytes `start..start + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Str {
    /// First byte.
    pub start: u32,
    /// Length in bytes.
    pub len: u32,
}

/// One route: a template and what each method it serves requires.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The path template as the spec writes it (`/transactions/{id}`).
    pub template: Str,
    /// First of this route's methods in [`Tables::route_methods`], sorted
    /// by method index.
    pub methods_start: u32,
    /// Number of methods.
    pub methods_len: u32,
}

/// A method served by a route.
#[derive(Debug, Clone, Copy)]
pub struct RouteMethod {
    /// Index into [`Tables::methods`].
    pub method: u16,
    /// Index into [`Tables::requirements`].
    pub requirement: u32,
}

/// An AND of OR-groups: groups `start..start + len` of [`Tables::groups`].
/// No group at all means public; one group with no bit set is the
/// authenticated level (any valid token, no scope: [`Tables::admits`]),
/// which no scope set meets alone ([`Tables::satisfies`]).
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    /// First group.
    pub start: u32,
    /// Number of groups.
    pub len: u32,
}

/// A trie node.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// The route that ends here, or [`NONE`].
    pub route: u32,
    /// The child reached through a whole-segment parameter, or [`NONE`].
    pub param: u32,
    /// First of this node's static edges in [`Tables::edges`].
    pub edges_start: u32,
    /// Number of static edges leaving this node.
    pub edges: u32,
    /// First of this node's [`Pattern`]s.
    pub patterns_start: u32,
    /// Number of this node's patterns.
    pub patterns_len: u32,
}

/// A static edge of the trie.
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    /// The node it leaves.
    pub parent: u32,
    /// The literal segment.
    pub segment: Str,
    /// The node it reaches.
    pub child: u32,
}

/// A segment such as `{type}_templates` or `summary(a={a},b={b})`:
/// non-empty parameters between literals.
#[derive(Debug, Clone, Copy)]
pub struct Pattern {
    /// Literal before the first parameter.
    pub prefix: Str,
    /// Literal after the last parameter.
    pub suffix: Str,
    /// First literal between two parameters, in [`Tables::pattern_middles`].
    pub middles_start: u32,
    /// Number of literals between parameters (parameters minus one).
    pub middles_len: u32,
    /// The node it reaches.
    pub child: u32,
}

/// Why a path found no route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathMatch {
    /// The path matched this route index.
    Route(u32),
    /// The path is canonical but no template matches it.
    NoRoute,
    /// The path is not canonical; it matches nothing.
    Invalid(PathError),
}

impl<'a> Tables<'a> {
    /// The text of a [`Str`].
    #[inline]
    #[must_use]
    pub fn str(&self, s: Str) -> &'a str {
        self.strings
            .get(s.start as usize..(s.start + s.len) as usize)
            .unwrap_or_default()
    }

    /// Whether the [`Str`] `s` holds exactly `text`: length first, then
    /// one or two word loads (no `memcmp` call for short strings).
    #[inline]
    pub(crate) fn str_eq(&self, s: Str, text: &[u8]) -> bool {
        s.len as usize == text.len() && bytes_eq(self.bytes(s), text)
    }

    /// The bytes of a [`Str`].
    #[inline]
    pub(crate) fn bytes(&self, s: Str) -> &'a [u8] {
        self.strings
            .as_bytes()
            .get(s.start as usize..(s.start + s.len) as usize)
            .unwrap_or_default()
    }

    /// The wire name of scope `i`.
    #[inline]
    #[must_use]
    pub fn scope_name(&self, i: usize) -> &'a str {
        self.scope_names.get(i).map_or("", |&s| self.str(s))
    }

    /// Number of scopes.
    #[inline]
    #[must_use]
    pub fn scope_count(&self) -> usize {
        self.scope_names.len()
    }

    /// The template of route `r`.
    #[inline]
    #[must_use]
    pub fn template(&self, r: u32) -> &'a str {
        self.routes
            .get(r as usize)
            .map_or("", |route| self.str(route.template))
    }

    /// The methods route `r` serves, with their requirement indices.
    #[must_use]
    pub fn methods_of(&self, r: u32) -> &'a [RouteMethod] {
        self.routes.get(r as usize).map_or(&[], |route| {
            &self.route_methods[route.methods_start as usize..][..route.methods_len as usize]
        })
    }

    /// The name of method id `m`.
    #[inline]
    #[must_use]
    pub fn method_name(&self, m: u16) -> &'a str {
        self.methods.get(m as usize).map_or("", |&s| self.str(s))
    }

    /// The index of the scope with this wire name.
    #[inline]
    #[must_use]
    pub fn scope_index(&self, name: &str) -> Option<usize> {
        let i = self.scope_hash.candidate(0, name.as_bytes())?;
        let s = *self.scope_names.get(i)?;
        self.str_eq(s, name.as_bytes()).then_some(i)
    }

    /// The scopes a grant of scope `i` gives (its closure).
    #[inline]
    #[must_use]
    pub fn closure_of(&self, i: usize) -> &'a [u64] {
        &self.closure[i * self.words..][..self.words]
    }

    /// Parse a granted `scope` string (RFC 6749 §3.3) into `out`, a set of
    /// `words` words, closed under implications. Unknown scope names grant
    /// nothing and are counted. On error `out` is left empty: never a
    /// partial grant.
    ///
    /// # Errors
    /// A token with a character outside the scope-token grammar.
    pub fn grant(&self, scope: &str, out: &mut [u64]) -> Result<GrantStats, GrantError> {
        grant::parse_into(self, scope, out)
    }

    /// The index of an HTTP method the spec uses: the spec's names
    /// compared by length, then by one or two word loads.
    #[inline]
    #[must_use]
    pub fn method_index(&self, method: &str) -> Option<u16> {
        let m = method.as_bytes();
        self.methods
            .iter()
            .position(|&s| self.str_eq(s, m))
            .and_then(|i| u16::try_from(i).ok())
    }

    /// The route whose template is exactly `template` (the `MatchedPath` case).
    #[inline]
    #[must_use]
    pub fn route_by_template(&self, template: &str) -> Option<u32> {
        let i = self.template_hash.candidate(0, template.as_bytes())?;
        let route = self.routes.get(i)?;
        self.str_eq(route.template, template.as_bytes())
            .then_some(i as u32)
    }

    /// Match a concrete request path (a query string is ignored).
    #[must_use]
    pub fn match_path(&self, path: &str) -> PathMatch {
        matching::match_path_final(path, PathRules::STRICT, |b, checked| self.walk(b, checked))
    }

    /// [`Tables::match_path`] with some near-miss rules relaxed.
    #[must_use]
    pub fn match_path_with(&self, path: &str, rules: PathRules) -> PathMatch {
        matching::match_path_final(path, rules, |b, checked| self.walk(b, checked))
    }

    /// The requirement index for `method` on `route`, or `None` when the
    /// route does not serve that method. The method is resolved first, by
    /// itself: it does not wait for the route, so it overlaps the walk.
    #[inline]
    #[must_use]
    pub fn requirement_for(&self, route: u32, method: &str) -> Option<u32> {
        self.requirement_for_index(route, self.method_index(method)?)
    }

    /// [`Tables::requirement_for`] with the method already resolved by
    /// [`Tables::method_index`].
    #[inline]
    #[must_use]
    pub fn requirement_for_index(&self, route: u32, method: u16) -> Option<u32> {
        self.methods_of(route)
            .iter()
            .find(|rm| rm.method == method)
            .map(|rm| rm.requirement)
    }

    /// The OR-group `g` as a scope set.
    #[inline]
    #[must_use]
    pub fn group(&self, g: u32) -> &'a [u64] {
        &self.groups[g as usize * self.words..][..self.words]
    }

    /// Whether `granted` (a closed set) meets requirement `req`.
    #[inline]
    #[must_use]
    pub fn satisfies(&self, req: u32, granted: &[u64]) -> bool {
        let Some(r) = self.requirements.get(req as usize) else {
            return false;
        };
        (r.start..r.start + r.len).all(|g| requirement::group_met(self.group(g), granted))
    }

    /// Whether requirement `req` is public (no group).
    #[inline]
    #[must_use]
    pub fn is_public(&self, req: u32) -> bool {
        self.requirements
            .get(req as usize)
            .is_some_and(|r| r.len == 0)
    }

    /// Whether a request meets requirement `req`: `token` is the closed
    /// scope set of the request's token, `None` when it has no token. A
    /// public requirement admits any request, the authenticated level any
    /// token, another a token whose scopes meet every group. Without a
    /// token only public requirements admit.
    #[inline]
    #[must_use]
    pub fn admits(&self, req: u32, token: Option<&[u64]>) -> bool {
        let Some(r) = self.requirements.get(req as usize) else {
            return false;
        };
        match token {
            None => r.len == 0,
            Some(granted) => (r.start..r.start + r.len)
                .all(|g| requirement::group_met_by_token(self.group(g), granted)),
        }
    }

    /// Decide a request by concrete path, knowing whether it holds a token
    /// (`token`: its closed scope set) or not (`None`), as [`Tables::admits`]
    /// says; [`Decision::Unauthenticated`] when a token is needed and none
    /// was presented.
    #[must_use]
    pub fn authorize_token(&self, method: &str, path: &str, token: Option<&[u64]>) -> Decision {
        let route = match self.match_path(path) {
            PathMatch::Invalid(e) => return Decision::InvalidPath(e),
            PathMatch::NoRoute => return Decision::NoRoute,
            PathMatch::Route(r) => r,
        };
        let requirement = self
            .method_index(method)
            .and_then(|m| self.requirement_for_index(route, m));
        match requirement {
            None => Decision::MethodNotAllowed { route },
            Some(requirement) if self.admits(requirement, token) => {
                Decision::Allow { route, requirement }
            }
            Some(requirement) if token.is_none() => {
                Decision::Unauthenticated { route, requirement }
            }
            Some(requirement) => Decision::Deny { route, requirement },
        }
    }

    /// The groups of requirement `req` that `granted` does not meet.
    pub fn unmet_groups<'s>(
        &'s self,
        req: u32,
        granted: &'s [u64],
    ) -> impl Iterator<Item = u32> + 's {
        let r = self.requirements[req as usize];
        (r.start..r.start + r.len).filter(move |&g| !requirement::group_met(self.group(g), granted))
    }

    /// Every scope whose grant alone meets group `g` (the effective group:
    /// the group's own scopes, those implying them, and superusers), by
    /// scope index in ascending order.
    pub fn effective_group(&self, g: u32) -> impl Iterator<Item = usize> + '_ {
        let group = self.group(g);
        (0..self.scope_count()).filter(move |&s| requirement::group_met(group, self.closure_of(s)))
    }

    /// The scopes named in group `g` itself, ascending.
    pub fn group_scopes(&self, g: u32) -> impl Iterator<Item = usize> + '_ {
        let group = self.group(g);
        (0..self.scope_count()).filter(move |&s| group[s / 64] & (1 << (s % 64)) != 0)
    }

    /// Decide a request by concrete path.
    #[must_use]
    pub fn authorize(&self, method: &str, path: &str, granted: &[u64]) -> Decision {
        self.decide(self.match_path(path), method, granted)
    }

    /// Decide a request whose path was matched (by these tables or by a
    /// generated matcher of the same spec).
    #[must_use]
    pub fn decide(&self, matched: PathMatch, method: &str, granted: &[u64]) -> Decision {
        match matched {
            PathMatch::Invalid(e) => Decision::InvalidPath(e),
            PathMatch::NoRoute => Decision::NoRoute,
            PathMatch::Route(r) => self.authorize_route(r, method, granted),
        }
    }

    /// Decide a request whose route the framework already matched, by its
    /// template (axum's `MatchedPath`).
    #[must_use]
    pub fn authorize_template(&self, method: &str, template: &str, granted: &[u64]) -> Decision {
        match self.route_by_template(template) {
            None => Decision::NoRoute,
            Some(r) => self.authorize_route(r, method, granted),
        }
    }

    /// Decide a request for a known route index.
    #[must_use]
    pub fn authorize_route(&self, route: u32, method: &str, granted: &[u64]) -> Decision {
        let requirement = self
            .method_index(method)
            .and_then(|m| self.requirement_for_index(route, m));
        self.decide_route(route, requirement, granted)
    }

    /// Decide a request for a known route index, given the requirement of
    /// its method (`None`: the route does not serve the method).
    #[inline]
    #[must_use]
    pub fn decide_route(&self, route: u32, requirement: Option<u32>, granted: &[u64]) -> Decision {
        match requirement {
            None => Decision::MethodNotAllowed { route },
            Some(requirement) if self.satisfies(requirement, granted) => {
                Decision::Allow { route, requirement }
            }
            Some(requirement) => Decision::Deny { route, requirement },
        }
    }
}

/// The outcome of an authorization check. Only [`Decision::Allow`] allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// The grant meets the route's requirement for this method.
    Allow {
        /// Route index.
        route: u32,
        /// Requirement index.
        requirement: u32,
    },
    /// The route exists and serves the method, but the grant falls short;
    /// [`Tables::unmet_groups`] says where.
    Deny {
        /// Route index.
        route: u32,
        /// Requirement index.
        requirement: u32,
    },
    /// The route needs a token and the request has none (401); only
    /// [`Tables::authorize_token`] tells this from [`Decision::Deny`].
    Unauthenticated {
        /// Route index.
        route: u32,
        /// Requirement index.
        requirement: u32,
    },
    /// No route matches the path.
    NoRoute,
    /// The route exists but does not serve this method.
    MethodNotAllowed {
        /// Route index.
        route: u32,
    },
    /// The path is not canonical.
    InvalidPath(PathError),
}

impl Decision {
    /// Whether the request may proceed.
    #[inline]
    #[must_use]
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow { .. })
    }

    /// The matched route index, if any.
    #[must_use]
    pub fn route(&self) -> Option<u32> {
        match *self {
            Decision::Allow { route, .. }
            | Decision::Deny { route, .. }
            | Decision::Unauthenticated { route, .. }
            | Decision::MethodNotAllowed { route } => Some(route),
            Decision::NoRoute | Decision::InvalidPath(_) => None,
        }
    }

    /// The short reason used by the CLI and logs: `ok`,
    /// `insufficient_scope`, `unauthenticated`, `no_route`,
    /// `method_not_allowed`, `invalid_path`.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Decision::Allow { .. } => "ok",
            Decision::Deny { .. } => "insufficient_scope",
            Decision::Unauthenticated { .. } => "unauthenticated",
            Decision::NoRoute => "no_route",
            Decision::MethodNotAllowed { .. } => "method_not_allowed",
            Decision::InvalidPath(_) => "invalid_path",
        }
    }
}

// Const constructors, so generated statics stay short.
impl Str {
    /// `Str { start, len }`.
    #[must_use]
    pub const fn new(start: u32, len: u32) -> Self {
        Self { start, len }
    }
}

impl Route {
    /// `Route { template, methods_start, methods_len }`.
    #[must_use]
    pub const fn new(template: Str, methods_start: u32, methods_len: u32) -> Self {
        Self {
            template,
            methods_start,
            methods_len,
        }
    }
}

impl RouteMethod {
    /// `RouteMethod { method, requirement }`.
    #[must_use]
    pub const fn new(method: u16, requirement: u32) -> Self {
        Self {
            method,
            requirement,
        }
    }
}

impl Requirement {
    /// `Requirement { start, len }`.
    #[must_use]
    pub const fn new(start: u32, len: u32) -> Self {
        Self { start, len }
    }
}

impl Node {
    /// `Node { route, param, edges_start, edges, patterns_start, patterns_len }`.
    #[must_use]
    pub const fn new(
        route: u32,
        param: u32,
        edges_start: u32,
        edges: u32,
        patterns_start: u32,
        patterns_len: u32,
    ) -> Self {
        Self {
            route,
            param,
            edges_start,
            edges,
            patterns_start,
            patterns_len,
        }
    }
}

impl Edge {
    /// `Edge { parent, segment, child }`.
    #[must_use]
    pub const fn new(parent: u32, segment: Str, child: u32) -> Self {
        Self {
            parent,
            segment,
            child,
        }
    }
}
