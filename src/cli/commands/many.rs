//! A command over several captures (`list`, `stats`, `pcap2csv` with CAPTURE...): each capture
//! is read and analysed on a worker thread of its own (rayon; `-j N` workers, default the number
//! of cores), the outputs are joined in the order of the command line.
//!
//! A capture that fails (missing, not a capture, no such connection...) is reported on stderr
//! with its name, the others are still processed and printed, and the command then fails with
//! the exit code of the first failure (make's `--keep-going`, always on).

use super::target::{into_dir, Target, ToFile};
use super::{Context, Plan, WorkerContext};
use crate::error::{Error, Result};
use crate::output::many::{self, Rendered};
use crate::output::OutputFormat;
use crate::pipeline::{Capture, Source};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One plan per capture: the plan itself when there is one capture (its output unchanged),
/// else a [`ManyPlan`]; its data goes to `target` (`-o`, [`super::target`]).
pub fn plan<P: Plan + Send + Sync + 'static>(
    captures: Vec<PathBuf>,
    jobs: crate::cli::JobsArg,
    format: OutputFormat,
    target: Target,
    one: impl Fn(PathBuf) -> P,
) -> Result<Box<dyn Plan>> {
    target.check_names(&captures, format.extension())?;
    let (dir, file) = match target {
        Target::Dir(d) => (Some(d), None),
        Target::File(f) => (None, Some(f)),
        Target::Stdout => (None, None),
    };
    let plan: Box<dyn Plan> = if captures.len() == 1 && dir.is_none() {
        Box::new(one(captures.into_iter().next().expect("one capture")))
    } else {
        Box::new(ManyPlan {
            plans: captures.into_iter().map(one).collect(),
            workers: jobs.workers(),
            format,
            dir,
        })
    };
    Ok(match file {
        Some(path) => Box::new(ToFile { plan, path }),
        None => plan,
    })
}

/// A single-capture plan run on every capture; the reports are joined by
/// [`crate::output::many::write_many`], or written one file per capture (`-o DIR`).
pub struct ManyPlan<P> {
    plans: Vec<P>,
    workers: usize,
    format: OutputFormat,
    /// `-o DIR`: one file per capture there.
    dir: Option<PathBuf>,
}

impl<P: Plan + Send + Sync> Plan for ManyPlan<P> {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        if let Some(dir) = &self.dir {
            let (format, ext) = (self.format, self.format.extension());
            return into_dir(ctx, dir, ext, &self.plans, self.workers, |ctx, plan, f| {
                crate::output::write_atomic(f, |w| {
                    if !format.is_binary() {
                        // exactly the output of the capture on its own
                        return match plan.streams() {
                            true => plan.run_streamed(ctx, w),
                            false => plan.run(ctx, Some(&load(ctx, plan)?), w),
                        };
                    }
                    // a dataset: each file with the `capture` column
                    let part = (
                        label(plan.capture().expect("a capture")),
                        rendered(ctx, plan)?,
                    );
                    many::write_many(vec![part], format, ctx.delimiter(), w)
                })
            });
        }
        let results = each(ctx, &self.plans, self.workers, rendered)?;
        let mut parts = Vec::new();
        let mut failures = Failures::default();
        for (plan, r) in self.plans.iter().zip(results) {
            let path = plan.capture().expect("a capture plan");
            match r {
                Ok(part) => parts.push((label(path), part)),
                Err(e) => failures.report(path, e),
            }
        }
        many::write_many(parts, self.format, ctx.delimiter(), out)?;
        failures.result(self.plans.len())
    }
}

/// The rendering of `plan` on its capture: made as the capture is read when the plan can
/// ([`Plan::render_streamed`]: memory follows the open connections), else of the loaded
/// capture.
fn rendered<P: Plan>(ctx: &Context, plan: &P) -> Result<Rendered> {
    match plan.streams() {
        true => plan.render_streamed(ctx),
        false => plan.render(ctx, &load(ctx, plan)?),
    }
}

/// Load each plan's capture (as [`Plan::want`] asks) and run `f` on it, on `workers` threads;
/// the results in the order of `plans`.
pub(crate) fn for_each<P: Plan + Sync, T: Send>(
    ctx: &Context,
    plans: &[P],
    workers: usize,
    f: impl Fn(&Context, &P, &Capture) -> Result<T> + Sync,
) -> Result<Vec<Result<T>>> {
    each(ctx, plans, workers, |ctx, plan| {
        f(ctx, plan, &load(ctx, plan)?)
    })
}

