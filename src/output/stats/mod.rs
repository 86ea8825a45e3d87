//! Renderings of `stats tcp` and `stats mptcp`. Each entity (a TCP direction, an MPTCP
//! direction, a subflow's part of it, a subflow, an event) declares its columns once; JSON
//! objects, the CSV rows and the tables are all made from those declarations.
//!
//! The declarations are in `entities.rs`; this module makes the reports of them.

mod entities;
mod shape;
mod stream;
mod tcp;
mod writer;

pub use entities::{
    event_columns, mptcp_direction_columns, mptcp_summary_columns, subflow_columns,
    subflow_direction_columns, tcp_direction_columns,
};
use entities::{mptcp_stats_columns, tcp_stats_columns};
pub use stream::{MptcpStatsRows, MptcpStatsStream, TcpStatsRows, TcpStatsStream};
pub use tcp::TcpStatsReport;
use tcp::*;
pub use writer::StatsWriter;

use super::columns::{members, object, pick, Column, Flat, Type, Unit};
use super::Report;
use crate::analysis::stats::{
    Event, MptcpDirection, MptcpStats, SubflowDirection, SubflowInfo, TcpDirection, TcpStats,
};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// `stats mptcp` output: an array of connections (of one when an id is given).
#[derive(Debug)]
pub struct MptcpStatsReport {
    pub stats: Vec<MptcpStats>,
    /// Tables: every figure of each connection (an id was given, or `--detail`), else one
    /// summary row per connection.
    pub detail: bool,
}

/// The columns of the JSON of `stats mptcp`, declared once per report (not once per
/// connection and direction).
struct MptcpJsonColumns {
    conn: Vec<Column<'static, MptcpStats>>,
    dir: Vec<Column<'static, MptcpDirection>>,
    subflow_dir: Vec<Column<'static, SubflowDirection>>,
    tcp_dir: Vec<Column<'static, TcpDirection>>,
    subflow: Vec<Column<'static, SubflowInfo>>,
    event: Vec<Column<'static, Event>>,
}

struct MptcpDirectionJson<'c, 'a>(&'c MptcpJsonColumns, &'a MptcpDirection);

impl Serialize for MptcpDirectionJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (cols, d) = (self.0, self.1);
        let mut map = s.serialize_map(None)?;
        members(&mut map, &cols.dir, d)?;
        struct Sub<'c, 'a>(&'c MptcpJsonColumns, &'a SubflowDirection);
        impl Serialize for Sub<'_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                members(&mut map, &self.0.subflow_dir, self.1)?;
                map.serialize_entry(
                    "tcp",
                    &self.1.tcp.as_deref().map(|t| object(&self.0.tcp_dir, t)),
                )?;
                map.end()
            }
        }
        let subs: Vec<Sub> = d.subflows.iter().map(|f| Sub(cols, f)).collect();
        map.serialize_entry("subflows", &subs)?;
        map.end()
    }
}

/// JSON of one MPTCP connection (its statistics by value or by reference).
struct MptcpStatsJson<'c, B>(&'c MptcpJsonColumns, B);

impl<B: std::borrow::Borrow<MptcpStats>> Serialize for MptcpStatsJson<'_, B> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (cols, c) = (self.0, self.1.borrow());
        let mut map = s.serialize_map(None)?;
        members(&mut map, &cols.conn, c)?;
        if let Some(d) = &c.to_server {
            map.serialize_entry("to_server", &MptcpDirectionJson(cols, d))?;
        }
        if let Some(d) = &c.to_client {
            map.serialize_entry("to_client", &MptcpDirectionJson(cols, d))?;
        }
        let subs: Vec<_> = c
            .subflows
            .iter()
            .map(|f| object(&cols.subflow, f))
            .collect();
        map.serialize_entry("subflows", &subs)?;
        let events: Vec<_> = c.events.iter().map(|e| object(&cols.event, e)).collect();
        map.serialize_entry("events", &events)?;
        map.end()
    }
}

impl MptcpJsonColumns {
    fn new() -> Self {
        MptcpJsonColumns {
            conn: mptcp_stats_columns(),
            dir: mptcp_direction_columns(),
            subflow_dir: subflow_direction_columns(),
            tcp_dir: tcp_direction_columns(),
            subflow: subflow_columns(),
            event: event_columns(),
        }
    }
}

