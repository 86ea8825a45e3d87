//! The shared analysis every backend goes through: it reads the raw fields of each packet, in
//! frame order, and fills the derived ones (relative sequence numbers, MPTCP connection, tokens,
//! relative DSN and data ACK, mapping, reinjections). It keeps per-connection state only.

use super::fasthash::FastMap;
use super::keys::{expand32, token_and_idsn};
use crate::model::{subtype, tcp_flags, Packet};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::IpAddr;

/// How many recent DSS mappings are remembered per subflow and direction.
const MAPPINGS_KEPT: usize = 64;

/// Options of the analysis.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnrichOptions {
    /// Track DSN ranges per connection to find reinjections (memory grows with the data sent).
    pub reinjections: bool,
}

/// A TCP endpoint.
pub type Endpoint = (IpAddr, u16);

/// Which side of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Client = 0,
    Server = 1,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }
    pub fn idx(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone)]
struct Mapping {
    /// Subflow sequence number (relative to the subflow ISN) of the first byte it covers.
    ssn: u32,
    /// Bytes covered; `u32::MAX` for an infinite mapping (fallback).
    len: u32,
    /// 64-bit absolute DSN of that byte.
    dsn: u64,
    frame: u64,
}

/// Bounds on a subflow's ISN from the DSS mappings, when its SYN was not captured. A segment at
/// `seq` with `n` bytes carrying a mapping of `len` bytes at subflow sequence number `ssn` lies
/// inside it: `seq - ssn - (len - n) <= isn <= seq - ssn`. The ISN is known when the bounds meet
/// (a segment that starts or ends its mapping; in practice the first new mapping). Until then
/// the segments get no DSN rather than a guessed one. Values are offsets from the first
/// candidate, so that 32-bit wrap-around does not matter.
#[derive(Debug, Clone, Copy, Default)]
struct AnchorBounds {
    origin: Option<u32>,
    lo: i64,
    hi: i64,
}

impl AnchorBounds {
    fn narrow(&mut self, seq: u32, n: u32, ssn: u32, len: u32) -> Option<u32> {
        let hi_c = seq.wrapping_sub(ssn);
        let origin = *self.origin.get_or_insert_with(|| {
            self.lo = i64::MIN;
            self.hi = i64::MAX;
            hi_c
        });
        let hi = hi_c.wrapping_sub(origin) as i32 as i64;
        let lo = hi - (len.saturating_sub(n)) as i64;
        self.hi = self.hi.min(hi);
        self.lo = self.lo.max(lo);
        if self.lo >= self.hi {
            // met (or crossed, with inconsistent mappings: trust the start bound)
            Some(origin.wrapping_add(self.hi as i32 as u32))
        } else {
            None
        }
    }
}

/// What the analysis knows of one TCP stream (subflow).
#[derive(Debug, Clone)]
pub struct TcpState {
    pub tcp_stream: u64,
    /// The endpoint that sent the first packet seen.
    pub first_src: Endpoint,
    pub first_dst: Endpoint,
    /// The SYN sender, when a SYN or SYN/ACK was seen.
    pub client: Option<Endpoint>,
    /// ISN per direction (index 0: sent by `first_src`); without a SYN, the first sequence
    /// number seen minus one (as Wireshark does for `tcp.seq`).
    isn: [Option<u32>; 2],
    /// The ISN that DSS subflow sequence numbers are relative to: from the SYN, else derived
    /// from the mappings once they pin it down (see [`AnchorBounds`]).
    anchor: [Option<u32>; 2],
    /// Without a SYN: what the mappings seen so far say of the ISN, per direction.
    bounds: [AnchorBounds; 2],
    /// Last relative sequence / acknowledgement number, to expand them past 4 GiB.
    last_seq: [u64; 2],
    last_ack: [u64; 2],
    /// Absolute seq of the first byte seen per direction when no SYN was seen.
    pub syn_seen: bool,
    pub synack_seen: bool,
    /// MP_CAPABLE seen on the SYN / on the SYN/ACK.
    pub syn_mp_capable: bool,
    pub synack_mp_capable: bool,
    /// Index into the connection table.
    pub mptcp: Option<usize>,
    /// True when the SYN sender is the MPTCP client.
    pub opened_by_mptcp_client: Option<bool>,
    /// Without a usable handshake: which MPTCP host `first_src` is, once evidence decided it.
    first_src_side: Option<Side>,
    pub is_join: bool,
    /// Address id announced in the MP_JOIN SYN (by the subflow's client) and SYN/ACK (server).
    pub join_addr_ids: [Option<u8>; 2],
    pub backup: Option<bool>,
    mappings: [VecDeque<Mapping>; 2],
    // counters, per direction (index as `isn`)
    pub packets: [u64; 2],
    pub payload_bytes: [u64; 2],
    pub first_ns: i64,
    pub last_ns: i64,
    pub first_rel_ns: i64,
    pub fin_seen: bool,
    pub rst_seen: bool,
}

impl TcpState {
    fn dir_of(&self, p: &Packet) -> usize {
        match (p.src_ip, self.first_src) {
            (Some(ip), (fip, fport)) if ip == fip && p.src_port == fport => 0,
            _ => 1,
        }
    }

    /// The client endpoint: SYN sender, else the sender of the first packet seen.
    pub fn client_endpoint(&self) -> Endpoint {
        self.client.unwrap_or(self.first_src)
    }

