//! `owd`: the one-way delays per subflow and direction, or per packet.

use super::list;
#[cfg(feature = "application")]
use super::{ms, psql};
use crate::analysis::twocap::owd::{FlowDelays, OwdReport, PacketDelay};
use crate::output::columns::{Column, Flat, Type, Unit};
use crate::output::{opt, Report};
use serde::{Serialize, Serializer};
#[cfg(feature = "application")]
use tabled::builder::Builder;

/// Integer nanoseconds as exact decimal seconds.
fn ns_secs(ns: i64) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let a = ns.unsigned_abs();
    format!("{sign}{}.{:09}", a / 1_000_000_000, a % 1_000_000_000)
}

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

const PACKET_COLUMNS: [&str; 13] = [
    "tcp_stream",
    "peer_tcp_stream",
    "direction",
    "client_frame",
    "server_frame",
    "sent_s",
    "received_s",
    "owd_s",
    "seq_raw",
    "payload_len",
    "dsn",
    "retransmission",
    "reinjection",
];

fn packet_row(p: &PacketDelay) -> Vec<String> {
    vec![
        p.tcp_stream.to_string(),
        p.peer_tcp_stream.to_string(),
        p.direction.as_str().to_string(),
        p.client_frame.to_string(),
        p.server_frame.to_string(),
        ns_secs(p.sent_ns),
        ns_secs(p.received_ns),
        ns_secs(p.owd_ns),
        p.seq_raw.to_string(),
        p.payload_len.to_string(),
        opt(p.dsn),
        p.retransmission.to_string(),
        p.reinjection.to_string(),
    ]
}

impl Report for OwdPacketsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut b = Builder::default();
        b.push_record(PACKET_COLUMNS);
        for p in &self.0 {
            b.push_record(packet_row(p));
        }
        format!("{}\n", psql(b))
    }

    // text cells until these columns are declared typed (see output::columns)
    fn flat(&self) -> Flat {
        let (header, rows): (Vec<String>, Vec<Vec<String>>) = {
            (
                PACKET_COLUMNS.iter().map(|s| s.to_string()).collect(),
                self.0.iter().map(packet_row).collect(),
            )
        };
        Flat::text(header, rows)
    }
}

/// The columns of `owd` (summary): a flow and the capture pair's clock offset.
fn owd_columns<'a>() -> Vec<Column<(&'a FlowDelays, f64)>> {
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
