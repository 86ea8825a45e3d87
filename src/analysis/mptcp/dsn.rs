//! DSS mappings and data sequence numbers: each segment's DSN from the mapping that covers it
//! (its own, or an earlier one on the same subflow and direction), relative to the sender's
//! IDSN (or to the first DSN seen when the handshake is missing). Without the subflow's SYN, the
//! subflow ISN the mappings are relative to is pinned down from the mappings ([`AnchorBounds`]).

use super::reinjection::Reinjection;
use super::MptcpState;
use crate::analysis::enrich::Enricher;
use crate::analysis::keys::expand32;
use crate::analysis::tcp::TcpState;
use crate::model::{subtype, Packet, Side};

/// How many recent DSS mappings are remembered per subflow and direction.
const MAPPINGS_KEPT: usize = 64;

/// A DSS mapping seen on a subflow, in one direction.
#[derive(Debug, Clone)]
pub(in crate::analysis) struct Mapping {
    /// Subflow sequence number (relative to the subflow ISN) of the first byte it covers.
    ssn: u32,
    /// Bytes covered; `u32::MAX` for an infinite mapping (fallback).
    len: u32,
    /// 64-bit absolute DSN of that byte.
    dsn: u64,
    frame: u64,
}

/// Bounds on a subflow's ISN from the DSS mappings, when its SYN was not captured. A segment at
/// `seq` with `n` bytes carrying a mapping of `len` bytes at subflow sequence number `ssn` lies
/// inside it: `seq - ssn - (len - n) <= isn <= seq - ssn`. The ISN is known when the bounds meet
/// (a segment that starts or ends its mapping; in practice the first new mapping). Until then
/// the segments get no DSN rather than a guessed one. Values are offsets from the first
/// candidate, so that 32-bit wrap-around does not matter.
#[derive(Debug, Clone, Copy, Default)]
pub(in crate::analysis) struct AnchorBounds {
    origin: Option<u32>,
    lo: i64,
    hi: i64,
}

impl AnchorBounds {
    fn narrow(&mut self, seq: u32, n: u32, ssn: u32, len: u32) -> Option<u32> {
        let hi_c = seq.wrapping_sub(ssn);
        let origin = *self.origin.get_or_insert_with(|| {
            self.lo = i64::MIN;
            self.hi = i64::MAX;
            hi_c
        });
        let hi = hi_c.wrapping_sub(origin) as i32 as i64;
        let lo = hi - (len.saturating_sub(n)) as i64;
        self.hi = self.hi.min(hi);
        self.lo = self.lo.max(lo);
        if self.lo >= self.hi {
            // met (or crossed, with inconsistent mappings: trust the start bound)
            Some(origin.wrapping_add(self.hi as i32 as u32))
        } else {
            None
        }
    }
}

impl Enricher {
    /// Relative DSN of `dsn` sent by `side`; the first DSN seen is 1 when the IDSN is unknown.
    fn relative(&mut self, ci: usize, side: Side, dsn: u64) -> u64 {
        let c = &mut self.conns[ci];
        match c.base(side) {
            Some(b) => dsn.wrapping_sub(b),
            None => {
                c.no_handshake = true;
                let b = dsn.wrapping_sub(1);
                c.dsn_base[side.idx()] = Some(b);
                1
            }
        }
    }

