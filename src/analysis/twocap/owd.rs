//! One-way delays: every TCP packet of a subflow seen in both captures (docs/two-captures.md).
//!
//! The packets of a subflow in the client capture are matched with those of its peer streams
//! in the server capture on the raw sequence number, raw acknowledgement number, payload length
//! and SYN/FIN/RST flags; among several candidates (retransmissions of the same bytes, duplicate
//! ACKs) the TCP timestamp value and the DSS mapping and data ACK must agree when both carry
//! them, the one agreeing on most other fields (window, timestamp echo, flags, MPTCP options)
//! wins, then the earliest. Each packet is matched at most once.

use super::mapping::{self, seg_key, SegKey};
use super::{client_endpoint, direction_of, percentile, secs, Capture, Direction, Endpoint};
use crate::model::Packet;
use rustc_hash::FxHashMap as FastMap;
use serde::Serialize;

/// A subflow of the client capture and the streams of the server capture that hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    #[serde(skip)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwdReport {
    /// The clock offset applied, seconds (server minus client).
    pub clock_offset_s: f64,
    /// Median of the subflows' estimates (None when no subflow has packets matched both ways).
    pub clock_offset_estimate_s: Option<f64>,
    pub flows: Vec<FlowDelays>,
    /// Every matched packet, by receiver time within each flow.
    #[serde(skip)]
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
        let cp: Vec<usize> = cs.get(&pair.tcp_stream).cloned().unwrap_or_default();
        let mut sp: Vec<usize> = pair
            .peer_tcp_streams
            .iter()
            .flat_map(|s| ss.get(s).cloned().unwrap_or_default())
            .collect();
        sp.sort_unstable();
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
        let cp: Vec<usize> = cs.get(&pair.tcp_stream).cloned().unwrap_or_default();
        let mut sp: Vec<usize> = pair
            .peer_tcp_streams
            .iter()
            .flat_map(|s| ss.get(s).cloned().unwrap_or_default())
            .collect();
        sp.sort_unstable();
        let cend = client_endpoint(client, pair.tcp_stream);
        let cdir = |i: usize| match cend {
            Some(e) => direction_of(&client.packets[i], e),
            None => Direction::ToServer,
        };
        let matched = match_packets(client.packets, &cp, server.packets, &sp);
        // direction of the server's packets: that of their match; unmatched ones take the
        // direction of matched packets from the same endpoint, else the server capture's own
        let mut by_src: FastMap<(u64, Option<Endpoint>), Direction> = FastMap::default();
        for (k, m) in matched.iter().enumerate() {
            if let Some(i) = m {
                let p = &server.packets[sp[k]];
                by_src.insert(
                    (p.tcp_stream, p.src_ip.map(|ip| (ip, p.src_port))),
                    cdir(*i),
                );
            }
        }
        let sdir = |j: usize| {
            let p = &server.packets[j];
            by_src
                .get(&(p.tcp_stream, p.src_ip.map(|ip| (ip, p.src_port))))
                .copied()
                .or_else(|| client_endpoint(server, p.tcp_stream).map(|e| direction_of(p, e)))
                .unwrap_or(Direction::ToServer)
        };
        let mut client_matched = vec![false; cp.len()];
        let cpos: FastMap<usize, usize> = cp.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        for i in matched.iter().flatten() {
            client_matched[cpos[i]] = true;
        }
        // retransmissions, per direction, in the sender's capture
        let retrans = |pk: &[Packet], idx: &[usize]| -> FastMap<usize, bool> {
            let mut high: FastMap<(u64, Option<std::net::IpAddr>, u16), u32> = FastMap::default();
            let mut out = FastMap::default();
            for &i in idx {
                let p = &pk[i];
                if p.payload_len == 0 {
                    continue;
                }
                let key = (p.tcp_stream, p.src_ip, p.src_port);
                let end = p.seq_raw.wrapping_add(p.payload_len);
                let r = match high.get(&key) {
                    Some(&h) => (h.wrapping_sub(p.seq_raw) as i32) > 0,
                    None => false,
                };
                out.insert(i, r);
                let h = high.entry(key).or_insert(end);
                if (end.wrapping_sub(*h) as i32) > 0 {
                    *h = end;
                }
            }
            out
        };
        let rc = retrans(client.packets, &cp);
        let rs = retrans(server.packets, &sp);
        let mut rows: [Vec<PacketDelay>; 2] = [Vec::new(), Vec::new()];
        for (k, m) in matched.iter().enumerate() {
            let Some(i) = *m else { continue };
            let j = sp[k];
            let (c, s) = (&client.packets[i], &server.packets[j]);
            let dir = cdir(i);
            let (sender, receiver, rmap, si) = match dir {
                Direction::ToServer => (c, s, &rc, i),
                Direction::ToClient => (s, c, &rs, j),
            };
            // times from a CSV file may be anywhere in i64: saturate rather than overflow
            let raw = receiver.abs_time_ns.saturating_sub(sender.abs_time_ns);
            let owd = match dir {
                Direction::ToServer => raw.saturating_sub(opts.clock_offset_ns),
                Direction::ToClient => raw.saturating_add(opts.clock_offset_ns),
            };
            rows[(dir == Direction::ToClient) as usize].push(PacketDelay {
                tcp_stream: pair.tcp_stream,
                peer_tcp_stream: s.tcp_stream,
                direction: dir,
                client_frame: c.frame,
                server_frame: s.frame,
                sent_s: secs(sender.abs_time_ns),
                received_s: secs(receiver.abs_time_ns),
                owd_s: secs(owd),
                owd_ns: owd,
                raw_ns: raw,
                seq_raw: sender.seq_raw,
                payload_len: sender.payload_len,
                dsn: sender.dsn,
                retransmission: rmap.get(&si).copied().unwrap_or(false),
                reinjection: !sender.reinjection_of.is_empty(),
                sent_ns: sender.abs_time_ns,
                received_ns: receiver.abs_time_ns,
            });
        }
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
            let (sent, unmatched) = match dir {
                Direction::ToServer => (
                    cp.iter().filter(|&&i| cdir(i) == dir).count(),
                    sp.iter()
                        .zip(&matched)
                        .filter(|(&j, m)| m.is_none() && sdir(j) == dir)
                        .count(),
                ),
                Direction::ToClient => (
                    sp.iter().filter(|&&j| sdir(j) == dir).count(),
                    cp.iter()
                        .zip(&client_matched)
                        .filter(|(&i, m)| !**m && cdir(i) == dir)
                        .count(),
                ),
            };
            let mut r = std::mem::take(&mut rows[d]);
            r.sort_by_key(|x| (x.received_ns, x.client_frame));
            let mut v: Vec<i64> = r.iter().map(|x| x.owd_ns).collect();
            v.sort_unstable();
            let received = r.len() as u64;
            let p = |q: f64| percentile(&v, q).map(secs);
            flows.push(FlowDelays {
                tcp_stream: pair.tcp_stream,
                peer_tcp_streams: pair.peer_tcp_streams.clone(),
                direction: dir,
                sent: sent as u64,
                received,
                lost: (sent as u64).saturating_sub(received),
                unmatched: unmatched as u64,
                negative: v.iter().filter(|x| **x < 0).count() as u64,
                owd_min_s: v.first().map(|x| secs(*x)),
                owd_median_s: p(50.0),
                owd_p95_s: p(95.0),
                owd_p99_s: p(99.0),
                owd_max_s: v.last().map(|x| secs(*x)),
                clock_offset_estimate_s: estimate.map(secs),
            });
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
mod tests {
    use super::*;
    use crate::analysis::connections::TcpConnection;

