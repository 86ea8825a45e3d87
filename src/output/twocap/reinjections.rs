//! `reinjections`: each reinjection of a connection, qualified with the receiver's capture.

use super::list;
#[cfg(feature = "application")]
use super::{ms, psql};
use crate::analysis::twocap::reinject::{Reinjection, ReinjectionReport};
use crate::output::columns::{Column, Flat, Type, Unit};
#[cfg(feature = "application")]
use crate::output::opt;
use crate::output::Report;
use serde::Serialize;
#[cfg(feature = "application")]
use tabled::builder::Builder;

/// `reinjections` output.
#[derive(Debug, Serialize)]
pub struct ReinjectionsReport {
    pub mptcp_stream: u64,
    /// With a second capture: the matching connection in it (null: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer_mptcp_stream: Option<Option<u64>>,
    #[serde(flatten)]
    pub report: ReinjectionReport,
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
        out.push_str(&format!("{}\n", psql(b)));
        out.push_str(&format!("{}\n", psql(summary_table(r, two))));
        out
    }

    /// One row per reinjection.
    fn flat(&self) -> Flat {
        Flat::of(&reinjection_columns(), &self.report.reinjections)
    }
}

/// The columns of `reinjections`: one row per reinjection (the receiver's figures empty with
/// one capture).
fn reinjection_columns() -> Vec<Column<'static, Reinjection>> {
    use {Type::*, Unit::None as Id, Unit::Seconds as S};
    vec![
        Column::new("frame", UInt, Id, |x: &Reinjection| x.frame.into()),
        Column::new("tcp_stream", UInt, Id, |x: &Reinjection| {
            x.tcp_stream.into()
        }),
        Column::new("direction", Text, Id, |x: &Reinjection| {
            x.direction.as_str().into()
        }),
        Column::new("time_s", Float, S, |x: &Reinjection| x.time_s.into()),
        Column::new("dsn", Int, Id, |x: &Reinjection| x.dsn.into()),
        Column::new("dsn_end", Int, Id, |x: &Reinjection| x.dsn_end.into()),
        Column::new("payload_len", UInt, Unit::Bytes, |x: &Reinjection| {
            x.payload_len.into()
        }),
        Column::new("original_frames", Text, Id, |x: &Reinjection| {
            let v: Vec<u64> = x.originals.iter().map(|o| o.frame).collect();
            list(&v).into()
        }),
        Column::new("original_tcp_streams", Text, Id, |x: &Reinjection| {
            let v: Vec<u64> = x.originals.iter().map(|o| o.tcp_stream).collect();
            list(&v).into()
        }),
        Column::new("delay_s", Float, S, |x: &Reinjection| x.delay_s.into()),
        Column::new("received", Bool, Id, |x: &Reinjection| x.received.into()),
        Column::new("arrival_s", Float, S, |x: &Reinjection| x.arrival_s.into()),
        Column::new("original_arrival_s", Float, S, |x: &Reinjection| {
            x.original_arrival_s.into()
        }),
        Column::new("gain_s", Float, S, |x: &Reinjection| x.gain_s.into()),
        Column::new("qualification", Text, Id, |x: &Reinjection| {
            x.qualification.into()
        }),
    ]
}

/// The per-subflow summary of `reinjections` (with the receiver's qualification when `two`).
#[cfg(feature = "application")]
fn summary_table(r: &ReinjectionReport, two: bool) -> Builder {
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
    b
}
