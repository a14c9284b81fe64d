//! Whether a document's `security` already says what the spec says, and
//! what of it the spec does not speak of (non-OAuth alternatives).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

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

/// The spec's `security` plus what of the document's the spec does not
/// speak of: alternatives that use no OAuth scheme (an API key, HTTP
/// basic) stay as they are, and non-OAuth schemes required along with
/// OAuth scopes stay required along with the new scopes (when every OAuth
/// alternative required the same ones; otherwise the second value says
/// why they could not be kept). A public requirement (`[]`) stays `[]`.
pub(super) fn with_other_schemes(
    new: Value,
    old: Option<&Value>,
    schemes: &crate::security::Schemes,
) -> (Value, Option<String>) {
    let Value::Array(mut alternatives) = new else {
        return (new, None);
    };
    if alternatives.is_empty() {
        return (Value::Array(alternatives), None);
    }
    let is_oauth =
        |name: &str| schemes.kinds.get(name) == Some(&crate::security::SchemeKind::OAuth);
    let old: Vec<&Map<String, Value>> = old
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(|o| !o.is_empty())
        .collect();
    // The non-OAuth part of each alternative that has an OAuth part.
    let along: Vec<Map<String, Value>> = old
        .iter()
        .filter(|o| o.keys().any(|k| is_oauth(k)))
        .map(|o| {
            o.iter()
                .filter(|(k, _)| !is_oauth(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .collect();
    let mut note = None;
    match along.split_first() {
        Some((first, rest)) if !first.is_empty() && rest.iter().all(|a| a == first) => {
            for alt in &mut alternatives {
                if let Value::Object(o) = alt {
                    o.extend(first.clone());
                }
            }
        }
        _ if along.iter().any(|a| !a.is_empty()) => {
            note = Some(
                "the document required other schemes along with OAuth scopes, not the same in every alternative; they are not carried over to the new alternatives".to_owned(),
            );
        }
        _ => {}
    }
    for alt in old {
        if !alt.keys().any(|k| is_oauth(k)) {
            let alt = Value::Object(alt.clone());
            if !alternatives.contains(&alt) {
                alternatives.push(alt);
            }
        }
    }
    (Value::Array(alternatives), note)
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
