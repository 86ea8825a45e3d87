//! Running the commands: one module per command, each behind [`Plan`]. A parsed command line
//! is first validated into a plan ([`plan`]: typed, checked arguments; nothing deeper re-checks
//! a flag), then run on a loaded capture ([`crate::pipeline::Capture`]) with data written to a
//! given writer and messages to stderr.
//!
//! [`run_command`] is the entry point for callers other than `main` (the interactive shell):
//! it runs one parsed command on a capture they keep loaded, or loads the capture named in the
//! command.

mod cache;
mod columns;
mod config;
mod doctor;
mod generate;
mod ids;
mod list;
mod many;
pub mod map;
pub mod owd;
pub mod pair;
mod pcap2csv;
mod plot;
pub mod receiver;
pub mod reinjections;
mod stats;
mod target;

pub(crate) use ids::check_filter;
pub use ids::describe_ids;

use super::{Cli, Command};
use crate::analysis::connections;
use crate::cache::{CacheMode, CachePolicy};
use crate::config::{Config, Overrides};
use crate::error::{Error, Result};
use crate::input::{InputOptions, ProgressSink};
use crate::output::many::Rendered;
use crate::output::OutputFormat;
use crate::pipeline::{Capture, Settings, Source, Want};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Settings resolved from flags and config, ready to use.
pub struct Context {
    pub config: Config,
    /// How every capture is read (backend, cache).
    pub settings: Settings,
    pub quiet: bool,
    /// The progress bar every read draws (on a terminal).
    pub bar: crate::output::progress::Bar,
    /// Where printed and plotted times count from (`--time-origin`).
    pub time_origin: crate::analysis::time::TimeOrigin,
    /// Captures the caller keeps loaded (the interactive shell's): a command, plot or
    /// two-capture command naming one of their files answers from it instead of reading the
    /// file (see [`Context::held_capture`]).
    pub held: Vec<Arc<Capture>>,
    /// False on the worker threads of a run over several captures (no bar at all).
    pub show_progress: bool,
    /// False on the worker threads of a run over several captures: a command may then use a
    /// thread of its own for the dissection ([`crate::pipeline::RunOptions::dissect_ahead`]).
    pub alone: bool,
}

/// What a worker thread needs to make its own [`Context`] (which is not `Sync`: its bar).
#[derive(Clone)]
pub(crate) struct WorkerContext {
    config: Config,
    settings: Settings,
    quiet: bool,
    time_origin: crate::analysis::time::TimeOrigin,
}

impl WorkerContext {
    pub(crate) fn context(&self) -> Context {
        Context {
            config: self.config.clone(),
            settings: self.settings.clone(),
            quiet: self.quiet,
            bar: crate::output::progress::Bar::new(false),
            time_origin: self.time_origin,
            held: Vec::new(),
            show_progress: false,
            alone: false,
        }
    }
}

impl Context {
    pub fn from_cli(cli: &Cli) -> Result<Context> {
        Self::from_global(&cli.global)
    }

    pub fn from_global(g: &super::GlobalArgs) -> Result<Context> {
        crate::output::message::configure(g.quiet, g.color.unwrap_or_default());
        let config = Config::load(&Overrides {
            config_file: g.config.clone(),
            backend: g.backend,
            tshark: g.tshark.clone(),
            cache_dir: g.cache_dir.clone(),
            tshark_timeout: g.tshark_timeout,
        })?;
        let settings = Settings {
            input: InputOptions {
                backend: config.backend.value,
                tshark: Some(config.tshark.value.clone()),
                progress: None,
                tshark_timeout: Some(config.tshark_timeout.value),
                // asked for by the commands that gain from it (RunOptions::dissect_ahead)
                dissect_ahead: false,
            },
            cache: CachePolicy {
                dir: Some(config.cache_dir.value.clone()),
                mode: if g.no_cache {
                    CacheMode::Off
                } else if g.regen {
                    CacheMode::Regen
                } else {
                    CacheMode::Use
                },
                native: false,
                max_bytes: config.cache_max_mb.value.saturating_mul(1024 * 1024),
            },
            linger: crate::analysis::lifecycle::Linger(
                (config.linger_s.value as i64).saturating_mul(1_000_000_000),
            ),
        };
        Ok(Context {
            config,
            settings,
            quiet: g.quiet,
            bar: crate::output::progress::Bar::new(!g.quiet && !g.no_progress),
            time_origin: g.time_origin.unwrap_or_default(),
            held: Vec::new(),
            show_progress: true,
            alone: true,
        })
    }

