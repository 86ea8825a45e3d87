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
use crate::error::{Error, Result};
use crate::model::csv_writer::CsvWriter;
use crate::output::columns::ColumnInfo;
#[cfg(feature = "parquet")]
use crate::output::export::parquet::ParquetRows;
use crate::output::OutputFormat;
use serde::ser::Serializer;
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::collections::BTreeMap;
use std::io::Write;

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

/// The statistics of finished connections written as they come, in id order (issue 14 item
/// 9): `-f csv`, `-f json` and `-f parquet` of `stats tcp|mptcp`, byte for byte what
/// [`TcpStatsReport`] / [`MptcpStatsReport`] of the same connections give. A connection's
/// rows are written once it is [`StatsWriter::done`] and every connection with a lower id
/// has been written; until then they wait here (a reorder buffer: behind a lower-id
/// connection still open). [`StatsWriter::finish`] writes what waits and the connections
/// still open at the end of the capture, in id order.
///
/// Nothing is written before the first row (or the end): a read that fails before writes
/// nothing. Tables are not written here: their widths need every row.
pub struct StatsWriter<'w, T> {
    out: Option<&'w mut dyn Write>,
    format: OutputFormat,
    delimiter: u8,
    sink: Option<Sink<'w>>,
    /// The CSV and Parquet columns.
    columns: Vec<ColumnInfo>,
    flat: Box<dyn Fn(&T) -> Flat + 'w>,
    json: JsonOne<'w, T>,
    /// The lowest id not written yet, and the finished connections waiting behind it (an
    /// id may have no rows).
    next: u64,
    waiting: BTreeMap<u64, Vec<T>>,
    /// The most connections that waited at once (for tests and measurements).
    pub most_waiting: usize,
}

/// Writes the JSON object of one connection.
type JsonOne<'w, T> = Box<dyn Fn(&T, &mut JsonSerializer<'_, 'w>) -> serde_json::Result<()> + 'w>;

type JsonSerializer<'a, 'w> =
    serde_json::Serializer<&'a mut (dyn Write + 'w), PrettyFormatter<'static>>;

/// Where the rows go once the first is written.
enum Sink<'w> {
    /// Boxed (as the Parquet writer): large.
    Csv(Box<CsvWriter<&'w mut dyn Write>>),
    Json {
        out: &'w mut dyn Write,
        /// At the depth of the array's elements.
        fmt: PrettyFormatter<'static>,
        first: bool,
    },
    #[cfg(feature = "parquet")]
    Parquet {
        rows: Box<ParquetRows<SharedBuf>>,
        buf: SharedBuf,
        out: &'w mut dyn Write,
    },
}

impl<'w> StatsWriter<'w, MptcpStats> {
    /// `stats mptcp` in `format` (CSV, JSON or Parquet) to `out`.
    pub fn mptcp(format: OutputFormat, delimiter: u8, out: &'w mut dyn Write) -> Self {
        let cols = MptcpJsonColumns::new();
        Self::new(
            format,
            delimiter,
            out,
            super::mptcp_flat([]).columns,
            Box::new(|s: &MptcpStats| super::mptcp_flat([s])),
            Box::new(move |s: &MptcpStats, ser: &mut JsonSerializer<'_, 'w>| {
                MptcpStatsJson(&cols, s).serialize(ser)
            }),
        )
    }
}

impl<'w> StatsWriter<'w, TcpStats> {
    /// `stats tcp` in `format` (CSV, JSON or Parquet) to `out`, with the directions `dirs`
    /// (towards the server, towards the client) in its CSV and Parquet rows.
    pub fn tcp(
        format: OutputFormat,
        delimiter: u8,
        out: &'w mut dyn Write,
        dirs: (bool, bool),
    ) -> Self {
        let cols = TcpJsonColumns {
            conn: tcp_stats_columns(),
            dir: tcp_direction_columns(),
        };
        Self::new(
            format,
            delimiter,
            out,
            super::tcp_flat([], dirs).columns,
            Box::new(move |s: &TcpStats| super::tcp_flat([s], dirs)),
            Box::new(move |s: &TcpStats, ser: &mut JsonSerializer<'_, 'w>| {
                TcpStatsJson(&cols, s).serialize(ser)
            }),
        )
    }
}

impl<'w, T> StatsWriter<'w, T> {
    fn new(
        format: OutputFormat,
        delimiter: u8,
        out: &'w mut dyn Write,
        columns: Vec<ColumnInfo>,
        flat: Box<dyn Fn(&T) -> Flat + 'w>,
        json: JsonOne<'w, T>,
    ) -> Self {
        StatsWriter {
            out: Some(out),
            format,
            delimiter,
            sink: None,
            columns,
            flat,
            json,
            next: 0,
            waiting: BTreeMap::new(),
            most_waiting: 0,
        }
    }

