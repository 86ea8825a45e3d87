//! What only the receiver's capture knows (docs/two-captures.md): bytes received per subflow,
//! packets lost between the two taps, the data delivered in order at the MPTCP level over time
//! (receiver goodput), and MPTCP-level head-of-line blocking: data that its subflow delivered
//! in order but that waits for a gap in the data sequence (data still missing on another
//! subflow). The receiver's own DATA_ACKs also advance the in-order point: they prove the
//! delivery of data its tap may have missed.

use super::owd::{self, SubflowPair};
use super::{client_endpoint, direction_of, secs, Capture, Direction, Endpoint};
use crate::model::Packet;
use rustc_hash::FxHashMap as FastMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// One subflow and direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubflowReceived {
    /// The client capture's stream, and the server capture's streams holding it.
    pub tcp_stream: u64,
    pub peer_tcp_streams: Vec<u64>,
    /// TCP packets and payload bytes in the sender's capture.
    pub packets_sent: u64,
    pub payload_bytes_sent: u64,
    /// ... and in the receiver's capture (retransmissions included).
    pub packets_received: u64,
    pub payload_bytes_received: u64,
    /// Packets of the sender's capture not seen by the receiver's tap, and their payload.
    pub lost_packets: u64,
    pub lost_payload_bytes: u64,
}

/// One direction of the connection, at the receiver.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectionReceived {
    pub direction: Direction,
    /// Data-level bytes delivered in order at the MPTCP level (the receiving application's
    /// stream), from the first DSN to the last contiguous byte.
    pub delivered_bytes: u64,
    /// Receiver times (seconds since its capture started): first data packet, last in-order
    /// advance.
    pub first_data_s: Option<f64>,
    pub last_delivery_s: Option<f64>,
    pub duration_s: f64,
    /// delivered_bytes / duration_s, bytes per second (0 when the duration is 0).
    pub goodput_bps: f64,
    /// Total time some data delivered in order by its subflow waited for a gap in the data
    /// sequence (MPTCP-level head-of-line blocking), seconds.
    pub hol_time_s: f64,
    /// Times such a wait began.
    pub hol_events: u64,
    /// Most data-level bytes waiting at once.
    pub max_waiting_bytes: u64,
    /// Data packets of that direction whose DSN neither capture knows (not counted above).
    pub packets_without_dsn: u64,
    pub subflows: Vec<SubflowReceived>,
}

/// The result for one MPTCP connection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiverReport {
    pub mptcp_stream: u64,
    pub peer_mptcp_stream: Option<u64>,
    pub directions: Vec<DirectionReceived>,
}

/// Data-level reassembly with head-of-line accounting.
#[derive(Debug, Default)]
pub struct DataLevel {
    next: Option<i64>,
    start: Option<i64>,
    /// Waiting ranges start -> end, disjoint, all beyond `next`.
    waiting: BTreeMap<i64, i64>,
    waiting_bytes: u64,
    blocked_since: Option<i64>,
    pub hol_ns: i64,
    pub hol_events: u64,
    pub max_waiting: u64,
    pub last_advance_ns: Option<i64>,
}

impl DataLevel {
    /// Start at data sequence number `first` (1 when the handshake was seen), or at the first
    /// range delivered when None.
    pub fn new(first: Option<i64>) -> Self {
        DataLevel {
            next: first,
            start: first,
            ..Default::default()
        }
    }

    /// Its subflow delivers data [a, b) at time `t`.
    pub fn deliver(&mut self, a: i64, b: i64, t: i64) {
        let next = *self.next.get_or_insert(a);
        self.start.get_or_insert(a);
        if b <= next {
            return;
        }
        let a = a.max(next);
        // merge [a, b) into the waiting ranges
        let (mut lo, mut hi) = (a, b);
        let over: Vec<(i64, i64)> = self
            .waiting
            .range(..=hi)
            .filter(|(_, &e)| e >= lo)
            .map(|(&s, &e)| (s, e))
            .collect();
        for (s, e) in over {
            self.waiting.remove(&s);
            self.waiting_bytes -= (e - s) as u64;
            lo = lo.min(s);
            hi = hi.max(e);
        }
        self.waiting.insert(lo, hi);
        self.waiting_bytes += (hi - lo) as u64;
        let mut advanced = false;
        while let Some((&s, &e)) = self.waiting.iter().next() {
            let n = self.next.unwrap_or(s);
            if s > n {
                break;
            }
            self.waiting.remove(&s);
            self.waiting_bytes -= (e - s) as u64;
            self.next = Some(n.max(e));
            advanced = true;
        }
        if advanced {
            self.last_advance_ns = Some(t);
        }
        self.max_waiting = self.max_waiting.max(self.waiting_bytes);
        match (self.waiting.is_empty(), self.blocked_since) {
            (false, None) => {
                self.blocked_since = Some(t);
                self.hol_events += 1;
            }
            (true, Some(s0)) => {
                self.hol_ns += t - s0;
                self.blocked_since = None;
            }
            _ => {}
        }
    }

