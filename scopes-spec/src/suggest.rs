//! "Did you mean" suggestions.

/// The candidate closest to `input`, if it is close enough to be a typo: at
/// most one edit (Damerau-Levenshtein) per three characters of the longer
/// of the two names, and at least one. Ties go to the first name in
/// sorted order.
#[must_use]
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(input, c), c))
        .filter(|&(d, c)| d <= (input.len().max(c.len()) / 3).max(1))
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// `did you mean `x`?` for the closest candidate.
#[must_use]
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn typos_find_their_target_and_strangers_do_not() {
        let names = ["transactions_read", "transactions_write", "carts_read"];
        assert_eq!(
            closest("tranactions_read", names),
            Some("transactions_read")
        );
        assert_eq!(closest("carts_raed", names), Some("carts_read"));
        assert_eq!(closest("webhooks_resend", names), None);
    }
}
