//! `receiver`: what the receiver got in order, per direction and subflow.

use super::{direction, ids_json, list, secs_since, At};
use crate::analysis::twocap::receiver::{DirectionReceived, ReceiverReport, SubflowReceived};
use crate::output::columns::{members, object, pick, Column, Flat, Type, Unit};
use crate::output::Report;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// `receiver` output.
#[derive(Debug)]
pub struct ReceiverStatsReport {
    pub report: ReceiverReport,
    /// Nanoseconds since the epoch that print as 0 (`--time-origin`).
    pub zero_ns: i64,
}

/// The connection's columns (its JSON members before `directions`).
fn report_columns() -> Vec<Column<'static, ReceiverReport>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("mptcp_stream", UInt, Id, |r: &ReceiverReport| {
            r.mptcp_stream.into()
        }),
        Column::new("peer_mptcp_stream", UInt, Id, |r: &ReceiverReport| {
            r.peer_mptcp_stream.into()
        }),
    ]
}

/// A direction and the report's time zero.
type Dir<'a> = At<'a, DirectionReceived>;

/// The columns of one direction (its JSON members before `subflows`); the receiver's times
/// count from the report's zero.
fn direction_columns<'a>() -> Vec<Column<'a, Dir<'a>>> {
    use {Type::*, Unit::Bytes as B, Unit::None as Id, Unit::Seconds as S};
    type D<'b> = Dir<'b>;
    vec![
        direction(|d: &D| d.x.direction),
        Column::new("delivered_bytes", UInt, B, |d: &D| {
            d.x.delivered_bytes.into()
        })
        .label("delivered in order"),
        Column::new("first_data_s", Float, S, |d: &D| {
            d.x.first_data_ns.map(|t| secs_since(t, d.zero_ns)).into()
        })
        .json_only(),
        Column::new("last_delivery_s", Float, S, |d: &D| {
            d.x.last_delivery_ns
                .map(|t| secs_since(t, d.zero_ns))
                .into()
        })
        .json_only(),
        Column::new("duration_s", Float, S, |d: &D| d.x.duration_s.into()),
        Column::new("goodput_bit_s", Float, Unit::BitsPerSecond, |d: &D| {
            d.x.goodput_bit_s.into()
        }),
        Column::new("hol_time_s", Float, S, |d: &D| d.x.hol_time_s.into())
            .label("head-of-line blocking"),
        Column::new("hol_events", UInt, Id, |d: &D| d.x.hol_events.into()).label("waits"),
        Column::new("max_waiting_bytes", UInt, B, |d: &D| {
            d.x.max_waiting_bytes.into()
        })
        .label("most waiting"),
        Column::new("packets_without_dsn", UInt, Unit::Packets, |d: &D| {
            d.x.packets_without_dsn.into()
        })
        .label("packets without DSN"),
    ]
}

/// The columns of one subflow of a direction.
fn subflow_columns() -> Vec<Column<'static, SubflowReceived>> {
    use {Type::*, Unit::Bytes as B, Unit::None as Id, Unit::Packets as P};
    type S = SubflowReceived;
    vec![
        Column::new("tcp_stream", UInt, Id, |s: &S| s.tcp_stream.into()).label("subflow"),
        Column::new("peer_tcp_streams", Text, Id, |s: &S| {
            list(&s.peer_tcp_streams).into()
        })
        .json_as(|s| ids_json(&s.peer_tcp_streams))
        .label("server's subflows"),
        Column::new("packets_sent", UInt, P, |s: &S| s.packets_sent.into()),
        Column::new("payload_bytes_sent", UInt, B, |s: &S| {
            s.payload_bytes_sent.into()
        })
        .label("payload sent"),
        Column::new("packets_received", UInt, P, |s: &S| {
            s.packets_received.into()
        }),
        Column::new("payload_bytes_received", UInt, B, |s: &S| {
            s.payload_bytes_received.into()
        })
        .label("payload received"),
        Column::new("lost_packets", UInt, P, |s: &S| s.lost_packets.into()).label("packets lost"),
        Column::new("lost_payload_bytes", UInt, B, |s: &S| {
            s.lost_payload_bytes.into()
        })
        .label("payload lost"),
    ]
}

