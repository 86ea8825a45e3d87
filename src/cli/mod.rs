//! Command line: one clap definition drives parsing, help, the man page and shell completions.

mod args;
pub mod commands;
pub mod help;
pub mod plot;
pub mod plugins;

pub use args::{
    CacheAction, ConfigAction, ConnKind, Dest, FormatArg, JobsArg, OutputArg, RowFormat,
};

use crate::input::Backend;
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

/// Analyse Multipath TCP (MPTCP v0/v1) packet captures.
///
/// Captures are pcap or pcapng files (optionally gzip-compressed), or a CSV written by
/// `mptcpanalyzer pcap2csv`. Connection ids are Wireshark's `tcp.stream` / `mptcp.stream`.
/// Data goes to stdout, messages to stderr.
#[derive(Debug, Parser)]
#[command(
    name = "mptcpanalyzer",
    version,
    long_version = LONG_VERSION,
    about,
    long_about,
    max_term_width = 100
)]
#[command(after_help = help::EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]
    #[arg(long, global = true, value_name = "FILE", env = "MPTCPANALYZER_CONFIG", help_heading = GLOBAL)]
    pub config: Option<PathBuf>,
    /// Dissector for pcap/pcapng input [default: native, or the config's `backend`]
    #[arg(long, global = true, value_enum, help_heading = GLOBAL)]
    pub backend: Option<Backend>,
    /// tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    pub tshark: Option<PathBuf>,
    /// Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config's `tshark_timeout`]
    #[arg(long, global = true, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600), help_heading = GLOBAL)]
    pub tshark_timeout: Option<u64>,
    /// Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub cache_dir: Option<PathBuf>,
    /// Neither read nor write the cache
    #[arg(long, global = true, conflicts_with = "regen", help_heading = GLOBAL)]
    pub no_cache: bool,
    /// Rebuild the cache entry of the capture
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub regen: bool,
    /// Print no warnings, notes or progress bar (errors still are)
    #[arg(long, short, global = true, help_heading = GLOBAL)]
    pub quiet: bool,
    /// Draw no progress bar (it is only drawn when stderr is a terminal)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_progress: bool,
    /// Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: Option<crate::output::message::ColorChoice>,
    /// Where printed and plotted times count from [default: capture, its first frame, as
    /// Wireshark's frame.time_relative]
    #[arg(long, global = true, value_enum, value_name = "ORIGIN", help_heading = GLOBAL)]
    pub time_origin: Option<crate::analysis::time::TimeOrigin>,
}

/// `--version`: the version and the git commit built from ("unknown" from a tarball without
/// `.git`; build.rs).
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("MPTCPANALYZER_GIT_COMMIT"),
    ")"
);

