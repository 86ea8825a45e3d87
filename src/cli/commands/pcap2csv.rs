//! `pcap2csv CAPTURE... [-f csv|parquet] [-o FILE|DIR|-] [--tcp N | --mptcp N]`: one row per TCP
//! packet, as CSV (the default) or Parquet.
//!
//! Several captures (read in parallel, [`super::many`]): with `-o DIR` (an existing directory)
//! one `NAME.csv` (or `NAME.parquet`) per capture there; otherwise one output (stdout or
//! `-o FILE`) with a first column `capture` (the capture's path as given) and the rows of each
//! capture in the order of the command line. Parquet files in a directory always have the
//! `capture` column (a dataset: one file per capture, docs/scale.md); CSV files there are
//! exactly what `pcap2csv CAPTURE` writes.

use super::many::{for_each, label, Failures};
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
    output: Option<PathBuf>,
    format: RowFormat,
    jobs: JobsArg,
    tcp: Option<u64>,
    mptcp: Option<u64>,
) -> Result<Box<dyn Plan>> {
    // `-o -` is stdout, as usual on the command line
    let dest = output.filter(|p| p.as_os_str() != "-");
    // a directory: one that exists, or a new one named with a final `/` (made atomically)
    let into_dir = dest
        .as_deref()
        .filter(|d| d.is_dir() || d.as_os_str().as_encoded_bytes().ends_with(b"/"))
        .map(Path::to_path_buf);
    if dest.is_none() && format.is_binary() && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(Error::Usage(
            "Parquet is binary: give -o FILE or -o DIR, or redirect standard output".into(),
        ));
    }
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
    if captures.len() == 1 && into_dir.is_none() {
        let c = captures.into_iter().next().expect("one capture");
        return Ok(Box::new(one(c, dest, false)));
    }
    let mut files = Vec::new();
    if let Some(dir) = &into_dir {
        for c in &captures {
            let f = dir.join(out_name(c, format));
            if files.contains(&f) {
                return Err(Error::Usage(format!(
                    "{}: two captures would be written to {} (rename one, or write one file without -o DIR)",
                    c.display(),
                    f.display()
                )));
            }
            files.push(f);
        }
    }
    let tagged = into_dir.is_some() && format.is_binary();
    Ok(Box::new(ManyRows {
        plans: captures
            .into_iter()
            .enumerate()
            .map(|(i, c)| one(c, files.get(i).cloned(), tagged))
            .collect(),
        dest: if into_dir.is_some() { None } else { dest },
        into_dir,
        format,
        workers: jobs.workers(),
    }))
}

/// The file name of a capture's rows in `-o DIR`: its file name without the capture extensions,
/// then `.csv` or `.parquet` (`run1.pcapng.gz` -> `run1.csv`).
pub fn out_name(capture: &Path, format: RowFormat) -> String {
    let mut name = capture
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capture".into());
    loop {
        let lower = name.to_ascii_lowercase();
        let Some(ext) = [".gz", ".pcapng", ".pcap", ".cap", ".csv"]
            .into_iter()
            .find(|e| lower.ends_with(e) && lower.len() > e.len())
        else {
            break;
        };
        name.truncate(name.len() - ext.len());
    }
    name + format.extension()
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
    /// One plan per capture; with `into_dir`, each with its own output file.
    plans: Vec<Pcap2csvPlan>,
    /// The one output's file (None: stdout), unless `into_dir`.
    /// The directory of one file per capture (`-o DIR`): when it does not exist yet, it is
    /// made as a temporary directory beside it, renamed to DIR once every capture was written.
    dest: Option<PathBuf>,
    into_dir: Option<PathBuf>,
    format: RowFormat,
    workers: usize,
}

