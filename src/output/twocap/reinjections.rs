//! `reinjections`: each reinjection of a connection, qualified with the receiver's capture.

#[cfg(feature = "application")]
use super::ms_column;
use super::{direction, list, secs_since, At};
use crate::analysis::twocap::reinject::{
    Original, Reinjection, ReinjectionReport, ReinjectionSummary,
};
use crate::output::columns::{members, object, Column, Flat, Json, Type, Unit};
use crate::output::Report;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// `reinjections` output.
#[derive(Debug)]
pub struct ReinjectionsReport {
    pub mptcp_stream: u64,
    /// With a second capture: the matching connection in it (None inside: none).
    pub peer_mptcp_stream: Option<Option<u64>>,
    pub report: ReinjectionReport,
    /// Nanoseconds since the epoch that print as 0 (`--time-origin`).
    pub zero_ns: i64,
}

/// The report's own columns (its JSON members before the lists).
fn report_columns<'a>(r: &ReinjectionsReport) -> Vec<Column<'a, ReinjectionsReport>> {
    use {Type::*, Unit::None as Id};
    type R = ReinjectionsReport;
    let mut cols = vec![Column::new("mptcp_stream", UInt, Id, |r: &R| {
        r.mptcp_stream.into()
    })];
    if r.peer_mptcp_stream.is_some() {
        cols.push(Column::new("peer_mptcp_stream", UInt, Id, |r: &R| {
            r.peer_mptcp_stream.flatten().into()
        }));
    }
    cols
}

/// The columns of an earlier transmission.
fn original_columns() -> Vec<Column<'static, Original>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("frame", UInt, Id, |o: &Original| o.frame.into()),
        Column::new("tcp_stream", UInt, Id, |o: &Original| o.tcp_stream.into()),
    ]
}

/// A reinjection and the report's time zero.
type Row<'a> = At<'a, Reinjection>;

/// The columns of one reinjection (the receiver's figures empty with one capture). Times
/// (`time_s`, `arrival_s`, `original_arrival_s`) count from the report's zero; in JSON the
/// earlier transmissions are an array of objects (`originals`), in the flat view two lists.
fn reinjection_columns<'a>() -> Vec<Column<'a, Row<'a>>> {
    use {Type::*, Unit::None as Id, Unit::Seconds as S};
    type X<'b> = Row<'b>;
    vec![
        Column::new("frame", UInt, Id, |x: &X| x.x.frame.into()),
        Column::new("tcp_stream", UInt, Id, |x: &X| x.x.tcp_stream.into()).label("subflow"),
        direction(|x: &X| x.x.direction),
        Column::new("time_s", Float, S, |x: &X| {
            secs_since(x.x.time_ns, x.zero_ns).into()
        })
        .label("time"),
        Column::new("dsn", Int, Id, |x: &X| x.x.dsn.into()),
        Column::new("dsn_end", Int, Id, |x: &X| x.x.dsn_end.into()).label("dsn end"),
        Column::new("payload_len", UInt, Unit::Bytes, |x: &X| {
            x.x.payload_len.into()
        })
        .label("payload"),
        Column::new("originals", Text, Id, |_: &X| None::<u64>.into())
            .json_as(|x| Json::objects(&original_columns(), &x.x.originals))
            .json_only(),
        Column::new("original_frames", Text, Id, |x: &X| {
            let v: Vec<u64> = x.x.originals.iter().map(|o| o.frame).collect();
            list(&v).into()
        })
        .flat_only(),
        Column::new("original_tcp_streams", Text, Id, |x: &X| {
            let v: Vec<u64> = x.x.originals.iter().map(|o| o.tcp_stream).collect();
            list(&v).into()
        })
        .flat_only(),
        Column::new("delay_s", Float, S, |x: &X| x.x.delay_s.into()).label("delay"),
        Column::new("received", Bool, Id, |x: &X| x.x.received.into()),
        Column::new("arrival_s", Float, S, |x: &X| {
            x.x.arrival_ns.map(|t| secs_since(t, x.zero_ns)).into()
        }),
        Column::new("original_arrival_s", Float, S, |x: &X| {
            x.x.original_arrival_ns
                .map(|t| secs_since(t, x.zero_ns))
                .into()
        }),
        Column::new("gain_s", Float, S, |x: &X| x.x.gain_s.into()).label("gain"),
        Column::new("qualification", Text, Id, |x: &X| x.x.qualification.into()),
    ]
}

