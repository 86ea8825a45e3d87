//! `pcap2csv CAPTURE... [-o FILE|DIR|-] [--tcp N | --mptcp N]`: one CSV row per TCP packet.
//!
//! Several captures (read in parallel, [`super::many`]): with `-o DIR` (an existing directory)
//! one `NAME.csv` per capture there, each exactly what `pcap2csv CAPTURE` writes; otherwise one
//! CSV (stdout or `-o FILE`) with a first column `capture` (the capture's path as given) and the
//! rows of each capture in the order of the command line.

use super::many::{for_each, label, Failures};
use super::{check_filter, loaded, Context, Plan};
use crate::analysis::PacketFilter;
use crate::cli::JobsArg;
use crate::error::{Error, Result};
use crate::output;
use crate::pipeline::pcap2csv::Tag;
use crate::pipeline::{self, Capture, Settings, Source, Want};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

/// The plan of `pcap2csv` for its captures.
pub fn plan(
    captures: Vec<PathBuf>,
    output: Option<PathBuf>,
    jobs: JobsArg,
    tcp: Option<u64>,
    mptcp: Option<u64>,
) -> Result<Box<dyn Plan>> {
    // `-o -` is stdout, as usual on the command line
    let dest = output.filter(|p| p.as_os_str() != "-");
    let one = |c: PathBuf, dest: Option<PathBuf>| Pcap2csvPlan::new(c, dest, tcp, mptcp);
    if captures.len() == 1 {
        let c = captures.into_iter().next().expect("one capture");
        return Ok(Box::new(one(c, dest)));
    }
    let into_dir = dest
        .as_deref()
        .filter(|d| d.is_dir())
        .map(Path::to_path_buf);
    let mut files = Vec::new();
    if let Some(dir) = &into_dir {
        for c in &captures {
            let f = dir.join(csv_name(c));
            if files.contains(&f) {
                return Err(Error::Usage(format!(
                    "{}: two captures would be written to {} (rename one, or write one CSV without -o DIR)",
                    c.display(),
                    f.display()
                )));
            }
            files.push(f);
        }
    }
    Ok(Box::new(ManyCsv {
        plans: captures
            .into_iter()
            .enumerate()
            .map(|(i, c)| one(c, files.get(i).cloned()))
            .collect(),
        dest: if into_dir.is_some() { None } else { dest },
        into_dir: into_dir.is_some(),
        workers: jobs.workers(),
    }))
}

/// The CSV file name of a capture in `-o DIR`: its file name without the capture extensions
/// (`run1.pcapng.gz` -> `run1.csv`).
pub fn csv_name(capture: &Path) -> String {
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
    name + ".csv"
}

pub struct Pcap2csvPlan {
    capture: PathBuf,
    /// The output file (None: stdout).
    dest: Option<PathBuf>,
    filter: Option<PacketFilter>,
}

impl Pcap2csvPlan {
    pub fn new(
        capture: PathBuf,
        dest: Option<PathBuf>,
        tcp: Option<u64>,
        mptcp: Option<u64>,
    ) -> Self {
        let filter = match (tcp, mptcp) {
            (Some(t), _) => Some(PacketFilter::Tcp(t)),
            (_, Some(m)) => Some(PacketFilter::Mptcp(m)),
            _ => None,
        };
        Pcap2csvPlan {
            capture,
            dest,
            filter,
        }
    }

    fn write(&self, ctx: &Context, c: &Capture, w: &mut dyn Write, tag: Tag) -> Result<()> {
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
        match &self.dest {
            Some(path) => output::write_atomic(path, |w| self.write(ctx, c, w, Tag::None)),
            None => self.write(ctx, c, out, Tag::None),
        }
    }
}

/// `pcap2csv` over several captures.
struct ManyCsv {
    /// One plan per capture; with `into_dir`, each with its own output file.
    plans: Vec<Pcap2csvPlan>,
    /// The one CSV's file (None: stdout), unless `into_dir`.
    dest: Option<PathBuf>,
    into_dir: bool,
    workers: usize,
}

impl ManyCsv {
    /// One file per capture, each written by its worker.
    fn one_file_each(&self, ctx: &Context) -> Result<()> {
        let results = for_each(ctx, &self.plans, self.workers, |ctx, plan, c| {
            plan.run(ctx, Some(c), &mut std::io::sink())
        })?;
        let mut failures = Failures::default();
        for (plan, r) in self.plans.iter().zip(results) {
            if let Err(e) = r {
                failures.report(plan.capture().expect("a capture plan"), e);
            }
        }
        failures.result(self.plans.len())
    }

    /// One CSV: each worker writes its capture's tagged rows to a temporary file, which are
    /// then copied in order after the header.
    fn joined(&self, ctx: &Context, out: &mut dyn Write) -> Result<()> {
        let results = for_each(ctx, &self.plans, self.workers, |ctx, plan, c| {
            let path = plan.capture().expect("a capture plan");
            let name = label(path);
            let tmp = tempfile::tempfile().map_err(|e| Error::io(std::env::temp_dir(), e))?;
            let mut w = std::io::BufWriter::new(tmp);
            plan.write(ctx, c, &mut w, Tag::Rows(&name))?;
            let mut tmp = w
                .into_inner()
                .map_err(|e| Error::io(std::env::temp_dir(), e.into_error()))?;
            tmp.rewind()
                .map_err(|e| Error::io(std::env::temp_dir(), e))?;
            Ok(tmp)
        })?;
        let mut header = Vec::new();
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(ctx.delimiter())
                .from_writer(&mut header);
            let cols = std::iter::once(pipeline::pcap2csv::CAPTURE_COLUMN)
                .chain(crate::model::CSV_COLUMNS.iter().copied());
            w.write_record(cols).map_err(Error::csv_write)?;
            w.flush().map_err(Error::stdout)?;
        }
        out.write_all(&header).map_err(Error::stdout)?;
        let mut failures = Failures::default();
        for (plan, r) in self.plans.iter().zip(results) {
            match r {
                Ok(mut f) => {
                    std::io::copy(&mut f, out).map_err(Error::stdout)?;
                }
                Err(e) => failures.report(plan.capture().expect("a capture plan"), e),
            }
        }
        out.flush().map_err(Error::stdout)?;
        failures.result(self.plans.len())
    }
}

impl Plan for ManyCsv {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        if self.into_dir {
            return self.one_file_each(ctx);
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
