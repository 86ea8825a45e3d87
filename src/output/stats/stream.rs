//! Reports of `stats tcp|mptcp` made connection by connection as they are written (issue 14
//! item 9): the same output as [`TcpStatsReport`] and [`MptcpStatsReport`] of the same
//! connections, without every connection's statistics in memory at once.

#[cfg(feature = "application")]
use super::tcp_table;
use super::{
    tcp_direction_columns, tcp_stats_columns, Flat, MptcpJsonColumns, MptcpStatsJson,
    MptcpStatsReport, Report, TcpJsonColumns, TcpStatsJson, TcpStatsReport,
};
use crate::analysis::stats::{MptcpStats, TcpStats};
use serde::ser::Serializer;
use serde::Serialize;

/// The statistics of the TCP connections, made anew, in order, at each call.
pub type TcpStatsRows<'a> = Box<dyn Fn() -> Box<dyn Iterator<Item = TcpStats> + 'a> + 'a>;

/// `stats tcp` made connection by connection as it is written (as [`MptcpStatsStream`]): the
/// same output as [`TcpStatsReport`] of the same connections.
pub struct TcpStatsStream<'a> {
    pub rows: TcpStatsRows<'a>,
    /// As [`TcpStatsReport::dirs`].
    pub dirs: (bool, bool),
}

impl Serialize for TcpStatsStream<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cols = TcpJsonColumns {
            conn: tcp_stats_columns(),
            dir: tcp_direction_columns(),
        };
        s.collect_seq((self.rows)().map(|c| TcpStatsJson(&cols, c)))
    }
}

impl Report for TcpStatsStream<'_> {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = String::new();
        for s in (self.rows)() {
            tcp_table(&s, self.dirs, &mut out);
        }
        out
    }

    fn flat(&self) -> Flat {
        TcpStatsReport {
            stats: (self.rows)().collect(),
            dirs: self.dirs,
        }
        .flat()
    }
}

/// The statistics of the connections, made anew, in order, at each call.
pub type MptcpStatsRows<'a> = Box<dyn Fn() -> Box<dyn Iterator<Item = MptcpStats> + 'a> + 'a>;

/// `stats mptcp` made connection by connection as it is written: the JSON and the tables hold
/// one connection's statistics at a time, not those of every connection (issue 14 item 9);
/// the CSV and Parquet rows are those of an [`MptcpStatsReport`] of all of them. The same
/// output as [`MptcpStatsReport`] of the same connections.
pub struct MptcpStatsStream<'a> {
    pub rows: MptcpStatsRows<'a>,
    /// As [`MptcpStatsReport::detail`].
    pub detail: bool,
}

impl Serialize for MptcpStatsStream<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cols = MptcpJsonColumns::new();
        s.collect_seq((self.rows)().map(|c| MptcpStatsJson(&cols, c)))
    }
}

impl Report for MptcpStatsStream<'_> {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        // as MptcpStatsReport::to_table
        if !self.detail {
            return crate::output::export::table::render(&Flat::of(
                &super::mptcp_summary_columns(),
                (self.rows)(),
            ));
        }
        let mut out = String::new();
        for s in (self.rows)() {
            MptcpStatsReport::detail_table(&s, &mut out);
        }
        out
    }

    fn flat(&self) -> Flat {
        MptcpStatsReport {
            stats: (self.rows)().collect(),
            detail: self.detail,
        }
        .flat()
    }
}
