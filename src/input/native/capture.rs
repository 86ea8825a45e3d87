//! Streaming pcap / pcapng reading on top of pcap-parser, with exact integer timestamps.

use pcap_parser::traits::PcapReaderIterator;
use pcap_parser::{LegacyPcapReader, PcapError, PcapNGReader};
use std::io::Read;

mod blocks;
use blocks::Blocks;

/// Initial read buffer; grown on demand for large blocks, up to [`MAX_BUFFER`].
pub const INITIAL_BUFFER: usize = 1 << 18;
/// Smallest initial buffer of [`read_frames_with`].
const MIN_BUFFER: usize = 1 << 12;
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
    read_frames_with(reader, pcapng, INITIAL_BUFFER, f)
}

/// [`read_frames`] with an initial read buffer of `buffer` bytes (between 4 KiB and
/// [`INITIAL_BUFFER`]; grown on demand as always): a stream known to be short (bytes in memory)
/// need not pay for zeroing a 256 KiB buffer. Same frames, same errors.
pub fn read_frames_with<R, F>(reader: R, pcapng: bool, buffer: usize, f: F) -> Result<(), Stop>
where
    R: Read,
    F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
{
    let capacity = buffer.clamp(MIN_BUFFER, INITIAL_BUFFER);
    let reader = FillReader::new(reader);
    let seen = reader.seen.clone();
    let res = if pcapng {
        match PcapNGReader::new(capacity, reader) {
            Ok(r) => drive(r, true, capacity, f),
            Err(e) => Err(header_error(e)),
        }
    } else {
        match LegacyPcapReader::new(capacity, reader) {
            Ok(r) => drive(r, false, capacity, f),
            Err(e) => Err(header_error(e)),
        }
    };
    explain(res, &seen)
}

/// [`read_frames`] of a stream read by a [`ReadAhead::chunked`] thread: the blocks are parsed
/// in its chunks, not copied out first (same frames, same errors).
///
/// [`ReadAhead::chunked`]: super::readahead::ReadAhead::chunked
pub fn read_chunks<F>(source: super::readahead::ReadAhead, pcapng: bool, f: F) -> Result<(), Stop>
where
    F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
{
    let (res, seen) = match super::chunks::ChunkReader::new(source, pcapng) {
        Ok(r) => {
            let seen = r.seen.clone();
            (drive(r, pcapng, INITIAL_BUFFER, f), seen)
        }
        Err((e, seen)) => (Err(header_error(e)), seen),
    };
    explain(res, &seen)
}

/// The reader's own error says more than pcap-parser's "read error".
fn explain(res: Result<(), Stop>, seen: &super::chunks::Seen) -> Result<(), Stop> {
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
fn drive<P, F>(r: P, pcapng: bool, capacity: usize, f: F) -> Result<(), Stop>
where
    P: PcapReaderIterator,
    F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
{
    let mut state = Blocks::default();
    let mut r = r;
    match drive_blocks(&mut r, pcapng, capacity, f, &mut state) {
        Err(Stop::Truncated) if pcapng && !state.past_header && state.in_header(r.data()) => {
            Err(Stop::BadHeader("file header is incomplete".into()))
        }
        other => other,
    }
}

fn drive_blocks<P, F>(
    r: &mut P,
    pcapng: bool,
    mut capacity: usize,
    mut f: F,
    state: &mut Blocks,
) -> Result<(), Stop>
where
    P: PcapReaderIterator,
    F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
{
    let mut big_endian = false;
    loop {
        // a whole packet block or record of the common kind first: it passes the checks below
        // (Blocks::fast_packet makes those that could fail), which are then not made twice
        match state.fast_packet(r.data(), &mut f) {
            Some(Ok(len)) => {
                r.consume_noshift(len);
                continue;
            }
            Some(Err(e)) => return Err(Stop::Sink(e)),
            None => {}
        }
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
            // no shift of the buffer here: the refill moves what is left of it, once
            Step::Consumed(off) => r.consume_noshift(off),
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

fn grow<P: PcapReaderIterator>(r: &mut P, capacity: &mut usize) -> bool {
    if *capacity >= MAX_BUFFER {
        return false;
    }
    *capacity = (*capacity * 2).min(MAX_BUFFER);
    r.grow(*capacity)
}

#[cfg(test)]
mod tests;
