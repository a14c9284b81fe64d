//! RFC 9728 OAuth 2.0 Protected Resource Metadata, from the spec.
//!
//! The enforcement layer serves the document at
//! `/.well-known/oauth-protected-resource` and, when the resource
//! identifier has a path, at the path-suffixed form RFC 9728 §3.1 defines
//! (`https://api.example/foxy` → `/.well-known/oauth-protected-resource/foxy`),
//! and names its URL in every 401 and 403 challenge (`resource_metadata`,
//! §5.1). `scopes_supported` is exactly the spec's scopes.

use scopes_core::Tables;

use crate::bearer::BearerMethods;

/// The well-known path prefix (RFC 9728 §3).
pub const WELL_KNOWN: &str = "/.well-known/oauth-protected-resource";

/// A resource identifier RFC 9728 does not accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadResource(pub String);

impl std::fmt::Display for BadResource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a resource identifier: RFC 9728 wants an https URL (http only on loopback) of RFC 3986 characters, with a host and no userinfo, query or fragment",
            self.0
        )
    }
}

impl std::error::Error for BadResource {}

/// Only RFC 3986 URI characters (unreserved, delimiters, `%HH`): the
/// identifier is quoted in `WWW-Authenticate` challenges, where a `"`, a
/// backslash, a control or a non-ASCII character would break or void the header.
fn is_uri_text(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().all(|(i, &c)| match c {
        b'%' => b
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        c => c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c),
    })
}

/// `localhost`, `127.0.0.1` or `[::1]`, with or without a port: the only
/// hosts a plain-http resource identifier may name.
fn is_loopback(authority: &str) -> bool {
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    ["localhost", "127.0.0.1", "[::1]"].contains(&host.to_ascii_lowercase().as_str())
}

/// The metadata document of one protected resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceMetadata {
    resource: String,
    origin_len: usize,
    authorization_servers: Vec<String>,
    scopes_supported: Vec<String>,
    bearer_methods: BearerMethods,
    resource_name: Option<String>,
}

impl ResourceMetadata {
    /// Metadata for `resource` (the URL clients use as RFC 8707 resource
    /// indicator and tokens carry in `aud`), listing every scope of
    /// `tables`.
    ///
    /// # Errors
    /// `resource` is not an https URL (http only for a loopback host) of
    /// RFC 3986 characters with a host, or has userinfo, a query or a
    /// fragment (RFC 9728 §1.2, §2).
    pub fn new(resource: impl Into<String>, tables: &Tables<'_>) -> Result<Self, BadResource> {
        let resource = resource.into();
        let rest = resource
            .strip_prefix("https://")
            .or_else(|| resource.strip_prefix("http://"))
            .filter(|r| !r.is_empty() && !r.contains(['?', '#']) && is_uri_text(r))
            .ok_or_else(|| BadResource(resource.clone()))?;
        let authority = rest.find('/').unwrap_or(rest.len());
        // A host, no userinfo (it would be published to every client).
        if authority == 0 || rest.starts_with(':') || rest[..authority].contains('@') {
            return Err(BadResource(resource));
        }
        if resource.starts_with("http://") && !is_loopback(&rest[..authority]) {
            return Err(BadResource(resource));
        }
        let origin_len = resource.len() - rest.len() + authority;
        let scopes_supported = (0..tables.scope_count())
            .map(|i| tables.scope_name(i).to_owned())
            .collect();
        Ok(ResourceMetadata {
            resource,
            origin_len,
            authorization_servers: Vec::new(),
            scopes_supported,
            bearer_methods: BearerMethods::default(),
            resource_name: None,
        })
    }

    /// Add an authorization server (its issuer identifier).
    #[must_use]
    pub fn authorization_server(mut self, issuer: impl Into<String>) -> Self {
        self.authorization_servers.push(issuer.into());
        self
    }

    /// A human-readable `resource_name`.
    #[must_use]
    pub fn resource_name(mut self, name: impl Into<String>) -> Self {
        self.resource_name = Some(name.into());
        self
    }

    /// `bearer_methods_supported` (the layer sets it from its own
    /// configuration).
    #[must_use]
    pub fn bearer_methods(mut self, methods: BearerMethods) -> Self {
        self.bearer_methods = methods;
        self
    }

    /// The resource identifier.
    #[must_use]
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The resource's path (empty, or starting with `/`), trailing `/` removed.
    fn resource_path(&self) -> &str {
        self.resource[self.origin_len..].trim_end_matches('/')
    }

    /// The absolute URL of this document (RFC 9728 §3.1), for
    /// `resource_metadata` in challenges.
    #[must_use]
    pub fn url(&self) -> String {
        format!(
            "{}{WELL_KNOWN}{}",
            &self.resource[..self.origin_len],
            self.resource_path()
        )
    }

    /// The paths the document is served at: the path-suffixed form, and
    /// the bare well-known path.
    #[must_use]
    pub fn paths(&self) -> Vec<String> {
        let mut paths = vec![format!("{WELL_KNOWN}{}", self.resource_path())];
        if !self.resource_path().is_empty() {
            paths.push(WELL_KNOWN.to_owned());
        }
        paths
    }

    /// The JSON document.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut doc = serde_json::json!({
            "resource": self.resource,
            "authorization_servers": self.authorization_servers,
            "scopes_supported": self.scopes_supported,
            "bearer_methods_supported": self.bearer_methods.names(),
        });
        if let Some(name) = &self.resource_name {
            doc["resource_name"] = serde_json::Value::from(name.as_str());
        }
        doc.to_string()
    }
}
