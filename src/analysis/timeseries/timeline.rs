//! The packets of one connection kept in memory, each with its direction and time (library use
//! and tests, e.g. of [`crate::analysis::tcp_series::rtt`]); the plots stream instead
//! ([`super::ConnView`] and the collectors).

use super::SubflowPoints;
use crate::analysis::enrich::Enricher;
use crate::analysis::PacketFilter;
use crate::model::Packet;
use crate::model::Side;
use std::net::SocketAddr;

/// The packets of one connection, each with its direction and time since the connection started.
#[derive(Debug)]
pub struct Timeline<'a> {
    pub filter: PacketFilter,
    /// (packet, destination side, seconds since the first packet), in capture order.
    pub packets: Vec<(&'a Packet, Side, f64)>,
    /// The TCP streams of the connection, sorted (a subflow's index here is its colour).
    pub subflows: Vec<u64>,
}

impl<'a> Timeline<'a> {
    /// `packets` are the packets kept by an analysis filtered on `filter` (other packets are
    /// ignored). MPTCP connections are oriented by [`Enricher::sender_side`], TCP streams by
    /// [`Enricher::tcp_sender_side`] (SYN sender = client).
    pub fn new(packets: &'a [Packet], enricher: &Enricher, filter: PacketFilter) -> Self {
        Self::with_zero(packets, enricher, filter, None)
    }

    /// [`Timeline::new`] with x counted from the capture-relative time `zero_ns` (see
    /// [`crate::analysis::time::TimeOrigin::zero_ns`]); None: from the connection's first packet.
    pub fn with_zero(
        packets: &'a [Packet],
        enricher: &Enricher,
        filter: PacketFilter,
        zero_ns: Option<i64>,
    ) -> Self {
        let mine: Vec<&Packet> = packets
            .iter()
            .filter(|p| filter.matches_in(p, enricher))
            .collect();
        let t0 = zero_ns.unwrap_or_else(|| mine.iter().map(|p| p.rel_time_ns).min().unwrap_or(0));
        let packets = mine
            .into_iter()
            .filter_map(|p| {
                let sender = match filter {
                    PacketFilter::Mptcp(_) => enricher.sender_side(p),
                    PacketFilter::Tcp(_) => enricher.tcp_sender_side(p),
                }?;
                Some((
                    p,
                    sender.other(),
                    p.rel_time_ns.saturating_sub(t0) as f64 / 1e9,
                ))
            })
            .collect::<Vec<_>>();
        let mut subflows: Vec<u64> = match filter {
            PacketFilter::Tcp(id) => vec![id],
            PacketFilter::Mptcp(id) => enricher
                .mptcp_connections()
                .iter()
                .filter(|c| c.mptcp_stream == id)
                .flat_map(|c| c.subflows.iter().copied())
                .collect(),
        };
        subflows.extend(packets.iter().map(|(p, _, _)| p.tcp_stream));
        subflows.sort_unstable();
        subflows.dedup();
        Timeline {
            filter,
            packets,
            subflows,
        }
    }

    /// Index of a subflow in [`Timeline::subflows`] (its colour in every panel).
    pub fn subflow_index(&self, tcp_stream: u64) -> usize {
        self.subflows
            .iter()
            .position(|&s| s == tcp_stream)
            .unwrap_or(self.subflows.len())
    }

    fn towards(&self, dest: Side) -> impl Iterator<Item = &(&'a Packet, Side, f64)> + '_ {
        self.packets.iter().filter(move |(_, d, _)| *d == dest)
    }

    /// True when some packet towards `dest` carries payload (with a DSN, for `with_dsn`).
    pub fn has_data(&self, dest: Side, with_dsn: bool) -> bool {
        self.towards(dest)
            .any(|(p, _, _)| p.payload_len > 0 && (!with_dsn || p.dsn.is_some()))
    }

    /// One series per subflow that has at least one point, in subflow order: `value` of the
    /// packets towards `dest` for which it is `Some`.
    pub fn per_subflow(
        &self,
        dest: Side,
        value: impl Fn(&Packet) -> Option<f64>,
    ) -> Vec<SubflowPoints> {
        let mut out: Vec<SubflowPoints> = Vec::new();
        for &(p, _, t) in self.towards(dest) {
            let Some(v) = value(p) else { continue };
            let i = match out.iter().position(|s| s.tcp_stream == p.tcp_stream) {
                Some(i) => i,
                None => {
                    out.push(SubflowPoints {
                        tcp_stream: p.tcp_stream,
                        src: p.src_ip.map(|ip| SocketAddr::new(ip, p.src_port)),
                        dst: p.dst_ip.map(|ip| SocketAddr::new(ip, p.dst_port)),
                        points: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            out[i].points.push((t, v));
        }
        out.sort_by_key(|s| self.subflow_index(s.tcp_stream));
        out
    }
}