/// The help heading of the options every command takes (after the command's own).
pub const GLOBAL: &str = "Global options";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the TCP or MPTCP connections of a capture
    ///
    /// Several captures are read in parallel (`-j N`, default one per core) and printed in the
    /// order of the command line, each row with its capture (a first `capture` column in CSV, a
    /// `capture` field in JSON, a `==> CAPTURE <==` line before each capture's table). A
    /// capture that fails is reported on stderr naming it, the others are still processed and
    /// printed, and the exit code is then that of the first failing capture (make's
    /// --keep-going, always on).
    List {
        /// Connection kind (optional with --list-columns: every kind's columns)
        #[arg(value_enum, required_unless_present = "list_columns")]
        kind: Option<ConnKind>,
        /// Capture file (pcap, pcapng, .gz, or pcap2csv output), or a directory of captures
        #[arg(required_unless_present = "list_columns")]
        capture: Option<PathBuf>,
        /// More captures, then the connection id (tcp.stream or mptcp.stream; `list mptcp F ID`
        /// shows its subflows): the last word, when made of digits and not an existing file
        #[arg(id = "id", value_name = "CAPTURE|ID")]
        more: Vec<PathBuf>,
        #[command(flatten)]
        jobs: JobsArg,
        /// Print what each column of the output is (CSV columns, then JSON's own members):
        /// name, type, unit and meaning; no capture is read; without KIND, every kind's
        #[arg(long)]
        list_columns: bool,
        #[command(flatten)]
        out: FormatArg,
        #[command(flatten)]
        output: OutputArg,
    },
    /// Write one CSV row per TCP packet (`pcap2csv --list-columns`: what each column is)
    ///
    /// Several captures are read in parallel (`-j N`, default one per core): one CSV on
    /// stdout or in `-o FILE`, with a first column `capture`, or one CSV per capture with
    /// `-o DIR` (an existing directory, or a new one written `DIR/`, which appears only once
    /// complete). A directory given as CAPTURE stands for the captures in it. With `-f parquet`
    /// the same rows as Parquet; each file of a directory then has the `capture` column (a
    /// dataset). A capture that fails is reported on stderr naming it,
    /// the others are still written, and the exit code is then that of the first failing
    /// capture (make's --keep-going, always on).
    Pcap2csv {
        /// Capture file, or a directory of captures (its *.pcap, *.pcapng, *.cap, optionally
        /// .gz, in name order)
        #[arg(required_unless_present = "list_columns")]
        capture: Option<PathBuf>,
        /// More captures: one CSV with a first column `capture`, or one file per capture with
        /// `-o DIR`
        #[arg(value_name = "CAPTURE")]
        more: Vec<PathBuf>,
        /// Output file (written atomically), or a directory (existing, or new with a final
        /// `/`): one NAME.csv (or NAME.parquet) per capture there [default: stdout]
        #[arg(short, long, value_name = "FILE|DIR")]
        output: Option<PathBuf>,
        /// Row format: CSV, or Parquet with the same columns and real types (never to a
        /// terminal)
        #[arg(long, short = 'f', value_enum, default_value_t = RowFormat::Csv)]
        format: RowFormat,
        #[command(flatten)]
        jobs: JobsArg,
        /// Print what each column of the output is (CSV columns, then JSON's own members):
        /// name, type, unit and meaning; no capture is read
        #[arg(long)]
        list_columns: bool,
        /// Only the packets of this TCP stream
        #[arg(long, value_name = "ID", conflicts_with = "mptcp")]
        tcp: Option<u64>,
        /// Only the packets of this MPTCP connection
        #[arg(long, value_name = "ID")]
        mptcp: Option<u64>,
    },
    /// Statistics of one connection, or of every connection
    ///
    /// Several captures are read in parallel (`-j N`, default one per core) and printed in the
    /// order of the command line, each row with its capture (a first `capture` column in CSV, a
    /// `capture` field in JSON, a `==> CAPTURE <==` line before each capture's table). A
    /// capture that fails is reported on stderr naming it, the others are still processed and
    /// printed, and the exit code is then that of the first failing capture (make's
    /// --keep-going, always on).
    Stats {
        /// Connection kind (optional with --list-columns: every kind's columns)
        #[arg(value_enum, required_unless_present = "list_columns")]
        kind: Option<ConnKind>,
        /// Capture file, or a directory of captures
        #[arg(required_unless_present = "list_columns")]
        capture: Option<PathBuf>,
        /// More captures, then the connection id (tcp.stream or mptcp.stream; every connection
        /// when omitted): the last word, when made of digits and not an existing file
        #[arg(id = "id", value_name = "CAPTURE|ID")]
        more: Vec<PathBuf>,
        #[command(flatten)]
        jobs: JobsArg,
        /// Which direction: towards the client, the server, or both
        #[arg(long, value_enum, default_value_t = Dest::Both)]
        dest: Dest,
        /// Tables: every figure of every connection (the default without an ID is one summary
        /// row per connection; JSON and CSV always have every figure)
        #[arg(long)]
        detail: bool,
        /// Print what each column of the output is (CSV columns, then JSON's own members):
        /// name, type, unit and meaning; no capture is read; without KIND, every kind's
        #[arg(long)]
        list_columns: bool,
        #[command(flatten)]
        out: FormatArg,
        #[command(flatten)]
        output: OutputArg,
    },
    /// Map each connection of one capture to its match in a capture of the other end
    Map(commands::map::MapArgs),
    /// One-way delays of the packets seen in a client and a server capture of one run
    Owd(commands::owd::OwdArgs),
    /// Reinjections of an MPTCP connection; with the receiver's capture, useful or redundant
    Reinjections(commands::reinjections::ReinjectionsArgs),
    /// What the receiving end got of an MPTCP connection: bytes, losses, goodput, HOL blocking
    Receiver(commands::receiver::ReceiverArgs),
    /// Plot a connection to PNG or SVG (`plot --list`: every plot type, plugins included)
    #[command(arg_required_else_help = true, args_conflicts_with_subcommands = true)]
    Plot {
        /// List every plot type (built in and plugin) with its summary
        #[arg(long)]
        list: bool,
        #[command(subcommand)]
        plot: Option<crate::plot::kinds::PlotCall>,
    },
    /// List the plugins found: kind, name, path, summary
    Plugins {
        #[command(flatten)]
        out: FormatArg,
    },
    /// Manage the cache of dissected captures
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
    /// Show the effective configuration
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Report the tshark found, its version and whether it is usable, and the settings in use
    Doctor,
    /// Print a man page (roff), or write every page into a directory
    Man {
        /// The command whose page to print (`stats`, `plot dsn`) [default: the program's]
        #[arg(value_name = "COMMAND")]
        name: Vec<String>,
        /// Write every page (`mptcpanalyzer.1`, `mptcpanalyzer-stats.1`, ...) into DIR
        #[arg(long, value_name = "DIR", conflicts_with = "name")]
        dir: Option<PathBuf>,
    },
    /// Interactive shell: load captures once, then ask many questions
    Shell(ShellArgs),
    /// Any other name runs the plugin `mptcpanalyzer-NAME`
    #[command(external_subcommand)]
    External(Vec<OsString>),
}

