//! One subflow pair of `owd`: its packets matched across the two captures, the direction of
//! each, and the delays and summaries of each direction.

use super::{match_packets, FlowDelays, OwdOptions, PacketDelay, SubflowPair};
use crate::analysis::twocap::{client_endpoint, direction_of, percentile, secs};
use crate::analysis::twocap::{Capture, Direction, Endpoint};
use crate::model::Packet;
use rustc_hash::FxHashMap as FastMap;

/// One subflow pair: its packets in both captures, matched, and the direction of each.
pub(super) struct PairMatch<'a> {
    client: &'a Capture<'a>,
    server: &'a Capture<'a>,
    pair: &'a SubflowPair,
    /// The pair's packets (indexes) in the client capture and in the server capture.
    cp: Vec<usize>,
    sp: Vec<usize>,
    /// For each packet of `sp`, its match in the client capture.
    matched: Vec<Option<usize>>,
    /// For each packet of `cp`, whether it has a match.
    client_matched: Vec<bool>,
    /// The client's end of the subflow, as the client capture tells it.
    client_end: Option<Endpoint>,
    /// Direction of the server's packets by (stream, source): that of their matches.
    by_src: FastMap<(u64, Option<Endpoint>), Direction>,
}

impl<'a> PairMatch<'a> {
    pub(super) fn new(
        client: &'a Capture<'a>,
        server: &'a Capture<'a>,
        pair: &'a SubflowPair,
        cp: Vec<usize>,
        sp: Vec<usize>,
    ) -> Self {
        let matched = match_packets(client.packets, &cp, server.packets, &sp);
        let mut m = PairMatch {
            client,
            server,
            pair,
            client_matched: vec![false; cp.len()],
            cp,
            sp,
            matched,
            client_end: client_endpoint(client, pair.tcp_stream),
            by_src: FastMap::default(),
        };
        // direction of the server's packets: that of their match; unmatched ones take the
        // direction of matched packets from the same endpoint, else the server capture's own
        for (k, i) in m.matched.iter().enumerate() {
            if let Some(i) = *i {
                let p = &server.packets[m.sp[k]];
                let dir = m.client_dir(i);
                m.by_src
                    .insert((p.tcp_stream, p.src_ip.map(|ip| (ip, p.src_port))), dir);
            }
        }
        let cpos: FastMap<usize, usize> = m.cp.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        for i in m.matched.iter().flatten() {
            m.client_matched[cpos[i]] = true;
        }
        m
    }

    /// Direction of the client capture's packet `i`.
    fn client_dir(&self, i: usize) -> Direction {
        match self.client_end {
            Some(e) => direction_of(&self.client.packets[i], e),
            None => Direction::ToServer,
        }
    }

    /// Direction of the server capture's packet `j`.
    fn server_dir(&self, j: usize) -> Direction {
        let p = &self.server.packets[j];
        self.by_src
            .get(&(p.tcp_stream, p.src_ip.map(|ip| (ip, p.src_port))))
            .copied()
            .or_else(|| client_endpoint(self.server, p.tcp_stream).map(|e| direction_of(p, e)))
            .unwrap_or(Direction::ToServer)
    }

    /// The matched packets with their delays: towards the server, towards the client.
    pub(super) fn delay_rows(&self, opts: OwdOptions) -> [Vec<PacketDelay>; 2] {
        let (client, server) = (self.client.packets, self.server.packets);
        // retransmissions, per direction, in the sender's capture
        let rc = retransmissions(client, &self.cp);
        let rs = retransmissions(server, &self.sp);
        let mut rows: [Vec<PacketDelay>; 2] = [Vec::new(), Vec::new()];
        for (k, m) in self.matched.iter().enumerate() {
            let Some(i) = *m else { continue };
            let j = self.sp[k];
            let (c, s) = (&client[i], &server[j]);
            let dir = self.client_dir(i);
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
                tcp_stream: self.pair.tcp_stream,
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
        rows
    }

    /// (packets sent in direction `dir`, packets received with no match in the sender's capture)
    fn sent_unmatched(&self, dir: Direction) -> (usize, usize) {
        match dir {
            Direction::ToServer => (
                self.cp
                    .iter()
                    .filter(|&&i| self.client_dir(i) == dir)
                    .count(),
                self.sp
                    .iter()
                    .zip(&self.matched)
                    .filter(|(&j, m)| m.is_none() && self.server_dir(j) == dir)
                    .count(),
            ),
            Direction::ToClient => (
                self.sp
                    .iter()
                    .filter(|&&j| self.server_dir(j) == dir)
                    .count(),
                self.cp
                    .iter()
                    .zip(&self.client_matched)
                    .filter(|(&i, m)| !**m && self.client_dir(i) == dir)
                    .count(),
            ),
        }
    }

    /// The summary of direction `dir` from its delays `rows`.
    pub(super) fn flow(
        &self,
        dir: Direction,
        rows: &[PacketDelay],
        estimate: Option<i64>,
    ) -> FlowDelays {
        let (sent, unmatched) = self.sent_unmatched(dir);
        let mut v: Vec<i64> = rows.iter().map(|x| x.owd_ns).collect();
        v.sort_unstable();
        let received = rows.len() as u64;
        let p = |q: f64| percentile(&v, q).map(secs);
        FlowDelays {
            tcp_stream: self.pair.tcp_stream,
            peer_tcp_streams: self.pair.peer_tcp_streams.clone(),
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
        }
    }
}

/// Which data packets of `idx` (indexes into `pk`) are retransmissions: they start below the
/// highest sequence number their sender had sent.
fn retransmissions(pk: &[Packet], idx: &[usize]) -> FastMap<usize, bool> {
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
}
