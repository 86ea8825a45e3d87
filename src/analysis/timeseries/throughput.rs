//! `plot throughput`'s series: payload over a sliding window, computed while packets stream past.

use super::{ConnView, PerDest, Reduced, SubflowPoints};
use crate::analysis::stats::{ordered, RangeSet};
use crate::analysis::PacketFilter;
use crate::model::Packet;
use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;

/// What `plot throughput` draws in one direction; values in bits per second.
#[derive(Debug, Clone, PartialEq)]
pub struct ThroughputSeries {
    /// Payload of each subflow (retransmissions included).
    pub subflows: Vec<SubflowPoints>,
    /// Payload of all subflows together.
    pub aggregate: Vec<(f64, f64)>,
    /// Data bytes never seen before in this direction: new DSN ranges for MPTCP, new sequence
    /// ranges for TCP.
    pub goodput: Vec<(f64, f64)>,
}

/// The rate of a stream of (time, bytes) events over a sliding window: at time `t`, 8 × the
/// bytes of the events in `(t - window, t]`, over `window`. The value only changes when an event
/// enters the window (its time) or leaves it (`window` later): a point is emitted at each of
/// these instants, so the staircase through them is exact. Memory: the events in the window.
#[derive(Debug, Clone)]
pub struct SlidingRate {
    window: f64,
    queue: VecDeque<(f64, f64)>,
    sum: f64,
    last_t: f64,
    out: Reduced,
}

impl SlidingRate {
    pub fn new(window: f64, out: Reduced) -> Self {
        SlidingRate {
            window,
            queue: VecDeque::new(),
            sum: 0.0,
            last_t: f64::NEG_INFINITY,
            out,
        }
    }

    fn emit(&mut self, t: f64) {
        self.out.push(t, self.sum * 8.0 / self.window);
    }

    /// Remove the events that left the window at or before `t`.
    fn drop_until(&mut self, t: f64) {
        while let Some(&(tf, b)) = self.queue.front() {
            if tf + self.window > t {
                break;
            }
            self.queue.pop_front();
            self.sum -= b;
        }
        if self.queue.is_empty() {
            self.sum = 0.0; // no drift from float subtraction
        }
    }

    /// Emit the points of the events leaving the window strictly before `t`.
    fn leave_before(&mut self, t: f64) {
        while let Some(&(tf, _)) = self.queue.front() {
            let leave = tf + self.window;
            if leave >= t {
                break;
            }
            self.drop_until(leave);
            self.emit(leave);
        }
    }

    /// An event of `bytes` at time `t`. Times are expected in capture order; an earlier time
    /// than the last one is counted at the last one.
    pub fn push(&mut self, t: f64, bytes: f64) {
        let t = t.max(self.last_t);
        self.last_t = t;
        self.leave_before(t);
        self.drop_until(t);
        self.queue.push_back((t, bytes));
        self.sum += bytes;
        self.emit(t);
    }

    /// The points up to `end` (the curve is clipped there: events still in the window then
    /// are not followed out of it).
    pub fn finish(mut self, end: f64) -> Vec<(f64, f64)> {
        if !self.out.is_empty() && end > self.last_t {
            self.leave_before(end);
            self.drop_until(end);
            self.emit(end);
        }
        self.out.into_points()
    }
}

#[derive(Debug, Clone)]
struct Acc {
    subflows: Vec<(SubflowPoints, SlidingRate)>,
    aggregate: SlidingRate,
    goodput: SlidingRate,
    /// Data-level ranges seen, per sequence space.
    seen: BTreeMap<u64, RangeSet>,
}

/// Builds the series of `plot throughput` (both directions) from the packets of a pass.
#[derive(Debug)]
pub struct ThroughputCollector<'v, 'e> {
    view: &'v ConnView<'e>,
    template: SlidingRate,
    acc: PerDest<Acc>,
}

impl<'v, 'e> ThroughputCollector<'v, 'e> {
    /// Window `window` seconds; series reduced as `r` (an empty series).
    pub fn new(view: &'v ConnView<'e>, window: f64, r: Reduced) -> Self {
        let template = SlidingRate::new(window, r);
        let acc = Acc {
            subflows: Vec::new(),
            aggregate: template.clone(),
            goodput: template.clone(),
            seen: BTreeMap::new(),
        };
        ThroughputCollector {
            view,
            template,
            acc: PerDest {
                server: acc.clone(),
                client: acc,
            },
        }
    }