impl Serialize for MptcpStatsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cols = MptcpJsonColumns::new();
        s.collect_seq(self.stats.iter().map(|c| MptcpStatsJson(&cols, c)))
    }
}

#[cfg(feature = "application")]
impl MptcpStatsReport {
    fn detail_table(s: &MptcpStats, out: &mut String) {
        use super::export::table::{render_indented, render_transposed};
        out.push_str(&format!(
            "MPTCP connection {} (v{}){}\n",
            s.mptcp_stream,
            s.version.map_or("?".to_string(), |v| v.to_string()),
            if s.fallback { ", fell back to TCP" } else { "" }
        ));
        let shown: Vec<Dir<MptcpDirection>> = [("server", &s.to_server), ("client", &s.to_client)]
            .into_iter()
            .filter_map(|(n, d)| d.as_ref().map(|d| (n, d)))
            .collect();
        let cols = pick(
            dir_cols(mptcp_direction_columns()),
            &[
                "direction",
                "data_bytes",
                "duration_s",
                "goodput_bit_s",
                "packets",
                "reinjections_packets",
                "reinjections_bytes",
                "out_of_order",
                "duplicate_data_acks",
                "data_fin",
            ],
        );
        out.push_str(&render_transposed(&Flat::of(&cols, &shown), "direction", 2));
        for (name, d) in &shown {
            let cols = pick(
                subflow_direction_columns(),
                &[
                    "tcp_stream",
                    "packets",
                    "payload_bytes",
                    "share",
                    "exclusive_bytes",
                    "reinjections_packets",
                    "reinjections_bytes",
                    "reinjected_elsewhere_bytes",
                ],
            );
            out.push_str(&format!("  subflows, towards the {name}:\n"));
            out.push_str(&render_transposed(
                &Flat::of(&cols, &d.subflows),
                "tcp_stream",
                2,
            ));
        }
        Self::subflows_table(s, out);
        if !s.events.is_empty() {
            out.push_str("  events:\n");
            out.push_str(&render_indented(&Flat::of(&event_columns(), &s.events), 2));
        }
    }

    /// The subflows of `s`, one row each with its role, and a line for each not closed
    /// normally.
    fn subflows_table(s: &MptcpStats, out: &mut String) {
        use super::export::table::render_indented;
        use crate::analysis::stats::SubflowInfo;
        out.push_str("  subflows:\n");
        let mut cols = subflow_columns();
        cols.push(Column::new(
            "role",
            Type::Text,
            Unit::None,
            |f: &SubflowInfo| {
                match (f.master, f.backup) {
                    (true, false) => "initial",
                    (true, true) => "initial, backup",
                    (false, false) => "join",
                    (false, true) => "join, backup",
                }
                .into()
            },
        ));
        let cols = pick(
            cols,
            &[
                "tcp_stream",
                "client",
                "server",
                "role",
                "client_addr_id",
                "server_addr_id",
                "lifetime_s",
            ],
        );
        out.push_str(&render_indented(&Flat::of(&cols, &s.subflows), 2));
        for f in &s.subflows {
            out.push_str(&super::subflow_end_line(f.tcp_stream, &f.end));
        }
    }
}

impl Report for MptcpStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        // no connection: the summary's header (one row per connection, none here), nothing in
        // detail (one block per connection); the command says why on stderr
        if !self.detail {
            return super::export::table::render(&Flat::of(&mptcp_summary_columns(), &self.stats));
        }
        let mut out = String::new();
        for s in &self.stats {
            Self::detail_table(s, &mut out);
        }
        out
    }

    /// One row per (connection, direction, subflow).
    fn flat(&self) -> Flat {
        mptcp_flat(&self.stats)
    }
}

/// The CSV rows of `stats mptcp` of `stats`: one per (connection, direction, subflow).
fn mptcp_flat<'a>(stats: impl IntoIterator<Item = &'a MptcpStats>) -> Flat {
    let rows = stats.into_iter().flat_map(|s| {
        [("to_server", &s.to_server), ("to_client", &s.to_client)]
            .into_iter()
            .filter_map(|(name, d)| d.as_ref().map(|d| (name, d)))
            .flat_map(move |(name, d)| d.subflows.iter().map(move |f| (s, name, d, f)))
    });
    Flat::of(&mptcp_columns::<MptcpRow>(), rows)
}

