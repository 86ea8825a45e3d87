//! Statistics of TCP connections and MPTCP connections, computed in one streaming pass.
//! `docs/statistics.md` defines every figure; this code follows it.

use super::enrich::Enricher;
use crate::model::Side;
use crate::model::{subtype, tcp_flags, Packet};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// A set of disjoint half-open ranges, coalescing neighbours (memory stays small for
/// in-order data). Ranges below a floor can be dropped ([`RangeSet::split_below`]) to bound
/// memory: their bytes stay counted, and bytes below the floor count as present.
#[derive(Debug, Default, Clone)]
pub struct RangeSet {
    map: BTreeMap<u64, u64>,
    floor: u64,
    dropped: u64,
}

impl RangeSet {
    /// Insert `[start, end)`; returns how many of these bytes were not in the set yet.
    pub fn insert(&mut self, start: u64, end: u64) -> u64 {
        let start = start.max(self.floor);
        if start >= end {
            return 0;
        }
        let mut s = start;
        let mut e = end;
        let mut already = 0;
        while let Some((&rs, &re)) = self.map.range(..=end).next_back() {
            if re < start {
                break;
            }
            already += re.min(end).saturating_sub(rs.max(start));
            s = s.min(rs);
            e = e.max(re);
            self.map.remove(&rs);
        }
        self.map.insert(s, e);
        (end - start) - already
    }

    /// Bytes in the set (dropped ranges included).
    pub fn len(&self) -> u64 {
        self.dropped + self.map.iter().map(|(s, e)| e - s).sum::<u64>()
    }

    /// Number of ranges held in memory.
    pub fn ranges(&self) -> usize {
        self.map.len()
    }

    /// Move the part below `cut` out of the set (it stays counted in [`RangeSet::len`]) and
    /// raise the floor to `cut`.
    pub fn split_below(&mut self, cut: u64) -> RangeSet {
        let mut high = self.map.split_off(&cut);
        let mut low = std::mem::take(&mut self.map);
        if let Some((&s, &e)) = low.iter().next_back() {
            if e > cut {
                low.insert(s, cut);
                high.insert(cut, e);
            }
        }
        self.map = high;
        self.floor = self.floor.max(cut);
        let out = RangeSet {
            map: low,
            floor: 0,
            dropped: 0,
        };
        self.dropped += out.len();
        out
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Bytes of `self` that are in none of `others` (O(n log n): the others are merged once,
    /// then each range of `self` visits only the ranges that can overlap it).
    pub fn minus_len<'a>(&self, others: impl Iterator<Item = &'a RangeSet>) -> u64 {
        use std::ops::Bound::{Excluded, Unbounded};
        let mut union = RangeSet::default();
        for o in others {
            for (&s, &e) in &o.map {
                union.insert(s, e);
            }
        }
        let mut total = 0;
        for (&s, &e) in &self.map {
            let before = union.map.range(..=s).next_back();
            let inside = union
                .map
                .range((Excluded(s), Unbounded))
                .take_while(|(&os, _)| os < e);
            let covered: u64 = before
                .into_iter()
                .chain(inside)
                .map(|(&os, &oe)| oe.min(e).saturating_sub(os.max(s)))
                .sum();
            total += (e - s) - covered;
        }
        total
    }
}

/// One direction of a TCP connection or subflow.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TcpDirection {
    pub packets: u64,
    /// Sum of the payload lengths, retransmissions included.
    pub payload_bytes: u64,
    /// Distinct sequence-space bytes carried (retransmissions counted once).
    pub unique_bytes: u64,
    pub retransmitted_packets: u64,
    pub retransmitted_bytes: u64,
    /// First and last packet in this direction, seconds since the capture started.
    pub first_s: Option<f64>,
    pub last_s: Option<f64>,
    pub duration_s: f64,
    /// payload_bytes / duration_s, bytes per second (0 when the duration is 0).
    pub throughput_bps: f64,
    #[serde(skip)]
    first_ns: Option<i64>,
    #[serde(skip)]
    last_ns: Option<i64>,
    #[serde(skip)]
    seq_seen: RangeSet,
}