    pub fn server_endpoint(&self) -> Endpoint {
        if self.client_endpoint() == self.first_src {
            self.first_dst
        } else {
            self.first_src
        }
    }

    /// As a subflow: (client, server) endpoints. With a SYN, the TCP client and server; without,
    /// the endpoints of the MPTCP client and server as the analysis decided them (the same
    /// decision that splits the subflow's traffic into the two MPTCP directions), else the TCP
    /// guess.
    pub fn subflow_endpoints(&self) -> (Endpoint, Endpoint) {
        match (self.client, self.first_src_side) {
            (None, Some(Side::Client)) => (self.first_src, self.first_dst),
            (None, Some(Side::Server)) => (self.first_dst, self.first_src),
            _ => (self.client_endpoint(), self.server_endpoint()),
        }
    }

    /// The endpoint the MPTCP client uses on this subflow: the TCP client of a subflow it
    /// opened, the TCP server of one the MPTCP server opened; without a SYN, as decided by the
    /// analysis (else the TCP guess).
    pub fn mptcp_client_endpoint(&self) -> Endpoint {
        // the same order of evidence as `Enricher::side_of`
        match (
            self.client,
            self.opened_by_mptcp_client,
            self.first_src_side,
        ) {
            (Some(c), Some(true), _) => c,
            (Some(_), Some(false), _) => self.server_endpoint(),
            (_, _, Some(Side::Client)) => self.first_src,
            (_, _, Some(Side::Server)) => self.first_dst,
            _ => self.client_endpoint(),
        }
    }

    /// Direction index (as used by the counters) of data sent by the client.
    pub fn client_dir(&self) -> usize {
        if self.client_endpoint() == self.first_src {
            0
        } else {
            1
        }
    }
}

/// How far behind the highest DSN sent a reinjection is still recognised, in bytes of data
/// sequence space. Older ranges are forgotten so that memory stays bounded on long captures
/// (docs/statistics.md).
pub const REINJECTION_WINDOW: u64 = 64 << 20;

/// A non-overlapping map of DSN ranges already sent in one direction of a connection.
#[derive(Debug, Default, Clone)]
struct SentRanges {
    /// start -> (end, tcp_stream, frame)
    map: BTreeMap<u64, (u64, u64, u64)>,
    /// Highest range end recorded.
    front: u64,
    /// Prune when the map grows past this many ranges.
    prune_at: usize,
}

impl SentRanges {
    /// Forget the ranges that end more than [`REINJECTION_WINDOW`] below the front.
    fn prune(&mut self) {
        let cut = self.front.saturating_sub(REINJECTION_WINDOW);
        if cut == 0 {
            return;
        }
        let kept = self.map.split_off(&cut);
        let last = self.map.pop_last();
        self.map = kept;
        if let Some((s, v)) = last {
            if v.0 > cut {
                self.map.insert(s, v);
            }
        }
    }

    /// Record `[start, end)` sent in `frame` on `stream`; return the earlier transmissions on
    /// other streams of some of these bytes: (frame, stream, bytes in common).
    fn record(&mut self, start: u64, end: u64, stream: u64, frame: u64) -> Vec<Overlap> {
        let mut earlier: Vec<Overlap> = Vec::new();
        let mut covered: Vec<(u64, u64)> = Vec::new();
        // ranges are disjoint and sorted: walk back from the last one that starts before `end`
        for (&s, &(e, st, fr)) in self.map.range(..end).rev() {
            if e <= start {
                break;
            }
            if st != stream {
                let common = e.min(end) - s.max(start);
                match earlier.iter_mut().find(|o| o.frame == fr) {
                    Some(o) => o.bytes += common,
                    None => earlier.push(Overlap {
                        frame: fr,
                        tcp_stream: st,
                        bytes: common,
                    }),
                }
            }
            covered.push((s.max(start), e.min(end)));
        }
        earlier.sort_unstable_by_key(|o| o.frame);
        covered.sort_unstable();
        // insert the gaps not covered yet
        let mut cursor = start;
        for (s, e) in covered {
            if s > cursor {
                self.map.insert(cursor, (s, stream, frame));
            }
            cursor = cursor.max(e);
        }
        if cursor < end {
            self.map.insert(cursor, (end, stream, frame));
        }
        self.front = self.front.max(end);
        if self.map.len() > self.prune_at.max(4096) {
            self.prune();
            self.prune_at = 2 * self.map.len();
        }
        earlier
    }
}

/// Data of a reinjection already sent earlier on another subflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// Frame of the earlier transmission.
    pub frame: u64,
    /// Its subflow.
    pub tcp_stream: u64,
    /// Data-level bytes in common.
    pub bytes: u64,
}

