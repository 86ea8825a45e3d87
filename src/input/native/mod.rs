//! Native dissector: pcap / pcapng reading, link layers, IPv4/IPv6, TCP and MPTCP options.
//!
//! * [`capture`]: streaming pcap / pcapng reader (optionally gzip-compressed), exact timestamps;
//! * [`frame`]: link layers, IPv4 / IPv6, TCP header;
//! * [`options`]: TCP option walker and MPTCP option parser;
//! * [`streams`]: Wireshark-compatible `tcp.stream` numbering.

mod ahead;
pub mod capture;
mod chunks;
pub mod frame;
pub mod options;
pub mod readahead;
pub mod streams;
// test builders: not shipped in the library (integration tests and the example include the file)
#[cfg(test)]
pub mod synth;

/// Bounds-checked big-endian reads of packet bytes (None when the bytes are not there).
mod bytes {
    #[inline]
    pub(crate) fn be16(b: &[u8], at: usize) -> Option<u16> {
        let s = b.get(at..at + 2)?;
        Some(u16::from_be_bytes([s[0], s[1]]))
    }

    #[inline]
    pub(crate) fn be32(b: &[u8], at: usize) -> Option<u32> {
        let s = b.get(at..at + 4)?;
        Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }

    #[inline]
    pub(crate) fn be64(b: &[u8], at: usize) -> Option<u64> {
        let s = b.get(at..at + 8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Some(u64::from_be_bytes(a))
    }
}

use super::notes::{self, clamp_ns, TimeTally};
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

    /// The sample lines and the total, appended to `out` (nothing when no problem was seen).
    pub fn report(&self, out: &mut Vec<String>) {
        if self.count > 0 {
            out.extend(self.samples.iter().cloned());
            out.push(format!(
                "{} malformed or truncated header/option problem(s) in total",
                self.count
            ));
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
    read_counted(path, None, sink)
}

/// [`read`], telling `progress` how many bytes of the file were consumed.
pub fn read_counted(
    path: &Path,
    progress: Option<&std::sync::Arc<super::ReadProgress>>,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    let format = detect_format(path)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_file(path, file, format, progress, false, sink)
}

/// Read `file`, the capture at `path` already opened and found to be in `format`; a pcap or
/// pcapng file dissected on a thread of its own when `ahead` ([`ahead`]).
pub fn read_file(
    path: &Path,
    file: std::fs::File,
    format: Format,
    progress: Option<&std::sync::Arc<super::ReadProgress>>,
    ahead: bool,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let file = super::Counting::new(file, total, progress);
    match format {
        // legacy pcap as pcapng: whole chunks read by the thread, parsed in place (cutting
        // each record to its headers on the thread cost more than it saved: docs/performance.md)
        // (and dissected on a thread of their own, ahead of the sink, when asked)
        Format::Pcap | Format::Pcapng => {
            let (source, pcapng) = (
                readahead::ReadAhead::chunked(file),
                format == Format::Pcapng,
            );
            if ahead {
                ahead::read_chunks_ahead(path, source, pcapng, sink)
            } else {
                read_frames_of(path, Frames::<std::fs::File>::Chunks(source), pcapng, sink)
            }
        }
        Format::Gzip => {
            let file = std::io::BufReader::with_capacity(1 << 16, file);
            let mut gz = readahead::ReadAhead::new(Gunzip(flate2::read::MultiGzDecoder::new(file)));
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

/// A link type none of whose frames the dissector can read, when every frame of the capture
/// at `path` (in `format`) is of such a link type (the first one met); None when some frame is
/// of a link type it reads, or there is no frame. Read only to explain a capture that gave no
/// TCP packet, whichever backend read it: both then say the same.
pub fn unsupported_link_type(path: &Path, format: Format) -> Result<Option<u32>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut first_unsupported = None;
    let mut supported = false;
    let mut look = |raw: capture::RawFrame<'_>| {
        if frame::supported_linktype(raw.linktype) {
            supported = true;
            // one readable frame decides it: stop reading
            return Err(Error::Interrupted);
        }
        if raw.linktype != u32::MAX {
            first_unsupported.get_or_insert(raw.linktype);
        }
        Ok(())
    };
    let file = std::io::BufReader::with_capacity(1 << 16, file);
    // errors (a damaged tail) only end the look: the read itself already reported them
    let _ = match format {
        Format::Pcap => capture::read_frames(file, false, &mut look),
        Format::Pcapng => capture::read_frames(file, true, &mut look),
        Format::Gzip => {
            let mut gz = flate2::read::MultiGzDecoder::new(file);
            let mut magic = [0u8; 4];
            if gz.read_exact(&mut magic).is_err() {
                return Ok(None);
            }
            let chained = std::io::Cursor::new(magic).chain(gz);
            match super::format_from_magic(&magic) {
                Some(Format::Pcap) => capture::read_frames(chained, false, &mut look),
                Some(Format::Pcapng) => capture::read_frames(chained, true, &mut look),
                _ => return Ok(None),
            }
        }
        Format::Csv => return Ok(None),
    };
    Ok(if supported { None } else { first_unsupported })
}

/// "link type 105 (IEEE 802.11) is not supported (...)": why a capture gave no TCP packet.
pub fn unsupported_link_message(lt: u32) -> String {
    let name = frame::linktype_name(lt)
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    format!(
        "link type {lt}{name} is not supported (the dissector reads Ethernet, Linux cooked \
         SLL/SLL2, raw IP and BSD loopback)"
    )
}

/// A gzip decoder whose errors say what they mean: a stream ending early stays
/// `UnexpectedEof` (a truncated capture), anything else (data that does not inflate, a wrong
/// checksum or length) is [`capture::Damaged`].
struct Gunzip<R>(R);

impl<R: Read> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf).map_err(|e| match e.kind() {
            // flate2's kinds for data that does not inflate or check
            std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    capture::Damaged(e.to_string()),
                )
            }
            _ => e,
        })
    }
}

