//! Zero-copy block reading from the read-ahead thread's chunks (issue 15).
//!
//! pcap-parser's own readers copy every byte of their source into their buffer, and shift that
//! buffer as blocks are consumed: on a page-cached capture that copying was the largest single
//! cost of `list` after the kernel's own copy. [`ChunkReader`] parses the blocks in the chunks
//! where the read-ahead thread read them. A block cut by the end of a chunk is completed in
//! front of the next one, in the room ([`HEADROOM`]) the thread leaves there, so only the tails
//! of such blocks are copied (or, for a block longer than that room, the block and the next
//! chunk once).
//!
//! It implements pcap-parser's [`PcapReaderIterator`] with the same results as
//! `PcapNGReader` / `LegacyPcapReader` for every input (the block parsers are pcap-parser's),
//! so the driving loop, its framing checks and its errors are shared with the generic path.

use super::readahead::{ReadAhead, HEADROOM};
use pcap_parser::nom::{self, Needed, Offset};
use pcap_parser::pcap::{
    parse_pcap_frame, parse_pcap_frame_be, parse_pcap_frame_modified, parse_pcap_header,
    LegacyPcapBlock, PcapHeader,
};
use pcap_parser::pcapng::{parse_block_be, parse_block_le, parse_sectionheaderblock, Block};
use pcap_parser::traits::PcapReaderIterator;
use pcap_parser::{PcapBlockOwned, PcapError};
use std::cell::RefCell;
use std::rc::Rc;

/// How much of the first chunk the file header is parsed from (what pcap-parser's readers
/// read first: a header longer than that is incomplete for them too).
const FIRST_READ: usize = 1 << 18;

/// The I/O error that stopped a read, shared with the caller (see `capture::read_stop`).
pub type Seen = Rc<RefCell<Option<std::io::Error>>>;

type LegacyParse = fn(&[u8]) -> nom::IResult<&[u8], LegacyPcapBlock<'_>, PcapError<&[u8]>>;

enum Format {
    Pcapng {
        big_endian: bool,
    },
    Legacy {
        header: PcapHeader,
        parse: LegacyParse,
    },
}

/// Blocks of a pcap or pcapng stream, read from [`ReadAhead`] chunks in place.
pub struct ChunkReader {
    source: ReadAhead,
    /// the current chunk (its first `HEADROOM` bytes free for the tail of the one before)
    buf: Vec<u8>,
    pos: usize,
    consumed: usize,
    exhausted: bool,
    format: Format,
    /// the I/O error that stopped the reading (pcap-parser's readers only say "read error")
    pub seen: Seen,
}

impl ChunkReader {
    /// Read the first chunk and the file header, as pcap-parser's readers do when created.
    pub fn new(source: ReadAhead, pcapng: bool) -> Result<Self, (PcapError<&'static [u8]>, Seen)> {
        let seen: Seen = Default::default();
        let mut r = ChunkReader {
            source,
            buf: Vec::new(),
            pos: 0,
            consumed: 0,
            exhausted: false,
            format: Format::Pcapng { big_endian: false },
            seen: seen.clone(),
        };
        if r.fill().is_err() {
            return Err((PcapError::ReadError, seen));
        }
        let data = r.data();
        let head = &data[..data.len().min(FIRST_READ)];
        let owned = |e: nom::Err<PcapError<&[u8]>>| match e {
            nom::Err::Error(e) | nom::Err::Failure(e) => e.to_owned_vec(),
            nom::Err::Incomplete(Needed::Size(n)) => PcapError::Incomplete(n.into()),
            nom::Err::Incomplete(Needed::Unknown) => PcapError::Incomplete(0),
        };
        if pcapng {
            if let Err(e) = parse_sectionheaderblock(head) {
                return Err((owned(e), seen));
            }
        } else {
            let header = match parse_pcap_header(head) {
                Ok((_, h)) => h,
                Err(e) => return Err((owned(e), seen)),
            };
            let parse: LegacyParse = if header.is_modified_format() {
                parse_pcap_frame_modified
            } else if header.is_bigendian() {
                parse_pcap_frame_be
            } else {
                parse_pcap_frame
            };
            r.format = Format::Legacy { header, parse };
        }
        Ok(r)
    }