/// What the analysis knows of one MPTCP connection.
#[derive(Debug, Clone)]
pub struct MptcpState {
    /// Wireshark's `mptcp.stream`; meaningful only when [`MptcpState::numbered`].
    pub mptcp_stream: u64,
    /// Wireshark numbers a connection at its first MPTCP packet other than a keyless (v1)
    /// MP_CAPABLE SYN, normally the SYN/ACK: a v1 connection that falls back during the
    /// handshake never gets a number, and is not an MPTCP connection for `list`/`stats`.
    pub numbered: bool,
    pub version: Option<u8>,
    /// Keys, tokens and IDSNs indexed by [`Side`].
    pub keys: [Option<u64>; 2],
    pub tokens: [Option<u32>; 2],
    pub idsn: [Option<u64>; 2],
    /// Subflows in order of appearance (TCP stream ids).
    pub subflows: Vec<u64>,
    /// The master subflow's server endpoint (used to orient subflows without a handshake).
    pub server_port: Option<u16>,
    /// DSN corresponding to relative 0 when the IDSN is unknown (handshake not captured).
    dsn_base: [Option<u64>; 2],
    last_dsn: [Option<u64>; 2],
    last_dack: [Option<u64>; 2],
    sent: [SentRanges; 2],
    /// The connection fell back to plain TCP (MP_CAPABLE not echoed, or infinite mapping).
    pub fallback: bool,
    /// Where the fallback showed: (frame, time since capture start in ns, TCP stream, sent by
    /// the server, reason).
    pub fallback_at: Option<(u64, i64, u64, bool, &'static str)>,
    /// The MP_CAPABLE SYN of the connection was captured.
    pub syn_seen: bool,
    /// Addresses each host is known to use, indexed by [`Side`].
    pub addrs: [Vec<IpAddr>; 2],
    /// The MP_CAPABLE handshake is not in the capture: DSNs are relative to the first seen.
    pub no_handshake: bool,
    /// Wireshark put this connection's subflows (seen only through keyless MP_CAPABLE SYNs so
    /// far) into that other connection: a key whose token it knew, or its `mptcp.stream`.
    pub merged_into: Option<usize>,
}

impl MptcpState {
    fn new(id: Option<u64>) -> Self {
        MptcpState {
            mptcp_stream: id.unwrap_or(u64::MAX),
            numbered: id.is_some(),
            version: None,
            keys: [None; 2],
            tokens: [None; 2],
            idsn: [None; 2],
            subflows: Vec::new(),
            server_port: None,
            dsn_base: [None; 2],
            last_dsn: [None; 2],
            last_dack: [None; 2],
            sent: Default::default(),
            fallback: false,
            fallback_at: None,
            syn_seen: false,
            addrs: Default::default(),
            no_handshake: false,
            merged_into: None,
        }
    }

    /// `mptcp.stream`, once Wireshark would have numbered the connection.
    pub fn id(&self) -> Option<u64> {
        self.numbered.then_some(self.mptcp_stream)
    }

    fn base(&self, side: Side) -> Option<u64> {
        self.idsn[side.idx()].or(self.dsn_base[side.idx()])
    }
}

/// The streaming analysis. Feed it every packet in frame order with [`Enricher::push`].
#[derive(Debug, Default)]
pub struct Enricher {
    opts: EnrichOptions,
    /// Number MPTCP connections ourselves (the backend gave no `mptcp_stream`).
    assign_mptcp_streams: bool,
    tcp: FastMap<u64, TcpState>,
    /// TCP streams in order of first appearance.
    tcp_order: Vec<u64>,
    conns: Vec<MptcpState>,
    conn_by_id: FastMap<u64, usize>,
    by_token: FastMap<u32, usize>,
    next_mptcp_id: u64,
    /// (original frame, reinjection frame) pairs found so far.
    pub reinjections: Vec<(u64, u64)>,
    /// Earlier transmissions of the data of the packet pushed last (empty unless a reinjection).
    pub last_overlaps: Vec<Overlap>,
}

impl Enricher {
    pub fn new(opts: EnrichOptions, assign_mptcp_streams: bool) -> Self {
        Enricher {
            opts,
            assign_mptcp_streams,
            ..Default::default()
        }
    }

    /// TCP streams in order of first appearance.
    pub fn tcp_streams(&self) -> impl Iterator<Item = &TcpState> {
        self.tcp_order.iter().filter_map(|id| self.tcp.get(id))
    }

    pub fn tcp_stream(&self, id: u64) -> Option<&TcpState> {
        self.tcp.get(&id)
    }

    /// MPTCP connections (those Wireshark numbers) sorted by `mptcp_stream`.
    pub fn mptcp_connections(&self) -> Vec<&MptcpState> {
        let mut v: Vec<&MptcpState> = self.conns.iter().filter(|c| c.numbered).collect();
        v.sort_by_key(|c| c.mptcp_stream);
        v
    }

    /// Index (in [`Enricher::mptcp_connections_raw`]) of the connection numbered `id`.
    pub fn conn_index(&self, id: u64) -> Option<usize> {
        self.conn_by_id.get(&id).copied()
    }

    /// Connections in creation order (indexable by [`TcpState::mptcp`]).
    pub fn mptcp_connections_raw(&self) -> &[MptcpState] {
        &self.conns
    }

    /// The MPTCP connection (index, state) of `p`'s subflow, numbered or not yet.
    pub fn conn_of(&self, p: &Packet) -> Option<(usize, &MptcpState)> {
        let ci = self.tcp.get(&p.tcp_stream)?.mptcp?;
        Some((ci, &self.conns[ci]))
    }

    /// The MPTCP side (client or server) that sent `p`, once `p` has been pushed.
    pub fn sender_side(&self, p: &Packet) -> Option<Side> {
        let t = self.tcp.get(&p.tcp_stream)?;
        let c = &self.conns[t.mptcp?];
        Some(self.side_of(t, c, p))
    }

