//! Command line: one clap definition drives parsing, help, the man page and shell completions.

pub mod commands;
pub mod plot;

use crate::input::Backend;
use crate::output::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
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
    /// Plot a connection to PNG or SVG
    Plot {
        #[command(subcommand)]
        plot: plot::PlotCommand,
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
    /// List cache entries and their sizes
    List,
    /// Remove every cache entry
    Clear,
}

#[derive(Debug, Subcommand, Clone, Copy)]
pub enum ConfigAction {
    /// Print every setting, its value and where it came from
    Show,
}

/// The clap command (for completions and the man page).
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