    /// The receiver acknowledged the data below `dack` at time `t` (DATA_ACK): delivered, even
    /// the parts its tap did not capture.
    pub fn ack(&mut self, dack: i64, t: i64) {
        let Some(next) = self.next else { return };
        if dack <= next {
            return;
        }
        self.next = Some(dack);
        self.last_advance_ns = Some(t);
        let below: Vec<(i64, i64)> = self.waiting.range(..dack).map(|(&s, &e)| (s, e)).collect();
        for (s, e) in below {
            self.waiting.remove(&s);
            self.waiting_bytes -= (e - s) as u64;
            if e > dack {
                self.waiting.insert(dack, e);
                self.waiting_bytes += (e - dack) as u64;
            }
        }
        // what waited beyond the acknowledged point may now be contiguous
        while let Some((&s, &e)) = self.waiting.iter().next() {
            let n = self.next.unwrap_or(s);
            if s > n {
                break;
            }
            self.waiting.remove(&s);
            self.waiting_bytes -= (e - s) as u64;
            self.next = Some(n.max(e));
        }
        if self.waiting.is_empty() {
            if let Some(s0) = self.blocked_since.take() {
                self.hol_ns += t - s0;
            }
        }
    }

    /// Close the accounting at time `t` (a wait still open counts until then).
    pub fn finish(&mut self, t: i64) {
        if let Some(s0) = self.blocked_since.take() {
            self.hol_ns += (t - s0).max(0);
        }
    }

    pub fn delivered(&self) -> u64 {
        match (self.start, self.next) {
            (Some(s), Some(n)) => (n - s).max(0) as u64,
            _ => 0,
        }
    }
}

/// TCP reassembly of one subflow direction: hands data to the MPTCP level once in order.
#[derive(Debug, Default)]
struct SubflowLevel {
    next: Option<i64>,
    /// seq -> (end, dsn of seq)
    pending: BTreeMap<i64, (i64, i64)>,
}

impl SubflowLevel {
    fn push(&mut self, seq: i64, len: u32, dsn: i64, dl: &mut DataLevel, t: i64) {
        let end = seq + len as i64;
        let next = *self.next.get_or_insert(seq);
        if end <= next {
            return;
        }
        self.pending.entry(seq).or_insert((end, dsn));
        while let Some((&s, &(e, d))) = self.pending.iter().next() {
            let n = self.next.unwrap_or(s);
            if s > n {
                break;
            }
            self.pending.remove(&s);
            if e > n {
                dl.deliver(d + (n - s), d + (e - s), t);
                self.next = Some(e);
            }
        }
    }
}

fn sender_src(p: &Packet) -> Option<Endpoint> {
    p.src_ip.map(|ip| (ip, p.src_port))
}

