//! MPTCP statistics: per direction of each MPTCP connection and per subflow, data-level bytes
//! (DSN ranges), reinjections, data retransmissions, out-of-order data, duplicate data ACKs.

use super::events::events;
use super::ranges::RangeSet;
use super::{
    bit_rate, endpoint, ns_to_s, ordered, Event, EventKind, MptcpDirection, MptcpStats,
    StatsCollector, SubflowDirection, SubflowInfo,
};
use crate::analysis::connections::{self, MptcpConnection};
use crate::analysis::enrich::{ConnIdx, Enricher, Record, REINJECTION_WINDOW};
use crate::analysis::lifecycle::Unit;
use crate::model::{tcp_flags, Packet, Side};
use rustc_hash::FxHashMap as FastMap;
use std::borrow::Cow;
use std::collections::HashSet;

mod report;

/// The subflow `id` of a direction's sorted subflows, added when new.
fn subflow_entry(v: &mut Vec<SubflowAcc>, id: u64) -> &mut SubflowAcc {
    let k = match v.binary_search_by_key(&id, |s| s.tcp_stream) {
        Ok(k) => k,
        Err(k) => {
            v.insert(
                k,
                SubflowAcc {
                    tcp_stream: id,
                    ..Default::default()
                },
            );
            k
        }
    };
    &mut v[k]
}

/// What is counted of one direction of an MPTCP connection while the capture is read (the
/// report's [`MptcpDirection`] is made of it by [`MptcpAcc::direction`]).
#[derive(Debug, Default, Clone)]
struct DirAcc {
    packets: u64,
    payload_bytes: u64,
    out_of_order: u64,
    duplicate_data_acks: u64,
    reinjections_packets: u64,
    reinjections_bytes: u64,
    data_retransmitted_bytes: u64,
    data_fin: bool,
    first_ns: Option<i64>,
    last_ns: Option<i64>,
    dsn_min: Option<u64>,
    dsn_max: Option<u64>,
    last_dack: Option<i64>,
    /// What only new data (not late) is counted with; None before the first data and once
    /// the connection folded (the settled counts are the fields above).
    live: Option<Box<DirLive>>,
}

/// The data-level bookkeeping of an open direction.
#[derive(Debug, Default, Clone)]
struct DirLive {
    dsn_seen: RangeSet,
    next_expected: Option<u64>,
    reinjected_originals: HashSet<u64>,
}

/// What is counted of one subflow's part of one direction (the report's
/// [`SubflowDirection`] is made of it).
#[derive(Debug, Default, Clone)]
struct SubflowAcc {
    tcp_stream: u64,
    packets: u64,
    payload_bytes: u64,
    exclusive_bytes: u64,
    reinjections_packets: u64,
    reinjections_bytes: u64,
    reinjected_elsewhere_packets: u64,
    reinjected_elsewhere_bytes: u64,
    data_retransmitted_bytes: u64,
    dsn_seen: RangeSet,
}

/// What is counted of one MPTCP connection while the capture is read.
#[derive(Debug, Default, Clone)]
pub(super) struct MptcpAcc {
    dirs: [DirAcc; 2],
    /// Per direction, the subflows that sent in it, sorted by TCP stream (a vector: a
    /// connection has a few subflows, and a B-tree node of these is ~3 KB).
    subflows: [Vec<SubflowAcc>; 2],
    pub(super) events: Vec<Event>,
    /// Prune a direction when one of its subflow sets grows past this many ranges (doubled
    /// after each prune, so that pruning stays amortised when the window itself is large).
    prune_at: [usize; 2],
}

/// Above this many DSN ranges in one subflow's set, ranges more than
/// [`REINJECTION_WINDOW`] below the highest DSN are settled and dropped.
const PRUNE_RANGES: usize = 4096;

