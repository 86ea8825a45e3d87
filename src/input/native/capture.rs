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
    /// Nanoseconds since the epoch (exact: it may be outside the range of `i64`, after the
    /// year 2262), or None (simple packet block: no timestamp).
    pub time_ns: Option<i128>,
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
    /// The data read is damaged (see [`Damaged`]): nothing of it can be trusted.
    Damaged(String),
}

/// A `Read` adapter that fills the caller's buffer as far as possible (pcap-parser treats a
/// short read as the end of what is available, and gzip decoders return short reads).
///
/// An error met after some bytes is kept and returned by the next call, never dropped; every
/// error returned is also recorded in `seen`, since pcap-parser reports only "read error".
pub struct FillReader<R> {
    inner: R,
    pending: Option<std::io::Error>,
    seen: std::rc::Rc<std::cell::RefCell<Option<std::io::Error>>>,
}

impl<R> FillReader<R> {
    pub fn new(inner: R) -> Self {
        FillReader {
            inner,
            pending: None,
            seen: Default::default(),
        }
    }

    fn fail(&mut self, e: std::io::Error) -> std::io::Error {
        let copy = std::io::Error::new(e.kind(), e.to_string());
        *self.seen.borrow_mut() = Some(e);
        copy
    }
}

impl<R: Read> Read for FillReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(e) = self.pending.take() {
            return Err(self.fail(e));
        }
        let mut n = 0;
        while n < buf.len() {
            match self.inner.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) if n > 0 => {
                    // Report what we have; the error comes back on the next call.
                    self.pending = Some(e);
                    break;
                }
                Err(e) => return Err(self.fail(e)),
            }
        }
        Ok(n)
    }
}

/// Marks an I/O error as damaged input (for example gzip data that does not inflate or whose
/// checksum is wrong), as opposed to a device failing or a file ending early.
#[derive(Debug)]
pub struct Damaged(pub String);

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Damaged {}