    /// The held capture of the file `path`, if it was read with this context's settings
    /// (backend, cache) and holds what `want(its source)` asks for.
    pub fn held_capture(
        &self,
        path: &Path,
        want: impl Fn(&Source) -> Want,
    ) -> Option<Arc<Capture>> {
        let canon = || std::fs::canonicalize(path).ok();
        self.held
            .iter()
            .find(|c| {
                let same_file = c.path() == path
                    || canon().is_some_and(|p| std::fs::canonicalize(c.path()).ok() == Some(p));
                same_file
                    && c.settings().same_reading(&self.settings)
                    && c.held().covers(&want(c.source()))
            })
            .cloned()
    }

    /// The sink a read shows its progress to.
    pub fn progress(&self) -> Option<&dyn ProgressSink> {
        self.show_progress.then_some(&self.bar as &dyn ProgressSink)
    }

    /// The settings a worker thread makes its context from.
    pub(crate) fn worker(&self) -> WorkerContext {
        WorkerContext {
            config: self.config.clone(),
            settings: self.settings.clone(),
            quiet: self.quiet,
            time_origin: self.time_origin,
        }
    }

    /// The output format asked for, else the configured one.
    /// A binary format (Parquet) is refused when standard output is a terminal.
    pub fn format(&self, asked: Option<OutputFormat>) -> Result<OutputFormat> {
        let f = asked.unwrap_or(self.config.format.value);
        if f.is_binary() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return Err(Error::Usage(
                "Parquet is binary: redirect standard output to a file".into(),
            ));
        }
        Ok(f)
    }

    pub fn delimiter(&self) -> u8 {
        self.config.csv_delimiter.value as u8
    }

    /// Print the warnings of a capture's read on stderr (unless --quiet), and a note when it
    /// holds no TCP packet (a valid, empty result).
    pub fn warn(&self, capture: &Capture) {
        self.warn_read(capture.path(), capture.info());
    }

    /// [`Context::warn`] of the read of `path` that gave `info`.
    pub(crate) fn warn_read(&self, path: &Path, info: &crate::input::CaptureInfo) {
        self.warn_path(path, &info.warnings);
        if info.tcp_packets == 0 {
            crate::output::message::note(format_args!(
                "{}: no TCP packet in this capture: the result is empty",
                path.display()
            ));
        }
    }

    /// Print `warnings` about `capture` on stderr (unless --quiet).
    pub fn warn_lines(&self, capture: &Capture, warnings: &[String]) {
        self.warn_path(capture.path(), warnings);
    }

    fn warn_path(&self, path: &Path, warnings: &[String]) {
        let path = path.display();
        for w in warnings {
            crate::output::message::warning(format_args!("{path}: {w}"));
        }
    }
}

/// A command with validated arguments, ready to run.
pub trait Plan {
    /// The capture the command reads (None: the command reads none, or loads its own).
    fn capture(&self) -> Option<&Path> {
        None
    }

    /// What the command needs of its capture, opened as `src` and read with `settings`.
    fn want(&self, _src: &Source, _settings: &Settings) -> Want {
        Want::default()
    }

    /// Run on `capture` (loaded with at least [`Plan::want`] when [`Plan::capture`] names one),
    /// writing data to `out`.
    fn run(&self, ctx: &Context, capture: Option<&Capture>, out: &mut dyn Write) -> Result<()>;

    /// The report of [`Plan::run`] on `capture`, rendered for joining with other captures'
    /// (`list` and `stats` over several captures, [`crate::output::many`]).
    fn render(&self, _ctx: &Context, _capture: &Capture) -> Result<Rendered> {
        Err(Error::Usage("this command reads one capture".into()))
    }

    /// Whether [`Plan::run_streamed`] writes this command's data while its capture is read.
    fn streams(&self) -> bool {
        false
    }

