//! The compiled table layout, and the lookups over it.
//!
//! Everything is indices into flat slices, so the same layout can be a
//! `static` emitted by the proc-macro or a view over vectors built at runtime.

use crate::grant::{self, GrantError, GrantStats};
use crate::hash::PerfectHash;
use crate::path::{self, PathError};

/// Marks an absent index (no route at a node, no parameter child).
pub const NONE: u32 = u32::MAX;

/// Every table of one compiled spec.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// `u64` words in one scope set (`ceil(scopes / 64)`).
    pub words: usize,
    /// Wire names, by scope index.
    pub scope_names: &'a [&'a str],
    /// Perfect hash from wire name to scope index.
    pub scope_hash: PerfectHash<'a>,
    /// For scope `i`, `closure[i * words..][..words]` is the set a grant of
    /// `i` gives: itself, what it implies transitively, and everything for a
    /// superuser scope.
    pub closure: &'a [u64],
    /// Bytes that separate granted scopes besides the space (RFC 6749 §3.3).
    pub delimiters: &'a [u8],
    /// HTTP method names; a method's index is its id in [`RouteMethod`].
    pub methods: &'a [&'a str],
    /// Routes, by route index.
    pub routes: &'a [Route<'a>],
    /// Perfect hash from a route's template to its index.
    pub template_hash: PerfectHash<'a>,
    /// Path trie nodes; node 0 is the root.
    pub nodes: &'a [Node],
    /// Static trie edges.
    pub edges: &'a [Edge<'a>],
    /// Perfect hash from `(parent node, segment)` to an edge index.
    pub edge_hash: PerfectHash<'a>,
    /// Segments with a parameter between a literal prefix and suffix.
    pub patterns: &'a [Pattern<'a>],
    /// Requirements, referenced by [`RouteMethod::requirement`].
    pub requirements: &'a [Requirement],
    /// OR-groups: group `g` is `groups[g * words..][..words]`.
    pub groups: &'a [u64],
}

/// One route: a template and what each method it serves requires.
#[derive(Debug, Clone, Copy)]
pub struct Route<'a> {
    /// The path template as the spec writes it (`/transactions/{id}`).
    pub template: &'a str,
    /// Served methods, sorted by method index.
    pub methods: &'a [RouteMethod],
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
/// No group at all means public.
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
    /// Number of static edges leaving this node (0 skips the hash).
    pub edges: u32,
    /// First of this node's [`Pattern`]s.
    pub patterns_start: u32,
    /// Number of this node's patterns.
    pub patterns_len: u32,
}

/// A static edge of the trie.
#[derive(Debug, Clone, Copy)]
pub struct Edge<'a> {
    /// The node it leaves.
    pub parent: u32,
    /// The literal segment.
    pub segment: &'a str,
    /// The node it reaches.
    pub child: u32,
}

