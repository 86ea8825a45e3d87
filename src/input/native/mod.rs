//! Native dissector: pcap / pcapng reading, link layers, IPv4/IPv6, TCP and MPTCP options.
//!
//! * [`capture`]: streaming pcap / pcapng reader (optionally gzip-compressed), exact timestamps;
//! * [`frame`]: link layers, IPv4 / IPv6, TCP header;
//! * [`options`]: TCP option walker and MPTCP option parser;
//! * [`streams`]: Wireshark-compatible `tcp.stream` numbering.

pub mod capture;
pub mod frame;
pub mod options;
pub mod streams;
#[doc(hidden)]
pub mod synth;

use super::{detect_format, CaptureInfo, Format, Sink};
use crate::error::{Error, Result};
use crate::model::Packet;
use capture::Stop;
use std::io::Read;
use std::path::Path;

pub use frame::linktype;
pub use streams::StreamTable;

/// How many sample warning lines go into [`CaptureInfo::warnings`].
const MAX_WARNING_SAMPLES: usize = 5;

/// Collects per-packet problems (malformed options, cut headers): a count and a few samples.
#[derive(Debug, Default, Clone)]
pub struct Warnings {
    /// Frame being dissected (for the sample lines).
    pub frame: u64,
    /// Number of problems seen.
    pub count: u64,
    /// The first few problems, one line each.
    pub samples: Vec<String>,
}

impl Warnings {
    pub fn warn(&mut self, msg: &str) {
        self.count += 1;
        if self.samples.len() < MAX_WARNING_SAMPLES {
            self.samples.push(format!("frame {}: {msg}", self.frame));
        }
    }

    pub(crate) fn warn_kind(&mut self, msg: &str, kind: u8) {
        self.count += 1;
        if self.samples.len() < MAX_WARNING_SAMPLES {
            self.samples
                .push(format!("frame {}: {msg} ({kind})", self.frame));
        }
    }

    pub(crate) fn warn_len(&mut self, what: &str, len: usize) {
        self.count += 1;
        if self.samples.len() < MAX_WARNING_SAMPLES {
            self.samples.push(format!(
                "frame {}: {what} with bad length {len}",
                self.frame
            ));
        }
    }
}

/// Dissect one frame of link type `linktype` (a LINKTYPE_* value). Returns the TCP packet with
/// its raw wire fields filled (not `frame`, times, `interface` nor `tcp_stream`), or None when
/// the frame is not a TCP segment. Never panics, whatever the bytes.
pub fn dissect_frame(linktype: u32, data: &[u8]) -> Option<Packet> {
    let mut w = Warnings::default();
    dissect_frame_with(linktype, data, &mut w)
}

/// Like [`dissect_frame`], recording problems into `w`.
pub fn dissect_frame_with(linktype: u32, data: &[u8], w: &mut Warnings) -> Option<Packet> {
    let mut p = Packet::default();
    if frame::dissect_into(linktype, data, &mut p, w) {
        Some(p)
    } else {
        None
    }
}

/// Read a pcap/pcapng (optionally gzip-compressed) capture and hand every TCP packet to `sink`,
/// with the raw fields of [`crate::model::Packet`] and `tcp_stream` filled.
pub fn read(path: &Path, sink: &mut Sink<'_>) -> Result<CaptureInfo> {
    let format = detect_format(path)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let file = std::io::BufReader::with_capacity(1 << 16, file);
    match format {
        Format::Pcap => read_stream(path, file, false, sink),
        Format::Pcapng => read_stream(path, file, true, sink),
        Format::Gzip => {
            let mut gz = flate2::read::MultiGzDecoder::new(file);
            let mut magic = [0u8; 4];
            let mut n = 0;
            while n < magic.len() {
                match gz.read(&mut magic[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        return Err(Error::bad_capture(
                            path,
                            format!("cannot decompress gzip data: {e}"),
                        ))
                    }
                }
            }
            let inner = super::format_from_magic(&magic[..n]);
            let chained = std::io::Cursor::new(magic).take(n as u64).chain(gz);
            match inner {
                Some(Format::Pcap) => read_stream(path, chained, false, sink),
                Some(Format::Pcapng) => read_stream(path, chained, true, sink),
                _ => Err(Error::bad_capture(
                    path,
                    "gzip-compressed data is not a pcap or pcapng capture",
                )),
            }
        }
        Format::Csv => Err(Error::bad_capture(
            path,
            "is an mptcpanalyzer CSV file, not a capture (use the CSV reader)",
        )),
    }
}

/// Read a (decompressed) pcap or pcapng byte stream.
pub fn read_stream<R: Read>(
    path: &Path,
    reader: R,
    pcapng: bool,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    let mut info = CaptureInfo::default();
    let mut warnings = Warnings::default();
    let mut streams = StreamTable::new();
    let mut first_time: Option<i64> = None;
    let res = capture::read_frames(reader, pcapng, |raw| {
        info.frames += 1;
        warnings.frame = info.frames;
        let t = raw.time_ns.unwrap_or(0);
        let t0 = *first_time.get_or_insert(t);
        let mut p = Packet::default();
        if !frame::dissect_into(raw.linktype, raw.data, &mut p, &mut warnings) {
            return Ok(());
        }
        p.frame = info.frames;
        p.abs_time_ns = t;
        p.rel_time_ns = t - t0;
        p.interface = raw.interface;
        p.tcp_stream = streams.assign(&p);
        info.tcp_packets += 1;
        sink(p)
    });
    match res {
        Ok(()) => {}
        Err(Stop::Sink(e)) => return Err(e),
        Err(Stop::BadHeader(m)) => return Err(Error::bad_capture(path, m)),
        Err(Stop::Io(m)) => {
            if info.frames == 0 {
                return Err(Error::bad_capture(path, m));
            }
            info.warnings.push(format!(
                "read error after frame {}: {m}; the rest of the file is ignored",
                info.frames
            ));
        }
        Err(Stop::Truncated) => info.warnings.push(format!(
            "truncated capture: last record incomplete after frame {}",
            info.frames
        )),
        Err(Stop::Corrupt(m)) => {
            if info.frames == 0 {
                return Err(Error::bad_capture(path, format!("corrupt capture: {m}")));
            }
            info.warnings.push(format!(
                "corrupt record after frame {}: {m}; the rest of the file is ignored",
                info.frames
            ));
        }
    }
    if warnings.count > 0 {
        for s in &warnings.samples {
            info.warnings.push(s.clone());
        }
        info.warnings.push(format!(
            "{} malformed or truncated header/option problem(s) in total",
            warnings.count
        ));
    }
    Ok(info)
}