impl ManyRows {
    /// One file per capture in `dir`; a new `dir` appears at once, complete (a temporary
    /// directory beside it, renamed), or not at all when no capture could be written.
    fn write_dir(&self, ctx: &Context, dir: &Path) -> Result<()> {
        if dir.is_dir() {
            return self.one_file_each(ctx, None);
        }
        let target = dir.components().as_path().to_path_buf();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let out_err = |msg: String| Error::Output {
            path: target.clone(),
            msg,
        };
        let (staging, _guard) = crate::fsutil::create_tracked(
            || {
                tempfile::Builder::new()
                    .prefix(&crate::fsutil::temp_prefix(""))
                    .tempdir_in(&parent)
            },
            |d| d.path(),
        )
        .map_err(|e| {
            out_err(format!(
                "cannot make a directory in {}: {e}",
                parent.display()
            ))
        })?;
        let outcome = self.one_file_each(ctx, Some(staging.path()));
        let wrote = std::fs::read_dir(staging.path()).map_or(0, |d| d.count());
        if wrote > 0 {
            #[cfg(unix)]
            {
                // as `mkdir` makes it (the temporary directory is private)
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(
                    staging.path(),
                    std::fs::Permissions::from_mode(0o755),
                );
            }
            let path = staging.keep();
            if let Err(e) = std::fs::rename(&path, &target) {
                let _ = std::fs::remove_dir_all(&path);
                return Err(out_err(e.to_string()));
            }
        }
        outcome
    }

    /// One file per capture, each written by its worker (into `staging` instead of the
    /// directory given, when set).
    fn one_file_each(&self, ctx: &Context, staging: Option<&Path>) -> Result<()> {
        let results = for_each(ctx, &self.plans, self.workers, |ctx, plan, c| {
            let Some(tmp) = staging else {
                return plan.run(ctx, Some(c), &mut std::io::sink());
            };
            let name = plan
                .dest
                .as_deref()
                .and_then(Path::file_name)
                .expect("a file");
            plan.write_file(ctx, c, &tmp.join(name))
        })?;
        let mut failures = Failures::default();
        for (plan, r) in self.plans.iter().zip(results) {
            if let Err(e) = r {
                failures.report(&plan.capture, e);
            }
        }
        failures.result(self.plans.len())
    }

    /// One output: each worker writes its capture's tagged rows to a temporary file (CSV rows,
    /// or a Parquet file), which are then joined in order.
    fn joined(&self, ctx: &Context, out: &mut dyn Write) -> Result<()> {
        let results = for_each(ctx, &self.plans, self.workers, |ctx, plan, c| {
            let name = label(&plan.capture);
            // the tagged CSV rows, whatever the format: Parquet is then made from these cells
            let mut w = std::io::BufWriter::new(temp_file()?);
            plan.write_csv(ctx, c, &mut w, Tag::Rows(&name))?;
            let mut tmp = w
                .into_inner()
                .map_err(|e| Error::io(std::env::temp_dir(), e.into_error()))?;
            tmp.rewind()
                .map_err(|e| Error::io(std::env::temp_dir(), e))?;
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
                let mut w = csv::WriterBuilder::new()
                    .delimiter(ctx.delimiter())
                    .from_writer(&mut *out);
                let cols = std::iter::once(CAPTURE_COLUMN)
                    .chain(crate::model::CSV_COLUMNS.iter().copied());
                w.write_record(cols).map_err(Error::csv_write)?;
                w.flush().map_err(Error::stdout)?;
                drop(w);
                for mut f in parts {
                    std::io::copy(&mut f, out).map_err(Error::stdout)?;
                }
            }
            #[cfg(feature = "parquet")]
            RowFormat::Parquet => {
                // the rows of every part, typed by the declared columns, into one file
                use crate::output::packets::{packet_schema, parse_cells};
                let schema = packet_schema(true);
                let mut pq =
                    output::export::parquet::ParquetRows::new(schema.clone(), temp_file()?)?;
                for f in parts {
                    let mut r = csv::ReaderBuilder::new()
                        .has_headers(false)
                        .delimiter(ctx.delimiter())
                        .from_reader(std::io::BufReader::new(f));
                    for rec in r.records() {
                        let rec = rec.map_err(|e| Error::io(std::env::temp_dir(), e.into()))?;
                        pq.push(parse_cells(&rec, &schema)?)?;
                    }
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
        if let Some(dir) = &self.into_dir {
            return self.write_dir(ctx, dir);
        }
        match &self.dest {
            Some(path) => {
                let mut outcome = Ok(());
                output::write_atomic(path, |w| {
                    outcome = self.joined(ctx, w);
                    // the captures that did load are written even when some failed
                    match &outcome {
                        Err(Error::CapturesFailed { .. }) | Ok(()) => Ok(()),
                        Err(_) => std::mem::replace(&mut outcome, Ok(())),
                    }
                })?;
                outcome
            }
            None => self.joined(ctx, out),
        }
    }
}
