//! `scopes minimal`: the smallest scope set that calls every given
//! endpoint (the least-privilege advice of the seed documents).
//!
//! It is a hitting-set problem: every OR-group of every endpoint must
//! contain (in its effective form) a chosen scope. It stays fast for a
//! hundred endpoints because endpoints share few distinct groups: groups
//! are deduplicated, a group that contains another is dropped (hitting the
//! smaller one hits it), and a branch-and-bound search picks the group with
//! the fewest candidates first and stops a branch as soon as it cannot beat
//! the best set found. Among sets of the same size it prefers the least
//! privilege: the smallest total closure (scopes granted, implied ones
//! included). A superuser scope is never chosen where a narrower scope
//! meets the group.

use std::collections::BTreeSet;

use scopes_runtime::{PathMatch, Tables};

/// The result.
#[derive(Debug)]
pub struct Minimal {
    /// Chosen scope indices, with the endpoints each one is needed for.
    pub scopes: Vec<(usize, Vec<String>)>,
}

/// Why an endpoint cannot be resolved.
#[derive(Debug, PartialEq, Eq)]
pub enum MinimalError {
    /// `METHOD /path` could not be parsed.
    Syntax(String),
    /// No such route or method.
    Unknown(String),
}

impl std::fmt::Display for MinimalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MinimalError::Syntax(e) => write!(f, "expected \"METHOD /path\", got {e:?}"),
            MinimalError::Unknown(e) => write!(f, "{e}"),
        }
    }
}

/// Solve for endpoints written `METHOD /path` (a template or a concrete path).
///
/// # Errors
/// An endpoint that does not parse or is not in the spec.
pub fn minimal(tables: &Tables<'_>, endpoints: &[String]) -> Result<Minimal, MinimalError> {
    // Each requirement group, as the set of scopes that meet it alone.
    let mut groups: Vec<(BTreeSet<usize>, Vec<String>)> = Vec::new();
    for e in endpoints {
        let (method, path) = e
            .split_once(' ')
            .ok_or_else(|| MinimalError::Syntax(e.clone()))?;
        let route = tables
            .route_by_template(path)
            .or(match tables.match_path(path) {
                PathMatch::Route(r) => Some(r),
                _ => None,
            });
        let route = route.ok_or_else(|| MinimalError::Unknown(format!("no route for {path}")))?;
        let req = tables.requirement_for(route, method).ok_or_else(|| {
            MinimalError::Unknown(format!(
                "{} does not serve {method}",
                tables.template(route)
            ))
        })?;
        let r = tables.requirements[req as usize];
        for g in r.start..r.start + r.len {
            // A superuser meets every group but is never least privilege:
            // it is a candidate only where nothing else meets the group.
            let all: BTreeSet<usize> = tables.effective_group(g).collect();
            if all.is_empty() {
                continue; // the authenticated level: any token, no scope
            }
            let narrow: BTreeSet<usize> = all
                .iter()
                .copied()
                .filter(|&s| !is_superuser(tables, s))
                .collect();
            let set = if narrow.is_empty() { all } else { narrow };
            match groups.iter_mut().find(|(s, _)| *s == set) {
                Some((_, why)) => why.push(e.clone()),
                None => groups.push((set, vec![e.clone()])),
            }
        }
    }
    // Absorption: a group containing another is hit whenever the other is.
    let sets: Vec<BTreeSet<usize>> = groups.iter().map(|(s, _)| s.clone()).collect();
    let needed: Vec<BTreeSet<usize>> = sets
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            !sets
                .iter()
                .enumerate()
                .any(|(j, t)| j != *i && t.len() < s.len() && t.is_subset(s))
        })
        .map(|(_, s)| s.clone())
        .collect();
    let cost: Vec<usize> = (0..tables.scope_count())
        .map(|s| privilege(tables, s))
        .collect();
    let mut best: Option<(usize, usize, Vec<usize>)> = None;
    search(&needed, &mut Vec::new(), &cost, &mut best);
    let chosen = best.map(|(_, _, c)| c).unwrap_or_default();
    let scopes = chosen
        .into_iter()
        .map(|s| {
            let mut why: Vec<String> = groups
                .iter()
                .filter(|(set, _)| set.contains(&s))
                .flat_map(|(_, w)| w.clone())
                .collect();
            why.sort();
            why.dedup();
            (s, why)
        })
        .collect();
    Ok(Minimal { scopes })
}

/// Whether a grant of `s` alone gives every scope.
fn is_superuser(tables: &Tables<'_>, s: usize) -> bool {
    let n = tables.scope_count();
    tables
        .closure_of(s)
        .iter()
        .map(|w| w.count_ones() as usize)
        .sum::<usize>()
        == n
        && n > 1
}

/// How much a scope opens: the number of scopes in its closure.
fn privilege(tables: &Tables<'_>, s: usize) -> usize {
    tables
        .closure_of(s)
        .iter()
        .map(|w| w.count_ones() as usize)
        .sum()
}

fn search(
    groups: &[BTreeSet<usize>],
    chosen: &mut Vec<usize>,
    cost: &[usize],
    best: &mut Option<(usize, usize, Vec<usize>)>,
) {
    let open: Vec<&BTreeSet<usize>> = groups
        .iter()
        .filter(|g| !g.iter().any(|s| chosen.contains(s)))
        .collect();
    let total: usize = chosen.iter().map(|&s| cost[s]).sum();
    if open.is_empty() {
        let better = best
            .as_ref()
            .is_none_or(|(n, c, _)| (chosen.len(), total) < (*n, *c));
        if better {
            let mut c = chosen.clone();
            c.sort_unstable();
            *best = Some((chosen.len(), total, c));
        }
        return;
    }
    let Some(pick) = open.iter().min_by_key(|g| g.len()) else {
        return;
    };
    // Bound: at least one more scope, costing at least the cheapest
    // candidate of the most constrained group.
    let min_more = pick.iter().map(|&s| cost[s]).min().unwrap_or(0);
    if best
        .as_ref()
        .is_some_and(|(n, c, _)| (chosen.len() + 1, total + min_more) >= (*n, *c))
    {
        return;
    }
    // Try candidates that hit the most open groups first, cheapest first.
    let mut candidates: Vec<usize> = pick.iter().copied().collect();
    candidates.sort_by_key(|&s| {
        (
            std::cmp::Reverse(open.iter().filter(|g| g.contains(&s)).count()),
            cost[s],
            s,
        )
    });
    for s in candidates {
        chosen.push(s);
        search(groups, chosen, cost, best);
        chosen.pop();
    }
}
