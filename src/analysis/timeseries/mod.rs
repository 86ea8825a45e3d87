//! Time series of one connection, for the plot commands: packets in, `(seconds, value)` points
//! out, built while the packets stream past (no packet is kept). Nothing here draws; the plot
//! kinds turn these series into a [`crate::plot::Figure`].
//!
//! A first pass over the capture (its analysis, without packets) gives the [`ConnView`]: the
//! connection's subflows, orientation and time bounds. A second pass pushes every packet into
//! collectors ([`DsnCollector`], [`AttrCollector`], [`ThroughputCollector`]) whose series are
//! [`Reduced`] on the fly to a few points per bucket of the image's x range, so memory stays
//! bounded whatever the capture size.
//!
//! Time is in seconds since the first packet of the connection (difference of integer
//! nanoseconds, converted to `f64` last). Directions are named by their destination: `Side::Server`
//! is "towards the server", the data sent by the (MPTCP or TCP) client. Definitions are in
//! `docs/plots.md`.

mod fields;
mod ofo;
mod reduce;
mod throughput;
mod timeline;

pub use fields::{numeric_columns, numeric_field};
pub use ofo::{AboveAck, OfoCollector};
pub use reduce::{Reduced, POINTS_PER_BUCKET};
pub use throughput::{default_window, SlidingRate, ThroughputCollector, ThroughputSeries};
pub use timeline::Timeline;

use super::enrich::Enricher;
use super::PacketFilter;
use crate::model::Packet;
use crate::model::Side;
use std::net::SocketAddr;

/// One connection as the first pass left it: which packets belong to it, their direction and
/// their time since the connection's first packet.
#[derive(Debug)]
pub struct ConnView<'e> {
    pub filter: PacketFilter,
    enricher: &'e Enricher,
    t0_ns: i64,
    /// Capture-relative time that x = 0 stands for (`--time-origin`; default `t0_ns`).
    origin_ns: i64,
    /// Seconds from the first to the last packet of the connection.
    pub duration_s: f64,
    /// The TCP streams of the connection, sorted (a subflow's index here is its colour).
    pub subflows: Vec<u64>,
    /// Subflows whose packets are left out (`--skip`, or not in `--only`).
    hidden: Vec<u64>,
}

impl<'e> ConnView<'e> {
    /// The connection `filter` of an analysis (the enricher after a whole pass). `None` when
    /// the analysis has no packet of it.
    pub fn new(enricher: &'e Enricher, filter: PacketFilter) -> Option<Self> {
        let mut subflows: Vec<u64> = match filter {
            PacketFilter::Tcp(id) => vec![id],
            PacketFilter::Mptcp(id) => enricher
                .mptcp_connections()
                .iter()
                .filter(|c| c.mptcp_stream == id)
                .flat_map(|c| c.subflows.iter().copied())
                .collect(),
        };
        subflows.sort_unstable();
        subflows.dedup();
        let states: Vec<_> = subflows
            .iter()
            .filter_map(|&s| enricher.tcp_stream(s))
            .collect();
        let t0_ns = states.iter().map(|t| t.first_rel_ns).min()?;
        let end_ns = states
            .iter()
            .map(|t| t.first_rel_ns + (t.last_ns - t.first_ns))
            .max()?;
        Some(ConnView {
            filter,
            enricher,
            t0_ns,
            origin_ns: t0_ns,
            duration_s: (end_ns - t0_ns) as f64 / 1e9,
            subflows,
            hidden: Vec::new(),
        })
    }

    /// Leave out the packets of the subflows in `skip`, and with a non-empty `only`, of those
    /// not in it (colours stay those of the whole connection). A stream that is not a subflow
    /// of the connection is an error naming the subflows.
    pub fn restrict(&mut self, skip: &[u64], only: &[u64]) -> Result<(), String> {
        if let Some(s) = skip.iter().chain(only).find(|s| !self.subflows.contains(s)) {
            let list: Vec<String> = self.subflows.iter().map(u64::to_string).collect();
            return Err(format!(
                "TCP stream {s} is not a subflow of the connection (subflows: {})",
                list.join(", ")
            ));
        }
        self.hidden = self
            .subflows
            .iter()
            .copied()
            .filter(|s| skip.contains(s) || !(only.is_empty() || only.contains(s)))
            .collect();
        Ok(())
    }

    /// Count x from the capture-relative time `zero_ns` (see
    /// [`crate::analysis::time::TimeOrigin::zero_ns`]); None: from the connection's first packet.
    pub fn set_zero(&mut self, zero_ns: Option<i64>) {
        self.origin_ns = zero_ns.unwrap_or(self.t0_ns);
    }