    /// Connection `id` finished with the statistics `stats` (None: it has no rows): written
    /// now if every lower id was, else when they are.
    pub fn done(&mut self, id: u64, stats: Option<T>) -> Result<()> {
        if id < self.next {
            // a number given to two connections (a crafted CSV): its rows follow at once
            return stats.map_or(Ok(()), |s| self.write(&s));
        }
        self.waiting.entry(id).or_default().extend(stats);
        self.most_waiting = self.most_waiting.max(self.waiting.len());
        while let Some(e) = self.waiting.first_entry() {
            if *e.key() != self.next {
                break;
            }
            for s in e.remove() {
                self.write(&s)?;
            }
            self.next = self.next.saturating_add(1);
        }
        Ok(())
    }

    /// Write what waits and `rest` (the connections not finished, in id order, none of them
    /// done before), in id order, and end the output.
    pub fn finish(mut self, rest: impl Iterator<Item = T>, id: impl Fn(&T) -> u64) -> Result<()> {
        let mut rest = rest.peekable();
        loop {
            let wait = self.waiting.first_key_value().map(|(k, _)| *k);
            let open = rest.peek().map(&id);
            let from_wait = match (wait, open) {
                (None, None) => break,
                (Some(w), Some(o)) => w < o,
                (w, _) => w.is_some(),
            };
            if from_wait {
                for s in self.waiting.pop_first().map(|e| e.1).unwrap_or_default() {
                    self.write(&s)?;
                }
            } else if let Some(s) = rest.next() {
                self.write(&s)?;
            }
        }
        self.start()?;
        match self.sink.take().expect("started") {
            Sink::Csv(mut w) => w.flush().map_err(Error::stdout),
            Sink::Json { out, mut fmt, .. } => {
                // the array's end at depth 0 (`fmt` knows whether it holds a value)
                fmt.end_array(out).map_err(Error::stdout)?;
                out.write_all(b"\n").map_err(Error::stdout)?;
                out.flush().map_err(Error::stdout)
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet { rows, buf, out } => {
                rows.finish()?;
                buf.drain_to(out)?;
                out.flush().map_err(Error::stdout)
            }
        }
    }

    /// Begin the output (the CSV header, the JSON array, the Parquet file), once.
    fn start(&mut self) -> Result<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        self.sink = Some(match self.format {
            OutputFormat::Csv => {
                let mut w = CsvWriter::new(out, self.delimiter);
                w.record(self.columns.iter().map(|c| &*c.name))
                    .map_err(Error::stdout)?;
                Sink::Csv(Box::new(w))
            }
            OutputFormat::Json => {
                let mut fmt = PrettyFormatter::new();
                fmt.begin_array(out).map_err(Error::stdout)?;
                Sink::Json {
                    out,
                    fmt,
                    first: true,
                }
            }
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => {
                let buf = SharedBuf::default();
                let rows = Box::new(ParquetRows::new(self.columns.clone(), buf.clone())?);
                Sink::Parquet { rows, buf, out }
            }
            OutputFormat::Table => {
                return Err(Error::Usage(
                    "internal error: a table is not written row by row".into(),
                ))
            }
        });
        Ok(())
    }

    /// Write the rows of one connection.
    fn write(&mut self, s: &T) -> Result<()> {
        self.start()?;
        match self.sink.as_mut().expect("started") {
            Sink::Csv(w) => {
                let flat = (self.flat)(s);
                for row in &flat.rows {
                    let cells = row.iter().zip(&flat.columns).map(|(v, c)| v.to_csv(c.unit));
                    w.record(cells).map_err(Error::stdout)?;
                }
            }
            Sink::Json { out, fmt, first } => {
                fmt.begin_array_value(out, *first).map_err(Error::stdout)?;
                *first = false;
                let mut ser = serde_json::Serializer::with_formatter(&mut **out, fmt.clone());
                (self.json)(s, &mut ser).map_err(json_error)?;
                fmt.end_array_value(out).map_err(Error::stdout)?;
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet { rows, buf, out } => {
                for row in (self.flat)(s).rows {
                    rows.push(row)?;
                }
                // a row group, once full, goes out at once
                buf.drain_to(out)?;
            }
        }
        Ok(())
    }
}

/// A serde_json error as an output error, its I/O kind kept (a broken pipe stays one).
fn json_error(e: serde_json::Error) -> Error {
    let io = match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    };
    Error::stdout(io)
}

/// The bytes the Parquet writer wrote and the output has not taken yet (the writer must own
/// a `Send` writer, the output is a `&mut dyn Write`).
#[cfg(feature = "parquet")]
#[derive(Clone, Default)]
struct SharedBuf(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

#[cfg(feature = "parquet")]
impl SharedBuf {
    fn drain_to(&self, out: &mut dyn Write) -> Result<()> {
        let mut b = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !b.is_empty() {
            out.write_all(&b).map_err(Error::stdout)?;
            b.clear();
        }
        Ok(())
    }
}

#[cfg(feature = "parquet")]
impl Write for SharedBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