/// Where the bytes of a capture come from.
pub enum Frames<R> {
    /// A read-ahead thread's chunks, parsed in place ([`capture::read_chunks`]).
    Chunks(readahead::ReadAhead),
    /// Any byte stream ([`capture::read_frames_with`]), read with an initial buffer of so many
    /// bytes.
    Stream(R, usize),
}

/// Read a (decompressed) pcap or pcapng byte stream.
pub fn read_stream<R: Read>(
    path: &Path,
    reader: R,
    pcapng: bool,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    read_stream_with(path, reader, pcapng, capture::INITIAL_BUFFER, sink)
}

/// [`read_stream`] with an initial read buffer of `buffer` bytes (see
/// [`capture::read_frames_with`]): for bytes in memory, the buffer sized to them.
pub fn read_stream_with<R: Read>(
    path: &Path,
    reader: R,
    pcapng: bool,
    buffer: usize,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    read_frames_of(path, Frames::Stream(reader, buffer), pcapng, sink)
}

/// [`read_stream`] of `frames`.
fn read_frames_of<R: Read>(
    path: &Path,
    frames: Frames<R>,
    pcapng: bool,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    let mut info = CaptureInfo::default();
    let mut warnings = Warnings::default();
    let mut times = TimeTally::default();
    let mut streams = StreamTable::new();
    let mut first_time: Option<i128> = None;
    // times of the last TCP packet: what a packet without a timestamp gets, as with tshark
    let mut last_times = (0i64, 0i64);
    let each = |raw: capture::RawFrame<'_>| {
        info.frames += 1;
        warnings.frame = info.frames;
        let t = raw.time_ns.unwrap_or(0);
        let t0 = *first_time.get_or_insert(t);
        let mut p = Packet::default();
        if !frame::dissect_into(raw.linktype, raw.data, &mut p, &mut warnings) {
            return Ok(());
        }
        p.frame = info.frames;
        if raw.time_ns.is_some() {
            let (abs, a) = clamp_ns(t);
            let (rel, r) = clamp_ns(t - t0);
            (p.abs_time_ns, p.rel_time_ns) = (abs, rel);
            times.saturated += u64::from(a || r);
        } else {
            (p.abs_time_ns, p.rel_time_ns) = last_times;
            times.untimed += 1;
        }
        last_times = (p.abs_time_ns, p.rel_time_ns);
        p.interface = raw.interface;
        p.tcp_stream = streams.assign(&p);
        info.tcp_packets += 1;
        sink(&mut p)
    };
    let res = match frames {
        Frames::Chunks(source) => capture::read_chunks(source, pcapng, each),
        Frames::Stream(reader, buffer) => capture::read_frames_with(reader, pcapng, buffer, each),
    };
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
        Err(Stop::Damaged(m)) => {
            return Err(Error::bad_capture(
                path,
                format!("corrupt gzip data after frame {}: {m}", info.frames),
            ))
        }
        Err(Stop::Truncated) => info.warnings.push(notes::truncated(info.tcp_packets)),
        // damaged, not cut short: an input error wherever it is (tshark says the same)
        Err(Stop::Corrupt(m)) => {
            return Err(Error::bad_capture(
                path,
                format!("corrupt capture after frame {}: {m}", info.frames),
            ))
        }
    }
    warnings.report(&mut info.warnings);
    times.report(&mut info.warnings);
    Ok(info)
}

#[cfg(test)]
mod tests;
