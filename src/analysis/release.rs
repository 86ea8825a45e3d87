//! Releasing the records of folded connections (issue 14 item 9), for a caller that reads
//! nothing of a connection after its fold (streamed `stats`: its rows are made at the fold).
//! With [`super::enrich::EnrichOptions::release`], the records of the units folded at one
//! packet (an [`MptcpState`] and its subflows' `TcpState`s, a plain stream's `TcpState`) are
//! freed at the next packet, once every tap has read them. What stays is what keeps the
//! numbering Wireshark's: the token map, the `mptcp.stream` map, and per released TCP stream
//! the connection it belongs to ([`Released`]); per released connection its number, its
//! subflows and its late packets ([`ReleasedConn`], for the warnings).
//!
//! A later packet of a released stream is late, as it would be without releasing: it gets its
//! `mptcp_stream` and is counted as late, nothing else (no derived field; its record says
//! only `late`). A first MPTCP packet of a new stream that names a released connection (an
//! MP_JOIN with its token, an MP_CAPABLE with one of its keys, the backend's number) joins
//! it, released too. Kept, because a later packet may still change the numbering: a
//! connection without a number, merged into another, or whose tokens are not both known.

use super::dense::StreamMap;
use super::enrich::{ConnIdx, Enricher, Record};
use super::lifecycle::{Life, Unit};
use super::mptcp::MptcpState;
use super::tcp::TcpState;
use crate::model::Packet;
use rustc_hash::FxHashMap as FastMap;

/// The MPTCP connections in creation order ([`ConnIdx`]): each one's record, or what is left
/// of it once released. Indexing a released connection panics: the analysis reaches only
/// connections whose packets it analyses, and packets of released ones stop before.
#[derive(Debug, Default)]
pub(in crate::analysis) struct Conns(Vec<Slot>);

#[derive(Debug)]
enum Slot {
    Live(Box<MptcpState>),
    Released(Box<ReleasedConn>),
}

/// What a released connection keeps.
#[derive(Debug)]
pub(in crate::analysis) struct ReleasedConn {
    /// Its `mptcp.stream`.
    pub id: u64,
    /// Its subflows, with those that joined after the release.
    pub subflows: Vec<u64>,
    /// Its late packets.
    pub life: Life,
}

impl Conns {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn push(&mut self, c: Box<MptcpState>) {
        self.0.push(Slot::Live(c));
    }

    /// The record of connection `i`, None once released.
    pub fn get(&self, i: usize) -> Option<&MptcpState> {
        match self.0.get(i)? {
            Slot::Live(c) => Some(c),
            Slot::Released(_) => None,
        }
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut MptcpState> {
        match self.0.get_mut(i)? {
            Slot::Live(c) => Some(c),
            Slot::Released(_) => None,
        }
    }

    /// The connections not released, with their index.
    pub fn live(&self) -> impl Iterator<Item = (usize, &MptcpState)> {
        self.0.iter().enumerate().filter_map(|(i, s)| match s {
            Slot::Live(c) => Some((i, &**c)),
            Slot::Released(_) => None,
        })
    }

    /// Every connection's number, subflows and lifecycle, released or not.
    pub fn lives(&self) -> impl Iterator<Item = (Option<u64>, &[u64], &Life)> {
        self.0.iter().map(|s| match s {
            Slot::Live(c) => (c.id(), &c.subflows[..], &c.life),
            Slot::Released(r) => (Some(r.id), &r.subflows[..], &r.life),
        })
    }

    fn released_mut(&mut self, i: usize) -> Option<&mut ReleasedConn> {
        match self.0.get_mut(i)? {
            Slot::Released(r) => Some(r),
            Slot::Live(_) => None,
        }
    }

    /// Replace the record of connection `i` by what is left of it.
    fn release(&mut self, i: usize) {
        if let Some(Slot::Live(c)) = self.0.get_mut(i) {
            let left = ReleasedConn {
                id: c.mptcp_stream,
                subflows: std::mem::take(&mut c.subflows),
                life: c.life,
            };
            self.0[i] = Slot::Released(Box::new(left));
        }
    }
}

impl std::ops::Index<usize> for Conns {
    type Output = MptcpState;
    fn index(&self, i: usize) -> &MptcpState {
        self.get(i)
            .expect("the record of a connection not released")
    }
}

impl std::ops::IndexMut<usize> for Conns {
    fn index_mut(&mut self, i: usize) -> &mut MptcpState {
        self.get_mut(i)
            .expect("the record of a connection not released")
    }
}

/// The streams released so far, and the units waiting to be.
#[derive(Debug, Default)]
pub(in crate::analysis) struct Released {
    /// Per released TCP stream, its connection (None: a plain TCP stream).
    tcp: StreamMap<Option<ConnIdx>>,
    /// The late packets of released plain TCP streams.
    late_tcp: FastMap<u64, Life>,
    /// Units folded at the last packet: released at the next one, once the taps read them.
    pub(in crate::analysis) pending: Vec<Unit>,
    /// Connections and plain TCP streams released so far.
    count: u64,
}

/// Count a late packet in `life`.
pub(in crate::analysis) fn count_late(life: &mut Life, frame: u64) {
    if life.late_packets == 0 {
        life.first_late_frame = frame;
    }
    life.late_packets += 1;
}

impl Enricher {
    /// Release the units folded at the previous packet.
    pub(in crate::analysis) fn release_pending(&mut self) {
        for u in std::mem::take(&mut self.released.pending) {
            self.release(u);
        }
    }