impl TcpDirection {
    /// Count a packet; returns how many of its payload bytes are new in sequence space.
    fn push(&mut self, p: &Packet) -> u64 {
        self.packets += 1;
        self.first_ns.get_or_insert(p.rel_time_ns);
        self.last_ns = Some(p.rel_time_ns);
        if p.payload_len == 0 {
            return 0;
        }
        self.payload_bytes += p.payload_len as u64;
        match p.seq {
            Some(seq) => {
                let start = ordered(seq);
                let new = self.seq_seen.insert(start, start + p.payload_len as u64);
                let again = p.payload_len as u64 - new;
                if again > 0 {
                    self.retransmitted_packets += 1;
                    self.retransmitted_bytes += again;
                }
                new
            }
            None => p.payload_len as u64,
        }
    }

    fn finish(&mut self) {
        self.unique_bytes = self.seq_seen.len();
        self.first_s = self.first_ns.map(ns_to_s);
        self.last_s = self.last_ns.map(ns_to_s);
        let dur = match (self.first_ns, self.last_ns) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        };
        self.duration_s = ns_to_s(dur);
        self.throughput_bps = rate(self.payload_bytes, dur);
    }
}

/// Statistics of one TCP connection.
#[derive(Debug, Clone, Serialize)]
pub struct TcpStats {
    pub tcp_stream: u64,
    pub client: String,
    pub server: String,
    pub mptcp_stream: Option<u64>,
    pub to_server: TcpDirection,
    pub to_client: TcpDirection,
}

/// One subflow's part of one direction of an MPTCP connection.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SubflowDirection {
    pub tcp_stream: u64,
    pub packets: u64,
    /// Sum of payload lengths (retransmissions and reinjections included).
    pub payload_bytes: u64,
    /// payload_bytes / the connection's payload_bytes in this direction (0..1).
    pub share: f64,
    /// Data-level bytes carried by this subflow and by no other subflow.
    pub exclusive_bytes: u64,
    /// Data-level bytes carried by this subflow (each counted once).
    pub data_bytes: u64,
    /// Packets / bytes sent on this subflow that reinject data first sent on another one.
    pub reinjections_packets: u64,
    pub reinjections_bytes: u64,
    /// Packets / bytes first sent on this subflow that were later reinjected on another one.
    pub reinjected_elsewhere_packets: u64,
    pub reinjected_elsewhere_bytes: u64,
    /// Bytes sent in new subflow sequence space whose data the connection had already sent
    /// (reinjections and data-level retransmissions on the same subflow).
    pub data_retransmitted_bytes: u64,
    /// The subflow's TCP-level figures in this direction (as `stats tcp` gives them: unique
    /// and retransmitted bytes, first/last packet, duration, throughput).
    pub tcp: Option<TcpDirection>,
    #[serde(skip)]
    dsn_seen: RangeSet,
}

/// One direction of an MPTCP connection.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MptcpDirection {
    /// Data-sequence range: highest DSN end minus lowest DSN seen (DATA_FIN excluded), bytes.
    pub data_bytes: u64,
    /// Sum of the payloads of all subflows, bytes.
    pub payload_bytes: u64,
    pub packets: u64,
    pub first_s: Option<f64>,
    pub last_s: Option<f64>,
    /// Last minus first packet in this direction (any subflow), seconds.
    pub duration_s: f64,
    /// data_bytes / duration_s, bytes per second.
    pub goodput_bps: f64,
    /// payload_bytes / duration_s, bytes per second.
    pub throughput_bps: f64,
    /// Data packets whose DSN is beyond the next expected one (a gap at the data level).
    pub out_of_order: u64,
    /// Packets without data repeating the previous data ACK of the same sender.
    pub duplicate_data_acks: u64,
    pub reinjections_packets: u64,
    pub reinjections_bytes: u64,
    /// Bytes sent in new subflow sequence space whose data had already been sent (on any
    /// subflow). The subflows' unique bytes add up to data_bytes + data_retransmitted_bytes.
    pub data_retransmitted_bytes: u64,
    pub data_fin: bool,
    pub subflows: Vec<SubflowDirection>,
    #[serde(skip)]
    dsn_seen: RangeSet,
    #[serde(skip)]
    first_ns: Option<i64>,
    #[serde(skip)]
    last_ns: Option<i64>,
    #[serde(skip)]
    dsn_min: Option<u64>,
    #[serde(skip)]
    dsn_max: Option<u64>,
    #[serde(skip)]
    next_expected: Option<u64>,
    #[serde(skip)]
    last_dack: Option<i64>,
    #[serde(skip)]
    reinjected_originals: HashSet<u64>,
}

