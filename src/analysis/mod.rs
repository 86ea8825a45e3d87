//! Analysis shared by every backend: derived packet fields ([`enrich`], which runs the TCP
//! ([`tcp`]) and MPTCP ([`mptcp`]) jobs), connections ([`connections`]), tokens ([`keys`]),
//! statistics ([`stats`]) and time series for plots ([`timeseries`]).

pub mod connections;
pub mod dense;
pub mod enrich;
pub mod keys;
pub mod lifecycle;
pub mod mptcp;
pub mod release;
pub mod stats;
pub mod tcp;
pub mod tcp_series;
pub mod time;
pub mod timeseries;
pub mod twocap;

use crate::model::Packet;
use enrich::{Enricher, Record};

/// Restrict the packets kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketFilter {
    Tcp(u64),
    Mptcp(u64),
}

impl PacketFilter {
    /// Whether `p` belongs to the connection asked for, once the read is over: every packet of
    /// the connection's subflows, its v1 MP_CAPABLE SYN included (whose own `mptcp_stream` is
    /// empty, as in Wireshark).
    pub fn matches_in(&self, p: &Packet, e: &Enricher) -> bool {
        match *self {
            PacketFilter::Tcp(id) => p.tcp_stream == id,
            PacketFilter::Mptcp(id) => {
                p.mptcp_stream == Some(id) || e.conn_of(p).and_then(|(_, c)| c.id()) == Some(id)
            }
        }
    }

    /// `matches`, or possibly a packet of the connection asked for: a v1 MP_CAPABLE SYN,
    /// whose connection gets its number only later (`r`: the packet's record). Streaming
    /// consumers keep these.
    pub fn may_match(&self, p: &Packet, r: &Record) -> bool {
        self.matches(p) || matches!(self, PacketFilter::Mptcp(_)) && unnumbered_yet(p, r)
    }

    /// The MPTCP connection asked for, which a pass may focus its analysis on
    /// ([`enrich::EnrichOptions::focus`]).
    pub fn mptcp(&self) -> Option<u64> {
        match *self {
            PacketFilter::Mptcp(id) => Some(id),
            PacketFilter::Tcp(_) => None,
        }
    }

    pub fn matches(&self, p: &Packet) -> bool {
        match *self {
            PacketFilter::Tcp(id) => p.tcp_stream == id,
            PacketFilter::Mptcp(id) => p.mptcp_stream == Some(id),
        }
    }
}

/// A packet of a connection Wireshark has not numbered yet (its v1 MP_CAPABLE SYN): kept until
/// the end of the read, when its number is known.
fn unnumbered_yet(p: &Packet, r: &Record) -> bool {
    p.mptcp_stream.is_none() && r.mptcp.is_some_and(|m| !m.numbered && !m.fallback)
}
