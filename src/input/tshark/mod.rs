//! tshark backend: runs Wireshark's tshark once (one pass, no renumbering) and reads the raw
//! fields it dissects reliably. Everything derived (relative DSNs, tokens, reinjections) is
//! computed by [`crate::analysis`], not taken from Wireshark's own MPTCP analysis.
//!
//! * [`fields`]: the fields and arguments asked for, and the parsing of one output row;
//! * [`sandbox`]: the private, empty Wireshark environment of every run;
//! * [`process`]: tshark in its own process group, every wait and size bounded;
//! * [`outcome`]: what tshark's exit status and messages mean (an input error, a truncated
//!   capture, tshark failing).

mod fields;
mod outcome;
mod position;
pub mod process;
mod sandbox;

pub use fields::{
    arguments, parse_row, parse_time_ns, parse_time_wide, Row, DISPLAY_FILTER, FIELDS,
};
pub use sandbox::{Sandbox, SANDBOX_PREFIX};

use super::native::Warnings;
use super::notes::TimeTally;
use super::{CaptureInfo, ReadProgress, Sink};
use crate::error::{Error, Result};
use position::FilePosition;
use process::{Group, Lines, Stopped};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Oldest tshark whose MPTCP field names we rely on.
pub const MIN_VERSION: (u32, u32) = (3, 0);

/// How long tshark may go without writing a byte before it is killed (config `tshark_timeout`,
/// flag `--tshark-timeout`); the `--version` probe gets as long in all.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The tshark to run: the configured path (the config resolves `--tshark` over
/// `MPTCPANALYZER_TSHARK` over the config file), else `tshark` on PATH.
pub fn resolve_path(configured: Option<&Path>) -> PathBuf {
    configured
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("tshark"))
}

fn missing(tshark: &Path, e: std::io::Error) -> Error {
    Error::TsharkMissing {
        tried: format!("{}: {e}", tshark.display()),
    }
}

fn stopped(path: &Path, why: Stopped) -> Error {
    if let Stopped::Interrupted = why {
        return Error::Interrupted;
    }
    Error::TsharkFailed {
        path: path.to_path_buf(),
        msg: why.to_string(),
    }
}

/// Run `tshark --version` (at most `timeout` and [`process::MAX_VERSION`] bytes) and check it
/// is recent enough. Returns the version string.
pub fn check_version(tshark: &Path, timeout: Duration) -> Result<String> {
    let sandbox = Sandbox::new()?;
    let mut cmd = sandbox.command(tshark);
    cmd.arg("--version");
    let (status, out) = process::run_bounded(&mut cmd, timeout, process::MAX_VERSION)
        .map_err(|e| missing(tshark, e))?
        .map_err(|why| stopped(tshark, why))?;
    let text = String::from_utf8_lossy(&out);
    let first = text.lines().next().unwrap_or("");
    let version = first
        .split_whitespace()
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()) && w.contains('.'))
        .unwrap_or("")
        .to_string();
    let mut parts = version.split('.').map(|x| x.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    if !status.success() || version.is_empty() {
        let how = if status.success() {
            "succeeded"
        } else {
            "failed"
        };
        return Err(Error::TsharkFailed {
            path: tshark.to_path_buf(),
            msg: format!("`--version` {how} and printed no version"),
        });
    }
    if (major, minor) < MIN_VERSION {
        return Err(Error::TsharkTooOld {
            found: version,
            required: format!("{}.{}", MIN_VERSION.0, MIN_VERSION.1),
        });
    }
    Ok(version)
}

/// Read `capture` with tshark and hand every TCP packet to `sink`.
pub fn read(capture: &Path, tshark: &Path, sink: &mut Sink<'_>) -> Result<CaptureInfo> {
    read_counted(capture, tshark, DEFAULT_TIMEOUT, None, sink)
}

