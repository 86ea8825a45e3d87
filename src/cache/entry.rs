//! The format of a cache entry: a header line ([`Header`]), the CSV body, a trailer; its
//! writer ([`EntryWriter`]) and its recognition.

use super::key::{is_entry_name, Key};
use super::store::open_regular;
use crate::error::{Error, Result};
use crate::fsutil::OutputFile;
use crate::model::csv_writer::CsvWriter;
use std::io::{BufRead, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// First word of an entry's header line.
pub(super) const MAGIC: &str = "#mptcpanalyzer-cache";
/// Version of the entry format (header layout and body). 3: the body has the `wscale` and
/// `rwnd` columns (an entry of format 2 would read back with them empty: it is rebuilt).
pub(super) const FORMAT: u32 = 3;
/// Trailer marking a complete entry (the last line; entries of format 1 had it too).
pub(super) const TRAILER: &str = "#mptcpanalyzer-end packets=";
/// Longest header line read.
const MAX_HEADER: u64 = 64 * 1024;

/// The header line of an entry: `#mptcpanalyzer-cache 3 body=N crc32=X packets=N created=S
/// {key as JSON}`. The numbers have a fixed width: they are written last, over placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Bytes after the header line.
    pub body: u64,
    /// CRC-32 of those bytes.
    pub crc32: u32,
    pub packets: u64,
    /// When the entry was written (s since the epoch).
    pub created: u64,
    pub key: Key,
}

impl Header {
    pub(super) fn line(&self) -> String {
        format!(
            "{MAGIC} {FORMAT} body={:020} crc32={:08x} packets={:020} created={:020} {}\n",
            self.body,
            self.crc32,
            self.packets,
            self.created,
            serde_json::to_string(&self.key).expect("a key serialises")
        )
    }

    /// Parse a header line (with its newline). Err: why it is not one of ours.
    pub(super) fn parse(line: &str) -> std::result::Result<Header, String> {
        let line = line
            .strip_suffix('\n')
            .ok_or("has no complete header line")?;
        let rest = line
            .strip_prefix(MAGIC)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or("has no mptcpanalyzer header (an older format, or not an entry)")?;
        let mut parts = rest.splitn(6, ' ');
        let format: u32 = parts
            .next()
            .and_then(|f| f.parse().ok())
            .ok_or("has a damaged header")?;
        if format != FORMAT {
            return Err(format!("is in entry format {format}, not {FORMAT}"));
        }
        let mut field = |name: &str, radix: u32| -> std::result::Result<u64, String> {
            parts
                .next()
                .and_then(|p| p.strip_prefix(name))
                .and_then(|p| p.strip_prefix('='))
                .and_then(|v| u64::from_str_radix(v, radix).ok())
                .ok_or_else(|| "has a damaged header".to_string())
        };
        let body = field("body", 10)?;
        let crc32 = u32::try_from(field("crc32", 16)?).map_err(|_| "has a damaged header")?;
        let packets = field("packets", 10)?;
        let created = field("created", 10)?;
        let key: Key = parts
            .next()
            .and_then(|k| serde_json::from_str(k).ok())
            .ok_or("has a damaged header")?;
        Ok(Header {
            body,
            crc32,
            packets,
            created,
            key,
        })
    }

    /// Why an entry with this header does not hold `want`'s packets (None: it does).
    pub(super) fn mismatch(&self, want: &Key) -> Option<String> {
        let k = &self.key;
        if k.version != want.version || k.schema != want.schema {
            return Some(format!(
                "was written by mptcpanalyzer {} (schema {}), not {} (schema {})",
                k.version, k.schema, want.version, want.schema
            ));
        }
        if k.capture != want.capture || k.backend != want.backend {
            return Some(format!(
                "was made for another capture ({}, {} backend)",
                k.capture.display(),
                k.backend
            ));
        }
        if k.size != want.size || k.mtime_ns != want.mtime_ns {
            return Some("was made for another version of the capture (size or mtime)".into());
        }
        if k.ends_sha256 != want.ends_sha256 {
            return Some(
                "was made for other content (the capture was rewritten with the same size and mtime)"
                    .into(),
            );
        }
        None
    }
}

/// An entry's header and where its body starts, read from an open file.
pub(super) fn read_header(f: &mut std::fs::File) -> std::result::Result<(Header, u64), String> {
    let mut line = Vec::new();
    std::io::BufReader::new(&mut *f)
        .take(MAX_HEADER)
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("cannot be read ({e})"))?;
    let text = std::str::from_utf8(&line).map_err(|_| "has a damaged header".to_string())?;
    let h = Header::parse(text)?;
    Ok((h, line.len() as u64))
}

