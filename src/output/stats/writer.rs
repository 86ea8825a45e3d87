//! [`StatsWriter`]: the statistics of finished connections written as they come.

use super::Flat;
use crate::error::{Error, Result};
use crate::model::csv_writer::CsvWriter;
use crate::output::columns::ColumnInfo;
#[cfg(feature = "parquet")]
use crate::output::export::parquet::ParquetRows;
#[cfg(feature = "application")]
use crate::output::export::table_rows::TableRows;
use crate::output::many::Rendered;
use crate::output::pretty::Pretty;
use crate::output::OutputFormat;
use serde_json::ser::Formatter;
use std::collections::BTreeMap;
use std::io::Write;

/// The statistics of finished connections written as they come, in id order (issue 14 item
/// 9): `stats tcp|mptcp` in every format, byte for byte what [`super::TcpStatsReport`] /
/// [`super::MptcpStatsReport`] of the same connections give. A connection's rows are written
/// once it is [`StatsWriter::done`] and every connection with a lower id has been written;
/// until then they wait here (a reorder buffer: behind a lower-id connection still open).
/// [`StatsWriter::finish`] writes what waits and the connections still open at the end of
/// the capture, in id order.
///
/// Nothing is written before the first row (or the end): a read that fails before writes
/// nothing. A table of one row per connection (`stats mptcp`'s summary) needs every row for
/// its widths: each row's cells wait here, as text, and the table is written at the end
/// ([`TableRows`]); the other tables (one block per connection) are written as they come.
/// Rendered for joining with other captures' ([`StatsWriter::finish_rendered`]), the rows are
/// kept as that rendering.
pub struct StatsWriter<'w, T> {
    start: Start<'w>,
    format: OutputFormat,
    delimiter: u8,
    sink: Option<Sink<'w>>,
    shape: Shape<'w, T>,
    /// The lowest id not written yet, and the finished connections waiting behind it (an
    /// id may have no rows).
    next: u64,
    waiting: BTreeMap<u64, Vec<T>>,
    /// The most connections that waited at once (for tests and measurements).
    pub most_waiting: usize,
    /// The connections written so far.
    pub written: u64,
}

/// Where the output goes, until it starts.
pub(super) enum Start<'w> {
    Out(&'w mut dyn Write),
    /// Rendered ([`Rendered`]) for joining with other captures'.
    Part,
    Started,
}

/// What the writer makes of one connection, in each format.
pub(super) struct Shape<'w, T> {
    /// The CSV and Parquet columns.
    pub(super) columns: Vec<ColumnInfo>,
    /// A connection's CSV and Parquet rows (the statistics are not needed after them).
    pub(super) flat: Box<dyn Fn(T) -> Flat + 'w>,
    pub(super) json: JsonOne<'w, T>,
    /// Its JSON, as a value (rendered for joining).
    pub(super) value: ValueOne<'w, T>,
    #[cfg(feature = "application")]
    pub(super) table: TableShape<'w, T>,
}

/// A connection in a table.
#[cfg(feature = "application")]
pub(super) enum TableShape<'w, T> {
    /// A block of its own (`stats tcp`, `stats mptcp --detail`).
    Blocks(BlockOne<'w, T>),
    /// A row of one table, whose cells are these.
    Rows {
        columns: Vec<ColumnInfo>,
        cells: CellsOne<'w, T>,
    },
}

/// The JSON of one connection, as a value.
pub(super) type ValueOne<'w, T> = Box<dyn Fn(&T) -> serde_json::Result<serde_json::Value> + 'w>;
/// Appends the table block of one connection.
#[cfg(feature = "application")]
pub(super) type BlockOne<'w, T> = Box<dyn Fn(&T, &mut String) + 'w>;
/// The table cells of one connection.
#[cfg(feature = "application")]
pub(super) type CellsOne<'w, T> = Box<dyn Fn(&T) -> Vec<String> + 'w>;

