//! Statistics of TCP connections and MPTCP connections, computed in one streaming pass: a
//! [`StatsCollector`] counts each analysed packet (TCP figures in [`tcp`], MPTCP figures in
//! [`mptcp`], events in [`events`]) and gives the reports once the capture is read.
//! `docs/statistics.md` defines every figure; this code follows it.

mod events;
mod mptcp;
mod ranges;
mod tcp;

pub use ranges::RangeSet;

use super::enrich::{ConnIdx, Record};
use super::lifecycle::Unit;
use super::PacketFilter;
use crate::model::{Packet, Side};
use mptcp::MptcpAcc;
use rustc_hash::FxHashMap as FastMap;
use serde::Serialize;
use std::net::SocketAddr;
use tcp::TcpAcc;

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
    /// 8 * payload_bytes / duration_s, bits per second (0 when the duration is 0).
    pub throughput_bit_s: f64,
}

/// Statistics of one TCP connection.
#[derive(Debug, Clone, Serialize)]
pub struct TcpStats {
    pub tcp_stream: u64,
    pub client: SocketAddr,
    pub server: SocketAddr,
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
    /// and retransmitted bytes, first/last packet, duration, throughput in bit/s). Boxed: the
    /// statistics keep a `SubflowDirection` per subflow and direction while they count, and
    /// this is filled only in the report.
    pub tcp: Option<Box<TcpDirection>>,
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
    /// 8 * data_bytes / duration_s, bits per second.
    pub goodput_bit_s: f64,
    /// 8 * payload_bytes / duration_s, bits per second.
    pub throughput_bit_s: f64,
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
}

/// Subflow facts that do not depend on the direction.
#[derive(Debug, Clone, Serialize)]
pub struct SubflowInfo {
    pub tcp_stream: u64,
    pub client: SocketAddr,
    pub server: SocketAddr,
    pub master: bool,
    pub client_addr_id: Option<u8>,
    pub server_addr_id: Option<u8>,
    pub backup: bool,
    /// From the first packet (SYN) to the last FIN or RST (or last packet), seconds.
    pub lifetime_s: f64,
    pub start_s: f64,
    /// How the subflow ended (as `list mptcp` says).
    #[serde(flatten)]
    pub end: crate::analysis::connections::SubflowEnd,
}

/// A connection-level event. Its JSON (`kind` and `detail` text) is written by
/// `output::events`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Seconds since the capture started.
    pub time_s: f64,
    pub frame: u64,
    pub tcp_stream: u64,
    /// Who sent it.
    pub from: Side,
    pub what: EventKind,
}

/// What happened, with the option fields it carried.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    AddAddr {
        id: Option<u8>,
        ip: Option<std::net::IpAddr>,
        port: Option<u16>,
        echo: bool,
    },
    RemoveAddr {
        ids: Vec<u8>,
    },
    MpPrio {
        backup: bool,
    },
    MpFail {
        dsn: Option<u64>,
    },
    FastClose,
    TcpRst {
        reason: Option<u8>,
        flags: Option<u8>,
    },
    /// The first DATA_FIN of a direction.
    DataFin,
    /// The connection fell back to TCP, and why.
    Fallback {
        reason: &'static str,
    },
}

impl TcpDirection {
    fn shift_times(&mut self, by_s: f64) {
        for t in [&mut self.first_s, &mut self.last_s].into_iter().flatten() {
            *t += by_s;
        }
    }
}

impl TcpStats {
    /// The connection's first packet, seconds since the capture's first frame.
    pub fn start_s(&self) -> Option<f64> {
        [self.to_server.first_s, self.to_client.first_s]
            .into_iter()
            .flatten()
            .reduce(f64::min)
    }

    /// Count every time from another origin: add `by_s` (see `analysis::time::TimeOrigin`).
    pub fn shift_times(&mut self, by_s: f64) {
        self.to_server.shift_times(by_s);
        self.to_client.shift_times(by_s);
    }
}

impl MptcpStats {
    /// The connection's first packet (its first subflow's), seconds since the capture's first
    /// frame.
    pub fn start_s(&self) -> Option<f64> {
        self.subflows.iter().map(|s| s.start_s).reduce(f64::min)
    }

