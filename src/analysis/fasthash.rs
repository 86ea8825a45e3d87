//! A small, fast, non-cryptographic hasher for the per-packet lookups (stream and connection
//! tables). std's SipHash cost about 30 % of `list` in profiles (docs/performance.md). A crafted
//! capture can at worst make lookups slower, never wrong.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hasher over 64-bit words.
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher {
    hash: u64,
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl WordHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64)
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(i as u64)
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64)
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i)
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64)
    }
    #[inline]
    fn finish(&self) -> u64 {
        // final mix so that low bits (used by the table) depend on every input bit
        let h = self.hash;
        (h ^ (h >> 29)).wrapping_mul(K) ^ (h >> 32)
    }
}

/// A `HashMap` with [`WordHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_keys_spread() {
        let mut m: FastMap<(u64, u16), u64> = FastMap::default();
        for i in 0..10_000u64 {
            m.insert((i, (i % 7) as u16), i);
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m[&(1234, (1234 % 7) as u16)], 1234);
        let mut low = std::collections::HashSet::new();
        for i in 0..1024u64 {
            let mut h = WordHasher::default();
            h.write_u64(i << 20);
            low.insert(h.finish() & 1023);
        }
        assert!(low.len() > 600, "low bits poorly mixed: {}", low.len());
    }
}
