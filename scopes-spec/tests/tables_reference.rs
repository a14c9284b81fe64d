//! Every decision of a spec's tables against a reference written here
//! (issue 14 item 2, mutation testing of lowering, the model and the
//! tables): the requirements below are read off the YAML by hand with the
//! README's rules (a path under two resources is met by either's scope,
//! `write` implies `read` within a resource, HEAD follows GET, a superuser
//! meets everything, `all`/`any` are AND/OR), and every scope set of the
//! spec's nine scopes is tried on every (method, path), with and without a
//! token.

use scopes_spec::load_str;

const YAML: &str = "name: t
conventions:
  naming: \"{resource}_{action}\"
  actions:
    read: {methods: [GET]}
    write: {methods: [POST, DELETE], implies: [read]}
    resend: {methods: [POST], default: false}
scopes:
  admin: {description: everything, superuser: true}
  audit: {description: reports, implies: [carts_read]}
  orders_write: {description: orders}
  pay: {description: payments}
resources:
  carts:
    scopes: {read: r, write: w, resend: s}
    routes:
      - /carts/{id}
      - {path: \"/carts/{id}/send\", actions: [resend]}
  items:
    scopes: {read: r, write: w}
    routes:
      - /carts/{id}
routes:
  - {path: /health, methods: [GET], public: true}
  - {path: /me, methods: [GET], authenticated: true}
  - {path: /checkout, methods: [POST], requires: {all: [orders_write, {any: [pay, audit]}]}}
  - {path: \"/{kind}_reports/{id}\", methods: [GET], requires: audit}
  - {path: \"/{kind}x_reports/{id}\", methods: [GET], requires: audit}
granted:
  delimiters: [\",\"]
";

const SCOPES: [&str; 9] = [
    "admin",
    "audit",
    "orders_write",
    "pay",
    "carts_read",
    "carts_write",
    "carts_resend",
    "items_read",
    "items_write",
];

/// What a grant of each scope gives, by hand: itself, what it implies
/// (directly or not), everything for the superuser.
fn closure(scope: &str) -> Vec<&'static str> {
    match scope {
        "admin" => SCOPES.to_vec(),
        "audit" => vec!["audit", "carts_read"],
        "carts_write" => vec!["carts_write", "carts_read"],
        "items_write" => vec!["items_write", "items_read"],
        _ => vec![SCOPES.iter().copied().find(|s| *s == scope).unwrap()],
    }
}

/// A level, by hand.
enum Need {
    Public,
    Token,
    /// AND of OR-groups.
    Scopes(Vec<Vec<&'static str>>),
}

/// (template matched, requirement) for a method and a concrete path, or
/// `None` when no route serves the path, `Some((template, None))` when the
/// route does not serve the method.
fn expected(method: &str, path: &str) -> Option<(&'static str, Option<Need>)> {
    use Need::{Public, Scopes, Token};
    let read = || Scopes(vec![vec!["carts_read", "items_read"]]);
    let write = || Scopes(vec![vec!["carts_write", "items_write"]]);
    let (template, need) = match path {
        "/carts/1" => (
            "/carts/{id}",
            match method {
                "GET" | "HEAD" => Some(read()),
                "POST" | "DELETE" => Some(write()),
                _ => None,
            },
        ),
        "/carts/1/send" => (
            "/carts/{id}/send",
            (method == "POST").then(|| Scopes(vec![vec!["carts_resend"]])),
        ),
        "/health" => (
            "/health",
            matches!(method, "GET" | "HEAD").then_some(Public),
        ),
        "/me" => ("/me", matches!(method, "GET" | "HEAD").then_some(Token)),
        "/checkout" => (
            "/checkout",
            (method == "POST").then(|| Scopes(vec![vec!["orders_write"], vec!["pay", "audit"]])),
        ),
        // More literal bytes first: `{kind}x_reports` before `{kind}_reports`.
        "/xx_reports/1" => (
            "/{kind}x_reports/{id}",
            matches!(method, "GET" | "HEAD").then(|| Scopes(vec![vec!["audit"]])),
        ),
        "/x_reports/1" => (
            "/{kind}_reports/{id}",
            matches!(method, "GET" | "HEAD").then(|| Scopes(vec![vec!["audit"]])),
        ),
        _ => return None,
    };
    Some((template, need))
}

/// The reference decision's reason.
fn reason(method: &str, path: &str, token: Option<&[&str]>) -> &'static str {
    let Some((_, need)) = expected(method, path) else {
        return "no_route";
    };
    let Some(need) = need else {
        return "method_not_allowed";
    };
    let granted: Vec<&str> = token
        .unwrap_or_default()
        .iter()
        .flat_map(|s| closure(s))
        .collect();
    let met = match need {
        Need::Public => true,
        Need::Token => token.is_some(),
        Need::Scopes(groups) => {
            token.is_some() && groups.iter().all(|g| g.iter().any(|s| granted.contains(s)))
        }
    };
    match (met, token) {
        (true, _) => "ok",
        (false, None) => "unauthenticated",
        (false, Some(_)) => "insufficient_scope",
    }
}

const PATHS: [&str; 9] = [
    "/carts/1",
    "/carts/1/send",
    "/health",
    "/me",
    "/checkout",
    "/xx_reports/1",
    "/x_reports/1",
    "/_reports/1",
    "/carts",
];
const METHODS: [&str; 6] = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"];

#[test]
fn every_decision_of_the_tables_is_the_reference_one() {
    let loaded = load_str("t.yaml", YAML).expect("valid");
    let spec = loaded.spec;
    let owned = scopes_spec::tables::build(&spec);
    let t = owned.view();
    assert_eq!(t.scope_count(), SCOPES.len());
    let mut checked = 0;
    for mask in 0u32..1 << SCOPES.len() {
        let names: Vec<&str> = (0..SCOPES.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| SCOPES[i])
            .collect();
        // Granted as one string, with the spec's extra delimiter between
        // the first two names.
        let mut text = names.join(" ");
        if let Some(i) = text.find(' ') {
            text.replace_range(i..=i, ",");
        }
        let mut set = vec![0u64; t.words];
        t.grant(&text, &mut set).expect("grant");
        for path in PATHS {
            for method in METHODS {
                let got = t.authorize_token(method, path, Some(&set));
                let want = reason(method, path, Some(&names));
                assert_eq!(got.reason(), want, "{method} {path} with {names:?}");
                if let (Some(route), Some((template, _))) = (got.route(), expected(method, path)) {
                    assert_eq!(t.template(route), template, "{method} {path}");
                }
                if mask == 0 {
                    let anon = t.authorize_token(method, path, None);
                    assert_eq!(anon.reason(), reason(method, path, None), "{method} {path}");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 512 * PATHS.len() * METHODS.len());
}

/// The model's view of the same spec: the effective requirement lists, per
/// group, every scope whose grant alone meets it, sorted by name.
#[test]
fn effective_requirements_are_the_reference_ones() {
    let spec = load_str("t.yaml", YAML).expect("valid").spec;
    let closures = spec.closures();
    let mut seen = 0;
    for route in &spec.routes {
        let path = route.template.example_path();
        for (method, req) in &route.methods {
            let Some((_, Some(Need::Scopes(groups)))) = expected(method.as_str(), &path) else {
                continue;
            };
            let want: Vec<Vec<&str>> = groups
                .iter()
                .map(|g| {
                    let mut meets: Vec<&str> = SCOPES
                        .iter()
                        .copied()
                        .filter(|s| closure(s).iter().any(|c| g.contains(c)))
                        .collect();
                    meets.sort_unstable();
                    meets
                })
                .collect();
            let mut got = spec.effective(req, &closures);
            got.sort();
            let mut want: Vec<Vec<String>> = want
                .into_iter()
                .map(|g| g.into_iter().map(str::to_owned).collect())
                .collect();
            want.sort();
            assert_eq!(got, want, "{} {path}", method.as_str());
            seen += 1;
        }
    }
    // GET, HEAD, POST, DELETE /carts/{id}; POST send and checkout; GET
    // and HEAD of both report routes.
    assert_eq!(seen, 10);
}
