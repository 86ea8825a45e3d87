//! `receiver`: what the receiver got in order, per direction and subflow.

use super::list;
#[cfg(feature = "application")]
use super::psql;
use crate::analysis::twocap::receiver::{DirectionReceived, ReceiverReport, SubflowReceived};
use crate::output::columns::{Column, Flat, Type, Unit};
use crate::output::Report;
use serde::Serialize;
#[cfg(feature = "application")]
use tabled::builder::Builder;

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
                crate::output::human_bytes(d.delivered_bytes as f64),
                d.duration_s,
                crate::output::human_bit_rate(d.goodput_bit_s),
                d.hol_time_s,
                d.hol_events,
                crate::output::human_bytes(d.max_waiting_bytes as f64),
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
            out.push_str(&format!("{}\n", psql(b)));
        }
        out
    }

    /// One row per (direction, subflow), the direction's figures repeated.
    fn flat(&self) -> Flat {
        let r = &self.0;
        let rows = r
            .directions
            .iter()
            .flat_map(|d| d.subflows.iter().map(move |s| (r, d, s)));
        Flat::of(&receiver_columns(), rows)
    }
}

/// A row of `receiver`: the report, one direction and one of its subflows.
type ReceiverRow<'a> = (
    &'a ReceiverReport,
    &'a DirectionReceived,
    &'a SubflowReceived,
);

/// The columns of `receiver`.
fn receiver_columns<'a>() -> Vec<Column<'a, ReceiverRow<'a>>> {
    use {Type::*, Unit::None as Id, Unit::Seconds as S};
    vec![
        Column::new("mptcp_stream", UInt, Id, |r: &ReceiverRow| {
            r.0.mptcp_stream.into()
        }),
        Column::new("peer_mptcp_stream", UInt, Id, |r: &ReceiverRow| {
            r.0.peer_mptcp_stream.into()
        }),
        Column::new("direction", Text, Id, |r: &ReceiverRow| {
            r.1.direction.as_str().into()
        }),
        Column::new("delivered_bytes", UInt, Unit::Bytes, |r: &ReceiverRow| {
            r.1.delivered_bytes.into()
        }),
        Column::new("duration_s", Float, S, |r: &ReceiverRow| {
            r.1.duration_s.into()
        }),
        Column::new(
            "goodput_bit_s",
            Float,
            Unit::BitsPerSecond,
            |r: &ReceiverRow| r.1.goodput_bit_s.into(),
        ),
        Column::new("hol_time_s", Float, S, |r: &ReceiverRow| {
            r.1.hol_time_s.into()
        }),
        Column::new("hol_events", UInt, Id, |r: &ReceiverRow| {
            r.1.hol_events.into()
        }),
        Column::new("max_waiting_bytes", UInt, Unit::Bytes, |r: &ReceiverRow| {
            r.1.max_waiting_bytes.into()
        }),
        Column::new(
            "packets_without_dsn",
            UInt,
            Unit::Packets,
            |r: &ReceiverRow| r.1.packets_without_dsn.into(),
        ),
        Column::new("tcp_stream", UInt, Id, |r: &ReceiverRow| {
            r.2.tcp_stream.into()
        }),
        Column::new("peer_tcp_streams", Text, Id, |r: &ReceiverRow| {
            list(&r.2.peer_tcp_streams).into()
        }),
        Column::new("packets_sent", UInt, Unit::Packets, |r: &ReceiverRow| {
            r.2.packets_sent.into()
        }),
        Column::new(
            "packets_received",
            UInt,
            Unit::Packets,
            |r: &ReceiverRow| r.2.packets_received.into(),
        ),
        Column::new("lost_packets", UInt, Unit::Packets, |r: &ReceiverRow| {
            r.2.lost_packets.into()
        }),
        Column::new(
            "payload_bytes_sent",
            UInt,
            Unit::Bytes,
            |r: &ReceiverRow| r.2.payload_bytes_sent.into(),
        ),
        Column::new(
            "payload_bytes_received",
            UInt,
            Unit::Bytes,
            |r: &ReceiverRow| r.2.payload_bytes_received.into(),
        ),
        Column::new(
            "lost_payload_bytes",
            UInt,
            Unit::Bytes,
            |r: &ReceiverRow| r.2.lost_payload_bytes.into(),
        ),
    ]
}
