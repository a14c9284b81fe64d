//! [`Guarded`]: a `#[requires_scope]` handler that tests its own
//! requirement before axum runs its extractors. No tower layer per route,
//! no `Require` extractor, no extension inserted per request: the
//! handler's first argument, the proof, comes from the test itself.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::authenticate::{Authenticate, BoxFuture, TokenError, TokenInfo};
use crate::axum::{Responses, ScopeLayer, ScopeRejection, granted_of, require, route_of};
use crate::layer::{Admission, is_canonical};
use crate::refusal::Refusal;
use crate::{Engine, Require, ScopeRequirement};

/// What protects the handlers of one typed router.
#[derive(Clone)]
pub(crate) enum Gate {
    /// `protect` / `enforce`: the layer's configuration (its authenticator,
    /// type-erased so that registration need not know it).
    Layer(ScopeLayer<DynAuth>),
    /// `into_router`: the grant, spec and responses come from the request's
    /// extensions, as for the [`Require`] extractor.
    Extensions,
}

impl Gate {
    /// Protected by `layer`.
    pub(crate) fn layer<A: Authenticate + Clone>(layer: ScopeLayer<A>) -> Self {
        Gate::Layer(layer.map_auth(|auth| auth.map(DynAuth::new)))
    }
}

/// A token verification in progress.
type Verifying = BoxFuture<Result<TokenInfo, TokenError>>;

/// An authenticator behind a pointer: one type for every typed router.
#[derive(Clone)]
pub(crate) struct DynAuth(Arc<dyn Fn(&str) -> Verifying + Send + Sync>);

impl DynAuth {
    fn new<A: Authenticate>(auth: A) -> Self {
        DynAuth(Arc::new(move |token: &str| {
            Box::pin(auth.authenticate(token))
        }))
    }
}

impl Authenticate for DynAuth {
    type Future = Verifying;

    fn authenticate(&self, token: &str) -> Self::Future {
        (self.0)(token)
    }
}

/// A `#[requires_scope(route = "…")]` handler as `handlers!` registers it:
/// an axum [`Handler`] that, per request, checks the path is canonical,
/// finds the grant (verifying the token when the layer has an
/// authenticator) and tests the bits of `R`, then runs the handler's own
/// extractors and body with the proof, or answers the refusal (401, 403,
/// as the layer's responses say). The `Require` extractor is not run.
pub struct Guarded<R, F> {
    handler: F,
    gate: Gate,
    requirement: PhantomData<fn() -> R>,
}

impl<R, F: Clone> Clone for Guarded<R, F> {
    fn clone(&self) -> Self {
        Guarded {
            handler: self.handler.clone(),
            gate: self.gate.clone(),
            requirement: PhantomData,
        }
    }
}

impl<R, F> Guarded<R, F> {
    pub(crate) fn new(handler: F, gate: Gate) -> Self {
        Guarded {
            handler,
            gate,
            requirement: PhantomData,
        }
    }
}

type Answer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The decision before the handler runs.
pub(crate) enum Checked<R: ScopeRequirement> {
    /// The proof of `R`.
    Allowed(Require<R>),
    /// The refusal (or the layer's answer: metadata, 400, 404).
    Refused(Response),
    /// Verify the token, then [`Gate::verified`].
    Verify(Verifying),
}

impl Gate {
    /// Everything decided without waiting, from the request's head.
    pub(crate) fn check<R: ScopeRequirement>(&self, req: &Parts) -> Checked<R> {
        let layer = match self {
            Gate::Layer(layer) => layer,
            Gate::Extensions => return Self::check_extensions(req),
        };
        let granted = match layer.admit(req) {
            Err(response) => return Checked::Refused((*response).map(Body::from)),
            Ok(Admission::Verify(verifying)) => return Checked::Verify(verifying),
            Ok(Admission::Grant(granted)) => granted,
        };
        match granted.and_then(|g| require::<R>(g.as_deref(), Some(layer.engine()))) {
            Ok(guard) => Checked::Allowed(guard),
            Err(refusal) => Checked::Refused(refuse::<R>(refusal, layer.responses().clone(), req)),
        }
    }

    /// After the layer's authenticator answered ([`Checked::Verify`]).
    pub(crate) fn verified<R: ScopeRequirement>(
        &self,
        req: &mut Parts,
        verified: Result<TokenInfo, TokenError>,
    ) -> Result<Require<R>, Box<Response>> {
        let Gate::Layer(layer) = self else {
            // Only a layer verifies tokens; deny by default all the same.
            let refusal = Refusal::Unauthenticated;
            return Err(Box::new(refuse::<R>(refusal, Responses::default(), req)));
        };
        layer
            .verified(req, verified)
            .and_then(|g| require::<R>(g.as_ref(), Some(layer.engine())))
            .map_err(|refusal| Box::new(refuse::<R>(refusal, layer.responses().clone(), req)))
    }