    /// Append the next chunk to what is left of the current one. Err: an I/O error (kept in
    /// `seen`).
    fn fill(&mut self) -> Result<(), ()> {
        match self.source.next_chunk() {
            None => {
                self.exhausted = true;
                Ok(())
            }
            Some(Err(e)) => {
                *self.seen.borrow_mut() = Some(e);
                Err(())
            }
            Some(Ok(mut next)) => {
                let rest = &self.buf[self.pos..];
                if rest.len() <= HEADROOM {
                    let at = HEADROOM - rest.len();
                    next[at..HEADROOM].copy_from_slice(rest);
                    let old = std::mem::replace(&mut self.buf, next);
                    self.source.recycle(old);
                    self.pos = at;
                } else {
                    // a block longer than the room: one contiguous copy
                    let mut joined = Vec::with_capacity(rest.len() + next.len() - HEADROOM);
                    joined.extend_from_slice(rest);
                    joined.extend_from_slice(&next[HEADROOM..]);
                    self.source.recycle(next);
                    self.buf = joined;
                    self.pos = 0;
                }
                Ok(())
            }
        }
    }
}

impl ChunkReader {
    /// The error for a block the buffered bytes do not complete: the end of the capture once
    /// the source is exhausted, else how many more bytes the parser wants.
    fn incomplete<I>(&self, n: Needed) -> PcapError<I> {
        if self.exhausted {
            return PcapError::UnexpectedEof;
        }
        match n {
            Needed::Size(n) => PcapError::Incomplete(n.into()),
            Needed::Unknown => PcapError::Incomplete(0),
        }
    }
}

impl PcapReaderIterator for ChunkReader {
    fn next(&mut self) -> Result<(usize, PcapBlockOwned<'_>), PcapError<&[u8]>> {
        if let Format::Legacy { header, .. } = &self.format {
            if self.consumed == 0 {
                return Ok((header.size(), PcapBlockOwned::from(header.clone())));
            }
        }
        let data = &self.buf[self.pos..];
        if data.is_empty() && self.exhausted {
            return Err(PcapError::Eof);
        }
        match &mut self.format {
            Format::Pcapng { big_endian } => {
                let parse = if *big_endian {
                    parse_block_be
                } else {
                    parse_block_le
                };
                match parse(data) {
                    Ok((rem, b)) => {
                        if let Block::SectionHeader(ref shb) = b {
                            *big_endian = shb.big_endian();
                        }
                        Ok((data.offset(rem), PcapBlockOwned::from(b)))
                    }
                    Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => Err(e),
                    Err(nom::Err::Incomplete(n)) => Err(self.incomplete(n)),
                }
            }
            Format::Legacy { parse, .. } => match parse(data) {
                Ok((rem, b)) => Ok((data.offset(rem), PcapBlockOwned::from(b))),
                Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => Err(e),
                Err(nom::Err::Incomplete(n)) => Err(self.incomplete(n)),
            },
        }
    }

    fn consume(&mut self, offset: usize) {
        let n = offset.min(self.buf.len() - self.pos);
        self.pos += n;
        self.consumed += offset;
    }

    fn consume_noshift(&mut self, offset: usize) {
        self.consume(offset)
    }

    fn consumed(&self) -> usize {
        self.consumed
    }

    fn refill(&mut self) -> Result<(), PcapError<&[u8]>> {
        if self.exhausted {
            return Ok(());
        }
        self.fill().map_err(|()| PcapError::ReadError)
    }

    fn position(&self) -> usize {
        self.pos
    }

    fn grow(&mut self, _new_size: usize) -> bool {
        true
    }

    fn data(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    fn reader_exhausted(&self) -> bool {
        self.exhausted
    }
}

#[cfg(test)]
mod tests {
    use super::super::capture::{read_chunks, read_frames, Stop};
    use super::super::readahead::ReadAhead;
    use super::super::synth::{self, Pcapng};

    type Frame = (u32, u32, Option<i128>, Vec<u8>);

    /// Every frame and how the read ended, by the generic path and by the chunk reader.
    fn both(bytes: &[u8], pcapng: bool) -> [(Vec<Frame>, String); 2] {
        let run = |chunked: bool| {
            let mut frames = Vec::new();
            let mut f = |r: super::super::capture::RawFrame<'_>| {
                frames.push((r.linktype, r.interface, r.time_ns, r.data.to_vec()));
                Ok(())
            };
            let cursor = std::io::Cursor::new(bytes.to_vec());
            let end = if chunked {
                read_chunks(ReadAhead::chunked(cursor), pcapng, &mut f)
            } else {
                read_frames(cursor, pcapng, &mut f)
            };
            let end = match end {
                Ok(()) => "ok".to_string(),
                Err(Stop::Sink(e)) => format!("sink {e}"),
                Err(s) => format!("{s:?}"),
            };
            (frames, end)
        };
        [run(false), run(true)]
    }

    /// Frames of every size up to one larger than the room before a chunk, so that blocks
    /// straddle chunk boundaries at many offsets, tails longer than the room included.
    fn frames() -> Vec<Vec<u8>> {
        (0..700)
            .map(|i: usize| {
                let n = if i % 97 == 5 {
                    300_000
                } else {
                    60 + i * 37 % 9000
                };
                (0..n).map(|k| (k * 7 + i) as u8).collect()
            })
            .collect()
    }