/// The clap command (for the man page: built-in commands only), with every command's
/// examples in its long help.
pub fn command() -> clap::Command {
    help::with_examples(<Cli as clap::CommandFactory>::command())
}

/// `mptcpanalyzer shell` arguments.
#[derive(Debug, Args, Clone, Default)]
pub struct ShellArgs {
    /// Captures to load at start (each named after its file; the last is the current one)
    pub captures: Vec<PathBuf>,
    /// Run these lines (separated by `;` or newlines) and exit, instead of reading the terminal
    #[arg(short = 'c', long = "command", value_name = "LINES")]
    pub command: Option<String>,
    /// Batch mode: run every line even after one failed (the exit code is the first failure's)
    #[arg(long)]
    pub keep_going: bool,
}

/// The clap command with the plugins found: command plugins as subcommands, plot plugins as
/// subcommands of `plot`, each with its summary and flags (for help and completions).
pub fn command_with_plugins(ctx: &commands::Context) -> clap::Command {
    let found = plugins::plugins(ctx);
    let mut cmd = command();
    let taken: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let broken = |why: &str| format!("[broken plugin: {why}]");
    for p in found
        .iter()
        .filter(|p| p.kind == crate::plugin::Kind::Command)
    {
        if taken.contains(&p.name) {
            continue;
        }
        let about = match p.broken_reason() {
            Some(why) => broken(why),
            None => p.summary().to_string(),
        };
        let sub = p
            .flags()
            .iter()
            .fold(clap::Command::new(p.name.clone()).about(about), |c, f| {
                c.arg(plugin_flag(f))
            });
        cmd = cmd.subcommand(sub);
    }
    cmd.mut_subcommand("plot", |mut plot| {
        for p in found.iter().filter(|p| p.kind == crate::plugin::Kind::Plot) {
            if crate::plot::kinds::builtin(&p.name).is_some() {
                continue;
            }
            let sub = match crate::plot::kinds::plugin::PluginPlot::new(p.clone()) {
                Ok(pp) => crate::plot::kinds::PlotKind::command(&pp),
                Err(_) => clap::Command::new(p.name.clone())
                    .about(broken(p.broken_reason().unwrap_or("?"))),
            };
            plot = plot.subcommand(sub);
        }
        plot
    })
}

/// A plugin's declared flag as a clap argument (help and completion only).
fn plugin_flag(f: &crate::plugin::Flag) -> clap::Arg {
    let long = f.name.trim_start_matches('-').to_string();
    let arg = clap::Arg::new(long.clone()).long(long).help(f.help.clone());
    match &f.value {
        None => arg.action(clap::ArgAction::SetTrue),
        Some(v) if f.choices.is_empty() => arg.value_name(v.clone()),
        Some(v) => arg
            .value_name(v.clone())
            .value_parser(clap::builder::PossibleValuesParser::new(f.choices.clone())),
    }
}

