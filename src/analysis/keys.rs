//! Tokens and initial data sequence numbers derived from MPTCP keys.

use sha1::Digest as _;

/// Token and IDSN of a key: token = most significant 32 bits of H(key), IDSN = least significant
/// 64 bits, with H = SHA-1 for MPTCP v0 and SHA-256 for v1 (key as 8 bytes, network order).
pub fn token_and_idsn(key: u64, version: u8) -> (u32, u64) {
    let bytes = key.to_be_bytes();
    let mut digest = [0u8; 32];
    let n = if version == 0 {
        digest[..20].copy_from_slice(&sha1::Sha1::digest(bytes));
        20
    } else {
        digest.copy_from_slice(&sha2::Sha256::digest(bytes));
        32
    };
    let token = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    let mut idsn = [0u8; 8];
    idsn.copy_from_slice(&digest[n - 8..n]);
    (token, u64::from_be_bytes(idsn))
}

/// A memo of [`token_and_idsn`] for the keys of the connections being set up: every
/// MP_CAPABLE packet carries a key, hashed again each time otherwise (SHA-256: ~9 % of the
/// instructions of `stats mptcp` on the corpus). Set-associative ([`KEY_WAYS`] ways of
/// [`KEY_SETS`] sets, the oldest entry of a set replaced) and of fixed size, so that it never
/// grows with the number of connections; a miss only costs a hash. Each key is hashed once
/// while fewer than `KEY_WAYS` other keys of its set came since: with the ~20 keys of the
/// connections being set up at a time on a busy server, in practice once per key (a
/// direct-mapped table of 64 slots hashed the 800 keys of many-conns.pcap 1,606 times).
#[derive(Debug, Clone)]
pub struct KeyCache {
    sets: Box<[[Keyed; KEY_WAYS]; KEY_SETS]>,
    /// Hashes computed (misses), for tests and measurements.
    hashed: u64,
}

/// A key, its token, its IDSN and its MPTCP version (`used`: not a free entry).
#[derive(Debug, Clone, Copy)]
struct Keyed {
    key: u64,
    idsn: u64,
    token: u32,
    version: u8,
    used: bool,
}

/// Ways per set, and sets (a power of two): 1,024 entries, 24 KiB.
pub const KEY_WAYS: usize = 4;
pub const KEY_SETS: usize = 256;

impl Default for KeyCache {
    fn default() -> Self {
        let free = Keyed {
            key: 0,
            idsn: 0,
            token: 0,
            version: 0,
            used: false,
        };
        KeyCache {
            sets: Box::new([[free; KEY_WAYS]; KEY_SETS]),
            hashed: 0,
        }
    }
}

impl KeyCache {
    /// [`token_and_idsn`] of `key` for `version`.
    pub fn get(&mut self, key: u64, version: u8) -> (u32, u64) {
        // Fibonacci hashing: the top 8 bits of the product pick the set
        let i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % KEY_SETS;
        let set = &mut self.sets[i];
        if let Some(e) = set
            .iter()
            .find(|e| e.key == key && e.version == version && e.used)
        {
            return (e.token, e.idsn);
        }
        let (token, idsn) = token_and_idsn(key, version);
        self.hashed += 1;
        // the oldest entry (the last way) goes
        set.copy_within(..KEY_WAYS - 1, 1);
        set[0] = Keyed {
            key,
            idsn,
            token,
            version,
            used: true,
        };
        (token, idsn)
    }

    /// How many keys were hashed so far (the misses).
    pub fn hashed(&self) -> u64 {
        self.hashed
    }
}

pub fn token(key: u64, version: u8) -> u32 {
    token_and_idsn(key, version).0
}

/// Expand a value of which only the low 32 bits are known to the 64-bit value closest to `reference`.
pub fn expand32(reference: u64, low: u32) -> u64 {
    let candidate = (reference & !0xffff_ffff) | low as u64;
    let diff = candidate.wrapping_sub(reference) as i64;
    if diff > (1i64 << 31) {
        candidate.wrapping_sub(1 << 32)
    } else if diff < -(1i64 << 31) {
        candidate.wrapping_add(1 << 32)
    } else {
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_cache_gives_the_hash_of_every_key() {
        let mut c = KeyCache::default();
        // 3,000 keys and both versions through 1,024 entries: hits, misses and evictions
        for round in 1..=2 {
            for k in 0..1500u64 {
                for v in [0, 1] {
                    let key = k.wrapping_mul(0x1234_5678_9abc_def1);
                    assert_eq!(c.get(key, v), token_and_idsn(key, v));
                }
            }
            if round == 1 {
                // new keys are never taken for others (nor a version for the other)
                assert_eq!(c.hashed(), 3000);
            }
        }
        // a free entry (key 0, version 0) is not a hit
        let mut c = KeyCache::default();
        assert_eq!(c.get(0, 0), token_and_idsn(0, 0));
        assert_eq!(c.hashed(), 1);
    }

    #[test]
    fn key_cache_hashes_each_key_once_while_it_is_recent() {
        // the keys of a busy server: 40 connections' keys in use at a time, each key seen
        // three times (SYN/ACK, ACK, first data), 1,000 keys in all: every key hashed once
        let mut c = KeyCache::default();
        let key = |i: u64| i.wrapping_mul(0xd6e8_feb8_6659_fd93) ^ 0x5555;
        for i in 0..1000u64 {
            for j in i.saturating_sub(40)..=i {
                let k = key(j);
                assert_eq!(c.get(k, 1), token_and_idsn(k, 1));
            }
        }
        assert_eq!(c.hashed(), 1000);
    }

    #[test]
    fn v0_tokens_of_the_reference_capture() {
        // ../shared/pcaps/README.md: MPTCP 0 of client_2.pcap
        assert_eq!(token(14568871653868829995, 0), 2280993044);
        assert_eq!(token(12070231261294881532, 0), 804647408);
    }

    #[test]
    fn v1_uses_sha256() {
        // SHA-256 of 8 zero bytes starts with af5570f5
        assert_eq!(token(0, 1), 0xaf5570f5);
        assert_ne!(token(0, 0), token(0, 1));
    }

    #[test]
    fn expansion_handles_wrap() {
        assert_eq!(expand32(0x1_ffff_fff0, 0x10), 0x2_0000_0010);
        assert_eq!(expand32(0x2_0000_0010, 0xffff_fff0), 0x1_ffff_fff0);
        assert_eq!(expand32(5, 7), 7);
        assert_eq!(expand32(0xffff_ffff_ffff_fff0, 0x10), 0x10);
    }
}
