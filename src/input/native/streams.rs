//! Wireshark-compatible `tcp.stream` numbering.
//!
//! Conversations are keyed by the unordered 4-tuple and numbered from 0 in order of first
//! appearance. As in Wireshark 4.0, a SYN without ACK whose sequence number differs from the
//! base sequence number recorded for its direction starts a new conversation on the same
//! 4-tuple (port reuse). The base sequence number of a direction is the ISN when its first
//! segment is a SYN, else that first segment's sequence number minus one.

use crate::model::{tcp_flags, Packet};
use rustc_hash::FxHashMap as FastMap;
use std::collections::hash_map::Entry;
use std::net::IpAddr;

type Endpoint = (IpAddr, u16);

#[derive(Debug, Clone, Copy)]
struct Conv {
    id: u64,
    /// base_seq per direction: [0] = lower endpoint -> higher endpoint, [1] = reverse.
    base: [Option<u32>; 2],
}

/// Assigns `tcp_stream` ids; holds one small record per 4-tuple.
#[derive(Debug, Default)]
pub struct StreamTable {
    /// IPv4 4-tuples packed into one integer (one multiply-rotate per half to hash): the index
    /// of their record in `v4_convs`
    v4: FastMap<u128, usize>,
    v4_convs: Vec<Conv>,
    /// the IPv4 4-tuple of the packet before and its index: a segment is most often of the
    /// conversation of the segment before it (a burst, or its ACK), found without hashing
    last_v4: Option<(u128, usize)>,
    /// any other 4-tuple (IPv6, or a packet without addresses)
    convs: FastMap<(Endpoint, Endpoint), Conv>,
    next_id: u64,
}

/// An IPv4 endpoint as one integer whose order is that of `(IpAddr, u16)`: address, then port.
fn v4_key(ip: std::net::Ipv4Addr, port: u16) -> u64 {
    u64::from(u32::from(ip)) << 16 | u64::from(port)
}

impl StreamTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of conversations seen so far.
    pub fn len(&self) -> u64 {
        self.next_id
    }

    pub fn is_empty(&self) -> bool {
        self.next_id == 0
    }

    /// Return the stream id of `p` (whose addresses, ports, flags and seq_raw are filled).
    pub fn assign(&mut self, p: &Packet) -> u64 {
        if let (Some(IpAddr::V4(s)), Some(IpAddr::V4(d))) = (p.src_ip, p.dst_ip) {
            // the same key and direction as below, packed: (a, b) ordered as endpoints are
            let (a, b) = (v4_key(s, p.src_port), v4_key(d, p.dst_port));
            let (key, dir) = if a <= b { ((a, b), 0) } else { ((b, a), 1) };
            let key = u128::from(key.0) << 64 | u128::from(key.1);
            let at = match self.last_v4 {
                Some((k, at)) if k == key => at,
                _ => {
                    let at = match self.v4.entry(key) {
                        Entry::Occupied(e) => *e.get(),
                        Entry::Vacant(e) => {
                            self.v4_convs.push(Conv {
                                id: self.next_id,
                                base: [None, None],
                            });
                            self.next_id += 1;
                            *e.insert(self.v4_convs.len() - 1)
                        }
                    };
                    self.last_v4 = Some((key, at));
                    at
                }
            };
            return Self::update(&mut self.v4_convs[at], &mut self.next_id, p, dir);
        }
        let unspecified = IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);
        let a = (p.src_ip.unwrap_or(unspecified), p.src_port);
        let b = (p.dst_ip.unwrap_or(unspecified), p.dst_port);
        let (key, dir) = if a <= b { ((a, b), 0) } else { ((b, a), 1) };
        let next_id = &mut self.next_id;
        let conv = self.convs.entry(key).or_insert_with(|| {
            let c = Conv {
                id: *next_id,
                base: [None, None],
            };
            *next_id += 1;
            c
        });
        Self::update(conv, &mut self.next_id, p, dir)
    }

    /// A packet in direction `dir` of conversation `conv`: a SYN with a new ISN starts a new
    /// stream on the 4-tuple; the direction's base sequence number is set at its first packet.
    fn update(conv: &mut Conv, next_id: &mut u64, p: &Packet, dir: usize) -> u64 {
        let syn_only = p.tcp_flags & (tcp_flags::SYN | tcp_flags::ACK) == tcp_flags::SYN;
        if syn_only {
            if let Some(base) = conv.base[dir] {
                if base != p.seq_raw {
                    *conv = Conv {
                        id: *next_id,
                        base: [None, None],
                    };
                    *next_id += 1;
                }
            }
        }
        if conv.base[dir].is_none() {
            conv.base[dir] = Some(if p.tcp_flags & tcp_flags::SYN != 0 {
                p.seq_raw
            } else {
                p.seq_raw.wrapping_sub(1)
            });
        }
        conv.id
    }
}