/// Parse `argv` (its first word is the program's name) with [`command`]: the definition whose
/// long help has the examples (the interactive shell parses its lines with it).
pub fn try_parse_from<I, T>(argv: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    command()
        .try_get_matches_from(argv)
        .and_then(|mut m| <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut m))
}

/// Parse the command line. Help (`--help`, `plot` alone, `help plot`) is rendered with the
/// plugins found, so that `plot --help` lists plugin plots with the built-in ones. Help,
/// version and usage errors are printed by [`exit_clap`].
pub fn parse() -> Cli {
    let parsed = try_parse_from(std::env::args_os());
    let err = match parsed {
        Ok(cli) => return cli,
        Err(e) => e,
    };
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let global = GlobalArgs {
            config: config_arg(std::env::args_os()),
            quiet: true,
            ..Default::default()
        };
        if let Ok(ctx) = commands::Context::from_global(&global) {
            if let Err(e) = command_with_plugins(&ctx).try_get_matches() {
                exit_clap(e)
            }
        }
    }
    exit_clap(err)
}

/// Print what clap stopped with and exit: help and version on stdout (exit 0; a failed write,
/// e.g. into a full device, is an error and exit 1; a closed pipe is success), usage errors on
/// stderr with the program's message prefix (`mptcpanalyzer: error: ...`, exit 2). Colour
/// follows `--color` (`NO_COLOR`, `CLICOLOR_FORCE`) and whether the stream is a terminal.
pub fn exit_clap(e: clap::Error) -> ! {
    use std::io::{IsTerminal, Write};
    let choice = color_arg(std::env::args_os());
    let text = e.render();
    let code = if e.use_stderr() {
        let color = choice.resolve(std::io::stderr().is_terminal(), |k| std::env::var(k).ok());
        let body = if color {
            text.ansi().to_string()
        } else {
            text.to_string()
        };
        // clap's own errors begin with "error: "; help shown for a missing argument does not
        let prefix = if text.to_string().starts_with("error:") {
            format!("{}: ", crate::output::message::PREFIX)
        } else {
            String::new()
        };
        let _ = write!(std::io::stderr().lock(), "{prefix}{body}");
        e.exit_code()
    } else {
        let color = choice.resolve(std::io::stdout().is_terminal(), |k| std::env::var(k).ok());
        let body = if color {
            text.ansi().to_string()
        } else {
            text.to_string()
        };
        let mut out = std::io::stdout().lock();
        match out.write_all(body.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => 0,
            Err(w) if w.kind() == std::io::ErrorKind::BrokenPipe => 0,
            Err(w) => {
                crate::output::message::configure(false, choice);
                crate::output::message::error(crate::error::Error::stdout(w));
                crate::error::exit::FAILURE.into()
            }
        }
    };
    std::process::exit(code)
}

/// The `--color WHEN` of raw arguments (auto when absent or not a valid value).
fn color_arg(
    args: impl Iterator<Item = std::ffi::OsString>,
) -> crate::output::message::ColorChoice {
    use crate::output::message::ColorChoice;
    let args: Vec<std::ffi::OsString> = args.collect();
    let mut choice = ColorChoice::Auto;
    for (i, a) in args.iter().enumerate() {
        let Some(s) = a.to_str() else { continue };
        if s == "--" {
            break;
        }
        let v = if s == "--color" {
            args.get(i + 1).and_then(|v| v.to_str())
        } else {
            s.strip_prefix("--color=")
        };
        choice = match v {
            Some("always") => ColorChoice::Always,
            Some("never") => ColorChoice::Never,
            Some("auto") => ColorChoice::Auto,
            _ => choice,
        };
    }
    choice
}

/// The value of `--config FILE` / `--config=FILE` in raw arguments (or the environment's).
fn config_arg(args: impl Iterator<Item = std::ffi::OsString>) -> Option<PathBuf> {
    let args: Vec<std::ffi::OsString> = args.collect();
    for (i, a) in args.iter().enumerate() {
        let Some(s) = a.to_str() else { continue };
        if s == "--" {
            break;
        }
        if s == "--config" {
            return args.get(i + 1).map(PathBuf::from);
        }
        if let Some(v) = s.strip_prefix("--config=") {
            return Some(PathBuf::from(v));
        }
    }
    std::env::var_os("MPTCPANALYZER_CONFIG").map(PathBuf::from)
}
