//! Typed errors of the library. `main.rs` is the one place that turns them into messages and
//! exit codes (see [`Error::exit_code`]).

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Documented exit codes (also in README.md).
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// Generic failure (bad data, analysis found nothing to do, I/O error).
    pub const FAILURE: i32 = 1;
    /// Bad command line or configuration.
    pub const USAGE: i32 = 2;
    /// The input file is missing, unreadable, not a capture, empty or malformed.
    pub const INPUT: i32 = 3;
    /// tshark is missing, too old or failed.
    pub const TSHARK: i32 = 4;
    /// The requested connection does not exist in the capture.
    pub const NOT_FOUND: i32 = 5;
    /// Interrupted (Ctrl-C).
    pub const INTERRUPTED: i32 = 130;
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a capture file (expected pcap, pcapng, gzip-compressed capture or mptcpanalyzer CSV)", path.display())]
    UnknownFormat { path: PathBuf },
    #[error("{}: {msg}", path.display())]
    BadCapture { path: PathBuf, msg: String },
    #[error("{}: the capture holds no TCP packet", path.display())]
    EmptyCapture { path: PathBuf },
    #[error("{}: line {line}: {msg}", path.display())]
    BadCsv {
        path: PathBuf,
        line: u64,
        msg: String,
    },
    #[error("tshark not found ({tried}); install Wireshark's tshark, set MPTCPANALYZER_TSHARK, or use --backend native")]
    TsharkMissing { tried: String },
    #[error("tshark {found} is too old: {required} or newer is required")]
    TsharkTooOld { found: String, required: String },
    #[error("{}: tshark failed: {msg}", path.display())]
    TsharkFailed { path: PathBuf, msg: String },
    #[error("{}: {msg}", path.display())]
    Config { path: PathBuf, msg: String },
    #[error("{0}")]
    Usage(String),
    #[error("{}: no {kind} connection with id {id} (the capture has {available})", path.display())]
    NoSuchConnection {
        path: PathBuf,
        kind: &'static str,
        id: u64,
        available: String,
    },
    #[error("{}: {msg}", path.display())]
    Output { path: PathBuf, msg: String },
    #[error("{0}")]
    Plot(String),
    #[error("cache {}: {msg}", path.display())]
    Cache { path: PathBuf, msg: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn bad_capture(path: impl Into<PathBuf>, msg: impl Into<String>) -> Self {
        Error::BadCapture {
            path: path.into(),
            msg: msg.into(),
        }
    }

    /// True when the error is a broken pipe on stdout (`mptcpanalyzer ... | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            // writing the output failed (`> /dev/full`): not an input problem
            Error::Io { path, .. } if *path == crate::output::stdout_path() => exit::FAILURE,
            Error::Io { .. }
            | Error::UnknownFormat { .. }
            | Error::BadCapture { .. }
            | Error::EmptyCapture { .. }
            | Error::BadCsv { .. } => exit::INPUT,
            Error::TsharkMissing { .. }
            | Error::TsharkTooOld { .. }
            | Error::TsharkFailed { .. } => exit::TSHARK,
            Error::Config { .. } | Error::Usage(_) => exit::USAGE,
            Error::NoSuchConnection { .. } => exit::NOT_FOUND,
            Error::Output { .. } | Error::Plot(_) | Error::Cache { .. } => exit::FAILURE,
        }
    }
}
