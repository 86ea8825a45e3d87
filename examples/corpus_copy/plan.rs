//! The first pass over a source capture: its TCP conversations, which side opened each, and
//! the MPTCP connection (keys) each belongs to; then, per copy, the new identifiers.

use crate::pcap::{be32, be64, locate_tcp, mptcp_options, Pcap};
use mptcpanalyzer::analysis::keys::token_and_idsn;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

pub type Endpoint = (IpAddr, u16);

/// One TCP conversation (a 4-tuple from one SYN on, or from its first packet).
#[derive(Debug, Clone)]
pub struct Conversation {
    pub lo: Endpoint,
    pub hi: Endpoint,
    /// the client (sender of the SYN) is `lo`; None until known
    pub client_is_lo: Option<bool>,
    syn_isn: Option<u32>,
    /// the MPTCP connection of this subflow
    pub conn: Option<usize>,
    /// side A of the MPTCP connection (the host that opened it) is `lo`
    pub a_is_lo: bool,
}

/// An MPTCP connection: its version and the keys of side A (opener) and B.
#[derive(Debug, Clone, Default)]
pub struct MptcpConn {
    pub version: u8,
    pub keys: [Option<u64>; 2],
}

/// What the first pass found.
pub struct Plan {
    pub convs: Vec<Conversation>,
    pub conns: Vec<MptcpConn>,
    /// the conversation of each frame (None: not TCP)
    pub frame_conv: Vec<Option<u32>>,
    /// distinct client ports, ascending, and the server ports
    pub client_ports: Vec<u16>,
    pub server_ports: BTreeSet<u16>,
    /// MP_JOIN tokens that match no key seen before the join
    pub unknown_tokens: BTreeSet<u32>,
}

pub const A: usize = 0;
pub const B: usize = 1;

/// Read a frame's endpoints in (lo, hi) order: (key, src is lo).
fn tuple_key(src: Endpoint, dst: Endpoint) -> ((Endpoint, Endpoint), bool) {
    if src <= dst {
        ((src, dst), true)
    } else {
        ((dst, src), false)
    }
}

impl Conversation {
    /// The MPTCP side (A or B) of the frame's sender.
    pub fn side_of(&self, src_is_lo: bool) -> usize {
        if src_is_lo == self.a_is_lo {
            A
        } else {
            B
        }
    }
}

impl Plan {
    pub fn build(caps: &[Pcap]) -> Plan {
        let mut plan = Plan {
            convs: Vec::new(),
            conns: Vec::new(),
            frame_conv: Vec::new(),
            client_ports: Vec::new(),
            server_ports: BTreeSet::new(),
            unknown_tokens: BTreeSet::new(),
        };
        let mut tokens: HashMap<u32, (usize, usize)> = HashMap::new();
        for cap in caps {
            let mut current: HashMap<(Endpoint, Endpoint), usize> = HashMap::new();
            for i in 0..cap.records.len() {
                let f = cap.frame(i);
                let conv = locate_tcp(cap.linktype, f).map(|t| {
                    let (key, src_is_lo) = tuple_key(t.src, t.dst);
                    let flags = f[t.off + 13];
                    let (syn, ack) = (flags & 0x02 != 0, flags & 0x10 != 0);
                    let seq = be32(f, t.off + 4).unwrap_or(0);
                    let c = match current.get(&key) {
                        Some(&c) if !(syn && !ack && plan.convs[c].syn_isn != Some(seq)) => c,
                        _ => {
                            plan.convs.push(Conversation {
                                lo: key.0,
                                hi: key.1,
                                client_is_lo: None,
                                syn_isn: None,
                                conn: None,
                                a_is_lo: true,
                            });
                            current.insert(key, plan.convs.len() - 1);
                            plan.convs.len() - 1
                        }
                    };
                    let cv = &mut plan.convs[c];
                    if syn && cv.client_is_lo.is_none() {
                        cv.client_is_lo = Some(if ack { !src_is_lo } else { src_is_lo });
                        if !ack {
                            cv.syn_isn = Some(seq);
                        }
                    }
                    for (o, len) in mptcp_options(f, &t) {
                        plan.learn(&mut tokens, c, &f[o..o + len], syn, ack, src_is_lo);
                    }
                    c as u32
                });
                plan.frame_conv.push(conv);
            }
        }
        plan.sort_ports();
        plan
    }

    /// What one MPTCP option of conversation `c` tells about keys and connections.
    fn learn(
        &mut self,
        tokens: &mut HashMap<u32, (usize, usize)>,
        c: usize,
        o: &[u8],
        syn: bool,
        ack: bool,
        src_is_lo: bool,
    ) {
        let len = o.len();
        match o[2] >> 4 {
            0 => {
                if self.convs[c].conn.is_none() {
                    self.conns.push(MptcpConn {
                        version: o[2] & 0x0f,
                        keys: [None, None],
                    });
                    // A opened it: the SYN's sender, the SYN/ACK's receiver, else the sender
                    self.convs[c].a_is_lo = if syn && ack { !src_is_lo } else { src_is_lo };
                    self.convs[c].conn = Some(self.conns.len() - 1);
                }
                let conn = self.convs[c].conn.unwrap_or_default();
                if syn && ack && self.conns[conn].keys == [None, None] {
                    // the version the SYN/ACK answers is the connection's
                    self.conns[conn].version = o[2] & 0x0f;
                }
                let sender = self.convs[c].side_of(src_is_lo);
                if len >= 12 {
                    self.set_key(tokens, conn, sender, be64(o, 4).unwrap_or(0));
                }
                if len >= 20 && !syn {
                    self.set_key(tokens, conn, 1 - sender, be64(o, 12).unwrap_or(0));
                }
            }
            1 if syn && !ack && len == 12 && self.convs[c].conn.is_none() => {
                let token = be32(o, 4).unwrap_or(0);
                match tokens.get(&token) {
                    // the SYN's receiver is the host whose token it carries
                    Some(&(conn, side)) => {
                        self.convs[c].conn = Some(conn);
                        self.convs[c].a_is_lo = if side == A { !src_is_lo } else { src_is_lo };
                    }
                    None => {
                        self.unknown_tokens.insert(token);
                    }
                }
            }
            _ => {}
        }
    }

