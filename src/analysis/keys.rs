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
/// instructions of `stats mptcp` on the corpus). Direct-mapped and of fixed size, so that it
/// never grows with the number of connections; a collision only costs a hash.
#[derive(Debug, Clone)]
pub struct KeyCache {
    slots: Box<[Option<Keyed>; KEY_SLOTS]>,
}

/// A key, its MPTCP version, its token and its IDSN.
type Keyed = (u64, u8, u32, u64);

const KEY_SLOTS: usize = 64;

impl Default for KeyCache {
    fn default() -> Self {
        KeyCache {
            slots: Box::new([None; KEY_SLOTS]),
        }
    }
}

impl KeyCache {
    /// [`token_and_idsn`] of `key` for `version`.
    pub fn get(&mut self, key: u64, version: u8) -> (u32, u64) {
        // Fibonacci hashing: the top 6 bits of the product pick the slot
        let i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize % KEY_SLOTS;
        if let Some((k, v, tok, idsn)) = self.slots[i] {
            if k == key && v == version {
                return (tok, idsn);
            }
        }
        let (tok, idsn) = token_and_idsn(key, version);
        self.slots[i] = Some((key, version, tok, idsn));
        (tok, idsn)
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
        // 400 keys and both versions through 64 slots: hits, misses and collisions
        for _ in 0..2 {
            for k in 0..200u64 {
                for v in [0, 1] {
                    let key = k.wrapping_mul(0x1234_5678_9abc_def1);
                    assert_eq!(c.get(key, v), token_and_idsn(key, v));
                }
            }
        }
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