impl MptcpAcc {
    /// Add what was counted for a connection later merged into this one (see
    /// [`crate::analysis::mptcp::MptcpState::merged_into`]): its keyless MP_CAPABLE SYNs, which carry no
    /// data mapping, so packets, payload, times and events are all there is to add.
    fn absorb(&mut self, o: MptcpAcc) {
        for (i, (d, od)) in self.dirs.iter_mut().zip(o.dirs).enumerate() {
            d.packets += od.packets;
            d.payload_bytes += od.payload_bytes;
            d.first_ns = d.first_ns.into_iter().chain(od.first_ns).min();
            d.last_ns = d.last_ns.into_iter().chain(od.last_ns).max();
            d.data_fin |= od.data_fin;
            for sf in &o.subflows[i] {
                let mine = subflow_entry(&mut self.subflows[i], sf.tcp_stream);
                mine.packets += sf.packets;
                mine.payload_bytes += sf.payload_bytes;
            }
        }
        self.events.extend(o.events);
        self.events.sort_by_key(|ev| ev.frame);
    }

    /// Settle the exclusive bytes below the window of direction `i` and drop those ranges, so
    /// memory stays bounded however long the connection.
    fn prune(&mut self, i: usize) {
        let Some(front) = self.dirs[i].dsn_max else {
            return;
        };
        let cut = front.saturating_sub(REINJECTION_WINDOW);
        if cut == 0 {
            self.prune_at[i] = 2 * PRUNE_RANGES.max(self.prune_at[i]);
            return;
        }
        self.settle_below(i, cut);
    }

    /// The connection is finished: settle every range-based figure and free the sets.
    pub(super) fn fold(&mut self) {
        for i in 0..2 {
            self.settle_below(i, u64::MAX);
            for sf in &mut self.subflows[i] {
                sf.dsn_seen.fold();
            }
            self.dirs[i].live = None;
            self.subflows[i].shrink_to_fit();
        }
        self.events.shrink_to_fit();
    }

    /// Settle the exclusive bytes of direction `i` below `cut` and drop those ranges.
    fn settle_below(&mut self, i: usize, cut: u64) {
        let lows: Vec<(u64, RangeSet)> = self.subflows[i]
            .iter_mut()
            .map(|sf| (sf.tcp_stream, sf.dsn_seen.split_below(cut)))
            .collect();
        for (k, (id, low)) in lows.iter().enumerate() {
            let others = lows
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, (_, o))| o);
            let excl = low.minus_len(others);
            if let Ok(k) = self.subflows[i].binary_search_by_key(id, |s| s.tcp_stream) {
                self.subflows[i][k].exclusive_bytes += excl;
            }
        }
        if let Some(l) = &mut self.dirs[i].live {
            l.dsn_seen.split_below(cut);
        }
        let largest = self.subflows[i]
            .iter()
            .map(|sf| sf.dsn_seen.ranges())
            .max()
            .unwrap_or(0);
        self.prune_at[i] = 2 * largest;
    }
}
impl MptcpAcc {
    /// Count the data of `p` (payload, sent by `side`, `new_tcp` of its bytes new in sequence
    /// space); returns true when a DSN range set grew past its pruning threshold.
    fn count_data(&mut self, p: &Packet, side: Side, new_tcp: u64, r: &Record) -> bool {
        let i = side.idx();
        let d = &mut self.dirs[i];
        let sf = subflow_entry(&mut self.subflows[i], p.tcp_stream);
        sf.packets += 1;
        sf.payload_bytes += p.payload_len as u64;
        if p.payload_len == 0 || r.late {
            // a late packet (connection folded): its ranges are not counted
            return false;
        }
        let mut fragmented = false;
        if let Some(dsn) = p.dsn.map(ordered) {
            let end = dsn.saturating_add(p.payload_len as u64);
            sf.dsn_seen.insert(dsn, end);
            fragmented = sf.dsn_seen.ranges() > self.prune_at[i].max(PRUNE_RANGES);
            let live = d.live.get_or_insert_with(Default::default);
            let new_dsn = live.dsn_seen.insert(dsn, end);
            let again = new_tcp.saturating_sub(new_dsn);
            sf.data_retransmitted_bytes += again;
            d.data_retransmitted_bytes += again;
            d.dsn_min = Some(d.dsn_min.map_or(dsn, |x| x.min(dsn)));
            d.dsn_max = Some(d.dsn_max.map_or(end, |x| x.max(end)));
            if let Some(next) = live.next_expected {
                if dsn > next {
                    d.out_of_order += 1;
                }
            }
            live.next_expected = Some(live.next_expected.map_or(end, |x| x.max(end)));
        }
        if !r.overlaps.is_empty() {
            let bytes = r.reinjected_bytes;
            sf.reinjections_packets += 1;
            sf.reinjections_bytes += bytes;
            d.reinjections_packets += 1;
            d.reinjections_bytes += bytes;
            for o in &r.overlaps {
                let orig = subflow_entry(&mut self.subflows[i], o.tcp_stream);
                orig.reinjected_elsewhere_bytes += o.fresh_bytes;
                let live = d.live.get_or_insert_with(Default::default);
                if live.reinjected_originals.insert(o.frame) {
                    orig.reinjected_elsewhere_packets += 1;
                }
            }
        }
        fragmented
    }