    /// The TCP side (SYN sender = client) that sent `p`.
    pub fn tcp_sender_side(&self, p: &Packet) -> Option<Side> {
        let t = self.tcp.get(&p.tcp_stream)?;
        let src = (p.src_ip?, p.src_port);
        Some(if src == t.client_endpoint() {
            Side::Client
        } else {
            Side::Server
        })
    }

    fn side_of(&self, t: &TcpState, c: &MptcpState, p: &Packet) -> Side {
        let src = p.src_ip.map(|ip| (ip, p.src_port));
        let from_tcp_client = t.client.map(|cl| Some(cl) == src);
        match (from_tcp_client, t.opened_by_mptcp_client) {
            (Some(fc), Some(by_client)) => {
                if fc == by_client {
                    Side::Client
                } else {
                    Side::Server
                }
            }
            _ if t.first_src_side.is_some() => {
                let first = t.first_src_side.unwrap_or(Side::Client);
                if t.dir_of(p) == 0 {
                    first
                } else {
                    first.other()
                }
            }
            // a subflow of unknown orientation (no SYN, or a token not seen): the addresses each
            // host is known to use (its subflows, its ADD_ADDRs), then the server's port
            _ => match (
                p.src_ip
                    .is_some_and(|ip| c.addrs[Side::Client.idx()].contains(&ip)),
                p.src_ip
                    .is_some_and(|ip| c.addrs[Side::Server.idx()].contains(&ip)),
                c.server_port,
            ) {
                (true, false, _) => Side::Client,
                (false, true, _) => Side::Server,
                (_, _, Some(port)) if p.src_port == port => Side::Server,
                (_, _, Some(_)) => Side::Client,
                (_, _, None) => {
                    if t.dir_of(p) == 0 {
                        Side::Client
                    } else {
                        Side::Server
                    }
                }
            },
        }
    }

    /// Analyse one packet and fill its derived fields.
    pub fn push(&mut self, p: &mut Packet) {
        self.last_overlaps.clear();
        let (Some(src), Some(dst)) = (p.src_ip, p.dst_ip) else {
            return;
        };
        let id = p.tcp_stream;
        let t = self.tcp.entry(id).or_insert_with(|| {
            self.tcp_order.push(id);
            TcpState {
                tcp_stream: id,
                first_src: (src, p.src_port),
                first_dst: (dst, p.dst_port),
                client: None,
                isn: [None; 2],
                anchor: [None; 2],
                bounds: Default::default(),
                last_seq: [0; 2],
                last_ack: [0; 2],
                syn_seen: false,
                synack_seen: false,
                syn_mp_capable: false,
                synack_mp_capable: false,
                mptcp: None,
                opened_by_mptcp_client: None,
                first_src_side: None,
                is_join: false,
                join_addr_ids: [None; 2],
                backup: None,
                mappings: Default::default(),
                packets: [0; 2],
                payload_bytes: [0; 2],
                first_ns: p.abs_time_ns,
                last_ns: p.abs_time_ns,
                first_rel_ns: p.rel_time_ns,
                fin_seen: false,
                rst_seen: false,
            }
        });
        let dir = t.dir_of(p);
        let syn = p.has_flag(tcp_flags::SYN);
        let ack = p.has_flag(tcp_flags::ACK);
        let mp_capable = p.has_subtype(subtype::MP_CAPABLE);
        if syn && !ack {
            t.client = Some((src, p.src_port));
            t.isn[dir] = Some(p.seq_raw);
            t.anchor[dir] = Some(p.seq_raw);
            t.syn_seen = true;
            t.syn_mp_capable |= mp_capable;
        } else if syn {
            t.isn[dir] = Some(p.seq_raw);
            t.anchor[dir] = Some(p.seq_raw);
            if t.client.is_none() {
                t.client = Some((dst, p.dst_port));
            }
            t.synack_seen = true;
            t.synack_mp_capable |= mp_capable;
        }
        let isn = *t.isn[dir].get_or_insert(p.seq_raw.wrapping_sub(1));
        let seq = expand32(t.last_seq[dir], p.seq_raw.wrapping_sub(isn));
        t.last_seq[dir] = seq;
        p.seq = Some(seq as i64);
        p.ack = match (ack, t.isn[1 - dir]) {
            (true, Some(i)) => {
                let a = expand32(t.last_ack[dir], p.ack_raw.wrapping_sub(i));
                t.last_ack[dir] = a;
                Some(a as i64)
            }
            _ => None,
        };
        t.packets[dir] += 1;
        t.payload_bytes[dir] += p.payload_len as u64;
        t.last_ns = p.abs_time_ns;
        t.fin_seen |= p.has_flag(tcp_flags::FIN);
        t.rst_seen |= p.has_flag(tcp_flags::RST);
        if let Some(k) = p.sender_key {
            if mp_capable {
                p.expected_token = p.mptcp_version.map(|v| token_and_idsn(k, v).0);
            }
        }

        // ---- MPTCP connection of this subflow ----
        let conn_idx = match t.mptcp {
            Some(c) => Some(c),
            None if !p.mptcp_subtypes.is_empty() => {
                let idx = self.associate(p);
                let t = self.tcp.get_mut(&id).expect("inserted above");
                t.mptcp = Some(idx);
                self.conns[idx].subflows.push(id);
                Some(idx)
            }
            None => None,
        };
        let Some(mut ci) = conn_idx else {
            return;
        };
        if !self.conns[ci].numbered {
            ci = self.number(ci, p);
        }
        p.mptcp_stream = self.conns[ci].id();
        self.handshake(ci, p);
        if !self.conns[ci].numbered && self.conns[ci].fallback {
            return; // fell back during the handshake: plain TCP from here on
        }
        let t = &self.tcp[&id];
        let oriented = (t.client.is_some() && t.opened_by_mptcp_client.is_some())
            || t.first_src_side.is_some();
        if !oriented {
            self.orient(ci, p);
        }
        let t = &self.tcp[&id];
        let side = self.side_of(t, &self.conns[ci], p);
        if p.has_flag(tcp_flags::SYN) || p.has_subtype(subtype::ADD_ADDR) {
            self.learn_addresses(ci, p, side);
        }
        self.data_sequence(ci, p, dir, side);
        self.data_ack(ci, p, side);
    }

