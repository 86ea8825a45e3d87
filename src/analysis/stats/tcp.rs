//! TCP statistics: per direction of each TCP connection (or subflow), packets, payload,
//! unique and retransmitted bytes in sequence space, times and throughput.

use super::{
    bit_rate, endpoint, ns_to_s, ordered, RangeSet, StatsCollector, TcpDirection, TcpStats,
};
use crate::analysis::enrich::Enricher;
use crate::analysis::lifecycle::Unit;
use crate::model::{tcp_flags, Packet, Side};

/// What is counted of one direction of a TCP connection while the capture is read (the
/// report's [`TcpDirection`] is made of it by [`TcpDirAcc::settled`]).
#[derive(Debug, Default, Clone)]
pub(super) struct TcpDirAcc {
    packets: u64,
    payload_bytes: u64,
    retransmitted_packets: u64,
    retransmitted_bytes: u64,
    first_ns: Option<i64>,
    last_ns: Option<i64>,
    pub(super) seq_seen: RangeSet,
}

impl TcpDirAcc {
    /// Count a packet; returns how many of its payload bytes are new in sequence space.
    /// A `late` packet (its stream already folded) counts in packets, payload and times only.
    pub(super) fn push(&mut self, p: &Packet, late: bool) -> u64 {
        self.packets += 1;
        self.first_ns.get_or_insert(p.rel_time_ns);
        self.last_ns = Some(p.rel_time_ns);
        if p.payload_len == 0 {
            return 0;
        }
        self.payload_bytes += p.payload_len as u64;
        if late {
            return 0;
        }
        match p.seq {
            Some(seq) => {
                let start = ordered(seq);
                // a relative sequence number near i64::MAX (crafted CSV) ends at the top of the space
                let new = self
                    .seq_seen
                    .insert(start, start.saturating_add(p.payload_len as u64));
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

    /// The figures, settled (the sequence ranges they were counted with stay here).
    pub(super) fn settled(&self) -> TcpDirection {
        let dur = match (self.first_ns, self.last_ns) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => 0,
        };
        TcpDirection {
            packets: self.packets,
            payload_bytes: self.payload_bytes,
            unique_bytes: self.seq_seen.len(),
            retransmitted_packets: self.retransmitted_packets,
            retransmitted_bytes: self.retransmitted_bytes,
            first_s: self.first_ns.map(ns_to_s),
            last_s: self.last_ns.map(ns_to_s),
            duration_s: ns_to_s(dur),
            throughput_bit_s: bit_rate(self.payload_bytes, dur),
        }
    }
}

/// What is counted of one TCP connection while the capture is read.
#[derive(Debug, Default, Clone)]
pub(super) struct TcpAcc {
    /// Index 0: towards the server (sent by the client).
    pub(super) dirs: [TcpDirAcc; 2],
    pub(super) first_ns: i64,
    /// The frame of its first packet.
    pub(super) first_frame: u64,
    /// The last FIN or RST.
    pub(super) end_ns: Option<i64>,
    pub(super) last_ns: i64,
}

impl TcpAcc {
    /// The packets counted, both directions.
    pub(super) fn packets(&self) -> u64 {
        self.dirs[0].packets + self.dirs[1].packets
    }
}

impl StatsCollector {
    /// Count `p`, sent by the TCP side `tcp_side`; returns how many of its payload bytes are new
    /// in sequence space.
    pub(super) fn push_tcp(&mut self, p: &Packet, tcp_side: Side, late: bool) -> u64 {
        let acc = self.tcp.entry(p.tcp_stream).or_insert_with(|| {
            Box::new(TcpAcc {
                first_ns: p.rel_time_ns,
                first_frame: p.frame,
                ..Default::default()
            })
        });
        // index 0: towards the server (sent by the client)
        let new_tcp = acc.dirs[tcp_side.idx()].push(p, late);
        acc.last_ns = p.rel_time_ns;
        if p.has_flag(tcp_flags::FIN) || p.has_flag(tcp_flags::RST) {
            acc.end_ns = Some(p.rel_time_ns);
        }
        new_tcp
    }

    /// Statistics of every TCP connection seen (sorted by id).
    /// The collector is not changed (see [`StatsCollector::mptcp`]).
    pub fn tcp(&self, e: &Enricher) -> Vec<TcpStats> {
        self.tcp_each(e).collect()
    }

    /// [`StatsCollector::tcp`], one connection at a time, each made when it is asked for.
    pub fn tcp_each<'a>(&'a self, e: &'a Enricher) -> impl Iterator<Item = TcpStats> + 'a {
        let mut ids: Vec<u64> = self.tcp.keys().copied().collect();
        ids.sort_unstable();
        ids.into_iter()
            .filter_map(move |id| tcp_stats(e, id, self.tcp.get(&id)?))
    }

    /// Streamed ([`StatsCollector::streamed`]): as [`StatsCollector::take_mptcp`], the
    /// statistics of the TCP streams of `folded`, taken out of the collector (an MPTCP
    /// connection's own counts are dropped).
    pub fn take_tcp(&mut self, e: &Enricher, folded: &[Unit]) -> Vec<(u64, Option<TcpStats>)> {
        let mut out = Vec::new();
        for &u in folded {
            match u {
                Unit::Tcp(id) => {
                    let acc = self.tcp.remove(&id);
                    out.push((id, acc.and_then(|a| tcp_stats(e, id, &a))));
                }
                Unit::Mptcp(ci) => {
                    self.take_conn(e, ci);
                }
            }
        }
        out
    }
}

/// The statistics of TCP stream `id` from its counts `acc`.
fn tcp_stats(e: &Enricher, id: u64, acc: &TcpAcc) -> Option<TcpStats> {
    let t = e.tcp_stream(id)?;
    let [to_server, to_client] = [acc.dirs[0].settled(), acc.dirs[1].settled()];
    Some(TcpStats {
        tcp_stream: id,
        client: endpoint(t.client_endpoint()),
        server: endpoint(t.server_endpoint()),
        mptcp_stream: t.mptcp.and_then(|ci| e.conn(ci).id()),
        to_server,
        to_client,
    })
}
