//! The grant of a token's `scope` string, parsed once per token: each
//! thread keeps the last few strings it parsed for each typed router, so
//! a client repeating its token pays a compare, not a parse.
//!
//! An entry is found by its owner (a number no other typed router of the
//! process ever gets, and one owner always parses against the same
//! tables) and the exact bytes of the string: never by a hash, so no
//! collision can hand one string's grant to another. Bounded: [`ENTRIES`]
//! per thread, each string at most [`MAX_SCOPE_LEN`] bytes (a longer one
//! is parsed every time). A string that does not parse is not kept.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use scopes_core::GrantError;

use crate::Granted;

/// Entries per thread.
pub(crate) const ENTRIES: usize = 4;

/// The longest `scope` string kept.
pub(crate) const MAX_SCOPE_LEN: usize = 2048;

/// A parsed string.
struct Entry {
    owner: u64,
    scope: Box<str>,
    granted: Granted,
}

/// The last strings parsed on one thread, replaced round-robin.
struct Cache {
    entries: [Option<Entry>; ENTRIES],
    next: usize,
}

impl Cache {
    fn find(&self, owner: u64, scope: &str) -> Option<&Granted> {
        self.entries
            .iter()
            .flatten()
            .find(|e| e.owner == owner && *e.scope == *scope)
            .map(|e| &e.granted)
    }

    fn insert(&mut self, owner: u64, scope: &str, granted: Granted) -> &Granted {
        let slot = self.next;
        self.next = (self.next + 1) % ENTRIES;
        let entry = self.entries[slot].insert(Entry {
            owner,
            scope: scope.into(),
            granted,
        });
        &entry.granted
    }
}

thread_local! {
    static CACHE: RefCell<Cache> = const {
        RefCell::new(Cache {
            entries: [const { None }; ENTRIES],
            next: 0,
        })
    };
}

/// A number no other caller of this function gets in this process.
pub(crate) fn new_owner() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// `then` applied to the grant of `scope` for `owner`: the one this thread
/// parsed last time for the same owner and the same bytes, else
/// `parse(scope)` (kept when it succeeds). `parse` must give the same
/// answer for every call with one owner.
///
/// # Errors
/// `parse`'s error; nothing is kept then.
#[inline]
pub(crate) fn with_grant<T>(
    owner: u64,
    scope: &str,
    parse: impl Fn(&str) -> Result<Granted, GrantError>,
    then: impl Fn(&Granted) -> T,
) -> Result<T, GrantError> {
    // The common case first, nothing else on its path: the string was
    // parsed on this thread before (a shared borrow: `then` may come back
    // here and find its own string too).
    if scope.len() <= MAX_SCOPE_LEN {
        let hit = CACHE.try_with(|cache| {
            let cache = cache.try_borrow().ok()?;
            cache.find(owner, scope).map(&then)
        });
        if let Ok(Some(decided)) = hit {
            return Ok(decided);
        }
    }
    parse_and_keep(owner, scope, parse, then)
}

/// [`with_grant`] for a string not found: parsed, and kept when it
/// parses and fits.
#[cold]
#[inline(never)]
fn parse_and_keep<T>(
    owner: u64,
    scope: &str,
    parse: impl Fn(&str) -> Result<Granted, GrantError>,
    then: impl Fn(&Granted) -> T,
) -> Result<T, GrantError> {
    let uncached = || parse(scope).map(|g| then(&g));
    if scope.len() > MAX_SCOPE_LEN {
        return uncached();
    }
    let kept = CACHE.try_with(|cache| {
        // Busy only if `then` or `parse` came back here: parse uncached.
        let mut cache = cache.try_borrow_mut().ok()?;
        let granted = match parse(scope) {
            Ok(granted) => granted,
            Err(e) => return Some(Err(e)),
        };
        Some(Ok(then(cache.insert(owner, scope, granted))))
    });
    // `None`: no thread-local storage any more (the thread is exiting).
    kept.ok().flatten().unwrap_or_else(uncached)
}

#[cfg(all(test, feature = "dynamic"))]
pub(crate) fn entries_kept() -> usize {
    CACHE.with(|c| c.borrow().entries.iter().flatten().count())
}

#[cfg(all(test, feature = "dynamic"))]
mod tests {
    use std::cell::Cell;

    use super::{ENTRIES, MAX_SCOPE_LEN, entries_kept, new_owner, with_grant};
    use crate::{Granted, LoadedSpec};

    /// Scope names of one length, so that strings of equal length differ
    /// only in their bytes.
    const SPEC: &str = "name: cache\nscopes:\n  a1: {description: a}\n  a2: {description: b}\n  \
        a3: {description: c}\n  b1: {description: d, implies: [a1]}\nroutes:\n  \
        - {path: /x, methods: [GET], requires: a1}\n";