    fn pkt(frame: u64, t: i64, seq: u32, len: u32, ts: u32, to_server: bool) -> Packet {
        let (c, s) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        Packet {
            frame,
            abs_time_ns: t,
            src_ip: Some(if to_server { c } else { s }),
            dst_ip: Some(if to_server { s } else { c }),
            src_port: if to_server { 40000 } else { 80 },
            dst_port: if to_server { 80 } else { 40000 },
            seq_raw: seq,
            ack_raw: 7,
            payload_len: len,
            ts_val: Some(ts),
            tcp_flags: crate::model::tcp_flags::ACK,
            ..Default::default()
        }
    }

    fn conn() -> TcpConnection {
        TcpConnection {
            tcp_stream: 0,
            client_ip: "10.0.0.1".parse().unwrap(),
            client_port: 40000,
            server_ip: "10.0.0.2".parse().unwrap(),
            server_port: 80,
            syn_seen: true,
            packets: 0,
            packets_to_server: 0,
            packets_to_client: 0,
            bytes_to_server: 0,
            bytes_to_client: 0,
            start_s: 0.0,
            duration_s: 0.0,
            mptcp_stream: None,
            mptcp_fallback: false,
        }
    }

    #[test]
    fn retransmissions_are_told_apart_by_ts_and_matched_once() {
        // the client sends bytes 1000..1100 three times (TS 1, 2, 3); the server sees the
        // second and third copies only
        let client = vec![
            pkt(1, 0, 1000, 100, 1, true),
            pkt(2, 300, 1000, 100, 2, true),
            pkt(3, 900, 1000, 100, 3, true),
        ];
        let server = vec![
            pkt(10, 310, 1000, 100, 2, true),
            pkt(11, 905, 1000, 100, 3, true),
        ];
        let m = match_packets(&client, &[0, 1, 2], &server, &[0, 1]);
        assert_eq!(m, vec![Some(1), Some(2)]);
        let tcp = [conn()];
        let (c, s) = (
            Capture::new(&client, &tcp, &[]),
            Capture::new(&server, &tcp, &[]),
        );
        let pairs = [SubflowPair {
            tcp_stream: 0,
            peer_tcp_streams: vec![0],
        }];
        let r = one_way_delays(&c, &s, &pairs, OwdOptions::default());
        let f = &r.flows[0];
        assert_eq!((f.sent, f.received, f.lost, f.unmatched), (3, 2, 1, 0));
        assert_eq!(r.packets[0].owd_ns, 10);
        assert_eq!(r.packets[1].owd_ns, 5);
        assert!(r.packets[0].retransmission && r.packets[1].retransmission);
    }