/// The subflow columns in the order of the flat view and the tables: packets, then bytes.
const SUBFLOW_FLAT: [&str; 8] = [
    "tcp_stream",
    "peer_tcp_streams",
    "packets_sent",
    "packets_received",
    "lost_packets",
    "payload_bytes_sent",
    "payload_bytes_received",
    "lost_payload_bytes",
];

/// The end a direction's data goes to.
#[cfg(feature = "application")]
fn towards(d: crate::analysis::twocap::Direction) -> &'static str {
    match d {
        crate::analysis::twocap::Direction::ToServer => "server",
        crate::analysis::twocap::Direction::ToClient => "client",
    }
}

/// A flat row: the connection, one direction and one of its subflows.
type Row<'a> = (&'a ReceiverReport, Dir<'a>, &'a SubflowReceived);

impl ReceiverStatsReport {
    fn directions(&self) -> impl Iterator<Item = Dir<'_>> {
        self.report.directions.iter().map(|x| At {
            x,
            zero_ns: self.zero_ns,
        })
    }
}

impl Serialize for ReceiverStatsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// A direction in JSON: its columns, then its subflows.
        struct DirJson<'a>(Dir<'a>);
        impl Serialize for DirJson<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                members(&mut map, &direction_columns(), &self.0)?;
                let sc = subflow_columns();
                let subs: Vec<_> = self.0.x.subflows.iter().map(|x| object(&sc, x)).collect();
                map.serialize_entry("subflows", &subs)?;
                map.end()
            }
        }
        let mut map = s.serialize_map(None)?;
        members(&mut map, &report_columns(), &self.report)?;
        let dirs: Vec<DirJson> = self.directions().map(DirJson).collect();
        map.serialize_entry("directions", &dirs)?;
        map.end()
    }
}

impl Report for ReceiverStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        use crate::output::export::table::{render_indented, render_transposed};
        let r = &self.report;
        let mut out = format!(
            "MPTCP connection {} (server capture: {})\n",
            r.mptcp_stream,
            r.peer_mptcp_stream
                .map(|x| x.to_string())
                .unwrap_or_else(|| "no match".into())
        );
        let dirs: Vec<Dir> = self.directions().collect();
        let mut cols = direction_columns();
        cols[0] = Column::new("direction", Type::Text, Unit::None, |d: &Dir| {
            towards(d.x.direction).into()
        })
        .label("towards");
        out.push_str(&render_transposed(&Flat::of(&cols, &dirs), "direction", 2));
        for d in &r.directions {
            out.push_str(&format!(
                "  subflows, towards the {}:\n",
                towards(d.direction)
            ));
            out.push_str(&render_indented(
                &Flat::of(&pick(subflow_columns(), &SUBFLOW_FLAT), &d.subflows),
                2,
            ));
        }
        out
    }

    /// One row per (direction, subflow), the direction's figures repeated.
    fn flat(&self) -> Flat {
        let r = &self.report;
        let mut cols: Vec<Column<Row>> = report_columns()
            .into_iter()
            .map(|c| c.lift(|x: &Row| x.0))
            .collect();
        cols.extend(
            direction_columns()
                .into_iter()
                .map(|c| c.lift(|x: &Row| &x.1)),
        );
        cols.extend(
            pick(subflow_columns(), &SUBFLOW_FLAT)
                .into_iter()
                .map(|c| c.lift(|x: &Row| x.2)),
        );
        let rows = self
            .directions()
            .flat_map(|d| d.x.subflows.iter().map(move |s| (r, d, s)));
        Flat::of(&cols, rows)
    }
}