/// Subflow facts that do not depend on the direction.
#[derive(Debug, Clone, Serialize)]
pub struct SubflowInfo {
    pub tcp_stream: u64,
    pub client: String,
    pub server: String,
    pub master: bool,
    pub client_addr_id: Option<u8>,
    pub server_addr_id: Option<u8>,
    pub backup: bool,
    /// From the first packet (SYN) to the last FIN or RST (or last packet), seconds.
    pub lifetime_s: f64,
    pub start_s: f64,
}

/// A connection-level event.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Seconds since the capture started.
    pub time_s: f64,
    pub frame: u64,
    pub tcp_stream: u64,
    /// Who sent it: "client" or "server".
    pub from: Side,
    pub kind: &'static str,
    pub detail: String,
}

/// Statistics of one MPTCP connection.
#[derive(Debug, Clone, Serialize)]
pub struct MptcpStats {
    pub mptcp_stream: u64,
    pub version: Option<u8>,
    pub fallback: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_server: Option<MptcpDirection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_client: Option<MptcpDirection>,
    pub subflows: Vec<SubflowInfo>,
    pub events: Vec<Event>,
}

#[derive(Debug, Default)]
struct TcpAcc {
    dirs: [TcpDirection; 2],
    first_ns: i64,
    end_ns: Option<i64>,
    last_ns: i64,
}

#[derive(Debug, Default)]
struct MptcpAcc {
    dirs: [MptcpDirection; 2],
    subflows: [BTreeMap<u64, SubflowDirection>; 2],
    events: Vec<Event>,
    /// Prune a direction when one of its subflow sets grows past this many ranges (doubled
    /// after each prune, so that pruning stays amortised when the window itself is large).
    prune_at: [usize; 2],
}

/// Above this many DSN ranges in one subflow's set, ranges more than
/// [`super::enrich::REINJECTION_WINDOW`] below the highest DSN are settled and dropped.
const PRUNE_RANGES: usize = 4096;

impl MptcpAcc {
    /// Add what was counted for a connection later merged into this one (see
    /// [`super::mptcp::MptcpState::merged_into`]): its keyless MP_CAPABLE SYNs, which carry no
    /// data mapping, so packets, payload, times and events are all there is to add.
    fn absorb(&mut self, o: MptcpAcc) {
        for (i, (d, od)) in self.dirs.iter_mut().zip(o.dirs).enumerate() {
            d.packets += od.packets;
            d.payload_bytes += od.payload_bytes;
            d.first_ns = d.first_ns.into_iter().chain(od.first_ns).min();
            d.last_ns = d.last_ns.into_iter().chain(od.last_ns).max();
            d.data_fin |= od.data_fin;
            for (id, sf) in &o.subflows[i] {
                let mine = self.subflows[i]
                    .entry(*id)
                    .or_insert_with(|| SubflowDirection {
                        tcp_stream: *id,
                        ..Default::default()
                    });
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
        let cut = front.saturating_sub(super::enrich::REINJECTION_WINDOW);
        if cut == 0 {
            self.prune_at[i] = 2 * PRUNE_RANGES.max(self.prune_at[i]);
            return;
        }
        let lows: Vec<(u64, RangeSet)> = self.subflows[i]
            .iter_mut()
            .map(|(&id, sf)| (id, sf.dsn_seen.split_below(cut)))
            .collect();
        for (k, (id, low)) in lows.iter().enumerate() {
            let others = lows
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, (_, o))| o);
            let excl = low.minus_len(others);
            if let Some(sf) = self.subflows[i].get_mut(id) {
                sf.exclusive_bytes += excl;
            }
        }
        self.dirs[i].dsn_seen.split_below(cut);
        let largest = self.subflows[i]
            .values()
            .map(|sf| sf.dsn_seen.ranges())
            .max()
            .unwrap_or(0);
        self.prune_at[i] = 2 * largest;
    }
}

