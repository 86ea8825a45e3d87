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
mod reassembly;
pub use reassembly::DataLevel;
use reassembly::SubflowLevel;
use std::collections::HashMap;

/// One subflow and direction.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct DirectionReceived {
    pub direction: Direction,
    /// Data-level bytes delivered in order at the MPTCP level (the receiving application's
    /// stream), from the first DSN to the last contiguous byte.
    pub delivered_bytes: u64,
    /// Receiver times (its clock, nanoseconds since the Unix epoch): first data packet, last
    /// in-order advance.
    pub first_data_ns: Option<i64>,
    pub last_delivery_ns: Option<i64>,
    pub duration_s: f64,
    /// 8 * delivered_bytes / duration_s, bits per second (0 when the duration is 0).
    pub goodput_bit_s: f64,
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
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiverReport {
    pub mptcp_stream: u64,
    pub peer_mptcp_stream: Option<u64>,
    pub directions: Vec<DirectionReceived>,
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
    let m = Matched::new(client, server, pairs);
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
        // the receiver's capture for this direction; did it see the handshake?
        let recv_first = match dir {
            Direction::ToServer => handshake(server, peer_mptcp_stream),
            Direction::ToClient => handshake(client, Some(id)),
        };
        let (subflows, received, acks) = m.subflows(dir);
        directions.push(m.replay(dir, recv_first, &received, &acks, subflows));
    }
    ReceiverReport {
        mptcp_stream: id,
        peer_mptcp_stream,
        directions,
    }
}

/// The two captures of a connection with their packets matched, and the direction of each.
struct Matched<'a> {
    client: &'a Capture<'a>,
    server: &'a Capture<'a>,
    pairs: &'a [SubflowPair],
    /// client packet -> its server packet, and the other way.
    matched: FastMap<usize, usize>,
    smatched: FastMap<usize, usize>,
    /// Direction of the server's packets by (stream, source): that of their matches.
    by_src: FastMap<(u64, Option<Endpoint>), Direction>,
    cs: HashMap<u64, Vec<usize>>,
    ss: HashMap<u64, Vec<usize>>,
}

impl<'a> Matched<'a> {
    fn new(client: &'a Capture<'a>, server: &'a Capture<'a>, pairs: &'a [SubflowPair]) -> Self {
        let mut m = Matched {
            client,
            server,
            pairs,
            matched: owd::matched_packets(client, server, pairs),
            smatched: FastMap::default(),
            by_src: FastMap::default(),
            cs: client.by_stream(),
            ss: server.by_stream(),
        };
        // the server's packets: direction of their match, else of matched packets from the
        // same endpoint, else the server capture's own orientation
        for (&i, &j) in &m.matched {
            let p = &server.packets[j];
            m.by_src.insert((p.tcp_stream, sender_src(p)), m.cdir(i));
            m.smatched.insert(j, i);
        }
        m
    }

    /// Direction of the client capture's packet `i`.
    fn cdir(&self, i: usize) -> Direction {
        let p = &self.client.packets[i];
        client_endpoint(self.client, p.tcp_stream)
            .map(|e| direction_of(p, e))
            .unwrap_or(Direction::ToServer)
    }

    /// Direction of the server capture's packet `j`.
    fn sdir(&self, j: usize) -> Direction {
        let p = &self.server.packets[j];
        self.by_src
            .get(&(p.tcp_stream, sender_src(p)))
            .copied()
            .or_else(|| client_endpoint(self.server, p.tcp_stream).map(|e| direction_of(p, e)))
            .unwrap_or(Direction::ToServer)
    }

    /// The (sender's, receiver's) capture of direction `dir`.
    fn caps(&self, dir: Direction) -> (&'a Capture<'a>, &'a Capture<'a>) {
        match dir {
            Direction::ToServer => (self.client, self.server),
            Direction::ToClient => (self.server, self.client),
        }
    }

