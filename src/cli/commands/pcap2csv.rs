//! `pcap2csv CAPTURE... [-f csv|parquet] [-o FILE|DIR|-] [--tcp N | --mptcp N]`: one row per TCP
//! packet, as CSV (the default) or Parquet.
//!
//! Several captures (read in parallel, [`super::many`]): with `-o DIR` (an existing directory)
//! one `NAME.csv` (or `NAME.parquet`) per capture there; otherwise one output (stdout or
//! `-o FILE`) with a first column `capture` (the capture's path as given) and the rows of each
//! capture in the order of the command line. Parquet files in a directory always have the
//! `capture` column (a dataset: one file per capture, docs/scale.md); CSV files there are
//! exactly what `pcap2csv CAPTURE` writes.

use super::many::{self, for_each, label, Failures};
use super::target::{self, Target};
use super::{check_filter, loaded, Context, Plan};
use crate::analysis::PacketFilter;
use crate::cli::{JobsArg, RowFormat};
use crate::error::{Error, Result};
use crate::output;
use crate::pipeline::pcap2csv::{Tag, CAPTURE_COLUMN};
use crate::pipeline::{self, Capture, Settings, Source, Want};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

/// The plan of `pcap2csv` for its captures.
pub fn plan(
    captures: Vec<PathBuf>,
    target: Target,
    format: RowFormat,
    jobs: JobsArg,
    tcp: Option<u64>,
    mptcp: Option<u64>,
) -> Result<Box<dyn Plan>> {
    target.refuse_terminal(format.is_binary())?;
    let one = |c: PathBuf, dest: Option<PathBuf>, tagged: bool| Pcap2csvPlan {
        capture: c,
        dest,
        filter: match (tcp, mptcp) {
            (Some(t), _) => Some(PacketFilter::Tcp(t)),
            (_, Some(m)) => Some(PacketFilter::Mptcp(m)),
            _ => None,
        },
        format,
        tagged,
    };
    let into_dir = matches!(target, Target::Dir(_));
    if captures.len() == 1 && !into_dir {
        let c = captures.into_iter().next().expect("one capture");
        let dest = match target {
            Target::File(p) => Some(p),
            _ => None,
        };
        return Ok(Box::new(one(c, dest, false)));
    }
    target.check_names(&captures, format.extension())?;
    // a Parquet dataset: every file with the `capture` column
    let tagged = into_dir && format.is_binary();
    Ok(Box::new(ManyRows {
        plans: captures.into_iter().map(|c| one(c, None, tagged)).collect(),
        target,
        format,
        workers: jobs.workers(),
    }))
}

pub struct Pcap2csvPlan {
    capture: PathBuf,
    /// The output file (None: stdout).
    dest: Option<PathBuf>,
    filter: Option<PacketFilter>,
    format: RowFormat,
    /// A first column `capture` in this capture's own output (Parquet datasets).
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    tagged: bool,
}

impl Pcap2csvPlan {
    fn write_csv(&self, ctx: &Context, c: &Capture, w: &mut dyn Write, tag: Tag) -> Result<()> {
        check_filter(c, self.filter)?;
        // the header only once the id is known to exist: an error leaves the output empty
        // the second pass's own warnings (the first pass's were printed when it was loaded)
        let mut warn = |m: &str| ctx.warn_lines(c, &[m.to_string()]);
        pipeline::pcap2csv::write_rows(
            c,
            self.filter,
            ctx.delimiter(),
            w,
            ctx.progress(),
            &mut warn,
            tag,
        )
    }

    #[cfg(feature = "parquet")]
    fn write_parquet<W: Write + Send>(
        &self,
        ctx: &Context,
        c: &Capture,
        w: W,
        label: Option<&str>,
    ) -> Result<W> {
        use crate::output::columns::Value;
        use crate::output::packets::{packet_cells, packet_schema};
        check_filter(c, self.filter)?;
        let infos = packet_schema(label.is_some());
        let width = infos.len();
        let mut pq = output::export::parquet::ParquetRows::new(infos, w)?;
        let tag = label.map(|l| (crate::output::many::capture_column().get)(&l.to_string()));
        let mut warn = |m: &str| ctx.warn_lines(c, &[m.to_string()]);
        pipeline::pcap2csv::for_each_row(c, self.filter, ctx.progress(), &mut warn, |p| {
            let mut row: Vec<Value> = Vec::with_capacity(width);
            row.extend(tag.iter().cloned());
            packet_cells(p, &mut row)?;
            pq.push(row)
        })?;
        pq.finish()
    }

    /// This capture's rows to `path`, written atomically.
    fn write_file(&self, ctx: &Context, c: &Capture, path: &Path) -> Result<()> {
        match self.format {
            RowFormat::Csv => output::write_atomic(path, |w| self.write_csv(ctx, c, w, Tag::None)),
            #[cfg(feature = "parquet")]
            RowFormat::Parquet => {
                let name = label(&self.capture);
                let tag = self.tagged.then_some(name.as_str());
                output::write_atomic_send(path, |w| self.write_parquet(ctx, c, w, tag).map(drop))
            }
        }
    }
}

