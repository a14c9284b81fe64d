//! From the file as written ([`crate::syntax`]) to the model
//! ([`crate::model`]): expand conventions, resolve names, build routes.
//! Every problem is recorded in the [`Ctxt`] and lowering goes on, so one
//! run reports all of a file's errors.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use scopes_core::is_scope_token;

use crate::diag::{Ctxt, Diagnostic};
use crate::model::{
    Access, Action, Method, Requirement, Resource, Route, Scope, ScopeId, Spec, access,
};
use crate::rust_names;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;
use crate::syntax::{Flag, RawReq, RawResourceScope, RawRoute, RawRouteMap, RawScope, RawSpec, Sp};
use crate::template::{self, Template};

/// Lower a parsed file. The spec is returned even when errors were recorded
/// (what could not be lowered is left out), so the whole-spec checks still
/// run and one pass reports everything.
pub(crate) fn lower(raw: RawSpec, file: &SourceFile, cx: &mut Ctxt) -> Spec {
    let mut l = Lowerer {
        file,
        cx,
        scopes: Vec::new(),
        by_name: HashMap::new(),
        pending_implies: Vec::new(),
        routes: BTreeMap::new(),
        decided: HashMap::new(),
        resource_keys: raw
            .resources
            .0
            .iter()
            .map(|(k, _)| k.value.clone())
            .collect(),
    };
    let head_follows_get = raw.head_follows_get.as_ref().is_none_or(|h| h.value.0);
    let delimiters = l.delimiters(&raw);
    let (naming, actions) = l.conventions(&raw, head_follows_get);
    for (name, scope) in &raw.scopes.0 {
        l.declare(name, scope, None, None);
    }
    let resources = l.resources(&raw, naming.as_ref(), &actions);
    l.resolve_implies();
    for route in &raw.routes {
        l.top_level_route(route);
    }
    for (index, (key, res)) in raw.resources.0.iter().enumerate() {
        for (list, reconstructed) in [(&res.routes, false), (&res.reconstructed_routes, true)] {
            for route in list {
                l.resource_route(
                    route,
                    &resources[index],
                    index,
                    &key.value,
                    &actions,
                    reconstructed,
                );
            }
        }
    }
    rust_names::assign(&mut l.scopes);
    let mut routes: Vec<Route> = std::mem::take(&mut l.routes).into_values().collect();
    if head_follows_get {
        l.head_follows_get(&mut routes);
    }
    crate::route_name::check_unique(&routes, file, l.cx);
    let openapi = raw
        .openapi
        .as_ref()
        .map(|o| crate::openapi_section::lower(o, file, l.cx))
        .unwrap_or_default();
    Spec {
        name: raw.name.value,
        title: raw.title.map(|t| t.value),
        source: raw.source.map(|s| s.value),
        delimiters,
        naming: naming.map(|n| n.value),
        actions,
        resources,
        scopes: l.scopes,
        routes,
        openapi,
    }
}

struct Lowerer<'a> {
    file: &'a SourceFile,
    cx: &'a mut Ctxt,
    scopes: Vec<Scope>,
    by_name: HashMap<String, ScopeId>,
    pending_implies: Vec<(ScopeId, Vec<Sp<String>>)>,
    routes: BTreeMap<String, Route>,
    /// Where each (template, method) got a requirement, and from which
    /// resource: declarations of two levels (public, authenticated,
    /// scopes) must not meet.
    decided: HashMap<(String, Method), Decided>,
    resource_keys: Vec<String>,
}

/// One declaration of a (template, method).
#[derive(Clone)]
struct Decided {
    span: Range<usize>,
    /// [`crate::model::Access::rank`] of the declared requirement.
    rank: u8,
    resource: Option<usize>,
}

/// A route entry, whatever its form.
struct Entry<'r> {
    path: String,
    path_span: Range<usize>,
    methods: Option<Vec<Sp<String>>>,
    map: Option<&'r RawRouteMap>,
}