    /// Decide, once, which MPTCP host is which on a subflow whose handshake does not tell (capture
    /// started late, SYN lost): by the addresses each host is known to use, else by the data
    /// sequence space (a host's DSNs on every subflow are close to each other, and its data ACKs
    /// close to the peer's DSNs), else by the server's port, else (first subflow of a connection
    /// seen without any handshake) the lower port is the server's. Every packet of the subflow then
    /// gets the same orientation, consistent with the connection's other subflows.
    fn orient(&mut self, ci: usize, p: &Packet) {
        let Some(t) = self.tcp.get(&p.tcp_stream) else {
            return;
        };
        if (t.client.is_some() && t.opened_by_mptcp_client.is_some()) || t.first_src_side.is_some()
        {
            return;
        }
        let c = &self.conns[ci];
        let near = |a: u64, b: Option<u64>| {
            b.is_some_and(|b| ((a as u32).wrapping_sub(b as u32) as i32).unsigned_abs() < 1 << 28)
        };
        let by_addr =
            |ip: Option<IpAddr>, s: Side| ip.is_some_and(|ip| c.addrs[s.idx()].contains(&ip));
        let no_evidence = c.last_dsn.iter().all(Option::is_none)
            && c.addrs.iter().all(Vec::is_empty)
            && c.server_port.is_none();
        let sender = if by_addr(p.src_ip, Side::Client) != by_addr(p.src_ip, Side::Server) {
            Some(if by_addr(p.src_ip, Side::Client) {
                Side::Client
            } else {
                Side::Server
            })
        } else if let Some(d) = p.dss_dsn_raw.filter(|_| p.payload_len > 0) {
            match (near(d, c.last_dsn[0]), near(d, c.last_dsn[1])) {
                (true, false) => Some(Side::Client),
                (false, true) => Some(Side::Server),
                _ => None,
            }
        } else if let Some(a) = p.data_ack_raw {
            match (near(a, c.last_dsn[1]), near(a, c.last_dsn[0])) {
                (true, false) => Some(Side::Client),
                (false, true) => Some(Side::Server),
                _ => None,
            }
        } else {
            None
        };
        let sender = sender.or(match c.server_port {
            Some(port) if p.src_port == port && p.dst_port != port => Some(Side::Server),
            Some(port) if p.dst_port == port && p.src_port != port => Some(Side::Client),
            _ if no_evidence => Some(if p.src_port < p.dst_port {
                Side::Server
            } else {
                Side::Client
            }),
            _ => None,
        });
        if let Some(s) = sender {
            let from_first = t.dir_of(p) == 0;
            if let Some(t) = self.tcp.get_mut(&p.tcp_stream) {
                t.first_src_side = Some(if from_first { s } else { s.other() });
            }
        }
    }

    /// Remember which addresses each host uses: the source of its handshake packets and the
    /// addresses it announces.
    fn learn_addresses(&mut self, ci: usize, p: &Packet, side: Side) {
        let known = self
            .tcp
            .get(&p.tcp_stream)
            .is_some_and(|t| t.opened_by_mptcp_client.is_some());
        if !known {
            return;
        }
        let c = &mut self.conns[ci];
        let mut add = |s: Side, ip: Option<IpAddr>| {
            if let Some(ip) = ip {
                let v = &mut c.addrs[s.idx()];
                if !v.contains(&ip) && v.len() < 16 {
                    v.push(ip);
                }
            }
        };
        if p.has_flag(tcp_flags::SYN) {
            add(side, p.src_ip);
            add(side.other(), p.dst_ip);
        }
        if p.has_subtype(subtype::ADD_ADDR) && p.add_addr_echo != Some(true) {
            add(side, p.add_addr_ip);
        }
    }

