//! What a finished tshark run means: its exit status and messages decide between an input
//! error (exit 3, as the native backend gives on the same file), a truncated capture (the rows
//! read and a warning, as natively) and tshark failing (exit 4).

use super::Rows;
use crate::error::{Error, Result};
use crate::input::{notes, CaptureInfo};
use std::path::Path;
use std::process::ExitStatus;

/// tshark's messages that say the file is damaged, not tshark.
const DAMAGED: &[&str] = &[
    "isn't a capture file",
    "appears to be damaged or corrupt",
    // a corrupt gzip (bad data, checksum or length)
    "cannot be decompressed",
    "cut short in the middle",
    "isn't a capture file in a format TShark understands",
    "has a packet larger than",
    "has a packet with a network type that",
    "unknown network type",
    "unsupported encapsulation",
    "is of an unsupported type",
];

/// tshark's messages for a file that ends inside a record. A file cut inside its header is
/// "cut short in the middle of a packet or other data" (tshark says so when it opens the file):
/// that is damage, as natively.
fn is_truncation(l: &str) -> bool {
    (l.contains("cut short in the middle of a packet") && !l.contains("or other data"))
        || l.contains("truncated")
}

/// The result of the run: the rows' [`CaptureInfo`] with its warnings, or the error.
pub(super) fn conclude(
    capture: &Path,
    status: ExitStatus,
    stderr: &str,
    rows: Rows<'_>,
) -> Result<CaptureInfo> {
    let messages: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Running as user"))
        .collect();
    let damaged = messages
        .iter()
        .any(|l| DAMAGED.iter().any(|d| l.contains(d)));
    let truncated = messages.iter().any(|l| is_truncation(l));
    let first = || {
        messages
            .first()
            .map(|s| s.to_string())
            .unwrap_or_else(|| format!("exited with {status}"))
    };
    if let Some(bad) = &rows.bad_line {
        // output we cannot read, from a file tshark calls damaged: an input problem
        if damaged {
            return Err(Error::bad_capture(capture, messages.join(" ")));
        }
        return Err(Error::TsharkFailed {
            path: capture.to_path_buf(),
            msg: bad.clone(),
        });
    }
    let mut info = rows.info;
    // A file that ends inside a record is read up to there, whatever was before it (even no
    // TCP packet): the native reader's rule. tshark exits 2 on it.
    if truncated {
        info.warnings.push(notes::truncated(info.tcp_packets));
    } else if !status.success() {
        // tshark ran fine but the file is bad: the same error (and exit code) as natively
        if damaged {
            return Err(Error::bad_capture(capture, messages.join(" ")));
        }
        return Err(Error::TsharkFailed {
            path: capture.to_path_buf(),
            msg: first(),
        });
    }
    rows.notes.report(&mut info.warnings);
    rows.times.report(&mut info.warnings);
    Ok(info)
}
