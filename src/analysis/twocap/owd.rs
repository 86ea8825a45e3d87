//! One-way delays: every TCP packet of a subflow seen in both captures (docs/two-captures.md).
//!
//! The packets of a subflow in the client capture are matched with those of its peer streams
//! in the server capture on the raw sequence number, raw acknowledgement number, payload length
//! and SYN/FIN/RST flags; among several candidates (retransmissions of the same bytes, duplicate
//! ACKs) the TCP timestamp value and the DSS mapping and data ACK must agree when both carry
//! them, the one agreeing on most other fields (window, timestamp echo, flags, MPTCP options)
//! wins, then the earliest. Each packet is matched at most once.

use super::mapping::{self, seg_key, SegKey};
use super::{percentile, secs, Capture, Direction};
use crate::model::Packet;
use rustc_hash::FxHashMap as FastMap;
use std::collections::HashMap;

mod pair;
use pair::PairMatch;

/// A subflow of the client capture and the streams of the server capture that hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubflowPair {
    pub tcp_stream: u64,
    pub peer_tcp_streams: Vec<u64>,
}

/// What to compute.
#[derive(Debug, Clone, Copy)]
pub struct OwdOptions {
    /// Server clock minus client clock, nanoseconds: subtracted from the raw delays towards
    /// the server, added to those towards the client.
    pub clock_offset_ns: i64,
    pub to_server: bool,
    pub to_client: bool,
}

impl Default for OwdOptions {
    fn default() -> Self {
        OwdOptions {
            clock_offset_ns: 0,
            to_server: true,
            to_client: true,
        }
    }
}

/// One packet seen at both taps.
#[derive(Debug, Clone, PartialEq)]
pub struct PacketDelay {
    /// The client capture's stream and the server capture's.
    pub tcp_stream: u64,
    pub peer_tcp_stream: u64,
    pub direction: Direction,
    pub client_frame: u64,
    pub server_frame: u64,
    /// Capture times (seconds since the Unix epoch) at the sender's and the receiver's tap.
    pub sent_s: f64,
    pub received_s: f64,
    /// Receiver time minus sender time, after the clock offset; may be negative.
    pub owd_s: f64,
    /// The same three in integer nanoseconds (exact).
    pub owd_ns: i64,
    /// Raw delay (no clock offset), nanoseconds.
    pub raw_ns: i64,
    pub seq_raw: u32,
    pub payload_len: u32,
    /// Relative DSN of the sender's packet (MPTCP), as its capture's analysis found it.
    pub dsn: Option<i64>,
    /// Its first byte was sent before on this subflow and direction (sender's capture).
    pub retransmission: bool,
    /// It carries data first sent on another subflow (MPTCP reinjection).
    pub reinjection: bool,
    pub sent_ns: i64,
    pub received_ns: i64,
}

/// Summary of one subflow and direction.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowDelays {
    /// The client capture's stream id.
    pub tcp_stream: u64,
    /// The server capture's streams holding it.
    pub peer_tcp_streams: Vec<u64>,
    pub direction: Direction,
    /// Packets of this subflow and direction in the sender's capture (data and pure ACKs).
    pub sent: u64,
    /// Of those, the ones matched in the receiver's capture.
    pub received: u64,
    /// sent - received: lost between the two taps.
    pub lost: u64,
    /// Packets of this direction in the receiver's capture that match none of the sender's.
    pub unmatched: u64,
    /// Matched packets with a negative delay (clocks not synchronised).
    pub negative: u64,
    pub owd_min_s: Option<f64>,
    pub owd_median_s: Option<f64>,
    pub owd_p95_s: Option<f64>,
    pub owd_p99_s: Option<f64>,
    pub owd_max_s: Option<f64>,
    /// Clock offset (server minus client) estimated from this subflow's two directions,
    /// assuming equal minimum delays each way.
    pub clock_offset_estimate_s: Option<f64>,
}

/// The result for one connection.
#[derive(Debug, Clone, PartialEq)]
pub struct OwdReport {
    /// The clock offset applied, seconds (server minus client).
    pub clock_offset_s: f64,
    /// Median of the subflows' estimates (None when no subflow has packets matched both ways).
    pub clock_offset_estimate_s: Option<f64>,
    pub flows: Vec<FlowDelays>,
    /// Every matched packet, by receiver time within each flow.
    pub packets: Vec<PacketDelay>,
}

/// The subflow pair of TCP connection `id` of the client capture.
pub fn tcp_pairs(client: &Capture, server: &Capture, id: u64) -> Vec<SubflowPair> {
    let c2s = mapping::map_tcp(client, server, None);
    let s2c = mapping::map_tcp(server, client, None);
    vec![SubflowPair {
        tcp_stream: id,
        peer_tcp_streams: mapping::peer_streams(id, &c2s, &s2c),
    }]
}

/// The subflow pairs of MPTCP connection `id` of the client capture, and the server's
/// connection (None when it was not found).
pub fn mptcp_pairs(client: &Capture, server: &Capture, id: u64) -> (Vec<SubflowPair>, Option<u64>) {
    let m = mapping::map_mptcp(client, server, Some(id));
    let Some(m) = m.first() else {
        return (Vec::new(), None);
    };
    let c2s = mapping::map_tcp(client, server, None);
    let s2c = mapping::map_tcp(server, client, None);
    let pairs = m
        .subflows
        .iter()
        .map(|sf| {
            let mut peers = mapping::peer_streams(sf.tcp_stream, &c2s, &s2c);
            if let Some(p) = sf.peer_tcp_stream {
                // the match inside the peer connection comes first
                peers.retain(|x| *x != p);
                peers.insert(0, p);
            }
            SubflowPair {
                tcp_stream: sf.tcp_stream,
                peer_tcp_streams: peers,
            }
        })
        .collect();
    (pairs, m.peer_mptcp_stream)
}

