//! The shared analysis every backend goes through: it reads the raw fields of each packet, in
//! frame order, and fills the derived ones (relative sequence numbers, MPTCP connection, tokens,
//! relative DSN and data ACK, mapping, reinjections). It keeps per-connection state only.
//!
//! [`Enricher::push`] runs the jobs in order; each job lives in its own file: TCP state in
//! [`super::tcp`], the MPTCP jobs in [`super::mptcp`].

use super::keys::KeyCache;
use super::lifecycle::{Lifecycle, Linger, Unit};
use super::mptcp::MptcpState;
use super::release::{Conns, Released};
use super::tcp::TcpState;
use crate::model::{subtype, tcp_flags, Packet};
use rustc_hash::FxHashMap as FastMap;

pub use super::mptcp::reinjection::{
    apply_reinjected_in, Overlap, Reinjection, ReinjectionPairs, MAX_TRANSMISSIONS,
    REINJECTION_WINDOW,
};
pub use crate::model::{Endpoint, Side};

/// Options of the analysis.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnrichOptions {
    /// Track DSN ranges per connection to find reinjections (memory grows with the data sent).
    pub reinjections: bool,
    /// How long a connection whose end was seen keeps its full state (see [`super::lifecycle`]).
    pub linger: Linger,
    /// Free the records of folded connections and streams once the taps have read them at
    /// the packet that folds them, keeping only what the numbering needs (see
    /// [`super::release`]): for a caller that reads nothing of a connection after its fold.
    pub release: bool,
    /// Nothing reads the packets' derived fields, only the state of connections and streams
    /// (a pass without tap that keeps no packet: `list`). The jobs whose only product is a
    /// derived packet field are then skipped: data ACKs, the expected token, and the DSS
    /// mappings of a connection whose two IDSNs are known (they only make relative DSNs then;
    /// before, they decide [`MptcpState::no_handshake`]). Every query of the analysis gives
    /// the same answers as without it.
    pub summaries: bool,
    /// Only the packets of this MPTCP connection (`mptcp.stream`) are read for their derived
    /// fields (a plot's pass over one connection). For every other connection, once it is
    /// numbered: no data ACK is tracked, no reinjection detected, and no DSN mapped once both
    /// its IDSNs are known or it is known to lack its handshake (as with
    /// [`EnrichOptions::summaries`]); numbering, handshake, tokens and orientation run as in
    /// the full analysis, and connections not numbered yet get every job. The focused
    /// connection's packets, and every connection's summary, are those of the full analysis;
    /// the other connections' derived packet fields and reinjections are not.
    pub focus: Option<u64>,
}

/// The streaming analysis. Feed it every packet in frame order with [`Enricher::push`].
#[derive(Debug, Default)]
pub struct Enricher {
    pub(in crate::analysis) opts: EnrichOptions,
    /// Number MPTCP connections ourselves (the backend gave no `mptcp_stream`).
    pub(in crate::analysis) assign_mptcp_streams: bool,
    /// Boxed, so that the table's room to grow costs a pointer per slot, not a state.
    pub(in crate::analysis) tcp: super::dense::StreamMap<Box<TcpState>>,
    /// TCP streams in order of first appearance.
    tcp_order: Vec<u64>,
    /// Boxed, as `tcp` (the vector keeps a third of its length as room to grow: a pointer
    /// each, not a state; issue 14 item 9); released ones leave their number and subflows.
    pub(in crate::analysis) conns: Conns,
    pub(in crate::analysis) conn_by_id: FastMap<u64, usize>,
    pub(in crate::analysis) by_token: FastMap<u32, usize>,
    pub(in crate::analysis) next_mptcp_id: u64,
    /// (original frame, reinjection frame) pairs found so far (packed: ~3 bytes a pair).
    pub reinjections: ReinjectionPairs,
    /// Ended connections waiting to be folded.
    pub(in crate::analysis) life: Lifecycle,
    /// Tokens and IDSNs of recently seen keys.
    pub(in crate::analysis) keys: KeyCache,
    /// With [`EnrichOptions::release`]: the streams and connections released.
    pub(in crate::analysis) released: Released,
}

/// Index of an MPTCP connection in the analysis's table (creation order, numbered or not).
/// Not a connection id: Wireshark's `mptcp.stream` is [`MptcpState::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnIdx(pub(in crate::analysis) usize);

/// What the analysis decided for one packet, as [`Enricher::push`] returns it (the packet's
/// own derived fields are filled in place). A tap receives it with the packet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// The TCP side that sent the packet (SYN sender = client); None without IP addresses.
    pub tcp_sender: Option<Side>,
    /// The MPTCP connection of the packet's subflow, when it has one.
    pub mptcp: Option<MptcpRecord>,
    /// Earlier transmissions, on other subflows, of the data this packet carries: non-empty
    /// for a reinjection (and only when reinjections are tracked).
    pub overlaps: Vec<Overlap>,
    /// Data-level bytes of the packet that those earlier transmissions carried, each byte
    /// once (0 unless a reinjection).
    pub reinjected_bytes: u64,
    /// Connections and streams folded just before this packet (finished: see
    /// [`super::lifecycle`]): a tap that keeps per-connection state folds theirs.
    pub folded: Vec<Unit>,
    /// The packet came for a connection already folded: only exact counters take it.
    pub late: bool,
    /// The records of the packet's stream were released ([`EnrichOptions::release`]): it is
    /// late, and nothing else was decided about it (no sender, no connection).
    pub released: bool,
}

