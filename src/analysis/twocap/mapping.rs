//! Which connection of capture B is this connection of capture A (docs/two-captures.md).
//!
//! TCP: a connection is identified by what no middlebox that rewrites addresses or ports
//! changes: the raw sequence and acknowledgement numbers of its segments (with their payload
//! lengths and SYN/FIN/RST flags), its initial sequence numbers, then weaker hints (same
//! 4-tuple, same TCP timestamp values, similar packet and byte counts). MPTCP: the keys
//! (64-bit random numbers: equal keys are a proof), else the matches of the subflows.

use super::Capture;
use super::FastSet;
use crate::model::{tcp_flags, Packet};
use rustc_hash::FxHashMap as FastMap;

mod mptcp;
pub use mptcp::{map_mptcp, MptcpCandidate, MptcpMatch, SubflowMatch};

/// Weights of the evidence in a TCP score (they sum to 1).
const W_SEGMENTS: f64 = 0.35;
const W_ISN: f64 = 0.35;
const W_TUPLE: f64 = 0.1;
const W_TS: f64 = 0.1;
const W_PROFILE: f64 = 0.1;
/// TCP timestamp values sampled per connection for the timestamp evidence.
const TS_SAMPLE: usize = 256;

/// What identifies a segment on both sides of a NAT: raw sequence and acknowledgement numbers,
/// payload length, SYN/FIN/RST.
pub type SegKey = (u32, u32, u32, u16);

pub fn seg_key(p: &Packet) -> SegKey {
    (
        p.seq_raw,
        p.ack_raw,
        p.payload_len,
        p.tcp_flags & (tcp_flags::SYN | tcp_flags::FIN | tcp_flags::RST),
    )
}

/// The evidence that a connection of B is a connection of A.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Distinct segments (raw seq, raw ack, length, flags) found in both, among those that
    /// identify one connection in each capture.
    pub segments_common: u64,
    /// `segments_common` over the distinct segments of the connection that has fewer.
    pub segments_fraction: f64,
    /// Initial sequence numbers: "both" equal, "client" (SYN) or "server" (SYN/ACK) equal and
    /// the other not captured on one side, "none" (not comparable), "conflict" (differ).
    pub isn: &'static str,
    /// Same two endpoints (address and port) in both captures.
    pub same_4tuple: bool,
    /// Share of A's TCP timestamp values (a sample of up to 256) also sent in B's connection.
    pub ts_fraction: f64,
    /// Similarity of packet and byte counts per direction (1 = identical).
    pub profile: f64,
}

impl Evidence {
    /// A match is claimed only on proof: common segments or equal ISNs.
    pub fn accepted(&self) -> bool {
        self.isn != "conflict"
            && (self.segments_common > 0 || matches!(self.isn, "both" | "client" | "server"))
    }

    /// Short text for tables.
    pub fn summary(&self) -> String {
        let mut v = Vec::new();
        if self.segments_common > 0 {
            v.push(format!(
                "segments {} ({:.0}%)",
                self.segments_common,
                self.segments_fraction * 100.0
            ));
        }
        match self.isn {
            "none" => {}
            "conflict" => v.push("ISN differ".into()),
            s => v.push(format!("ISN {s}")),
        }
        if self.same_4tuple {
            v.push("4-tuple".into());
        }
        if self.ts_fraction > 0.0 {
            v.push(format!("TS {:.0}%", self.ts_fraction * 100.0));
        }
        v.join(", ")
    }