/// [`read`] with a no-progress `timeout`, telling `progress` how far tshark has read the
/// capture. A timeout or an output bound kills tshark's process group and is an error (exit 4)
/// naming the cause; nothing of such a run is cached (the error reaches the cache first).
pub fn read_counted(
    capture: &Path,
    tshark: &Path,
    timeout: Duration,
    progress: Option<&Arc<ReadProgress>>,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    check_version(tshark, timeout)?;
    // A fresh, empty profile: the user's Wireshark preferences must not change what we read,
    // and no script or plugin from a user-writable place may run.
    let sandbox = Sandbox::new()?;
    // absolute, as tshark runs in the sandbox (and a capture named `-` is not stdin)
    let absolute = std::path::absolute(capture).map_err(|e| Error::io(capture, e))?;
    let mut cmd = sandbox.command(tshark);
    cmd.args(arguments(&absolute));
    let mut group = process::spawn_group(&mut cmd).map_err(|e| missing(tshark, e))?;
    let mut rows = Rows::new(capture, progress, group.id());
    rows.pump(&mut group, timeout, sink)?;
    let (status, stderr) = group.finish(timeout).map_err(|why| stopped(capture, why))?;
    outcome::conclude(capture, status, &stderr, rows)
}

/// The rows read so far, and what they told.
struct Rows<'a> {
    capture: &'a Path,
    info: CaptureInfo,
    /// Per-frame problems, in the native backend's words and format.
    notes: Warnings,
    times: TimeTally,
    /// Times of the last TCP packet (given to one without a timestamp).
    last_times: (i64, i64),
    line_no: u64,
    /// The first line that could not be parsed: no row after it is used.
    bad_line: Option<String>,
    progress: Option<&'a Arc<ReadProgress>>,
    position: Option<FilePosition>,
}

impl<'a> Rows<'a> {
    fn new(capture: &'a Path, progress: Option<&'a Arc<ReadProgress>>, pid: u32) -> Self {
        let position = progress.map(|p| {
            p.start(std::fs::metadata(capture).map(|m| m.len()).unwrap_or(0));
            FilePosition::new(pid, capture)
        });
        Rows {
            capture,
            info: CaptureInfo {
                has_mptcp_stream: true,
                ..Default::default()
            },
            notes: Warnings::default(),
            times: TimeTally::default(),
            last_times: (0, 0),
            line_no: 0,
            bad_line: None,
            progress,
            position,
        }
    }

    /// Read tshark's output to its end, handing the packets to `sink`.
    fn pump(&mut self, group: &mut Group, timeout: Duration, sink: &mut Sink<'_>) -> Result<()> {
        let mut lines = Lines::default();
        let capture = self.capture;
        let too_long = || {
            stopped(
                capture,
                Stopped::TooBig("an output line", process::MAX_LINE),
            )
        };
        while let Some(chunk) = group
            .next_chunk(timeout)
            .map_err(|why| stopped(capture, why))?
        {
            lines
                .feed(&chunk, |l| self.line(l, sink), too_long)
                .inspect_err(|_| group.kill())?;
        }
        if let Some(l) = lines.rest() {
            self.line(&l, sink)?;
        }
        Ok(())
    }

    fn line(&mut self, line: &[u8], sink: &mut Sink<'_>) -> Result<()> {
        self.line_no += 1;
        if self.bad_line.is_some() {
            return Ok(());
        }
        if self.line_no % 256 == 0 {
            if let (Some(p), Some(at)) = (
                self.progress,
                self.position.as_mut().and_then(FilePosition::poll),
            ) {
                p.set(at);
            }
        }
        let text = String::from_utf8_lossy(line);
        let row = match parse_row(text.trim_end_matches('\r')) {
            Ok(row) => row,
            Err(msg) => {
                self.bad_line = Some(format!("unexpected output line {}: {msg}", self.line_no));
                return Ok(());
            }
        };
        self.notes.frame = row.frame;
        if let Some(note) = row.note {
            self.notes.warn(note);
        }
        let Some(mut p) = row.packet else {
            return Ok(());
        };
        if row.untimed {
            (p.abs_time_ns, p.rel_time_ns) = self.last_times;
            self.times.untimed += 1;
        }
        self.times.saturated += u64::from(row.clamped);
        self.last_times = (p.abs_time_ns, p.rel_time_ns);
        self.info.tcp_packets += 1;
        self.info.frames = self.info.frames.max(p.frame);
        sink(&mut p)
    }
}
