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
//!
//! Both are computed packet by packet ([`RttTracker`], [`FlightTracker`]) into any [`Points`]:
//! a plain vector ([`rtt`], [`flight`] over a [`Timeline`], for tests), or a series reduced
//! per pixel column while the packets stream past ([`TcpSeriesCollector`], what the plots use:
//! memory does not grow with the capture).

use super::timeseries::{ConnView, PerDest, Reduced, SubflowPoints, Timeline};
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
#[derive(Debug, Default, Clone)]
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

/// Where the points of a series go.
pub trait Points {
    /// An empty series like this one (same buckets, for a reduced one).
    fn empty_like(&self) -> Self;
    fn push(&mut self, x: f64, y: f64);
    fn is_empty(&self) -> bool;
    fn into_points(self) -> Vec<(f64, f64)>;
}

impl Points for Vec<(f64, f64)> {
    fn empty_like(&self) -> Self {
        Vec::new()
    }
    fn push(&mut self, x: f64, y: f64) {
        Vec::push(self, (x, y));
    }
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
    fn into_points(self) -> Vec<(f64, f64)> {
        self
    }
}

impl Points for Reduced {
    fn empty_like(&self) -> Self {
        Reduced::empty_like(self)
    }
    fn push(&mut self, x: f64, y: f64) {
        Reduced::push(self, x, y);
    }
    fn is_empty(&self) -> bool {
        Reduced::is_empty(self)
    }
    fn into_points(self) -> Vec<(f64, f64)> {
        Reduced::into_points(self)
    }
}

/// One series per subflow, created at the subflow's first packet.
#[derive(Debug, Clone)]
struct Series<S> {
    template: S,
    out: Vec<(SubflowPoints, S)>,
}

impl<S: Points> Series<S> {
    fn new(template: S) -> Self {
        Series {
            template,
            out: Vec::new(),
        }
    }

