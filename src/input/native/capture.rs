//! Streaming pcap / pcapng reading on top of pcap-parser, with exact integer timestamps.

use pcap_parser::pcapng::Block;
use pcap_parser::traits::PcapReaderIterator;
use pcap_parser::{LegacyPcapReader, PcapBlockOwned, PcapError, PcapNGReader};
use std::io::Read;

/// Initial read buffer; grown on demand for large blocks, up to [`MAX_BUFFER`].
const INITIAL_BUFFER: usize = 1 << 18;
/// Largest block we accept (a corrupt length field must not make us allocate gigabytes).
const MAX_BUFFER: usize = 64 << 20;

/// One frame as read from the file.
pub struct RawFrame<'a> {
    pub linktype: u32,
    /// Interface id (pcapng: index of the IDB within its section, as `frame.interface_id` of
    /// tshark 4.0 shows it; 0 for pcap).
    pub interface: u32,
    /// Nanoseconds since the epoch, or None (simple packet block).
    pub time_ns: Option<i64>,
    pub data: &'a [u8],
}

/// Why reading stopped early (the frames before were delivered).
#[derive(Debug)]
pub enum Stop {
    /// The callback asked to stop, with its error.
    Sink(crate::error::Error),
    /// The file header is not a valid capture header.
    BadHeader(String),
    /// The last record is incomplete (truncated file).
    Truncated,
    /// A record could not be parsed.
    Corrupt(String),
    /// I/O error while reading.
    Io(String),
}

/// A `Read` adapter that fills the caller's buffer as far as possible (pcap-parser treats a
/// short read as the end of what is available, and gzip decoders return short reads).
pub struct FillReader<R>(pub R);

impl<R: Read> Read for FillReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            match self.0.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) if n > 0 => {
                    // Report what we have; the error will come back on the next call.
                    let _ = e;
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(n)
    }
}

#[derive(Clone, Copy)]
struct Iface {
    linktype: u32,
    /// Units per second.
    resol: u64,
    offset_s: i64,
}

/// Units per second of an `if_tsresol` value (bit 7 set: negative power of 2, else of 10).
/// pcap-parser 0.17's own helper rejects every power-of-2 resolution, hence this one.
/// Out-of-range values fall back to the default (µs).
fn ts_resolution(r: u8) -> u64 {
    let e = u32::from(r & 0x7f);
    if r & 0x80 != 0 {
        if e <= 63 {
            1u64 << e
        } else {
            1_000_000
        }
    } else {
        10u64.checked_pow(e).unwrap_or(1_000_000)
    }
}

fn ts_to_ns(ts: u64, resol: u64, offset_s: i64) -> i64 {
    let ns: u128 = if resol == 1_000_000_000 {
        ts as u128
    } else if resol == 0 {
        0
    } else {
        (ts as u128) * 1_000_000_000u128 / resol as u128
    };
    let ns = i64::try_from(ns).unwrap_or(i64::MAX);
    ns.saturating_add(offset_s.saturating_mul(1_000_000_000))
}

fn header_error(e: PcapError<&'static [u8]>) -> Stop {
    match e {
        PcapError::Incomplete(_) | PcapError::UnexpectedEof | PcapError::Eof => {
            Stop::BadHeader("file header is incomplete".into())
        }
        PcapError::ReadError => Stop::Io("read error".into()),
        e => Stop::BadHeader(format!("corrupt file header ({e:?})")),
    }
}

/// Read a legacy pcap or pcapng stream, calling `f` for each frame. Returns Ok when the whole
/// stream was read, else why it stopped.
pub fn read_frames<R, F>(reader: R, pcapng: bool, f: F) -> Result<(), Stop>
where
    R: Read,
    F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
{
    let reader = FillReader(reader);
    if pcapng {
        let r = PcapNGReader::new(INITIAL_BUFFER, reader).map_err(header_error)?;
        drive(r, f)
    } else {
        let r = LegacyPcapReader::new(INITIAL_BUFFER, reader).map_err(header_error)?;
        drive(r, f)
    }
}

enum Step {
    Consumed(usize),
    Eof,
    Refill,
    Grow,
    Stop(Stop),
}