/// Why a read failed, from the error the reader returned (None: pcap-parser's own).
fn read_stop(seen: Option<std::io::Error>) -> Stop {
    match seen {
        Some(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Stop::Truncated,
        Some(e) if e.get_ref().is_some_and(|i| i.is::<Damaged>()) => Stop::Damaged(e.to_string()),
        Some(e) => Stop::Io(e.to_string()),
        None => Stop::Io("read error".into()),
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

/// Exact nanoseconds (u64 units of at most 2^64 s plus an i64 offset fit an i128).
fn ts_to_ns(ts: u64, resol: u64, offset_s: i64) -> i128 {
    let ns: u128 = if resol == 1_000_000_000 {
        ts as u128
    } else if resol == 0 {
        0
    } else {
        (ts as u128) * 1_000_000_000u128 / resol as u128
    };
    ns as i128 + offset_s as i128 * 1_000_000_000
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
    let reader = FillReader::new(reader);
    let seen = reader.seen.clone();
    let res = if pcapng {
        match PcapNGReader::new(INITIAL_BUFFER, reader) {
            Ok(r) => drive(r, true, f),
            Err(e) => Err(header_error(e)),
        }
    } else {
        match LegacyPcapReader::new(INITIAL_BUFFER, reader) {
            Ok(r) => drive(r, false, f),
            Err(e) => Err(header_error(e)),
        }
    };
    match res {
        // the reader's own error says more than pcap-parser's "read error"
        Err(Stop::Io(_)) => Err(read_stop(seen.take())),
        Err(Stop::BadHeader(m)) => match seen.take() {
            Some(e) if e.kind() != std::io::ErrorKind::UnexpectedEof => Err(read_stop(Some(e))),
            _ => Err(Stop::BadHeader(m)),
        },
        other => other,
    }
}

enum Step {
    Consumed(usize),
    Eof,
    Refill,
    Grow,
    Stop(Stop),
}

/// pcapng blocks start with their type and total length (4 bytes each, in the byte order of
/// the section) and end with the length again: a length below 12 cannot be a block.
/// pcap-parser 0.17 subtracts 12 from it unchecked for some block types (an overflow panic
/// with overflow checks on, a wrapped huge length without), so it is checked here first.
const PCAPNG_MIN_BLOCK: u32 = 12;

/// The length of the pcapng block at the front of `data` when it is too short to be one
/// (see [`PCAPNG_MIN_BLOCK`]). `big_endian` follows the byte-order magic of each section header.
fn short_pcapng_block(data: &[u8], big_endian: &mut bool) -> Option<u32> {
    let word = |at: usize, be: bool| -> Option<u32> {
        let b: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
        Some(if be {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    if data.get(..4) == Some(&[0x0a, 0x0d, 0x0d, 0x0a]) {
        // a section header: its own byte-order magic tells (pcap-parser checks its length)
        match data.get(8..12) {
            Some([0x1a, 0x2b, 0x3c, 0x4d]) => *big_endian = true,
            Some([0x4d, 0x3c, 0x2b, 0x1a]) => *big_endian = false,
            _ => {}
        }
        return None;
    }
    word(4, *big_endian).filter(|&len| len < PCAPNG_MIN_BLOCK)
}

/// Read every block. A pcapng file that ends inside the interface descriptions following its
/// first section header ends inside its file header: damage, as tshark says when it opens such
/// a file ("cut short in the middle of a packet or other data"); later, a cut is a truncation.
fn drive<P, F>(r: P, pcapng: bool, f: F) -> Result<(), Stop>
where
    P: PcapReaderIterator,
    F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
{
    let mut state = Blocks::default();
    let mut r = r;
    match drive_blocks(&mut r, pcapng, f, &mut state) {
        Err(Stop::Truncated) if pcapng && !state.past_header && state.in_header(r.data()) => {
            Err(Stop::BadHeader("file header is incomplete".into()))
        }
        other => other,
    }
}

fn drive_blocks<P, F>(r: &mut P, pcapng: bool, mut f: F, state: &mut Blocks) -> Result<(), Stop>
where
    P: PcapReaderIterator,
    F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
{
    let mut capacity = INITIAL_BUFFER;
    let mut big_endian = false;
    loop {
        if pcapng {
            if let Some(len) = short_pcapng_block(r.data(), &mut big_endian) {
                return Err(Stop::Corrupt(format!(
                    "pcapng block at byte offset {} has length {len} (a block is at least {} bytes)",
                    r.consumed(),
                    PCAPNG_MIN_BLOCK
                )));
            }
        }
        if let Some(m) = state.framing.check(r.data()) {
            return Err(Stop::Corrupt(m));
        }
        let step = match r.next() {
            Ok((off, block)) => match state.block(block, &mut f) {
                Ok(()) => match state.undefined.take() {
                    Some((id, n)) => Step::Stop(Stop::Corrupt(format!(
                        "packet block of undefined interface {id} (its section describes {n})"
                    ))),
                    None => Step::Consumed(off),
                },
                Err(e) => Step::Stop(Stop::Sink(e)),
            },
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
                if refill(r, &mut capacity)? {
                    return Ok(());
                }
            }
            Step::Grow => {
                if !grow(r, &mut capacity) {
                    return Err(Stop::Corrupt("block larger than 64 MiB".into()));
                }
                r.refill().map_err(|_| Stop::Io("read error".into()))?;
            }
        }
    }
}

/// Read more of the file into the buffer after an incomplete block (growing the buffer when
/// it is full). True: the file ended cleanly between blocks.
fn refill<P: PcapReaderIterator>(r: &mut P, capacity: &mut usize) -> Result<bool, Stop> {
    let before = r.data().len();
    r.refill().map_err(|_| Stop::Io("read error".into()))?;
    let after = r.data().len();
    if after == before {
        if r.reader_exhausted() {
            if after == 0 {
                return Ok(true);
            }
            return Err(Stop::Truncated);
        }
        // Buffer full and the block still incomplete: grow it.
        if !grow(r, capacity) {
            return Err(Stop::Corrupt("block larger than 64 MiB".into()));
        }
    }
    Ok(false)
}

/// What the blocks read so far tell about the next ones.
#[derive(Default)]
struct Blocks {
    /// legacy pcap: the link type and whether times are in nanoseconds
    legacy_linktype: u32,
    legacy_ns: bool,
    /// pcapng: the interfaces of the current section
    ifaces: Vec<Iface>,
    /// an enhanced packet block naming an interface its section does not describe
    undefined: Option<(u32, usize)>,
    /// how the next record's length fields are checked
    framing: Framing,
    /// pcapng: a block other than the first section header and the interface descriptions
    /// following it was read
    past_header: bool,
}

impl Blocks {
    /// pcapng: whether the incomplete block at the start of `rest` is a section header or an
    /// interface description, or has not even its type and length (8 bytes: tshark reads them
    /// when it opens the file, to see whether an interface description follows).
    fn in_header(&self, rest: &[u8]) -> bool {
        let big = matches!(self.framing, Framing::Pcapng { big_endian: true });
        if rest.len() < 8 {
            return true;
        }
        let Some(t) = rest.get(..4) else {
            return true;
        };
        let t: [u8; 4] = t.try_into().expect("4 bytes");
        let kind = if big {
            u32::from_be_bytes(t)
        } else {
            u32::from_le_bytes(t)
        };
        matches!(kind, 0x0A0D_0D0A | 1)
    }

    /// Take in one block: a header updates the state, a packet goes to `f`.
    fn block<F>(&mut self, block: PcapBlockOwned<'_>, f: &mut F) -> Result<(), crate::error::Error>
    where
        F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
    {
        self.past_header |= !matches!(
            block,
            PcapBlockOwned::NG(Block::SectionHeader(_) | Block::InterfaceDescription(_))
        );
        match block {
            PcapBlockOwned::LegacyHeader(h) => {
                self.framing = Framing::Legacy {
                    big_endian: h.is_bigendian(),
                    snaplen: h.snaplen,
                };
                self.legacy_linktype = h.network.0 as u32;
                self.legacy_ns = h.is_nanosecond_precision();
                Ok(())
            }
            PcapBlockOwned::Legacy(b) => {
                let frac = if self.legacy_ns {
                    b.ts_usec as i64
                } else {
                    b.ts_usec as i64 * 1000
                };
                let t = (b.ts_sec as i64 * 1_000_000_000 + frac) as i128;
                let n = (b.caplen as usize).min(b.data.len());
                f(RawFrame {
                    linktype: self.legacy_linktype,
                    interface: 0,
                    time_ns: Some(t),
                    data: &b.data[..n],
                })
            }
            PcapBlockOwned::NG(Block::SectionHeader(shb)) => {
                // a second section: the first one's header was complete
                self.past_header |= matches!(self.framing, Framing::Pcapng { .. });
                self.framing = Framing::Pcapng {
                    big_endian: shb.big_endian(),
                };
                self.ifaces.clear();
                Ok(())
            }
            PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
                self.ifaces.push(Iface {
                    linktype: idb.linktype.0 as u32,
                    resol: ts_resolution(idb.if_tsresol),
                    offset_s: idb.ts_offset(),
                });
                Ok(())
            }
            PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                match self.ifaces.get(epb.if_id as usize) {
                    Some(i) => {
                        let ts = ((epb.ts_high as u64) << 32) | epb.ts_low as u64;
                        let t = ts_to_ns(ts, i.resol, i.offset_s);
                        let n = (epb.caplen as usize).min(epb.data.len());
                        f(RawFrame {
                            linktype: i.linktype,
                            interface: epb.if_id,
                            time_ns: Some(t),
                            data: &epb.data[..n],
                        })
                    }
                    // the pcapng specification's "MUST be valid": a damaged file, as tshark
                    // says too
                    None => {
                        self.undefined = Some((epb.if_id, self.ifaces.len()));
                        Ok(())
                    }
                }
            }
            PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                let lt = self.ifaces.first().map(|i| i.linktype).unwrap_or(u32::MAX);
                let n = (spb.origlen as usize).min(spb.data.len());
                f(RawFrame {
                    linktype: lt,
                    interface: 0,
                    time_ns: None,
                    data: &spb.data[..n],
                })
            }
            PcapBlockOwned::NG(_) => Ok(()),
        }
    }
}

/// The largest record of a legacy pcap file whose snaplen is smaller (Wireshark's own limit).
const MAX_LEGACY_RECORD: u32 = 262_144;

/// Checks of the next record's length fields before pcap-parser reads it: a length no writer
/// produces is damage (tshark says so too), found at once, not taken for a file cut short
/// after waiting for bytes that never come.
#[derive(Debug, Default, Clone, Copy)]
enum Framing {
    /// Before the file header.
    #[default]
    Unknown,
    Legacy {
        big_endian: bool,
        snaplen: u32,
    },
    Pcapng {
        big_endian: bool,
    },
}

impl Framing {
    /// Why the record at the start of `data` is damaged, if it is (None also when its length
    /// fields are not all there yet).
    fn check(&self, data: &[u8]) -> Option<String> {
        let word = |at: usize, be: bool| {
            let b: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
            Some(if be {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            })
        };
        match *self {
            Framing::Unknown => None,
            Framing::Legacy {
                big_endian,
                snaplen,
            } => {
                let caplen = word(8, big_endian)?;
                (caplen > snaplen.max(MAX_LEGACY_RECORD)).then(|| {
                    format!("a record of {caplen} bytes, more than the snapshot length {snaplen}")
                })
            }
            Framing::Pcapng { big_endian } => {
                let ty = word(0, big_endian)?;
                // a section header's length is in its own byte order: pcap-parser checks it
                if ty == 0x0a0d_0d0a {
                    return None;
                }
                let len = word(4, big_endian)?;
                if len < 12 || len % 4 != 0 {
                    return Some(format!(
                        "a block of length {len} (at least 12, a multiple of 4)"
                    ));
                }
                if len as usize > MAX_BUFFER {
                    return Some(format!("a block of {len} bytes (more than 64 MiB)"));
                }
                let caplen = match ty {
                    6 => word(20, big_endian)?,
                    _ => return None,
                };
                (u64::from(caplen) + 32 > u64::from(len)).then(|| {
                    format!("a packet block of {len} bytes cannot hold its {caplen} bytes of packet data")
                })
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

#[cfg(test)]
mod tests;