/// A temporary file (removed when dropped), for rows written before they are copied.
fn temp_file() -> Result<std::fs::File> {
    tempfile::tempfile().map_err(|e| Error::io(std::env::temp_dir(), e))
}

impl Plan for Pcap2csvPlan {
    fn capture(&self) -> Option<&Path> {
        Some(&self.capture)
    }

    fn want(&self, src: &Source, settings: &Settings) -> Want {
        pipeline::pcap2csv::want(src, settings)
    }

    fn run(&self, ctx: &Context, capture: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        let c = loaded(capture)?;
        match (&self.dest, self.format) {
            (Some(path), _) => self.write_file(ctx, c, path),
            (None, RowFormat::Csv) => self.write_csv(ctx, c, out, Tag::None),
            #[cfg(feature = "parquet")]
            (None, RowFormat::Parquet) => {
                // Parquet's footer is written last: build it in a file, then copy it out
                let mut f = self.write_parquet(ctx, c, temp_file()?, None)?;
                f.rewind().map_err(|e| Error::io(std::env::temp_dir(), e))?;
                std::io::copy(&mut f, out).map_err(Error::stdout)?;
                out.flush().map_err(Error::stdout)
            }
        }
    }
}

/// `pcap2csv` over several captures.
struct ManyRows {
    /// One plan per capture (none with its own output file).
    plans: Vec<Pcap2csvPlan>,
    /// Standard output or `-o FILE`: one output of every capture's rows; `-o DIR`: a file
    /// per capture there.
    target: Target,
    format: RowFormat,
    workers: usize,
}

impl ManyRows {
    /// One output: each worker writes its capture's tagged rows to a temporary file (CSV rows
    /// without header, or a Parquet file with the `capture` column), which are then joined in
    /// order (CSV: copied after one header; Parquet: their row groups copied into one file).
    fn joined(&self, ctx: &Context, out: &mut dyn Write) -> Result<()> {
        let results = for_each(ctx, &self.plans, self.workers, |ctx, plan, c| {
            let name = label(&plan.capture);
            let tmp = match self.format {
                RowFormat::Csv => {
                    let mut w = std::io::BufWriter::new(temp_file()?);
                    plan.write_csv(ctx, c, &mut w, Tag::Rows(&name))?;
                    w.into_inner()
                        .map_err(|e| Error::io(std::env::temp_dir(), e.into_error()))?
                }
                #[cfg(feature = "parquet")]
                RowFormat::Parquet => {
                    let w = std::io::BufWriter::new(temp_file()?);
                    plan.write_parquet(ctx, c, w, Some(&name))?
                        .into_inner()
                        .map_err(|e| Error::io(std::env::temp_dir(), e.into_error()))?
                }
            };
            Ok(tmp)
        })?;
        let mut failures = Failures::default();
        let mut parts = Vec::new();
        for (plan, r) in self.plans.iter().zip(results) {
            match r {
                Ok(f) => parts.push(f),
                Err(e) => failures.report(&plan.capture, e),
            }
        }
        match self.format {
            RowFormat::Csv => {
                let mut w = crate::model::csv_writer::CsvWriter::new(&mut *out, ctx.delimiter());
                let cols = std::iter::once(CAPTURE_COLUMN)
                    .chain(crate::model::CSV_COLUMNS.iter().copied());
                w.record(cols).map_err(Error::stdout)?;
                w.flush().map_err(Error::stdout)?;
                drop(w);
                for mut f in parts {
                    f.rewind().map_err(|e| Error::io(std::env::temp_dir(), e))?;
                    std::io::copy(&mut f, out).map_err(Error::stdout)?;
                }
            }
            #[cfg(feature = "parquet")]
            RowFormat::Parquet => {
                // every part's row groups, copied in order into one file
                let schema = crate::output::packets::packet_schema(true);
                let mut pq = output::export::parquet::ParquetRows::new(schema, temp_file()?)?;
                for f in &parts {
                    pq.append(f)?;
                }
                let mut f = pq.finish()?;
                f.rewind().map_err(|e| Error::io(std::env::temp_dir(), e))?;
                std::io::copy(&mut f, out).map_err(Error::stdout)?;
            }
        }
        out.flush().map_err(Error::stdout)?;
        failures.result(self.plans.len())
    }
}

impl Plan for ManyRows {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        match &self.target {
            Target::Dir(dir) => {
                let ext = self.format.extension();
                target::into_dir(ctx, dir, ext, &self.plans, self.workers, |ctx, plan, f| {
                    plan.write_file(ctx, &many::load(ctx, plan)?, f)
                })
            }
            Target::File(path) => target::to_file(path, |w| self.joined(ctx, w)),
            Target::Stdout => self.joined(ctx, out),
        }
    }
}
