//! Two captures of one run (one at each end): which connection of one capture is which of the
//! other ([`mapping`]), one-way delays of the segments seen in both ([`owd`]), reinjections and
//! whether they helped ([`reinject`]), and what only the receiver knows ([`receiver`]).
//!
//! Everything here works on packets already read and analysed (`&[Packet]` with their derived
//! fields) plus the connection summaries of [`crate::analysis::connections`], whatever loaded
//! them. No command-line or output code. The rules are documented in docs/two-captures.md.

pub mod mapping;
pub mod owd;
pub mod receiver;
pub mod reinject;

use super::connections::{MptcpConnection, Subflow, TcpConnection};
use crate::model::Packet;
use std::collections::HashMap;
use std::net::IpAddr;

/// A hash set with the analysis' fast hasher.
pub type FastSet<K> = rustc_hash::FxHashSet<K>;

/// An `(address, port)` endpoint.
pub type Endpoint = (IpAddr, u16);

/// One analysed capture: its packets (in frame order) and connection summaries.
#[derive(Debug, Clone, Copy)]
pub struct Capture<'a> {
    pub packets: &'a [Packet],
    pub tcp: &'a [TcpConnection],
    pub mptcp: &'a [MptcpConnection],
}

impl<'a> Capture<'a> {
    pub fn new(
        packets: &'a [Packet],
        tcp: &'a [TcpConnection],
        mptcp: &'a [MptcpConnection],
    ) -> Self {
        Capture {
            packets,
            tcp,
            mptcp,
        }
    }

    pub fn tcp_connection(&self, id: u64) -> Option<&'a TcpConnection> {
        self.tcp.iter().find(|c| c.tcp_stream == id)
    }

    pub fn mptcp_connection(&self, id: u64) -> Option<&'a MptcpConnection> {
        self.mptcp.iter().find(|c| c.mptcp_stream == id)
    }

    /// Indices of the packets of each TCP stream, in frame order.
    pub fn by_stream(&self) -> HashMap<u64, Vec<usize>> {
        let mut m: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, p) in self.packets.iter().enumerate() {
            m.entry(p.tcp_stream).or_default().push(i);
        }
        m
    }
}

/// Direction of a packet: from the (MPTCP or TCP) client to the server, or back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    ToServer,
    ToClient,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ToServer => "to_server",
            Direction::ToClient => "to_client",
        }
    }
}

/// The endpoint the MPTCP client uses on a subflow: the subflow's TCP client unless the MPTCP
/// server opened it.
pub fn mptcp_client_endpoint(sf: &Subflow) -> Endpoint {
    if sf.opened_by == Some("server") {
        (sf.server_ip, sf.server_port)
    } else {
        (sf.client_ip, sf.client_port)
    }
}

/// The client endpoint of a TCP stream as a capture sees it: the MPTCP client's endpoint for a
/// subflow of an MPTCP connection, the TCP client (SYN sender) otherwise.
pub fn client_endpoint(c: &Capture, tcp_stream: u64) -> Option<Endpoint> {
    for m in c.mptcp {
        if let Some(sf) = m.subflows.iter().find(|s| s.tcp_stream == tcp_stream) {
            return Some(mptcp_client_endpoint(sf));
        }
    }
    c.tcp_connection(tcp_stream)
        .map(|t| (t.client_ip, t.client_port))
}

/// The direction of `p` given its stream's client endpoint.
pub fn direction_of(p: &Packet, client: Endpoint) -> Direction {
    if p.src_ip == Some(client.0) && p.src_port == client.1 {
        Direction::ToServer
    } else {
        Direction::ToClient
    }
}

/// Nearest-rank percentile of sorted values: the smallest value with at least `pct`% of the
/// values at or below it.
pub fn percentile(sorted: &[i64], pct: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((pct / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Nanoseconds as seconds.
pub fn secs(ns: i64) -> f64 {
    ns as f64 / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50.0), Some(5));
        assert_eq!(percentile(&v, 95.0), Some(10));
        assert_eq!(percentile(&v, 0.0), Some(1));
        assert_eq!(percentile(&v, 100.0), Some(10));
        assert_eq!(percentile(&[7], 99.0), Some(7));
        assert_eq!(percentile(&[], 50.0), None);
        let v: Vec<i64> = (1..=100).collect();
        assert_eq!(percentile(&v, 99.0), Some(99));
    }
}
