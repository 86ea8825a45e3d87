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

impl StatsCollector {
    /// Count `p` for its MPTCP connection (`new_tcp`: its payload bytes new in sequence space).
    pub(super) fn push_mptcp(&mut self, p: &Packet, r: &Record, new_tcp: u64) {
        // by connection (index), not by `mptcp_stream`: the MP_CAPABLE SYN has no number yet
        let Some(m) = r.mptcp else {
            return;
        };
        if m.fell_back_unnumbered() {
            return; // fell back during the handshake: not an MPTCP connection
        }
        let side = m.sender;
        if self.streamed && !m.numbered && !self.mptcp.contains_key(&m.conn) {
            self.unnumbered.push(m.conn);
        }
        let acc = self.mptcp.entry(m.conn).or_default();
        let d = &mut acc.dirs[side.idx()];
        d.packets += 1;
        d.payload_bytes += p.payload_len as u64;
        d.first_ns.get_or_insert(p.rel_time_ns);
        d.last_ns = Some(p.rel_time_ns);
        if acc.count_data(p, side, new_tcp, r) {
            acc.prune(side.idx());
        }
        let first_data_fin = acc.count_signals(p, side);
        events(acc, p, side, first_data_fin);
    }

    /// Statistics of every MPTCP connection seen (sorted by id). The collector is not changed:
    /// each connection is settled from its own counts (copied only to add those of connections
    /// merged into it), so a loaded capture is queried again without a copy of the collector.
    pub fn mptcp(&self, e: &Enricher) -> Vec<MptcpStats> {
        let mut out: Vec<MptcpStats> = self.mptcp_each(e).collect();
        out.shrink_to_fit();
        out
    }

    /// [`StatsCollector::mptcp`], one connection at a time, each made when it is asked for (a
    /// report written as it is made holds one connection's statistics at a time).
    pub fn mptcp_each<'a>(&'a self, e: &'a Enricher) -> impl Iterator<Item = MptcpStats> + 'a {
        // connections merged into another one, found once
        let mut merged_into: FastMap<ConnIdx, Vec<ConnIdx>> = Default::default();
        for (k, m) in e.conns() {
            if let Some(to) = m.merged_into {
                merged_into.entry(to).or_default().push(k);
            }
        }
        connections::mptcp_connections_each(e).filter_map(move |c| {
            if let Some(crate::analysis::PacketFilter::Mptcp(id)) = self.only {
                // another connection's MP_CAPABLE SYN was counted while it had no number yet
                if c.mptcp_stream != id {
                    return None;
                }
            }
            let ci = e.conn_index(c.mptcp_stream)?;
            let mut acc = self.mptcp.get(&ci).map(Cow::Borrowed);
            for &k in merged_into.get(&ci).into_iter().flatten() {
                if let Some(o) = self.mptcp.get(&k) {
                    acc.get_or_insert_with(Default::default)
                        .to_mut()
                        .absorb((**o).clone());
                }
            }
            acc.map(|acc| self.connection_stats(e, ci, c, &acc))
        })
    }

    /// Streamed ([`StatsCollector::streamed`]): the statistics of the MPTCP connections of
    /// `folded` (the units a record says were just folded), each with its number (None: no
    /// statistics, e.g. it counted no packet), made now and taken out of the collector with
    /// their subflows' counts; plain TCP streams' counts are dropped. A packet that comes for
    /// them later is counted in nothing ([`StatsCollector::uncounted`]).
    pub fn take_mptcp(&mut self, e: &Enricher, folded: &[Unit]) -> Vec<(u64, Option<MptcpStats>)> {
        let mut out = Vec::new();
        for &u in folded {
            match u {
                Unit::Mptcp(ci) => {
                    let acc = self.take_conn(e, ci);
                    let conn = e.conn(ci);
                    if let Some(id) = conn.id() {
                        let c = connections::mptcp_connection(e, conn);
                        out.push((id, acc.map(|a| self.connection_stats(e, ci, c, &a))));
                    }
                }
                // an MPTCP connection's subflows follow it
                Unit::Tcp(id) => {
                    self.tcp.remove(&id);
                }
            }
        }
        out
    }

