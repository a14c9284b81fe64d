//! Requirements (an AND of OR-groups of scopes): whether a grant meets a
//! group, and how a requirement reads in words. Every crate of the
//! workspace that tests a group or prints a requirement calls these two.

/// Whether `granted` (a closed scope set) meets `group` (the set of scopes
/// any one of which is enough): they share a bit.
#[inline]
#[must_use]
pub fn group_met(group: &[u64], granted: &[u64]) -> bool {
    group
        .iter()
        .zip(granted)
        .any(|(need, have)| need & have != 0)
}

/// How scope names are written in [`describe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a or b, and c`.
    Plain,
    /// `` `a` or `b`, and `c` `` (Markdown and rustdoc).
    Code,
}

/// A requirement in words: the names of each group joined by `or`, the
/// groups by `, and`; `public` when there is no group, and [`ANY_TOKEN`]
/// for a group that names no scope (the authenticated level: any valid
/// token, no particular scope).
///
/// ```
/// use scopes_core::requirement::{Style, describe};
/// let req = [vec!["a", "b"], vec!["c"]];
/// assert_eq!(describe(&req, Style::Plain), "a or b, and c");
/// assert_eq!(describe(&req, Style::Code), "`a` or `b`, and `c`");
/// assert_eq!(describe(&[] as &[Vec<&str>], Style::Plain), "public");
/// assert_eq!(describe([Vec::<&str>::new()], Style::Plain), "any valid token");
/// ```
#[must_use]
pub fn describe<G, S>(groups: impl IntoIterator<Item = G>, style: Style) -> String
where
    G: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for (i, group) in groups.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", and ");
        }
        let before = out.len();
        for (j, name) in group.into_iter().enumerate() {
            if j > 0 {
                out.push_str(" or ");
            }
            match style {
                Style::Plain => out.push_str(name.as_ref()),
                Style::Code => {
                    out.push('`');
                    out.push_str(name.as_ref());
                    out.push('`');
                }
            }
        }
        if out.len() == before {
            out.push_str(ANY_TOKEN);
        }
    }
    if out.is_empty() {
        out.push_str("public");
    }
    out
}

/// How [`describe`] writes the authenticated level.
pub const ANY_TOKEN: &str = "any valid token";

/// Whether a request holding a token whose closed scope set is `granted`
/// meets `group`: a group naming no scope (the authenticated level) is met
/// by any token, another by a shared scope ([`group_met`]). A scope set
/// alone, with no token, never meets an empty group: callers that cannot
/// tell whether a token was presented use [`group_met`] and deny.
#[inline]
#[must_use]
pub fn group_met_by_token(group: &[u64], granted: &[u64]) -> bool {
    group.iter().all(|&w| w == 0) || group_met(group, granted)
}

#[cfg(test)]
mod tests {
    use super::{Style, describe, group_met, group_met_by_token};

    #[test]
    fn a_group_is_met_by_any_shared_scope() {
        // Scopes 0 and 65 in a two-word set.
        let group = [1u64, 2];
        assert!(group_met(&group, &[1, 0]));
        assert!(group_met(&group, &[0, 2]));
        assert!(!group_met(&group, &[2, 1]));
        assert!(!group_met(&group, &[0, 0]));
    }

    #[test]
    fn an_empty_group_is_met_by_a_token_only() {
        let none = [0u64, 0];
        assert!(!group_met(&none, &[0, 0]));
        assert!(!group_met(&none, &[u64::MAX, u64::MAX]));
        assert!(group_met_by_token(&none, &[0, 0]));
        assert!(group_met_by_token(&[1, 0], &[1, 0]));
        assert!(!group_met_by_token(&[1, 0], &[2, 0]));
    }

    #[test]
    fn one_group_reads_without_and() {
        assert_eq!(describe([["x"]], Style::Plain), "x");
        assert_eq!(
            describe([vec!["x"], vec!["y", "z"]], Style::Plain),
            "x, and y or z"
        );
    }
}