/// A row of `stats mptcp`: a connection, the direction's name, its figures and one subflow's.
type MptcpRow<'a> = (
    &'a MptcpStats,
    &'static str,
    &'a MptcpDirection,
    &'a SubflowDirection,
);

/// What a row of [`mptcp_columns`] is made of (the streamed CSV declares the columns once,
/// over rows that hold no borrow: `shape::OwnedRow`).
trait MptcpRowParts {
    fn conn(&self) -> &MptcpStats;
    fn direction(&self) -> &'static str;
    fn dir(&self) -> &MptcpDirection;
    fn subflow(&self) -> &SubflowDirection;
}

impl MptcpRowParts for MptcpRow<'_> {
    fn conn(&self) -> &MptcpStats {
        self.0
    }
    fn direction(&self) -> &'static str {
        self.1
    }
    fn dir(&self) -> &MptcpDirection {
        self.2
    }
    fn subflow(&self) -> &SubflowDirection {
        self.3
    }
}

/// The CSV columns of `stats mptcp` (docs/statistics.md): the entities' columns joined, the
/// subflow's under the names that tell them from the connection's.
fn mptcp_columns<'a, R: MptcpRowParts + 'a>() -> Vec<Column<'a, R>> {
    let conn = pick(mptcp_stats_columns(), &["mptcp_stream"])
        .into_iter()
        .map(|c| c.lift(|r: &R| r.conn()));
    let dir = pick(
        mptcp_direction_columns(),
        &[
            "data_bytes",
            "duration_s",
            "goodput_bit_s",
            "out_of_order",
            "duplicate_data_acks",
            "data_fin",
        ],
    )
    .into_iter()
    .map(|c| c.lift(|r: &R| r.dir()));
    let sub = pick(
        subflow_direction_columns(),
        &[
            "tcp_stream",
            "packets",
            "payload_bytes",
            "share",
            "data_bytes",
            "exclusive_bytes",
            "reinjections_packets",
            "reinjections_bytes",
            "reinjected_elsewhere_packets",
            "reinjected_elsewhere_bytes",
            "data_retransmitted_bytes",
        ],
    )
    .into_iter()
    .map(|c| {
        let rename = c.info.name == "data_bytes";
        let c = c.lift(|r: &R| r.subflow());
        if rename {
            c.renamed("data_bytes_subflow")
        } else {
            c
        }
    });
    let tcp = pick(
        tcp_direction_columns(),
        &[
            "unique_bytes",
            "retransmitted_packets",
            "retransmitted_bytes",
            "first_s",
            "last_s",
            "duration_s",
            "throughput_bit_s",
        ],
    )
    .into_iter()
    .map(|c| {
        let rename = c.info.name == "duration_s";
        // a subflow without packets in this direction has the figures of no packet
        let c = c.lift(|r: &R| r.subflow().tcp.as_deref().unwrap_or(no_packets()));
        if rename {
            c.renamed("subflow_duration_s")
        } else {
            c
        }
    });
    let mut v: Vec<Column<'a, R>> = conn.collect();
    v.push(
        Column::new("direction", Type::Text, Unit::None, |r: &R| {
            r.direction().into()
        })
        .about("to_server or to_client"),
    );
    v.extend(dir);
    v.extend(sub);
    v.extend(tcp);
    v
}

/// The figures of a direction without packets.
fn no_packets() -> &'static TcpDirection {
    static NONE: std::sync::OnceLock<TcpDirection> = std::sync::OnceLock::new();
    NONE.get_or_init(TcpDirection::default)
}

/// What each CSV column of `stats tcp` is (`stats tcp --list-columns`).
pub fn tcp_column_docs() -> Vec<super::schema::ColumnDoc> {
    super::schema::docs(&tcp_columns())
}

/// What each CSV column of `stats mptcp` is (`stats mptcp --list-columns`), then the members
/// only JSON has (a connection's, its subflows' and its events').
pub fn mptcp_column_docs() -> Vec<super::schema::ColumnDoc> {
    use super::schema::{docs, json_only};
    let mut v = docs(&mptcp_columns::<MptcpRow>());
    let conn = json_only(&v, docs(&mptcp_stats_columns()), "");
    let sub = json_only(&[], docs(&subflow_columns()), "subflows[]: ");
    let events = json_only(&[], docs(&event_columns()), "events[]: ");
    v.extend(conn);
    v.extend(sub);
    v.extend(events);
    v
}
