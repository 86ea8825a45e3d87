//! The lifecycle of per-connection state (issue 14 item 9): a connection is **finished** when
//! its end has been seen and then [`Linger`] of capture time has passed without a packet for
//! it (a TIME_WAIT-like window for retransmitted FINs, final ACKs and late data). Its heavy
//! state (reinjection ranges, DSS mappings, the statistics' byte-range sets) is then folded
//! into its summary and freed, so memory follows the connections open at a time, not all the
//! connections of the capture (docs/statistics.md, "Bounded memory").
//!
//! * A plain TCP stream has ended once it carried a FIN in both directions or a RST.
//! * An MPTCP connection has ended once every subflow has ended and the connection itself
//!   ended: a DATA_FIN in both directions, an MP_FASTCLOSE, or a fallback to TCP. Its subflows
//!   are folded with it, never on their own.
//!
//! Ended units wait in a queue ordered by deadline (last packet + linger): each packet pops
//! only the units whose deadline it passed, re-queueing those that got packets since.
//! A packet that comes for a folded unit is **late**: the analysis marks it in its
//! [`super::enrich::Record`] and counts it for a warning (see [`Enricher::late_warnings`]).

use super::enrich::{ConnIdx, Enricher};
use crate::model::{subtype, tcp_flags, Packet, Side};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The default linger: 60 s of capture time without a packet after the end of a connection,
/// TCP's TIME_WAIT on Linux (`TCP_TIMEWAIT_LEN`): once it is over, the hosts themselves have
/// forgotten the connection, and answer a segment for it with a RST. Every fixture and
/// reference capture gives the same outputs with it as without folding (tested).
pub const LINGER_NS: i64 = 60_000_000_000;

/// How long a connection whose end was seen stays open without packets before its state is
/// folded, in nanoseconds of capture time; [`Linger::NEVER`] keeps every state to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Linger(pub i64);

impl Linger {
    /// Never fold: every connection keeps its full state to the end of the capture.
    pub const NEVER: Linger = Linger(i64::MAX);
}

impl Default for Linger {
    fn default() -> Self {
        Linger(LINGER_NS)
    }
}

/// A unit of state that is folded as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// A TCP stream: a plain TCP connection, or (listed after its connection) a subflow.
    Tcp(u64),
    /// An MPTCP connection (its subflows follow it as [`Unit::Tcp`]).
    Mptcp(ConnIdx),
}

/// Where one connection or stream is in its lifecycle.
#[derive(Debug, Clone, Copy, Default)]
pub struct Life {
    /// In the queue of ended units.
    queued: bool,
    /// Folded at this capture time (ns): only the summary is left.
    pub folded_at: Option<i64>,
    /// Packets that came after the fold, and the first of them.
    pub late_packets: u64,
    pub first_late_frame: u64,
}

/// The queue of ended units and the capture's clock.
#[derive(Debug, Default)]
pub(in crate::analysis) struct Lifecycle {
    queue: BinaryHeap<Reverse<(i64, Unit)>>,
    /// The latest packet time seen (captures merged out of order never move it back).
    now: Option<i64>,
    /// Units folded so far.
    pub(in crate::analysis) folded: u64,
}

impl Enricher {
    /// Fold every ended unit that has had no packet for longer than the linger before time
    /// `t` (the next packet's); returns them, each MPTCP connection followed by its subflows.
    pub(in crate::analysis) fn expire(&mut self, t: i64) -> Vec<Unit> {
        let now = self.life.now.map_or(t, |n| n.max(t));
        self.life.now = Some(now);
        let mut out = Vec::new();
        while let Some(&Reverse((deadline, unit))) = self.life.queue.peek() {
            if deadline >= now {
                break;
            }
            self.life.queue.pop();
            match self.deadline(unit) {
                None => {
                    if let Some(life) = self.life_mut(unit) {
                        life.queued = false;
                    }
                }
                Some(d) if d >= now => self.life.queue.push(Reverse((d, unit))),
                Some(_) => self.fold(unit, now, &mut out),
            }
        }
        out
    }

    /// Note the end signals of `p` (sent by MPTCP side `side`) and queue its unit when its
    /// end is complete.
    pub(in crate::analysis) fn watch_end(&mut self, p: &Packet, side: Option<Side>) {
        if self.opts.linger == Linger::NEVER {
            return;
        }
        let fin_or_rst = p.has_flag(tcp_flags::FIN) || p.has_flag(tcp_flags::RST);
        let fastclose = p.has_subtype(subtype::MP_FASTCLOSE);
        if !(fin_or_rst || fastclose || p.data_fin) {
            return;
        }
        let Some(t) = self.tcp.get(&p.tcp_stream) else {
            return;
        };
        let unit = match t.mptcp {
            Some(ci) => {
                let c = &mut self.conns[ci.0];
                c.fastclose_seen |= fastclose;
                if let (true, Some(s)) = (p.data_fin, side) {
                    c.data_fin_seen[s.idx()] = true;
                }
                Unit::Mptcp(ci)
            }
            None => Unit::Tcp(p.tcp_stream),
        };
        let Some(&mut life) = self.life_mut(unit) else {
            return;
        };
        if life.queued || life.folded_at.is_some() {
            return;
        }
        if let Some(d) = self.deadline(unit) {
            self.life.queue.push(Reverse((d, unit)));
            if let Some(life) = self.life_mut(unit) {
                life.queued = true;
            }
        }
    }

