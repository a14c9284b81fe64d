//! `scopes export --format openapi`: a spec's requirements as OpenAPI
//! security, equal in meaning.
//!
//! The requirement of each (route, method) is the *effective* one of
//! [`scopes_spec::export`] (the same source as `scopes export` and
//! `scopes docs`): each OR-group lists every scope whose grant alone meets
//! it, so implications and superusers are spelled out, since OpenAPI has
//! neither. That AND of OR-groups becomes an OR over AND-objects by
//! distribution ([`crate::logic::distribute`]), exact and absorbed.

use scopes_spec::Spec;
use scopes_spec::model::OpenApi;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Value, json};

use crate::logic::{self, Clause};

/// How the security scheme is written: the URL flags, which override the
/// spec's `openapi:` section ([`ExportOptions::for_spec`]).
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Name of the oauth2 scheme (`components.securitySchemes.<name>`).
    pub scheme: String,
    /// Authorization endpoint (authorization code and implicit flows).
    pub authorization_url: Option<String>,
    /// Token endpoint (authorization code and client credentials flows).
    pub token_url: Option<String>,
    /// The spec's `openapi:` section: its flows (or OpenID Connect URL)
    /// are written when neither URL above is given.
    pub section: OpenApi,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            scheme: "oauth2".into(),
            authorization_url: None,
            token_url: None,
            section: OpenApi::default(),
        }
    }
}

impl ExportOptions {
    /// The options the spec's `openapi:` section gives (scheme name,
    /// default `oauth2`; flows); set the fields of flags on top.
    #[must_use]
    pub fn for_spec(spec: &Spec) -> Self {
        ExportOptions {
            scheme: spec
                .openapi
                .scheme
                .clone()
                .unwrap_or_else(|| "oauth2".into()),
            section: spec.openapi.clone(),
            ..ExportOptions::default()
        }
    }
}

/// Why an export failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError(pub String);

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExportError {}

/// One (route, method) and its requirement: what `scopes docs` prints
/// and what the OpenAPI export writes, from one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRequirement {
    /// Path template.
    pub path: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The requirement as the spec declares it: an AND of OR-groups of
    /// scope names (`[]` is public, `[[]]` any valid token). Implications
    /// and superusers apply.
    pub declared: Vec<Vec<String>>,
    /// The effective AND of OR-groups: each group lists every scope whose
    /// grant alone meets it (`[]` is public, `[[]]` any valid token).
    pub groups: Vec<Vec<String>>,
}

/// Every (route, method) of the spec, in the order of
/// [`scopes_spec::export`] (path, then method).
#[must_use]
pub fn requirements(spec: &Spec) -> Vec<RouteRequirement> {
    scopes_spec::export::export(spec)
        .routes
        .into_iter()
        .map(|r| {
            let declared = spec
                .route(&r.path)
                .and_then(|route| route.methods.get(&scopes_spec::Method(r.method.clone())))
                .map(|req| {
                    req.iter()
                        .map(|g| g.iter().map(|&s| spec.scopes[s].name.clone()).collect())
                        .collect()
                })
                .unwrap_or_default();
            RouteRequirement {
                path: r.path,
                method: r.method,
                declared,
                groups: r.requires,
            }
        })
        .collect()
}

/// One (route, method) and its requirement in both forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationSecurity {
    /// Path template.
    pub path: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The effective AND of OR-groups (`[]` is public, `[[]]` any valid
    /// token).
    pub groups: Vec<Vec<String>>,
    /// The same requirement as OR over AND-objects (`[[]]` when public or
    /// any valid token: [`OperationSecurity::security`] tells them apart).
    pub alternatives: Vec<Clause>,
}

impl OperationSecurity {
    /// The OpenAPI `security` value for scheme `scheme`: `[]` when public,
    /// `[{scheme: []}]` for any valid token.
    #[must_use]
    pub fn security(&self, scheme: &str) -> Value {
        if self.groups.is_empty() {
            return json!([]);
        }
        Value::Array(
            self.alternatives
                .iter()
                .map(|alt| json!({ scheme: alt.iter().collect::<Vec<_>>() }))
                .collect(),
        )
    }
}

/// Every (route, method) of the spec with its requirement, in the order of
/// [`scopes_spec::export`]; warnings for requirements that grew large.
///
/// # Errors
/// A requirement whose OR over AND-objects would be unreasonably large.
pub fn operations(spec: &Spec) -> Result<(Vec<OperationSecurity>, Vec<String>), ExportError> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for r in requirements(spec) {
        let cnf: Vec<Clause> = r
            .groups
            .iter()
            .map(|g| g.iter().cloned().collect())
            .collect();
        // The authenticated level (`[[]]`: one group naming no scope) is
        // one requirement object with an empty scope list, any valid token;
        // distributing would give no object at all.
        let authenticated = matches!(cnf.as_slice(), [g] if g.is_empty());
        let alternatives = if authenticated {
            Ok(vec![Clause::new()])
        } else {
            logic::distribute(&cnf)
        };
        let alternatives = alternatives.map_err(|_| {
            ExportError(format!(
                "{} {}: the requirement cannot be written as OR over AND-objects of a reasonable size (over {} objects)",
                r.method,
                r.path,
                logic::MAX_CLAUSES
            ))
        })?;
        if alternatives.len() > logic::LARGE {
            warnings.push(format!(
                "{} {}: {} alternative requirement objects (exact, but long)",
                r.method,
                r.path,
                alternatives.len()
            ));
        }
        out.push(OperationSecurity {
            path: r.path,
            method: r.method,
            groups: r.groups,
            alternatives,
        });
    }
    Ok((out, warnings))
}

