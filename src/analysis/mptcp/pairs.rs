//! The reinjection pairs found by the analysis ([`ReinjectionPairs`]), packed.

/// The (original frame, reinjection frame) pairs found, in the order found, packed: each pair
/// as two variable-length integers, the reinjection's frame as its difference from the previous
/// pair's, the original's as its distance back from the reinjection (zigzag, wrapping: exact for
/// any frames). ~3 bytes a pair instead of 16: the list grows with the reinjections of every
/// connection, folded or not, for `pcap2csv` and the kept packets (issue 14 item 9).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ReinjectionPairs {
    bytes: Vec<u8>,
    len: usize,
    last: u64,
}

impl ReinjectionPairs {
    /// Add the pair (`original`, `reinjection`) (frames).
    pub fn push(&mut self, original: u64, reinjection: u64) {
        put_varint(&mut self.bytes, zigzag(reinjection.wrapping_sub(self.last)));
        put_varint(&mut self.bytes, zigzag(reinjection.wrapping_sub(original)));
        self.last = reinjection;
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The pairs (original frame, reinjection frame), in the order found.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let (mut at, mut last) = (0, 0u64);
        std::iter::from_fn(move || {
            if at >= self.bytes.len() {
                return None;
            }
            let re = last.wrapping_add(unzigzag(get_varint(&self.bytes, &mut at)));
            let orig = re.wrapping_sub(unzigzag(get_varint(&self.bytes, &mut at)));
            last = re;
            Some((orig, re))
        })
    }
}

impl std::fmt::Debug for ReinjectionPairs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[(u64, u64); N]> for ReinjectionPairs {
    fn eq(&self, other: &[(u64, u64); N]) -> bool {
        self.len == N && self.iter().eq(other.iter().copied())
    }
}

/// A difference as an unsigned number that is small when the difference is (0, -1, 1, -2 ...
/// -> 0, 1, 2, 3 ...).
fn zigzag(d: u64) -> u64 {
    let d = d as i64;
    ((d << 1) ^ (d >> 63)) as u64
}

fn unzigzag(z: u64) -> u64 {
    ((z >> 1) as i64 ^ -((z & 1) as i64)) as u64
}

/// `v` in 7-bit groups, least significant first, the high bit saying another group follows.
fn put_varint(b: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        b.push(v as u8 | 0x80);
        v >>= 7;
    }
    b.push(v as u8);
}

/// The number [`put_varint`] wrote at `*at` (our own bytes), and `*at` moved past it.
fn get_varint(b: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let Some(&x) = b.get(*at) else { break };
        *at += 1;
        v |= u64::from(x & 0x7f) << shift;
        if x < 0x80 {
            break;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reinjection_pairs_give_back_every_pair_in_order() {
        let pairs = [
            (6, 8),
            (7, 8),
            (6, 9),
            (0, u64::MAX),
            (u64::MAX, 0),
            (1 << 40, 3),
            (5, 5),
            (u64::MAX, u64::MAX),
        ];
        let mut r = ReinjectionPairs::default();
        assert!(r.is_empty());
        for &(o, re) in &pairs {
            r.push(o, re);
        }
        assert_eq!(r.len(), pairs.len());
        assert_eq!(r.iter().collect::<Vec<_>>(), pairs);
        assert_eq!(r, pairs);
        assert_eq!(format!("{r:?}"), format!("{:?}", pairs));
        // frames close together: 2 bytes a pair (the first reinjection's frame takes 2)
        let mut near = ReinjectionPairs::default();
        for f in 1000..2000u64 {
            near.push(f - 37, f);
        }
        assert_eq!(near.bytes.len(), 2 * 1000 + 1);
        assert_eq!(near.iter().nth(500), Some((1463, 1500)));
    }
}
