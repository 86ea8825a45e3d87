//! Renderings of the two-capture commands: `map`, `owd` (docs/two-captures.md).

use super::columns::{Column, Flat, Type, Unit, Value};
use super::{opt, Report};
use crate::analysis::twocap::mapping::{Evidence, SubflowMatch, TcpCandidate};
use crate::analysis::twocap::mapping::{MptcpMatch, TcpMatch};
use crate::analysis::twocap::owd::FlowDelays;
use crate::analysis::twocap::owd::{OwdReport, PacketDelay};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
#[cfg(feature = "application")]
use tabled::{builder::Builder, settings::Style};

#[cfg(feature = "application")]
fn ms(v: Option<f64>) -> String {
    v.map(|x| format!("{:.3}", x * 1e3)).unwrap_or_default()
}

/// Integer nanoseconds as exact decimal seconds.
fn ns_secs(ns: i64) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let a = ns.unsigned_abs();
    format!("{sign}{}.{:09}", a / 1_000_000_000, a % 1_000_000_000)
}

#[cfg(feature = "application")]
fn f3(x: f64) -> String {
    format!("{x:.3}")
}

fn list(v: &[u64]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

/// `map tcp` output: one object per TCP connection of the first capture.
#[derive(Debug)]
pub struct TcpMapReport {
    pub matches: Vec<TcpMatch>,
    /// Show every candidate, not only the match.
    pub all: bool,
}

impl Serialize for TcpMapReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.matches.len()))?;
        for m in &self.matches {
            seq.serialize_element(&TcpMatchJson(m, self.all))?;
        }
        seq.end()
    }
}

struct TcpMatchJson<'a>(&'a TcpMatch, bool);

impl Serialize for TcpMatchJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("tcp_stream", &m.tcp_stream)?;
        map.serialize_entry("peer_tcp_stream", &m.peer_tcp_stream)?;
        map.serialize_entry("score", &m.score)?;
        map.serialize_entry("evidence", &m.evidence)?;
        if self.1 {
            map.serialize_entry("candidates", &m.candidates)?;
        }
        map.end()
    }
}

impl Report for TcpMapReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut b = Builder::default();
        b.push_record(["tcp", "peer tcp", "score", "evidence"]);
        for m in &self.matches {
            match (&m.evidence, self.all) {
                (_, true) if !m.candidates.is_empty() => {
                    for (k, c) in m.candidates.iter().enumerate() {
                        let mark = if Some(c.peer_tcp_stream) == m.peer_tcp_stream {
                            ""
                        } else {
                            " (other)"
                        };
                        b.push_record([
                            if k == 0 {
                                m.tcp_stream.to_string()
                            } else {
                                String::new()
                            },
                            format!("{}{mark}", c.peer_tcp_stream),
                            f3(c.score),
                            c.evidence.summary(),
                        ]);
                    }
                }
                (Some(e), _) => b.push_record([
                    m.tcp_stream.to_string(),
                    opt(m.peer_tcp_stream),
                    f3(m.score),
                    e.summary(),
                ]),
                (None, _) => b.push_record([
                    m.tcp_stream.to_string(),
                    "-".into(),
                    f3(0.0),
                    "no match".into(),
                ]),
            }
        }
        let mut t = b.build();
        t.with(Style::psql());
        format!("{t}\n")
    }

    /// One row per candidate shown (the match only, unless `all`); a connection without any
    /// has one row of empty cells (score 0).
    fn flat(&self) -> Flat {
        let rows = self.matches.iter().flat_map(|m| {
            let shown: Vec<Option<&TcpCandidate>> = m
                .candidates
                .iter()
                .filter(|c| self.all || Some(c.peer_tcp_stream) == m.peer_tcp_stream)
                .take(if self.all { usize::MAX } else { 1 })
                .map(Some)
                .collect();
            let shown = if shown.is_empty() { vec![None] } else { shown };
            shown.into_iter().map(move |c| (m, c))
        });
        Flat::of(&tcp_map_columns(), rows)
    }
}

/// `map mptcp` output: one object per MPTCP connection of the first capture.
#[derive(Debug)]
pub struct MptcpMapReport {
    pub matches: Vec<MptcpMatch>,
    pub all: bool,
}

impl Serialize for MptcpMapReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.matches.len()))?;
        for m in &self.matches {
            seq.serialize_element(&MptcpMatchJson(m, self.all))?;
        }
        seq.end()
    }
}

