//! axum 0.8 integration (feature `axum`): a thin adapter on the tower
//! layer of [`crate::layer`].
//!
//! - [`ScopeLayer`] enforces the spec on every request (see
//!   [`crate::layer`] for the order of checks and the responses); behind an
//!   axum router it uses axum's `MatchedPath` instead of matching again;
//! - [`Require`] is an extractor for `#[requires_scope]` handlers; typed
//!   routes (`handlers![…].protect(layer)`, [`crate::typed_routes`]) rely
//!   on it for the scope decision;
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

use axum::Router;
use axum::extract::FromRequestParts;
use axum::handler::Handler;
use axum::http::{Method, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

pub use crate::layer::{Authorized, ResponseBody, ResponseFuture, ScopeLayer, ScopeService};
pub use crate::refusal::{BodyFormat, LogLevel, Refusal, RefusalCounts, Responses};

use crate::authenticate::Authenticate;
use crate::layer::Deferred;
use crate::{Denied, Engine, Granted, Require, ScopeRequirement, TokenInfo, TokenScopes};

/// The rejection of the [`Require`] extractor.
#[derive(Debug)]
pub struct ScopeRejection {
    refusal: Refusal,
    responses: Responses,
}

impl ScopeRejection {
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
/// the group, else its first; as the layer does), a 401, or the token's
/// refusal the typed layer deferred to the handler. It is logged (method
/// and template) and counted by those `Responses`. `SpecRouter` is not
/// needed.
impl<S: Send + Sync, R: ScopeRequirement> FromRequestParts<S> for Require<R> {
    type Rejection = ScopeRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let granted = match granted_of(parts) {
            Ok(g) => g,
            // A public route's handler needs no credentials.
            Err(Refusal::Unauthenticated) if R::GROUPS.is_empty() => {
                return Require::check_words(R::SPEC_ID, &[])
                    .map_err(|_| reject::<R>(parts, Refusal::Unauthenticated));
            }
            Err(refusal) => return Err(reject::<R>(parts, refusal)),
        };
        if !granted.has_token() && !R::GROUPS.is_empty() {
            return Err(reject::<R>(parts, Refusal::Unauthenticated));
        }
        Require::check(&granted).map_err(|d: Denied| {
            let refusal = Refusal::InsufficientScope {
                scope: needed::<R>(parts, &granted),
                detail: d.detail(),
            };
            reject::<R>(parts, refusal)
        })
    }
}

/// Log, count and answer a refusal as the layer's [`Responses`] in the
/// extensions say (read only here, on the refusal path), else the defaults.
fn reject<R: ScopeRequirement>(parts: &Parts, refusal: Refusal) -> ScopeRejection {
    let responses = parts
        .extensions
        .get::<Responses>()
        .cloned()
        .unwrap_or_default();
    let route = R::ROUTE
        .and_then(|r| r.split_once(' '))
        .map_or("handler", |(_, template)| template);
    responses.log(&refusal, parts.method.as_str(), route);
    ScopeRejection { refusal, responses }
}

/// Every scope `R` needs, one per group, as the layer names them: the
/// granted one for a group the token meets, else the group's first (a
/// granted scope is recognised with the layer's spec, or an [`Engine`] in
/// the extensions).
fn needed<R: ScopeRequirement>(parts: &Parts, granted: &Granted) -> String {
    let engine = parts
        .extensions
        .get::<Responses>()
        .and_then(Responses::engine)
        .or_else(|| parts.extensions.get::<Engine>());
    let tables = engine.map(Engine::tables);
    let has = |name: &str| {
        tables
            .as_ref()
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

/// The granted scopes a [`Require`] extractor checks.
fn granted_of(parts: &Parts) -> Result<Granted, Refusal> {
    if let Some(Deferred(refusal)) = parts.extensions.get::<Deferred>() {
        return Err(refusal.clone());
    }
    if let Some(g) = parts.extensions.get::<Granted>() {
        return Ok(g.clone());
    }
    let scopes = parts.extensions.get::<TokenScopes>().or_else(|| {
        parts
            .extensions
            .get::<TokenInfo>()
            .and_then(|i| i.scopes.as_ref())
    });
    let engine = parts.extensions.get::<Engine>();
    match (scopes, engine) {
        (Some(t), Some(engine)) => t
            .grant(&engine.tables())
            .map_err(|e| Refusal::InvalidToken(e.to_string())),
        (None, Some(engine)) if parts.extensions.get::<TokenInfo>().is_some() => {
            Ok(Granted::no_scopes(&engine.tables()))
        }
        _ => Err(Refusal::Unauthenticated),
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