    /// Count the data ACK and DATA_FIN of `p`, sent by `side`; returns true for the first
    /// DATA_FIN of that direction.
    fn count_signals(&mut self, p: &Packet, side: Side) -> bool {
        let d = &mut self.dirs[side.idx()];
        if let Some(dack) = p.data_ack {
            // the data ACK travels with the packet: it acknowledges the other direction,
            // but it is a property of what this side sends: count it in the sender's direction
            if p.payload_len == 0
                && !p.data_fin
                && !p.has_flag(tcp_flags::SYN)
                && !p.has_flag(tcp_flags::FIN)
                && d.last_dack == Some(dack)
            {
                d.duplicate_data_acks += 1;
            }
            d.last_dack = Some(dack);
        }
        let first_data_fin = p.data_fin && !d.data_fin;
        if p.data_fin {
            d.data_fin = true;
        }
        first_data_fin
    }

    /// The statistics of direction `i` (by sender: 0 the client) of connection `c`, once the
    /// capture is read (the counts stay as they are).
    fn direction(&self, i: usize, c: &MptcpConnection) -> MptcpDirection {
        let d = &self.dirs[i];
        let dur = match (d.first_ns, d.last_ns) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => 0,
        };
        let data_bytes = match (d.dsn_min, d.dsn_max) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        };
        // every subflow of the connection appears, with zeros if it carried nothing
        let none = SubflowAcc::default();
        let all: Vec<&SubflowAcc> = c
            .subflows
            .iter()
            .map(|s| {
                self.subflows[i]
                    .iter()
                    .find(|x| x.tcp_stream == s.tcp_stream)
                    .unwrap_or(&none)
            })
            .collect();
        let subflows = c
            .subflows
            .iter()
            .zip(&all)
            .enumerate()
            .map(|(k, (s, sf))| {
                let others = all
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, o)| &o.dsn_seen);
                SubflowDirection {
                    tcp_stream: s.tcp_stream,
                    packets: sf.packets,
                    payload_bytes: sf.payload_bytes,
                    share: if d.payload_bytes == 0 {
                        0.0
                    } else {
                        sf.payload_bytes as f64 / d.payload_bytes as f64
                    },
                    exclusive_bytes: sf.exclusive_bytes + sf.dsn_seen.minus_len(others),
                    data_bytes: sf.dsn_seen.len(),
                    reinjections_packets: sf.reinjections_packets,
                    reinjections_bytes: sf.reinjections_bytes,
                    reinjected_elsewhere_packets: sf.reinjected_elsewhere_packets,
                    reinjected_elsewhere_bytes: sf.reinjected_elsewhere_bytes,
                    data_retransmitted_bytes: sf.data_retransmitted_bytes,
                    tcp: None,
                }
            })
            .collect();
        MptcpDirection {
            data_bytes,
            payload_bytes: d.payload_bytes,
            packets: d.packets,
            first_s: d.first_ns.map(ns_to_s),
            last_s: d.last_ns.map(ns_to_s),
            duration_s: ns_to_s(dur),
            goodput_bit_s: bit_rate(data_bytes, dur),
            throughput_bit_s: bit_rate(d.payload_bytes, dur),
            out_of_order: d.out_of_order,
            duplicate_data_acks: d.duplicate_data_acks,
            reinjections_packets: d.reinjections_packets,
            reinjections_bytes: d.reinjections_bytes,
            data_retransmitted_bytes: d.data_retransmitted_bytes,
            data_fin: d.data_fin,
            subflows,
        }
    }
}
