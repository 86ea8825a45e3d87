//! Round-trip times and flight size per subflow, for `plot rtt` and `plot flight` (definitions
//! in docs/plots.md). Both follow the TCP sequence space of each subflow in one direction: the
//! segments sent towards `dest` and the acknowledgements that `dest` sends back.
//!
//! - **RTT**: Wireshark's `tcp.analysis.ack_rtt`. Every segment that occupies sequence space
//!   (payload, SYN or FIN), retransmissions included, is remembered until acknowledged; an ACK
//!   whose number equals the end of a remembered segment gives one sample, the time from that
//!   segment to the ACK: from the earliest such segment (the original rather than its
//!   retransmission). A SYN after an RST on the subflow starts afresh (what was sent before
//!   is forgotten), as Wireshark does. ACKs that cover a segment without ending exactly
//!   on it give none.
//! - **Flight size**: at each segment sent towards `dest` and each ACK from `dest`, the highest
//!   sequence number sent so far (end of segment) minus the highest cumulative ACK received (the
//!   first sequence number seen before any ACK), never below 0. SACK blocks are not subtracted
//!   (Wireshark's `tcp.analysis.bytes_in_flight` subtracts them and is computed at data segments
//!   only). The total is the sum over the subflows after each of those packets.

use super::timeseries::{SubflowPoints, Timeline};
use crate::model::{tcp_flags, Packet, Side};
use std::net::SocketAddr;

/// At most this many unacknowledged segments are remembered per subflow and direction, as
/// Wireshark's `TCP_MAX_UNACKED_SEGMENTS`; later segments are not tracked until ACKs free room.
pub const MAX_UNACKED: usize = 10_000;

/// The TCP sequence space a packet occupies: `[seq, seq + len (+ 1 for a SYN or a FIN))`.
fn span(p: &Packet) -> Option<(i64, i64)> {
    let seq = p.seq?;
    let flag = p.has_flag(tcp_flags::SYN) || p.has_flag(tcp_flags::FIN);
    let next = seq.checked_add(p.payload_len as i64 + flag as i64)?;
    (next > seq).then_some((seq, next))
}

/// A segment not yet acknowledged: its (possibly partly acknowledged) range and time.
#[derive(Debug, Clone, Copy)]
struct Unacked {
    seq: i64,
    next: i64,
    t: f64,
}

/// The segments of one subflow direction awaiting acknowledgement, oldest first; and whether
/// an RST was seen on the subflow since its last SYN.
#[derive(Debug, Default)]
struct Segments(Vec<Unacked>, bool);

impl Segments {
    fn sent(&mut self, seq: i64, next: i64, t: f64) {
        if self.0.len() < MAX_UNACKED {
            self.0.push(Unacked { seq, next, t });
        }
    }

    /// Apply cumulative ACK `ack`; the time of the earliest segment ending exactly at `ack`.
    fn acked(&mut self, ack: i64) -> Option<f64> {
        let mut sample = None;
        self.0.retain_mut(|u| {
            if ack == u.next {
                sample.get_or_insert(u.t);
                false
            } else if ack > u.seq && ack < u.next {
                u.seq = ack;
                true
            } else {
                u.next > ack
            }
        });
        sample
    }
}