/// Writes the JSON object of one connection.
pub(super) type JsonOne<'w, T> =
    Box<dyn Fn(&T, &mut JsonSerializer<'_>) -> serde_json::Result<()> + 'w>;

pub(super) type JsonSerializer<'a> = serde_json::Serializer<&'a mut Vec<u8>, Pretty>;

/// Where the rows go once the first is written.
enum Sink<'w> {
    /// Boxed (as the Parquet writer): large.
    Csv(Box<CsvWriter<&'w mut dyn Write>>),
    Json {
        out: &'w mut dyn Write,
        /// At the depth of the array's elements.
        fmt: Pretty,
        first: bool,
        /// One connection's object, written here then to `out` at once (serde_json writes
        /// a few bytes at a time: through `out`, a virtual call and a copy each).
        buf: Vec<u8>,
    },
    #[cfg(feature = "parquet")]
    Parquet {
        rows: Box<ParquetRows<SharedBuf>>,
        buf: SharedBuf,
        out: &'w mut dyn Write,
    },
    #[cfg(feature = "application")]
    Blocks(Text<'w>),
    #[cfg(feature = "application")]
    Rows { rows: TableRows, out: Text<'w> },
    /// Rendered: the CSV and Parquet rows so far.
    Flat(Flat),
    /// Rendered: the JSON values so far.
    Values(Vec<serde_json::Value>),
}

/// Where a table goes: the output, or (rendered) a buffer.
#[cfg(feature = "application")]
enum Text<'w> {
    Out(&'w mut dyn Write),
    Buf(Vec<u8>),
}

#[cfg(feature = "application")]
impl Text<'_> {
    fn w(&mut self) -> &mut dyn Write {
        match self {
            Text::Out(o) => &mut **o,
            Text::Buf(b) => b,
        }
    }

    /// Flushed; the table made, when it was rendered.
    fn end(self) -> Result<Option<Rendered>> {
        match self {
            Text::Out(o) => o.flush().map_err(Error::stdout).map(|_| None),
            Text::Buf(b) => Ok(Some(Rendered::Table(
                String::from_utf8(b).map_err(|e| Error::stdout(std::io::Error::other(e)))?,
            ))),
        }
    }
}

impl<'w, T> StatsWriter<'w, T> {
    pub(super) fn new(
        format: OutputFormat,
        delimiter: u8,
        start: Start<'w>,
        shape: Shape<'w, T>,
    ) -> Self {
        StatsWriter {
            start,
            format,
            delimiter,
            sink: None,
            shape,
            next: 0,
            waiting: BTreeMap::new(),
            most_waiting: 0,
            written: 0,
        }
    }

    /// Connection `id` finished with the statistics `stats` (None: it has no rows): written
    /// now if every lower id was, else when they are.
    pub fn done(&mut self, id: u64, stats: Option<T>) -> Result<()> {
        if id < self.next {
            // a number given to two connections (a crafted CSV): its rows follow at once
            return stats.map_or(Ok(()), |s| self.write(s));
        }
        self.waiting.entry(id).or_default().extend(stats);
        self.most_waiting = self.most_waiting.max(self.waiting.len());
        while let Some(e) = self.waiting.first_entry() {
            if *e.key() != self.next {
                break;
            }
            for s in e.remove() {
                self.write(s)?;
            }
            self.next = self.next.saturating_add(1);
        }
        Ok(())
    }

    /// Write what waits and `rest` (the connections not finished, in id order, none of them
    /// done before), in id order, and end the output.
    pub fn finish(mut self, rest: impl Iterator<Item = T>, id: impl Fn(&T) -> u64) -> Result<()> {
        self.drain(rest, id)?;
        self.end().map(|_| ())
    }

    /// [`StatsWriter::finish`]; of a writer made without output, the rendering of every
    /// connection, for joining with other captures' ([`crate::output::many::write_many`]).
    pub fn finish_rendered(
        mut self,
        rest: impl Iterator<Item = T>,
        id: impl Fn(&T) -> u64,
    ) -> Result<Option<Rendered>> {
        self.drain(rest, id)?;
        self.end()
    }

    /// No connection written, nor waiting to be.
    pub fn is_empty(&self) -> bool {
        self.written == 0 && self.waiting.values().all(Vec::is_empty)
    }

    /// Write what waits and `rest`, in id order.
    fn drain(&mut self, rest: impl Iterator<Item = T>, id: impl Fn(&T) -> u64) -> Result<()> {
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
                    self.write(s)?;
                }
            } else if let Some(s) = rest.next() {
                self.write(s)?;
            }
        }
        self.start()
    }

    /// End the output; what was rendered, when it was.
    fn end(mut self) -> Result<Option<Rendered>> {
        match self.sink.take().expect("started") {
            Sink::Csv(mut w) => w.flush().map_err(Error::stdout).map(|_| None),
            Sink::Json { out, mut fmt, .. } => {
                // the array's end at depth 0 (`fmt` knows whether it holds a value)
                fmt.end_array(out).map_err(Error::stdout)?;
                out.write_all(b"\n").map_err(Error::stdout)?;
                out.flush().map_err(Error::stdout).map(|_| None)
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet { rows, buf, out } => {
                rows.finish()?;
                buf.drain_to(out)?;
                out.flush().map_err(Error::stdout).map(|_| None)
            }
            #[cfg(feature = "application")]
            Sink::Blocks(text) => text.end(),
            #[cfg(feature = "application")]
            Sink::Rows { rows, mut out } => {
                rows.write(out.w()).map_err(Error::stdout)?;
                out.end()
            }
            Sink::Flat(f) => Ok(Some(Rendered::Flat(f))),
            Sink::Values(v) => Ok(Some(Rendered::Json(serde_json::Value::Array(v)))),
        }
    }

    /// Begin the output (the CSV header, the JSON array, the Parquet file), once.
    fn start(&mut self) -> Result<()> {
        let out = match std::mem::replace(&mut self.start, Start::Started) {
            Start::Started => return Ok(()),
            Start::Part => {
                self.sink = Some(self.part_sink()?);
                return Ok(());
            }
            Start::Out(out) => out,
        };
        self.sink = Some(match self.format {
            OutputFormat::Csv => {
                let mut w = CsvWriter::new(out, self.delimiter);
                w.record(self.shape.columns.iter().map(|c| &*c.name))
                    .map_err(Error::stdout)?;
                Sink::Csv(Box::new(w))
            }
            OutputFormat::Json => {
                let mut fmt = Pretty::new();
                fmt.begin_array(out).map_err(Error::stdout)?;
                Sink::Json {
                    out,
                    fmt,
                    first: true,
                    buf: Vec::new(),
                }
            }
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => {
                let buf = SharedBuf::default();
                let rows = Box::new(ParquetRows::new(self.shape.columns.clone(), buf.clone())?);
                Sink::Parquet { rows, buf, out }
            }
            OutputFormat::Table => self.table_sink(Some(out))?,
        });
        Ok(())
    }

    /// The sink of a rendering for joining with other captures'.
    fn part_sink(&self) -> Result<Sink<'w>> {
        Ok(match self.format {
            OutputFormat::Table => self.table_sink(None)?,
            OutputFormat::Json => Sink::Values(Vec::new()),
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => Sink::Flat(Flat {
                columns: self.shape.columns.clone(),
                rows: Vec::new(),
            }),
            OutputFormat::Csv => Sink::Flat(Flat {
                columns: self.shape.columns.clone(),
                rows: Vec::new(),
            }),
        })
    }

    /// The sink of a table to `out` (None: rendered).
    #[allow(unused_variables)]
    fn table_sink(&self, out: Option<&'w mut dyn Write>) -> Result<Sink<'w>> {
        #[cfg(feature = "application")]
        {
            let text = out.map_or(Text::Buf(Vec::new()), Text::Out);
            Ok(match &self.shape.table {
                TableShape::Blocks(_) => Sink::Blocks(text),
                TableShape::Rows { columns, .. } => Sink::Rows {
                    rows: TableRows::new(columns.clone()),
                    out: text,
                },
            })
        }
        #[cfg(not(feature = "application"))]
        Err(Error::Usage(
            "the table format needs the `application` feature".into(),
        ))
    }

    /// Write the rows of one connection.
    fn write(&mut self, s: T) -> Result<()> {
        self.start()?;
        self.written += 1;
        let shape = &self.shape;
        match self.sink.as_mut().expect("started") {
            Sink::Csv(w) => {
                let flat = (shape.flat)(s);
                let mut scratch = String::new();
                for row in &flat.rows {
                    for (v, c) in row.iter().zip(&flat.columns) {
                        v.write_csv(w, c.unit, &mut scratch);
                    }
                    w.end_record().map_err(Error::stdout)?;
                }
            }
            Sink::Json {
                out,
                fmt,
                first,
                buf,
            } => {
                buf.clear();
                fmt.begin_array_value(buf, *first).map_err(Error::stdout)?;
                *first = false;
                let mut ser = serde_json::Serializer::with_formatter(&mut *buf, fmt.clone());
                (shape.json)(&s, &mut ser).map_err(json_error)?;
                fmt.end_array_value(buf).map_err(Error::stdout)?;
                out.write_all(buf).map_err(Error::stdout)?;
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet { rows, buf, out } => {
                for row in (shape.flat)(s).rows {
                    rows.push(row)?;
                }
                // a row group, once full, goes out at once
                buf.drain_to(out)?;
            }
            #[cfg(feature = "application")]
            Sink::Blocks(text) => {
                if let TableShape::Blocks(block) = &shape.table {
                    let mut b = String::new();
                    block(&s, &mut b);
                    text.w().write_all(b.as_bytes()).map_err(Error::stdout)?;
                }
            }
            #[cfg(feature = "application")]
            Sink::Rows { rows, .. } => {
                if let TableShape::Rows { cells, .. } = &shape.table {
                    rows.push(cells(&s));
                }
            }
            Sink::Flat(f) => f.rows.extend((shape.flat)(s).rows),
            Sink::Values(v) => v.push((shape.value)(&s).map_err(json_error)?),
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