fn drive<P, F>(mut r: P, mut f: F) -> Result<(), Stop>
where
    P: PcapReaderIterator,
    F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
{
    // legacy pcap state
    let mut legacy_linktype = 0u32;
    let mut legacy_ns = false;
    // pcapng state: interfaces of the current section
    let mut ifaces: Vec<Iface> = Vec::new();
    let mut capacity = INITIAL_BUFFER;
    let mut last_time: Option<i64> = None;
    loop {
        let step = match r.next() {
            Ok((off, block)) => {
                let res = match block {
                    PcapBlockOwned::LegacyHeader(h) => {
                        legacy_linktype = h.network.0 as u32;
                        legacy_ns = h.is_nanosecond_precision();
                        Ok(())
                    }
                    PcapBlockOwned::Legacy(b) => {
                        let frac = if legacy_ns {
                            b.ts_usec as i64
                        } else {
                            b.ts_usec as i64 * 1000
                        };
                        let t = b.ts_sec as i64 * 1_000_000_000 + frac;
                        last_time = Some(t);
                        let n = (b.caplen as usize).min(b.data.len());
                        f(RawFrame {
                            linktype: legacy_linktype,
                            interface: 0,
                            time_ns: Some(t),
                            data: &b.data[..n],
                        })
                    }
                    PcapBlockOwned::NG(Block::SectionHeader(_)) => {
                        ifaces.clear();
                        Ok(())
                    }
                    PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
                        ifaces.push(Iface {
                            linktype: idb.linktype.0 as u32,
                            resol: ts_resolution(idb.if_tsresol),
                            offset_s: idb.ts_offset(),
                        });
                        Ok(())
                    }
                    PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                        match ifaces.get(epb.if_id as usize) {
                            Some(i) => {
                                let ts = ((epb.ts_high as u64) << 32) | epb.ts_low as u64;
                                let t = ts_to_ns(ts, i.resol, i.offset_s);
                                last_time = Some(t);
                                let n = (epb.caplen as usize).min(epb.data.len());
                                f(RawFrame {
                                    linktype: i.linktype,
                                    interface: epb.if_id,
                                    time_ns: Some(t),
                                    data: &epb.data[..n],
                                })
                            }
                            None => f(RawFrame {
                                // unknown interface: count the frame, dissect nothing
                                linktype: u32::MAX,
                                interface: epb.if_id,
                                time_ns: last_time,
                                data: &[],
                            }),
                        }
                    }
                    PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                        let lt = ifaces.first().map(|i| i.linktype).unwrap_or(u32::MAX);
                        let n = (spb.origlen as usize).min(spb.data.len());
                        f(RawFrame {
                            linktype: lt,
                            interface: 0,
                            time_ns: last_time,
                            data: &spb.data[..n],
                        })
                    }
                    PcapBlockOwned::NG(_) => Ok(()),
                };
                match res {
                    Ok(()) => Step::Consumed(off),
                    Err(e) => Step::Stop(Stop::Sink(e)),
                }
            }
            Err(PcapError::Eof) => Step::Eof,
            Err(PcapError::Incomplete(_)) => Step::Refill,
            Err(PcapError::BufferTooSmall) => Step::Grow,
            Err(PcapError::UnexpectedEof) => Step::Stop(Stop::Truncated),
            Err(PcapError::ReadError) => Step::Stop(Stop::Io("read error".into())),
            Err(e) => Step::Stop(Stop::Corrupt(format!("{e:?}").chars().take(200).collect())),
        };
        match step {
            Step::Consumed(0) => return Err(Stop::Corrupt("zero-length block".into())),
            Step::Consumed(off) => r.consume(off),
            Step::Eof => return Ok(()),
            Step::Stop(s) => return Err(s),
            Step::Refill => {
                let before = r.data().len();
                r.refill().map_err(|_| Stop::Io("read error".into()))?;
                let after = r.data().len();
                if after == before {
                    if r.reader_exhausted() {
                        if after == 0 {
                            return Ok(());
                        }
                        return Err(Stop::Truncated);
                    }
                    // Buffer full and the block still incomplete: grow it.
                    if !grow(&mut r, &mut capacity) {
                        return Err(Stop::Corrupt("block larger than 64 MiB".into()));
                    }
                }
            }
            Step::Grow => {
                if !grow(&mut r, &mut capacity) {
                    return Err(Stop::Corrupt("block larger than 64 MiB".into()));
                }
                r.refill().map_err(|_| Stop::Io("read error".into()))?;
            }
        }
    }
}

fn grow<P: PcapReaderIterator>(r: &mut P, capacity: &mut usize) -> bool {
    if *capacity >= MAX_BUFFER {
        return false;
    }
    *capacity = (*capacity * 2).min(MAX_BUFFER);
    r.grow(*capacity)
}