    /// Fill `p.dsn` and `p.mapping_frame` (and, with reinjections tracked, `reinjection_of`)
    /// for a packet sent by `side` in direction `dir` of its subflow; returns the earlier
    /// transmissions of its data on other subflows (a reinjection).
    pub(in crate::analysis) fn data_sequence(
        &mut self,
        ci: usize,
        p: &mut Packet,
        dir: usize,
        side: Side,
    ) -> Reinjection {
        let id = p.tcp_stream;
        let own = self.own_mapping(ci, p, dir, side);
        let covering = covering(&self.tcp[&id], p, dir, own.as_ref());
        let Some((dsn, frame)) = covering else {
            // a connection that fell back to TCP at the handshake has no mappings: its data
            // sequence is the subflow's (relative sequence number, first byte 1)
            if self.conns[ci].fallback && p.payload_len > 0 && p.dss_dsn_raw.is_none() {
                p.dsn = p.seq;
            }
            return Reinjection::default();
        };
        p.dsn = Some(self.relative(ci, side, dsn) as i64);
        p.mapping_frame = Some(frame);
        // a folded connection has forgotten its ranges: a late packet is not looked up
        if self.opts.reinjections && p.payload_len > 0 && self.conns[ci].life.folded_at.is_none() {
            let c = &mut self.conns[ci];
            let sent = &mut c.sent.get_or_insert_default()[side.idx()];
            let found = sent.record_dsn(dsn, p.payload_len, id, p.frame);
            p.reinjection_of = found.earlier.iter().map(|o| o.frame).collect();
            for o in &found.earlier {
                self.reinjections.push(o.frame, p.frame);
            }
            return found;
        }
        Reinjection::default()
    }

    /// The mapping `p` carries, remembered for the segments it covers: an explicit DSS mapping,
    /// or (v1) the implicit one of an MP_CAPABLE that carries data.
    fn own_mapping(&mut self, ci: usize, p: &Packet, dir: usize, side: Side) -> Option<Mapping> {
        if let Some(dsn) = explicit_dsn(&mut self.conns[ci], p, side) {
            let t = self.tcp.get_mut(&p.tcp_stream).expect("known stream");
            return Some(explicit_mapping(t, p, dir, dsn));
        }
        let dsn = self.implicit_dsn(ci, p, side)?;
        let t = self.tcp.get_mut(&p.tcp_stream).expect("known stream");
        t.anchor[dir].get_or_insert(p.seq_raw.wrapping_sub(1));
        let m = Mapping {
            ssn: 1,
            len: p.dss_length.unwrap_or(0) as u32,
            dsn,
            frame: p.frame,
        };
        t.dss.get_or_insert_default().mappings[dir].push_back(m.clone());
        Some(m)
    }

    /// The DSN of the implicit mapping of a v1 MP_CAPABLE that carries data: IDSN + 1 at
    /// SSN 1, sent by the client (the latest DSN of the client noted).
    fn implicit_dsn(&mut self, ci: usize, p: &Packet, side: Side) -> Option<u64> {
        let c = &mut self.conns[ci];
        let carries = p.has_subtype(subtype::MP_CAPABLE)
            && p.payload_len > 0
            && p.dss_length.is_some()
            && side == Side::Client;
        let (Some(k), Some(v), true) = (p.sender_key, c.version.or(p.mptcp_version), carries)
        else {
            return None;
        };
        let dsn = self.keys.get(k, v).1.wrapping_add(1);
        c.last_dsn[side.idx()] = Some(dsn);
        Some(dsn)
    }

    /// With [`crate::analysis::enrich::EnrichOptions::summaries`] (and no reinjections
    /// tracked): true once connection `ci`'s DSS mappings make only relative DSNs, which
    /// nothing reads: both IDSNs are known (they never become unknown again), or the
    /// connection is already known to lack its handshake. Only the latest DSN of each side
    /// is kept then ([`Enricher::note_dsn`]), which orientation reads.
    /// The same for a connection out of [`crate::analysis::enrich::EnrichOptions::focus`]
    /// ([`Enricher::unfocused`]), its reinjections tracked or not.
    pub(in crate::analysis) fn summaries_only(&self, ci: usize) -> bool {
        let c = &self.conns[ci];
        let light = (self.opts.summaries && !self.opts.reinjections) || self.unfocused(ci);
        light && (c.no_handshake || c.idsn.iter().all(Option::is_some))
    }

    /// True when the analysis focuses on another connection than `ci`, which is numbered
    /// (see [`crate::analysis::enrich::EnrichOptions::focus`]).
    pub(in crate::analysis) fn unfocused(&self, ci: usize) -> bool {
        self.opts
            .focus
            .is_some_and(|f| self.conns[ci].id().is_some_and(|id| id != f))
    }

