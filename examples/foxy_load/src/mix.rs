//! The request mix: every case pre-rendered as HTTP/1.1 bytes with its
//! expected answer from [`crate::oracle`], grouped by class and drawn with
//! fixed weights.

use crate::oracle::{self, Credential, Expect, ROUTES, Route};

/// The HS256 secret both the load generator and the served app use.
pub const SECRET: &[u8] = b"foxy-load-secret";

/// Request classes, with their share of the mix in percent.
pub const CLASSES: [(Class, u32); 7] = [
    (Class::Allowed, 35),
    (Class::Denied, 25),
    (Class::Unauthenticated, 10),
    (Class::InvalidToken, 10),
    (Class::TwoAuthorization, 5),
    (Class::NonCanonical, 8),
    (Class::MethodNotAllowed, 7),
];

/// What kind of request a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Valid token with a scope that meets the route: 200.
    Allowed,
    /// Valid token without it: 403 `insufficient_scope`.
    Denied,
    /// No credentials: 401.
    Unauthenticated,
    /// A token that does not verify: 401 `invalid_token`.
    InvalidToken,
    /// Two `Authorization` fields: 400 `invalid_request`.
    TwoAuthorization,
    /// A path not in canonical form or not served: 404.
    NonCanonical,
    /// A method the router does not serve, or an unknown one: 405.
    MethodNotAllowed,
}

/// One request and what each service must answer.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its class.
    pub class: Class,
    /// `METHOD path`, for reports.
    pub label: String,
    /// The request bytes.
    pub bytes: Vec<u8>,
    /// HEAD: the response has no body whatever its `Content-Length`.
    pub head: bool,
    /// Answer of the protected service.
    pub protected: Expect,
    /// Answer of the same handlers without enforcement.
    pub baseline: Expect,
}

/// Scope sets the valid tokens carry.
pub const GRANTS: &[&str] = &[
    "transactions_read",
    "transactions_write",
    "transactions_resend",
    "carts_read",
    "carts_write",
    "stores_read",
    "customers_read",
    "customers_write",
    "coupons_write",
    "webhooks_read",
    "webhooks_write",
    "webhooks_resend",
    "users_read",
    "carts_read transactions_resend",
    "store_full_access",
];

/// Paths a canonical-path check must refuse (or that nothing serves), each
/// with the route plain routing would still match, if any.
const NON_CANONICAL: &[(&str, Option<usize>)] = &[
    ("/nope", None),
    ("/transactions", None),
    ("/transactions/7/", None),
    // Plain routing matches /transactions/{id}/{transaction_action} with an
    // empty id, which serves POST only.
    ("/transactions//7", Some(5)),
    // Plain routing serves this as /transactions/{id} with id "..".
    ("/transactions/%2e%2e", Some(3)),
    ("/Transactions/7", None),
];

/// Methods tried on every route for 405 (BREW is not a method anyone serves).
const OTHER_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "BREW"];

fn render(method: &str, path: &str, auth: &[String]) -> Vec<u8> {
    let mut s = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for a in auth {
        s.push_str("Authorization: ");
        s.push_str(a);
        s.push_str("\r\n");
    }
    s.push_str("Content-Length: 0\r\n\r\n");
    s.into_bytes()
}

fn bearer(secret: &[u8], scope: &str) -> String {
    format!("Bearer {}", foxy_store::token(secret, scope))
}

struct Builder {
    cases: Vec<Case>,
    full: String,
}

impl Builder {
    /// Add `method path` with `auth`; `routes` is what the protected
    /// service and plain routing each match it to.
    fn push(
        &mut self,
        class: Class,
        routes: [Option<&Route>; 2],
        (method, path): (&str, &str),
        auth: &[String],
        cred: Credential<'_>,
    ) {
        let [route, base_route] = routes;
        self.cases.push(Case {
            class,
            label: format!("{method} {path}"),
            bytes: render(method, path, auth),
            head: method == "HEAD",
            protected: oracle::protected(route, method, cred),
            baseline: oracle::baseline(base_route, method),
        });
    }

    fn scoped(&mut self, route: &Route) {
        for &method in route.served {
            for &scope in GRANTS {
                let class = if oracle::grants(scope, route, method) {
                    Class::Allowed
                } else {
                    Class::Denied
                };
                let auth = [bearer(SECRET, scope)];
                let cred = Credential::Scopes(scope);
                self.push(class, [Some(route); 2], (method, route.path), &auth, cred);
            }
        }
    }

    fn refused(&mut self, route: &Route) {
        let method = route.served[0];
        let r = Some(route);
        self.push(
            Class::Unauthenticated,
            [r; 2],
            (method, route.path),
            &[],
            Credential::None,
        );
        let bad = [
            "Bearer not.a.jwt".to_owned(),
            bearer(b"another-secret", "store_full_access"),
        ];
        for a in bad {
            let auth = [a];
            self.push(
                Class::InvalidToken,
                [r; 2],
                (method, route.path),
                &auth,
                Credential::Invalid,
            );
        }
        let two = [self.full.clone(), bearer(SECRET, "users_read")];
        self.push(
            Class::TwoAuthorization,
            [r; 2],
            (method, route.path),
            &two,
            Credential::Two,
        );
        let full = [self.full.clone()];
        for &m in OTHER_METHODS.iter().filter(|m| !route.served.contains(m)) {
            let cred = Credential::Scopes("store_full_access");
            self.push(
                Class::MethodNotAllowed,
                [r; 2],
                (m, route.path),
                &full,
                cred,
            );
        }
    }
}

/// Every case of the mix.
#[must_use]
pub fn cases() -> Vec<Case> {
    let full = bearer(SECRET, "store_full_access");
    let mut b = Builder {
        cases: Vec::new(),
        full: full.clone(),
    };
    for route in ROUTES {
        b.scoped(route);
        b.refused(route);
    }
    let auth = [full];
    for &(path, plain) in NON_CANONICAL {
        let base = plain.map(|i| &ROUTES[i]);
        let cred = Credential::Scopes("store_full_access");
        b.push(
            Class::NonCanonical,
            [None, base],
            ("GET", path),
            &auth,
            cred,
        );
    }
    b.cases
}

/// The cases grouped by class, in the order of [`CLASSES`].
#[must_use]
pub fn by_class(cases: Vec<Case>) -> Vec<Vec<Case>> {
    let mut groups: Vec<Vec<Case>> = CLASSES.iter().map(|_| Vec::new()).collect();
    for c in cases {
        let i = CLASSES.iter().position(|(k, _)| *k == c.class);
        groups[i.unwrap_or(0)].push(c);
    }
    groups
}

/// A small deterministic generator (xorshift64*), one per connection.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator (a zero seed is replaced).
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// Next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Pick a case: a class by weight, then a case of it uniformly.
    pub fn pick<'a>(&mut self, groups: &'a [Vec<Case>]) -> &'a Case {
        let total: u32 = CLASSES.iter().map(|c| c.1).sum();
        let mut roll = u32::try_from(self.next_u64() % u64::from(total)).unwrap_or(0);
        let mut g = 0;
        for (i, (_, w)) in CLASSES.iter().enumerate() {
            if roll < *w {
                g = i;
                break;
            }
            roll -= w;
        }
        let group = &groups[g];
        let n = usize::try_from(self.next_u64()).unwrap_or(0) % group.len();
        &group[n]
    }
}