struct MptcpMatchJson<'a>(&'a MptcpMatch, bool);

impl Serialize for MptcpMatchJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("mptcp_stream", &m.mptcp_stream)?;
        map.serialize_entry("peer_mptcp_stream", &m.peer_mptcp_stream)?;
        map.serialize_entry("score", &m.score)?;
        map.serialize_entry("evidence", &m.evidence)?;
        map.serialize_entry("subflows", &m.subflows)?;
        if self.1 {
            map.serialize_entry("candidates", &m.candidates)?;
        }
        map.end()
    }
}

impl Report for MptcpMapReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = String::new();
        for m in &self.matches {
            out.push_str(&format!(
                "MPTCP connection {} -> {} (score {}, {})\n",
                m.mptcp_stream,
                m.peer_mptcp_stream
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| "no match".into()),
                f3(m.score),
                m.evidence.as_deref().unwrap_or("no evidence")
            ));
            if self.all {
                for c in m.candidates.iter().skip(1) {
                    out.push_str(&format!(
                        "  other candidate: {} (score {}, {})\n",
                        c.peer_mptcp_stream,
                        f3(c.score),
                        c.evidence
                    ));
                }
            }
            let mut b = Builder::default();
            b.push_record(["subflow tcp", "peer tcp", "score"]);
            for s in &m.subflows {
                b.push_record([
                    s.tcp_stream.to_string(),
                    s.peer_tcp_stream
                        .map(|x| x.to_string())
                        .unwrap_or_else(|| "-".into()),
                    f3(s.score),
                ]);
            }
            let mut t = b.build();
            t.with(Style::psql());
            out.push_str(&format!("{t}\n\n"));
        }
        out
    }

    /// One row per subflow of each connection.
    fn flat(&self) -> Flat {
        let rows = self
            .matches
            .iter()
            .flat_map(|m| m.subflows.iter().map(move |s| (m, s)));
        Flat::of(&mptcp_map_columns(), rows)
    }
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
        let mut t = b.build();
        t.with(Style::psql());
        out.push_str(&format!("{t}\n"));
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
        let mut t = b.build();
        t.with(Style::psql());
        format!("{t}\n")
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

/// `reinjections` output.
#[derive(Debug, Serialize)]
pub struct ReinjectionsReport {
    pub mptcp_stream: u64,
    /// With a second capture: the matching connection in it (null: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer_mptcp_stream: Option<Option<u64>>,
    #[serde(flatten)]
    pub report: crate::analysis::twocap::reinject::ReinjectionReport,
}

fn originals(r: &crate::analysis::twocap::reinject::Reinjection) -> (String, String) {
    (
        r.originals
            .iter()
            .map(|o| o.frame.to_string())
            .collect::<Vec<_>>()
            .join(";"),
        r.originals
            .iter()
            .map(|o| o.tcp_stream.to_string())
            .collect::<Vec<_>>()
            .join(";"),
    )
}