/// `Some(Some(header))` for an entry of ours, `Some(None)` for one of format 1, None when
/// `path` is not an entry of ours (see [`is_entry`]).
pub(super) fn entry_header(path: &Path) -> Option<Option<Header>> {
    if !path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_entry_name)
    {
        return None;
    }
    let mut f = open_regular(path).ok()?;
    let mut first = [0u8; MAGIC.len() + 1];
    if f.read_exact(&mut first).is_ok() && first.starts_with(MAGIC.as_bytes()) {
        f.seek(SeekFrom::Start(0)).ok()?;
        // ours, even when its header is damaged or of another format (`cache clear` removes it)
        return Some(read_header(&mut f).ok().map(|(h, _)| h));
    }
    f.seek(SeekFrom::Start(0)).ok()?;
    is_format1_entry(&mut f).then_some(None)
}

/// An entry of format 1: our CSV header first, our trailer last.
fn is_format1_entry(f: &mut std::fs::File) -> bool {
    let header = crate::model::CSV_COLUMNS.join(",") + "\n";
    let mut head = vec![0u8; header.len()];
    if f.read_exact(&mut head).is_err() || head != header.as_bytes() {
        return false;
    }
    // the trailer is short: the last line is within the last 64 bytes
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let from = len.saturating_sub(64).max(header.len() as u64);
    let mut tail = Vec::new();
    if f.seek(SeekFrom::Start(from)).is_err() || f.read_to_end(&mut tail).is_err() {
        return false;
    }
    let Some(body) = tail.strip_suffix(b"\n") else {
        return false;
    };
    let last = match body.iter().rposition(|&b| b == b'\n') {
        Some(i) => &body[i + 1..],
        None if from == header.len() as u64 => body,
        None => return false,
    };
    std::str::from_utf8(last)
        .ok()
        .and_then(|l| l.strip_prefix(TRAILER))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A writer that counts and checksums what goes through it.
struct Hashing {
    inner: std::fs::File,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A cache entry being written.
pub struct EntryWriter {
    tmp: OutputFile,
    csv: CsvWriter<Hashing>,
    header: Header,
    target: PathBuf,
}

impl EntryWriter {
    /// Start the entry of `key` at `path` (of the cache `dir`) in `tmp`: its header, with
    /// placeholder numbers.
    pub(super) fn start(
        tmp: OutputFile,
        path: &Path,
        key: &Key,
        dir: &Path,
    ) -> Result<EntryWriter> {
        let cache_err = |msg: String| Error::Cache {
            path: dir.to_path_buf(),
            msg,
        };
        let mut file = tmp.file().try_clone().map_err(|e| Error::io(path, e))?;
        let header = Header {
            body: 0,
            crc32: 0,
            packets: 0,
            created: 0,
            key: key.clone(),
        };
        file.write_all(header.line().as_bytes())
            .map_err(|e| cache_err(e.to_string()))?;
        let body = Hashing {
            inner: file,
            crc: crc32fast::Hasher::new(),
            len: 0,
        };
        let mut csv = CsvWriter::new(body, b',');
        csv.record(crate::model::CSV_COLUMNS)
            .map_err(|e| cache_err(e.to_string()))?;
        Ok(EntryWriter {
            tmp,
            csv,
            header,
            target: path.to_path_buf(),
        })
    }

    pub fn push(&mut self, p: &crate::model::Packet) -> Result<()> {
        self.header.packets += 1;
        self.csv.packet(p);
        self.csv.end_record().map_err(|e| Error::Cache {
            path: self.target.clone(),
            msg: e.to_string(),
        })
    }

    /// Write the trailer and the header's numbers, and atomically move the entry in place,
    /// unless the entry is larger than `max_bytes` (then it is dropped, with an error saying
    /// so).
    pub fn commit(mut self, max_bytes: u64) -> Result<()> {
        let err = |msg: String| Error::Cache {
            path: self.target.clone(),
            msg,
        };
        let mut body = self.csv.into_inner().map_err(|e| err(e.to_string()))?;
        writeln!(body, "{TRAILER}{}", self.header.packets).map_err(|e| err(e.to_string()))?;
        body.flush().map_err(|e| err(e.to_string()))?;
        self.header.body = body.len;
        self.header.crc32 = body.crc.clone().finalize();
        self.header.created = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let line = self.header.line();
        let total = line.len() as u64 + body.len;
        if total > max_bytes {
            return Err(err(format!(
                "the entry ({:.1} MB) is larger than cache_max_mb ({} MB)",
                total as f64 / 1e6,
                max_bytes / (1024 * 1024)
            )));
        }
        // the numbers have a fixed width: the header keeps its length
        body.inner
            .seek(SeekFrom::Start(0))
            .and_then(|_| body.inner.write_all(line.as_bytes()))
            .and_then(|()| body.inner.flush())
            .map_err(|e| err(e.to_string()))?;
        drop(body);
        self.tmp.commit().map_err(|e| err(e.to_string()))?;
        Ok(())
    }
}