    /// Read the capture of [`Plan::capture`] and write the data to `out` as the read goes,
    /// keeping no loaded capture (`stats -f csv|json|parquet`: memory follows the open
    /// connections, issue 14 item 9).
    fn run_streamed(&self, _ctx: &Context, _out: &mut dyn Write) -> Result<()> {
        Err(Error::Usage(
            "internal error: this command is not written as it reads".into(),
        ))
    }

    /// [`Plan::render`] of the capture of [`Plan::capture`], made as [`Plan::run_streamed`]
    /// writes (a run over several captures, `-o DIR`: memory follows the open connections).
    fn render_streamed(&self, _ctx: &Context) -> Result<Rendered> {
        Err(Error::Usage(
            "internal error: this command is not rendered as it reads".into(),
        ))
    }
}

/// Where a plan's report goes: written out, or rendered for joining with other captures'.
pub(crate) enum Sink<'a> {
    Write(&'a mut dyn Write),
    Part(&'a mut Option<Rendered>),
}

/// Send `report` in `format` to `sink`.
pub(crate) fn emit<R: crate::output::Report>(
    report: &R,
    format: OutputFormat,
    delimiter: u8,
    sink: Sink,
) -> Result<()> {
    match sink {
        Sink::Write(out) => crate::output::write_report(report, format, delimiter, out),
        Sink::Part(slot) => {
            *slot = Some(crate::output::many::render(report, format)?);
            Ok(())
        }
    }
}

/// Run `f` with a part sink and return what it rendered.
pub(crate) fn rendered(f: impl FnOnce(Sink) -> Result<()>) -> Result<Rendered> {
    let mut slot = None;
    f(Sink::Part(&mut slot))?;
    slot.ok_or_else(|| Error::Usage("internal error: no report rendered".into()))
}

/// Validate a parsed command into its plan.
pub fn plan(cmd: Command, ctx: &Context) -> Result<Box<dyn Plan>> {
    if let Some(p) = columns::plan(&cmd, ctx)? {
        return Ok(p);
    }
    Ok(match cmd {
        Command::List {
            kind,
            capture,
            more,
            jobs,
            out: f,
            output,
            ..
        } => {
            let (args, id) = many::split_id(capture.into_iter().chain(more).collect());
            let (kind, target) = (many::need_kind(kind)?, target::Target::new(output.output));
            let format = target::format(ctx, f.format, &target)?;
            many::plan(many::all(args)?, jobs, format, target, |c| {
                list::ListPlan::new(kind, c, id, format)
            })?
        }
        Command::Pcap2csv {
            capture,
            more,
            output,
            format,
            jobs,
            tcp,
            mptcp,
            ..
        } => {
            let args = capture.into_iter().chain(more).collect();
            let target = target::Target::new(output);
            pcap2csv::plan(many::all(args)?, target, format, jobs, tcp, mptcp)?
        }
        Command::Stats {
            kind,
            capture,
            more,
            jobs,
            dest,
            detail,
            out: f,
            output,
            ..
        } => {
            let (args, id) = many::split_id(capture.into_iter().chain(more).collect());
            let (kind, target) = (many::need_kind(kind)?, target::Target::new(output.output));
            let format = target::format(ctx, f.format, &target)?;
            many::plan(many::all(args)?, jobs, format, target, |c| {
                stats::StatsPlan::new(kind, c, id, dest, detail, format)
            })?
        }
        Command::Map(args) => Box::new(args),
        Command::Owd(args) => Box::new(args),
        Command::Reinjections(args) => Box::new(args),
        Command::Receiver(args) => Box::new(args),
        Command::Plot { list, plot } => Box::new(plot::PlotPlan::new(list, plot)),
        Command::Plugins { out: f } => Box::new(plot::PluginsPlan::new(ctx.format(f.format)?)),
        Command::External(args) => Box::new(plot::ExternalPlan::new(args)),
        Command::Cache { action } => {
            let format = match action {
                crate::cli::CacheAction::List { out } => ctx.format(out.format)?,
                _ => ctx.format(None).unwrap_or_default(),
            };
            Box::new(cache::CachePlan::new(action, format))
        }
        Command::Config { action } => Box::new(config::ConfigPlan::new(action)),
        Command::Completions { shell } => Box::new(generate::CompletionsPlan::new(shell)),
        Command::Doctor => Box::new(doctor::DoctorPlan),
        Command::Man { name, dir } => Box::new(generate::ManPlan::new(name, dir)?),
        Command::Shell(_) => return Err(Error::Usage("already in the shell".into())),
    })
}

/// Run a parsed command line (the binary's entry point).
pub fn run(cli: Cli) -> Result<()> {
    // Rust's stdout is line-buffered even into a pipe or a file: a write and a search for the
    // newline per line (a third of the instructions of `stats mptcp -f json` on the corpus)
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    run_to(cli, &mut out)?;
    out.flush().map_err(Error::stdout)
}

/// [`run`], writing data to `out` (the binary gives a writer that fails when standard output
/// was closed, `>&-`).
pub fn run_to(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let ctx = Context::from_cli(&cli)?;
    run_command(cli.command, &ctx, None, out)
}

/// Standard output that was closed when the process started (`>&-`): every write fails with
/// `EBADF`, as it would without the runtime's /dev/null in its place, so a command with data
/// to print fails (exit 1) as with `> /dev/full`; a command that prints nothing succeeds.
#[derive(Debug, Default, Clone, Copy)]
pub struct ClosedStdout;

impl Write for ClosedStdout {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(closed_stdout_error())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn closed_stdout_error() -> std::io::Error {
    std::io::Error::other(
        "standard output is closed (nothing can be written: redirect it, e.g. > /dev/null)",
    )
}

/// Run one parsed command, writing its data to `out`. With `capture`, the command runs on that
/// loaded capture (read again only if it lacks what the command needs; its warnings are then
/// printed again), in place of the capture its arguments name; without (or when the capture was
/// read with other settings than the command's: backend, cache), it uses the capture of
/// [`Context::held`] of that file, else loads that one.
pub fn run_command(
    cmd: Command,
    ctx: &Context,
    capture: Option<&mut Capture>,
    out: &mut dyn Write,
) -> Result<()> {
    let plan = plan(cmd, ctx)?;
    let Some(path) = plan.capture() else {
        return plan.run(ctx, capture.map(|c| &*c), out);
    };
    match capture {
        Some(c) if c.settings().same_reading(&ctx.settings) => {
            let want = plan.want(c.source(), &ctx.settings);
            if c.ensure(want, ctx.progress())? {
                ctx.warn(c);
            }
            plan.run(ctx, Some(c), out)
        }
        _ => {
            if let Some(c) = ctx.held_capture(path, |src| plan.want(src, &ctx.settings)) {
                return plan.run(ctx, Some(&c), out);
            }
            if plan.streams() {
                return plan.run_streamed(ctx, out);
            }
            let src = Source::open(path)?;
            let want = plan.want(&src, &ctx.settings);
            let c = Capture::from_source(src, &ctx.settings, want, ctx.progress())?;
            ctx.warn(&c);
            plan.run(ctx, Some(&c), out)
        }
    }
}

/// The loaded capture a command that reads one was given.
fn loaded(capture: Option<&Capture>) -> Result<&Capture> {
    capture.ok_or_else(|| Error::Usage("this command needs a capture".into()))
}

/// Messages, not data (stdout stays as it is): no MPTCP connection at all, and the TCP
/// connections that offered MPTCP and fell back during the handshake (not MPTCP connections).
/// `e`: the analysis of the capture `path` (its released connections left out: none fell back).
fn note_missing_mptcp(path: &Path, e: &crate::analysis::enrich::Enricher, none: bool) {
    let path = path.display();
    if none {
        crate::output::message::note(format_args!("{path}: no MPTCP connection in this capture"));
    }
    let fell_back: Vec<String> = connections::fell_back_streams(e)
        .iter()
        .map(u64::to_string)
        .collect();
    if !fell_back.is_empty() {
        crate::output::message::note(format_args!(
            "{path}: TCP {} offered MPTCP and fell back to TCP during the handshake (see `list tcp`)",
            fell_back.join(", ")
        ));
    }
}