impl Lowerer<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.cx.push(d);
    }

    /// Where a scalar's text starts: past an opening quote.
    fn text_start(&self, span: &Range<usize>) -> usize {
        match self.file.text.as_bytes().get(span.start) {
            Some(b'"' | b'\'') => span.start + 1,
            _ => span.start,
        }
    }

    /// Where `value` is written: from `start` when the file holds it as is,
    /// else (escapes in a double-quoted scalar change its length) the whole
    /// scalar `span`.
    fn written(&self, start: usize, value: &str, span: &Range<usize>) -> Range<usize> {
        let at = start..start + value.len();
        if self.holds(&at, value) {
            at
        } else {
            self.token(span)
        }
    }

    /// Whether the file holds `value` as is at `span`.
    fn holds(&self, span: &Range<usize>, value: &str) -> bool {
        self.file.text.get(span.clone()) == Some(value)
    }

    /// The span of a scalar's token, for values whose span may be empty.
    fn token(&self, span: &Range<usize>) -> Range<usize> {
        if span.is_empty() {
            self.file.token_at(span.start)
        } else {
            span.clone()
        }
    }

    fn delimiters(&mut self, raw: &RawSpec) -> Vec<u8> {
        let mut out = Vec::new();
        for d in &raw.granted.delimiters {
            let b = d.value.as_bytes();
            if b.len() == 1 && b[0] != b' ' && (b[0].is_ascii_graphic()) {
                if is_scope_token(&d.value) {
                    out.push(b[0]);
                } else {
                    self.error(
                        Diagnostic::error(
                            self.token(&d.span),
                            format!("`{}` is not a scope-token character", d.value),
                        )
                        .label("cannot appear in a granted scope string")
                        .help("scope strings use visible ASCII except space, `\"` and `\\` (RFC 6749 §3.3); pick e.g. `,`"),
                    );
                }
            } else {
                self.error(
                    Diagnostic::error(
                        self.token(&d.span),
                        "a delimiter must be one visible ASCII character",
                    )
                    .label("not a single character")
                    .help("the space is always a delimiter (RFC 6749 §3.3); add e.g. `,`"),
                );
            }
        }
        out
    }

    fn method(&mut self, m: &Sp<String>) -> Option<Method> {
        let name = &m.value;
        let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        let span = self.token(&m.span);
        if name.is_empty() || !name.chars().all(tchar) {
            self.error(
                Diagnostic::error(span, format!("`{name}` is not an HTTP method"))
                    .label("not an RFC 9110 token")
                    .maybe_help(did_you_mean(&name.to_ascii_uppercase(), STANDARD_METHODS)),
            );
            return None;
        }
        if !STANDARD_METHODS.contains(&name.as_str())
            && STANDARD_METHODS.contains(&name.to_ascii_uppercase().as_str())
        {
            self.error(
                Diagnostic::error(
                    span,
                    format!(
                        "method `{name}` is not `{}`: methods are case-sensitive",
                        name.to_ascii_uppercase()
                    ),
                )
                .label("lower-case method")
                .help(format!("write `{}`", name.to_ascii_uppercase())),
            );
            return None;
        }
        Some(Method(name.clone()))
    }

    fn conventions(
        &mut self,
        raw: &RawSpec,
        head_follows_get: bool,
    ) -> (Option<Sp<String>>, Vec<Action>) {
        let Some(conv) = &raw.conventions else {
            return (None, Vec::new());
        };
        let naming = &conv.naming;
        if !(naming.value.contains("{resource}") && naming.value.contains("{action}")) {
            self.error(
                Diagnostic::error(
                    self.token(&naming.span),
                    "the naming pattern needs `{resource}` and `{action}`",
                )
                .label("missing a placeholder")
                .help("e.g. `{resource}_{action}` or `{action}_{resource}`"),
            );
        }
        let names: Vec<&str> = conv
            .actions
            .0
            .iter()
            .map(|(k, _)| k.value.as_str())
            .collect();
        let mut actions = Vec::new();
        for (key, a) in &conv.actions.0 {
            if a.methods.value.is_empty() {
                self.error(
                    Diagnostic::error(
                        self.token(&a.methods.span),
                        format!("action `{}` covers no method", key.value),
                    )
                    .label("empty list")
                    .help("list the methods it covers, e.g. `methods: [GET]`"),
                );
            }
            let mut methods: Vec<String> = a
                .methods
                .value
                .iter()
                .filter_map(|m| self.method(m))
                .map(|m| m.0)
                .collect();
            if head_follows_get
                && methods.iter().any(|m| m == "GET")
                && !methods.iter().any(|m| m == "HEAD")
            {
                methods.push("HEAD".into());
            }
            for i in &a.implies {
                if !names.contains(&i.value.as_str()) {
                    self.error(
                        Diagnostic::error(
                            self.token(&i.span),
                            format!("unknown action `{}`", i.value),
                        )
                        .label("not an action of `conventions.actions`")
                        .maybe_help(did_you_mean(&i.value, names.iter().copied())),
                    );
                }
            }
            actions.push(Action {
                name: key.value.clone(),
                methods,
                implies: a.implies.iter().map(|i| i.value.clone()).collect(),
                default: a.default.is_none_or(|d| d.0),
                description: a.description.clone(),
            });
        }
        (Some(naming.clone()), actions)
    }

    /// Declare a scope; returns its id.
    fn declare(
        &mut self,
        name: &Sp<String>,
        raw: &RawScope,
        resource: Option<usize>,
        action: Option<&str>,
    ) -> ScopeId {
        self.declare_parts(
            name,
            &raw.description.value,
            &raw.implies,
            raw.superuser.0,
            raw.ident.as_ref(),
            resource,
            action,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn declare_parts(
        &mut self,
        name: &Sp<String>,
        description: &str,
        implies: &[Sp<String>],
        superuser: bool,
        ident: Option<&Sp<String>>,
        resource: Option<usize>,
        action: Option<&str>,
    ) -> ScopeId {
        let span = self.token(&name.span);
        if !is_scope_token(&name.value) {
            let bad = name
                .value
                .chars()
                .find(|c| !is_scope_token(&c.to_string()))
                .map_or_else(
                    || "it is empty".to_owned(),
                    |c| format!("`{}` is not allowed", c.escape_default()),
                );
            self.error(
                Diagnostic::error(
                    span.clone(),
                    format!("`{}` is not a valid scope name: {bad}", name.value),
                )
                .label("outside the RFC 6749 scope-token grammar")
                .help("scope names use visible ASCII except space, `\"` and `\\` (RFC 6749 §3.3)"),
            );
        }
        if let Some(&first) = self.by_name.get(&name.value) {
            let first_span = self.scopes[first].span.clone();
            self.error(
                Diagnostic::error(span.clone(), format!("duplicate scope `{}`", name.value))
                    .label("declared again here")
                    .note(first_span, "first declared here")
                    .help("each scope is declared once; remove one or rename it"),
            );
        }
        let (ident, ident_span) = match ident {
            Some(i) => (i.value.clone(), Some(self.token(&i.span))),
            None => (String::new(), None), // derived by rust_names::assign
        };
        let id = self.scopes.len();
        self.by_name.entry(name.value.clone()).or_insert(id);
        self.scopes.push(Scope {
            name: name.value.clone(),
            ident,
            ident_span,
            description: description.trim().to_owned(),
            implies: Vec::new(),
            superuser,
            resource,
            action: action.map(str::to_owned),
            span,
        });
        self.pending_implies.push((id, implies.to_vec()));
        id
    }

    fn resources(
        &mut self,
        raw: &RawSpec,
        naming: Option<&Sp<String>>,
        actions: &[Action],
    ) -> Vec<Resource> {
        let action_names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
        let mut out = Vec::new();
        for (index, (key, res)) in raw.resources.0.iter().enumerate() {
            let mut scopes = Vec::new();
            for (action, scope) in &res.scopes.0 {
                if !action_names.contains(&action.value.as_str()) {
                    let d = if naming.is_none() {
                        Diagnostic::error(self.token(&action.span), "resource scopes need `conventions`")
                            .label("no conventions declare actions")
                            .help("add `conventions: {naming: ..., actions: {...}}`, or declare the scope under top-level `scopes`")
                    } else {
                        Diagnostic::error(
                            self.token(&action.span),
                            format!("unknown action `{}`", action.value),
                        )
                        .label("not an action of `conventions.actions`")
                        .maybe_help(did_you_mean(&action.value, action_names.iter().copied()))
                    };
                    self.error(d);
                    continue;
                }
                let name_text = naming
                    .map(|n| {
                        n.value
                            .replace("{resource}", &key.value)
                            .replace("{action}", &action.value)
                    })
                    .unwrap_or_default();
                let name = Sp {
                    value: name_text,
                    span: action.span.clone(),
                };
                let id = match scope {
                    RawResourceScope::Description(d) => {
                        let text = if d.value.is_empty() {
                            self.file.text[self.file.token_at(d.span.start)].to_owned()
                        } else {
                            d.value.clone()
                        };
                        self.declare_parts(
                            &name,
                            &text,
                            &[],
                            false,
                            None,
                            Some(index),
                            Some(&action.value),
                        )
                    }
                    RawResourceScope::Full(s) => {
                        self.declare(&name, s, Some(index), Some(&action.value))
                    }
                };
                scopes.push((action.value.clone(), id));
            }
            out.push(Resource {
                key: key.value.clone(),
                title: res
                    .title
                    .as_ref()
                    .map_or_else(|| key.value.clone(), |t| t.value.clone()),
                scopes,
            });
        }
        // Action implications become scope implications within a resource.
        for res in &out {
            for (action, id) in &res.scopes {
                let Some(a) = actions.iter().find(|a| &a.name == action) else {
                    continue;
                };
                for implied in &a.implies {
                    if let Some((_, target)) = res.scopes.iter().find(|(n, _)| n == implied) {
                        self.scopes[*id].implies.push(*target);
                    }
                }
            }
        }
        out
    }

    fn scope_ref(&mut self, name: &Sp<String>) -> Option<ScopeId> {
        if let Some(&id) = self.by_name.get(&name.value) {
            return Some(id);
        }
        let help = did_you_mean(&name.value, self.scopes.iter().map(|s| s.name.as_str()));
        self.error(
            Diagnostic::error(
                self.token(&name.span),
                format!("unknown scope `{}`", name.value),
            )
            .label("no scope of this spec has this name")
            .maybe_help(help),
        );
        None
    }

    fn resolve_implies(&mut self) {
        for (id, implies) in std::mem::take(&mut self.pending_implies) {
            for name in &implies {
                if let Some(target) = self.scope_ref(name)
                    && !self.scopes[id].implies.contains(&target)
                {
                    self.scopes[id].implies.push(target);
                }
            }
        }
    }

    fn requirement(&mut self, req: &Sp<RawReq>) -> Option<Requirement> {
        let mut ok = true;
        let mut out = Vec::new();
        match &req.value {
            RawReq::Scope(name) => {
                let sp = Sp {
                    value: name.clone(),
                    span: req.span.clone(),
                };
                match self.scope_ref(&sp) {
                    Some(id) => out.push(vec![id]),
                    None => ok = false,
                }
            }
            RawReq::Any(names) => {
                if names.is_empty() {
                    self.error(
                        Diagnostic::error(self.token(&req.span), "`any: []` can never be met")
                            .label("empty group")
                            .help("list at least one scope, or mark the route `public: true`"),
                    );
                    ok = false;
                }
                let mut group = Vec::new();
                for n in names {
                    match self.scope_ref(n) {
                        Some(id) => group.push(id),
                        None => ok = false,
                    }
                }
                out.push(group);
            }
            RawReq::All(items) => {
                if items.is_empty() {
                    self.error(
                        Diagnostic::error(
                            self.token(&req.span),
                            "`all: []` would make the route public",
                        )
                        .label("empty requirement")
                        .help("a public route says `public: true`"),
                    );
                    ok = false;
                }
                for item in items {
                    match self.requirement(item) {
                        Some(groups) => out.extend(groups),
                        None => ok = false,
                    }
                }
            }
        }
        ok.then(|| normalize(out))
    }

    fn entry<'r>(&mut self, route: &'r Sp<RawRoute>) -> Entry<'r> {
        match &route.value {
            RawRoute::Short(s) => {
                let start = self.text_start(&route.span);
                match s.split_once(' ') {
                    Some((method, path)) if !s.starts_with('/') => {
                        let path_start = start + method.len() + 1;
                        Entry {
                            path: path.to_owned(),
                            path_span: self.written(path_start, path, &route.span),
                            methods: Some(vec![Sp {
                                value: method.to_owned(),
                                span: self.written(start, method, &route.span),
                            }]),
                            map: None,
                        }
                    }
                    _ => Entry {
                        path: s.clone(),
                        path_span: self.written(start, s, &route.span),
                        methods: None,
                        map: None,
                    },
                }
            }
            RawRoute::Full(m) => {
                if let Some(name) = m
                    .name
                    .as_ref()
                    .filter(|n| !crate::route_name::is_valid(&n.value))
                {
                    let at = self.token(&name.span);
                    self.error(
                        Diagnostic::error(
                            at,
                            format!("route name `{}` is not SCREAMING_SNAKE_CASE", name.value),
                        )
                        .label("the route's Rust name in generated code")
                        .help(format!(
                            "write it as `{}`",
                            crate::route_name::derive(&name.value)
                        )),
                    );
                }
                let start = self.text_start(&m.path.span);
                Entry {
                    path: m.path.value.clone(),
                    path_span: self.written(start, &m.path.value, &m.path.span),
                    methods: m.methods.clone(),
                    map: Some(m),
                }
            }
        }
    }

    fn template(&mut self, e: &Entry<'_>) -> Option<Template> {
        match template::parse(&e.path) {
            Ok(t) => Some(t),
            Err(err) => {
                // Whole characters: a template error's length counts bytes,
                // and the byte may open a longer character (`é/a`, U+0085).
                // A path written with escapes is located as a whole.
                let text = &self.file.text;
                let (at, end) = if self.holds(&e.path_span, &e.path) {
                    let at = text.floor_char_boundary(e.path_span.start + err.offset);
                    let end = (at + err.len).min(e.path_span.end.max(at + 1));
                    (at, text.ceil_char_boundary(end))
                } else {
                    (e.path_span.start, e.path_span.end)
                };
                self.error(
                    Diagnostic::error(at..end, err.message)
                        .label(format!("in `{}`", e.path))
                        .maybe_help(err.help),
                );
                None
            }
        }
    }

    fn methods(&mut self, e: &Entry<'_>) -> Option<Vec<(Method, Range<usize>)>> {
        let list = e.methods.as_ref()?;
        Some(
            list.iter()
                .filter_map(|m| Some((self.method(m)?, self.token(&m.span))))
                .collect(),
        )
    }

    fn top_level_route(&mut self, route: &Sp<RawRoute>) {
        let e = self.entry(route);
        let template = self.template(&e);
        let methods = self.methods(&e);
        let span = e.path_span.clone();
        let Some(methods) = methods.filter(|m| !m.is_empty()) else {
            if e.methods.as_ref().is_some_and(|m| !m.is_empty()) {
                return; // every method was invalid, and said so
            }
            self.error(
                Diagnostic::error(span, "a top-level route needs `methods`")
                    .label("which methods does it serve?")
                    .help("add `methods: [GET]`, or list the route under a resource"),
            );
            return;
        };
        let req = self.explicit_requirement(e.map, &span);
        if let (Some(t), Some(req)) = (template, req) {
            let map = e.map;
            for (m, _) in methods {
                self.add(
                    &t,
                    m,
                    req.clone(),
                    None,
                    map.is_some_and(|m| m.reconstructed.0),
                    map,
                    &span,
                );
            }
        }
    }

    /// `requires`, `authenticated: true` or `public: true`; exactly one,
    /// never none.
    fn explicit_requirement(
        &mut self,
        map: Option<&RawRouteMap>,
        span: &Range<usize>,
    ) -> Option<Requirement> {
        let public = map.and_then(|m| m.public.as_ref());
        let requires = map.and_then(|m| m.requires.as_ref());
        if let Some(a) = map.and_then(|m| m.authenticated.as_ref()) {
            return self.authenticated_requirement(a, public.is_some(), requires.is_some());
        }
        match (public, requires) {
            (Some(p), Some(_)) => {
                self.error(
                    Diagnostic::error(
                        self.token(&p.span),
                        "a route cannot be both `public` and `requires` a scope",
                    )
                    .label("conflicts with `requires`")
                    .help("remove one of them"),
                );
                None
            }
            (Some(p), None) if p.value.0 => Some(Vec::new()),
            (Some(p), None) => {
                self.error(
                    Diagnostic::error(
                        self.token(&p.span),
                        "`public: false` says nothing about what the route needs",
                    )
                    .label("no requirement")
                    .help("replace it with `requires: <scope>`"),
                );
                None
            }
            (None, Some(r)) => self.requirement(r),
            (None, None) => {
                self.error(
                    Diagnostic::error(span.clone(), "route has no requirement")
                        .label("needs `requires:`, `authenticated: true` or `public: true`")
                        .help("public routes must be explicit: add `public: true` if no scope is needed (`authenticated: true` if any valid token will do)"),
                );
                None
            }
        }
    }

    /// `authenticated: true`: alone, it is the authenticated level.
    fn authenticated_requirement(
        &mut self,
        a: &Sp<Flag>,
        public: bool,
        requires: bool,
    ) -> Option<Requirement> {
        let at = self.token(&a.span);
        let refusal = if public {
            Diagnostic::error(at, "a route cannot be both `public` and `authenticated`")
                .label("conflicts with `public`")
                .help("public: any request; authenticated: any valid token. Keep the one you mean")
        } else if requires {
            Diagnostic::error(
                at,
                "a route cannot be both `authenticated` and `requires` a scope",
            )
            .label("conflicts with `requires`")
            .help("`requires:` already needs a valid token: remove `authenticated: true`")
        } else if !a.value.0 {
            Diagnostic::error(
                at,
                "`authenticated: false` says nothing about what the route needs",
            )
            .label("no requirement")
            .help("replace it with `requires: <scope>`, `authenticated: true` or `public: true`")
        } else {
            return Some(crate::model::authenticated());
        };
        self.error(refusal);
        None
    }

    fn resource_route(
        &mut self,
        route: &Sp<RawRoute>,
        resource: &Resource,
        index: usize,
        key: &str,
        actions: &[Action],
        reconstructed_list: bool,
    ) {
        let e = self.entry(route);
        let template = self.template(&e);
        let filter = self.methods(&e);
        let span = e.path_span.clone();
        let map = e.map;
        let reconstructed = reconstructed_list || map.is_some_and(|m| m.reconstructed.0);
        let explicit = map.is_some_and(|m| {
            m.public.is_some() || m.requires.is_some() || m.authenticated.is_some()
        });
        let mut produced: Vec<(Method, Requirement)> = Vec::new();
        if explicit {
            let Some(filter) = filter.as_ref().filter(|f| !f.is_empty()) else {
                if e.methods.as_ref().is_some_and(|m| !m.is_empty()) {
                    return;
                }
                self.error(
                    Diagnostic::error(span, "a route with an explicit requirement needs `methods`")
                        .label("which methods does it serve?")
                        .help("add `methods: [POST]`"),
                );
                return;
            };
            let Some(req) = self.explicit_requirement(map, &span) else {
                return;
            };
            produced.extend(filter.iter().map(|(m, _)| (m.clone(), req.clone())));
        } else {
            if e.methods.as_ref().is_some_and(Vec::is_empty) {
                self.error(
                    Diagnostic::error(span, format!("`methods: []`: route `{}` serves no method", e.path))
                        .label("no method")
                        .help("list the methods it serves, e.g. `methods: [GET]`, or leave `methods` out for every method of its actions"),
                );
                return;
            }
            let by_action = self.action_requirements(&e, filter.as_deref(), resource, key, actions);
            produced.extend(by_action);
        }
        if let Some(t) = template {
            for (m, req) in produced {
                self.add(&t, m, req, Some(index), reconstructed, map, &span);
            }
        }
    }

    /// What a resource route without an explicit requirement needs, per
    /// method: the scope of the action that covers it (the route's
    /// `actions`, or the resource's default actions), within `filter`.
    fn action_requirements(
        &mut self,
        e: &Entry<'_>,
        filter: Option<&[(Method, Range<usize>)]>,
        resource: &Resource,
        key: &str,
        actions: &[Action],
    ) -> Vec<(Method, Requirement)> {
        let span = e.path_span.clone();
        let map = e.map;
        let own: Vec<&str> = resource.scopes.iter().map(|(a, _)| a.as_str()).collect();
        let chosen: Vec<(String, Range<usize>)> = match map.and_then(|m| m.actions.as_ref()) {
            Some(list) => list
                .iter()
                .map(|a| (a.value.clone(), self.token(&a.span)))
                .collect(),
            None => resource
                .scopes
                .iter()
                .filter(|(a, _)| actions.iter().any(|x| &x.name == a && x.default))
                .map(|(a, _)| (a.clone(), span.clone()))
                .collect(),
        };
        let mut by_method: BTreeMap<Method, (String, ScopeId)> = BTreeMap::new();
        for (action, aspan) in &chosen {
            let Some(&(_, scope)) = resource.scopes.iter().find(|(a, _)| a == action) else {
                self.error(
                    Diagnostic::error(
                        aspan.clone(),
                        format!("resource `{key}` has no `{action}` scope"),
                    )
                    .label("unknown action for this resource")
                    .maybe_help(did_you_mean(action, own.iter().copied())),
                );
                continue;
            };
            let Some(a) = actions.iter().find(|x| &x.name == action) else {
                continue;
            };
            for m in &a.methods {
                let m = Method(m.clone());
                if filter
                    .as_ref()
                    .is_some_and(|f| !f.iter().any(|(x, _)| *x == m))
                {
                    continue;
                }
                if let Some((other, _)) = by_method.get(&m) {
                    self.error(
                        Diagnostic::error(
                            aspan.clone(),
                            format!("method {} is covered by both `{other}` and `{action}`", m.0),
                        )
                        .label("ambiguous action")
                        .help("name the route's action with `actions: [...]`"),
                    );
                    continue;
                }
                by_method.insert(m, (action.clone(), scope));
            }
        }
        for (m, mspan) in filter.into_iter().flatten() {
            if !by_method.contains_key(m) {
                let names: Vec<&str> = chosen.iter().map(|(a, _)| a.as_str()).collect();
                self.error(
                    Diagnostic::error(mspan.clone(), format!("no action of resource `{key}` covers {}", m.0))
                        .label(format!("actions here: {}", names.join(", ")))
                        .help("add the method to an action, name another action with `actions`, or give `requires`"),
                );
            }
        }
        by_method
            .into_iter()
            .map(|(m, (_, s))| (m, vec![vec![s]]))
            .collect()
    }

    /// HEAD gets GET's requirement where it is not declared. A HEAD
    /// declared at a lower level than GET (public or authenticated where
    /// GET needs more) is an error: HEAD answers what GET would (RFC 9110
    /// §9.3.2), so it would tell whoever HEAD lets in.
    fn head_follows_get(&mut self, routes: &mut [Route]) {
        let (get, head) = (Method("GET".into()), Method("HEAD".into()));
        for r in routes {
            let Some(req) = r.methods.get(&get).cloned() else {
                continue;
            };
            let Some(h) = r.methods.get(&head) else {
                r.methods.insert(head.clone(), req);
                continue;
            };
            let (head_level, get_level) = (access(h), access(&req));
            if head_level.rank() >= get_level.rank() {
                continue;
            }
            let at = |m: &Method| {
                self.decided
                    .get(&(r.template.text.clone(), m.clone()))
                    .map_or_else(|| r.span.clone(), |d| d.span.clone())
            };
            let (head_at, get_at) = (at(&head), at(&get));
            let t = &r.template.text;
            let (declared, needs) = (level_word(head_level), level_needs(get_level));
            self.error(
                Diagnostic::error(
                    head_at,
                    format!("`HEAD {t}` is declared {declared}, but `GET {t}` {needs}"),
                )
                .label(format!("declared {declared} here"))
                .note(get_at, "GET protected here")
                .help("HEAD follows GET: remove the HEAD route (it gets GET's requirement), or set `head_follows_get: false`"),
            );
        }
    }

    /// A route declared at one level (public, authenticated, scopes) in
    /// one place and at another elsewhere is an error: merging them would
    /// silently give it the lower level.
    fn levels_meet(
        &mut self,
        template: &Template,
        method: &Method,
        req: &Requirement,
        resource: Option<usize>,
        span: &Range<usize>,
    ) {
        let this = Decided {
            span: span.clone(),
            rank: access(req).rank(),
            resource,
        };
        let key = (template.text.clone(), method.clone());
        let Some(other) = self.decided.get(&key).cloned() else {
            self.decided.insert(key, this);
            return;
        };
        if other.rank == this.rank {
            return;
        }
        let (low, high) = if this.rank < other.rank {
            (this, other)
        } else {
            (other, this)
        };
        let low_word = if low.rank == 0 {
            "public"
        } else {
            "authenticated"
        };
        let (by, undo) = match high.resource {
            Some(r) => {
                let key = &self.resource_keys[r];
                (
                    format!("protected by resource `{key}`"),
                    format!("remove the route from resource `{key}`"),
                )
            }
            None if high.rank == 1 => (
                "authenticated".to_owned(),
                "remove the other route".to_owned(),
            ),
            None => (
                "protected by a route's `requires`".to_owned(),
                "remove the other route".to_owned(),
            ),
        };
        self.error(
            Diagnostic::error(
                low.span,
                format!(
                    "`{} {}` is declared {low_word} and {by}",
                    method.0, template.text
                ),
            )
            .label(format!("declared {low_word} here"))
            .note(high.span, format!("{by} here"))
            .help(format!(
                "one place decides: remove `{low_word}: true`, or {undo}"
            )),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        template: &Template,
        method: Method,
        req: Requirement,
        resource: Option<usize>,
        reconstructed: bool,
        map: Option<&RawRouteMap>,
        span: &Range<usize>,
    ) {
        self.levels_meet(template, &method, &req, resource, span);
        let route = self
            .routes
            .entry(template.text.clone())
            .or_insert_with(|| Route {
                template: template.clone(),
                methods: BTreeMap::new(),
                resources: Vec::new(),
                reconstructed,
                note: None,
                span: span.clone(),
                name: None,
            });
        route.reconstructed &= reconstructed;
        if let Some(r) = resource
            && !route.resources.contains(&r)
        {
            route.resources.push(r);
        }
        if route.note.is_none() {
            route.note = map.and_then(|m| m.note.clone());
        }
        if route.name.is_none() {
            route.name = map.and_then(|m| m.name.as_ref()).map(|n| n.value.clone());
        }
        match route.methods.get_mut(&method) {
            Some(existing) => *existing = or(existing, &req),
            None => {
                route.methods.insert(method, req);
            }
        }
    }
}

