//! axum 0.8 integration (feature `axum`): a thin adapter on the tower
//! layer of [`crate::layer`].
//!
//! - [`ScopeLayer`] enforces the spec on every request (see
//!   [`crate::layer`] for the order of checks and the responses); behind an
//!   axum router it uses axum's `MatchedPath` instead of matching again;
//! - [`Require`] is an extractor for `#[requires_scope]` handlers; typed
//!   routes (`handlers![…].protect(layer)`, [`crate::typed_routes`]) make
//!   the same decision without running it;
//! - [`SpecRouter`] registers routes and checks them against the spec
//!   before the server starts, and tells the layer what the router serves
//!   (so a 405's `Allow` is exact).
//!
//! | situation | response |
//! |---|---|
//! | route and method allowed | the handler's |
//! | public route | the handler's, credentials or not |
//! | no credentials | 401, `WWW-Authenticate: Bearer realm="..."` |
//! | two `Authorization` fields, malformed Bearer credential | 400, `error="invalid_request"` |
//! | token does not verify, or malformed scope string | 401, `error="invalid_token"` |
//! | insufficient scope (also: a valid token without scopes) | 403, `error="insufficient_scope", scope="..."` |
//! | path not in the spec, or not canonical | 404 |
//! | method not served by the route | 405 with `Allow` |
//! | raw non-ASCII byte in the request target | 400 |
//!
//! ```no_run
//! # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
//! use scopes_runtime::axum::{ScopeLayer, SpecRouter};
//!
//! async fn show() -> &'static str { "ok" }
//!
//! let app: axum::Router = SpecRouter::new(ScopeLayer::new(foxy::TABLES).realm("foxy"))
//!     .get("/transactions/{id}", show)
//!     .post("/transactions/{id}/{transaction_action}", show)
//!     .finish(false) // true: every spec route must be served
//!     .expect("routes match the spec");
//! // Verify tokens in the layer (`.authenticate(..)`), or add your own
//! // authentication layer (outermost) that inserts `TokenScopes`.
//! ```

use std::borrow::Cow;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::handler::Handler;
use axum::http::{Extensions, Method, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

pub use crate::layer::{Authorized, ResponseBody, ResponseFuture, ScopeLayer, ScopeService};
pub use crate::refusal::{BodyFormat, LogLevel, Refusal, RefusalCounts, Responses};

use crate::authenticate::Authenticate;
use crate::refusal::lacks_credentials;
use crate::{Denied, Engine, Granted, Require, ScopeRequirement, Tables, TokenInfo, TokenScopes};

/// The rejection of the [`Require`] extractor (and of a typed route's
/// requirement).
#[derive(Debug)]
pub struct ScopeRejection {
    refusal: Refusal,
    responses: Responses,
}

impl ScopeRejection {
    /// Log and count `refusal` of `method` on `route` as `responses` say.
    pub(crate) fn logged(
        refusal: Refusal,
        responses: Responses,
        method: &str,
        route: &str,
    ) -> Self {
        responses.log(&refusal, method, route);
        ScopeRejection { refusal, responses }
    }

    /// Why the request was refused.
    #[must_use]
    pub fn refusal(&self) -> &Refusal {
        &self.refusal
    }
}

impl IntoResponse for ScopeRejection {
    fn into_response(self) -> Response {
        let mut response = self
            .responses
            .respond(&self.refusal)
            .map(axum::body::Body::from);
        // For an outer layer that answers refusals its own way.
        response.extensions_mut().insert(self.refusal);
        response
    }
}

/// The [`Require`] extractor checks the handler's declared requirement
/// against the request's granted scopes. It needs, in the request's
/// extensions:
///
/// - the granted scopes: [`Granted`] (left there by [`ScopeLayer`] on every
///   allowed request), or [`TokenScopes`] together with an [`Engine`]
///   extension to parse them (your own authentication layer, no
///   `ScopeLayer`). [`TokenInfo`] without scopes grants nothing. Neither:
///   401;
/// - optionally [`Responses`] (realm, body format, `resource_metadata`,
///   log level): [`ScopeLayer`] inserts its own, so a rejection looks like
///   the layer's refusals. Without it: realm `api`, plain text.
///
/// A public route's handler (no requirement) runs without credentials. A
/// rejection is a 403 `insufficient_scope` whose `scope` names every scope
/// the handler needs (one per group: the granted one if the token meets
/// the group, else its first; as the layer does), or a 401. It is logged
/// (method and template) and counted by those `Responses`. `SpecRouter` is
/// not needed. Handlers registered with `handlers!` make the same decision
/// without running this extractor (see [`crate::typed_routes`]).
impl<S: Send + Sync, R: ScopeRequirement> FromRequestParts<S> for Require<R> {
    type Rejection = ScopeRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ext = &parts.extensions;
        let engine = ext
            .get::<Responses>()
            .and_then(Responses::engine)
            .or_else(|| ext.get::<Engine>());
        granted_of(ext)
            .and_then(|g| require::<R>(g.as_deref(), engine))
            .map_err(|refusal| {
                let responses = ext.get::<Responses>().cloned().unwrap_or_default();
                ScopeRejection::logged(refusal, responses, parts.method.as_str(), route_of::<R>())
            })
    }
}