    /// Find or create the connection a subflow belongs to.
    /// The connection of the first MPTCP packet of a subflow: an existing one (the backend's
    /// `mptcp_stream`, or the token of an MP_JOIN), or a new one, numbered unless the packet is
    /// the MP_CAPABLE SYN (see [`MptcpState::numbered`]).
    fn associate(&mut self, p: &Packet) -> usize {
        if !self.assign_mptcp_streams {
            if let Some(id) = p.mptcp_stream {
                if let Some(&i) = self.conn_by_id.get(&id) {
                    return i;
                }
                return self.new_conn(Some(id));
            }
        }
        if let Some(i) = self.conn_of_key(p) {
            return i;
        }
        let join_token = p.receiver_token.filter(|_| p.has_subtype(subtype::MP_JOIN));
        if let Some(tok) = join_token {
            if let Some(&i) = self.by_token.get(&tok) {
                return i;
            }
        }
        if !self.assign_mptcp_streams || is_mp_capable_syn(p) {
            return self.new_conn(None);
        }
        let id = self.next_mptcp_id;
        let i = self.new_conn(Some(id));
        if let Some(tok) = join_token {
            // a join to a connection whose keys were not captured: Wireshark makes it a new
            // connection that owns the token, and later joins with that token attach to it
            self.by_token.insert(tok, i);
        }
        i
    }

    /// The connection that already owns the token of a key this MP_CAPABLE carries (Wireshark
    /// attaches the subflow to it).
    fn conn_of_key(&self, p: &Packet) -> Option<usize> {
        if !p.has_subtype(subtype::MP_CAPABLE) {
            return None;
        }
        let v = p.mptcp_version?;
        let receiver = p
            .receiver_key
            .filter(|_| !p.has_subtype(subtype::MP_FASTCLOSE));
        [p.sender_key, receiver]
            .into_iter()
            .flatten()
            .find_map(|k| self.by_token.get(&token_and_idsn(k, v).0).copied())
    }

    /// Move the subflows of `from` (an unnumbered connection) into `to`; returns `to`.
    fn merge_into(&mut self, from: usize, to: usize) -> usize {
        if from == to {
            return to;
        }
        let subflows = std::mem::take(&mut self.conns[from].subflows);
        for s in &subflows {
            if let Some(t) = self.tcp.get_mut(s) {
                t.mptcp = Some(to);
            }
        }
        let syn_seen = self.conns[from].syn_seen;
        let c = &mut self.conns[to];
        c.syn_seen |= syn_seen;
        for s in subflows {
            if !c.subflows.contains(&s) {
                c.subflows.push(s);
            }
        }
        self.conns[from].merged_into = Some(to);
        to
    }

    fn new_conn(&mut self, id: Option<u64>) -> usize {
        self.conns.push(MptcpState::new(None));
        let i = self.conns.len() - 1;
        if let Some(id) = id {
            self.set_number(i, id);
        }
        i
    }

    fn set_number(&mut self, ci: usize, id: u64) {
        self.next_mptcp_id = self.next_mptcp_id.max(id + 1);
        let c = &mut self.conns[ci];
        c.mptcp_stream = id;
        c.numbered = true;
        self.conn_by_id.insert(id, ci);
    }

    /// Number a connection as Wireshark does: the backend's `mptcp_stream` when it gives one,
    /// otherwise the next number at the first MPTCP packet that is not a keyless MP_CAPABLE SYN,
    /// unless that packet carries a key whose token belongs to another connection, which the
    /// subflow then joins (as it does when the backend's number is another connection's).
    /// Returns the connection the packet belongs to.
    fn number(&mut self, ci: usize, p: &Packet) -> usize {
        if !self.assign_mptcp_streams {
            if let Some(id) = p.mptcp_stream {
                match self.conn_by_id.get(&id) {
                    Some(&j) => return self.merge_into(ci, j),
                    None => self.set_number(ci, id),
                }
            }
        } else if !p.mptcp_subtypes.is_empty() && !is_mp_capable_syn(p) {
            if let Some(j) = self.conn_of_key(p) {
                return self.merge_into(ci, j);
            }
            let id = self.next_mptcp_id;
            self.set_number(ci, id);
        }
        ci
    }