    /// The same names, another meaning: `a1` implies `a2` here.
    const OTHER: &str = "name: other\nscopes:\n  a1: {description: a, implies: [a2]}\n  \
        a2: {description: b}\nroutes:\n  - {path: /x, methods: [GET], requires: a2}\n";

    fn spec(text: &str) -> LoadedSpec {
        LoadedSpec::from_str("cache.yaml", text).expect("valid test spec")
    }

    /// The grant through the cache, and how many times it parsed.
    fn cached(owner: u64, spec: &LoadedSpec, scope: &str, parses: &Cell<u32>) -> Granted {
        let parse = |s: &str| {
            parses.set(parses.get() + 1);
            Granted::parse(&spec.tables(), s)
        };
        with_grant(owner, scope, parse, Granted::clone).expect("valid scope string")
    }

    #[test]
    fn a_string_gets_its_own_grant_never_another_of_the_same_length() {
        let s = spec(SPEC);
        let owner = new_owner();
        let parses = Cell::new(0);
        // Same length, same bytes in another order, one byte apart.
        let strings = [
            "a1", "a2", "a3", "b1", "a1 a2", "a2 a1", "a1 a3", "a1 b1", "b1 a1",
        ];
        for round in 0..50 {
            for i in 0..strings.len() {
                // Strings in a different order each round, so hits and
                // misses both happen.
                let scope = strings[(i * 7 + round) % strings.len()];
                let want = Granted::parse(&s.tables(), scope).expect("valid");
                assert_eq!(cached(owner, &s, scope, &parses), want, "{scope}");
                assert!(entries_kept() <= ENTRIES);
            }
        }
        assert!(parses.get() > 0);
    }

    #[test]
    fn a_repeated_string_is_parsed_once() {
        let s = spec(SPEC);
        let owner = new_owner();
        let parses = Cell::new(0);
        let want = Granted::parse(&s.tables(), "a1 b1").expect("valid");
        for _ in 0..10 {
            assert_eq!(cached(owner, &s, "a1 b1", &parses), want);
        }
        assert_eq!(parses.get(), 1);
    }

    #[test]
    fn an_owner_never_sees_another_owners_grant() {
        let (a, b) = (spec(SPEC), spec(OTHER));
        let (owner_a, owner_b) = (new_owner(), new_owner());
        assert_ne!(owner_a, owner_b);
        let parses = Cell::new(0);
        for _ in 0..3 {
            let from_a = cached(owner_a, &a, "a1", &parses);
            let from_b = cached(owner_b, &b, "a1", &parses);
            assert_eq!(from_a, Granted::parse(&a.tables(), "a1").expect("valid"));
            assert_eq!(from_b, Granted::parse(&b.tables(), "a1").expect("valid"));
            assert_ne!(from_a, from_b);
        }
        assert_eq!(parses.get(), 2);
    }

    #[test]
    fn it_stays_bounded_and_keeps_no_error_and_no_long_string() {
        let s = spec(SPEC);
        let owner = new_owner();
        let parses = Cell::new(0);
        for n in 0..100 {
            // Unknown names grant nothing but parse: 100 distinct strings.
            let scope = format!("a1 x{n}");
            cached(owner, &s, &scope, &parses);
            assert!(entries_kept() <= ENTRIES);
        }
        assert_eq!(entries_kept(), ENTRIES);
        let bad = "a1 \"x\"";
        let err = with_grant(
            owner,
            bad,
            |t| Granted::parse(&s.tables(), t),
            Granted::clone,
        );
        assert_eq!(err, Err(Granted::parse(&s.tables(), bad).unwrap_err()));
        // The longest string kept, MAX_SCOPE_LEN bytes, is parsed once.
        let longest = format!("{}a1", "a1 ".repeat((MAX_SCOPE_LEN - 2) / 3));
        assert_eq!(longest.len(), MAX_SCOPE_LEN);
        let before = parses.get();
        for _ in 0..2 {
            cached(owner, &s, &longest, &parses);
        }
        assert_eq!(
            parses.get(),
            before + 1,
            "a string of the longest length is kept"
        );
        // Fill the cache, then a longer string: parsed every time, and it
        // displaces nothing.
        let kept: Vec<String> = (0..ENTRIES).map(|n| format!("a1 y{n}")).collect();
        for k in &kept {
            cached(owner, &s, k, &parses);
        }
        let long = "a1 ".repeat(MAX_SCOPE_LEN / 3 + 1);
        let before = parses.get();
        for _ in 0..2 {
            let want = Granted::parse(&s.tables(), &long).expect("valid");
            assert_eq!(cached(owner, &s, &long, &parses), want);
        }
        assert_eq!(
            parses.get(),
            before + 2,
            "a long string is parsed every time"
        );
        for k in &kept {
            cached(owner, &s, k, &parses);
        }
        assert_eq!(parses.get(), before + 2, "a long string displaces no entry");
    }
}