    fn score(&self) -> f64 {
        let isn = match self.isn {
            "both" => 1.0,
            "client" | "server" => 0.5,
            _ => 0.0,
        };
        round3(
            W_SEGMENTS * self.segments_fraction
                + W_ISN * isn
                + W_TUPLE * f64::from(u8::from(self.same_4tuple))
                + W_TS * self.ts_fraction
                + W_PROFILE * self.profile,
        )
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A candidate connection of B.
#[derive(Debug, Clone, PartialEq)]
pub struct TcpCandidate {
    pub peer_tcp_stream: u64,
    pub score: f64,
    pub evidence: Evidence,
}

/// The match of one TCP connection of A.
#[derive(Debug, Clone, PartialEq)]
pub struct TcpMatch {
    pub tcp_stream: u64,
    /// The best accepted candidate, or None.
    pub peer_tcp_stream: Option<u64>,
    /// Its score in [0, 1] (0 without a match).
    pub score: f64,
    /// Its evidence.
    pub evidence: Option<Evidence>,
    /// Every candidate, best first (the match included), accepted or not.
    pub candidates: Vec<TcpCandidate>,
}

/// What one capture's TCP stream looks like, for matching.
#[derive(Debug, Default)]
struct StreamInfo {
    id: u64,
    /// The two endpoints, sorted (orientation-free).
    ends: Option<(super::Endpoint, super::Endpoint)>,
    /// SYN and SYN/ACK sequence numbers.
    isn_syn: Option<u32>,
    isn_synack: Option<u32>,
    keys: FastSet<SegKey>,
    ts: Vec<u32>,
    ts_set: FastSet<u32>,
    /// packets and payload bytes per direction (index 0: sent by the first sender).
    packets: [u64; 2],
    bytes: [u64; 2],
}

fn stream_infos(c: &Capture) -> Vec<StreamInfo> {
    let mut by: FastMap<u64, usize> = FastMap::default();
    let mut v: Vec<StreamInfo> = Vec::new();
    let mut first_src: Vec<Option<super::Endpoint>> = Vec::new();
    for p in c.packets {
        let i = *by.entry(p.tcp_stream).or_insert_with(|| {
            v.push(StreamInfo {
                id: p.tcp_stream,
                ..Default::default()
            });
            first_src.push(None);
            v.len() - 1
        });
        let s = &mut v[i];
        let src = p.src_ip.map(|ip| (ip, p.src_port));
        if s.ends.is_none() {
            if let (Some(a), Some(b)) = (src, p.dst_ip.map(|ip| (ip, p.dst_port))) {
                s.ends = Some(if a <= b { (a, b) } else { (b, a) });
                first_src[i] = Some(a);
            }
        }
        if p.is_syn() {
            if p.has_flag(tcp_flags::ACK) {
                s.isn_synack.get_or_insert(p.seq_raw);
            } else {
                s.isn_syn.get_or_insert(p.seq_raw);
            }
        }
        s.keys.insert(seg_key(p));
        if let Some(ts) = p.ts_val {
            if s.ts_set.insert(ts) {
                s.ts.push(ts);
            }
        }
        let d = usize::from(src != first_src[i]);
        s.packets[d] += 1;
        s.bytes[d] += p.payload_len as u64;
    }
    v
}

/// Keys that appear in one stream only of their capture (a RST with zero numbers, say, is in
/// many streams and proves nothing).
fn unique_keys(infos: &[StreamInfo]) -> FastMap<SegKey, u64> {
    let mut m: FastMap<SegKey, Option<u64>> = FastMap::default();
    for s in infos {
        for k in &s.keys {
            m.entry(*k)
                .and_modify(|v| {
                    if *v != Some(s.id) {
                        *v = None
                    }
                })
                .or_insert(Some(s.id));
        }
    }
    m.into_iter()
        .filter_map(|(k, v)| v.map(|id| (k, id)))
        .collect()
}

fn ratio(a: u64, b: u64) -> f64 {
    if a == b {
        1.0
    } else {
        a.min(b) as f64 / a.max(b) as f64
    }
}

fn profile(a: &StreamInfo, b: &StreamInfo) -> f64 {
    let same = (ratio(a.packets[0], b.packets[0])
        + ratio(a.packets[1], b.packets[1])
        + ratio(a.bytes[0], b.bytes[0])
        + ratio(a.bytes[1], b.bytes[1]))
        / 4.0;
    let swapped = (ratio(a.packets[0], b.packets[1])
        + ratio(a.packets[1], b.packets[0])
        + ratio(a.bytes[0], b.bytes[1])
        + ratio(a.bytes[1], b.bytes[0]))
        / 4.0;
    same.max(swapped)
}

fn ts_fraction(a: &StreamInfo, b: &StreamInfo) -> f64 {
    if a.ts.is_empty() || b.ts.is_empty() {
        return 0.0;
    }
    let step = a.ts.len().div_ceil(TS_SAMPLE);
    let sample: Vec<u32> = a.ts.iter().step_by(step).copied().collect();
    let found = sample.iter().filter(|t| b.ts_set.contains(t)).count();
    round3(found as f64 / sample.len() as f64)
}

fn isn_evidence(a: &StreamInfo, b: &StreamInfo) -> &'static str {
    let cmp = |x: Option<u32>, y: Option<u32>| match (x, y) {
        (Some(x), Some(y)) => Some(x == y),
        _ => None,
    };
    match (cmp(a.isn_syn, b.isn_syn), cmp(a.isn_synack, b.isn_synack)) {
        (Some(false), _) | (_, Some(false)) => "conflict",
        (Some(true), Some(true)) => "both",
        (Some(true), None) => "client",
        (None, Some(true)) => "server",
        (None, None) => "none",
    }
}

/// Map every TCP connection of `a` (or only `only`) to `b`, best candidate first.
pub fn map_tcp(a: &Capture, b: &Capture, only: Option<u64>) -> Vec<TcpMatch> {
    let ia = stream_infos(a);
    let ib = stream_infos(b);
    let peers = Peers::new(&ia, &ib);
    let mut conns: Vec<u64> = a.tcp.iter().map(|t| t.tcp_stream).collect();
    conns.sort_unstable();
    let pos_a: FastMap<u64, usize> = ia.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    conns
        .into_iter()
        .filter(|id| only.is_none_or(|o| o == *id))
        .filter_map(|id| pos_a.get(&id).map(|&ai| peers.best(&ia[ai])))
        .collect()
}

/// The streams of both captures indexed for matching A's streams into B.
struct Peers<'a> {
    ib: &'a [StreamInfo],
    /// Keys found in one stream only of their capture, with that stream.
    ua: FastMap<SegKey, u64>,
    ub: FastMap<SegKey, u64>,
    /// Number of unique keys per stream.
    na: FastMap<u64, u64>,
    nb: FastMap<u64, u64>,
    /// B's stream id -> its index in `ib`.
    pos_b: FastMap<u64, usize>,
    /// B's streams by (SYN/ACK?, initial sequence number) and by endpoints.
    isn_index: FastMap<(bool, u32), Vec<usize>>,
    tuple_index: FastMap<(super::Endpoint, super::Endpoint), Vec<usize>>,
}