/// The columns of the per-subflow summary (the receiver's counts empty with one capture).
fn summary_columns() -> Vec<Column<'static, ReinjectionSummary>> {
    use {Type::*, Unit::Bytes as B, Unit::None as Id, Unit::Packets as P};
    type S = ReinjectionSummary;
    vec![
        Column::new("tcp_stream", UInt, Id, |s: &S| s.tcp_stream.into()).label("subflow"),
        Column::new("direction", Text, Id, |s: &S| {
            s.direction.map(|d| d.as_str()).into()
        }),
        Column::new("reinjections", UInt, P, |s: &S| s.reinjections.into()),
        Column::new("bytes", UInt, B, |s: &S| s.bytes.into()).label("reinjected"),
        Column::new("useful", UInt, P, |s: &S| s.useful.into()),
        Column::new("useful_bytes", UInt, B, |s: &S| s.useful_bytes.into()).label("useful data"),
        Column::new("redundant", UInt, P, |s: &S| s.redundant.into()),
        Column::new("redundant_bytes", UInt, B, |s: &S| s.redundant_bytes.into())
            .label("redundant data"),
    ]
}

impl ReinjectionsReport {
    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.report.reinjections.iter().map(|x| At {
            x,
            zero_ns: self.zero_ns,
        })
    }
}

impl Serialize for ReinjectionsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        members(&mut map, &report_columns(self), self)?;
        let rc = reinjection_columns();
        let rows: Vec<Row> = self.rows().collect();
        let list: Vec<_> = rows.iter().map(|r| object(&rc, r)).collect();
        map.serialize_entry("reinjections", &list)?;
        let sc = summary_columns();
        let sums: Vec<_> = self.report.summary.iter().map(|x| object(&sc, x)).collect();
        map.serialize_entry("summary", &sums)?;
        let dirs: Vec<&str> = self
            .report
            .qualified_directions
            .iter()
            .map(|d| d.as_str())
            .collect();
        map.serialize_entry("qualified_directions", &dirs)?;
        map.end()
    }
}

impl Report for ReinjectionsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        use crate::output::columns::{pick, Value};
        use crate::output::export::table::render;
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
        let mut cols = pick(
            reinjection_columns(),
            &["frame", "tcp_stream", "direction", "time_s"],
        );
        cols.extend([
            Column::new("dsns", Type::Text, Unit::None, |x: &Row| {
                match (x.x.dsn, x.x.dsn_end) {
                    (Some(a), Some(e)) => Value::Text(format!("{a}-{e}")),
                    _ => Value::Null,
                }
            })
            .label("dsn range"),
            Column::new("originals", Type::Text, Unit::None, |x: &Row| {
                let v: Vec<String> =
                    x.x.originals
                        .iter()
                        .map(|o| format!("{}@{}", o.frame, o.tcp_stream))
                        .collect();
                v.join(" ").into()
            })
            .label("first sent (frame@subflow)"),
            ms_column("delay (ms)", |x: &Row| x.x.delay_s),
        ]);
        cols.splice(5..5, pick(reinjection_columns(), &["payload_len"]));
        if two {
            cols.extend(pick(reinjection_columns(), &["received"]));
            cols.push(ms_column("gain (ms)", |x: &Row| x.x.gain_s));
            cols.extend(pick(reinjection_columns(), &["qualification"]));
        }
        out.push_str(&render(&Flat::of(&cols, self.rows())));
        let mut sc = summary_columns();
        if !two {
            sc.truncate(4);
        }
        out.push_str(&render(&Flat::of(&sc, &r.summary)));
        out
    }

    /// One row per reinjection.
    fn flat(&self) -> Flat {
        Flat::of(&reinjection_columns(), self.rows())
    }
}
