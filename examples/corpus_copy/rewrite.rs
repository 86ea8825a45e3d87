//! Rewriting one frame for a copy: client port, MPTCP keys, tokens, DSNs and data ACKs, then
//! the TCP checksum.

use crate::pcap::{be16, be32, be64, mptcp_options, TcpAt};
use crate::plan::{Conversation, CopyMap};

/// What the rewrite changed, over a copy.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub tcp_frames: u64,
    pub keys: u64,
    pub tokens: u64,
    pub dsns: u64,
    pub data_acks: u64,
    /// DSNs / data ACKs left as they were: their connection's key for that side was never seen
    pub unshifted: u64,
}

/// Rewrite the TCP segment `t` of frame `f` (of conversation `cv`) for the copy `map`.
pub fn rewrite_frame(
    f: &mut [u8],
    t: &TcpAt,
    cv: &Conversation,
    map: &CopyMap,
    n: &mut Counts,
) -> Result<(), String> {
    n.tcp_frames += 1;
    let hdr_end = (t.off + t.hdr_len).min(f.len());
    let old_hdr = f[t.off..hdr_end].to_vec();
    let src_is_lo = t.src <= t.dst;
    // the client's port: source port when the client sends
    let port_at = if cv.client_is_lo == Some(src_is_lo) {
        t.off
    } else {
        t.off + 2
    };
    let port = be16(f, port_at).unwrap_or(0);
    if let Some(&p) = map.ports.get(&port) {
        f[port_at..port_at + 2].copy_from_slice(&p.to_be_bytes());
    }
    let flags = f[t.off + 13];
    let syn_only = flags & 0x12 == 0x02;
    // IDSN shift of the sender's and of the receiver's data-sequence space
    let (sender, receiver) = match cv.conn {
        Some(c) => {
            let s = cv.side_of(src_is_lo);
            (Some(map.deltas[c][s]), Some(map.deltas[c][1 - s]))
        }
        None => (None, None),
    };
    for (o, len) in mptcp_options(f, t) {
        match f[o + 2] >> 4 {
            0 => {
                if len == 24 {
                    return Err(
                        "MP_CAPABLE with a DSS checksum: checksums are not supported".into(),
                    );
                }
                for at in [4, 12] {
                    if len >= at + 8 {
                        n.keys += replace64(f, o + at, |k| map.keys.get(&k).copied()) as u64;
                    }
                }
            }
            1 if syn_only && len == 12 => {
                let t0 = be32(f, o + 4).unwrap_or(0);
                if let Some(&t1) = map.tokens.get(&t0) {
                    f[o + 4..o + 8].copy_from_slice(&t1.to_be_bytes());
                    n.tokens += 1;
                }
            }
            2 => dss(f, o, len, sender, receiver, n)?,
            // MP_FAIL: a DSN of the data the sender received
            6 if len == 12 => shift(f, o + 4, 8, receiver, &mut n.dsns, &mut n.unshifted),
            // MP_FASTCLOSE: the receiver's key
            7 if len == 12 => n.keys += replace64(f, o + 4, |k| map.keys.get(&k).copied()) as u64,
            _ => {}
        }
    }
    if t.off + 18 <= hdr_end {
        update_checksum(f, t.off, &old_hdr);
    }
    Ok(())
}

/// A DSS option at `o`: data ACK (receiver's space), then DSN (sender's space).
fn dss(
    f: &mut [u8],
    o: usize,
    len: usize,
    sender: Option<u64>,
    receiver: Option<u64>,
    n: &mut Counts,
) -> Result<(), String> {
    let fl = f[o + 3];
    let mut at = o + 4;
    let mut need = 4;
    if fl & 0x01 != 0 {
        let w = if fl & 0x02 != 0 { 8 } else { 4 };
        need += w;
        if need <= len {
            shift(f, at, w, receiver, &mut n.data_acks, &mut n.unshifted);
        }
        at += w;
    }
    if fl & 0x04 != 0 {
        let w = if fl & 0x08 != 0 { 8 } else { 4 };
        need += w + 6;
        if need <= len {
            shift(f, at, w, sender, &mut n.dsns, &mut n.unshifted);
        }
        if len >= need + 2 {
            return Err("DSS with a checksum: checksums are not supported".into());
        }
    }
    Ok(())
}

/// Add `delta` to the 4- or 8-byte big-endian value at `at` (a 4-byte one is the low 32 bits:
/// mod 2^32), counting it in `done`, or in `unshifted` without a delta.
fn shift(
    f: &mut [u8],
    at: usize,
    width: usize,
    delta: Option<u64>,
    done: &mut u64,
    unshifted: &mut u64,
) {
    let Some(d) = delta else {
        *unshifted += 1;
        return;
    };
    if width == 8 {
        let v = be64(f, at).unwrap_or(0).wrapping_add(d);
        f[at..at + 8].copy_from_slice(&v.to_be_bytes());
    } else {
        let v = be32(f, at).unwrap_or(0).wrapping_add(d as u32);
        f[at..at + 4].copy_from_slice(&v.to_be_bytes());
    }
    *done += 1;
}

fn replace64(f: &mut [u8], at: usize, new: impl Fn(u64) -> Option<u64>) -> bool {
    match new(be64(f, at).unwrap_or(0)) {
        Some(v) => {
            f[at..at + 8].copy_from_slice(&v.to_be_bytes());
            true
        }
        None => false,
    }
}

/// Ones' complement sum of 16-bit big-endian words (an odd last byte padded with zero).
pub fn ones_sum(b: &[u8]) -> u32 {
    let mut s: u32 = 0;
    for w in b.chunks(2) {
        s += u32::from(w[0]) << 8 | u32::from(*w.get(1).unwrap_or(&0));
        s = (s & 0xffff) + (s >> 16);
    }
    s
}

pub fn fold(mut s: u32) -> u16 {
    while s >> 16 != 0 {
        s = (s & 0xffff) + (s >> 16);
    }
    s as u16
}

/// Update the TCP checksum at `tcp + 16` for the header bytes that changed from `old` (RFC 1624,
/// eqn. 3: HC' = ~(~HC + ~m + m')), so that a checksum the source had right is right in the copy
/// and one it had wrong (offloaded, partial) is wrong by the same amount; works on segments the
/// capture cut short too, as only header bytes change. The checksum field itself counts as 0.
pub fn update_checksum(f: &mut [u8], tcp: usize, old: &[u8]) {
    let mut old = old.to_vec();
    let mut new = f[tcp..tcp + old.len()].to_vec();
    let hc = u16::from_be_bytes([f[tcp + 16], f[tcp + 17]]);
    old[16..18].fill(0);
    new[16..18].fill(0);
    if old == new {
        return;
    }
    let m = fold(ones_sum(&old));
    let m1 = fold(ones_sum(&new));
    let s = u32::from(!hc) + u32::from(!m) + u32::from(m1);
    f[tcp + 16..tcp + 18].copy_from_slice(&(!fold(s)).to_be_bytes());
}
