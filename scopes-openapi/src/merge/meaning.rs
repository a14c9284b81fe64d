//! Whether a document's `security` already says what the spec says, and
//! what of it the spec does not speak of (non-OAuth alternatives).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// What a `security` value means for OAuth tokens: public, or the set of
/// its requirement objects projected on the OAuth schemes (scheme to
/// scope set), whatever order they are written in. Objects naming no
/// OAuth scheme are left aside (the spec does not speak of them).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Meaning {
    Public,
    OAuth(BTreeSet<BTreeMap<String, BTreeSet<String>>>),
}

pub(super) fn meaning(security: &Value, schemes: &crate::security::Schemes) -> Option<Meaning> {
    let list = security.as_array()?;
    let mut out = BTreeSet::new();
    for object in list {
        let object = object.as_object()?;
        if object.is_empty() {
            return Some(Meaning::Public);
        }
        let mut projected = BTreeMap::new();
        for (k, v) in object {
            if schemes.kinds.get(k) != Some(&crate::security::SchemeKind::OAuth) {
                continue;
            }
            let scopes = v
                .as_array()?
                .iter()
                .map(|s| s.as_str().map(str::to_owned))
                .collect::<Option<BTreeSet<String>>>()?;
            projected.insert(k.clone(), scopes);
        }
        if !projected.is_empty() {
            out.insert(projected);
        }
    }
    Some(if list.is_empty() {
        Meaning::Public
    } else {
        Meaning::OAuth(out)
    })
}

/// The spec's `security` plus the document's alternatives that use no
/// OAuth scheme (an API key, HTTP basic): the spec says nothing about
/// those, so they stay. A public requirement (`[]`) stays `[]`.
pub(super) fn with_other_schemes(
    new: Value,
    old: Option<&Value>,
    schemes: &crate::security::Schemes,
) -> Value {
    let Value::Array(mut alternatives) = new else {
        return new;
    };
    if alternatives.is_empty() {
        return Value::Array(alternatives);
    }
    let is_oauth =
        |name: &str| schemes.kinds.get(name) == Some(&crate::security::SchemeKind::OAuth);
    for alt in old.and_then(Value::as_array).into_iter().flatten() {
        if let Some(o) = alt.as_object()
            && !o.is_empty()
            && !o.keys().any(|k| is_oauth(k))
            && !alternatives.contains(alt)
        {
            alternatives.push(alt.clone());
        }
    }
    Value::Array(alternatives)
}

/// Descriptions compared without surrounding white space.
pub(super) fn same_scopes(a: &Value, b: &Value) -> bool {
    let norm = |v: &Value| -> Option<BTreeMap<String, String>> {
        v.as_object()?
            .iter()
            .map(|(k, d)| Some((k.clone(), d.as_str()?.trim().to_owned())))
            .collect()
    };
    norm(a).is_some() && norm(a) == norm(b)
}
