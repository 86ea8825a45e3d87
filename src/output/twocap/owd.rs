//! `owd`: the one-way delays per subflow and direction, or per packet.

#[cfg(feature = "application")]
use super::ms_column;
use super::{direction, ids_json, list, secs_since, At};
use crate::analysis::twocap::owd::{FlowDelays, OwdReport, PacketDelay};
use crate::output::columns::{members, object, Column, Flat, Type, Unit, Value};
use crate::output::Report;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// `owd` output: the summary per subflow and direction.
#[derive(Debug)]
pub struct OwdSummaryReport {
    /// The connection asked for in the client capture, and its match in the server capture.
    pub tcp_stream: Option<u64>,
    pub mptcp_stream: Option<u64>,
    /// With `--mptcp`: the server capture's connection (None inside: no match).
    pub peer_mptcp_stream: Option<Option<u64>>,
    pub report: OwdReport,
}

/// The columns of the summary itself (its JSON members before `flows`): those of the
/// connection asked for (`tcp_stream`, or `mptcp_stream` and `peer_mptcp_stream`), then the
/// clock offset.
fn summary_columns<'a>(r: &OwdSummaryReport) -> Vec<Column<'a, OwdSummaryReport>> {
    use {Type::*, Unit::None as Id, Unit::Seconds as S};
    type R = OwdSummaryReport;
    let mut cols = Vec::new();
    if r.tcp_stream.is_some() {
        cols.push(Column::new("tcp_stream", UInt, Id, |r: &R| {
            r.tcp_stream.into()
        }));
    }
    if r.mptcp_stream.is_some() {
        cols.push(Column::new("mptcp_stream", UInt, Id, |r: &R| {
            r.mptcp_stream.into()
        }));
    }
    if r.peer_mptcp_stream.is_some() {
        cols.push(Column::new("peer_mptcp_stream", UInt, Id, |r: &R| {
            r.peer_mptcp_stream.flatten().into()
        }));
    }
    cols.push(clock_offset_column());
    cols.push(Column::new("clock_offset_estimate_s", Float, S, |r: &R| {
        r.report.clock_offset_estimate_s.into()
    }));
    cols
}

/// The clock offset applied (server clock minus client clock).
fn clock_offset_column<'a>() -> Column<'a, OwdSummaryReport> {
    Column::new("clock_offset_s", Type::Float, Unit::Seconds, |r| {
        r.report.clock_offset_s.into()
    })
}

/// The columns of one subflow and direction.
fn flow_columns<'a>() -> Vec<Column<'a, FlowDelays>> {
    use {Type::*, Unit::None as Id, Unit::Packets as P, Unit::Seconds as S};
    type F = FlowDelays;
    vec![
        Column::new("tcp_stream", UInt, Id, |f: &F| f.tcp_stream.into()).label("subflow"),
        Column::new("peer_tcp_streams", Text, Id, |f: &F| {
            list(&f.peer_tcp_streams).into()
        })
        .json_as(|f| ids_json(&f.peer_tcp_streams))
        .label("server's subflows"),
        direction(|f: &F| f.direction),
        Column::new("sent", UInt, P, |f: &F| f.sent.into()).label("sent packets"),
        Column::new("received", UInt, P, |f: &F| f.received.into()).label("received"),
        Column::new("lost", UInt, P, |f: &F| f.lost.into()).label("lost"),
        Column::new("unmatched", UInt, P, |f: &F| f.unmatched.into()).label("unmatched"),
        Column::new("negative", UInt, P, |f: &F| f.negative.into()).label("negative delays"),
        Column::new("owd_min_s", Float, S, |f: &F| f.owd_min_s.into()),
        Column::new("owd_median_s", Float, S, |f: &F| f.owd_median_s.into()),
        Column::new("owd_p95_s", Float, S, |f: &F| f.owd_p95_s.into()),
        Column::new("owd_p99_s", Float, S, |f: &F| f.owd_p99_s.into()),
        Column::new("owd_max_s", Float, S, |f: &F| f.owd_max_s.into()),
        Column::new("clock_offset_estimate_s", Float, S, |f: &F| {
            f.clock_offset_estimate_s.into()
        }),
    ]
}

/// A flat row of the summary: a flow and the summary (its clock offset).
type FlowRow<'a> = (&'a FlowDelays, &'a OwdSummaryReport);