const STANDARD_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
];

/// How a level reads after "declared": `public`, `authenticated`.
fn level_word(level: Access<'_>) -> &'static str {
    match level {
        Access::Public => "public",
        Access::Authenticated => "authenticated",
        Access::Scopes(_) => "protected",
    }
}

/// What a level needs, after the route: `needs a valid token`.
fn level_needs(level: Access<'_>) -> &'static str {
    match level {
        Access::Public => "is public",
        Access::Authenticated => "needs a valid token",
        Access::Scopes(_) => "is protected",
    }
}

/// Sort and deduplicate groups, and drop a group that contains another
/// (`a ∧ (a ∨ b)` is `a`). The authenticated level's empty group is met by
/// any token, so beside a scope group (which needs a token) it says nothing
/// and goes.
pub(crate) fn normalize(mut req: Requirement) -> Requirement {
    if req.iter().any(|g| !g.is_empty()) {
        req.retain(|g| !g.is_empty());
    } else if !req.is_empty() {
        return crate::model::authenticated();
    }
    for g in &mut req {
        g.sort_unstable();
        g.dedup();
    }
    req.sort();
    req.dedup();
    let keep: Vec<bool> = req
        .iter()
        .enumerate()
        .map(|(i, g)| {
            !req.iter()
                .enumerate()
                .any(|(j, h)| j != i && h.len() < g.len() && h.iter().all(|x| g.contains(x)))
        })
        .collect();
    req.into_iter()
        .zip(keep)
        .filter_map(|(g, k)| k.then_some(g))
        .collect()
}

/// The requirement met when either is met: `(∧A) ∨ (∧B) = ∧(a ∨ b)`;
/// public or anything is public, authenticated or scopes is authenticated.
pub(crate) fn or(a: &Requirement, b: &Requirement) -> Requirement {
    match (access(a), access(b)) {
        (Access::Public, _) | (_, Access::Public) => return Vec::new(),
        (Access::Authenticated, _) | (_, Access::Authenticated) => {
            return crate::model::authenticated();
        }
        (Access::Scopes(_), Access::Scopes(_)) => {}
    }
    let mut out = Vec::new();
    for ga in a {
        for gb in b {
            out.push(ga.iter().chain(gb).copied().collect());
        }
    }
    normalize(out)
}

#[cfg(test)]
mod tests {
    use super::{normalize, or};

    #[test]
    fn any_of_merging_is_boolean_or() {
        assert_eq!(or(&vec![vec![1]], &vec![vec![2]]), vec![vec![1, 2]]);
        assert_eq!(or(&vec![vec![1]], &vec![]), Vec::<Vec<usize>>::new());
        // (1 ∧ 2) ∨ 3 = (1 ∨ 3) ∧ (2 ∨ 3)
        assert_eq!(
            or(&vec![vec![1], vec![2]], &vec![vec![3]]),
            vec![vec![1, 3], vec![2, 3]]
        );
        assert_eq!(normalize(vec![vec![2, 1], vec![1]]), vec![vec![1]]);
        // Authenticated: the empty group goes beside a scope group, and
        // either side authenticated makes the merge authenticated.
        let auth = crate::model::authenticated();
        assert_eq!(normalize(vec![vec![], vec![3]]), vec![vec![3]]);
        assert_eq!(normalize(vec![vec![], vec![]]), auth);
        assert_eq!(or(&auth, &vec![vec![1]]), auth);
        assert_eq!(or(&vec![vec![1]], &auth), auth);
        assert_eq!(or(&auth, &vec![]), Vec::<Vec<usize>>::new());
    }

    /// Whether a scope set (bit i: scope i) meets an AND of OR-groups.
    fn meets(req: &[Vec<usize>], set: u32) -> bool {
        req.iter().all(|g| g.iter().any(|&s| set & (1 << s) != 0))
    }

    /// Normalizing keeps the level (public stays public) and, for scope
    /// requirements, the same scope sets meet it before and after; `or`
    /// is met exactly when either side is. Brute force over every
    /// requirement of up to two groups on three scopes and every set.
    #[test]
    fn normalize_and_or_keep_the_meaning() {
        assert_eq!(normalize(Vec::new()), Vec::<Vec<usize>>::new());
        let groups: Vec<Vec<usize>> = (1u32..8)
            .map(|m| (0..3).filter(|s| m & (1 << s) != 0).collect())
            .collect();
        let mut reqs: Vec<Vec<Vec<usize>>> = groups.iter().map(|g| vec![g.clone()]).collect();
        for a in &groups {
            for b in &groups {
                reqs.push(vec![b.iter().rev().copied().collect(), a.clone()]);
            }
        }
        for r in &reqs {
            let n = normalize(r.clone());
            assert!(!n.is_empty() && n.iter().all(|g| !g.is_empty()), "{r:?}");
            for set in 0u32..8 {
                assert_eq!(meets(&n, set), meets(r, set), "{r:?} → {n:?} on {set:b}");
            }
            for q in &reqs {
                let o = or(r, q);
                for set in 0u32..8 {
                    assert_eq!(
                        meets(&o, set),
                        meets(r, set) || meets(q, set),
                        "{r:?} or {q:?}"
                    );
                }
            }
        }
    }
}