    /// The series of the subflow of `p` (a packet towards `dest` when `data`, else back); its
    /// addresses are those of the data direction.
    fn index(&mut self, p: &Packet, data: bool) -> usize {
        if let Some(i) = self.out.iter().position(|s| s.0.tcp_stream == p.tcp_stream) {
            let head = &mut self.out[i].0;
            if data && head.src.is_none() {
                head.src = p.src_ip.map(|ip| SocketAddr::new(ip, p.src_port));
                head.dst = p.dst_ip.map(|ip| SocketAddr::new(ip, p.dst_port));
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
        let head = SubflowPoints {
            tcp_stream: p.tcp_stream,
            src,
            dst,
            points: Vec::new(),
        };
        self.out.push((head, self.template.empty_like()));
        self.out.len() - 1
    }

    /// The series `keep` keeps, with their points, ordered by `order` of their TCP stream.
    fn finish(
        self,
        keep: impl Fn(usize, &S) -> bool,
        order: impl Fn(u64) -> usize,
    ) -> Vec<SubflowPoints> {
        let mut v: Vec<SubflowPoints> = self
            .out
            .into_iter()
            .enumerate()
            .filter(|(i, (_, s))| keep(*i, s))
            .map(|(_, (mut head, s))| {
                head.points = s.into_points();
                head
            })
            .collect();
        v.sort_by_key(|s| order(s.tcp_stream));
        v
    }
}

/// RTT samples of the data sent towards one side, packet by packet.
#[derive(Debug, Clone)]
pub struct RttTracker<S> {
    series: Series<S>,
    segs: Vec<Segments>,
}

impl<S: Points> RttTracker<S> {
    /// Samples go into series like `template` (empty).
    pub fn new(template: S) -> Self {
        RttTracker {
            series: Series::new(template),
            segs: Vec::new(),
        }
    }

    /// A packet of the connection at time `t`, sent towards the side tracked when `data`.
    pub fn push(&mut self, p: &Packet, data: bool, t: f64) {
        let i = self.series.index(p, data);
        if self.segs.len() <= i {
            self.segs.push(Segments::default());
        }
        let seg = &mut self.segs[i];
        if p.has_flag(tcp_flags::RST) {
            seg.1 = true;
        } else if p.has_flag(tcp_flags::SYN) && !p.has_flag(tcp_flags::ACK) && seg.1 {
            *seg = Segments::default();
        }
        if data {
            if let Some((seq, next)) = span(p) {
                seg.sent(seq, next, t);
            }
        } else if let (true, Some(ack)) = (p.has_flag(tcp_flags::ACK), p.ack) {
            if let Some(sent) = seg.acked(ack) {
                self.series.out[i].1.push(t, t - sent);
            }
        }
    }

    /// (time of the ACK, RTT in seconds) per subflow; subflows without a sample are left out,
    /// the rest ordered by `order` of their TCP stream.
    pub fn finish(self, order: impl Fn(u64) -> usize) -> Vec<SubflowPoints> {
        self.series.finish(|_, s| !s.is_empty(), order)
    }
}

/// RTT samples of the data sent towards `dest`, per subflow: (time of the ACK, RTT in
/// seconds); subflows without a sample are left out, the rest in subflow order.
pub fn rtt(tl: &Timeline, dest: Side) -> Vec<SubflowPoints> {
    let mut tr = RttTracker::new(Vec::new());
    for &(p, d, t) in &tl.packets {
        tr.push(p, d == dest, t);
    }
    tr.finish(|s| tl.subflow_index(s))
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

/// Flight size of the data sent towards one side, packet by packet.
#[derive(Debug, Clone)]
pub struct FlightTracker<S> {
    series: Series<S>,
    edges: Vec<Edge>,
    total: S,
    sum: i64,
}

impl<S: Points> FlightTracker<S> {
    /// Points go into series like `template` (empty).
    pub fn new(template: S) -> Self {
        FlightTracker {
            series: Series::new(template.empty_like()),
            edges: Vec::new(),
            total: template,
            sum: 0,
        }
    }

    /// A packet of the connection at time `t`, sent towards the side tracked when `data`.
    pub fn push(&mut self, p: &Packet, data: bool, t: f64) {
        let i = self.series.index(p, data);
        if self.edges.len() <= i {
            self.edges.push(Edge::default());
        }
        let e = &mut self.edges[i];
        let before = e.in_flight();
        if data {
            let Some((seq, next)) = span(p) else { return };
            e.acked.get_or_insert(seq);
            e.sent = Some(e.sent.map_or(next, |s| s.max(next)));
        } else {
            let (true, Some(ack), Some(_)) = (p.has_flag(tcp_flags::ACK), p.ack, e.sent) else {
                return;
            };
            e.acked = Some(e.acked.map_or(ack, |a| a.max(ack)));
        }
        let now = e.in_flight();
        self.sum += now - before;
        self.series.out[i].1.push(t, now as f64);
        self.total.push(t, self.sum as f64);
    }

    /// Subflows that sent nothing towards the side are left out, the rest ordered by `order`
    /// of their TCP stream.
    pub fn finish(self, order: impl Fn(u64) -> usize) -> FlightSeries {
        let edges = self.edges;
        FlightSeries {
            subflows: self
                .series
                .finish(|i, _| edges.get(i).is_some_and(|e| e.sent.is_some()), order),
            total: self.total.into_points(),
        }
    }
}

/// Flight size of the data sent towards `dest`, per subflow and in total; subflows that sent
/// nothing towards `dest` are left out.
pub fn flight(tl: &Timeline, dest: Side) -> FlightSeries {
    let mut tr = FlightTracker::new(Vec::new());
    for &(p, d, t) in &tl.packets {
        tr.push(p, d == dest, t);
    }
    tr.finish(|s| tl.subflow_index(s))
}

/// Which series [`TcpSeriesCollector`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpSeriesKind {
    Rtt,
    Flight,
}

#[derive(Debug)]
enum Trackers {
    Rtt(Box<PerDest<RttTracker<Reduced>>>),
    Flight(Box<PerDest<FlightTracker<Reduced>>>),
}

/// The series of `plot rtt` or `plot flight`, both directions, from the packets of a pass
/// (nothing is kept but the reduced series and the unacknowledged segments).
#[derive(Debug)]
pub struct TcpSeriesCollector<'v, 'e> {
    view: &'v ConnView<'e>,
    trackers: Trackers,
    /// Whether some packet towards each side carried payload.
    has_data: PerDest<bool>,
}

/// What [`TcpSeriesCollector::finish`] gives for one direction.
#[derive(Debug, Clone, PartialEq)]
pub enum TcpSeries {
    Rtt(Vec<SubflowPoints>),
    Flight(FlightSeries),
}

impl<'v, 'e> TcpSeriesCollector<'v, 'e> {
    /// Series reduced as `r` (an empty series: its range and buckets).
    pub fn new(view: &'v ConnView<'e>, kind: TcpSeriesKind, r: Reduced) -> Self {
        let trackers = match kind {
            TcpSeriesKind::Rtt => Trackers::Rtt(Box::new(PerDest {
                server: RttTracker::new(r.empty_like()),
                client: RttTracker::new(r),
            })),
            TcpSeriesKind::Flight => Trackers::Flight(Box::new(PerDest {
                server: FlightTracker::new(r.empty_like()),
                client: FlightTracker::new(r),
            })),
        };
        TcpSeriesCollector {
            view,
            trackers,
            has_data: PerDest::default(),
        }
    }

    pub fn push(&mut self, p: &Packet) {
        let Some((dest, t)) = self.view.classify(p) else {
            return;
        };
        if p.payload_len > 0 {
            *self.has_data.get_mut(dest) = true;
        }
        for d in [Side::Server, Side::Client] {
            let data = d == dest;
            match &mut self.trackers {
                Trackers::Rtt(tr) => tr.get_mut(d).push(p, data, t),
                Trackers::Flight(tr) => tr.get_mut(d).push(p, data, t),
            }
        }
    }

    /// Whether some packet towards `dest` carried payload.
    pub fn has_data(&self, dest: Side) -> bool {
        *self.has_data.get(dest)
    }

    /// The series per direction, subflows in the view's order.
    pub fn finish(self) -> PerDest<TcpSeries> {
        let view = self.view;
        let order = |s: u64| view.subflow_index(s);
        match self.trackers {
            Trackers::Rtt(tr) => tr.map(|t| TcpSeries::Rtt(t.finish(order))),
            Trackers::Flight(tr) => tr.map(|t| TcpSeries::Flight(t.finish(order))),
        }
    }
}