impl Report for ReinjectionsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let r = &self.report;
        let two = self.peer_mptcp_stream.is_some();
        let mut out = format!(
            "MPTCP connection {}: {} reinjection(s){}\n",
            self.mptcp_stream,
            r.reinjections.len(),
            match self.peer_mptcp_stream {
                Some(Some(p)) => format!(", receiver's connection {p}"),
                Some(None) => ", no matching connection in the receiver's capture".into(),
                None => String::new(),
            }
        );
        let mut b = Builder::default();
        let mut head = vec![
            "frame",
            "tcp",
            "direction",
            "time",
            "dsn",
            "len",
            "original (frame@tcp)",
            "delay ms",
        ];
        if two {
            head.extend(["received", "gain ms", "qualification"]);
        }
        b.push_record(head);
        for x in &r.reinjections {
            let mut row = vec![
                x.frame.to_string(),
                x.tcp_stream.to_string(),
                x.direction.as_str().to_string(),
                format!("{:.6}", x.time_s),
                match (x.dsn, x.dsn_end) {
                    (Some(a), Some(e)) => format!("{a}-{e}"),
                    _ => String::new(),
                },
                x.payload_len.to_string(),
                x.originals
                    .iter()
                    .map(|o| format!("{}@{}", o.frame, o.tcp_stream))
                    .collect::<Vec<_>>()
                    .join(" "),
                ms(x.delay_s),
            ];
            if two {
                row.extend([
                    x.received.map(|v| v.to_string()).unwrap_or_default(),
                    ms(x.gain_s),
                    x.qualification.unwrap_or("").to_string(),
                ]);
            }
            b.push_record(row);
        }
        let mut t = b.build();
        t.with(Style::psql());
        out.push_str(&format!("{t}\n"));
        let mut b = Builder::default();
        let mut head = vec!["tcp", "direction", "reinjections", "bytes"];
        if two {
            head.extend(["useful", "useful bytes", "redundant", "redundant bytes"]);
        }
        b.push_record(head);
        for s in &r.summary {
            let mut row = vec![
                s.tcp_stream.to_string(),
                s.direction.map(|d| d.as_str()).unwrap_or("").to_string(),
                s.reinjections.to_string(),
                s.bytes.to_string(),
            ];
            if two {
                row.extend([
                    opt(s.useful),
                    opt(s.useful_bytes),
                    opt(s.redundant),
                    opt(s.redundant_bytes),
                ]);
            }
            b.push_record(row);
        }
        let mut t = b.build();
        t.with(Style::psql());
        out.push_str(&format!("{t}\n"));
        out
    }

    // text cells until these columns are declared typed (see output::columns)
    fn flat(&self) -> Flat {
        let (header, rows): (Vec<String>, Vec<Vec<String>>) = {
            let header = [
                "frame",
                "tcp_stream",
                "direction",
                "time_s",
                "dsn",
                "dsn_end",
                "payload_len",
                "original_frames",
                "original_tcp_streams",
                "delay_s",
                "received",
                "arrival_s",
                "original_arrival_s",
                "gain_s",
                "qualification",
            ]
            .map(String::from)
            .to_vec();
            let s9 = |v: Option<f64>| v.map(|x| format!("{x:.9}")).unwrap_or_default();
            let rows = self
                .report
                .reinjections
                .iter()
                .map(|x| {
                    let (f, t) = originals(x);
                    vec![
                        x.frame.to_string(),
                        x.tcp_stream.to_string(),
                        x.direction.as_str().to_string(),
                        format!("{:.9}", x.time_s),
                        opt(x.dsn),
                        opt(x.dsn_end),
                        x.payload_len.to_string(),
                        f,
                        t,
                        s9(x.delay_s),
                        opt(x.received),
                        s9(x.arrival_s),
                        s9(x.original_arrival_s),
                        s9(x.gain_s),
                        x.qualification.unwrap_or("").to_string(),
                    ]
                })
                .collect();
            (header, rows)
        };
        Flat::text(header, rows)
    }
}

/// `receiver` output.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct ReceiverStatsReport(pub crate::analysis::twocap::receiver::ReceiverReport);

impl Report for ReceiverStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let r = &self.0;
        let mut out = format!(
            "MPTCP connection {} (server capture: {})\n",
            r.mptcp_stream,
            r.peer_mptcp_stream
                .map(|x| x.to_string())
                .unwrap_or_else(|| "no match".into())
        );
        for d in &r.directions {
            out.push_str(&format!(
                "{}: delivered {} in order over {:.3} s: goodput {}; head-of-line blocking {:.3} s \
                 ({} waits, at most {} waiting){}\n",
                d.direction.as_str(),
                super::human_bytes(d.delivered_bytes as f64),
                d.duration_s,
                super::human_rate(d.goodput_bps),
                d.hol_time_s,
                d.hol_events,
                super::human_bytes(d.max_waiting_bytes as f64),
                if d.packets_without_dsn > 0 {
                    format!("; {} data packets without DSN", d.packets_without_dsn)
                } else {
                    String::new()
                }
            ));
            let mut b = Builder::default();
            b.push_record([
                "tcp",
                "peer",
                "pkts sent",
                "pkts recv",
                "lost",
                "bytes sent",
                "bytes recv",
                "lost bytes",
            ]);
            for s in &d.subflows {
                b.push_record([
                    s.tcp_stream.to_string(),
                    list(&s.peer_tcp_streams),
                    s.packets_sent.to_string(),
                    s.packets_received.to_string(),
                    s.lost_packets.to_string(),
                    s.payload_bytes_sent.to_string(),
                    s.payload_bytes_received.to_string(),
                    s.lost_payload_bytes.to_string(),
                ]);
            }
            let mut t = b.build();
            t.with(Style::psql());
            out.push_str(&format!("{t}\n"));
        }
        out
    }

    // text cells until these columns are declared typed (see output::columns)
    fn flat(&self) -> Flat {
        let (header, rows): (Vec<String>, Vec<Vec<String>>) = {
            let header = [
                "mptcp_stream",
                "peer_mptcp_stream",
                "direction",
                "delivered_bytes",
                "duration_s",
                "goodput_bps",
                "hol_time_s",
                "hol_events",
                "max_waiting_bytes",
                "packets_without_dsn",
                "tcp_stream",
                "peer_tcp_streams",
                "packets_sent",
                "packets_received",
                "lost_packets",
                "payload_bytes_sent",
                "payload_bytes_received",
                "lost_payload_bytes",
            ]
            .map(String::from)
            .to_vec();
            let r = &self.0;
            let mut rows = Vec::new();
            for d in &r.directions {
                for s in &d.subflows {
                    rows.push(vec![
                        r.mptcp_stream.to_string(),
                        opt(r.peer_mptcp_stream),
                        d.direction.as_str().to_string(),
                        d.delivered_bytes.to_string(),
                        format!("{:.9}", d.duration_s),
                        format!("{:.3}", d.goodput_bps),
                        format!("{:.9}", d.hol_time_s),
                        d.hol_events.to_string(),
                        d.max_waiting_bytes.to_string(),
                        d.packets_without_dsn.to_string(),
                        s.tcp_stream.to_string(),
                        list(&s.peer_tcp_streams),
                        s.packets_sent.to_string(),
                        s.packets_received.to_string(),
                        s.lost_packets.to_string(),
                        s.payload_bytes_sent.to_string(),
                        s.payload_bytes_received.to_string(),
                        s.lost_payload_bytes.to_string(),
                    ]);
                }
            }
            (header, rows)
        };
        Flat::text(header, rows)
    }
}