/// The packet's MPTCP connection as it stood once the packet was analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MptcpRecord {
    pub conn: ConnIdx,
    /// The connection has its `mptcp.stream` number (see [`MptcpState::numbered`]).
    pub numbered: bool,
    /// The connection has fallen back to plain TCP.
    pub fallback: bool,
    /// The MPTCP host (client or server) that sent the packet.
    pub sender: Side,
}

impl MptcpRecord {
    /// Not an MPTCP connection: it fell back during the handshake, before being numbered.
    pub fn fell_back_unnumbered(&self) -> bool {
        !self.numbered && self.fallback
    }
}

impl Enricher {
    pub fn new(opts: EnrichOptions, assign_mptcp_streams: bool) -> Self {
        Enricher {
            opts,
            assign_mptcp_streams,
            ..Default::default()
        }
    }

    /// TCP streams in order of first appearance.
    pub fn tcp_streams(&self) -> impl Iterator<Item = &TcpState> {
        self.tcp_order
            .iter()
            .filter_map(|id| self.tcp.get(id).map(|t| &**t))
    }

    pub fn tcp_stream(&self, id: u64) -> Option<&TcpState> {
        self.tcp.get(&id).map(|t| &**t)
    }

    /// MPTCP connections (those Wireshark numbers) sorted by `mptcp_stream`.
    pub fn mptcp_connections(&self) -> Vec<&MptcpState> {
        let mut v: Vec<&MptcpState> = self
            .conns
            .live()
            .map(|(_, c)| c)
            .filter(|c| c.numbered)
            .collect();
        v.sort_by_key(|c| c.mptcp_stream);
        v
    }

    /// The index of the connection numbered `id` (`mptcp.stream`).
    pub fn conn_index(&self, id: u64) -> Option<ConnIdx> {
        self.conn_by_id.get(&id).copied().map(ConnIdx)
    }

    /// The connection at index `ci`. Panics if its record was released
    /// ([`EnrichOptions::release`]; see [`Enricher::try_conn`]).
    pub fn conn(&self, ci: ConnIdx) -> &MptcpState {
        &self.conns[ci.0]
    }

    /// The connection at index `ci`, None once its record was released.
    pub fn try_conn(&self, ci: ConnIdx) -> Option<&MptcpState> {
        self.conns.get(ci.0)
    }

    /// Every connection, numbered or not, in creation order (not those released).
    pub fn conns(&self) -> impl Iterator<Item = (ConnIdx, &MptcpState)> {
        self.conns.live().map(|(i, c)| (ConnIdx(i), c))
    }

    /// The MPTCP connection (index, state) of `p`'s subflow, numbered or not yet.
    pub fn conn_of(&self, p: &Packet) -> Option<(ConnIdx, &MptcpState)> {
        let ci = self.tcp.get(&p.tcp_stream)?.mptcp?;
        Some((ci, &self.conns[ci.0]))
    }

    /// The MPTCP side (client or server) that sent `p`, as the analysis decides it now (after
    /// the whole capture: the orientation of packets analysed before it was known).
    pub fn sender_side(&self, p: &Packet) -> Option<Side> {
        let t = self.tcp.get(&p.tcp_stream)?;
        let c = &self.conns[t.mptcp?.0];
        Some(self.side_of(t, c, p))
    }

    /// The TCP side (SYN sender = client) that sent `p`.
    pub fn tcp_sender_side(&self, p: &Packet) -> Option<Side> {
        let t = self.tcp.get(&p.tcp_stream)?;
        tcp_side(t, p)
    }

    /// The record of `p` from the current state.
    fn record(&self, p: &Packet, found: Reinjection) -> Record {
        let Some(t) = self.tcp.get(&p.tcp_stream) else {
            return Record::default();
        };
        let mptcp = t.mptcp.map(|ci| {
            let c = &self.conns[ci.0];
            MptcpRecord {
                conn: ci,
                numbered: c.numbered,
                fallback: c.fallback,
                sender: self.side_of(t, c, p),
            }
        });
        Record {
            tcp_sender: tcp_side(t, p),
            mptcp,
            overlaps: found.earlier,
            reinjected_bytes: found.bytes,
            folded: Vec::new(),
            late: false,
            released: false,
        }
    }