    /// The counts of connection `ci` with those of the connections merged into it, taken out
    /// of the collector.
    pub(super) fn take_conn(&mut self, e: &Enricher, ci: ConnIdx) -> Option<Box<MptcpAcc>> {
        let mut acc = self.mptcp.remove(&ci);
        let mut merged = Vec::new();
        self.unnumbered.retain(|&u| {
            let c = e.conn(u);
            if c.merged_into == Some(ci) {
                merged.push(u);
                return false;
            }
            // `ci` itself, or numbered since: its counts are its own
            u != ci && !(c.numbered && c.merged_into.is_none())
        });
        // in the order of the connections, as `mptcp_each` adds them
        merged.sort_unstable();
        for u in merged {
            if let Some(o) = self.mptcp.remove(&u) {
                acc.get_or_insert_with(Default::default).absorb(*o);
            }
        }
        acc
    }

    /// The statistics of connection `ci` (summarised as `c`) from its counts `acc`.
    fn connection_stats(
        &self,
        e: &Enricher,
        ci: ConnIdx,
        c: MptcpConnection,
        acc: &MptcpAcc,
    ) -> MptcpStats {
        let mut dirs: Vec<MptcpDirection> = [Side::Client, Side::Server]
            .into_iter()
            .map(|side| acc.direction(side.idx(), &c))
            .collect();
        let mut events = acc.events.clone();
        for (i, d) in dirs.iter_mut().enumerate() {
            for sf in &mut d.subflows {
                // the TCP direction carrying what this MPTCP side sends on the subflow
                sf.tcp = e.tcp_stream(sf.tcp_stream).and_then(|t| {
                    let same = t.mptcp_client_endpoint() == t.client_endpoint();
                    let j = if same { i } else { 1 - i };
                    Some(Box::new(self.tcp.get(&sf.tcp_stream)?.dirs[j].settled()))
                });
            }
        }
        if let Some((frame, ns, tcp_stream, by_server, reason)) = e.conn(ci).fallback_at {
            events.push(Event {
                time_s: ns_to_s(ns),
                frame,
                tcp_stream,
                from: if by_server {
                    Side::Server
                } else {
                    Side::Client
                },
                what: EventKind::Fallback { reason },
            });
            events.sort_by_key(|ev| ev.frame);
        }
        events.shrink_to_fit();
        let subflows = self.subflow_infos(&c);
        let mut it = dirs.into_iter();
        MptcpStats {
            mptcp_stream: c.mptcp_stream,
            version: c.version,
            fallback: c.fallback,
            to_server: it.next(),
            to_client: it.next(),
            subflows,
            events,
        }
    }

    /// Subflow facts of connection `c`.
    fn subflow_infos(&self, c: &MptcpConnection) -> Vec<SubflowInfo> {
        c.subflows
            .iter()
            .map(|s| {
                let (lifetime, start) = self
                    .tcp
                    .get(&s.tcp_stream)
                    .map(|a| {
                        (
                            ns_to_s(a.end_ns.unwrap_or(a.last_ns).saturating_sub(a.first_ns)),
                            ns_to_s(a.first_ns),
                        )
                    })
                    .unwrap_or((0.0, 0.0));
                SubflowInfo {
                    tcp_stream: s.tcp_stream,
                    client: endpoint((s.client_ip, s.client_port)),
                    server: endpoint((s.server_ip, s.server_port)),
                    master: s.master,
                    client_addr_id: s.client_addr_id,
                    server_addr_id: s.server_addr_id,
                    backup: s.backup,
                    lifetime_s: lifetime,
                    start_s: start,
                    end: s.end.clone(),
                }
            })
            .collect()
    }
}
