//! "Did you mean" (`closest`) against its documented rule: a candidate is
//! suggested when its edit distance from the input is at most a third of
//! the longer of the two names (at least one edit). Inputs are made by
//! deleting k characters of a candidate: their distance is exactly k (at
//! least the difference in length, at most the k deletions), so the
//! expected answers follow from the rule alone, not from the code.

use scopes_spec::closest;

/// `name` without `k` of its characters at odd positions (1, 3, 5, ...).
fn delete(name: &str, k: usize) -> String {
    let mut gone = 0;
    name.char_indices()
        .filter(|&(i, _)| {
            let drop = gone < k && i % 2 == 1;
            gone += usize::from(drop);
            !drop
        })
        .map(|(_, c)| c)
        .collect()
}

#[test]
fn a_name_is_suggested_up_to_a_third_of_its_length_in_edits() {
    for name in [
        "transactions_read",
        "transactions_resend",
        "carts_read",
        "store_full_access",
        "abcdefghijklmnopqrstuvwxyz0123",
    ] {
        let allowed = (name.len() / 3).max(1);
        for k in 1..=allowed + 2 {
            let typo = delete(name, k);
            assert_eq!(typo.len(), name.len() - k, "{name}: {k} deletions");
            let want = (k <= allowed).then_some(name);
            assert_eq!(
                closest(&typo, [name]),
                want,
                "{name} with {k} deletions: {typo}"
            );
        }
    }
}

#[test]
fn short_names_allow_one_edit() {
    assert_eq!(closest("ab", ["abc"]), Some("abc"));
    assert_eq!(closest("a", ["abc"]), None);
}