/// Streaming collector: feed it every analysed packet, then call [`StatsCollector::tcp`] /
/// [`StatsCollector::mptcp`].
#[derive(Debug, Default)]
pub struct StatsCollector {
    tcp: super::fasthash::FastMap<u64, TcpAcc>,
    mptcp: super::fasthash::FastMap<u64, MptcpAcc>,
    /// Collect only the connection this asks for (None: every connection).
    only: Option<super::PacketFilter>,
}

/// Map a relative (possibly negative) sequence number to u64 keeping the order, so that ranges
/// before the first byte seen neither wrap nor overflow.
pub(crate) fn ordered(v: i64) -> u64 {
    (v as u64) ^ (1 << 63)
}

fn ns_to_s(ns: i64) -> f64 {
    ns as f64 / 1e9
}

fn rate(bytes: u64, ns: i64) -> f64 {
    if ns <= 0 {
        0.0
    } else {
        bytes as f64 / ns_to_s(ns)
    }
}

impl StatsCollector {
    /// Collect only what one connection needs (None: every connection).
    pub fn new(only: Option<super::PacketFilter>) -> Self {
        StatsCollector {
            only,
            ..Default::default()
        }
    }

    pub fn push(&mut self, p: &Packet, e: &Enricher) {
        if let Some(f) = self.only {
            // the v1 MP_CAPABLE SYN has no number yet: count it in case it is the one asked for
            if !f.may_match(p, e) {
                return;
            }
        }
        let tcp_side = e.tcp_sender_side(p).unwrap_or(Side::Client);
        let acc = self.tcp.entry(p.tcp_stream).or_insert_with(|| TcpAcc {
            first_ns: p.rel_time_ns,
            ..Default::default()
        });
        // index 0: towards the server (sent by the client)
        let new_tcp = acc.dirs[tcp_side.idx()].push(p);
        acc.last_ns = p.rel_time_ns;
        if p.has_flag(tcp_flags::FIN) || p.has_flag(tcp_flags::RST) {
            acc.end_ns = Some(p.rel_time_ns);
        }

        // by connection (index), not by `mptcp_stream`: the MP_CAPABLE SYN has no number yet
        let Some((ci, conn)) = e.conn_of(p) else {
            return;
        };
        if !conn.numbered && conn.fallback {
            return; // fell back during the handshake: not an MPTCP connection
        }
        let Some(side) = e.sender_side(p) else {
            return;
        };
        let m = self.mptcp.entry(ci as u64).or_default();
        let d = &mut m.dirs[side.idx()];
        d.packets += 1;
        d.payload_bytes += p.payload_len as u64;
        d.first_ns.get_or_insert(p.rel_time_ns);
        d.last_ns = Some(p.rel_time_ns);
        let mut fragmented = false;
        let sf = m.subflows[side.idx()]
            .entry(p.tcp_stream)
            .or_insert_with(|| SubflowDirection {
                tcp_stream: p.tcp_stream,
                ..Default::default()
            });
        sf.packets += 1;
        sf.payload_bytes += p.payload_len as u64;
        if p.payload_len > 0 {
            if let Some(dsn) = p.dsn.map(ordered) {
                let end = dsn + p.payload_len as u64;
                sf.dsn_seen.insert(dsn, end);
                fragmented = sf.dsn_seen.ranges() > m.prune_at[side.idx()].max(PRUNE_RANGES);
                let new_dsn = d.dsn_seen.insert(dsn, end);
                let again = new_tcp.saturating_sub(new_dsn);
                sf.data_retransmitted_bytes += again;
                d.data_retransmitted_bytes += again;
                d.dsn_min = Some(d.dsn_min.map_or(dsn, |x| x.min(dsn)));
                d.dsn_max = Some(d.dsn_max.map_or(end, |x| x.max(end)));
                if let Some(next) = d.next_expected {
                    if dsn > next {
                        d.out_of_order += 1;
                    }
                }
                d.next_expected = Some(d.next_expected.map_or(end, |x| x.max(end)));
            }
            if !e.last_overlaps.is_empty() {
                let bytes: u64 = e.last_overlaps.iter().map(|o| o.bytes).sum();
                sf.reinjections_packets += 1;
                sf.reinjections_bytes += bytes;
                d.reinjections_packets += 1;
                d.reinjections_bytes += bytes;
                for o in &e.last_overlaps {
                    let orig = m.subflows[side.idx()]
                        .entry(o.tcp_stream)
                        .or_insert_with(|| SubflowDirection {
                            tcp_stream: o.tcp_stream,
                            ..Default::default()
                        });
                    orig.reinjected_elsewhere_bytes += o.bytes;
                    if m.dirs[side.idx()].reinjected_originals.insert(o.frame) {
                        orig.reinjected_elsewhere_packets += 1;
                    }
                }
            }
        }
        if fragmented {
            m.prune(side.idx());
        }
        let d = &mut m.dirs[side.idx()];
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
        Self::events(m, p, side, first_data_fin);
    }

