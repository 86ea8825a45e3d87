//! Tokens and initial data sequence numbers derived from MPTCP keys.

use sha1::Digest as _;

/// Token and IDSN of a key: token = most significant 32 bits of H(key), IDSN = least significant
/// 64 bits, with H = SHA-1 for MPTCP v0 and SHA-256 for v1 (key as 8 bytes, network order).
pub fn token_and_idsn(key: u64, version: u8) -> (u32, u64) {
    let bytes = key.to_be_bytes();
    let digest: Vec<u8> = if version == 0 {
        sha1::Sha1::digest(bytes).to_vec()
    } else {
        sha2::Sha256::digest(bytes).to_vec()
    };
    let token = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    let n = digest.len();
    let mut idsn = [0u8; 8];
    idsn.copy_from_slice(&digest[n - 8..]);
    (token, u64::from_be_bytes(idsn))
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
