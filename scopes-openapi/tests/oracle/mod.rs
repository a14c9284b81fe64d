//! A small evaluator of OpenAPI security, written from the OpenAPI 3.1
//! specification (§4.8.30 Security Requirement Object) independently of
//! the importer. It answers: does a request carrying an OAuth bearer token
//! with these scopes (or no token) satisfy this operation's security?
//!
//! - the operation's `security` applies, else the root's; neither: unsecured;
//! - the list is satisfied when any one object is; an object when every
//!   scheme in it is (an empty object always is);
//! - an oauth2/openIdConnect scheme is satisfied by a token holding every
//!   listed scope (or, when reading lists as any-of, one of them; an empty
//!   list needs a token only);
//! - the request carries no other credential of its own: a non-OAuth
//!   scheme (apiKey, http) in an object that also names an OAuth scheme is
//!   taken as checked elsewhere, one in an object without OAuth schemes
//!   cannot be satisfied by a token.

#![allow(dead_code)]

use std::collections::BTreeSet;

use serde_json::Value;

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub struct Oracle<'d> {
    pub doc: &'d Value,
    pub any_of: bool,
}

/// An operation of the document.
pub struct Op<'d> {
    pub path: String,
    pub method: String,
    pub security: Option<&'d Value>,
}

impl<'d> Oracle<'d> {
    pub fn operations(&self) -> Vec<Op<'d>> {
        let mut out = Vec::new();
        let root = self.doc.get("security");
        for (path, item) in self.doc["paths"].as_object().into_iter().flatten() {
            for m in METHODS {
                if let Some(op) = item.get(m) {
                    out.push(Op {
                        path: path.clone(),
                        method: m.to_uppercase(),
                        security: op.get("security").or(root),
                    });
                }
            }
        }
        out
    }

    fn is_oauth(&self, scheme: &str) -> bool {
        // A scheme may be a Reference Object (OpenAPI 3.1 §4.8.7) to a
        // local component: `#/components/securitySchemes/<name>`.
        let mut object = &self.doc["components"]["securitySchemes"][scheme];
        let mut hops = 0;
        while let Some(target) = object["$ref"].as_str() {
            let Some(name) = target.strip_prefix("#/components/securitySchemes/") else {
                return false;
            };
            object = &self.doc["components"]["securitySchemes"][name];
            hops += 1;
            if hops > 16 {
                return false;
            }
        }
        let ty = &object["type"];
        ty == "oauth2" || ty == "openIdConnect"
    }

    /// Whether `token` (its scopes; `None`: no token) satisfies `op`.
    pub fn allows(&self, op: &Op<'_>, token: Option<&BTreeSet<String>>) -> bool {
        let Some(list) = op.security.and_then(Value::as_array) else {
            return false;
        };
        // `security: []` removes every requirement (OpenAPI 3.1 §4.8.10).
        list.is_empty()
            || list.iter().any(|object| {
                let object = object.as_object().expect("requirement object");
                let has_oauth = object.keys().any(|k| self.is_oauth(k));
                object.iter().all(|(scheme, scopes)| {
                    if !self.is_oauth(scheme) {
                        return has_oauth;
                    }
                    let Some(token) = token else { return false };
                    let scopes: Vec<&str> = scopes
                        .as_array()
                        .expect("scope list")
                        .iter()
                        .map(|s| s.as_str().expect("scope"))
                        .collect();
                    if self.any_of && !scopes.is_empty() {
                        scopes.iter().any(|s| token.contains(*s))
                    } else {
                        scopes.iter().all(|s| token.contains(*s))
                    }
                })
            })
    }

    /// Every scope named by OAuth schemes in `op`'s security.
    pub fn named(&self, op: &Op<'_>) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for object in op.security.and_then(Value::as_array).into_iter().flatten() {
            for (scheme, scopes) in object.as_object().into_iter().flatten() {
                if self.is_oauth(scheme) {
                    for s in scopes.as_array().into_iter().flatten() {
                        out.insert(s.as_str().unwrap_or_default().to_owned());
                    }
                }
            }
        }
        out
    }
}

/// Every subset of `names`.
pub fn subsets(names: &BTreeSet<String>) -> Vec<BTreeSet<String>> {
    let names: Vec<&String> = names.iter().collect();
    assert!(names.len() <= 12, "too many scopes to enumerate: {names:?}");
    (0..1u32 << names.len())
        .map(|bits| {
            names
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, n)| (*n).clone())
                .collect()
        })
        .collect()
}

/// A concrete request path for a template: each `{param}` becomes a value
/// no literal segment uses.
pub fn concrete(template: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("v7q");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}