impl<'a> Peers<'a> {
    fn new(ia: &'a [StreamInfo], ib: &'a [StreamInfo]) -> Self {
        let ua = unique_keys(ia);
        let ub = unique_keys(ib);
        let mut isn_index: FastMap<(bool, u32), Vec<usize>> = FastMap::default();
        let mut tuple_index: FastMap<(super::Endpoint, super::Endpoint), Vec<usize>> =
            FastMap::default();
        for (i, s) in ib.iter().enumerate() {
            if let Some(x) = s.isn_syn {
                isn_index.entry((false, x)).or_default().push(i);
            }
            if let Some(x) = s.isn_synack {
                isn_index.entry((true, x)).or_default().push(i);
            }
            if let Some(e) = s.ends {
                tuple_index.entry(e).or_default().push(i);
            }
        }
        Peers {
            ib,
            na: unique_count(ia, &ua),
            nb: unique_count(ib, &ub),
            ua,
            ub,
            pos_b: ib.iter().enumerate().map(|(i, s)| (s.id, i)).collect(),
            isn_index,
            tuple_index,
        }
    }

    /// The streams of B (indexes) that may be A's stream `sa`, with the number of unique keys
    /// each shares with it.
    fn candidates(&self, sa: &StreamInfo) -> (FastSet<usize>, FastMap<usize, u64>) {
        let mut common: FastMap<usize, u64> = FastMap::default();
        for k in &sa.keys {
            if self.ua.get(k) != Some(&sa.id) {
                continue;
            }
            if let Some(bid) = self.ub.get(k) {
                *common.entry(self.pos_b[bid]).or_default() += 1;
            }
        }
        let mut cands: FastSet<usize> = common.keys().copied().collect();
        for (synack, x) in [(false, sa.isn_syn), (true, sa.isn_synack)] {
            if let Some(v) = x.and_then(|x| self.isn_index.get(&(synack, x))) {
                cands.extend(v.iter().copied());
            }
        }
        if let Some(v) = sa.ends.and_then(|e| self.tuple_index.get(&e)) {
            cands.extend(v.iter().copied());
        }
        (cands, common)
    }