/// The packets of one subflow towards `dest` (data) and back (ACKs), in capture order, with
/// `true` for data.
fn subflow_packets<'t, 'a>(
    tl: &'t Timeline<'a>,
    dest: Side,
) -> impl Iterator<Item = (&'a Packet, bool, f64)> + 't {
    tl.packets.iter().map(move |&(p, d, t)| (p, d == dest, t))
}

/// A new series for the subflow of `p` (a packet towards `dest` when `data`, else back).
fn series_for(out: &mut Vec<SubflowPoints>, p: &Packet, data: bool) -> usize {
    if let Some(i) = out.iter().position(|s| s.tcp_stream == p.tcp_stream) {
        if data && out[i].src.is_none() {
            out[i].src = p.src_ip.map(|ip| SocketAddr::new(ip, p.src_port));
            out[i].dst = p.dst_ip.map(|ip| SocketAddr::new(ip, p.dst_port));
        }
        return i;
    }
    let (src, dst) = match (p.src_ip, p.dst_ip) {
        (Some(s), Some(d)) if data => (
            Some(SocketAddr::new(s, p.src_port)),
            Some(SocketAddr::new(d, p.dst_port)),
        ),
        (Some(s), Some(d)) => (
            Some(SocketAddr::new(d, p.dst_port)),
            Some(SocketAddr::new(s, p.src_port)),
        ),
        _ => (None, None),
    };
    out.push(SubflowPoints {
        tcp_stream: p.tcp_stream,
        src,
        dst,
        points: Vec::new(),
    });
    out.len() - 1
}

/// RTT samples of the data sent towards `dest`, per subflow: (time of the ACK, RTT in
/// seconds); subflows without a sample are left out, the rest in subflow order.
pub fn rtt(tl: &Timeline, dest: Side) -> Vec<SubflowPoints> {
    let mut out: Vec<SubflowPoints> = Vec::new();
    let mut segs: Vec<Segments> = Vec::new();
    for (p, data, t) in subflow_packets(tl, dest) {
        let i = series_for(&mut out, p, data);
        if segs.len() <= i {
            segs.push(Segments::default());
        }
        if p.has_flag(tcp_flags::RST) {
            segs[i].1 = true;
        } else if p.has_flag(tcp_flags::SYN) && !p.has_flag(tcp_flags::ACK) && segs[i].1 {
            segs[i] = Segments::default();
        }
        if data {
            if let Some((seq, next)) = span(p) {
                segs[i].sent(seq, next, t);
            }
        } else if let (true, Some(ack)) = (p.has_flag(tcp_flags::ACK), p.ack) {
            if let Some(sent) = segs[i].acked(ack) {
                out[i].points.push((t, t - sent));
            }
        }
    }
    out.retain(|s| !s.points.is_empty());
    out.sort_by_key(|s| tl.subflow_index(s.tcp_stream));
    out
}

/// What `plot flight` draws in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct FlightSeries {
    /// (t, bytes in flight) per subflow, at each of its data segments and ACKs.
    pub subflows: Vec<SubflowPoints>,
    /// (t, sum over the subflows) after each of those packets.
    pub total: Vec<(f64, f64)>,
}

/// Highest sequence number sent and highest ACK received of one subflow direction.
#[derive(Debug, Default, Clone, Copy)]
struct Edge {
    sent: Option<i64>,
    acked: Option<i64>,
}

impl Edge {
    fn in_flight(&self) -> i64 {
        match (self.sent, self.acked) {
            (Some(s), Some(a)) => (s - a).max(0),
            _ => 0,
        }
    }
}

/// Flight size of the data sent towards `dest`, per subflow and in total; subflows that sent
/// nothing towards `dest` are left out.
pub fn flight(tl: &Timeline, dest: Side) -> FlightSeries {
    let mut out: Vec<SubflowPoints> = Vec::new();
    let mut edges: Vec<Edge> = Vec::new();
    let mut total = Vec::new();
    let mut sum: i64 = 0;
    for (p, data, t) in subflow_packets(tl, dest) {
        let i = series_for(&mut out, p, data);
        if edges.len() <= i {
            edges.push(Edge::default());
        }
        let e = &mut edges[i];
        let before = e.in_flight();
        if data {
            let Some((seq, next)) = span(p) else { continue };
            e.acked.get_or_insert(seq);
            e.sent = Some(e.sent.map_or(next, |s| s.max(next)));
        } else {
            let (true, Some(ack), Some(_)) = (p.has_flag(tcp_flags::ACK), p.ack, e.sent) else {
                continue;
            };
            e.acked = Some(e.acked.map_or(ack, |a| a.max(ack)));
        }
        let now = e.in_flight();
        sum += now - before;
        out[i].points.push((t, now as f64));
        total.push((t, sum as f64));
    }
    let mut subflows: Vec<SubflowPoints> = out
        .into_iter()
        .zip(&edges)
        .filter(|(_, e)| e.sent.is_some())
        .map(|(s, _)| s)
        .collect();
    subflows.sort_by_key(|s| tl.subflow_index(s.tcp_stream));
    FlightSeries { subflows, total }
}