    /// Count every time from another origin: add `by_s` (first/last packets of each direction
    /// and subflow, subflow starts, events).
    pub fn shift_times(&mut self, by_s: f64) {
        for d in [&mut self.to_server, &mut self.to_client]
            .into_iter()
            .flatten()
        {
            for t in [&mut d.first_s, &mut d.last_s].into_iter().flatten() {
                *t += by_s;
            }
            for sf in &mut d.subflows {
                if let Some(t) = &mut sf.tcp {
                    t.shift_times(by_s);
                }
            }
        }
        for s in &mut self.subflows {
            s.start_s += by_s;
        }
        for e in &mut self.events {
            e.time_s += by_s;
        }
    }
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

/// Streaming collector: feed it every analysed packet, then call [`StatsCollector::tcp`] /
/// [`StatsCollector::mptcp`], which read it without changing it (it can be queried again).
#[derive(Debug, Default, Clone)]
pub struct StatsCollector {
    /// Boxed: a map keeps room for more entries than it holds, and these are a few hundred
    /// bytes each, while most of the time the connections are finished ones.
    tcp: FastMap<u64, Box<TcpAcc>>,
    mptcp: FastMap<ConnIdx, Box<MptcpAcc>>,
    /// Collect only the connection this asks for (None: every connection).
    only: Option<PacketFilter>,
    /// Streamed: the statistics of finished connections are taken out as they fold
    /// ([`StatsCollector::take_mptcp`], [`StatsCollector::take_tcp`]), and a packet that
    /// comes for a connection already taken is counted in nothing ([`Uncounted`]).
    streamed: bool,
    /// Streamed: the packets that came for connections already taken.
    pub uncounted: Uncounted,
    /// Connections whose counts began while they had no number (keyless MP_CAPABLE SYNs):
    /// one may be merged into a numbered connection, whose statistics then take its counts.
    unnumbered: Vec<ConnIdx>,
}

/// The packets a streamed collector counted in nothing: they came for a connection whose
/// statistics were already taken (written).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Uncounted {
    pub packets: u64,
    pub first_frame: u64,
}

impl Uncounted {
    /// Count `packets` more, the first of them frame `first_frame`.
    fn add(&mut self, packets: u64, first_frame: u64) {
        if packets == 0 {
            return;
        }
        if self.packets == 0 || first_frame < self.first_frame {
            self.first_frame = first_frame;
        }
        self.packets += packets;
    }
}

/// Map a relative (possibly negative) sequence number to u64 keeping the order, so that ranges
/// before the first byte seen neither wrap nor overflow.
pub(crate) fn ordered(v: i64) -> u64 {
    (v as u64) ^ (1 << 63)
}

fn ns_to_s(ns: i64) -> f64 {
    ns as f64 / 1e9
}

/// `bytes` over `ns` nanoseconds, in bits per second (0 over no time).
fn bit_rate(bytes: u64, ns: i64) -> f64 {
    if ns <= 0 {
        0.0
    } else {
        bytes as f64 * 8.0 / ns_to_s(ns)
    }
}

impl StatsCollector {
    /// Collect only what one connection needs (None: every connection).
    pub fn new(only: Option<PacketFilter>) -> Self {
        StatsCollector {
            only,
            ..Default::default()
        }
    }

    /// A collector whose finished connections are taken out as they fold, for a report
    /// written as it is made (see [`StatsCollector::take_mptcp`]).
    pub fn streamed() -> Self {
        StatsCollector {
            streamed: true,
            ..Default::default()
        }
    }

    /// Count one analysed packet and its record.
    pub fn push(&mut self, p: &Packet, r: &Record) {
        for &u in &r.folded {
            self.fold(u);
        }
        if let Some(f) = self.only {
            // the v1 MP_CAPABLE SYN has no number yet: count it in case it is the one asked for
            if !f.may_match(p, r) {
                return;
            }
        }
        if self.streamed && r.late && (r.released || !self.tcp.contains_key(&p.tcp_stream)) {
            // its connection's statistics were taken (written) already. A released stream
            // may still have counts: a subflow that began while its connection was not known
            // (a keyless MP_CAPABLE SYN) and then joined a released one; they go with it.
            if let Some(a) = r.released.then(|| self.tcp.remove(&p.tcp_stream)).flatten() {
                self.uncounted.add(a.packets(), a.first_frame);
            }
            self.uncounted.add(1, p.frame);
            return;
        }
        let new_tcp = self.push_tcp(p, r.tcp_sender.unwrap_or(Side::Client), r.late);
        self.push_mptcp(p, r, new_tcp);
    }

    /// A finished connection or stream (see `analysis::lifecycle`): settle the figures its
    /// byte-range sets give (unique, subflow data and exclusive bytes) and free the sets; the
    /// reports read the same figures from what is left.
    fn fold(&mut self, u: Unit) {
        match u {
            Unit::Tcp(id) => {
                if let Some(a) = self.tcp.get_mut(&id) {
                    for d in &mut a.dirs {
                        d.seq_seen.fold();
                    }
                }
            }
            Unit::Mptcp(ci) => {
                if let Some(a) = self.mptcp.get_mut(&ci) {
                    a.fold();
                }
            }
        }
    }
}

fn endpoint((ip, port): (std::net::IpAddr, u16)) -> SocketAddr {
    SocketAddr::new(ip, port)
}
