//! The validated spec: what the rest of the project reads. Every scope is
//! an index into [`Spec::scopes`]; every requirement is explicit.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::template::Template;

/// Index of a scope in [`Spec::scopes`].
pub type ScopeId = usize;

/// An AND of OR-groups of scopes. Each group is sorted; the groups are
/// sorted. Read it through [`access`], which names the three levels: no
/// group is public; one empty group (and nothing else) is the
/// authenticated level, any valid token and no particular scope; else every
/// group is non-empty and names the scopes that meet it (lowering never
/// mixes an empty group with others).
///
/// The empty group is how the level travels through the tables and
/// generated code: an OR-group naming no scope is met by no scope set, so a
/// consumer that does not know the level denies it (deny by default), and
/// nothing that tests "no group" takes it for public.
pub type Requirement = Vec<Vec<ScopeId>>;

/// The access level a [`Requirement`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access<'a> {
    /// Anyone, with or without a token (`public: true`).
    Public,
    /// Any valid token, whatever its scopes (`authenticated: true`;
    /// OpenAPI's `security: [{oauth: []}]`).
    Authenticated,
    /// A token whose scopes meet every group.
    Scopes(&'a [Vec<ScopeId>]),
}

/// The level of a requirement (see [`Requirement`]).
#[must_use]
pub fn access(req: &Requirement) -> Access<'_> {
    if req.is_empty() {
        Access::Public
    } else if req.len() == 1 && req[0].is_empty() {
        Access::Authenticated
    } else {
        Access::Scopes(req)
    }
}

/// The authenticated level as a [`Requirement`]: one group naming no scope.
#[must_use]
pub fn authenticated() -> Requirement {
    vec![Vec::new()]
}

impl Access<'_> {
    /// Public 0, authenticated 1, scopes 2: what each level lets in is a
    /// subset of what the levels before it let in.
    #[must_use]
    pub fn rank(&self) -> u8 {
        match self {
            Access::Public => 0,
            Access::Authenticated => 1,
            Access::Scopes(_) => 2,
        }
    }
}

/// A validated spec.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Short identifier (`foxy`).
    pub name: String,
    /// Human title.
    pub title: Option<String>,
    /// Where the facts come from.
    pub source: Option<String>,
    /// Extra delimiters of granted scope strings (besides space).
    pub delimiters: Vec<u8>,
    /// The conventions' actions, in declaration order.
    pub actions: Vec<Action>,
    /// The naming pattern, if conventions were given.
    pub naming: Option<String>,
    /// Resources, in declaration order.
    pub resources: Vec<Resource>,
    /// Scopes, in declaration order (standalone scopes first, then resource
    /// scopes resource by resource).
    pub scopes: Vec<Scope>,
    /// Routes, sorted by template text.
    pub routes: Vec<Route>,
    /// The `openapi:` section (empty when absent).
    pub openapi: OpenApi,
}

/// How the spec's security scheme is published in OpenAPI (the `openapi:`
/// section); `scopes export --format openapi` flags override it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenApi {
    /// Name of the scheme under `components.securitySchemes`.
    pub scheme: Option<String>,
    /// OAuth 2.0 flows, in OpenAPI's order (implicit, password,
    /// clientCredentials, authorizationCode).
    pub flows: Vec<Flow>,
    /// OpenID Connect discovery URL (instead of flows).
    pub open_id_connect_url: Option<String>,
}

/// One OAuth 2.0 flow and its URLs, validated for its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// Which flow.
    pub kind: FlowKind,
    /// Authorization endpoint (implicit, authorizationCode).
    pub authorization_url: Option<String>,
    /// Token endpoint (password, clientCredentials, authorizationCode).
    pub token_url: Option<String>,
    /// Refresh endpoint.
    pub refresh_url: Option<String>,
}

/// The OAuth 2.0 flows OpenAPI names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    /// `implicit`.
    Implicit,
    /// `password`.
    Password,
    /// `clientCredentials`.
    ClientCredentials,
    /// `authorizationCode`.
    AuthorizationCode,
}

impl FlowKind {
    /// The key OpenAPI gives it under `flows`.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            FlowKind::Implicit => "implicit",
            FlowKind::Password => "password",
            FlowKind::ClientCredentials => "clientCredentials",
            FlowKind::AuthorizationCode => "authorizationCode",
        }
    }

    /// Whether the flow has an authorization endpoint, and a token
    /// endpoint (both required where it has them).
    #[must_use]
    pub fn endpoints(self) -> (bool, bool) {
        match self {
            FlowKind::Implicit => (true, false),
            FlowKind::Password | FlowKind::ClientCredentials => (false, true),
            FlowKind::AuthorizationCode => (true, true),
        }
    }
}