    /// The latest DSN of `p`'s sender `side`, as [`Enricher::data_sequence`] notes it, without
    /// the mappings.
    pub(in crate::analysis) fn note_dsn(&mut self, ci: usize, p: &Packet, side: Side) {
        if explicit_dsn(&mut self.conns[ci], p, side).is_none() {
            self.implicit_dsn(ci, p, side);
        }
    }
}

/// The 64-bit DSN of the DSS mapping `p` carries, sent by `side` of `c` (expanded from 32 bits
/// next to the side's latest DSN, else its IDSN), noted as the side's latest.
fn explicit_dsn(c: &mut MptcpState, p: &Packet, side: Side) -> Option<u64> {
    let raw = p.dss_dsn_raw?;
    let dsn = if p.dss_dsn8 == Some(true) {
        raw
    } else {
        match c.last_dsn[side.idx()].or(c.idsn[side.idx()]) {
            Some(r) => expand32(r, raw as u32),
            None => raw,
        }
    };
    c.last_dsn[side.idx()] = Some(dsn);
    Some(dsn)
}

/// The DSS mapping of `p` (absolute 64-bit `dsn`), remembered on subflow `t` unless it covers
/// no payload; anchors the subflow ISN when the mappings pin it down.
fn explicit_mapping(t: &mut TcpState, p: &Packet, dir: usize, dsn: u64) -> Mapping {
    // data-level length 0 is an infinite mapping (fallback): it covers everything after
    let len = match p.dss_length {
        Some(0) => u32::MAX,
        l => l.unwrap_or(0) as u32,
    };
    let ssn = p.dss_ssn.unwrap_or(0);
    // without the subflow's SYN, its ISN follows from the mappings once they pin it
    if t.anchor[dir].is_none() && ssn != 0 && p.payload_len > 0 && len != u32::MAX {
        let bounds = &mut t.dss.get_or_insert_default().bounds[dir];
        t.anchor[dir] = bounds.narrow(p.seq_raw, p.payload_len, ssn, len);
    }
    let ssn = if ssn == 0 && len != u32::MAX {
        // v0 DATA_FIN-only mapping (SSN 0): place it at this segment
        t.anchor[dir].map_or(0, |a| p.seq_raw.wrapping_sub(a))
    } else {
        ssn
    };
    let m = Mapping {
        ssn,
        len,
        dsn,
        frame: p.frame,
    };
    // a DATA_FIN-only mapping covers no payload
    let data_fin_only = p.data_fin && p.payload_len == 0 && len <= 1;
    if len > 0 && !data_fin_only {
        let q = &mut t.dss.get_or_insert_default().mappings[dir];
        if q.len() == MAPPINGS_KEPT {
            q.pop_front();
        }
        q.push_back(m.clone());
    }
    m
}

/// (absolute DSN, mapping frame) of the first byte of `p`: from the latest remembered mapping
/// that covers it, else from its own mapping when that starts inside the segment; a segment
/// without payload gets its own mapping's DSN.
fn covering(t: &TcpState, p: &Packet, dir: usize, own: Option<&Mapping>) -> Option<(u64, u64)> {
    // subflow sequence number of this segment's first byte
    let ssn_here = t.anchor[dir].map(|a| p.seq_raw.wrapping_sub(a));
    if p.payload_len == 0 {
        return own.map(|m| (m.dsn, m.frame));
    }
    let q = ssn_here?;
    let remembered = t.dss.as_deref().and_then(|d| {
        d.mappings[dir].iter().rev().find(|m| {
            let off = q.wrapping_sub(m.ssn);
            if m.len == u32::MAX {
                (off as i32) >= 0
            } else {
                off < m.len
            }
        })
    });
    remembered
        .map(|m| (m.dsn.wrapping_add(q.wrapping_sub(m.ssn) as u64), m.frame))
        .or_else(|| {
            // a mapping that starts inside this segment: its first bytes belong to the
            // mapping before, which we did not see; anything else is inconsistent
            own.filter(|m| {
                let ahead = m.ssn.wrapping_sub(q);
                (ahead as i32) > 0 && ahead < p.payload_len
            })
            .map(|m| {
                let back = m.ssn.wrapping_sub(q) as u64;
                (m.dsn.wrapping_sub(back), m.frame)
            })
        })
}