    fn set_key(
        &mut self,
        tokens: &mut HashMap<u32, (usize, usize)>,
        conn: usize,
        side: usize,
        key: u64,
    ) {
        let m = &mut self.conns[conn];
        if m.keys[side].is_none() {
            m.keys[side] = Some(key);
            tokens.insert(token_and_idsn(key, m.version).0, (conn, side));
        }
    }

    /// Client ports (of the SYN's sender; without a SYN, the side whose port is not a known
    /// server port, else the higher port) and server ports.
    fn sort_ports(&mut self) {
        let known_servers: HashSet<u16> = self
            .convs
            .iter()
            .filter_map(|c| c.client_is_lo.map(|lo| if lo { c.hi.1 } else { c.lo.1 }))
            .collect();
        let mut clients = BTreeSet::new();
        for c in &mut self.convs {
            let lo = c
                .client_is_lo
                .unwrap_or(if known_servers.contains(&c.lo.1) {
                    false
                } else if known_servers.contains(&c.hi.1) {
                    true
                } else {
                    c.lo.1 > c.hi.1
                });
            c.client_is_lo = Some(lo);
            let (client, server) = if lo {
                (c.lo.1, c.hi.1)
            } else {
                (c.hi.1, c.lo.1)
            };
            clients.insert(client);
            self.server_ports.insert(server);
        }
        self.client_ports = clients.into_iter().collect();
    }

    /// How many copies the port space allows: copy 0 keeps the source's ports, each other copy
    /// takes `client_ports.len()` ports of 1024..=65535 used by no source.
    pub fn max_copies(&self) -> usize {
        let n = self.client_ports.len().max(1);
        self.port_pool().len() / n + 1
    }

    fn port_pool(&self) -> Vec<u16> {
        let used: HashSet<u16> = self
            .client_ports
            .iter()
            .chain(&self.server_ports)
            .copied()
            .collect();
        (1024..=65535u16).filter(|p| !used.contains(p)).collect()
    }

    /// The new identifiers of copies 1..copies (index 0 of the result is copy 1). Keys are
    /// derived from the source key and the copy number; a derived key whose token is already
    /// taken (by the source or an earlier copy) is derived again, as the kernel draws a new key.
    pub fn copy_maps(&self, copies: usize) -> Vec<CopyMap> {
        let mut used: HashSet<u32> = HashSet::new();
        for m in &self.conns {
            for k in m.keys.iter().flatten() {
                used.insert(token_and_idsn(*k, m.version).0);
            }
        }
        used.extend(&self.unknown_tokens);
        let pool = self.port_pool();
        let n = self.client_ports.len();
        (1..copies)
            .map(|copy| {
                let mut map = CopyMap::default();
                for (i, &p) in self.client_ports.iter().enumerate() {
                    map.ports.insert(p, pool[(copy - 1) * n + i]);
                }
                for m in &self.conns {
                    let mut delta = [0u64; 2];
                    for (side, key) in m.keys.iter().enumerate() {
                        let Some(key) = *key else { continue };
                        let (old_token, old_idsn) = token_and_idsn(key, m.version);
                        let new = *map.keys.entry(key).or_insert_with(|| {
                            (0u32..)
                                .map(|attempt| derive(b"key", copy, key, attempt))
                                .find(|&k| used.insert(token_and_idsn(k, m.version).0))
                                .unwrap_or(key)
                        });
                        let (new_token, new_idsn) = token_and_idsn(new, m.version);
                        map.tokens.insert(old_token, new_token);
                        delta[side] = new_idsn.wrapping_sub(old_idsn);
                    }
                    map.deltas.push(delta);
                }
                for &t in &self.unknown_tokens {
                    let new = (0u32..)
                        .map(|attempt| derive(b"token", copy, t as u64, attempt) as u32)
                        .find(|&t| used.insert(t))
                        .unwrap_or(t);
                    map.tokens.insert(t, new);
                }
                map
            })
            .collect()
    }
}

/// The identifiers of one copy.
#[derive(Debug, Default)]
pub struct CopyMap {
    /// source client port -> this copy's
    pub ports: HashMap<u16, u16>,
    /// source key -> this copy's
    pub keys: HashMap<u64, u64>,
    /// source token -> this copy's
    pub tokens: HashMap<u32, u32>,
    /// per MPTCP connection, per side (A, B): new IDSN - source IDSN (mod 2^64); 0 for a key not seen
    pub deltas: Vec<[u64; 2]>,
}

/// A value derived from (what, copy, source value, attempt): the first 8 bytes of SHA-256.
fn derive(what: &[u8], copy: usize, value: u64, attempt: u32) -> u64 {
    let mut h = Sha256::new();
    h.update(b"mptcpanalyzer corpus copy ");
    h.update(what);
    h.update((copy as u64).to_be_bytes());
    h.update(value.to_be_bytes());
    h.update(attempt.to_be_bytes());
    let d = h.finalize();
    u64::from_be_bytes(d[..8].try_into().unwrap_or_default())
}