/// The columns of `map mptcp`.
fn mptcp_map_columns<'a>() -> Vec<Column<(&'a MptcpMatch, &'a SubflowMatch)>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("mptcp_stream", UInt, Id, |(m, _)| m.mptcp_stream.into()),
        Column::new("peer_mptcp_stream", UInt, Id, |(m, _)| {
            m.peer_mptcp_stream.into()
        }),
        Column::new("score", Float, Unit::Score, |(m, _)| m.score.into()),
        Column::new("evidence", Text, Id, |(m, _)| m.evidence.clone().into()),
        Column::new("tcp_stream", UInt, Id, |(_, s)| s.tcp_stream.into()),
        Column::new("peer_tcp_stream", UInt, Id, |(_, s)| {
            s.peer_tcp_stream.into()
        }),
        Column::new("subflow_score", Float, Unit::Score, |(_, s)| s.score.into()),
    ]
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

/// A row of `map tcp`: a connection and one of its candidates (none: empty cells).
type TcpMapRow<'a> = (&'a TcpMatch, Option<&'a TcpCandidate>);

/// A figure of the row's candidate's evidence, if it has a candidate.
fn ev<T: Into<Value>>(r: &TcpMapRow, get: fn(&Evidence) -> T) -> Value {
    r.1.map(|c| get(&c.evidence)).into()
}

/// The columns of `map tcp`.
fn tcp_map_columns<'a>() -> Vec<Column<TcpMapRow<'a>>> {
    use {Type::*, Unit::None as Id, Unit::Score as Sc};
    vec![
        Column::new("tcp_stream", UInt, Id, |r| r.0.tcp_stream.into()),
        Column::new("peer_tcp_stream", UInt, Id, |r| {
            r.1.map(|c| c.peer_tcp_stream).into()
        }),
        Column::new("score", Float, Sc, |r| r.1.map_or(0.0, |c| c.score).into()),
        Column::new("accepted", Bool, Id, |r| {
            r.1.map(|c| Some(c.peer_tcp_stream) == r.0.peer_tcp_stream)
                .into()
        }),
        Column::new("segments_common", UInt, Unit::Packets, |r| {
            ev(r, |e| e.segments_common)
        }),
        Column::new("segments_fraction", Float, Sc, |r| {
            ev(r, |e| e.segments_fraction)
        }),
        Column::new("isn", Text, Id, |r| ev(r, |e| e.isn)),
        Column::new("same_4tuple", Bool, Id, |r| ev(r, |e| e.same_4tuple)),
        Column::new("ts_fraction", Float, Sc, |r| ev(r, |e| e.ts_fraction)),
        Column::new("profile", Float, Sc, |r| ev(r, |e| e.profile)),
    ]
}