    /// Per subflow, what was sent, received and lost in direction `dir`; and the receiver's
    /// packets (indexes into its capture): those received, and its own the other way (their
    /// DATA_ACKs).
    fn subflows(&self, dir: Direction) -> (Vec<SubflowReceived>, Vec<usize>, Vec<usize>) {
        let (send_cap, recv_cap) = self.caps(dir);
        let mut subflows = Vec::new();
        let mut received: Vec<usize> = Vec::new();
        let mut acks: Vec<usize> = Vec::new();
        for pair in self.pairs {
            let cp = self.cs.get(&pair.tcp_stream).cloned().unwrap_or_default();
            let sp: Vec<usize> = pair
                .peer_tcp_streams
                .iter()
                .flat_map(|s| self.ss.get(s).cloned().unwrap_or_default())
                .collect();
            let cp_dir: Vec<usize> = cp
                .iter()
                .copied()
                .filter(|&i| self.cdir(i) == dir)
                .collect();
            let sp_dir: Vec<usize> = sp
                .iter()
                .copied()
                .filter(|&j| self.sdir(j) == dir)
                .collect();
            let (sent, recv, got) = match dir {
                Direction::ToServer => (cp_dir, sp_dir, &self.matched),
                Direction::ToClient => (sp_dir, cp_dir, &self.smatched),
            };
            let lost: Vec<usize> = sent
                .iter()
                .copied()
                .filter(|k| !got.contains_key(k))
                .collect();
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
                    .filter(|&j| self.sdir(j) != dir)
                    .collect::<Vec<_>>(),
                Direction::ToClient => cp
                    .iter()
                    .copied()
                    .filter(|&i| self.cdir(i) != dir)
                    .collect(),
            });
        }
        acks.retain(|&k| recv_cap.packets[k].data_ack.is_some());
        received.sort_unstable();
        received.dedup();
        (subflows, received, acks)
    }

    /// The DSN of each received packet (index into the receiver's capture): its own, else (its
    /// mapping was missed by the receiver's tap) the sender capture's, shifted by the
    /// difference of the two captures' relative DSNs, if any.
    fn dsns(&self, dir: Direction, received: &[usize]) -> FastMap<usize, Option<i64>> {
        let (_, recv_cap) = self.caps(dir);
        let send_of = |k: usize| -> Option<&Packet> {
            match dir {
                Direction::ToServer => self.smatched.get(&k).map(|&i| &self.client.packets[i]),
                Direction::ToClient => self.matched.get(&k).map(|&j| &self.server.packets[j]),
            }
        };
        let mut shifts: Vec<i64> = received
            .iter()
            .filter_map(|&k| Some(recv_cap.packets[k].dsn? - send_of(k)?.dsn?))
            .collect();
        shifts.sort_unstable();
        let shift = super::percentile(&shifts, 50.0);
        received
            .iter()
            .map(|&k| {
                let dsn = recv_cap.packets[k]
                    .dsn
                    .or_else(|| Some(send_of(k)?.dsn? + shift?));
                (k, dsn)
            })
            .collect()
    }

    /// Replay what the receiver got in direction `dir` (data and its DATA_ACKs, in capture
    /// order) through TCP and MPTCP reassembly.
    fn replay(
        &self,
        dir: Direction,
        recv_first: bool,
        received: &[usize],
        acks: &[usize],
        subflows: Vec<SubflowReceived>,
    ) -> DirectionReceived {
        let (_, recv_cap) = self.caps(dir);
        let dsns = self.dsns(dir, received);
        let dsn_of = |k: usize| dsns.get(&k).copied().flatten();
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
        DirectionReceived {
            direction: dir,
            delivered_bytes: delivered,
            first_data_ns: first,
            last_delivery_ns: dl.last_advance_ns,
            duration_s: duration,
            goodput_bit_s: if duration > 0.0 {
                delivered as f64 * 8.0 / duration
            } else {
                0.0
            },
            hol_time_s: secs(dl.hol_ns),
            hol_events: dl.hol_events,
            max_waiting_bytes: dl.max_waiting,
            packets_without_dsn: no_dsn,
            subflows,
        }
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