/// Receiver-side figures of MPTCP connection `id` of `client`, with `server` its other end
/// (`pairs` as from [`owd::mptcp_pairs`]).
pub fn receiver_stats(
    client: &Capture,
    server: &Capture,
    id: u64,
    pairs: &[SubflowPair],
    peer_mptcp_stream: Option<u64>,
    (to_server, to_client): (bool, bool),
) -> ReceiverReport {
    let matched = owd::matched_packets(client, server, pairs);
    let cdir = |i: usize| -> Direction {
        let p = &client.packets[i];
        client_endpoint(client, p.tcp_stream)
            .map(|e| direction_of(p, e))
            .unwrap_or(Direction::ToServer)
    };
    // the server's packets: direction of their match, else of matched packets from the same
    // endpoint, else the server capture's own orientation
    let mut by_src: FastMap<(u64, Option<Endpoint>), Direction> = FastMap::default();
    let mut smatched: FastMap<usize, usize> = FastMap::default();
    for (&i, &j) in &matched {
        let p = &server.packets[j];
        by_src.insert((p.tcp_stream, sender_src(p)), cdir(i));
        smatched.insert(j, i);
    }
    let sdir = |j: usize| -> Direction {
        let p = &server.packets[j];
        by_src
            .get(&(p.tcp_stream, sender_src(p)))
            .copied()
            .or_else(|| client_endpoint(server, p.tcp_stream).map(|e| direction_of(p, e)))
            .unwrap_or(Direction::ToServer)
    };
    let cs = client.by_stream();
    let ss = server.by_stream();
    let handshake = |c: &Capture, m: Option<u64>| {
        m.and_then(|m| c.mptcp_connection(m))
            .is_some_and(|c| c.handshake_seen)
    };
    let mut directions = Vec::new();
    for (dir, wanted) in [
        (Direction::ToServer, to_server),
        (Direction::ToClient, to_client),
    ] {
        if !wanted {
            continue;
        }
        // sender and receiver captures for this direction
        let (recv_cap, recv_first) = match dir {
            Direction::ToServer => (server, handshake(server, peer_mptcp_stream)),
            Direction::ToClient => (client, handshake(client, Some(id))),
        };
        let mut subflows = Vec::new();
        let mut received: Vec<usize> = Vec::new();
        // the receiver's own packets the other way: their DATA_ACKs
        let mut acks: Vec<usize> = Vec::new();
        for pair in pairs {
            let cp = cs.get(&pair.tcp_stream).cloned().unwrap_or_default();
            let sp: Vec<usize> = pair
                .peer_tcp_streams
                .iter()
                .flat_map(|s| ss.get(s).cloned().unwrap_or_default())
                .collect();
            let (sent, recv): (Vec<usize>, Vec<usize>) = match dir {
                Direction::ToServer => (
                    cp.iter().copied().filter(|&i| cdir(i) == dir).collect(),
                    sp.iter().copied().filter(|&j| sdir(j) == dir).collect(),
                ),
                Direction::ToClient => (
                    sp.iter().copied().filter(|&j| sdir(j) == dir).collect(),
                    cp.iter().copied().filter(|&i| cdir(i) == dir).collect(),
                ),
            };
            let (send_cap, got): (&Capture, &dyn Fn(usize) -> bool) = match dir {
                Direction::ToServer => (client, &|i| matched.contains_key(&i)),
                Direction::ToClient => (server, &|j| smatched.contains_key(&j)),
            };
            let lost: Vec<usize> = sent.iter().copied().filter(|&k| !got(k)).collect();
            let bytes = |c: &Capture, v: &[usize]| -> u64 {
                v.iter().map(|&k| c.packets[k].payload_len as u64).sum()
            };
            subflows.push(SubflowReceived {
                tcp_stream: pair.tcp_stream,
                peer_tcp_streams: pair.peer_tcp_streams.clone(),
                packets_sent: sent.len() as u64,
                payload_bytes_sent: bytes(send_cap, &sent),
                packets_received: recv.len() as u64,
                payload_bytes_received: bytes(recv_cap, &recv),
                lost_packets: lost.len() as u64,
                lost_payload_bytes: bytes(send_cap, &lost),
            });
            received.extend(recv);
            acks.extend(match dir {
                Direction::ToServer => sp
                    .iter()
                    .copied()
                    .filter(|&j| sdir(j) != dir)
                    .collect::<Vec<_>>(),
                Direction::ToClient => cp.iter().copied().filter(|&i| cdir(i) != dir).collect(),
            });
        }
        acks.retain(|&k| recv_cap.packets[k].data_ack.is_some());
        received.sort_unstable();
        received.dedup();
        // a received packet whose mapping the receiver's tap missed: the sender's capture knows
        // its DSN (shifted by the difference of the two captures' relative DSNs, if any)
        let send_of = |k: usize| -> Option<&Packet> {
            match dir {
                Direction::ToServer => smatched.get(&k).map(|&i| &client.packets[i]),
                Direction::ToClient => matched.get(&k).map(|&j| &server.packets[j]),
            }
        };
        let mut shifts: Vec<i64> = received
            .iter()
            .filter_map(|&k| Some(recv_cap.packets[k].dsn? - send_of(k)?.dsn?))
            .collect();
        shifts.sort_unstable();
        let shift = super::percentile(&shifts, 50.0);
        let dsn_of = |k: usize| -> Option<i64> {
            recv_cap.packets[k]
                .dsn
                .or_else(|| Some(send_of(k)?.dsn? + shift?))
        };
        let start = recv_cap.packets.first().map(|p| p.abs_time_ns).unwrap_or(0);
        let mut dl = DataLevel::new(recv_first.then_some(1));
        let mut sub: FastMap<(u64, Option<Endpoint>), SubflowLevel> = FastMap::default();
        let (mut first, mut last, mut no_dsn) = (None, None, 0u64);
        // a DATA_ACK also counts the DATA_FIN's sequence byte: never beyond the data seen
        let data_end = received
            .iter()
            .filter(|&&k| recv_cap.packets[k].payload_len > 0)
            .filter_map(|&k| Some(dsn_of(k)? + recv_cap.packets[k].payload_len as i64))
            .max();
        let mut events: Vec<(usize, bool)> = received
            .iter()
            .map(|&k| (k, true))
            .chain(acks.iter().map(|&k| (k, false)))
            .collect();
        events.sort_unstable();
        events.dedup();
        for (k, data) in events {
            let p = &recv_cap.packets[k];
            if !data {
                if let (Some(d), Some(end)) = (p.data_ack, data_end) {
                    dl.ack(d.min(end), p.abs_time_ns);
                }
                continue;
            }
            if p.payload_len == 0 {
                continue;
            }
            first.get_or_insert(p.abs_time_ns);
            last = Some(p.abs_time_ns);
            let (Some(dsn), Some(seq)) = (dsn_of(k), p.seq) else {
                no_dsn += 1;
                continue;
            };
            sub.entry((p.tcp_stream, sender_src(p))).or_default().push(
                seq,
                p.payload_len,
                dsn,
                &mut dl,
                p.abs_time_ns,
            );
        }
        if let Some(t) = last {
            dl.finish(t);
        }
        let duration = match (first, dl.last_advance_ns) {
            (Some(f), Some(l)) => secs(l - f),
            _ => 0.0,
        };
        let delivered = dl.delivered();
        directions.push(DirectionReceived {
            direction: dir,
            delivered_bytes: delivered,
            first_data_s: first.map(|t| secs(t - start)),
            last_delivery_s: dl.last_advance_ns.map(|t| secs(t - start)),
            duration_s: duration,
            goodput_bps: if duration > 0.0 {
                delivered as f64 / duration
            } else {
                0.0
            },
            hol_time_s: secs(dl.hol_ns),
            hol_events: dl.hol_events,
            max_waiting_bytes: dl.max_waiting,
            packets_without_dsn: no_dsn,
            subflows,
        });
    }
    ReceiverReport {
        mptcp_stream: id,
        peer_mptcp_stream,
        directions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_of_line_time_is_the_wait_for_the_gap() {
        // 1..101 arrives at t=0, 201..301 at t=10 (waits), 101..201 at t=25: the wait is 15
        let mut dl = DataLevel::new(Some(1));
        dl.deliver(1, 101, 0);
        dl.deliver(201, 301, 10);
        assert_eq!(dl.max_waiting, 100);
        dl.deliver(101, 201, 25);
        // a duplicate changes nothing
        dl.deliver(50, 150, 30);
        dl.finish(40);
        assert_eq!(dl.hol_ns, 15);
        assert_eq!(dl.hol_events, 1);
        assert_eq!(dl.delivered(), 300);
        assert_eq!(dl.last_advance_ns, Some(25));
    }

    #[test]
    fn a_data_ack_fills_a_gap_the_tap_missed() {
        let mut dl = DataLevel::new(Some(1));
        dl.deliver(1, 11, 1);
        dl.deliver(21, 31, 2);
        // 11..21 never captured, but the receiver acknowledges up to 31 at t=4
        dl.ack(31, 4);
        dl.finish(9);
        assert_eq!(dl.delivered(), 30);
        assert_eq!(dl.hol_ns, 2);
        assert_eq!(dl.last_advance_ns, Some(4));
    }

    #[test]
    fn a_gap_never_filled_waits_until_the_end() {
        let mut dl = DataLevel::new(Some(1));
        dl.deliver(11, 21, 5);
        dl.deliver(31, 41, 6);
        dl.deliver(21, 31, 7);
        dl.finish(50);
        assert_eq!(dl.hol_ns, 45);
        assert_eq!(dl.delivered(), 0);
        assert_eq!(dl.max_waiting, 30);
    }
}