/// A segment such as `{type}_templates`: a non-empty parameter between a
/// literal prefix and suffix.
#[derive(Debug, Clone, Copy)]
pub struct Pattern<'a> {
    /// Literal before the parameter.
    pub prefix: &'a str,
    /// Literal after the parameter.
    pub suffix: &'a str,
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
    /// The index of the scope with this wire name.
    #[inline]
    #[must_use]
    pub fn scope_index(&self, name: &str) -> Option<usize> {
        let i = self.scope_hash.candidate(0, name.as_bytes())?;
        (self.scope_names.get(i) == Some(&name)).then_some(i)
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

    /// The index of an HTTP method the spec uses.
    #[inline]
    #[must_use]
    pub fn method_index(&self, method: &str) -> Option<u16> {
        self.methods
            .iter()
            .position(|m| *m == method)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// The route whose template is exactly `template` (the `MatchedPath` case).
    #[inline]
    #[must_use]
    pub fn route_by_template(&self, template: &str) -> Option<u32> {
        let i = self.template_hash.candidate(0, template.as_bytes())?;
        let route = self.routes.get(i)?;
        (route.template == template).then_some(i as u32)
    }

    /// Match a concrete request path (a query string is ignored).
    #[must_use]
    pub fn match_path(&self, path: &str) -> PathMatch {
        match path::split_canonical(path) {
            Err(e) => PathMatch::Invalid(e),
            Ok(segs) => match self.walk(0, segs.as_slice()) {
                Some(r) => PathMatch::Route(r),
                None => PathMatch::NoRoute,
            },
        }
    }

    fn walk(&self, node: u32, segs: &[&str]) -> Option<u32> {
        let n = self.nodes.get(node as usize)?;
        let Some((first, rest)) = segs.split_first() else {
            return (n.route != NONE).then_some(n.route);
        };
        if n.edges != 0
            && let Some(e) = self.edge_hash.candidate(node, first.as_bytes())
        {
            let edge = &self.edges[e];
            if edge.parent == node
                && edge.segment == *first
                && let Some(r) = self.walk(edge.child, rest)
            {
                return Some(r);
            }
        }
        let patterns = &self.patterns[n.patterns_start as usize..][..n.patterns_len as usize];
        for p in patterns {
            if first.len() > p.prefix.len() + p.suffix.len()
                && first.starts_with(p.prefix)
                && first.ends_with(p.suffix)
                && let Some(r) = self.walk(p.child, rest)
            {
                return Some(r);
            }
        }
        if n.param != NONE {
            return self.walk(n.param, rest);
        }
        None
    }

    /// The requirement index for `method` on `route`, or `None` when the
    /// route does not serve that method.
    #[inline]
    #[must_use]
    pub fn requirement_for(&self, route: u32, method: &str) -> Option<u32> {
        let m = self.method_index(method)?;
        self.routes
            .get(route as usize)?
            .methods
            .iter()
            .find(|rm| rm.method == m)
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
        self.unmet_groups(req, granted).next().is_none()
    }

    /// The groups of requirement `req` that `granted` does not meet.
    pub fn unmet_groups<'s>(
        &'s self,
        req: u32,
        granted: &'s [u64],
    ) -> impl Iterator<Item = u32> + 's {
        let r = self.requirements[req as usize];
        (r.start..r.start + r.len).filter(move |&g| {
            !self
                .group(g)
                .iter()
                .zip(granted)
                .any(|(need, have)| need & have != 0)
        })
    }

    /// Every scope whose grant alone meets group `g` (the effective group:
    /// the group's own scopes, those implying them, and superusers), by
    /// scope index in ascending order.
    pub fn effective_group(&self, g: u32) -> impl Iterator<Item = usize> + '_ {
        let group = self.group(g);
        (0..self.scope_names.len()).filter(move |&s| {
            self.closure_of(s)
                .iter()
                .zip(group)
                .any(|(have, need)| have & need != 0)
        })
    }

    /// The scopes named in group `g` itself, ascending.
    pub fn group_scopes(&self, g: u32) -> impl Iterator<Item = usize> + '_ {
        let group = self.group(g);
        (0..self.scope_names.len()).filter(move |&s| group[s / 64] & (1 << (s % 64)) != 0)
    }

    /// Decide a request by concrete path.
    #[must_use]
    pub fn authorize(&self, method: &str, path: &str, granted: &[u64]) -> Decision {
        match self.match_path(path) {
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
        match self.requirement_for(route, method) {
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
            | Decision::MethodNotAllowed { route } => Some(route),
            Decision::NoRoute | Decision::InvalidPath(_) => None,
        }
    }

    /// The short reason used by the CLI and logs: `ok`,
    /// `insufficient_scope`, `no_route`, `method_not_allowed`, `invalid_path`.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Decision::Allow { .. } => "ok",
            Decision::Deny { .. } => "insufficient_scope",
            Decision::NoRoute => "no_route",
            Decision::MethodNotAllowed { .. } => "method_not_allowed",
            Decision::InvalidPath(_) => "invalid_path",
        }
    }
}