    /// Keys, tokens, join and fallback bookkeeping.
    fn handshake(&mut self, ci: usize, p: &Packet) {
        let id = p.tcp_stream;
        let syn = p.has_flag(tcp_flags::SYN);
        let ack = p.has_flag(tcp_flags::ACK);
        let t = self.tcp.get_mut(&id).expect("known stream");
        let c = &mut self.conns[ci];
        if p.has_subtype(subtype::MP_CAPABLE) {
            if let Some(v) = p.mptcp_version {
                // the SYN proposes a version, the SYN/ACK settles it (RFC 8684 3.1)
                if syn && ack && c.version.is_some_and(|old| old != v) {
                    for tok in c.tokens.iter().flatten() {
                        self.by_token.remove(tok);
                    }
                    c.tokens = [None; 2];
                    c.idsn = [None; 2];
                    c.version = Some(v);
                }
                c.version.get_or_insert(v);
            }
            if t.opened_by_mptcp_client.is_none() && !t.is_join {
                t.opened_by_mptcp_client = Some(true);
            }
            if c.server_port.is_none() {
                c.server_port = Some(t.server_endpoint().1);
            }
            // the sender of an MP_CAPABLE is the MPTCP client unless it is the SYN/ACK
            let sender = if syn && ack {
                Side::Server
            } else if t.client == p.src_ip.map(|ip| (ip, p.src_port)) || t.client.is_none() {
                Side::Client
            } else {
                Side::Server
            };
            if let Some(k) = p.sender_key {
                c.keys[sender.idx()].get_or_insert(k);
            }
            if let Some(k) = p.receiver_key {
                if !p.has_subtype(subtype::MP_FASTCLOSE) {
                    c.keys[sender.other().idx()].get_or_insert(k);
                }
            }
            let version = c.version.unwrap_or(1);
            for s in [Side::Client, Side::Server] {
                if let (Some(k), None) = (c.keys[s.idx()], c.tokens[s.idx()]) {
                    let (tok, idsn) = token_and_idsn(k, version);
                    c.tokens[s.idx()] = Some(tok);
                    c.idsn[s.idx()] = Some(idsn);
                    self.by_token.insert(tok, ci);
                }
            }
        }
        if p.has_subtype(subtype::MP_JOIN) && syn {
            t.is_join = true;
            let slot = if ack { 1 } else { 0 };
            if p.addr_id.is_some() {
                t.join_addr_ids[slot] = p.addr_id;
            }
            if !ack {
                t.backup = p.backup;
                // the token names the host being joined: the server's token means the
                // MPTCP client opened this subflow
                if let Some(tok) = p.receiver_token {
                    if c.tokens[Side::Server.idx()] == Some(tok) {
                        t.opened_by_mptcp_client = Some(true);
                    } else if c.tokens[Side::Client.idx()] == Some(tok) {
                        t.opened_by_mptcp_client = Some(false);
                    }
                }
            }
        }
        if p.has_subtype(subtype::MP_PRIO) {
            if let Some(b) = p.backup {
                t.backup = Some(b);
            }
        }
        if syn && !ack && p.has_subtype(subtype::MP_CAPABLE) {
            c.syn_seen = true;
        }
        // fallback: SYN/ACK of the master subflow without MP_CAPABLE, or an infinite mapping
        let reason = if syn
            && ack
            && t.syn_mp_capable
            && !t.is_join
            && !p.has_subtype(subtype::MP_CAPABLE)
        {
            Some("SYN/ACK without MP_CAPABLE")
        } else if p.has_subtype(subtype::DSS) && p.dss_dsn_raw.is_some() && p.dss_length == Some(0)
        {
            Some("infinite mapping")
        } else {
            None
        };
        if let Some(reason) = reason {
            c.fallback = true;
            if c.fallback_at.is_none() {
                let by_client = t.client == p.src_ip.map(|ip| (ip, p.src_port));
                let by_server = if t.opened_by_mptcp_client == Some(false) {
                    by_client
                } else {
                    !by_client
                };
                c.fallback_at = Some((p.frame, p.rel_time_ns, p.tcp_stream, by_server, reason));
            }
        }
    }

    fn relative(&mut self, ci: usize, side: Side, dsn: u64) -> u64 {
        let c = &mut self.conns[ci];
        match c.base(side) {
            Some(b) => dsn.wrapping_sub(b),
            None => {
                c.no_handshake = true;
                let b = dsn.wrapping_sub(1);
                c.dsn_base[side.idx()] = Some(b);
                1
            }
        }
    }

