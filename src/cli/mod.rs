//! Command line: one clap definition drives parsing, help, the man page and shell completions.

pub mod commands;
pub mod plot;
pub mod plugins;

use crate::input::Backend;
use crate::output::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
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
    about,
    long_about,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 success, 1 failure, 2 usage or config error, \
3 unreadable or invalid input, 4 tshark missing or failing, 5 no such connection."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]
    #[arg(long, global = true, value_name = "FILE", env = "MPTCPANALYZER_CONFIG")]
    pub config: Option<PathBuf>,
    /// Dissector for pcap/pcapng input [default: native, or the config's `backend`]
    #[arg(long, global = true, value_enum)]
    pub backend: Option<Backend>,
    /// tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]
    #[arg(long, global = true, value_name = "PATH")]
    pub tshark: Option<PathBuf>,
    /// Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config's `tshark_timeout`]
    #[arg(long, global = true, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub tshark_timeout: Option<u64>,
    /// Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Neither read nor write the cache
    #[arg(long, global = true, conflicts_with = "regen")]
    pub no_cache: bool,
    /// Rebuild the cache entry of the capture
    #[arg(long, global = true)]
    pub regen: bool,
    /// Print no warnings
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the TCP or MPTCP connections of a capture
    List {
        #[arg(value_enum)]
        kind: ConnKind,
        /// Capture file (pcap, pcapng, .gz, or pcap2csv output)
        capture: PathBuf,
        #[command(flatten)]
        out: FormatArg,
    },
    /// Write one CSV row per TCP packet (schema: docs/csv-schema.md)
    Pcap2csv {
        /// Capture file
        capture: PathBuf,
        /// Output file (written atomically) [default: stdout]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only the packets of this TCP stream
        #[arg(long, value_name = "ID", conflicts_with = "mptcp")]
        tcp: Option<u64>,
        /// Only the packets of this MPTCP connection
        #[arg(long, value_name = "ID")]
        mptcp: Option<u64>,
    },
    /// Statistics of one connection, or of every connection (docs/statistics.md)
    Stats {
        #[arg(value_enum)]
        kind: ConnKind,
        /// Capture file
        capture: PathBuf,
        /// Connection id (tcp.stream or mptcp.stream); every connection when omitted
        id: Option<u64>,
        /// Which direction: towards the client, the server, or both
        #[arg(long, value_enum, default_value_t = Dest::Both)]
        dest: Dest,
        #[command(flatten)]
        out: FormatArg,
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
    /// List the plugins found (docs/plugins.md): kind, name, path, summary
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
    /// Print the man page (roff)
    Man,
    /// Interactive shell: load captures once, then ask many questions (docs/shell.md)
    Shell(ShellArgs),
    /// Any other name runs the plugin `mptcpanalyzer-NAME` (docs/plugins.md)
    #[command(external_subcommand)]
    External(Vec<OsString>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConnKind {
    Tcp,
    Mptcp,
}

/// Direction of data: towards the client, the server, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dest {
    Client,
    Server,
    Both,
}

impl Dest {
    /// (towards the server, towards the client)
    pub fn directions(self) -> (bool, bool) {
        match self {
            Dest::Client => (false, true),
            Dest::Server => (true, false),
            Dest::Both => (true, true),
        }
    }
}

#[derive(Debug, Args, Clone, Copy)]
pub struct FormatArg {
    /// Output format [default: table, or the config's `format`]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Subcommand, Clone, Copy)]
pub enum CacheAction {
    /// Print the cache directory
    Path,
    /// List cache entries: the capture and backend each was made for, packets, size, age
    List {
        #[command(flatten)]
        out: FormatArg,
    },
    /// Remove every cache entry (and temporary files that interrupted runs left)
    Clear,
}

#[derive(Debug, Subcommand, Clone, Copy)]
pub enum ConfigAction {
    /// Print every setting, its value and where it came from
    Show,
}

/// The clap command (for the man page: built-in commands only).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
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

/// Parse the command line. Help (`--help`, `plot` alone, `help plot`) is rendered with the
/// plugins found, so that `plot --help` lists plugin plots with the built-in ones.
pub fn parse() -> Cli {
    let err = match <Cli as clap::Parser>::try_parse() {
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
            ..Default::default()
        };
        if let Ok(ctx) = commands::Context::from_global(&global) {
            if let Err(e) = command_with_plugins(&ctx).try_get_matches() {
                e.exit()
            }
        }
    }
    err.exit()
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