    fn release(&mut self, u: Unit) {
        match u {
            Unit::Mptcp(ci) => {
                let Some(c) = self.conns.get(ci.0) else {
                    return;
                };
                if !c.numbered || c.merged_into.is_some() || c.tokens.contains(&None) {
                    return;
                }
                for s in &c.subflows {
                    self.tcp.remove(s);
                    *self.released.tcp.get_or_insert_with(*s, || None) = Some(ci);
                }
                self.conns.release(ci.0);
                self.released.count += 1;
            }
            Unit::Tcp(id) => {
                // a subflow goes with its connection (or stays with it)
                if self.tcp.get(&id).is_none_or(|t| t.mptcp.is_some()) {
                    return;
                }
                let t = self.tcp.remove(&id).expect("just found");
                if t.life.late_packets > 0 {
                    self.released.late_tcp.insert(id, t.life);
                }
                self.released.tcp.get_or_insert_with(id, || None);
                self.released.count += 1;
            }
        }
    }

    /// `p` if it is a packet of a released stream: it gets its `mptcp_stream` and is counted
    /// as late. None for other packets, and for the first MPTCP packet of a released plain
    /// stream, which Wireshark makes an MPTCP connection: the stream starts anew (the derived
    /// fields of its packets are those of a new stream).
    pub(in crate::analysis) fn push_released(&mut self, p: &mut Packet) -> Option<Record> {
        let owner = *self.released.tcp.get(&p.tcp_stream)?;
        match owner {
            Some(ci) => {
                let c = self.conns.released_mut(ci.0).expect("released with it");
                p.mptcp_stream = Some(c.id);
                count_late(&mut c.life, p.frame);
            }
            None if !p.mptcp_subtypes.is_empty() => {
                self.released.tcp.remove(&p.tcp_stream);
                self.released.late_tcp.remove(&p.tcp_stream);
                if let (Some(src), Some(dst)) = (p.src_ip, p.dst_ip) {
                    // in place: the stream keeps its place in the order of streams
                    let t = Box::new(TcpState::new(p, src, dst));
                    self.tcp.get_or_insert_with(p.tcp_stream, || t);
                }
                return None;
            }
            None => {
                let life = self.released.late_tcp.entry(p.tcp_stream).or_default();
                count_late(life, p.frame);
            }
        }
        Some(Record {
            late: true,
            released: true,
            ..Default::default()
        })
    }

    /// TCP stream `id` (at its first MPTCP packet) belongs to released connection `ci`: it
    /// is released too, and named among its subflows.
    pub(in crate::analysis) fn join_released(&mut self, ci: usize, id: u64) {
        self.tcp.remove(&id);
        *self.released.tcp.get_or_insert_with(id, || None) = Some(ConnIdx(ci));
        if let Some(c) = self.conns.released_mut(ci) {
            c.subflows.push(id);
        }
    }

    /// The late packets of released plain TCP streams.
    pub(in crate::analysis) fn released_late_tcp(&self) -> impl Iterator<Item = (u64, &Life)> {
        self.released.late_tcp.iter().map(|(id, l)| (*id, l))
    }

    /// Connections and plain TCP streams whose records were released so far (a count, for
    /// tests and measurements; see [`super::enrich::EnrichOptions::release`]).
    pub fn released_units(&self) -> u64 {
        self.released.count
    }
}