/// Hard constraints and a soft score of `c` (client side) being the same packet as `s`.
fn agreement(c: &Packet, s: &Packet) -> Option<u32> {
    fn differ<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
        matches!((a, b), (Some(x), Some(y)) if x != y)
    }
    if differ(&c.ts_val, &s.ts_val)
        || differ(&c.dss_dsn_raw, &s.dss_dsn_raw)
        || differ(&c.data_ack_raw, &s.data_ack_raw)
    {
        return None;
    }
    Some(
        u32::from(c.window == s.window)
            + u32::from(c.ts_ecr == s.ts_ecr)
            + u32::from(c.tcp_flags == s.tcp_flags)
            + u32::from(c.mptcp_subtypes == s.mptcp_subtypes),
    )
}

/// Match the packets `cp` of the client capture with the packets `sp` of the server capture
/// (indices into each capture, frame order). Returns for each server packet its client packet.
pub fn match_packets(
    client: &[Packet],
    cp: &[usize],
    server: &[Packet],
    sp: &[usize],
) -> Vec<Option<usize>> {
    let mut index: FastMap<SegKey, Vec<usize>> = FastMap::default();
    for &i in cp {
        index.entry(seg_key(&client[i])).or_default().push(i);
    }
    let mut used: FastMap<usize, ()> = FastMap::default();
    sp.iter()
        .map(|&j| {
            let s = &server[j];
            let cands = index.get_mut(&seg_key(s))?;
            let mut best: Option<(u32, usize)> = None;
            for (k, &i) in cands.iter().enumerate() {
                if used.contains_key(&i) {
                    continue;
                }
                if let Some(score) = agreement(&client[i], s) {
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, k));
                    }
                }
            }
            let (_, k) = best?;
            let i = cands[k];
            used.insert(i, ());
            // drop the used candidates from the front: later lookups stay short
            while cands.first().is_some_and(|x| used.contains_key(x)) {
                cands.remove(0);
            }
            Some(i)
        })
        .collect()
}

/// The packets (indexes) of `pair`: those of its stream in the client capture, and those of its
/// peer streams in the server capture, in capture order.
fn pair_packets(
    cs: &HashMap<u64, Vec<usize>>,
    ss: &HashMap<u64, Vec<usize>>,
    pair: &SubflowPair,
) -> (Vec<usize>, Vec<usize>) {
    let cp: Vec<usize> = cs.get(&pair.tcp_stream).cloned().unwrap_or_default();
    let mut sp: Vec<usize> = pair
        .peer_tcp_streams
        .iter()
        .flat_map(|s| ss.get(s).cloned().unwrap_or_default())
        .collect();
    sp.sort_unstable();
    (cp, sp)
}

/// For the subflows `pairs`, each packet of `client` (index) matched with its packet of
/// `server` (index), as [`one_way_delays`] matches them.
pub fn matched_packets(
    client: &Capture,
    server: &Capture,
    pairs: &[SubflowPair],
) -> FastMap<usize, usize> {
    let cs = client.by_stream();
    let ss = server.by_stream();
    let mut out = FastMap::default();
    for pair in pairs {
        let (cp, sp) = pair_packets(&cs, &ss, pair);
        for (k, m) in match_packets(client.packets, &cp, server.packets, &sp)
            .into_iter()
            .enumerate()
        {
            if let Some(i) = m {
                out.insert(i, sp[k]);
            }
        }
    }
    out
}

/// One-way delays of the subflows `pairs` (client capture stream, server capture streams).
pub fn one_way_delays(
    client: &Capture,
    server: &Capture,
    pairs: &[SubflowPair],
    opts: OwdOptions,
) -> OwdReport {
    let cs = client.by_stream();
    let ss = server.by_stream();
    let mut flows = Vec::new();
    let mut packets = Vec::new();
    let mut estimates = Vec::new();
    for pair in pairs {
        let (cp, sp) = pair_packets(&cs, &ss, pair);
        let m = PairMatch::new(client, server, pair, cp, sp);
        let mut rows = m.delay_rows(opts);
        let raw_min = |d: usize| rows[d].iter().map(|r| r.raw_ns).min();
        let estimate = match (raw_min(0), raw_min(1)) {
            (Some(f), Some(r)) => Some((f - r) / 2),
            _ => None,
        };
        if let Some(e) = estimate {
            estimates.push(e);
        }
        for (d, dir) in [Direction::ToServer, Direction::ToClient]
            .into_iter()
            .enumerate()
        {
            let wanted = match dir {
                Direction::ToServer => opts.to_server,
                Direction::ToClient => opts.to_client,
            };
            if !wanted {
                continue;
            }
            let mut r = std::mem::take(&mut rows[d]);
            r.sort_by_key(|x| (x.received_ns, x.client_frame));
            flows.push(m.flow(dir, &r, estimate));
            packets.extend(r);
        }
    }
    estimates.sort_unstable();
    OwdReport {
        clock_offset_s: secs(opts.clock_offset_ns),
        clock_offset_estimate_s: percentile(&estimates, 50.0).map(secs),
        flows,
        packets,
    }
}

#[cfg(test)]
mod tests;
