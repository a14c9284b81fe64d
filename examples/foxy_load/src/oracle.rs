//! The expected answer for every request of the mix, written here from the
//! spec text (spec/foxy.yaml) and RFC 6750 / the README refusal table, not
//! from the layer's code.
//!
//! Scope rules (spec/foxy.yaml `conventions`): `{resource}_read` grants GET,
//! HEAD and OPTIONS; `{resource}_write` grants POST, PUT, PATCH and DELETE and
//! implies read; a route marked `actions: [resend]` needs `{resource}_resend`
//! only; a path listed under several resources is met by any of their scopes;
//! `store_full_access` is the superuser.
//!
//! Status mapping (RFC 6750 §3 and §3.1, RFC 9110 §15.5): no credentials 401
//! with a challenge carrying no error code; a credential that does not verify
//! 401 `invalid_token`; two `Authorization` fields 400 `invalid_request`; a
//! verified token without the needed scope 403 `insufficient_scope`; a path
//! the service does not serve (or not in canonical form) 404; a method its
//! router does not serve for the path 405.

/// What the `WWW-Authenticate` header must say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Challenge {
    /// Not checked (2xx, 404, 405, and the baseline without enforcement).
    Unchecked,
    /// A `Bearer` challenge with no `error` parameter (RFC 6750 §3).
    Bare,
    /// A `Bearer` challenge with `error="<code>"` (RFC 6750 §3.1).
    Error(&'static str),
}

/// The expected answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expect {
    /// HTTP status.
    pub status: u16,
    /// `WWW-Authenticate` requirement.
    pub challenge: Challenge,
}

impl Expect {
    /// A status whose challenge is not checked.
    #[must_use]
    pub const fn plain(status: u16) -> Self {
        Self {
            status,
            challenge: Challenge::Unchecked,
        }
    }
}

/// One route the example serves: a concrete path, the methods its router
/// registers (GET brings HEAD), the spec resources whose scopes meet it, and
/// whether the spec marks it `actions: [resend]`.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// A concrete request path matching the route's template.
    pub path: &'static str,
    /// Methods the router serves for it.
    pub served: &'static [&'static str],
    /// Resources listing the path in spec/foxy.yaml.
    pub resources: &'static [&'static str],
    /// `actions: [resend]` in the spec.
    pub resend: bool,
}

const GET: &[&str] = &["GET", "HEAD"];
const POST: &[&str] = &["POST"];

const fn route(
    path: &'static str,
    served: &'static [&'static str],
    resources: &'static [&'static str],
) -> Route {
    Route {
        path,
        served,
        resources,
        resend: false,
    }
}

/// The example's routes (examples/foxy_store/src/lib.rs `app_with`), each
/// with what spec/foxy.yaml says about it.
pub const ROUTES: &[Route] = &[
    route("/stores/1", GET, &["stores"]),
    route("/carts/2", &["GET", "HEAD", "PATCH"], &["carts"]),
    route("/applied_coupon_codes/3", GET, &["carts", "transactions"]),
    route(
        "/transactions/7",
        &["GET", "HEAD", "OPTIONS"],
        &["transactions"],
    ),
    Route {
        resend: true,
        ..route("/transactions/7/send_emails", POST, &["transactions"])
    },
    // {transaction_action}: `methods: [POST]`, the write action.
    route("/transactions/7/capture", POST, &["transactions"]),
    route("/transactions/8/refund", POST, &["transactions"]),
    route("/customers/4", GET, &["customers"]),
    route("/stores/1/customers", POST, &["customers"]),
    route("/coupons/5", &["DELETE"], &["coupons"]),
    Route {
        resend: true,
        ..route("/stores/1/send_webhooks", POST, &["webhooks"])
    },
    route("/webhooks/9", GET, &["webhooks"]),
];

/// The spec action a method maps to on a route.
fn action(route: &Route, method: &str) -> &'static str {
    if route.resend {
        "resend"
    } else if matches!(method, "GET" | "HEAD" | "OPTIONS") {
        "read"
    } else {
        "write"
    }
}

/// Whether the space-separated `granted` scopes meet `route` for `method`.
#[must_use]
pub fn grants(granted: &str, route: &Route, method: &str) -> bool {
    let held: Vec<&str> = granted.split(' ').collect();
    let has = |s: &str| held.contains(&s);
    let action = action(route, method);
    has("store_full_access")
        || route.resources.iter().any(|r| {
            has(&format!("{r}_{action}")) || (action == "read" && has(&format!("{r}_write")))
        })
}

/// What the caller presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential<'a> {
    /// No `Authorization` field.
    None,
    /// A valid token granting these scopes.
    Scopes(&'a str),
    /// A token that does not verify.
    Invalid,
    /// Two `Authorization` fields, each with a valid token.
    Two,
}

/// The protected service's answer: route and method first (the request is
/// sent with full access where they are wrong), then the credential.
#[must_use]
pub fn protected(route: Option<&Route>, method: &str, cred: Credential<'_>) -> Expect {
    let Some(route) = route else {
        return Expect::plain(404);
    };
    if !route.served.contains(&method) {
        return Expect::plain(405);
    }
    let refuse = |status, code| Expect {
        status,
        challenge: code,
    };
    match cred {
        Credential::None => refuse(401, Challenge::Bare),
        Credential::Invalid => refuse(401, Challenge::Error("invalid_token")),
        Credential::Two => refuse(400, Challenge::Error("invalid_request")),
        Credential::Scopes(s) if grants(s, route, method) => Expect::plain(200),
        Credential::Scopes(_) => refuse(403, Challenge::Error("insufficient_scope")),
    }
}

/// The same handlers without enforcement: only routing decides.
#[must_use]
pub fn baseline(route: Option<&Route>, method: &str) -> Expect {
    match route {
        None => Expect::plain(404),
        Some(r) if r.served.contains(&method) => Expect::plain(200),
        Some(_) => Expect::plain(405),
    }
}