    /// A's stream `sa` with every candidate scored, best first, and its match.
    fn best(&self, sa: &StreamInfo) -> TcpMatch {
        let (cands, common) = self.candidates(sa);
        let mut list: Vec<TcpCandidate> = cands
            .into_iter()
            .map(|bi| {
                let sb = &self.ib[bi];
                let c = common.get(&bi).copied().unwrap_or(0);
                let denom = self.na[&sa.id].min(self.nb[&sb.id]).max(1);
                let evidence = Evidence {
                    segments_common: c,
                    segments_fraction: round3(c as f64 / denom as f64),
                    isn: isn_evidence(sa, sb),
                    same_4tuple: sa.ends.is_some() && sa.ends == sb.ends,
                    ts_fraction: ts_fraction(sa, sb),
                    profile: round3(profile(sa, sb)),
                };
                TcpCandidate {
                    peer_tcp_stream: sb.id,
                    score: evidence.score(),
                    evidence,
                }
            })
            .collect();
        list.sort_by(|x, y| {
            y.evidence
                .accepted()
                .cmp(&x.evidence.accepted())
                .then(y.score.total_cmp(&x.score))
                .then(x.peer_tcp_stream.cmp(&y.peer_tcp_stream))
        });
        let best = list.first().filter(|c| c.evidence.accepted());
        TcpMatch {
            tcp_stream: sa.id,
            peer_tcp_stream: best.map(|c| c.peer_tcp_stream),
            score: best.map(|c| c.score).unwrap_or(0.0),
            evidence: best.map(|c| c.evidence.clone()),
            candidates: list,
        }
    }
}

/// The number of unique keys (`u`) of each stream, counted once.
fn unique_count(infos: &[StreamInfo], u: &FastMap<SegKey, u64>) -> FastMap<u64, u64> {
    infos
        .iter()
        .map(|s| {
            (
                s.id,
                s.keys.iter().filter(|k| u.contains_key(k)).count() as u64,
            )
        })
        .collect()
}

/// The streams of B that hold A's stream `a`: its best match, and every stream of B whose own
/// best match in A is `a` (Wireshark may split one connection in two streams, e.g. packets
/// before a SYN that reuses the 4-tuple). Sorted.
pub fn peer_streams(a: u64, a_to_b: &[TcpMatch], b_to_a: &[TcpMatch]) -> Vec<u64> {
    let mut v: Vec<u64> = a_to_b
        .iter()
        .filter(|m| m.tcp_stream == a)
        .filter_map(|m| m.peer_tcp_stream)
        .chain(
            b_to_a
                .iter()
                .filter(|m| m.peer_tcp_stream == Some(a))
                .map(|m| m.tcp_stream),
        )
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}
