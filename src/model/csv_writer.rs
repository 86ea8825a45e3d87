//! The CSV writer of every CSV this program writes (`pcap2csv` rows, the cache's entries, the
//! `-f csv` reports): fields appended to one buffer that goes to the output in chunks of rows,
//! numbers formatted here, no allocation per field or row.
//!
//! The output is byte for byte what the `csv` crate's writer wrote with this program's
//! configuration (`csv::WriterBuilder::new().delimiter(d)`: `QuoteStyle::Necessary`, `\n`
//! terminator, quotes doubled), which the tests check on arbitrary fields and every accepted
//! delimiter: a field is put in double quotes when it holds the delimiter, a double quote, CR or
//! LF, and a double quote inside is doubled; a record of one empty field (or of no field) is
//! written `""`, so that it is not an empty line. The `csv` crate still reads the files back
//! (`crate::input::csv`).

use std::io::Write;
use std::net::IpAddr;

/// Rows are handed to the output once this many bytes are buffered.
const CHUNK: usize = 64 * 1024;

/// Room for the fields of a packet row other than its lists: 51 fields of at most 20 digits
/// and a sign, or an address of at most 45 bytes, and their delimiters.
const PACKET_ROOM: usize = 51 * 22 + 3 * 46;

/// The longest number: 20 digits (`u64::MAX`), or a sign and 19 (`i64::MIN`).
const NUMBER_ROOM: usize = 20;

/// The longest address `Display` writes (an IPv6 address with an embedded IPv4 one).
const IP_ROOM: usize = 45;

/// Bytes of the unquoted numbers, booleans and addresses this writer writes (digits, `-`, the
/// letters of `true` / `false`, IPv4 and IPv6 addresses): when the delimiter is none of them,
/// such fields never need quotes and skip the check.
const PLAIN: &[u8] = b"0123456789-.:abcdefABCDEFlrstu";

/// Writes CSV records to `out`: fields one by one, then [`CsvWriter::end_record`].
pub struct CsvWriter<W: Write> {
    out: W,
    /// The rows not yet handed on: `buf[..pos]`; the rest is room, where fields are written
    /// in place (numbers from their last digit).
    buf: Vec<u8>,
    pos: usize,
    delimiter: u8,
    /// The bytes that put a field in quotes: the delimiter, `"`, CR, LF.
    special: [bool; 256],
    /// A number, boolean or address may hold a special byte (a delimiter among [`PLAIN`]).
    check_plain: bool,
    /// A `;`-separated list may hold a special byte.
    check_lists: bool,
    /// Fields written in the current record.
    fields: usize,
    /// Where the current record starts in `buf`.
    record_start: usize,
    /// Scratch for the rare field that must be quoted after it was written.
    scratch: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(out: W, delimiter: u8) -> CsvWriter<W> {
        let mut special = [false; 256];
        for b in [delimiter, b'"', b'\r', b'\n'] {
            special[b as usize] = true;
        }
        let check_plain = PLAIN.iter().any(|&b| special[b as usize]);
        CsvWriter {
            out,
            buf: vec![0; CHUNK + 2 * PACKET_ROOM],
            pos: 0,
            delimiter,
            special,
            check_plain,
            check_lists: check_plain || special[b';' as usize],
            fields: 0,
            record_start: 0,
            scratch: Vec::new(),
        }
    }

    /// Make room for `n` more bytes.
    #[inline]
    fn room(&mut self, n: usize) {
        if self.pos + n > self.buf.len() {
            self.grow(n);
        }
    }

    #[cold]
    fn grow(&mut self, n: usize) {
        let len = (self.pos + n).max(2 * self.buf.len());
        self.buf.resize(len, 0);
    }