/// The scheme object: an oauth2 scheme with flows from the URL flags, else
/// from the spec's `openapi:` section (every scope of the spec with its
/// description in each flow), or the section's openIdConnect scheme.
///
/// # Errors
/// No URL anywhere.
pub fn scheme(spec: &Spec, opts: &ExportOptions) -> Result<Value, ExportError> {
    let scopes = scopes_map(spec);
    let flows = match (&opts.authorization_url, &opts.token_url) {
        (Some(a), Some(t)) => {
            json!({"authorizationCode": {"authorizationUrl": a, "tokenUrl": t, "scopes": scopes}})
        }
        (None, Some(t)) => json!({"clientCredentials": {"tokenUrl": t, "scopes": scopes}}),
        (Some(a), None) => json!({"implicit": {"authorizationUrl": a, "scopes": scopes}}),
        (None, None) => return section_scheme(&opts.section, &scopes),
    };
    Ok(json!({"type": "oauth2", "flows": flows}))
}

/// The scheme the `openapi:` section describes.
fn section_scheme(section: &OpenApi, scopes: &Value) -> Result<Value, ExportError> {
    if let Some(url) = &section.open_id_connect_url {
        return Ok(json!({"type": "openIdConnect", "openIdConnectUrl": url}));
    }
    if section.flows.is_empty() {
        return Err(ExportError(
            "an oauth2 security scheme needs its flow URLs: pass --authorization-url and/or --token-url, or give them in the spec's `openapi:` section (`flows`)".into(),
        ));
    }
    let mut flows = serde_json::Map::new();
    for f in &section.flows {
        let mut flow = serde_json::Map::new();
        for (key, url) in [
            ("authorizationUrl", &f.authorization_url),
            ("tokenUrl", &f.token_url),
            ("refreshUrl", &f.refresh_url),
        ] {
            if let Some(url) = url {
                flow.insert(key.into(), json!(url));
            }
        }
        flow.insert("scopes".into(), scopes.clone());
        flows.insert(f.kind.key().into(), Value::Object(flow));
    }
    Ok(json!({"type": "oauth2", "flows": flows}))
}

/// Scope name to description, sorted by name.
#[must_use]
pub fn scopes_map(spec: &Spec) -> Value {
    let mut scopes: Vec<(&str, &str)> = spec
        .scopes
        .iter()
        .map(|s| (s.name.as_str(), s.description.as_str()))
        .collect();
    scopes.sort_unstable();
    Value::Object(
        scopes
            .into_iter()
            .map(|(n, d)| (n.to_owned(), Value::String(d.to_owned())))
            .collect(),
    )
}

/// Methods an OpenAPI 3.0/3.1 path item can hold.
pub(crate) fn openapi_method(method: &str) -> Option<String> {
    let lower = method.to_ascii_lowercase();
    crate::document::METHODS
        .contains(&lower.as_str())
        .then_some(lower)
}

/// A map serialized in the order given.
struct Ordered<T>(Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Document {
    openapi: &'static str,
    info: Value,
    paths: Ordered<Ordered<Value>>,
    components: Value,
}

/// The path item's `parameters` entry: OpenAPI requires every template
/// parameter to be declared (as a required string here, its type unknown).
fn path_parameters(path: &str) -> Vec<(String, Value)> {
    use scopes_spec::template::Segment;
    let names: Vec<Value> = scopes_spec::template::parse(path)
        .map(|t| t.segments)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| match s {
            Segment::Param(name) | Segment::Pattern { name, .. } => Some(name),
            Segment::Static(_) => None,
        })
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    if names.is_empty() {
        Vec::new()
    } else {
        vec![("parameters".to_owned(), Value::Array(names))]
    }
}

/// A new OpenAPI 3.1 document (pretty JSON) with the scheme and every
/// operation's `security`; warnings on stderr-worthy findings.
///
/// # Errors
/// As [`operations`] and [`scheme`].
pub fn document(spec: &Spec, opts: &ExportOptions) -> Result<(String, Vec<String>), ExportError> {
    let (ops, mut warnings) = operations(spec)?;
    let scheme = scheme(spec, opts)?;
    let mut paths: Vec<(String, Ordered<Value>)> = Vec::new();
    for op in &ops {
        let Some(method) = openapi_method(&op.method) else {
            warnings.push(format!(
                "{} {}: OpenAPI 3.0/3.1 has no field for this method; left out",
                op.method, op.path
            ));
            continue;
        };
        let value = json!({ "security": op.security(&opts.scheme) });
        match paths.iter_mut().find(|(p, _)| *p == op.path) {
            Some((_, item)) => item.0.push((method, value)),
            None => {
                let mut item = path_parameters(&op.path);
                item.push((method, value));
                paths.push((op.path.clone(), Ordered(item)));
            }
        }
    }
    let title = spec.title.clone().unwrap_or_else(|| spec.name.clone());
    let mut info = json!({"title": title, "version": "unversioned"});
    if let Some(source) = &spec.source {
        info["description"] = json!(format!(
            "Security of {} from its scopes spec. Source: {source}.",
            spec.name
        ));
    }
    let doc = Document {
        openapi: "3.1.0",
        info,
        paths: Ordered(paths),
        components: json!({"securitySchemes": { opts.scheme.clone(): scheme }}),
    };
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| ExportError(format!("cannot write the document: {e}")))?;
    text.push('\n');
    Ok((text, warnings))
}