    /// The x range of every series: from the first to the last packet.
    pub fn range(&self) -> (f64, f64) {
        let start = self.t0_ns.saturating_sub(self.origin_ns) as f64 / 1e9;
        (start, start + self.duration_s)
    }

    /// For a packet of the connection: its destination and its time in seconds.
    pub fn classify(&self, p: &Packet) -> Option<(Side, f64)> {
        if !self.filter.matches_in(p, self.enricher) || self.hidden.contains(&p.tcp_stream) {
            return None;
        }
        let sender = match self.filter {
            PacketFilter::Mptcp(_) => self.enricher.sender_side(p),
            PacketFilter::Tcp(_) => self.enricher.tcp_sender_side(p),
        }?;
        Some((
            sender.other(),
            p.rel_time_ns.saturating_sub(self.origin_ns) as f64 / 1e9,
        ))
    }

    /// Index of a subflow in [`ConnView::subflows`] (its colour in every panel).
    pub fn subflow_index(&self, tcp_stream: u64) -> usize {
        self.subflows
            .iter()
            .position(|&s| s == tcp_stream)
            .unwrap_or(self.subflows.len())
    }
}

/// A value per direction, by destination.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PerDest<T> {
    pub server: T,
    pub client: T,
}

impl<T> PerDest<T> {
    pub fn get(&self, dest: Side) -> &T {
        match dest {
            Side::Server => &self.server,
            Side::Client => &self.client,
        }
    }
    pub fn get_mut(&mut self, dest: Side) -> &mut T {
        match dest {
            Side::Server => &mut self.server,
            Side::Client => &mut self.client,
        }
    }
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerDest<U> {
        PerDest {
            server: f(self.server),
            client: f(self.client),
        }
    }
}

/// Points of one subflow in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct SubflowPoints {
    pub tcp_stream: u64,
    /// Sender and receiver, as in the packets of this direction.
    pub src: Option<SocketAddr>,
    pub dst: Option<SocketAddr>,
    pub points: Vec<(f64, f64)>,
}

impl SubflowPoints {
    /// `tcp 3: 10.0.0.1:59484 -> 10.0.0.2:5201`
    pub fn label(&self) -> String {
        match (self.src, self.dst) {
            (Some(s), Some(d)) => format!("tcp {}: {s}→{d}", self.tcp_stream),
            _ => format!("tcp {}", self.tcp_stream),
        }
    }
}

/// A reduced series per subflow, for one direction.
#[derive(Debug, Clone)]
pub struct PerSubflow {
    template: Reduced,
    series: Vec<(SubflowPoints, Reduced)>,
}

impl PerSubflow {
    pub fn new(template: Reduced) -> Self {
        PerSubflow {
            template,
            series: Vec::new(),
        }
    }

    /// The series of `p`'s subflow (created at its first packet, with its addresses).
    pub fn of(&mut self, p: &Packet) -> &mut Reduced {
        let i = match self
            .series
            .iter()
            .position(|(s, _)| s.tcp_stream == p.tcp_stream)
        {
            Some(i) => i,
            None => {
                let head = SubflowPoints {
                    tcp_stream: p.tcp_stream,
                    src: p.src_ip.map(|ip| SocketAddr::new(ip, p.src_port)),
                    dst: p.dst_ip.map(|ip| SocketAddr::new(ip, p.dst_port)),
                    points: Vec::new(),
                };
                self.series.push((head, self.template.empty_like()));
                self.series.len() - 1
            }
        };
        &mut self.series[i].1
    }

    /// The subflows that have a point, in subflow order.
    pub fn finish(self, view: &ConnView) -> Vec<SubflowPoints> {
        let mut out: Vec<SubflowPoints> = self
            .series
            .into_iter()
            .filter(|(_, r)| !r.is_empty())
            .map(|(mut head, r)| {
                head.points = r.into_points();
                head
            })
            .collect();
        out.sort_by_key(|s| view.subflow_index(s.tcp_stream));
        out
    }
}

/// What `plot dsn` draws in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct DsnSeries {
    /// (t, relative DSN) of each packet with payload and a DSN, per subflow.
    pub subflows: Vec<SubflowPoints>,
    /// (t, relative DSN) of the packets that are reinjections (non-empty `reinjection_of`),
    /// per subflow that carried them.
    pub reinjections: Vec<SubflowPoints>,
    /// (t, relative data ACK) of the packets sent the other way, which acknowledge this data.
    pub data_acks: Vec<(f64, f64)>,
    /// (t, relative data ACK + rwnd) of those packets whose scaled window is known: the right
    /// edge of the MPTCP-level receive window the receiver advertised (RFC 8684 3.3.4: the
    /// window is relative to the data ACK), the highest DSN + 1 it allows.
    pub window_edges: Vec<(f64, f64)>,
}

