//! Monotone boolean formulas over scope names, in the two normal forms the
//! two formats use: the spec's AND of OR-groups (CNF) and OpenAPI's OR over
//! AND-objects (DNF). Conversion is by distribution, which is exact; the
//! result is kept small by absorption (`a ∧ (a ∨ b)` is `a`, and dually).

use std::collections::BTreeSet;

/// A set of scope names: one OR-group (CNF) or one AND-object (DNF).
pub type Clause = BTreeSet<String>;

/// Beyond this many clauses a conversion gives up instead of growing.
pub const MAX_CLAUSES: usize = 1024;

/// Above this many clauses a conversion is worth a warning.
pub const LARGE: usize = 16;

/// The formula would need more than [`MAX_CLAUSES`] clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Sort, deduplicate, and drop every clause that contains another one. In
/// a CNF a clause that contains another is implied by it; in a DNF it is
/// subsumed by it. Either way it can go.
#[must_use]
pub fn absorb(clauses: Vec<Clause>) -> Vec<Clause> {
    let mut clauses: Vec<Clause> = clauses
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    clauses.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let mut kept: Vec<Clause> = Vec::with_capacity(clauses.len());
    for c in clauses {
        if !kept.iter().any(|k| k.is_subset(&c)) {
            kept.push(c);
        }
    }
    kept.sort();
    kept
}

/// Distribute one normal form over the other: the clauses of the result
/// pick one element from each input clause. `distribute` turns a CNF into
/// the equivalent DNF and a DNF into the equivalent CNF. The empty input
/// (true for a CNF, false for a DNF) gives one empty clause and back.
///
/// # Errors
/// [`TooLarge`] when an intermediate result exceeds [`MAX_CLAUSES`].
pub fn distribute(clauses: &[Clause]) -> Result<Vec<Clause>, TooLarge> {
    let mut out: Vec<Clause> = vec![Clause::new()];
    for clause in clauses {
        let mut next = Vec::with_capacity(out.len() * clause.len());
        for partial in &out {
            for x in clause {
                let mut p = partial.clone();
                p.insert(x.clone());
                next.push(p);
            }
        }
        out = absorb(next);
        if out.len() > MAX_CLAUSES {
            return Err(TooLarge);
        }
    }
    Ok(out)
}

/// The disjunction of CNFs, as one CNF: `(∧A) ∨ (∧B) = ∧ (a ∨ b)`.
///
/// # Errors
/// [`TooLarge`] when the result exceeds [`MAX_CLAUSES`].
pub fn or_of_cnfs(cnfs: &[Vec<Clause>]) -> Result<Vec<Clause>, TooLarge> {
    let Some((first, rest)) = cnfs.split_first() else {
        // No alternative at all: false, which no CNF of non-empty clauses
        // says. Callers never ask (an operation without alternatives is
        // handled before), so the empty OR-group stands for it.
        return Ok(vec![Clause::new()]);
    };
    let mut acc = absorb(first.clone());
    for cnf in rest {
        if acc.is_empty() {
            return Ok(acc); // true ∨ x = true
        }
        if cnf.is_empty() {
            return Ok(Vec::new());
        }
        let mut next = Vec::with_capacity(acc.len() * cnf.len());
        for a in &acc {
            for b in cnf {
                next.push(a.union(b).cloned().collect());
            }
        }
        acc = absorb(next);
        if acc.len() > MAX_CLAUSES {
            return Err(TooLarge);
        }
    }
    Ok(acc)
}

#[cfg(test)]
mod tests {
    use super::{Clause, absorb, distribute, or_of_cnfs};

    fn c(names: &[&str]) -> Clause {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Truth of a CNF / DNF under an assignment, written plainly.
    fn cnf_true(cnf: &[Clause], set: &Clause) -> bool {
        cnf.iter().all(|g| g.iter().any(|x| set.contains(x)))
    }
    fn dnf_true(dnf: &[Clause], set: &Clause) -> bool {
        dnf.iter().any(|g| g.iter().all(|x| set.contains(x)))
    }

    fn subsets(names: &[&str]) -> Vec<Clause> {
        (0..1u32 << names.len())
            .map(|bits| {
                names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, n)| (*n).to_owned())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn absorption_keeps_minimal_clauses() {
        assert_eq!(
            absorb(vec![c(&["a", "b"]), c(&["a"]), c(&["b", "c"]), c(&["a"])]),
            vec![c(&["a"]), c(&["b", "c"])]
        );
    }

    #[test]
    fn distribution_is_exact_both_ways() {
        let names = ["a", "b", "c", "d", "e"];
        let cnfs = [
            vec![c(&["a", "b"]), c(&["c"]), c(&["d", "e", "a"])],
            vec![c(&["a"]), c(&["b"])],
            vec![c(&["a", "b", "c"])],
            vec![],
        ];
        for cnf in &cnfs {
            let dnf = distribute(cnf).unwrap();
            let back = distribute(&dnf).unwrap();
            for set in subsets(&names) {
                assert_eq!(cnf_true(cnf, &set), dnf_true(&dnf, &set), "{cnf:?} {dnf:?}");
                assert_eq!(cnf_true(&back, &set), cnf_true(cnf, &set), "{back:?}");
            }
        }
        assert_eq!(
            distribute(&[c(&["a", "b"]), c(&["a", "c"])]).unwrap(),
            vec![c(&["a"]), c(&["b", "c"])]
        );
    }

    #[test]
    fn or_of_cnfs_is_the_disjunction() {
        let names = ["a", "b", "c", "d"];
        let alts = vec![
            vec![c(&["a"]), c(&["b"])],
            vec![c(&["c", "d"])],
            vec![c(&["d"])],
        ];
        let cnf = or_of_cnfs(&alts).unwrap();
        for set in subsets(&names) {
            let want = alts.iter().any(|alt| cnf_true(alt, &set));
            assert_eq!(cnf_true(&cnf, &set), want, "{set:?}");
        }
        assert!(or_of_cnfs(&[vec![c(&["a"])], vec![]]).unwrap().is_empty());
    }

    #[test]
    fn growth_is_capped() {
        // 11 alternatives of 2 scopes: the CNF has 2^11 clauses.
        let alts: Vec<Vec<Clause>> = (0..11)
            .map(|i| vec![c(&[&format!("x{i}")]), c(&[&format!("y{i}")])])
            .collect();
        assert!(or_of_cnfs(&alts).is_err());
    }
}