/// The template `R` declared, for logs (`handler` without one).
pub(crate) fn route_of<R: ScopeRequirement>() -> &'static str {
    R::ROUTE
        .and_then(|r| r.split_once(' '))
        .map_or("handler", |(_, template)| template)
}

/// The decision on requirement `R` for a grant (`None`: no credentials),
/// shared by the [`Require`] extractor and typed routes: a public route
/// (no group) needs no credentials; otherwise 401 without a grant, 403
/// `insufficient_scope` naming every scope `R` needs (with the spec's
/// `engine`, the granted one for a group the token meets).
#[inline]
pub(crate) fn require<R: ScopeRequirement>(
    granted: Option<&Granted>,
    engine: Option<&Engine>,
) -> Result<Require<R>, Refusal> {
    let Some(granted) = granted else {
        if lacks_credentials(None, R::GROUPS.is_empty()) {
            return Err(Refusal::Unauthenticated);
        }
        return Require::check_words(R::SPEC_ID, &[]).map_err(|_| Refusal::Unauthenticated);
    };
    Require::check(granted).map_err(|d| refused::<R>(granted, &d, engine))
}

/// [`require`]'s proof without the reason of a refusal (`None`): the hot
/// path of typed routes, which find the reason apart.
#[inline]
pub(crate) fn proved<R: ScopeRequirement>(granted: Option<&Granted>) -> Option<Require<R>> {
    match granted {
        Some(g) => Require::met_by(g.spec_id(), g.token()),
        // Only a public requirement is met without a token.
        None => Require::met_by(R::SPEC_ID, None),
    }
}

/// Why [`require`] refused a grant: a grant without a token (an outer
/// layer's `Granted::empty`) meets public requirements only (401);
/// otherwise 403.
#[cold]
#[inline(never)]
fn refused<R: ScopeRequirement>(granted: &Granted, d: &Denied, engine: Option<&Engine>) -> Refusal {
    if lacks_credentials(Some(granted), R::GROUPS.is_empty()) {
        return Refusal::Unauthenticated;
    }
    Refusal::InsufficientScope {
        scope: needed::<R>(engine.map(Engine::tables).as_ref(), granted),
        detail: d.detail(),
    }
}

/// Every scope `R` needs, one per group, as the layer names them: the
/// granted one for a group the token meets (recognised with `tables`),
/// else the group's first.
fn needed<R: ScopeRequirement>(tables: Option<&Tables<'_>>, granted: &Granted) -> String {
    let has = |name: &str| {
        tables
            .and_then(|t| t.scope_index(name))
            .is_some_and(|i| granted.contains_index(i))
    };
    let mut needed: Vec<&str> = Vec::new();
    for group in R::NAMES {
        let pick = group
            .iter()
            .copied()
            .find(|n| has(n))
            .or(group.first().copied());
        if let Some(name) = pick
            && !needed.contains(&name)
        {
            needed.push(name);
        }
    }
    needed.join(" ")
}

/// The granted scopes in `ext` for a [`Require`] check (`None`: no
/// credentials): a [`Granted`], else [`TokenScopes`] (or a [`TokenInfo`]'s)
/// parsed with an [`Engine`] extension; a [`TokenInfo`] without scopes
/// grants nothing.
pub(crate) fn granted_of(ext: &Extensions) -> Result<Option<Cow<'_, Granted>>, Refusal> {
    if let Some(g) = ext.get::<Granted>() {
        return Ok(Some(Cow::Borrowed(g)));
    }
    let scopes = ext
        .get::<TokenScopes>()
        .or_else(|| ext.get::<TokenInfo>().and_then(|i| i.scopes.as_ref()));
    match (scopes, ext.get::<Engine>()) {
        (Some(t), Some(engine)) => t
            .grant(&engine.tables())
            .map(|g| Some(Cow::Owned(g)))
            .map_err(|e| Refusal::InvalidToken(e.to_string())),
        (None, Some(engine)) if ext.get::<TokenInfo>().is_some() => {
            Ok(Some(Cow::Owned(Granted::no_scopes(&engine.tables()))))
        }
        _ => Ok(None),
    }
}

