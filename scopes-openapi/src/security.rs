//! What OpenAPI's security fields mean for a request carrying an OAuth
//! token: the schemes a document declares, and the access each operation
//! needs (OpenAPI 3.1 §4.8.30: a `security` list is OR over requirement
//! objects, an object is AND over its schemes, an oauth2/openIdConnect
//! scheme's list names scopes that are all required; the root `security`
//! applies where an operation has none; `[]` or `{}` means no security).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::logic::{self, Clause};

/// The kind of a declared security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `oauth2` or `openIdConnect`: a bearer token with scopes.
    OAuth,
    /// Anything else (`apiKey`, `http`, `mutualTLS`): no scopes.
    Other(String),
}

/// The declared schemes and the scopes their flows list.
#[derive(Debug, Clone, Default)]
pub struct Schemes {
    /// Scheme name to kind.
    pub kinds: BTreeMap<String, SchemeKind>,
    /// Scopes of the oauth2 flows, by scheme, flow and scope name, with descriptions.
    pub scopes: Vec<(String, String)>,
    /// Scopes declared twice with different descriptions.
    pub conflicts: Vec<String>,
}

impl Schemes {
    /// Read `components.securitySchemes`.
    #[must_use]
    pub fn read(doc: &Value) -> Schemes {
        let mut out = Schemes::default();
        let Some(map) = doc
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object)
        else {
            return out;
        };
        for (name, scheme) in map {
            let Some(scheme) = resolve(doc, scheme) else {
                out.kinds
                    .insert(name.clone(), SchemeKind::Other("unresolved $ref".into()));
                continue;
            };
            let ty = scheme.get("type").and_then(Value::as_str).unwrap_or("");
            let kind = match ty {
                "oauth2" | "openIdConnect" => SchemeKind::OAuth,
                other => SchemeKind::Other(other.to_owned()),
            };
            out.kinds.insert(name.clone(), kind);
            let flows = scheme.get("flows").and_then(Value::as_object);
            for flow in flows.into_iter().flat_map(|f| f.values()) {
                let scopes = flow.get("scopes").and_then(Value::as_object);
                for (scope, description) in scopes.into_iter().flatten() {
                    let description = description.as_str().unwrap_or("").trim().to_owned();
                    match out.scopes.iter().find(|(s, _)| s == scope) {
                        Some((_, d)) => {
                            if *d != description && !out.conflicts.contains(scope) {
                                out.conflicts.push(scope.clone());
                            }
                        }
                        None => out.scopes.push((scope.clone(), description)),
                    }
                }
            }
        }
        out
    }
}

/// `value`, or what its `$ref` points to in this document (OpenAPI 3.1
/// lets a security scheme be a Reference Object); `None` for a reference
/// to another document, a missing target, or a cycle.
fn resolve<'d>(doc: &'d Value, mut value: &'d Value) -> Option<&'d Value> {
    for _ in 0..16 {
        let Some(target) = value.get("$ref") else {
            return Some(value);
        };
        value = doc.pointer(target.as_str()?.strip_prefix('#')?)?;
    }
    None
}

/// What an operation needs, for a request with an OAuth token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// No security at all (`security: []`, or `{}` among the alternatives).
    Public,
    /// Any valid token, no particular scope (`{oauth: []}`). The spec
    /// format cannot say this yet: [`crate::import::TokenOnly`] decides.
    TokenOnly,
    /// An AND of OR-groups of scopes, none empty.
    Scopes(Vec<Clause>),
    /// Neither the operation nor the root has `security`.
    Unsecured,
    /// Every alternative needs a non-OAuth scheme only.
    OtherSchemesOnly,
}

/// How an operation's security was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The access.
    pub access: Access,
    /// The `security` came from the root.
    pub from_root: bool,
    /// Non-OAuth schemes the operation names (`api_key (apiKey)`).
    pub other_schemes: Vec<String>,
    /// Alternatives dropped because they use non-OAuth schemes only.
    pub dropped: usize,
    /// Alternatives that ask for a non-OAuth scheme along with OAuth scopes.
    pub mixed: usize,
    /// Scheme names used but not declared.
    pub undeclared: Vec<String>,
    /// The spec's form has more groups than [`logic::LARGE`].
    pub large: bool,
}

/// How a scope list with several scopes is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListReading {
    /// As OpenAPI defines: every scope is required.
    AllOf,
    /// Any one of them (what Slack's and some of Spotify's lists mean).
    AnyOf,
}

/// Problems that make an operation's security unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityError {
    /// Not a list of requirement objects mapping names to string lists.
    Shape(String),
    /// The spec's AND of OR-groups would be too large.
    TooLarge,
}