/// The flat columns of the summary: each flow's, the clock offset applied before its
/// estimate.
fn flat_columns<'a>() -> Vec<Column<'a, FlowRow<'a>>> {
    let mut cols: Vec<Column<FlowRow>> = flow_columns()
        .into_iter()
        .map(|c| c.lift(|r: &FlowRow<'a>| r.0))
        .collect();
    let at = cols.len() - 1;
    cols.insert(at, clock_offset_column().lift(|r: &FlowRow<'a>| r.1));
    cols
}

impl Serialize for OwdSummaryReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        members(&mut map, &summary_columns(self), self)?;
        let fc = flow_columns();
        let flows: Vec<_> = self.report.flows.iter().map(|f| object(&fc, f)).collect();
        map.serialize_entry("flows", &flows)?;
        map.end()
    }
}

impl Report for OwdSummaryReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        use crate::output::columns::pick;
        let r = &self.report;
        let mut out = String::new();
        match (self.tcp_stream, self.mptcp_stream) {
            (Some(t), _) => out.push_str(&format!("TCP connection {t}")),
            (_, Some(m)) => out.push_str(&format!(
                "MPTCP connection {m} (server capture: {})",
                self.peer_mptcp_stream
                    .flatten()
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| "no match".into())
            )),
            _ => {}
        }
        out.push_str(&format!(
            "; clock offset applied {:.6} s, estimated {}\n",
            r.clock_offset_s,
            r.clock_offset_estimate_s
                .map(|x| format!("{x:.6} s"))
                .unwrap_or_else(|| "-".into())
        ));
        let mut cols = pick(
            flow_columns(),
            &[
                "tcp_stream",
                "peer_tcp_streams",
                "direction",
                "sent",
                "received",
                "lost",
                "unmatched",
                "negative",
            ],
        );
        cols.extend([
            ms_column("min delay (ms)", |f: &FlowDelays| f.owd_min_s),
            ms_column("median (ms)", |f: &FlowDelays| f.owd_median_s),
            ms_column("p95 (ms)", |f: &FlowDelays| f.owd_p95_s),
            ms_column("p99 (ms)", |f: &FlowDelays| f.owd_p99_s),
            ms_column("max (ms)", |f: &FlowDelays| f.owd_max_s),
        ]);
        out.push_str(&crate::output::export::table::render(&Flat::of(
            &cols, &r.flows,
        )));
        out
    }

    /// One row per (subflow, direction).
    fn flat(&self) -> Flat {
        Flat::of(&flat_columns(), self.report.flows.iter().map(|f| (f, self)))
    }
}

/// `owd --per-packet` output: one row per packet seen at both taps.
#[derive(Debug)]
pub struct OwdPacketsReport {
    pub packets: Vec<PacketDelay>,
    /// Nanoseconds since the epoch that print as 0 (`--time-origin`).
    pub zero_ns: i64,
}

/// A packet and the report's time zero.
type PacketRow<'a> = At<'a, PacketDelay>;

/// The columns of `owd --per-packet`. Times count from the report's zero: exact in the flat
/// view (integer nanoseconds, decimal seconds in CSV), seconds in JSON, where the capture
/// times also are exact integers (`sent_ns`, `received_ns`: since the epoch) and decimal
/// strings (`*_ns_str`, as jq 1.6 and JavaScript round integers above 2^53).
fn packet_columns<'a>() -> Vec<Column<'a, PacketRow<'a>>> {
    use {Type::*, Unit::None as Id};
    type P<'b> = PacketRow<'b>;
    vec![
        Column::new("tcp_stream", UInt, Id, |p: &P| p.x.tcp_stream.into()).label("subflow"),
        Column::new("peer_tcp_stream", UInt, Id, |p: &P| {
            p.x.peer_tcp_stream.into()
        })
        .label("server's subflow"),
        direction(|p: &P| p.x.direction),
        Column::new("client_frame", UInt, Id, |p: &P| p.x.client_frame.into()),
        Column::new("server_frame", UInt, Id, |p: &P| p.x.server_frame.into()),
        Column::new("sent_s", Nanos, Unit::Seconds, |p: &P| {
            Value::Nanos(p.x.sent_ns.saturating_sub(p.zero_ns))
        })
        .json_as(|p| secs_since(p.x.sent_ns, p.zero_ns).into()),
        Column::new("received_s", Nanos, Unit::Seconds, |p: &P| {
            Value::Nanos(p.x.received_ns.saturating_sub(p.zero_ns))
        })
        .json_as(|p| secs_since(p.x.received_ns, p.zero_ns).into()),
        Column::new("owd_s", Nanos, Unit::Seconds, |p: &P| {
            Value::Nanos(p.x.owd_ns)
        })
        .json_as(|p| p.x.owd_s.into())
        .label("delay"),
        Column::new("owd_ns", Int, Id, |p: &P| p.x.owd_ns.into()).json_only(),
        Column::new("seq_raw", UInt, Id, |p: &P| p.x.seq_raw.into()).label("raw seq"),
        Column::new("payload_len", UInt, Unit::Bytes, |p: &P| {
            p.x.payload_len.into()
        })
        .label("payload"),
        Column::new("dsn", Int, Id, |p: &P| p.x.dsn.into()),
        Column::new("retransmission", Bool, Id, |p: &P| {
            p.x.retransmission.into()
        }),
        Column::new("reinjection", Bool, Id, |p: &P| p.x.reinjection.into()),
        Column::new("sent_ns", Int, Id, |p: &P| p.x.sent_ns.into()).json_only(),
        Column::new("received_ns", Int, Id, |p: &P| p.x.received_ns.into()).json_only(),
        Column::new("sent_ns_str", Text, Id, |p: &P| {
            p.x.sent_ns.to_string().into()
        })
        .json_only(),
        Column::new("received_ns_str", Text, Id, |p: &P| {
            p.x.received_ns.to_string().into()
        })
        .json_only(),
    ]
}

impl OwdPacketsReport {
    fn rows(&self) -> impl Iterator<Item = PacketRow<'_>> {
        self.packets.iter().map(|x| At {
            x,
            zero_ns: self.zero_ns,
        })
    }
}

impl Serialize for OwdPacketsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let cols = packet_columns();
        let mut seq = s.serialize_seq(Some(self.packets.len()))?;
        for r in self.rows() {
            seq.serialize_element(&object(&cols, &r))?;
        }
        seq.end()
    }
}

impl Report for OwdPacketsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        crate::output::export::table::render(&self.flat())
    }

    fn flat(&self) -> Flat {
        Flat::of(&packet_columns(), self.rows())
    }
}
