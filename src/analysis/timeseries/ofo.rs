//! `plot ofo`'s series: MPTCP-level data received above the data ACK (head-of-line blocking).

use super::{ConnView, PerDest, Reduced};
use crate::analysis::stats::ordered;
use crate::model::Packet;
use std::collections::BTreeMap;

/// Data-level bytes seen above a cumulative acknowledgement: disjoint ranges and their total.
#[derive(Debug, Clone, Default)]
pub struct AboveAck {
    ack: Option<u64>,
    /// start -> end (exclusive), disjoint, not adjacent, all at or above `ack`.
    ranges: BTreeMap<u64, u64>,
    bytes: u64,
}

impl AboveAck {
    /// Bytes held above the acknowledgement.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Data `[start, end)` seen; the part below the acknowledgement is ignored.
    pub fn insert(&mut self, start: u64, end: u64) {
        let start = start.max(self.ack.unwrap_or(0));
        if start >= end {
            return;
        }
        let (mut lo, mut hi) = (start, end);
        // merge with every range that overlaps or touches [lo, hi)
        let touching: Vec<(u64, u64)> = self
            .ranges
            .range(..=hi)
            .rev()
            .take_while(|(_, &e)| e >= lo)
            .map(|(&s, &e)| (s, e))
            .collect();
        for (s, e) in touching {
            self.ranges.remove(&s);
            self.bytes -= e - s;
            lo = lo.min(s);
            hi = hi.max(e);
        }
        self.ranges.insert(lo, hi);
        self.bytes += hi - lo;
    }

    /// The cumulative acknowledgement moved to `ack` (never backwards): what is below leaves.
    pub fn acknowledge(&mut self, ack: u64) {
        if self.ack.is_some_and(|a| a >= ack) {
            return;
        }
        self.ack = Some(ack);
        while let Some((&s, &e)) = self.ranges.iter().next() {
            if s >= ack {
                break;
            }
            self.ranges.remove(&s);
            self.bytes -= e - s;
            if e > ack {
                self.ranges.insert(ack, e);
                self.bytes += e - ack;
                break;
            }
        }
    }
}

#[derive(Debug, Clone)]
struct Acc {
    above: AboveAck,
    points: Reduced,
    data: bool,
}

/// Builds the series of `plot ofo` (both directions) from the packets of a pass: for the data
/// sent towards each side, the bytes seen with a DSN above the data ACK that side sent back.
#[derive(Debug)]
pub struct OfoCollector<'v, 'e> {
    view: &'v ConnView<'e>,
    acc: PerDest<Acc>,
}

impl<'v, 'e> OfoCollector<'v, 'e> {
    /// Series reduced as `r` (an empty series: its range and buckets).
    pub fn new(view: &'v ConnView<'e>, r: Reduced) -> Self {
        let acc = Acc {
            above: AboveAck::default(),
            points: r,
            data: false,
        };
        OfoCollector {
            view,
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
        if let (Some(dsn), true) = (p.dsn, p.payload_len > 0) {
            let a = self.acc.get_mut(dest);
            let start = ordered(dsn);
            a.above.insert(start, start + p.payload_len as u64);
            a.data = true;
            let bytes = a.above.bytes() as f64;
            a.points.push(t, bytes);
        }
        // the data ACK of a packet towards `dest` acknowledges the data sent the other way
        if let Some(ack) = p.data_ack {
            let a = self.acc.get_mut(dest.other());
            let before = a.above.bytes();
            a.above.acknowledge(ordered(ack));
            if a.data && a.above.bytes() != before {
                let bytes = a.above.bytes() as f64;
                a.points.push(t, bytes);
            }
        }
    }

    /// True when some packet towards `dest` carried data with a DSN.
    pub fn has_data(&self, dest: crate::model::Side) -> bool {
        self.acc.get(dest).data
    }

    /// Per direction: (t, bytes above the data ACK) at each change.
    pub fn finish(self) -> PerDest<Vec<(f64, f64)>> {
        self.acc.map(|a| a.points.into_points())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_above_the_ack() {
        let mut a = AboveAck::default();
        a.insert(10, 20);
        a.insert(30, 40);
        assert_eq!(a.bytes(), 20);
        a.insert(15, 35); // fills the hole
        assert_eq!(a.bytes(), 30);
        a.acknowledge(25);
        assert_eq!(a.bytes(), 15);
        a.acknowledge(20); // never backwards
        assert_eq!(a.bytes(), 15);
        a.insert(0, 26); // below the ack: ignored, the rest was there
        assert_eq!(a.bytes(), 15);
        a.insert(40, 41); // adjacent
        assert_eq!(a.bytes(), 16);
        a.acknowledge(100);
        assert_eq!(a.bytes(), 0);
    }
}
