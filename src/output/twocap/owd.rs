//! `owd`: the one-way delays per subflow and direction, or per packet.

use super::list;
#[cfg(feature = "application")]
use super::{ms, psql};
use crate::analysis::twocap::owd::{FlowDelays, OwdReport, PacketDelay};
use crate::output::columns::{Column, Flat, Type, Unit, Value};
use crate::output::Report;
use serde::{Serialize, Serializer};
#[cfg(feature = "application")]
use tabled::builder::Builder;

/// `owd` output: the summary per subflow and direction.
#[derive(Debug, Serialize)]
pub struct OwdSummaryReport {
    /// The connection asked for in the client capture, and its match in the server capture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_stream: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mptcp_stream: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer_mptcp_stream: Option<Option<u64>>,
    #[serde(flatten)]
    pub report: OwdReport,
}

impl Report for OwdSummaryReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
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
        let mut b = Builder::default();
        b.push_record([
            "tcp",
            "peer",
            "direction",
            "sent",
            "recv",
            "lost",
            "unmatched",
            "neg",
            "min ms",
            "median",
            "p95",
            "p99",
            "max",
        ]);
        for f in &r.flows {
            b.push_record([
                f.tcp_stream.to_string(),
                list(&f.peer_tcp_streams),
                f.direction.as_str().to_string(),
                f.sent.to_string(),
                f.received.to_string(),
                f.lost.to_string(),
                f.unmatched.to_string(),
                f.negative.to_string(),
                ms(f.owd_min_s),
                ms(f.owd_median_s),
                ms(f.owd_p95_s),
                ms(f.owd_p99_s),
                ms(f.owd_max_s),
            ]);
        }
        out.push_str(&format!("{}\n", psql(b)));
        out
    }

    /// One row per (subflow, direction).
    fn flat(&self) -> Flat {
        let offset = self.report.clock_offset_s;
        Flat::of(
            &owd_columns(),
            self.report.flows.iter().map(|f| (f, offset)),
        )
    }
}

/// `owd --per-packet` output: one row per packet seen at both taps.
#[derive(Debug)]
pub struct OwdPacketsReport(pub Vec<PacketDelay>);

/// One packet in JSON: its fields, then the epoch nanoseconds as exact decimal strings
/// (above 2^53, which jq 1.6 and JavaScript round).
#[derive(Serialize)]
struct PacketDelayJson<'a> {
    #[serde(flatten)]
    p: &'a PacketDelay,
    sent_ns_str: String,
    received_ns_str: String,
}

impl Serialize for OwdPacketsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|p| PacketDelayJson {
            p,
            sent_ns_str: p.sent_ns.to_string(),
            received_ns_str: p.received_ns.to_string(),
        }))
    }
}

/// The columns of `owd --per-packet`: times exact (integer nanoseconds, decimal seconds in CSV).
fn packet_columns() -> Vec<Column<'static, PacketDelay>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("tcp_stream", UInt, Id, |p: &PacketDelay| {
            p.tcp_stream.into()
        }),
        Column::new("peer_tcp_stream", UInt, Id, |p: &PacketDelay| {
            p.peer_tcp_stream.into()
        }),
        Column::new("direction", Text, Id, |p: &PacketDelay| {
            p.direction.as_str().into()
        }),
        Column::new("client_frame", UInt, Id, |p: &PacketDelay| {
            p.client_frame.into()
        }),
        Column::new("server_frame", UInt, Id, |p: &PacketDelay| {
            p.server_frame.into()
        }),
        Column::new("sent_s", Nanos, Unit::Seconds, |p: &PacketDelay| {
            Value::Nanos(p.sent_ns)
        }),
        Column::new("received_s", Nanos, Unit::Seconds, |p: &PacketDelay| {
            Value::Nanos(p.received_ns)
        }),
        Column::new("owd_s", Nanos, Unit::Seconds, |p: &PacketDelay| {
            Value::Nanos(p.owd_ns)
        }),
        Column::new("seq_raw", UInt, Id, |p: &PacketDelay| p.seq_raw.into()),
        Column::new("payload_len", UInt, Unit::Bytes, |p: &PacketDelay| {
            p.payload_len.into()
        }),
        Column::new("dsn", Int, Id, |p: &PacketDelay| p.dsn.into()),
        Column::new("retransmission", Bool, Id, |p: &PacketDelay| {
            p.retransmission.into()
        }),
        Column::new("reinjection", Bool, Id, |p: &PacketDelay| {
            p.reinjection.into()
        }),
    ]
}

impl Report for OwdPacketsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        crate::output::export::table::render(&self.flat())
    }

    fn flat(&self) -> Flat {
        Flat::of(&packet_columns(), &self.0)
    }
}

/// The columns of `owd` (summary): a flow and the capture pair's clock offset.
fn owd_columns<'a>() -> Vec<Column<'a, (&'a FlowDelays, f64)>> {
    use {Type::*, Unit::None as Id, Unit::Seconds as S};
    vec![
        Column::new("tcp_stream", UInt, Id, |(f, _)| f.tcp_stream.into()),
        Column::new("peer_tcp_streams", Text, Id, |(f, _)| {
            list(&f.peer_tcp_streams).into()
        }),
        Column::new("direction", Text, Id, |(f, _)| f.direction.as_str().into()),
        Column::new("sent", UInt, Unit::Packets, |(f, _)| f.sent.into()),
        Column::new("received", UInt, Unit::Packets, |(f, _)| f.received.into()),
        Column::new("lost", UInt, Unit::Packets, |(f, _)| f.lost.into()),
        Column::new("unmatched", UInt, Unit::Packets, |(f, _)| {
            f.unmatched.into()
        }),
        Column::new("negative", UInt, Unit::Packets, |(f, _)| f.negative.into()),
        Column::new("owd_min_s", Float, S, |(f, _)| f.owd_min_s.into()),
        Column::new("owd_median_s", Float, S, |(f, _)| f.owd_median_s.into()),
        Column::new("owd_p95_s", Float, S, |(f, _)| f.owd_p95_s.into()),
        Column::new("owd_p99_s", Float, S, |(f, _)| f.owd_p99_s.into()),
        Column::new("owd_max_s", Float, S, |(f, _)| f.owd_max_s.into()),
        Column::new("clock_offset_s", Float, S, |(_, offset)| (*offset).into()),
        Column::new("clock_offset_estimate_s", Float, S, |(f, _)| {
            f.clock_offset_estimate_s.into()
        }),
    ]
}
