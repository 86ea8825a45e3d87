//! Reinjections: data sent again on another subflow. Each direction of a connection keeps the
//! DSN ranges already sent (within [`REINJECTION_WINDOW`]); a segment whose DSN range overlaps
//! ranges first sent on other subflows is a reinjection of those transmissions.

use crate::model::Packet;
use std::collections::{BTreeMap, HashMap};

/// How far behind the highest DSN sent a reinjection is still recognised, in bytes of data
/// sequence space. Older ranges are forgotten so that memory stays bounded on long captures
/// (docs/statistics.md).
pub const REINJECTION_WINDOW: u64 = 64 << 20;

/// A non-overlapping map of DSN ranges already sent in one direction of a connection.
#[derive(Debug, Default, Clone)]
pub(in crate::analysis) struct SentRanges {
    /// start -> (end, tcp_stream, frame)
    map: BTreeMap<u64, (u64, u64, u64)>,
    /// Highest range end recorded.
    front: u64,
    /// Prune when the map grows past this many ranges.
    prune_at: usize,
}

impl SentRanges {
    /// Forget the ranges that end more than [`REINJECTION_WINDOW`] below the front.
    fn prune(&mut self) {
        let cut = self.front.saturating_sub(REINJECTION_WINDOW);
        if cut == 0 {
            return;
        }
        let kept = self.map.split_off(&cut);
        let last = self.map.pop_last();
        self.map = kept;
        if let Some((s, v)) = last {
            if v.0 > cut {
                self.map.insert(s, v);
            }
        }
    }

    /// Record `[start, end)` sent in `frame` on `stream`; return the earlier transmissions on
    /// other streams of some of these bytes: (frame, stream, bytes in common).
    pub(in crate::analysis) fn record(
        &mut self,
        start: u64,
        end: u64,
        stream: u64,
        frame: u64,
    ) -> Vec<Overlap> {
        let mut earlier: Vec<Overlap> = Vec::new();
        let mut covered: Vec<(u64, u64)> = Vec::new();
        // ranges are disjoint and sorted: walk back from the last one that starts before `end`
        for (&s, &(e, st, fr)) in self.map.range(..end).rev() {
            if e <= start {
                break;
            }
            if st != stream {
                let common = e.min(end) - s.max(start);
                match earlier.iter_mut().find(|o| o.frame == fr) {
                    Some(o) => o.bytes += common,
                    None => earlier.push(Overlap {
                        frame: fr,
                        tcp_stream: st,
                        bytes: common,
                    }),
                }
            }
            covered.push((s.max(start), e.min(end)));
        }
        earlier.sort_unstable_by_key(|o| o.frame);
        covered.sort_unstable();
        // insert the gaps not covered yet
        let mut cursor = start;
        for (s, e) in covered {
            if s > cursor {
                self.map.insert(cursor, (s, stream, frame));
            }
            cursor = cursor.max(e);
        }
        if cursor < end {
            self.map.insert(cursor, (end, stream, frame));
        }
        self.front = self.front.max(end);
        if self.map.len() > self.prune_at.max(4096) {
            self.prune();
            self.prune_at = 2 * self.map.len();
        }
        earlier
    }
}

/// Data of a reinjection already sent earlier on another subflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// Frame of the earlier transmission.
    pub frame: u64,
    /// Its subflow.
    pub tcp_stream: u64,
    /// Data-level bytes in common.
    pub bytes: u64,
}

/// Fill `reinjected_in` of the originals from the (original, reinjection) pairs of an analysis.
pub fn apply_reinjected_in(packets: &mut [Packet], pairs: &[(u64, u64)]) {
    if pairs.is_empty() {
        return;
    }
    let index: HashMap<u64, usize> = packets
        .iter()
        .enumerate()
        .map(|(i, p)| (p.frame, i))
        .collect();
    for &(orig, re) in pairs {
        if let Some(&i) = index.get(&orig) {
            if !packets[i].reinjected_in.contains(&re) {
                packets[i].reinjected_in.push(re);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_ranges_find_overlaps_on_other_streams_only() {
        let mut r = SentRanges::default();
        let frames = |v: Vec<Overlap>| v.iter().map(|o| (o.frame, o.bytes)).collect::<Vec<_>>();
        assert!(r.record(0, 100, 1, 10).is_empty());
        assert!(r.record(100, 200, 2, 11).is_empty());
        // retransmission on the same stream: not a reinjection
        assert!(r.record(0, 50, 1, 12).is_empty());
        // reinjection of part of both
        assert_eq!(frames(r.record(50, 150, 3, 13)), vec![(10, 50), (11, 50)]);
        // beyond: new data
        assert!(r.record(200, 300, 3, 14).is_empty());
        assert_eq!(frames(r.record(250, 260, 1, 15)), vec![(14, 10)]);
    }
}
