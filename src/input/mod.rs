//! Capture input: every backend turns a file into a stream of raw [`Packet`]s, in frame order.
//!
//! Backends only dissect: they fill the raw fields of the model plus Wireshark's `tcp.stream`
//! numbering (and `mptcp.stream` when they know it). [`crate::analysis`] derives the rest.

pub mod csv;
pub mod native;
pub mod notes;
mod source;
pub mod tshark;

pub use source::{Source, Stamp};

use crate::error::{Error, Result};
use crate::model::Packet;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Which dissector reads pcap/pcapng files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "application", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// Built-in Rust dissector (no Wireshark needed).
    #[default]
    Native,
    /// Wireshark's tshark.
    Tshark,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Native => "native",
            Backend::Tshark => "tshark",
        })
    }
}

/// File formats recognised from their first bytes, never from the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pcap,
    Pcapng,
    Gzip,
    Csv,
}

/// What a backend tells besides the packets.
#[derive(Debug, Clone, Default)]
pub struct CaptureInfo {
    /// Frames read (all link types and protocols, not only TCP).
    pub frames: u64,
    /// TCP packets handed to the sink.
    pub tcp_packets: u64,
    /// The capture's first frame, ns since the epoch (from the first TCP packet's absolute and
    /// relative times; None without TCP packet).
    pub start_ns: Option<i64>,
    /// True when `mptcp_stream` was filled by the backend (tshark, CSV).
    pub has_mptcp_stream: bool,
    /// Non-fatal problems: truncated tail, malformed options (one line each, already counted).
    pub warnings: Vec<String>,
}

/// Callback receiving each packet, by reference (a `Packet` is ~560 bytes: moving it into the
/// callback was a copy per packet); one that keeps it takes it (`std::mem::take`). Returning an
/// error stops the read.
pub type Sink<'a> = dyn FnMut(&mut Packet) -> Result<()> + 'a;

/// Detect the format of `path` from its magic bytes.
pub fn detect_format(path: &Path) -> Result<Format> {
    Source::open(path).map(|s| s.format())
}

/// Recognise a format from the first bytes of a file.
pub fn format_from_magic(m: &[u8]) -> Option<Format> {
    if m.len() >= 4 {
        let w = [m[0], m[1], m[2], m[3]];
        match w {
            [0xd4, 0xc3, 0xb2, 0xa1]
            | [0xa1, 0xb2, 0xc3, 0xd4]
            | [0x4d, 0x3c, 0xb2, 0xa1]
            | [0xa1, 0xb2, 0x3c, 0x4d] => return Some(Format::Pcap),
            [0x0a, 0x0d, 0x0d, 0x0a] => return Some(Format::Pcapng),
            _ => {}
        }
    }
    if m.len() >= 2 && m[0] == 0x1f && m[1] == 0x8b {
        return Some(Format::Gzip);
    }
    if csv::sniff_delimiter(m).is_some() {
        return Some(Format::Csv);
    }
    None
}

/// How far a read has gone, for the progress bar: bytes of the file being read consumed so far.
/// Readers update it; a [`ProgressSink`] shows it.
#[derive(Debug, Default)]
pub struct ReadProgress {
    done: AtomicU64,
    total: AtomicU64,
}

impl ReadProgress {
    /// A new read of a file of `total` bytes begins.
    pub fn start(&self, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// `done` bytes of the file have been consumed.
    pub fn set(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    fn add(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// (bytes consumed, file size); the size is 0 while unknown.
    pub fn get(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Told how a read goes. The library draws nothing: the application injects a sink that does
/// (the command-line tool's is an indicatif bar on stderr, `output::progress::Bar`).
///
/// How often (in frames) a read looks at Ctrl-C and moves the progress bar: a packet whose
/// frame number is a multiple of it.
pub const PROGRESS_EVERY: u64 = 1024;

/// The analysis calls [`start`](ProgressSink::start) once per read, [`packet`](ProgressSink::packet)
/// for each packet whose frame number is a multiple of [`PROGRESS_EVERY`], then
/// [`finish`](ProgressSink::finish) (also when the read failed).
pub trait ProgressSink {
    /// A read of `path` begins. Returns the byte counter the readers should update, or `None`
    /// when nothing is shown (the readers then count nothing).
    fn start(&self, path: &Path) -> Option<Arc<ReadProgress>>;
    /// Packet `frame` (a multiple of [`PROGRESS_EVERY`]) was analysed.
    fn packet(&self, frame: u64);
    /// The read is over.
    fn finish(&self);
}

/// Shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn start(&self, _: &Path) -> Option<Arc<ReadProgress>> {
        None
    }
    fn packet(&self, _: u64) {}
    fn finish(&self) {}
}

/// A reader that reports the bytes it hands out to a [`ReadProgress`].
pub struct Counting<R> {
    inner: R,
    progress: Option<Arc<ReadProgress>>,
}

impl<R: Read> Counting<R> {
    /// Wrap `file`, telling `progress` (when given) that a read of `total` bytes begins.
    pub fn new(inner: R, total: u64, progress: Option<&Arc<ReadProgress>>) -> Self {
        if let Some(p) = progress {
            p.start(total);
        }
        Counting {
            inner,
            progress: progress.cloned(),
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(p) = &self.progress {
            p.add(n as u64);
        }
        Ok(n)
    }
}

/// Open `path` for reading, counted by `progress`.
pub fn open_counted(
    path: &Path,
    progress: Option<&Arc<ReadProgress>>,
) -> Result<Counting<std::fs::File>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok(Counting::new(file, total, progress))
}

/// How to read a capture (which dissector; the cache is the pipeline's business).
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    pub backend: Backend,
    /// tshark executable as resolved by the config (`--tshark`, `MPTCPANALYZER_TSHARK`, file).
    pub tshark: Option<std::path::PathBuf>,
    /// Told how far the read has gone (the progress bar), when given.
    pub progress: Option<Arc<ReadProgress>>,
    /// How long tshark may write nothing before it is killed (None: [`tshark::DEFAULT_TIMEOUT`]).
    pub tshark_timeout: Option<std::time::Duration>,
    /// Native backend, pcap and pcapng files: dissect on a thread of its own, ahead of the
    /// sink (the same packets, in the same order, and the same result).
    pub dissect_ahead: bool,
}

/// Read the raw packets of an opened capture (pcap, pcapng, gzip or our CSV) with the backend
/// of `opts`. Warnings of the backend are returned in [`CaptureInfo`].
pub fn read(src: &Source, opts: &InputOptions, sink: &mut Sink<'_>) -> Result<CaptureInfo> {
    let path = src.path();
    let progress = opts.progress.as_ref();
    match (src.format(), opts.backend) {
        (Format::Csv, _) => {
            let delimiter =
                csv::sniff_delimiter(src.magic()).ok_or_else(|| Error::UnknownFormat {
                    path: path.to_path_buf(),
                })?;
            let file = Counting::new(src.file()?, src.stamp().size, progress);
            csv::read_from(path, std::io::BufReader::new(file), delimiter, sink)
        }
        (format, Backend::Native) => {
            let ahead = opts.dissect_ahead;
            native::read_file(path, src.file()?, format, progress, ahead, sink)
        }
        (_, Backend::Tshark) => {
            let exe = tshark::resolve_path(opts.tshark.as_deref());
            let timeout = opts.tshark_timeout.unwrap_or(tshark::DEFAULT_TIMEOUT);
            tshark::read_counted(path, &exe, timeout, progress, sink)
        }
    }
}