    /// `into_router`: as the `Require` extractor decides, after the
    /// canonical-path check.
    fn check_extensions<R: ScopeRequirement>(req: &Parts) -> Checked<R> {
        let ext = &req.extensions;
        let responses = || ext.get::<Responses>().cloned().unwrap_or_default();
        let path = req.uri.path();
        if !is_canonical(path) {
            let response = responses().refuse(&Refusal::NotFound, req.method.as_str(), path);
            return Checked::Refused(response.map(Body::from));
        }
        let engine = ext
            .get::<Responses>()
            .and_then(Responses::engine)
            .or_else(|| ext.get::<Engine>());
        match granted_of(ext).and_then(|g| require::<R>(g.as_deref(), engine)) {
            Ok(guard) => Checked::Allowed(guard),
            Err(refusal) => Checked::Refused(refuse::<R>(refusal, responses(), req)),
        }
    }
}

/// The refusal of `R` for `req`, logged and counted.
fn refuse<R: ScopeRequirement>(refusal: Refusal, responses: Responses, req: &Parts) -> Response {
    ScopeRejection::logged(refusal, responses, req.method.as_str(), route_of::<R>()).into_response()
}

/// The first step of a guarded handler, before its future: the proof,
/// the refusal, or the token to verify first (see [`proof`]).
fn admit<R: ScopeRequirement>(gate: &Gate, parts: &Parts) -> Result<Pending<R>, Box<Response>> {
    match gate.check::<R>(parts) {
        Checked::Allowed(guard) => Ok(Pending::Proved(guard)),
        Checked::Refused(response) => Err(Box::new(response)),
        Checked::Verify(verifying) => Ok(Pending::Verifying(verifying)),
    }
}

/// What [`admit`] left for the handler's future.
enum Pending<R: ScopeRequirement> {
    Proved(Require<R>),
    Verifying(Verifying),
}

/// Inside the handler's future: the proof, after the token's verification
/// if there is one (`parts` borrowed, not moved: the future stays as
/// small and as cheap to start as axum's own).
async fn proof<R: ScopeRequirement>(
    gate: &Gate,
    pending: Pending<R>,
    parts: &mut Parts,
) -> Result<Require<R>, Response> {
    match pending {
        Pending::Proved(guard) => Ok(guard),
        Pending::Verifying(verifying) => gate
            .verified::<R>(parts, verifying.await)
            .map_err(|response| *response),
    }
}

impl<R, F, Fut, Res, S> Handler<((),), S> for Guarded<R, F>
where
    R: ScopeRequirement,
    F: FnOnce(Require<R>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Res> + Send,
    Res: IntoResponse,
    S: Send + Sync + 'static,
{
    type Future = Answer;

    fn call(self, req: Request, _state: S) -> Self::Future {
        let (mut parts, _) = req.into_parts();
        let pending = match admit::<R>(&self.gate, &parts) {
            Ok(pending) => pending,
            Err(response) => return Box::pin(std::future::ready(*response)),
        };
        let Guarded { handler, gate, .. } = self;
        Box::pin(async move {
            match proof(&gate, pending, &mut parts).await {
                Ok(guard) => handler(guard).await.into_response(),
                Err(response) => response,
            }
        })
    }
}

/// `Handler` for a guarded handler with extractors `$ty…, $last` after
/// its proof, as axum implements it for plain functions.
macro_rules! guarded_handler {
    ([$($ty:ident),*], $last:ident) => {
        #[allow(non_snake_case, unused_mut)]
        impl<R, F, Fut, Res, S, M, $($ty,)* $last> Handler<(M, $($ty,)* $last,), S>
            for Guarded<R, F>
        where
            R: ScopeRequirement,
            F: FnOnce(Require<R>, $($ty,)* $last,) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = Res> + Send,
            Res: IntoResponse,
            S: Send + Sync + 'static,
            $( $ty: FromRequestParts<S> + Send, )*
            $last: FromRequest<S, M> + Send,
        {
            type Future = Answer;

            fn call(self, req: Request, state: S) -> Self::Future {
                let (mut parts, body) = req.into_parts();
                let pending = match admit::<R>(&self.gate, &parts) {
                    Ok(pending) => pending,
                    Err(response) => return Box::pin(std::future::ready(*response)),
                };
                let Guarded { handler, gate, .. } = self;
                Box::pin(async move {
                    let guard = match proof(&gate, pending, &mut parts).await {
                        Ok(guard) => guard,
                        Err(response) => return response,
                    };
                    $(
                        let $ty = match $ty::from_request_parts(&mut parts, &state).await {
                            Ok(value) => value,
                            Err(rejection) => return rejection.into_response(),
                        };
                    )*
                    let req = Request::from_parts(parts, body);
                    let $last = match $last::from_request(req, &state).await {
                        Ok(value) => value,
                        Err(rejection) => return rejection.into_response(),
                    };
                    handler(guard, $($ty,)* $last,).await.into_response()
                })
            }
        }
    };
}

guarded_handler!([], T1);
guarded_handler!([T1], T2);
guarded_handler!([T1, T2], T3);
guarded_handler!([T1, T2, T3], T4);
guarded_handler!([T1, T2, T3, T4], T5);
guarded_handler!([T1, T2, T3, T4, T5], T6);
guarded_handler!([T1, T2, T3, T4, T5, T6], T7);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7], T8);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8], T9);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8, T9], T10);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8, T9, T10], T11);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11], T12);
guarded_handler!([T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12], T13);
guarded_handler!(
    [T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13],
    T14
);
guarded_handler!(
    [T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14],
    T15
);