    #[test]
    fn identical_copies_match_in_order_and_negative_delays_are_kept() {
        // two identical pure ACKs (same TS tick): first to first, second to second
        let client = vec![pkt(1, 1000, 5, 0, 9, true), pkt(2, 1002, 5, 0, 9, true)];
        // the server's clock is 1 us behind: negative raw delays
        let server = vec![pkt(1, 0, 5, 0, 9, true), pkt(2, 3, 5, 0, 9, true)];
        let tcp = [conn()];
        let (c, s) = (
            Capture::new(&client, &tcp, &[]),
            Capture::new(&server, &tcp, &[]),
        );
        let pairs = [SubflowPair {
            tcp_stream: 0,
            peer_tcp_streams: vec![0],
        }];
        let r = one_way_delays(&c, &s, &pairs, OwdOptions::default());
        let owd: Vec<i64> = r.packets.iter().map(|p| p.owd_ns).collect();
        assert_eq!(owd, vec![-1000, -999]);
        assert_eq!(r.flows[0].negative, 2);
        assert_eq!(r.flows[0].owd_min_s, Some(-1e-6));
        // an offset of -1 us (server behind) makes them positive
        let r = one_way_delays(
            &c,
            &s,
            &pairs,
            OwdOptions {
                clock_offset_ns: -1000,
                ..Default::default()
            },
        );
        let owd: Vec<i64> = r.packets.iter().map(|p| p.owd_ns).collect();
        assert_eq!(owd, vec![0, 1]);
    }

    #[test]
    fn clock_offset_estimate_from_the_two_directions() {
        // true delays 10 each way, server clock 100 ahead
        let client = vec![pkt(1, 0, 1, 10, 1, true), pkt(2, 200, 50, 10, 2, false)];
        let server = vec![pkt(1, 110, 1, 10, 1, true), pkt(2, 290, 50, 10, 2, false)];
        let tcp = [conn()];
        let (c, s) = (
            Capture::new(&client, &tcp, &[]),
            Capture::new(&server, &tcp, &[]),
        );
        let pairs = [SubflowPair {
            tcp_stream: 0,
            peer_tcp_streams: vec![0],
        }];
        let r = one_way_delays(&c, &s, &pairs, OwdOptions::default());
        assert_eq!(r.clock_offset_estimate_s, Some(100e-9));
        let d: Vec<(Direction, i64)> = r.packets.iter().map(|p| (p.direction, p.owd_ns)).collect();
        assert_eq!(
            d,
            vec![(Direction::ToServer, 110), (Direction::ToClient, -90)]
        );
    }
}