/// Run `f` on each plan, on `workers` threads; the results in the order of `plans`.
pub(crate) fn each<P: Plan + Sync, T: Send>(
    ctx: &Context,
    plans: &[P],
    workers: usize,
    f: impl Fn(&Context, &P) -> Result<T> + Sync,
) -> Result<Vec<Result<T>>> {
    let wc: WorkerContext = ctx.worker();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers.clamp(1, plans.len().max(1)))
        .thread_name(|i| format!("capture-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the worker threads: {e}")))?;
    Ok(pool.install(|| {
        plans
            .par_iter()
            .map(|plan| f(&wc.context(), plan))
            .collect()
    }))
}

/// The capture of `plan`, loaded as [`Plan::want`] asks (its warnings printed).
pub(crate) fn load<P: Plan>(ctx: &Context, plan: &P) -> Result<Capture> {
    let path = plan.capture().expect("a capture plan");
    let src = Source::open(path)?;
    let want = plan.want(&src, &ctx.settings);
    let c = Capture::from_source(src, &ctx.settings, want, None)?;
    ctx.warn(&c);
    Ok(c)
}

/// The name of a capture in the output: its path as given on the command line.
pub(crate) fn label(path: &Path) -> String {
    path.display().to_string()
}

/// The captures that failed, reported as they are met.
#[derive(Default)]
pub(crate) struct Failures {
    first_code: Option<u8>,
    count: usize,
}

impl Failures {
    /// Print the failure of `path` on stderr (named after it), and count it.
    pub(crate) fn report(&mut self, path: &Path, e: Error) {
        let msg = e.to_string();
        let name = label(path);
        if msg.contains(&name) {
            crate::output::message::error(msg);
        } else {
            crate::output::message::error(format!("{name}: {msg}"));
        }
        self.count += 1;
        self.first_code.get_or_insert(e.exit_code());
    }

    /// Ok when nothing failed, else the error that gives the exit code of the first failure.
    pub(crate) fn result(self, total: usize) -> Result<()> {
        match self.first_code {
            None => Ok(()),
            Some(code) => Err(Error::CapturesFailed {
                failed: self.count,
                total,
                code,
            }),
        }
    }
}

/// `list|stats KIND CAPTURE... [ID]`: the last argument is the connection id when there are at
/// least two, it is made of digits only and no such file exists.
pub fn split_id(mut args: Vec<PathBuf>) -> (Vec<PathBuf>, Option<u64>) {
    if args.len() >= 2 {
        let last = &args[args.len() - 1];
        let id = last
            .to_str()
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .filter(|_| !last.exists())
            .and_then(|s| s.parse::<u64>().ok());
        if id.is_some() {
            args.pop();
            return (args, id);
        }
    }
    (args, None)
}

/// The captures given, in order, a directory standing for the captures in it (its files named
/// `*.pcap`, `*.pcapng`, `*.cap`, optionally `.gz`, in name order; not its subdirectories).
pub(super) fn all(args: Vec<PathBuf>) -> Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for p in args {
        if !p.is_dir() {
            v.push(p);
            continue;
        }
        let mut found = Vec::new();
        for e in std::fs::read_dir(&p).map_err(|e| Error::io(&p, e))? {
            let f = e.map_err(|e| Error::io(&p, e))?.path();
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            let name = name.strip_suffix(".gz").unwrap_or(&name);
            if f.is_file()
                && [".pcap", ".pcapng", ".cap"]
                    .iter()
                    .any(|x| name.ends_with(x))
            {
                found.push(f);
            }
        }
        if found.is_empty() {
            return Err(Error::bad_capture(
                &p,
                "a directory with no capture in it (*.pcap, *.pcapng, *.cap, optionally .gz)",
            ));
        }
        found.sort();
        v.extend(found);
    }
    Ok(v)
}

/// The KIND of `list|stats` (clap asks for it unless `--list-columns` is given).
pub(super) fn need_kind(kind: Option<crate::cli::ConnKind>) -> Result<crate::cli::ConnKind> {
    kind.ok_or_else(|| Error::Usage("give the connection kind: tcp or mptcp".into()))
}

#[cfg(test)]
mod tests {
    use super::split_id;
    use std::path::PathBuf;

    fn v(a: &[&str]) -> Vec<PathBuf> {
        a.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn a_last_number_is_the_id_unless_it_is_a_file() {
        assert_eq!(split_id(v(&["a.pcap", "3"])), (v(&["a.pcap"]), Some(3)));
        assert_eq!(
            split_id(v(&["a.pcap", "b.pcap", "3"])),
            (v(&["a.pcap", "b.pcap"]), Some(3))
        );
        assert_eq!(
            split_id(v(&["a.pcap", "b.pcap"])),
            (v(&["a.pcap", "b.pcap"]), None)
        );
        assert_eq!(split_id(v(&["7"])), (v(&["7"]), None));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("12");
        std::fs::write(&file, b"").unwrap();
        let both = vec![PathBuf::from("a.pcap"), file.clone()];
        assert_eq!(split_id(both.clone()), (both, None));
    }
}