    fn data_sequence(&mut self, ci: usize, p: &mut Packet, dir: usize, side: Side) {
        let id = p.tcp_stream;
        let mut own: Option<Mapping> = None;
        {
            let c = &mut self.conns[ci];
            let t = self.tcp.get_mut(&id).expect("known stream");
            if let Some(raw) = p.dss_dsn_raw {
                let dsn = if p.dss_dsn8 == Some(true) {
                    raw
                } else {
                    match c.last_dsn[side.idx()].or(c.idsn[side.idx()]) {
                        Some(r) => expand32(r, raw as u32),
                        None => raw,
                    }
                };
                c.last_dsn[side.idx()] = Some(dsn);
                // data-level length 0 is an infinite mapping (fallback): it covers everything after
                let len = match p.dss_length {
                    Some(0) => u32::MAX,
                    l => l.unwrap_or(0) as u32,
                };
                let ssn = p.dss_ssn.unwrap_or(0);
                // without the subflow's SYN, its ISN follows from the mappings once they pin it
                if t.anchor[dir].is_none() && ssn != 0 && p.payload_len > 0 && len != u32::MAX {
                    t.anchor[dir] = t.bounds[dir].narrow(p.seq_raw, p.payload_len, ssn, len);
                }
                let ssn = if ssn == 0 && len != u32::MAX {
                    // v0 DATA_FIN-only mapping (SSN 0): place it at this segment
                    t.anchor[dir].map_or(0, |a| p.seq_raw.wrapping_sub(a))
                } else {
                    ssn
                };
                let m = Mapping {
                    ssn,
                    len,
                    dsn,
                    frame: p.frame,
                };
                // a DATA_FIN-only mapping covers no payload
                let data_fin_only = p.data_fin && p.payload_len == 0 && len <= 1;
                if len > 0 && !data_fin_only {
                    let q = &mut t.mappings[dir];
                    if q.len() == MAPPINGS_KEPT {
                        q.pop_front();
                    }
                    q.push_back(m.clone());
                }
                own = Some(m);
            } else if p.has_subtype(subtype::MP_CAPABLE)
                && p.payload_len > 0
                && p.dss_length.is_some()
                && side == Side::Client
            {
                // v1: the MP_CAPABLE that carries data maps it implicitly to IDSN + 1, SSN 1
                if let (Some(k), Some(v)) = (p.sender_key, c.version.or(p.mptcp_version)) {
                    let idsn = token_and_idsn(k, v).1;
                    t.anchor[dir].get_or_insert(p.seq_raw.wrapping_sub(1));
                    let m = Mapping {
                        ssn: 1,
                        len: p.dss_length.unwrap_or(0) as u32,
                        dsn: idsn.wrapping_add(1),
                        frame: p.frame,
                    };
                    c.last_dsn[side.idx()] = Some(m.dsn);
                    t.mappings[dir].push_back(m.clone());
                    own = Some(m);
                }
            }
        }
        let t = &self.tcp[&id];
        // subflow sequence number of this segment's first byte
        let ssn_here = t.anchor[dir].map(|a| p.seq_raw.wrapping_sub(a));
        let covering = if let (true, Some(q)) = (p.payload_len > 0, ssn_here) {
            t.mappings[dir]
                .iter()
                .rev()
                .find(|m| {
                    let off = q.wrapping_sub(m.ssn);
                    if m.len == u32::MAX {
                        (off as i32) >= 0
                    } else {
                        off < m.len
                    }
                })
                .map(|m| (m.dsn.wrapping_add(q.wrapping_sub(m.ssn) as u64), m.frame))
                .or_else(|| {
                    // a mapping that starts inside this segment: its first bytes belong to the
                    // mapping before, which we did not see; anything else is inconsistent
                    own.as_ref()
                        .filter(|m| {
                            let ahead = m.ssn.wrapping_sub(q);
                            (ahead as i32) > 0 && ahead < p.payload_len
                        })
                        .map(|m| {
                            let back = m.ssn.wrapping_sub(q) as u64;
                            (m.dsn.wrapping_sub(back), m.frame)
                        })
                })
        } else if p.payload_len > 0 {
            None
        } else {
            own.as_ref().map(|m| (m.dsn, m.frame))
        };
        self.last_overlaps.clear();
        let Some((dsn, frame)) = covering else {
            // a connection that fell back to TCP at the handshake has no mappings: its data
            // sequence is the subflow's (relative sequence number, first byte 1)
            if self.conns[ci].fallback && p.payload_len > 0 && p.dss_dsn_raw.is_none() {
                p.dsn = p.seq;
            }
            return;
        };
        p.dsn = Some(self.relative(ci, side, dsn) as i64);
        p.mapping_frame = Some(frame);
        if self.opts.reinjections && p.payload_len > 0 {
            let end = dsn + p.payload_len as u64;
            let c = &mut self.conns[ci];
            let earlier = c.sent[side.idx()].record(dsn, end, id, p.frame);
            p.reinjection_of = earlier.iter().map(|o| o.frame).collect();
            for o in &earlier {
                self.reinjections.push((o.frame, p.frame));
            }
            self.last_overlaps = earlier;
        }
    }

    fn data_ack(&mut self, ci: usize, p: &mut Packet, side: Side) {
        let Some(raw) = p.data_ack_raw else {
            return;
        };
        let c = &mut self.conns[ci];
        let peer = side.other();
        let full = if p.data_ack8 == Some(true) {
            raw
        } else {
            match c.last_dack[side.idx()]
                .or(c.idsn[peer.idx()])
                .or(c.last_dsn[peer.idx()])
            {
                Some(r) => expand32(r, raw as u32),
                None => raw,
            }
        };
        c.last_dack[side.idx()] = Some(full);
        p.data_ack = c.base(peer).map(|b| full.wrapping_sub(b) as i64);
    }
}

/// Fill `reinjected_in` of the originals from the (original, reinjection) pairs of an analysis.
pub fn apply_reinjected_in(packets: &mut [Packet], pairs: &[(u64, u64)]) {
    if pairs.is_empty() {
        return;
    }
    let index: HashMap<u64, usize> = packets
        .iter()
        .enumerate()
        .map(|(i, p)| (p.frame, i))
        .collect();
    for &(orig, re) in pairs {
        if let Some(&i) = index.get(&orig) {
            if !packets[i].reinjected_in.contains(&re) {
                packets[i].reinjected_in.push(re);
            }
        }
    }
}

/// The v1 MP_CAPABLE SYN: no key yet, and Wireshark does not number the connection at it (a v0
/// SYN carries the client's key and is numbered).
fn is_mp_capable_syn(p: &Packet) -> bool {
    p.has_flag(tcp_flags::SYN)
        && !p.has_flag(tcp_flags::ACK)
        && p.has_subtype(subtype::MP_CAPABLE)
        && p.sender_key.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_ranges_find_overlaps_on_other_streams_only() {
        let mut r = SentRanges::default();
        let frames = |v: Vec<Overlap>| v.iter().map(|o| (o.frame, o.bytes)).collect::<Vec<_>>();
        assert!(r.record(0, 100, 1, 10).is_empty());
        assert!(r.record(100, 200, 2, 11).is_empty());
        // retransmission on the same stream: not a reinjection
        assert!(r.record(0, 50, 1, 12).is_empty());
        // reinjection of part of both
        assert_eq!(frames(r.record(50, 150, 3, 13)), vec![(10, 50), (11, 50)]);
        // beyond: new data
        assert!(r.record(200, 300, 3, 14).is_empty());
        assert_eq!(frames(r.record(250, 260, 1, 15)), vec![(14, 10)]);
    }
}
