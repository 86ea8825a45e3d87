//! Typed errors of the library. `main.rs` is the one place that turns them into messages and
//! exit codes (see [`Error::exit_code`]).

use std::fmt;
use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Documented exit codes (also in README.md).
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Generic failure (bad data, analysis found nothing to do, I/O error).
    pub const FAILURE: u8 = 1;
    /// Bad command line or configuration.
    pub const USAGE: u8 = 2;
    /// The input file is missing, unreadable, not a capture, empty or malformed.
    pub const INPUT: u8 = 3;
    /// tshark is missing, too old or failed.
    pub const TSHARK: u8 = 4;
    /// The requested connection does not exist in the capture.
    pub const NOT_FOUND: u8 = 5;
    /// Interrupted (Ctrl-C).
    pub const INTERRUPTED: u8 = 130;
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
    /// Writing data failed (`> /dev/full`, a closed pipe, a full disk): not an input problem.
    #[error("{dest}: {source}")]
    Write {
        dest: Destination,
        #[source]
        source: std::io::Error,
    },
    /// An output file cannot be made (its directory is missing, a plot cannot be drawn).
    #[error("{}: {msg}", path.display())]
    Output { path: PathBuf, msg: String },
    #[error("{0}")]
    Plot(String),
    #[error("cache {}: {msg}", path.display())]
    Cache { path: PathBuf, msg: String },
    #[error("interrupted")]
    Interrupted,
    /// Some captures of a run over several failed (each was reported on its own); `code` is
    /// the exit code of the first failure.
    #[error("{failed} of {total} captures failed (reported above)")]
    CapturesFailed {
        failed: usize,
        total: usize,
        code: u8,
    },
}

/// Where data was being written when [`Error::Write`] happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Stdout => f.write_str("<stdout>"),
            Destination::File(p) => write!(f, "{}", p.display()),
        }
    }
}

impl Error {
    /// A failed write to standard output. Writers do not know where they write: one given to
    /// a file writer is renamed with [`Error::written_to`].
    pub fn stdout(source: std::io::Error) -> Self {
        Error::Write {
            dest: Destination::Stdout,
            source,
        }
    }

    /// A write error of a writer that filled `path`, named after it. Any other error (e.g.
    /// the input capture could not be read) is kept as it is.
    pub fn written_to(self, path: &Path) -> Self {
        match self {
            Error::Write {
                dest: Destination::Stdout,
                source,
            } => Error::Write {
                dest: Destination::File(path.to_path_buf()),
                source,
            },
            other => other,
        }
    }

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

    pub fn exit_code(&self) -> u8 {
        match self {
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
            Error::Write { .. } | Error::Output { .. } | Error::Plot(_) | Error::Cache { .. } => {
                exit::FAILURE
            }
            Error::Interrupted => exit::INTERRUPTED,
            Error::CapturesFailed { code, .. } => *code,
        }
    }
}

/// Whether a broken pipe is anywhere in the error's chain of sources
/// (`mptcpanalyzer ... | head` closed the pipe early: that is success).
pub fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(err) = cause {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        cause = err.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::ErrorKind;

    #[test]
    fn a_write_error_is_named_after_its_file_and_keeps_its_source() {
        let e = Error::stdout(std::io::Error::from(ErrorKind::StorageFull));
        assert_eq!(e.exit_code(), exit::FAILURE);
        assert!(e.to_string().starts_with("<stdout>: "), "{e}");
        let e = e.written_to(Path::new("out.csv"));
        assert!(e.to_string().starts_with("out.csv: "), "{e}");
        let source = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(source.map(|s| s.kind()), Some(ErrorKind::StorageFull));
    }

    #[test]
    fn an_input_error_stays_an_input_error_inside_a_file_writer() {
        let e = Error::io("in.pcap", std::io::Error::from(ErrorKind::NotFound));
        let e = e.written_to(Path::new("out.csv"));
        assert_eq!(e.exit_code(), exit::INPUT);
        assert!(e.to_string().starts_with("in.pcap: "), "{e}");
    }
}