    fn events(m: &mut MptcpAcc, p: &Packet, side: Side, first_data_fin: bool) {
        let mut ev = |kind: &'static str, detail: String| {
            m.events.push(Event {
                time_s: ns_to_s(p.rel_time_ns),
                frame: p.frame,
                tcp_stream: p.tcp_stream,
                from: side,
                kind,
                detail,
            })
        };
        for &st in &p.mptcp_subtypes {
            match st {
                subtype::ADD_ADDR => ev(
                    "ADD_ADDR",
                    format!(
                        "id {} {}{}{}",
                        p.addr_id.map(|x| x.to_string()).unwrap_or("?".into()),
                        p.add_addr_ip.map(|x| x.to_string()).unwrap_or_default(),
                        p.add_addr_port
                            .map(|x| format!(" port {x}"))
                            .unwrap_or_default(),
                        if p.add_addr_echo == Some(true) {
                            " (echo)"
                        } else {
                            ""
                        }
                    ),
                ),
                subtype::REMOVE_ADDR => ev(
                    "REMOVE_ADDR",
                    format!(
                        "ids {}",
                        p.remove_addr_ids
                            .iter()
                            .map(|x| x.to_string())
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                ),
                subtype::MP_PRIO => ev(
                    "MP_PRIO",
                    format!("backup {}", p.backup.map(|b| b as u8).unwrap_or(0)),
                ),
                subtype::MP_FAIL => ev(
                    "MP_FAIL",
                    format!(
                        "dsn {}",
                        p.mp_fail_dsn.map(|x| x.to_string()).unwrap_or_default()
                    ),
                ),
                subtype::MP_FASTCLOSE => ev("MP_FASTCLOSE", String::new()),
                subtype::MP_TCPRST => ev(
                    "MP_TCPRST",
                    format!(
                        "reason {}{}",
                        p.tcprst_reason
                            .map(|r| format!("{r} ({})", tcprst_reason_name(r)))
                            .unwrap_or("?".into()),
                        match p.tcprst_flags {
                            Some(f) if f != 0 => format!(" flags {f:#x}"),
                            _ => String::new(),
                        }
                    ),
                ),
                _ => {}
            }
        }
        // the first DATA_FIN of each direction (it is repeated on every subflow and in ACKs)
        if first_data_fin {
            ev("DATA_FIN", String::new());
        }
    }

    /// Statistics of every TCP connection seen (sorted by id).
    pub fn tcp(&mut self, e: &Enricher) -> Vec<TcpStats> {
        let mut ids: Vec<u64> = self.tcp.keys().copied().collect();
        ids.sort_unstable();
        ids.into_iter()
            .filter_map(|id| {
                let t = e.tcp_stream(id)?;
                let acc = self.tcp.get_mut(&id)?;
                for d in &mut acc.dirs {
                    d.finish();
                }
                let [to_server, to_client] = acc.dirs.clone();
                Some(TcpStats {
                    tcp_stream: id,
                    client: endpoint(t.client_endpoint()),
                    server: endpoint(t.server_endpoint()),
                    mptcp_stream: t.mptcp.and_then(|i| e.mptcp_connections_raw()[i].id()),
                    to_server,
                    to_client,
                })
            })
            .collect()
    }