    /// Analyse one packet: fill its derived fields and return what was decided about it.
    pub fn push(&mut self, p: &mut Packet) -> Record {
        if !self.opts.release {
            let folded = self.expire(p.abs_time_ns);
            let found = self.analyse(p);
            let mut r = self.finish(p, found);
            r.folded = folded;
            return r;
        }
        self.release_pending();
        let folded = self.expire(p.abs_time_ns);
        self.released.pending.extend_from_slice(&folded);
        let mut r = match self.push_released(p) {
            Some(r) => r,
            None => {
                let found = self.analyse(p);
                // its first MPTCP packet may have joined it to a released connection
                match self.push_released(p) {
                    Some(r) => r,
                    None => self.finish(p, found),
                }
            }
        };
        r.folded = folded;
        r
    }

    /// [`Enricher::push`] for a pass whose packets nothing reads (no tap, none kept: see
    /// [`EnrichOptions::summaries`]): the same analysis and the same state, without making the
    /// packet's [`Record`] (its sender is worked out only for a DATA_FIN, which needs it).
    pub fn push_untapped(&mut self, p: &mut Packet) {
        if self.opts.release {
            self.push(p);
            return;
        }
        // the units folded need no tap to read them
        let _ = self.expire(p.abs_time_ns);
        let _ = self.analyse(p);
        self.note_late(p);
        let side = if p.data_fin {
            self.tcp.get(&p.tcp_stream).and_then(|t| {
                let ci = t.mptcp?;
                Some(self.side_of(t, &self.conns[ci.0], p))
            })
        } else {
            None
        };
        self.watch_end(p, side);
    }

    /// The record of an analysed packet: what was decided, whether it came after its
    /// connection folded, and the end of its connection watched.
    fn finish(&mut self, p: &Packet, found: Reinjection) -> Record {
        let mut r = self.record(p, found);
        r.late = self.note_late(p);
        self.watch_end(p, r.mptcp.map(|m| m.sender));
        r
    }

    /// The jobs of [`Enricher::push`]; returns what makes the packet a reinjection.
    fn analyse(&mut self, p: &mut Packet) -> Reinjection {
        let (Some(src), Some(dst)) = (p.src_ip, p.dst_ip) else {
            return Reinjection::default();
        };
        let id = p.tcp_stream;
        let t = self.tcp.get_or_insert_with(id, || {
            self.tcp_order.push(id);
            Box::new(TcpState::new(p, src, dst))
        });
        let dir = t.dir_of(p);
        t.observe(p, dir, (src, dst));
        if let (Some(k), false) = (p.sender_key, self.opts.summaries) {
            if p.has_subtype(subtype::MP_CAPABLE) {
                let keys = &mut self.keys;
                p.expected_token = p.mptcp_version.map(|v| keys.get(k, v).0);
            }
        }
        match self.connection(p) {
            Some(ci) => self.push_mptcp(ci, p, dir),
            None => Reinjection::default(),
        }
    }

    /// The MPTCP connection of `p`'s subflow, found or created at its first MPTCP packet.
    fn connection(&mut self, p: &Packet) -> Option<usize> {
        let id = p.tcp_stream;
        match self.tcp.get(&id)?.mptcp {
            Some(c) => Some(c.0),
            None if !p.mptcp_subtypes.is_empty() => {
                let idx = self.associate(p);
                if self.conns.get(idx).is_none() {
                    self.join_released(idx, id);
                    return None;
                }
                let t = self.tcp.get_mut(&id).expect("inserted by push");
                t.mptcp = Some(ConnIdx(idx));
                self.conns[idx].subflows.push(id);
                Some(idx)
            }
            None => None,
        }
    }

    /// The MPTCP jobs, in order, for a packet of connection `ci` sent in direction `dir`.
    fn push_mptcp(&mut self, mut ci: usize, p: &mut Packet, dir: usize) -> Reinjection {
        if !self.conns[ci].numbered {
            ci = self.number(ci, p);
            if self.conns.get(ci).is_none() {
                return Reinjection::default(); // joined a released connection
            }
        }
        p.mptcp_stream = self.conns[ci].id();
        self.handshake(ci, p);
        if !self.conns[ci].numbered && self.conns[ci].fallback {
            return Reinjection::default(); // fell back during the handshake: plain TCP from here on
        }
        let t = &self.tcp[&p.tcp_stream];
        let oriented = (t.client.is_some() && t.opened_by_mptcp_client.is_some())
            || t.first_src_side.is_some();
        if !oriented {
            self.orient(ci, p);
        }
        let t = &self.tcp[&p.tcp_stream];
        let side = self.side_of(t, &self.conns[ci], p);
        if p.has_flag(tcp_flags::SYN) || p.has_subtype(subtype::ADD_ADDR) {
            self.learn_addresses(ci, p, side);
        }
        if self.summaries_only(ci) {
            self.note_dsn(ci, p, side);
            return Reinjection::default();
        }
        let found = self.data_sequence(ci, p, dir, side);
        if !self.opts.summaries && !self.unfocused(ci) {
            self.data_ack(ci, p, side);
        }
        found
    }
}

/// The TCP side (SYN sender = client) that sent `p` on stream `t`.
fn tcp_side(t: &TcpState, p: &Packet) -> Option<Side> {
    let src = (p.src_ip?, p.src_port);
    Some(if src == t.client_endpoint() {
        Side::Client
    } else {
        Side::Server
    })
}
