//! What a [`StatsWriter`] makes of one connection in each format: the statistics writers of
//! `stats mptcp` and `stats tcp`.

use super::writer::{JsonSerializer, Shape, Start, StatsWriter};
#[cfg(feature = "application")]
use super::{mptcp_summary_columns, tcp_table, writer::TableShape};
use super::{
    tcp_direction_columns, tcp_stats_columns, Flat, MptcpJsonColumns, MptcpStatsJson,
    TcpJsonColumns, TcpStatsJson,
};
use crate::analysis::stats::{MptcpDirection, MptcpStats, SubflowDirection, TcpStats};
use crate::output::OutputFormat;
use serde::Serialize;
use std::io::Write;

impl<'w> StatsWriter<'w, MptcpStats> {
    /// `stats mptcp` in `format` (CSV, JSON, Parquet, the summary table) to `out`.
    pub fn mptcp(format: OutputFormat, delimiter: u8, out: &'w mut dyn Write) -> Self {
        Self::new(format, delimiter, Start::Out(out), mptcp_shape(false))
    }

    /// [`StatsWriter::mptcp`] with every figure of each connection in a table (`detail`:
    /// `--detail`), to `out`, or (None) rendered for joining with other captures'
    /// ([`StatsWriter::finish_rendered`]).
    pub fn mptcp_to(
        format: OutputFormat,
        delimiter: u8,
        out: Option<&'w mut dyn Write>,
        detail: bool,
    ) -> Self {
        let start = out.map_or(Start::Part, Start::Out);
        Self::new(format, delimiter, start, mptcp_shape(detail))
    }
}

impl<'w> StatsWriter<'w, TcpStats> {
    /// `stats tcp` in `format` to `out`, with the directions `dirs` (towards the server,
    /// towards the client) in its tables and its CSV and Parquet rows.
    pub fn tcp(
        format: OutputFormat,
        delimiter: u8,
        out: &'w mut dyn Write,
        dirs: (bool, bool),
    ) -> Self {
        Self::tcp_to(format, delimiter, Some(out), dirs)
    }

    /// [`StatsWriter::tcp`] to `out`, or (None) rendered for joining with other captures'.
    pub fn tcp_to(
        format: OutputFormat,
        delimiter: u8,
        out: Option<&'w mut dyn Write>,
        dirs: (bool, bool),
    ) -> Self {
        let cols = TcpJsonColumns {
            conn: tcp_stats_columns(),
            dir: tcp_direction_columns(),
        };
        let value_cols = TcpJsonColumns {
            conn: tcp_stats_columns(),
            dir: tcp_direction_columns(),
        };
        let shape = Shape {
            columns: super::tcp_flat([], dirs).columns,
            flat: Box::new(move |s: TcpStats| super::tcp_flat([&s], dirs)),
            json: Box::new(move |s: &TcpStats, ser: &mut JsonSerializer<'_>| {
                TcpStatsJson(&cols, s).serialize(ser)
            }),
            value: Box::new(move |s: &TcpStats| serde_json::to_value(TcpStatsJson(&value_cols, s))),
            #[cfg(feature = "application")]
            table: TableShape::Blocks(Box::new(move |s: &TcpStats, out: &mut String| {
                tcp_table(s, dirs, out)
            })),
        };
        Self::new(
            format,
            delimiter,
            out.map_or(Start::Part, Start::Out),
            shape,
        )
    }
}

/// `stats mptcp` of one connection in each format (`detail`: its table shows every figure).
fn mptcp_shape<'w>(#[allow(unused_variables)] detail: bool) -> Shape<'w, MptcpStats> {
    let cols = MptcpJsonColumns::new();
    let value_cols = MptcpJsonColumns::new();
    Shape {
        columns: super::mptcp_flat([]).columns,
        flat: owned_rows(),
        json: Box::new(move |s: &MptcpStats, ser: &mut JsonSerializer<'_>| {
            MptcpStatsJson(&cols, s).serialize(ser)
        }),
        value: Box::new(move |s: &MptcpStats| serde_json::to_value(MptcpStatsJson(&value_cols, s))),
        #[cfg(feature = "application")]
        table: if detail {
            TableShape::Blocks(Box::new(|s: &MptcpStats, out: &mut String| {
                super::MptcpStatsReport::detail_table(s, out)
            }))
        } else {
            let summary = mptcp_summary_columns();
            TableShape::Rows {
                columns: Flat::of(&summary, Vec::<MptcpStats>::new()).columns,
                cells: Box::new(move |s: &MptcpStats| {
                    crate::output::columns::human_cells(&summary, s)
                }),
            }
        },
    }
}

/// A row of the streamed CSV of `stats mptcp`: the connection shared by its rows, the
/// direction and the subflow by position. It borrows nothing, so the columns are declared once
/// for every connection ([`owned_rows`]), not once per connection (they were half the cost of
/// `stats mptcp -f csv` on 9,200 connections).
struct OwnedRow {
    conn: std::rc::Rc<MptcpStats>,
    to_client: bool,
    sub: usize,
}

impl super::MptcpRowParts for OwnedRow {
    fn conn(&self) -> &MptcpStats {
        &self.conn
    }
    fn direction(&self) -> &'static str {
        if self.to_client {
            "to_client"
        } else {
            "to_server"
        }
    }
    fn dir(&self) -> &MptcpDirection {
        let d = if self.to_client {
            &self.conn.to_client
        } else {
            &self.conn.to_server
        };
        d.as_ref().expect("a row only for a direction present")
    }
    fn subflow(&self) -> &SubflowDirection {
        &self.dir().subflows[self.sub]
    }
}

/// The rows of one connection, as [`super::mptcp_flat`] of it, through columns declared once.
fn owned_rows<'w>() -> Box<dyn Fn(MptcpStats) -> Flat + 'w> {
    let columns = super::mptcp_columns::<OwnedRow>();
    Box::new(move |s: MptcpStats| {
        let conn = std::rc::Rc::new(s);
        let rows = [(false, &conn.to_server), (true, &conn.to_client)]
            .into_iter()
            .filter_map(|(to_client, d)| d.as_ref().map(|d| (to_client, d.subflows.len())))
            .flat_map(|(to_client, n)| {
                let conn = &conn;
                (0..n).map(move |sub| OwnedRow {
                    conn: conn.clone(),
                    to_client,
                    sub,
                })
            });
        Flat::of(&columns, rows)
    })
}
