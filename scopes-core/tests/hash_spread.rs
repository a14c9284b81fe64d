//! `hash_key` spreads distinct keys: the module documents that keys
//! differing anywhere (also only in the middle, or only in length) hash
//! differently, so that the perfect-hash generator finds a seed for a few
//! thousand keys. Checked here on every short key shape the tables hash
//! (segments and scope names of 1 to 24 bytes) and across namespaces.
//! Added for mutation testing (issue 14): a hash losing input bits passed
//! the crate's own tests.

use std::collections::HashSet;

use scopes_core::hash::hash_key;

fn keys() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for len in 1..=24usize {
        // Every key of `len` bytes that differs from "aaaa…" in one byte,
        // with that byte set to each of a few values.
        for at in 0..len {
            for b in [b'b', b'z', b'0', b'_', 0x80, 0xff] {
                let mut k = vec![b'a'; len];
                k[at] = b;
                out.push(k);
            }
        }
        out.push(vec![b'a'; len]);
        out.push(vec![0; len]);
    }
    out
}

#[test]
fn distinct_short_keys_do_not_collide() {
    let keys = keys();
    for seed in [0, 1, 0x5C0_9E5, u64::MAX] {
        let mut seen = HashSet::new();
        for k in &keys {
            assert!(
                seen.insert(hash_key(seed, 0, k)),
                "seed {seed:#x}: {:?} collides",
                String::from_utf8_lossy(k)
            );
        }
    }
}

#[test]
fn namespace_and_seed_change_the_hash() {
    for k in keys() {
        let h = hash_key(7, 0, &k);
        assert_ne!(h, hash_key(7, 1, &k), "namespace ignored for {k:?}");
        assert_ne!(h, hash_key(8, 0, &k), "seed ignored for {k:?}");
    }
}

/// Every output bit is set for about half the keys: PtrHash takes its
/// bucket, pilot and slot from different bits of one hash, so a bit that
/// leans one way narrows the choices of all three. (A final `h | (h >> 29)`
/// instead of `h ^ (h >> 29)` sets the low 35 bits for three keys in four.)
#[test]
fn each_output_bit_is_set_for_about_half_the_keys() {
    let keys = keys();
    let mut set = [0usize; 64];
    let mut n = 0usize;
    for seed in [0, 1, 0x5C0_9E5, u64::MAX] {
        for k in &keys {
            let h = hash_key(seed, 0, k);
            for (bit, count) in set.iter_mut().enumerate() {
                *count += usize::from(h >> bit & 1 == 1);
            }
            n += 1;
        }
    }
    // n is about 7,400: one standard deviation of a fair bit's share is
    // under 0.006, so 0.05 is eight of them.
    for (bit, count) in set.iter().enumerate() {
        let share = *count as f64 / n as f64;
        assert!(
            (share - 0.5).abs() < 0.05,
            "bit {bit} is set for {share:.3} of {n} keys"
        );
    }
}