/// Read one operation's security (`op_security`), with the root's as
/// default.
///
/// # Errors
/// A malformed `security` value, or a requirement too large to express.
pub fn analyse(
    op_security: Option<&Value>,
    root_security: Option<&Value>,
    schemes: &Schemes,
    reading: ListReading,
) -> Result<Analysis, SecurityError> {
    let mut a = Analysis {
        access: Access::Unsecured,
        from_root: op_security.is_none(),
        other_schemes: Vec::new(),
        dropped: 0,
        mixed: 0,
        undeclared: Vec::new(),
        large: false,
    };
    let Some(list) = op_security.or(root_security) else {
        return Ok(a);
    };
    let list = list
        .as_array()
        .ok_or_else(|| SecurityError::Shape("`security` is not a list".into()))?;
    let (mut public, mut token_only) = (list.is_empty(), false);
    let mut alternatives: Vec<Vec<Clause>> = Vec::new();
    for object in list {
        match alternative(object, schemes, reading, &mut a)? {
            Alternative::Public => public = true,
            Alternative::OtherSchemesOnly => a.dropped += 1,
            Alternative::TokenOnly => token_only = true,
            Alternative::Scopes(cnf) => alternatives.push(cnf),
        }
    }
    a.access = if public {
        Access::Public
    } else if token_only {
        Access::TokenOnly
    } else if alternatives.is_empty() {
        Access::OtherSchemesOnly
    } else {
        let cnf = logic::or_of_cnfs(&alternatives).map_err(|_| SecurityError::TooLarge)?;
        // One alternative is written as it is, however many scopes.
        a.large = alternatives.len() > 1 && cnf.len() > logic::LARGE;
        Access::Scopes(cnf)
    };
    Ok(a)
}

/// What one requirement object asks of a token.
enum Alternative {
    /// `{}`.
    Public,
    /// Only non-OAuth schemes.
    OtherSchemesOnly,
    /// OAuth schemes, none with scopes.
    TokenOnly,
    /// The scopes, as an AND of OR-groups.
    Scopes(Vec<Clause>),
}

/// Read one requirement object; non-OAuth and undeclared schemes are
/// recorded in `a`.
fn alternative(
    object: &Value,
    schemes: &Schemes,
    reading: ListReading,
    a: &mut Analysis,
) -> Result<Alternative, SecurityError> {
    let object = object
        .as_object()
        .ok_or_else(|| SecurityError::Shape("a security requirement is not an object".into()))?;
    if object.is_empty() {
        return Ok(Alternative::Public);
    }
    let mut oauth: Vec<Vec<String>> = Vec::new();
    let mut other = false;
    for (name, scopes) in object {
        let scopes = string_list(scopes).ok_or_else(|| {
            SecurityError::Shape(format!("the value of `{name}` is not a list of strings"))
        })?;
        match schemes.kinds.get(name) {
            Some(SchemeKind::OAuth) => oauth.push(scopes),
            Some(SchemeKind::Other(kind)) => {
                other = true;
                push_unique(&mut a.other_schemes, format!("{name} ({kind})"));
            }
            None => {
                other = true;
                push_unique(&mut a.undeclared, name.clone());
            }
        }
    }
    if oauth.is_empty() {
        return Ok(Alternative::OtherSchemesOnly);
    }
    if other {
        a.mixed += 1;
    }
    let mut cnf: Vec<Clause> = Vec::new();
    for scopes in oauth.iter().filter(|s| !s.is_empty()) {
        match reading {
            ListReading::AllOf => cnf.extend(scopes.iter().map(|s| Clause::from([s.clone()]))),
            ListReading::AnyOf => cnf.push(scopes.iter().cloned().collect()),
        }
    }
    Ok(if cnf.is_empty() {
        Alternative::TokenOnly
    } else {
        Alternative::Scopes(cnf)
    })
}

fn string_list(v: &Value) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|s| s.as_str().map(str::to_owned))
        .collect()
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// Every scope an operation's (or the root's) security names under an
/// OAuth scheme, in order of appearance.
#[must_use]
pub fn named_scopes(security: Option<&Value>, schemes: &Schemes) -> Vec<String> {
    let mut out = Vec::new();
    for object in security.and_then(Value::as_array).into_iter().flatten() {
        for (name, scopes) in object.as_object().into_iter().flatten() {
            if schemes.kinds.get(name) == Some(&SchemeKind::OAuth) {
                for s in string_list(scopes).into_iter().flatten() {
                    push_unique(&mut out, s);
                }
            }
        }
    }
    out
}
