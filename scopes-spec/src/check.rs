//! Checks over the whole lowered model: route conflicts, delimiters inside
//! names, unused scopes, implication cycles. (Rust naming is checked by
//! [`crate::rust_names`], for generated code only.)

use std::collections::HashMap;

use crate::diag::{Ctxt, Diagnostic};
use crate::model::Spec;
use crate::template::Segment;

/// Run every whole-spec check.
pub(crate) fn check(spec: &Spec, cx: &mut Ctxt) {
    conflicts(spec, cx);
    delimiters(spec, cx);
    unused(spec, cx);
    cycles(spec, cx);
}

/// Two routes that can match one request, with no priority between them
/// (same literal/pattern/parameter shape), and different requirements.
fn conflicts(spec: &Spec, cx: &mut Ctxt) {
    // Only templates with the same rank vector and the same literals at the
    // literal positions can tie; bucket by that to stay near-linear.
    let mut buckets: HashMap<Vec<Option<&str>>, Vec<usize>> = HashMap::new();
    for (i, r) in spec.routes.iter().enumerate() {
        let key = r
            .template
            .segments
            .iter()
            .map(|s| match s {
                Segment::Static(t) => Some(t.as_str()),
                Segment::Pattern { .. } => Some("{pattern}"),
                Segment::Param(_) => None,
            })
            .collect();
        buckets.entry(key).or_default().push(i);
    }
    let mut keys: Vec<_> = buckets.into_values().collect();
    keys.sort();
    for bucket in keys {
        for (n, &i) in bucket.iter().enumerate() {
            for &j in &bucket[..n] {
                let (a, b) = (&spec.routes[j], &spec.routes[i]);
                if !a.template.overlaps(&b.template) {
                    continue;
                }
                let d = if a.methods == b.methods {
                    Diagnostic::warning(
                        b.span.clone(),
                        format!(
                            "route `{}` matches the same requests as `{}`",
                            b.template, a.template
                        ),
                    )
                    .label("never chosen over the other")
                    .note(a.span.clone(), "this route takes the same paths")
                    .help("use one template for both")
                } else {
                    Diagnostic::error(
                        b.span.clone(),
                        format!(
                            "routes `{}` and `{}` can match the same request with different requirements",
                            a.template, b.template
                        ),
                    )
                    .label(format!("e.g. {}", overlap_example(&a.template.segments, &b.template.segments)))
                    .note(a.span.clone(), "the other route")
                    .help("make one of them more specific (a literal segment wins over a parameter), or give both the same requirement")
                };
                cx.push(d);
            }
        }
    }
}

fn overlap_example(a: &[Segment], b: &[Segment]) -> String {
    let mut out = String::new();
    for (x, y) in a.iter().zip(b) {
        out.push('/');
        // `conflicts` compares routes of one bucket only: at each position
        // both segments have the same shape (the same literal, two patterns
        // or two parameters).
        match (x, y) {
            (Segment::Static(s), _) => out.push_str(s),
            (Segment::Pattern { .. }, _) => out.push_str(&common_segment(x, y)),
            (Segment::Param(_), _) => out.push('1'),
        }
    }
    if out.is_empty() { "/".into() } else { out }
}

/// `prefix{a}mid{b}suffix` as `prefixxmidxsuffix`: the shortest values.
fn pattern_example(p: &Segment) -> String {
    match p {
        Segment::Pattern {
            prefix,
            suffix,
            more,
            ..
        } => {
            let mids: String = more.iter().map(|(lit, _)| format!("x{lit}")).collect();
            format!("{prefix}{mids}x{suffix}")
        }
        Segment::Static(s) => s.clone(),
        Segment::Param(_) => "x".into(),
    }
}

/// A concrete segment both patterns match: either one's own example, or
/// the longer prefix, both sets of middle literals and the longer suffix.
fn common_segment(x: &Segment, y: &Segment) -> String {
    let (
        Segment::Pattern {
            prefix: p1,
            suffix: s1,
            more: m1,
            ..
        },
        Segment::Pattern {
            prefix: p2,
            suffix: s2,
            more: m2,
            ..
        },
    ) = (x, y)
    else {
        return pattern_example(x);
    };
    let p = if p1.len() >= p2.len() { p1 } else { p2 };
    let s = if s1.len() >= s2.len() { s1 } else { s2 };
    let mids: String = m1
        .iter()
        .chain(m2)
        .map(|(lit, _)| format!("x{lit}"))
        .collect();
    let candidates = [
        pattern_example(x),
        pattern_example(y),
        format!("{p}{mids}x{s}"),
    ];
    candidates
        .iter()
        .find(|c| x.matches(c) && y.matches(c))
        .unwrap_or(&candidates[2])
        .clone()
}

fn delimiters(spec: &Spec, cx: &mut Ctxt) {
    for s in &spec.scopes {
        if let Some(&d) = spec
            .delimiters
            .iter()
            .find(|d| s.name.as_bytes().contains(d))
        {
            cx.push(
                Diagnostic::error(
                    s.span.clone(),
                    format!("scope `{}` contains the delimiter `{}`", s.name, d as char),
                )
                .label("a granted scope string would split it")
                .help("rename the scope or drop the delimiter from `granted.delimiters`"),
            );
        }
    }
}

fn unused(spec: &Spec, cx: &mut Ctxt) {
    let n = spec.scopes.len();
    let mut used = vec![false; n];
    for r in &spec.routes {
        for g in r.methods.values().flatten().flatten() {
            used[*g] = true;
        }
    }
    // A scope implying a used scope is used; superusers always are.
    let closures = spec.closures();
    for s in 0..n {
        if !used[s]
            && (spec.scopes[s].superuser || (0..n).any(|t| t != s && closures[s][t] && used[t]))
        {
            used[s] = true;
        }
    }
    for (s, u) in spec.scopes.iter().zip(used) {
        if !u {
            cx.push(
                Diagnostic::warning(
                    s.span.clone(),
                    format!("scope `{}` is not used by any route", s.name),
                )
                .label("declared but never required")
                .help("require it on a route, or remove it"),
            );
        }
    }
}

fn cycles(spec: &Spec, cx: &mut Ctxt) {
    // A scope on a cycle reaches itself through at least one implication.
    let n = spec.scopes.len();
    let mut reported = vec![false; n];
    for s in 0..n {
        if reported[s] {
            continue;
        }
        let mut stack: Vec<(usize, Vec<usize>)> = spec.scopes[s]
            .implies
            .iter()
            .map(|&t| (t, vec![s, t]))
            .collect();
        let mut seen = vec![false; n];
        while let Some((x, path)) = stack.pop() {
            if x == s {
                for &p in &path {
                    reported[p] = true;
                }
                let names: Vec<&str> = path.iter().map(|&p| spec.scopes[p].name.as_str()).collect();
                cx.push(
                    Diagnostic::warning(
                        spec.scopes[s].span.clone(),
                        format!("implication cycle: {}", names.join(" → ")),
                    )
                    .label("implies itself")
                    .help("scopes on a cycle are equivalent; keep one, or break the cycle"),
                );
                break;
            }
            if std::mem::replace(&mut seen[x], true) {
                continue;
            }
            for &t in &spec.scopes[x].implies {
                let mut p = path.clone();
                p.push(t);
                stack.push((t, p));
            }
        }
    }
}