    /// Statistics of every MPTCP connection seen (sorted by id).
    pub fn mptcp(&mut self, e: &Enricher) -> Vec<MptcpStats> {
        let conns = super::connections::mptcp_connections(e);
        let raw = e.mptcp_connections_raw();
        // connections merged into another one (by index), found once
        let mut merged_into: super::fasthash::FastMap<usize, Vec<usize>> = Default::default();
        for (k, m) in raw.iter().enumerate() {
            if let Some(to) = m.merged_into {
                merged_into.entry(to).or_default().push(k);
            }
        }
        let mut out = Vec::new();
        for c in conns {
            if let Some(super::PacketFilter::Mptcp(id)) = self.only {
                // another connection's MP_CAPABLE SYN was counted while it had no number yet
                if c.mptcp_stream != id {
                    continue;
                }
            }
            let Some(ci) = e.conn_index(c.mptcp_stream) else {
                continue;
            };
            for &k in merged_into.get(&ci).into_iter().flatten() {
                if let Some(o) = self.mptcp.remove(&(k as u64)) {
                    self.mptcp.entry(ci as u64).or_default().absorb(o);
                }
            }
            let Some(acc) = self.mptcp.get_mut(&(ci as u64)) else {
                continue;
            };
            let mut dirs: Vec<MptcpDirection> = Vec::new();
            for side in [Side::Client, Side::Server] {
                let i = side.idx();
                let subs: Vec<SubflowDirection> = acc.subflows[i].values().cloned().collect();
                let d = &mut acc.dirs[i];
                let dur = match (d.first_ns, d.last_ns) {
                    (Some(a), Some(b)) => b - a,
                    _ => 0,
                };
                d.first_s = d.first_ns.map(ns_to_s);
                d.last_s = d.last_ns.map(ns_to_s);
                d.duration_s = ns_to_s(dur);
                d.data_bytes = match (d.dsn_min, d.dsn_max) {
                    (Some(a), Some(b)) => b - a,
                    _ => 0,
                };
                d.goodput_bps = rate(d.data_bytes, dur);
                d.throughput_bps = rate(d.payload_bytes, dur);
                // every subflow of the connection appears, with zeros if it carried nothing
                let mut all: Vec<SubflowDirection> = c
                    .subflows
                    .iter()
                    .map(|s| {
                        subs.iter()
                            .find(|x| x.tcp_stream == s.tcp_stream)
                            .cloned()
                            .unwrap_or_else(|| SubflowDirection {
                                tcp_stream: s.tcp_stream,
                                ..Default::default()
                            })
                    })
                    .collect();
                for k in 0..all.len() {
                    let others: Vec<&RangeSet> = all
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != k)
                        .map(|(_, s)| &s.dsn_seen)
                        .collect();
                    let excl = all[k].dsn_seen.minus_len(others.iter().copied());
                    all[k].exclusive_bytes += excl;
                    all[k].data_bytes = all[k].dsn_seen.len();
                    all[k].share = if d.payload_bytes == 0 {
                        0.0
                    } else {
                        all[k].payload_bytes as f64 / d.payload_bytes as f64
                    };
                }
                for sf in &mut all {
                    // the TCP direction carrying what this MPTCP side sends on the subflow
                    sf.tcp = e.tcp_stream(sf.tcp_stream).and_then(|t| {
                        let same = t.mptcp_client_endpoint() == t.client_endpoint();
                        let j = if same { i } else { 1 - i };
                        let mut td = self.tcp.get(&sf.tcp_stream)?.dirs[j].clone();
                        td.finish();
                        Some(td)
                    });
                }
                d.subflows = all;
                dirs.push(d.clone());
            }
            let subflows: Vec<SubflowInfo> = c
                .subflows
                .iter()
                .map(|s| {
                    let (lifetime, start) = self
                        .tcp
                        .get(&s.tcp_stream)
                        .map(|a| {
                            (
                                ns_to_s(a.end_ns.unwrap_or(a.last_ns) - a.first_ns),
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
                    }
                })
                .collect();
            let mut events = std::mem::take(&mut acc.events);
            if let Some((frame, ns, tcp_stream, by_server, reason)) = raw[ci].fallback_at {
                events.push(Event {
                    time_s: ns_to_s(ns),
                    frame,
                    tcp_stream,
                    from: if by_server {
                        Side::Server
                    } else {
                        Side::Client
                    },
                    kind: "FALLBACK",
                    detail: reason.to_string(),
                });
                events.sort_by_key(|ev| ev.frame);
            }
            let mut it = dirs.into_iter();
            out.push(MptcpStats {
                mptcp_stream: c.mptcp_stream,
                version: c.version,
                fallback: c.fallback,
                to_server: it.next(),
                to_client: it.next(),
                subflows,
                events,
            });
        }
        out
    }
}

fn endpoint((ip, port): (std::net::IpAddr, u16)) -> String {
    crate::model::endpoint(&ip, port)
}

/// The meaning of an MP_TCPRST reason code (RFC 8684 section 3.6), short enough for an
/// 80-column event line.
pub fn tcprst_reason_name(reason: u8) -> &'static str {
    match reason {
        0 => "unspecified",
        1 => "MPTCP error",
        2 => "no resources",
        3 => "prohibited",
        4 => "outstanding data",
        5 => "poor performance",
        6 => "middlebox",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_set_counts_new_bytes() {
        let mut r = RangeSet::default();
        assert_eq!(r.insert(0, 10), 10);
        assert_eq!(r.insert(5, 15), 5);
        assert_eq!(r.insert(20, 30), 10);
        assert_eq!(r.insert(0, 30), 5);
        assert_eq!(r.len(), 30);
        assert_eq!(r.map.len(), 1);
    }

    #[test]
    fn exclusive_bytes() {
        let mut a = RangeSet::default();
        a.insert(0, 100);
        let mut b = RangeSet::default();
        b.insert(50, 60);
        let mut c = RangeSet::default();
        c.insert(55, 70);
        assert_eq!(a.minus_len([&b, &c].into_iter()), 80);
    }

    proptest::proptest! {
        #[test]
        fn range_sets_agree_with_a_bitmap(
            a in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            b in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            c in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            cut in 0u64..240,
        ) {
            let mut bits = [[false; 240]; 3];
            let mut sets = [RangeSet::default(), RangeSet::default(), RangeSet::default()];
            for (k, v) in [&a, &b, &c].into_iter().enumerate() {
                for &(s, l) in v {
                    let fresh = (s..s + l).filter(|&i| !bits[k][i as usize]).count() as u64;
                    proptest::prop_assert_eq!(sets[k].insert(s, s + l), fresh);
                    for i in s..s + l {
                        bits[k][i as usize] = true;
                    }
                }
                proptest::prop_assert_eq!(sets[k].len(), bits[k].iter().filter(|x| **x).count() as u64);
            }
            let only_a = (0..240).filter(|&i| bits[0][i] && !bits[1][i] && !bits[2][i]).count() as u64;
            proptest::prop_assert_eq!(sets[0].minus_len([&sets[1], &sets[2]].into_iter()), only_a);
            // settling a prefix keeps the counts: exclusive bytes below + above the cut
            let [mut x, mut y, mut z] = sets;
            let before = x.len();
            let (lx, ly, lz) = (x.split_below(cut), y.split_below(cut), z.split_below(cut));
            proptest::prop_assert_eq!(x.len(), before);
            proptest::prop_assert_eq!(lx.len() + x.map.iter().map(|(s, e)| e - s).sum::<u64>(), before);
            let split = lx.minus_len([&ly, &lz].into_iter()) + x.minus_len([&y, &z].into_iter());
            proptest::prop_assert_eq!(split, only_a);
            // and bytes below the floor count as present
            proptest::prop_assert_eq!(x.insert(0, cut), 0);
        }
    }
}