    /// Whether `p`'s connection (or plain stream) was folded before it came; counts it.
    pub(in crate::analysis) fn note_late(&mut self, p: &Packet) -> bool {
        let Some(t) = self.tcp.get(&p.tcp_stream) else {
            return false;
        };
        let unit = match t.mptcp {
            Some(ci) => Unit::Mptcp(ci),
            None => Unit::Tcp(p.tcp_stream),
        };
        let Some(life) = self.life_mut(unit) else {
            return false;
        };
        if life.folded_at.is_none() {
            return false;
        }
        super::release::count_late(life, p.frame);
        true
    }

    /// The unit's deadline (its last packet + the linger) when its end is complete.
    fn deadline(&self, unit: Unit) -> Option<i64> {
        let closed = |id: &u64| {
            self.tcp.get(id).is_some_and(|t| {
                (t.first_fin[0].is_some() && t.first_fin[1].is_some()) || t.first_rst.is_some()
            })
        };
        let last = match unit {
            Unit::Tcp(id) => {
                let t = self.tcp.get(&id)?;
                (t.mptcp.is_none() && closed(&id)).then_some(t.last_ns)?
            }
            Unit::Mptcp(ci) => {
                let c = self.conns.get(ci.0)?;
                let over = c.fallback || c.fastclose_seen || c.data_fin_seen == [true, true];
                if !over || c.subflows.is_empty() || !c.subflows.iter().all(closed) {
                    return None;
                }
                c.subflows
                    .iter()
                    .filter_map(|id| self.tcp.get(id).map(|t| t.last_ns))
                    .max()?
            }
        };
        Some(last.saturating_add(self.opts.linger.0))
    }

    /// The lifecycle of `unit`, None once its record was released.
    fn life_mut(&mut self, unit: Unit) -> Option<&mut Life> {
        match unit {
            Unit::Tcp(id) => self.tcp.get_mut(&id).map(|t| &mut t.life),
            Unit::Mptcp(ci) => self.conns.get_mut(ci.0).map(|c| &mut c.life),
        }
    }

    /// Free the heavy state of `unit` (and of its subflows), keeping its summary.
    fn fold(&mut self, unit: Unit, now: i64, out: &mut Vec<Unit>) {
        let streams = match unit {
            Unit::Tcp(id) => vec![id],
            Unit::Mptcp(ci) => {
                let c = &mut self.conns[ci.0];
                c.sent = None;
                c.subflows.shrink_to_fit();
                c.addrs.iter_mut().for_each(Vec::shrink_to_fit);
                c.life.queued = false;
                c.life.folded_at = Some(now);
                self.life.folded += 1;
                out.push(unit);
                c.subflows.clone()
            }
        };
        for id in streams {
            if let Some(t) = self.tcp.get_mut(&id) {
                // the mappings are forgotten; the anchor bounds are kept while an ISN is
                // unknown (a late packet's mapping may still pin it)
                if t.anchor.iter().all(Option::is_some) {
                    t.dss = None;
                } else if let Some(d) = &mut t.dss {
                    d.mappings = Default::default();
                }
                t.life.queued = false;
                t.life.folded_at = Some(now);
                self.life.folded += 1;
                out.push(Unit::Tcp(id));
            }
        }
    }

    /// Units folded so far: MPTCP connections, their subflows and plain TCP streams (a count,
    /// for tests and measurements).
    pub fn folded_units(&self) -> u64 {
        self.life.folded
    }

    /// One warning per connection (at most [`LATE_WARNINGS`], then a count of the others) that
    /// got packets after its state was folded: what those packets are and are not counted in.
    pub fn late_warnings(&self) -> Vec<String> {
        let linger_s = self.opts.linger.0 as f64 / 1e9;
        let mut late: Vec<(u64, String)> = Vec::new();
        for (id, subflows, life) in self.conns.lives().filter(|c| c.2.late_packets > 0) {
            let name = match id {
                Some(id) => format!("MPTCP connection {id}"),
                None => "an unnumbered MPTCP connection".to_string(),
            };
            let subs: Vec<String> = subflows.iter().map(u64::to_string).collect();
            let what = format!("{name} (TCP streams {})", subs.join(", "));
            late.push((life.first_late_frame, late_text(&what, life, linger_s)));
        }
        let plain = self
            .tcp_streams()
            .filter(|t| t.mptcp.is_none())
            .map(|t| (t.tcp_stream, &t.life))
            .chain(self.released_late_tcp());
        for (id, life) in plain.filter(|p| p.1.late_packets > 0) {
            let what = format!("TCP stream {id}");
            late.push((life.first_late_frame, late_text(&what, life, linger_s)));
        }
        late.sort();
        let more = late.len().saturating_sub(LATE_WARNINGS);
        let mut out: Vec<String> = late.into_iter().take(LATE_WARNINGS).map(|l| l.1).collect();
        if more > 0 {
            out.push(format!(
                "{more} more connections got packets after their state was folded (as above)"
            ));
        }
        out
    }
}

/// Warnings of late packets named one by one; the rest are counted.
pub const LATE_WARNINGS: usize = 5;

fn late_text(what: &str, life: &Life, linger_s: f64) -> String {
    format!(
        "{what}: {} packet(s) from frame {} came more than {linger_s} s after its end and \
         last packet, when its state was already folded: they count in packets, payload \
         bytes, times, events and data ACKs, not in the figures of byte ranges (unique, \
         retransmitted, data, exclusive and data-retransmitted bytes, out-of-order) nor as \
         reinjections; a longer `linger_s` counts them in full",
        life.late_packets, life.first_late_frame
    )
}