    /// Append `bytes` (room made).
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.room(bytes.len());
        self.buf[self.pos..self.pos + bytes.len()].copy_from_slice(bytes);
        self.pos += bytes.len();
    }

    /// The delimiter (room made by the caller).
    #[inline(always)]
    fn delim(&mut self) {
        self.buf[self.pos] = self.delimiter;
        self.pos += 1;
    }

    /// Start a field: the delimiter unless it is the record's first.
    #[inline]
    fn sep(&mut self) {
        self.room(1);
        if self.fields > 0 {
            self.delim();
        }
        self.fields += 1;
    }

    fn needs_quotes(&self, field: &[u8]) -> bool {
        field.iter().any(|&b| self.special[b as usize])
    }

    /// A text field, quoted when it must be.
    pub fn text(&mut self, field: &str) {
        self.sep();
        self.quoted_if_needed(field.as_bytes());
    }

    fn quoted_if_needed(&mut self, field: &[u8]) {
        if !self.needs_quotes(field) {
            self.put(field);
            return;
        }
        self.room(2 + 2 * field.len());
        self.put(b"\"");
        for (i, part) in field.split(|&b| b == b'"').enumerate() {
            if i > 0 {
                self.put(b"\"\"");
            }
            self.put(part);
        }
        self.put(b"\"");
    }

    /// Quote the field written from `start` on when it must be (only for a delimiter that
    /// such fields may contain).
    #[cold]
    fn requote_from(&mut self, start: usize) {
        if !self.needs_quotes(&self.buf[start..self.pos]) {
            return;
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.buf[start..self.pos]);
        self.pos = start;
        let field = std::mem::take(&mut self.scratch);
        self.quoted_if_needed(&field);
        self.scratch = field;
        // the quotes took room a packet row's fields counted on
        self.room(PACKET_ROOM);
    }

    /// A field written by `write` in place (at most `room` bytes, of [`PLAIN`] and `;` when
    /// `list`), quoted when the delimiter makes it need quotes.
    #[inline]
    fn plain(&mut self, list: bool, room: usize, write: impl FnOnce(&mut Self)) {
        self.sep();
        self.room(room);
        let start = self.pos;
        write(self);
        if self.check_plain || (list && self.check_lists) {
            self.requote_from(start);
        }
    }

    pub fn empty(&mut self) {
        self.sep();
    }

    pub fn u64(&mut self, v: u64) {
        self.plain(false, NUMBER_ROOM, |w| w.put_u64(v));
    }

    pub fn i64(&mut self, v: i64) {
        self.plain(false, NUMBER_ROOM, |w| w.put_i64(v));
    }

    pub fn bool(&mut self, v: bool) {
        self.plain(false, 5, |w| w.put_bool(v));
    }

    pub fn opt_u64(&mut self, v: Option<impl Into<u64>>) {
        match v {
            Some(v) => self.u64(v.into()),
            None => self.empty(),
        }
    }

    pub fn opt_i64(&mut self, v: Option<i64>) {
        match v {
            Some(v) => self.i64(v),
            None => self.empty(),
        }
    }

    pub fn opt_bool(&mut self, v: Option<bool>) {
        match v {
            Some(v) => self.bool(v),
            None => self.empty(),
        }
    }

    /// An address as `Display` writes it (what the `csv` crate wrote through serde).
    pub fn opt_ip(&mut self, v: Option<IpAddr>) {
        match v {
            Some(a) => self.plain(false, IP_ROOM, |w| w.put_ip(a)),
            None => self.empty(),
        }
    }

    /// A list as one cell of `;`-separated integers (empty: an empty cell).
    pub fn list<T: Copy + Into<u64>>(&mut self, items: &[T]) {
        self.plain(true, 0, |w| w.put_list(items));
    }

    /// One record of text fields.
    pub fn record<S: AsRef<str>>(
        &mut self,
        fields: impl IntoIterator<Item = S>,
    ) -> std::io::Result<()> {
        for f in fields {
            self.text(f.as_ref());
        }
        self.end_record()
    }

    /// End the record; the buffered rows go to the output once they fill a chunk.
    pub fn end_record(&mut self) -> std::io::Result<()> {
        if self.pos == self.record_start {
            // one empty field, or none: `""`, as the csv crate writes it
            self.put(b"\"\"");
        }
        self.put(b"\n");
        self.fields = 0;
        if self.pos >= CHUNK {
            self.write_buffered()?;
        }
        self.record_start = self.pos;
        Ok(())
    }

    /// Hand the buffered rows to the output and flush it.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.write_buffered()?;
        self.out.flush()
    }

    fn write_buffered(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.buf[..self.pos])?;
        self.pos = 0;
        self.record_start = 0;
        Ok(())
    }

    /// The output, holding the rows handed to it so far (a caller that drains it between
    /// records: whole chunks of rows only, as [`CsvWriter::end_record`] hands them on).
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// The output, once the buffered rows are written to it (not flushed).
    pub fn into_inner(mut self) -> std::io::Result<W> {
        self.write_buffered()?;
        Ok(self.out)
    }
}

mod fields;
mod packet;

#[cfg(test)]
mod tests;
