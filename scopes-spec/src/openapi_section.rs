//! The `openapi:` section: the security scheme's name and URLs, checked
//! here (absolute URLs, the endpoints each flow has, flows or OpenID
//! Connect but not both) so `scopes export --format openapi` writes a valid
//! scheme.

use std::ops::Range;

use crate::diag::{Ctxt, Diagnostic};
use crate::model::{Flow, FlowKind, OpenApi};
use crate::source::SourceFile;
use crate::syntax::{RawFlow, RawOpenApi, Sp};

/// Lower the section; what is wrong is reported and left out.
pub(crate) fn lower(raw: &Sp<RawOpenApi>, file: &SourceFile, cx: &mut Ctxt) -> OpenApi {
    let at = |span: &Range<usize>| {
        if span.is_empty() {
            file.token_at(span.start)
        } else {
            span.clone()
        }
    };
    let raw_v = &raw.value;
    let mut out = OpenApi {
        scheme: raw_v.scheme.as_ref().and_then(|s| scheme_name(s, &at, cx)),
        ..OpenApi::default()
    };
    if let Some(flows) = &raw_v.flows {
        let f = &flows.value;
        for (kind, flow) in [
            (FlowKind::Implicit, &f.implicit),
            (FlowKind::Password, &f.password),
            (FlowKind::ClientCredentials, &f.client_credentials),
            (FlowKind::AuthorizationCode, &f.authorization_code),
        ] {
            if let Some(flow) = flow
                && let Some(flow) = lower_flow(kind, flow, &at, cx)
            {
                out.flows.push(flow);
            }
        }
        if out.flows.is_empty() && flows_empty(f) {
            cx.push(
                Diagnostic::error(at(&flows.span), "`flows` lists no flow")
                    .label("empty")
                    .help("add one, e.g. `clientCredentials: {tokenUrl: https://auth.example/token}`, or remove `flows`"),
            );
        }
    }
    if let Some(url) = &raw_v.open_id_connect_url {
        if let Some(flows) = &raw_v.flows {
            cx.push(
                Diagnostic::error(at(&url.span), "a scheme has `flows` or `openIdConnectUrl`, not both")
                    .label("an openIdConnect scheme")
                    .note(at(&flows.span), "an oauth2 scheme")
                    .help("keep `flows` for an oauth2 scheme, or `openIdConnectUrl` for an openIdConnect one"),
            );
        } else {
            out.open_id_connect_url = url_value(url, "openIdConnectUrl", &at, cx);
        }
    }
    out
}

fn flows_empty(f: &crate::syntax::RawFlows) -> bool {
    f.implicit.is_none()
        && f.password.is_none()
        && f.client_credentials.is_none()
        && f.authorization_code.is_none()
}

/// A component key: `^[a-zA-Z0-9._-]+$` (OpenAPI 3.1 §4.8.7).
fn scheme_name(
    s: &Sp<String>,
    at: &impl Fn(&Range<usize>) -> Range<usize>,
    cx: &mut Ctxt,
) -> Option<String> {
    let ok = !s.value.is_empty()
        && s.value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        return Some(s.value.clone());
    }
    cx.push(
        Diagnostic::error(
            at(&s.span),
            format!("`{}` is not an OpenAPI component name", s.value),
        )
        .label("letters, digits, `.`, `-` and `_` only")
        .help("use letters, digits, `.`, `-` and `_` only, e.g. `scheme: oauth2`"),
    );
    None
}

fn lower_flow(
    kind: FlowKind,
    flow: &Sp<RawFlow>,
    at: &impl Fn(&Range<usize>) -> Range<usize>,
    cx: &mut Ctxt,
) -> Option<Flow> {
    let key = kind.key();
    let (has_auth, has_token) = kind.endpoints();
    let mut ok = true;
    for (has, field, name) in [
        (has_auth, &flow.value.authorization_url, "authorizationUrl"),
        (has_token, &flow.value.token_url, "tokenUrl"),
    ] {
        match (has, field) {
            (false, Some(v)) => {
                cx.push(
                    Diagnostic::error(at(&v.span), format!("the `{key}` flow has no `{name}`"))
                        .label("not a URL of this flow")
                        .help(needs(kind)),
                );
                ok = false;
            }
            (true, None) => {
                cx.push(
                    Diagnostic::error(at(&flow.span), format!("the `{key}` flow needs `{name}`"))
                        .label(format!("no `{name}`"))
                        .help(needs(kind)),
                );
                ok = false;
            }
            _ => {}
        }
    }
    let mut url = |v: &Option<Sp<String>>, name: &str| match v {
        Some(v) => {
            let u = url_value(v, name, at, cx);
            ok &= u.is_some();
            u
        }
        None => None,
    };
    let authorization_url = url(&flow.value.authorization_url, "authorizationUrl");
    let token_url = url(&flow.value.token_url, "tokenUrl");
    let refresh_url = url(&flow.value.refresh_url, "refreshUrl");
    ok.then_some(Flow {
        kind,
        authorization_url: authorization_url.filter(|_| has_auth),
        token_url: token_url.filter(|_| has_token),
        refresh_url,
    })
}

fn needs(kind: FlowKind) -> String {
    let key = kind.key();
    match kind.endpoints() {
        (true, true) => {
            format!("`{key}` takes `authorizationUrl` and `tokenUrl` (and `refreshUrl`)")
        }
        (true, false) => format!("`{key}` takes `authorizationUrl` (and `refreshUrl`)"),
        _ => format!("`{key}` takes `tokenUrl` (and `refreshUrl`)"),
    }
}

/// An absolute `https://` or `http://` URL with a host and no whitespace,
/// quote or angle bracket (it is published as is).
fn url_value(
    v: &Sp<String>,
    name: &str,
    at: &impl Fn(&Range<usize>) -> Range<usize>,
    cx: &mut Ctxt,
) -> Option<String> {
    let text = v.value.as_str();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    let clean = !text
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'));
    if host.is_some_and(|h| !h.is_empty() && !h.starts_with(':')) && clean {
        return Some(text.to_owned());
    }
    cx.push(
        Diagnostic::error(at(&v.span), format!("`{name}` must be an absolute URL"))
            .label("not an https:// or http:// URL with a host")
            .help(format!(
                "write it in full, e.g. `{name}: https://auth.example/oauth/token`"
            )),
    );
    None
}