    #[test]
    fn pcapng_frames_and_ends_are_those_of_the_generic_reader() {
        let mut ng = Pcapng::new()
            .section(false)
            .iface(1, None)
            .iface(101, Some(9));
        for (i, f) in frames().iter().enumerate() {
            ng = ng.epb((i % 2) as u32, 1_000 * i as u64, f);
        }
        // a second section in the other byte order
        ng = ng.section(true).iface(1, Some(3)).epb(0, 7, &frames()[3]);
        let bytes = ng.buf;
        assert!(bytes.len() > 3 << 20, "{}", bytes.len());
        let [generic, chunked] = both(&bytes, true);
        assert_eq!(generic.0.len(), 701);
        assert_eq!(generic, chunked);
        // cut anywhere: the same frames and the same end
        for cut in (0..bytes.len())
            .step_by(bytes.len() / 97)
            .chain([1, 27, 40, 300_100])
        {
            let [g, c] = both(&bytes[..cut], true);
            assert_eq!(g, c, "cut at {cut}");
        }
    }

    #[test]
    fn legacy_frames_and_ends_are_those_of_the_generic_reader() {
        for be in [false, true] {
            let frames: Vec<(i64, Vec<u8>)> = frames()
                .into_iter()
                .enumerate()
                .map(|(i, mut f)| {
                    f.truncate(200_000);
                    (1_000_000 * i as i64, f)
                })
                .collect();
            let bytes = synth::pcap(1, be, false, &frames);
            let [generic, chunked] = both(&bytes, false);
            assert_eq!(generic.0.len(), 700);
            assert_eq!(generic, chunked);
            for cut in (0..bytes.len())
                .step_by(bytes.len() / 89)
                .chain([3, 24, 30])
            {
                let [g, c] = both(&bytes[..cut], false);
                assert_eq!(g, c, "cut at {cut}");
            }
        }
    }

    /// An enhanced packet block without options takes the fast path, one with options
    /// pcap-parser's: the same frame either way.
    #[test]
    fn packet_blocks_with_and_without_options_give_the_same_frame() {
        let data: Vec<u8> = (0..61).collect();
        let with_options = |ts: u32| {
            let padded = data.len().div_ceil(4) * 4;
            let len = (32 + padded + 12) as u32;
            let mut b = Vec::new();
            for w in [6, len, 0, 0, ts, data.len() as u32, data.len() as u32] {
                b.extend_from_slice(&w.to_le_bytes());
            }
            b.extend_from_slice(&data);
            b.resize(28 + padded, 0);
            // epb_flags (2), 4 bytes; opt_endofopt
            b.extend_from_slice(&[2, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
            b.extend_from_slice(&len.to_le_bytes());
            b
        };
        let ng = Pcapng::new()
            .section(false)
            .iface(1, None)
            .epb(0, 5, &data)
            .raw(&with_options(5))
            .epb(0, 5, &data)
            .buf;
        let [generic, chunked] = both(&ng, true);
        assert_eq!(generic, chunked);
        assert_eq!(generic.1, "ok");
        assert_eq!(generic.0.len(), 3);
        assert!(
            generic.0.iter().all(|f| f == &generic.0[0]),
            "{:?}",
            generic.0
        );
        assert_eq!(generic.0[0].3, data);
    }

    #[test]
    fn read_errors_and_damage_are_those_of_the_generic_reader() {
        // not a capture, a corrupt block length, an I/O error after some bytes
        let ng = Pcapng::new()
            .section(false)
            .iface(1, None)
            .epb(0, 1, &[1; 60])
            .buf;
        let mut bad_len = ng.clone();
        let at = bad_len.len() - 92 + 4;
        bad_len[at..at + 4].copy_from_slice(&13u32.to_le_bytes());
        for (bytes, pcapng) in [
            (b"garbage!".to_vec(), true),
            (b"garbage!".to_vec(), false),
            (bad_len, true),
        ] {
            let [g, c] = both(&bytes, pcapng);
            assert_eq!(g, c);
            assert_ne!(g.1, "ok");
        }
        struct Failing(Vec<u8>, usize);
        impl std::io::Read for Failing {
            fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> {
                if self.1 >= self.0.len() {
                    return Err(std::io::Error::other("disk on fire"));
                }
                let n = b.len().min(self.0.len() - self.1);
                b[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
                self.1 += n;
                Ok(n)
            }
        }
        let mut n = 0;
        let end = read_chunks(ReadAhead::chunked(Failing(ng, 0)), true, |_| {
            n += 1;
            Ok(())
        });
        assert_eq!(n, 1);
        assert!(matches!(end, Err(Stop::Io(m)) if m == "disk on fire"));
    }
}
