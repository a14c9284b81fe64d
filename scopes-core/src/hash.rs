//! The perfect hash used by every table: PtrHash from `phf` (via
//! `phf_shared::ptrhash`), keyed by a small portable hash of our own.
//!
//! `phf`'s default key hash is SipHash-1-3, which costs more than the rest of a
//! lookup for the short keys we hash (path segments, scope names). The PtrHash
//! variant of `phf_generator` accepts any 64-bit hash, so tables are built with
//! [`hash_key`] below: a multiply-xorshift over 8-byte little-endian words. It
//! only has to spread a few thousand distinct keys for a chosen seed; the
//! generator retries seeds until the map is perfect, and every hit is verified
//! against the stored key, so a weak hash can cost build time but never a
//! wrong answer. It is portable (no `usize`, explicit endianness) so tables
//! built by the proc-macro on the host agree with lookups on the target.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hash `bytes` (and a small integer namespace `ns`) with `seed`.
///
/// Keys up to 16 bytes (most segments and scope names) take two
/// overlapping 8-byte loads; longer keys mix every 8-byte word, so keys
/// differing only in the middle still differ.
#[inline(always)]
#[must_use]
pub fn hash_key(seed: u64, ns: u32, bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let mut h = seed ^ (u64::from(ns) << 32) ^ (len as u64).wrapping_mul(K);
    if len <= 8 {
        h = mix(h ^ load_partial(bytes));
    } else if len <= 16 {
        h = mix(h ^ load8(bytes, 0));
        h = mix(h ^ load8(bytes, len - 8));
    } else {
        let mut i = 0;
        while i + 8 <= len {
            h = mix(h ^ load8(bytes, i));
            i += 8;
        }
        h = mix(h ^ load8(bytes, len - 8));
    }
    finish(h)
}

#[inline]
fn load8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[inline]
fn load_partial(b: &[u8]) -> u64 {
    crate::matching::load_le_partial(b)
}

#[inline]
fn mix(h: u64) -> u64 {
    (h.wrapping_mul(K)).rotate_left(29)
}

#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 32;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 29)
}

/// The first slot of the open-addressed edge table
/// ([`crate::Tables::edge_slots`], `mask + 1` slots) to probe for the
/// literal `segment` below node `parent`. The segment's hash does not
/// depend on the node, so a walk can compute it while the node before is
/// still being looked up; the node joins with one multiplication.
#[inline(always)]
#[must_use]
pub fn edge_slot(seed: u64, parent: u32, segment: &[u8], mask: usize) -> usize {
    let h = hash_key(seed, 0, segment) ^ (u64::from(parent) + 1).wrapping_mul(K);
    (h >> 32) as usize & mask
}

/// A perfect hash over `len` keys: maps a key's hash to a slot in
/// `0..map.len()`; `map[slot]` is the index of the only entry that may match.
/// The caller must compare that entry's key with the looked-up one.
#[derive(Debug, Clone, Copy)]
pub struct PerfectHash<'a> {
    /// Seed for [`hash_key`].
    pub seed: u64,
    /// PtrHash pilots, one per bucket.
    pub pilots: &'a [u8],
    /// PtrHash remap table for slots past `map.len()`.
    pub remap: &'a [u32],
    /// Slot to entry index.
    pub map: &'a [u32],
}

impl PerfectHash<'_> {
    /// An empty hash: every lookup misses.
    pub const EMPTY: PerfectHash<'static> = PerfectHash {
        seed: 0,
        pilots: &[],
        remap: &[],
        map: &[],
    };

    /// The index of the candidate entry for `(ns, key)`, or `None` if the
    /// table is empty. The candidate must still be compared with the key.
    #[inline(always)]
    #[must_use]
    pub fn candidate(&self, ns: u32, key: &[u8]) -> Option<usize> {
        if self.map.is_empty() {
            return None;
        }
        let h = hash_key(self.seed, ns, key);
        let slot =
            phf_shared::ptrhash::get_index(self.seed, h, self.pilots, self.remap, self.map.len());
        self.map.get(slot as usize).map(|&i| i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::hash_key;

    #[test]
    fn hash_depends_on_every_input() {
        let base = hash_key(1, 0, b"transactions");
        assert_ne!(base, hash_key(2, 0, b"transactions"));
        assert_ne!(base, hash_key(1, 1, b"transactions"));
        assert_ne!(base, hash_key(1, 0, b"transaction"));
        assert_ne!(base, hash_key(1, 0, b"transactionz"));
        // Trailing zero bytes must not collide with the shorter key.
        assert_ne!(hash_key(1, 0, b"a"), hash_key(1, 0, b"a\0"));
        // Long keys differing only in the middle differ.
        assert_ne!(
            hash_key(1, 0, b"aaaaaaaaXaaaaaaaaaaaaaaaa"),
            hash_key(1, 0, b"aaaaaaaaYaaaaaaaaaaaaaaaa")
        );
    }
}
