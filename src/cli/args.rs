//! The argument types several commands share: connection kind and direction, output and row
//! formats, parallel jobs, and the actions of `cache` and `config`.

use crate::output::OutputFormat;
use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConnKind {
    Tcp,
    Mptcp,
}

/// Direction of data (`--dest`): the plots' type, one for every command.
pub use crate::plot::kinds::Dest;

#[derive(Debug, Args, Clone, Copy)]
pub struct FormatArg {
    /// Output format [default: table, or the config's `format`]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<OutputFormat>,
}

/// `-o FILE|DIR|-` of `list` and `stats` (the rules of pcap2csv's `-o`: `commands::target`).
#[derive(Debug, Args, Clone)]
pub struct OutputArg {
    /// Output file (written atomically; an existing file keeps its permissions), or a
    /// directory (existing, or new with a final `/`): one file per capture there, NAME.csv
    /// (.json, .parquet, or .txt for a table; Parquet files with the `capture` column)
    /// [default: stdout]
    #[arg(short, long, value_name = "FILE|DIR")]
    pub output: Option<std::path::PathBuf>,
}

/// The row format of `pcap2csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RowFormat {
    Csv,
    #[cfg(feature = "parquet")]
    Parquet,
}

impl RowFormat {
    /// True for a binary format (not for a terminal).
    pub fn is_binary(self) -> bool {
        self != RowFormat::Csv
    }

    /// The file extension of a file of this format in `-o DIR`.
    pub fn extension(self) -> &'static str {
        match self {
            RowFormat::Csv => ".csv",
            #[cfg(feature = "parquet")]
            RowFormat::Parquet => ".parquet",
        }
    }
}

/// How many captures are read at once (commands that take several).
#[derive(Debug, Args, Clone, Copy)]
pub struct JobsArg {
    /// Captures read at once, one per worker thread [default: the number of cores]
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

impl JobsArg {
    /// The number of workers: the one asked for, else the number of cores.
    pub fn workers(self) -> usize {
        match self.jobs {
            Some(n) => n as usize,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
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