/// What a [`SpecRouter`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMismatch {
    /// Registered (method, path) pairs the spec does not have.
    pub not_in_spec: Vec<(String, String)>,
    /// Spec (method, template) pairs no route serves (strict mode).
    pub not_served: Vec<(String, String)>,
}

impl std::fmt::Display for RouteMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (m, p) in &self.not_in_spec {
            writeln!(f, "registered but not in the spec: {m} {p}")?;
        }
        for (m, p) in &self.not_served {
            writeln!(f, "in the spec but not served: {m} {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RouteMismatch {}

/// A router that records what it serves, so [`SpecRouter::finish`] can
/// check it against the spec before the server starts.
pub struct SpecRouter<S = (), A = crate::NoAuth> {
    router: Router<S>,
    layer: ScopeLayer<A>,
    registered: Vec<(Method, String)>,
}

macro_rules! method_fns {
    ($($name:ident => $method:ident),*) => {$(
        #[doc = concat!("Serve `", stringify!($method), " path` with `handler`.")]
        #[must_use]
        pub fn $name<H, T>(self, path: &str, handler: H) -> Self
        where
            H: Handler<T, S>,
            T: 'static,
        {
            self.on(Method::$method, path, axum::routing::$name(handler))
        }
    )*};
}

impl<S, A> SpecRouter<S, A>
where
    S: Clone + Send + Sync + 'static,
    A: Authenticate + Clone,
    A::Future: Send,
{
    /// A router enforced by `layer`.
    #[must_use]
    pub fn new(layer: ScopeLayer<A>) -> Self {
        SpecRouter {
            router: Router::new(),
            layer,
            registered: Vec::new(),
        }
    }

    /// Serve `method path` with a method router.
    #[must_use]
    pub fn on(mut self, method: Method, path: &str, service: MethodRouter<S>) -> Self {
        self.router = self.router.route(path, service);
        self.registered.push((method, path.to_owned()));
        self
    }

    method_fns!(get => GET, post => POST, put => PUT, patch => PATCH, delete => DELETE, options => OPTIONS);

    /// Check the registered routes against the spec and return the router
    /// with the [`ScopeLayer`] applied. GET implies HEAD (axum serves HEAD
    /// with GET handlers). In `strict` mode every (method, route) of the
    /// spec must be served.
    ///
    /// # Errors
    /// [`RouteMismatch`] listing everything wrong.
    pub fn finish(self, strict: bool) -> Result<Router<S>, RouteMismatch> {
        let tables = self.layer.engine().tables();
        let mut served: Vec<(String, String)> = Vec::new();
        let mut not_in_spec = Vec::new();
        for (m, path) in &self.registered {
            let method = m.as_str();
            let ok = tables
                .route_by_template(path)
                .is_some_and(|r| tables.requirement_for(r, method).is_some());
            if ok {
                served.push((method.to_owned(), path.clone()));
                if m == Method::GET {
                    served.push(("HEAD".to_owned(), path.clone()));
                }
            } else {
                not_in_spec.push((method.to_owned(), path.clone()));
            }
        }
        let mut not_served = Vec::new();
        if strict {
            for r in 0..u32::try_from(tables.routes.len()).unwrap_or(u32::MAX) {
                for m in tables.methods_of(r) {
                    let key = (
                        tables.method_name(m.method).to_owned(),
                        tables.template(r).to_owned(),
                    );
                    if !served.contains(&key) {
                        not_served.push(key);
                    }
                }
            }
        }
        if not_in_spec.is_empty() && not_served.is_empty() {
            let layer = self
                .layer
                .served_by_router(served.iter().map(|(m, p)| (m.as_str(), p.as_str())));
            Ok(self.router.layer(layer))
        } else {
            Err(RouteMismatch {
                not_in_spec,
                not_served,
            })
        }
    }
}