#[derive(Debug, Clone)]
struct DsnAcc {
    subflows: PerSubflow,
    reinjections: PerSubflow,
    data_acks: Reduced,
    window_edges: Reduced,
}

/// Builds the series of `plot dsn` (both directions) from the packets of a pass.
#[derive(Debug)]
pub struct DsnCollector<'v, 'e> {
    view: &'v ConnView<'e>,
    acc: PerDest<DsnAcc>,
    /// Only the data points with a DSN in this range (inclusive), when set.
    dsn_range: Option<(f64, f64)>,
}

impl<'v, 'e> DsnCollector<'v, 'e> {
    /// Series reduced as `r` (an empty series: its range and buckets).
    pub fn new(view: &'v ConnView<'e>, r: Reduced) -> Self {
        let acc = DsnAcc {
            subflows: PerSubflow::new(r.clone()),
            reinjections: PerSubflow::new(r.clone()),
            data_acks: r.clone(),
            window_edges: r,
        };
        DsnCollector {
            view,
            acc: PerDest {
                server: acc.clone(),
                client: acc,
            },
            dsn_range: None,
        }
    }

    /// Keep only the data points (and reinjections) whose DSN is in `range` (inclusive); the
    /// data ACKs and window edges are all kept (the renderer cuts lines at the y range).
    pub fn with_dsn_range(mut self, range: Option<(f64, f64)>) -> Self {
        self.dsn_range = range;
        self
    }

    pub fn push(&mut self, p: &Packet) {
        let Some((dest, t)) = self.view.classify(p) else {
            return;
        };
        if let Some(a) = p.data_ack {
            // acknowledges the data sent the other way
            let acc = self.acc.get_mut(dest.other());
            acc.data_acks.push(t, a as f64);
            if let Some(w) = p.rwnd {
                acc.window_edges.push(t, a as f64 + w as f64);
            }
        }
        let (Some(dsn), true) = (p.dsn, p.payload_len > 0) else {
            return;
        };
        let dsn = dsn as f64;
        if self
            .dsn_range
            .is_some_and(|(lo, hi)| !(lo..=hi).contains(&dsn))
        {
            return;
        }
        let acc = self.acc.get_mut(dest);
        acc.subflows.of(p).push(t, dsn);
        if !p.reinjection_of.is_empty() {
            acc.reinjections.of(p).push(t, dsn);
        }
    }

    pub fn finish(self) -> PerDest<DsnSeries> {
        let view = self.view;
        self.acc.map(|a| DsnSeries {
            subflows: a.subflows.finish(view),
            reinjections: a.reinjections.finish(view),
            data_acks: a.data_acks.into_points(),
            window_edges: a.window_edges.into_points(),
        })
    }
}

/// The getter of a numeric column.
pub type Getter = fn(&Packet) -> Option<f64>;

/// Builds the series of `plot attr`: per field, per direction, one series per subflow.
#[derive(Debug)]
pub struct AttrCollector<'v, 'e> {
    view: &'v ConnView<'e>,
    fields: Vec<(Getter, PerDest<PerSubflow>)>,
}

impl<'v, 'e> AttrCollector<'v, 'e> {
    pub fn new(view: &'v ConnView<'e>, getters: &[Getter], r: Reduced) -> Self {
        let fields = getters
            .iter()
            .map(|&g| {
                let s = PerSubflow::new(r.clone());
                (
                    g,
                    PerDest {
                        server: s.clone(),
                        client: s,
                    },
                )
            })
            .collect();
        AttrCollector { view, fields }
    }

    pub fn push(&mut self, p: &Packet) {
        let Some((dest, t)) = self.view.classify(p) else {
            return;
        };
        for (get, acc) in &mut self.fields {
            if let Some(v) = get(p) {
                acc.get_mut(dest).of(p).push(t, v);
            }
        }
    }

    /// Per field (in the order given), per direction.
    pub fn finish(self) -> Vec<PerDest<Vec<SubflowPoints>>> {
        let view = self.view;
        self.fields
            .into_iter()
            .map(|(_, acc)| acc.map(|s| s.finish(view)))
            .collect()
    }
}