    pub fn push(&mut self, p: &Packet) {
        let Some((dest, t)) = self.view.classify(p) else {
            return;
        };
        if p.payload_len == 0 {
            return;
        }
        let bytes = p.payload_len as f64;
        let acc = self.acc.get_mut(dest);
        let i = match acc
            .subflows
            .iter()
            .position(|(s, _)| s.tcp_stream == p.tcp_stream)
        {
            Some(i) => i,
            None => {
                let head = SubflowPoints {
                    tcp_stream: p.tcp_stream,
                    src: p.src_ip.map(|ip| SocketAddr::new(ip, p.src_port)),
                    dst: p.dst_ip.map(|ip| SocketAddr::new(ip, p.dst_port)),
                    points: Vec::new(),
                };
                acc.subflows.push((head, self.template.clone()));
                acc.subflows.len() - 1
            }
        };
        acc.subflows[i].1.push(t, bytes);
        acc.aggregate.push(t, bytes);
        // Data-level position of the payload: the DSN for MPTCP, the sequence number of the
        // subflow for TCP (one range set per TCP stream: sequence spaces differ).
        let (space, start) = match self.view.filter {
            PacketFilter::Mptcp(_) => (0, p.dsn),
            PacketFilter::Tcp(_) => (p.tcp_stream, p.seq),
        };
        if let Some(start) = start.map(ordered) {
            let n = acc
                .seen
                .entry(space)
                .or_default()
                .insert(start, start + p.payload_len as u64);
            acc.goodput.push(t, n as f64);
        }
    }

    /// True when some packet towards `dest` carried payload.
    pub fn has_data(&self, dest: crate::model::Side) -> bool {
        !self.acc.get(dest).subflows.is_empty()
    }

    /// The series, clipped at the connection's last packet.
    pub fn finish(self) -> PerDest<ThroughputSeries> {
        let view = self.view;
        let end = view.range().1;
        self.acc.map(|a| {
            let mut subflows: Vec<SubflowPoints> = a
                .subflows
                .into_iter()
                .map(|(mut head, rate)| {
                    head.points = rate.finish(end);
                    head
                })
                .collect();
            subflows.sort_by_key(|s| view.subflow_index(s.tcp_stream));
            ThroughputSeries {
                subflows,
                aggregate: a.aggregate.finish(end),
                goodput: a.goodput.finish(end),
            }
        })
    }
}

/// A default window for a connection of `duration` seconds: about a twentieth of it, rounded
/// down to 1, 2 or 5 times a power of ten (at least 1 ms; 1 s for an instantaneous one).
pub fn default_window(duration: f64) -> f64 {
    if !(duration.is_finite() && duration > 0.0) {
        return 1.0;
    }
    let target = (duration / 20.0).max(1e-3);
    let decade = 10f64.powf(target.log10().floor());
    let m = [5.0, 2.0, 1.0]
        .into_iter()
        .find(|m| m * decade <= target * (1.0 + 1e-9))
        .unwrap_or(1.0);
    // written as a short decimal (0.05, not 0.05000000000000001)
    format!("{:.3e}", m * decade).parse().unwrap_or(m * decade)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(events: &[(f64, f64)], window: f64, end: f64) -> Vec<(f64, f64)> {
        let mut r = SlidingRate::new(window, Reduced::new((0.0, end), 1000));
        for &(t, b) in events {
            r.push(t, b);
        }
        r.finish(end)
    }

    #[test]
    fn sliding_rate_sums_the_window() {
        // window (t-1, t]: 8 bits per byte over 1 s
        let r = rate(
            &[(0.0, 100.0), (0.5, 100.0), (1.0, 100.0), (2.5, 50.0)],
            1.0,
            4.0,
        );
        assert_eq!(
            r,
            vec![
                (0.0, 800.0),
                (0.5, 1600.0),
                (1.0, 1600.0), // 0.0 left as 1.0 entered
                (1.5, 800.0),
                (2.0, 0.0),
                (2.5, 400.0),
                (3.5, 0.0),
                (4.0, 0.0),
            ]
        );
    }

    #[test]
    fn the_curve_stops_at_the_end() {
        // clipped at the last packet: no ramp down a window after it
        let r = rate(&[(0.0, 100.0), (0.5, 100.0)], 1.0, 0.7);
        assert_eq!(r, vec![(0.0, 800.0), (0.5, 1600.0), (0.7, 1600.0)]);
    }

    #[test]
    fn default_windows() {
        assert_eq!(default_window(0.7), 0.02);
        assert_eq!(default_window(20.0), 1.0);
        assert_eq!(default_window(17.6), 0.5);
        assert_eq!(default_window(0.0), 1.0);
        assert_eq!(default_window(1e-6), 0.001);
    }
}