/// An action of the conventions.
#[derive(Debug, Clone)]
pub struct Action {
    /// `read`, `write`, `resend`.
    pub name: String,
    /// Methods it covers.
    pub methods: Vec<String>,
    /// Actions it implies.
    pub implies: Vec<String>,
    /// Whether plain routes of a resource get it.
    pub default: bool,
    /// What it means.
    pub description: Option<String>,
}

/// A resource.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Key in the spec (`gift_cards`).
    pub key: String,
    /// Human name (`Gift Card`).
    pub title: String,
    /// Its scopes: (action name, scope).
    pub scopes: Vec<(String, ScopeId)>,
}

/// A scope.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Wire name (`carts_read`).
    pub name: String,
    /// Rust identifier of its enum variant (`CartsRead`): the explicit
    /// `ident:`, or derived from the name and distinct from every other.
    pub ident: String,
    /// Where an explicit `ident:` is written (`None` when derived).
    pub ident_span: Option<Range<usize>>,
    /// What a grant allows.
    pub description: String,
    /// Scopes a grant of this one also grants (direct).
    pub implies: Vec<ScopeId>,
    /// Meets every requirement.
    pub superuser: bool,
    /// Resource it belongs to, if any.
    pub resource: Option<usize>,
    /// Action it stands for, if any.
    pub action: Option<String>,
    /// Where it is declared.
    pub span: Range<usize>,
}

/// A route: a template and what each method needs.
#[derive(Debug, Clone)]
pub struct Route {
    /// The template.
    pub template: Template,
    /// Method to requirement.
    pub methods: BTreeMap<Method, Requirement>,
    /// Resources that list this route.
    pub resources: Vec<usize>,
    /// Reconstructed rather than confirmed by the documentation.
    pub reconstructed: bool,
    /// Free text.
    pub note: Option<String>,
    /// Where it is first declared.
    pub span: Range<usize>,
    /// The `name:` key: the route's Rust name in generated code.
    pub name: Option<String>,
}

impl Route {
    /// The route's Rust name: its `name:` key, or else derived from the
    /// template ([`crate::route_name::derive`]).
    #[must_use]
    pub fn rust_name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| crate::route_name::derive(&self.template.text))
    }
}

/// An HTTP method, ordered as RFC 9110 lists them, then by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Method(pub String);

impl Method {
    fn order(&self) -> (usize, &str) {
        const KNOWN: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
        (
            KNOWN
                .iter()
                .position(|m| *m == self.0)
                .unwrap_or(KNOWN.len()),
            &self.0,
        )
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Ord for Method {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order().cmp(&other.order())
    }
}

impl PartialOrd for Method {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Spec {
    /// The scope with wire name `name`.
    #[must_use]
    pub fn scope_id(&self, name: &str) -> Option<ScopeId> {
        self.scopes.iter().position(|s| s.name == name)
    }

    /// The route with template text `template`.
    #[must_use]
    pub fn route(&self, template: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.template.text == template)
    }

    /// Number of `u64` words a scope set needs.
    #[must_use]
    pub fn words(&self) -> usize {
        self.scopes.len().div_ceil(64).max(1)
    }

    /// For each scope, the set its grant gives: itself, what it implies
    /// transitively, and every scope for a superuser.
    #[must_use]
    pub fn closures(&self) -> Vec<Vec<bool>> {
        let n = self.scopes.len();
        (0..n)
            .map(|s| {
                let mut seen = vec![false; n];
                if self.scopes[s].superuser {
                    return vec![true; n];
                }
                let mut stack = vec![s];
                while let Some(x) = stack.pop() {
                    if std::mem::replace(&mut seen[x], true) {
                        continue;
                    }
                    stack.extend(self.scopes[x].implies.iter().copied());
                }
                seen
            })
            .collect()
    }

    /// The effective form of a requirement: for each group, every scope
    /// whose grant alone meets it, sorted by wire name (none for the
    /// authenticated level's empty group).
    #[must_use]
    pub fn effective(&self, req: &Requirement, closures: &[Vec<bool>]) -> Vec<Vec<String>> {
        req.iter()
            .map(|group| {
                let mut names: Vec<String> = (0..self.scopes.len())
                    .filter(|&s| group.iter().any(|&g| closures[s][g]))
                    .map(|s| self.scopes[s].name.clone())
                    .collect();
                names.sort();
                names
            })
            .collect()
    }
}
