//! Cache of dissected captures in `$XDG_CACHE_HOME/mptcpanalyzer/`.
//!
//! An entry holds the raw packets a backend produced, in the CSV schema. Its name is a stable
//! hash of the capture's canonical path, size, mtime (ns), backend, program version and schema
//! version. Its first line is a header ([`Header`]) naming the key it was made for (that same
//! path, size and mtime, plus a hash of the capture's first and last 64 KiB, so a capture
//! rewritten with the same size and mtime is noticed), the entry's own length, CRC-32 and
//! packet count. An entry is served only when it is a regular file (never a link, FIFO or
//! directory, opened without blocking) whose header matches the capture and whose length and
//! checksum are right; anything else (damaged, truncated, another capture's, an older format)
//! is rebuilt with a warning, never fatal. Entries are written to a temp file and renamed; the
//! cache is bounded (`cache_max_mb`): the least recently used entries (an entry's mtime is
//! its last use) are removed once it is exceeded.

use crate::error::{Error, Result};
use crate::fsutil::{OutputFile, Policy};
use crate::input::{self, Backend, CaptureInfo, InputOptions, Sink, Source};
use crate::model::SCHEMA_VERSION;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How the cache is used for one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    /// Read a valid entry, or build and store one.
    #[default]
    Use,
    /// Ignore any entry, rebuild and store it.
    Regen,
    /// Neither read nor write.
    Off,
}

/// Default bound of the cache directory's entries (config `cache_max_mb`).
pub const DEFAULT_MAX_MB: u64 = 1024;

/// How the cache is used: where, in which mode, and for which backends.
#[derive(Debug, Clone)]
pub struct CachePolicy {
    /// The cache directory ([`default_dir`] when None).
    pub dir: Option<PathBuf>,
    pub mode: CacheMode,
    /// Whether the native backend uses the cache (see docs/performance.md: it does not by default).
    pub native: bool,
    /// Bound of the entries' total size, in bytes: least recently used entries are removed
    /// beyond it; an entry larger than it is not stored (0: nothing is stored).
    pub max_bytes: u64,
}

impl Default for CachePolicy {
    fn default() -> Self {
        CachePolicy {
            dir: None,
            mode: CacheMode::Use,
            native: false,
            max_bytes: DEFAULT_MAX_MB * 1024 * 1024,
        }
    }
}

impl CachePolicy {
    /// Whether a capture in `format` read with `backend` goes through the cache.
    pub fn applies(&self, format: input::Format, backend: Backend) -> bool {
        format != input::Format::Csv
            && self.mode != CacheMode::Off
            && (backend == Backend::Tshark || self.native)
    }
}

/// Read the raw packets of `src` with `opts`, through the cache when `policy` applies: a valid
/// entry is read instead of the capture; otherwise the capture is read and an entry written
/// (cache problems become warnings, reported with the capture's own).
pub fn read_through(
    src: &Source,
    opts: &InputOptions,
    policy: &CachePolicy,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    // a spooled stream is a new file on every run: caching it would only fill the cache
    if !policy.applies(src.format(), opts.backend) || src.is_spooled() {
        return input::read(src, opts, sink);
    }
    let cache = Cache::new(policy.dir.clone().unwrap_or_else(default_dir));
    let key = Key::of(src, opts.backend)?;
    let entry = cache.dir.join(key.file_name());
    let mut notes: Vec<String> = Vec::new();
    if policy.mode == CacheMode::Use {
        match Cache::open_valid(&entry, &key) {
            Ok(Some(reader)) => {
                let total = reader.get_ref().metadata().map(|m| m.len()).unwrap_or(0);
                let counted = input::Counting::new(reader, total, opts.progress.as_ref());
                return input::csv::read_from(&entry, counted, b',', sink);
            }
            Ok(None) => {}
            Err(why) => notes.push(format!(
                "cache entry {} {why}: not used, rebuilding it",
                entry.display()
            )),
        }
    }
    let mut writer = if policy.max_bytes == 0 {
        None
    } else {
        match cache.writer(&entry, &key) {
            Ok(w) => Some(w),
            Err(e) => {
                notes.push(format!("not caching: {e}"));
                None
            }
        }
    };
    let mut write_error = None;
    let mut info = input::read(src, opts, &mut |p: crate::model::Packet| {
        if let Some(w) = writer.as_mut() {
            if let Err(e) = w.push(&p) {
                write_error.get_or_insert(e);
            }
        }
        sink(p)
    })?;
    // A truncated capture is not cached: the next run reads it again and warns again.
    if let Some(e) = write_error {
        notes.push(format!("not caching: {e}"));
    } else if let Some(w) = writer {
        if info.warnings.is_empty() {
            match w.commit(policy.max_bytes) {
                Ok(()) => {
                    cache.evict(policy.max_bytes, &entry);
                }
                Err(e) => notes.push(format!("not caching: {e}")),
            }
        }
    }
    info.warnings.extend(notes);
    Ok(info)
}

/// First word of an entry's header line.
const MAGIC: &str = "#mptcpanalyzer-cache";
/// Version of the entry format (header layout and body). 3: the body has the `wscale` and
/// `rwnd` columns (an entry of format 2 would read back with them empty: it is rebuilt).
const FORMAT: u32 = 3;
/// Trailer marking a complete entry (the last line; entries of format 1 had it too).
const TRAILER: &str = "#mptcpanalyzer-end packets=";
/// Bytes of a capture hashed at each end.
const ENDS: u64 = 64 * 1024;
/// Longest header line read.
const MAX_HEADER: u64 = 64 * 1024;

/// The default cache directory: `$XDG_CACHE_HOME/mptcpanalyzer` (or the platform equivalent).
pub fn default_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(x).join("mptcpanalyzer");
    }
    directories::ProjectDirs::from("", "", "mptcpanalyzer")
        .map(|d| d.cache_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("mptcpanalyzer-cache"))
}

/// FNV-1a 64: stable across runs and platforms (std's hasher is not).
fn fnv1a(data: &[u8], mut h: u64) -> u64 {
    for b in data {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// What an entry was made for: a capture (as it was when read) and a backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// Canonical path of the capture.
    pub capture: PathBuf,
    pub size: u64,
    /// Modification time, ns since the epoch (0 when unknown).
    pub mtime_ns: u64,
    /// SHA-256 (hex, first 16 bytes) of the capture's first and last 64 KiB.
    pub ends_sha256: String,
    pub backend: Backend,
    /// mptcpanalyzer's version that wrote the entry.
    pub version: String,
    pub schema: u32,
}

impl Key {
    /// The key of the opened capture `src` read with `backend` (size and mtime as opened).
    pub fn of(src: &Source, backend: Backend) -> Result<Key> {
        let path = src.path();
        let capture = std::fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
        let stamp = src.stamp();
        let mtime_ns = stamp
            .mtime
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
            .unwrap_or(0);
        Ok(Key {
            ends_sha256: ends_hash(path, stamp.size)?,
            capture,
            size: stamp.size,
            mtime_ns,
            backend,
            version: env!("CARGO_PKG_VERSION").to_string(),
            schema: SCHEMA_VERSION,
        })
    }

    /// The entry's file name: `STEM-BACKEND-HASH.csv`, HASH of the path, size, mtime, backend
    /// and versions (the ends hash is checked from the header).
    pub fn file_name(&self) -> String {
        let material = format!(
            "{}\0{}\0{}\0{}\0{}\0{}",
            self.capture.display(),
            self.size,
            self.mtime_ns,
            self.backend,
            self.version,
            self.schema
        );
        let h1 = fnv1a(material.as_bytes(), 0xcbf29ce484222325);
        let h2 = fnv1a(material.as_bytes(), 0x84222325cbf29ce4);
        let stem = self
            .capture
            .file_name()
            .map(|n| {
                n.to_string_lossy().replace(
                    |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-' && c != '_',
                    "_",
                )
            })
            .unwrap_or_default();
        format!("{stem}-{}-{h1:016x}{h2:016x}.csv", self.backend)
    }
}

/// SHA-256 of the first and last [`ENDS`] bytes of the `size` bytes of `path`.
fn ends_hash(path: &Path, size: u64) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = Vec::with_capacity(ENDS as usize);
    (&mut f)
        .take(ENDS)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(path, e))?;
    h.update(&buf);
    if size > ENDS {
        buf.clear();
        f.seek(SeekFrom::Start(size.saturating_sub(ENDS).max(ENDS)))
            .map_err(|e| Error::io(path, e))?;
        f.take(ENDS)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(path, e))?;
        h.update(&buf);
    }
    h.update(size.to_le_bytes());
    let d = h.finalize();
    Ok(d[..16].iter().map(|b| format!("{b:02x}")).collect())
}

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
    fn line(&self) -> String {
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
    fn parse(line: &str) -> std::result::Result<Header, String> {
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
    fn mismatch(&self, want: &Key) -> Option<String> {
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
fn read_header(f: &mut std::fs::File) -> std::result::Result<(Header, u64), String> {
    let mut line = Vec::new();
    std::io::BufReader::new(&mut *f)
        .take(MAX_HEADER)
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("cannot be read ({e})"))?;
    let text = std::str::from_utf8(&line).map_err(|_| "has a damaged header".to_string())?;
    let h = Header::parse(text)?;
    Ok((h, line.len() as u64))
}

/// A cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    pub dir: PathBuf,
}

/// An entry as `cache list` shows it.
#[derive(Debug, Clone)]
pub struct EntryInfo {
    pub path: PathBuf,
    /// Size of the file.
    pub size: u64,
    /// Last use (the entry's mtime).
    pub used: Option<std::time::SystemTime>,
    /// None for an entry of an older format (no header).
    pub header: Option<Header>,
}

impl Cache {
    pub fn new(dir: PathBuf) -> Self {
        Cache { dir }
    }

    /// The path of the entry of `capture` read with `backend`.
    pub fn entry_path(&self, capture: &Path, backend: Backend) -> Result<PathBuf> {
        let src = Source::open(capture)?;
        Ok(self.dir.join(Key::of(&src, backend)?.file_name()))
    }

    /// Open the entry at `path` if it holds `key`'s packets: `Ok(None)` when there is none,
    /// `Err(why)` when something is there that must not be served (not a regular file,
    /// another capture's, an older format, damaged or truncated). The reader is at the
    /// start of the CSV; its use is recorded (the entry's mtime, for eviction).
    pub fn open_valid(
        path: &Path,
        key: &Key,
    ) -> std::result::Result<Option<std::io::BufReader<std::fs::File>>, String> {
        let mut f = match open_regular(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let (h, start) = read_header(&mut f)?;
        if let Some(why) = h.mismatch(key) {
            return Err(why);
        }
        let len = f.metadata().map_err(|e| e.to_string())?.len();
        if len != start + h.body {
            return Err(format!(
                "is truncated or damaged ({len} bytes, its header says {})",
                start + h.body
            ));
        }
        f.seek(SeekFrom::Start(start)).map_err(|e| e.to_string())?;
        let mut crc = crc32fast::Hasher::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => crc.update(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(format!("cannot be read ({e})")),
            }
        }
        if crc.finalize() != h.crc32 {
            return Err("is damaged (checksum mismatch)".into());
        }
        f.seek(SeekFrom::Start(start)).map_err(|e| e.to_string())?;
        // its last use, for eviction (our own file: allowed on a read-only handle)
        let _ = f.set_modified(std::time::SystemTime::now());
        Ok(Some(std::io::BufReader::with_capacity(1 << 16, f)))
    }

    /// Start writing the entry of `key` at `path`; commit it with [`EntryWriter::commit`].
    pub fn writer(&self, path: &Path, key: &Key) -> Result<EntryWriter> {
        let cache_err = |msg: String| Error::Cache {
            path: self.dir.clone(),
            msg,
        };
        std::fs::create_dir_all(&self.dir).map_err(|e| cache_err(e.to_string()))?;
        // our own file: whatever is at its path (a link, a FIFO) is replaced, never followed;
        // private (0600 less the umask), as it holds what the capture held
        let tmp = OutputFile::create(
            path,
            Policy::Replace,
            &crate::fsutil::temp_prefix("cache-"),
            ".tmp",
            0o600,
        )
        .map_err(|e| cache_err(e.to_string()))?;
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
        let csv = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, body));
        Ok(EntryWriter {
            tmp,
            csv,
            header,
            target: path.to_path_buf(),
        })
    }

    /// Entries in the cache, sorted by path. Only files we wrote are listed (see
    /// [`is_entry`]); anything else in the directory is left alone.
    pub fn list(&self) -> Result<Vec<EntryInfo>> {
        let mut out = Vec::new();
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(Error::io(&self.dir, e)),
        };
        for e in rd.flatten() {
            let p = e.path();
            if let Some(header) = entry_header(&p) {
                let meta = std::fs::symlink_metadata(&p).ok();
                out.push(EntryInfo {
                    size: meta.as_ref().map_or(0, |m| m.len()),
                    used: meta.and_then(|m| m.modified().ok()),
                    header,
                    path: p,
                });
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Remove least recently used entries (but `keep`) until they take at most `max_bytes`.
    /// Returns how many were removed. Errors are ignored: eviction never fails a run.
    pub fn evict(&self, max_bytes: u64, keep: &Path) -> usize {
        let Ok(mut entries) = self.list() else {
            return 0;
        };
        let mut total: u64 = entries.iter().map(|e| e.size).sum();
        entries.sort_by_key(|e| e.used);
        let mut n = 0;
        for e in entries {
            if total <= max_bytes {
                break;
            }
            if e.path != keep && std::fs::remove_file(&e.path).is_ok() {
                total = total.saturating_sub(e.size);
                n += 1;
            }
        }
        n
    }

    /// Remove every entry we wrote; returns how many were removed. A cache directory that is a
    /// symbolic link is refused: its target may be anybody's directory.
    pub fn clear(&self) -> Result<usize> {
        if let Ok(m) = std::fs::symlink_metadata(&self.dir) {
            if m.file_type().is_symlink() {
                let target = std::fs::read_link(&self.dir)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                return Err(Error::Cache {
                    path: self.dir.clone(),
                    msg: format!(
                        "is a symbolic link (to {target}); not clearing it: give the real directory with --cache-dir"
                    ),
                });
            }
        }
        let entries = self.list()?;
        for e in &entries {
            std::fs::remove_file(&e.path).map_err(|err| Error::io(&e.path, err))?;
        }
        Ok(entries.len())
    }
}

/// True when `name` has the shape of the names [`Key::file_name`] makes: `STEM-BACKEND-HASH.csv`,
/// HASH being 32 lowercase hex digits.
fn is_entry_name(name: &str) -> bool {
    let Some((head, hash)) = name.strip_suffix(".csv").and_then(|r| r.rsplit_once('-')) else {
        return false;
    };
    hash.len() == 32
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && [Backend::Native, Backend::Tshark]
            .iter()
            .any(|b| head.ends_with(&format!("-{b}")) || head == b.to_string())
}

/// True when `path` is a cache entry we wrote: an entry name, a regular file (a symbolic link
/// is not followed), and our header first (or, for an entry of format 1, our CSV header first
/// and our trailer last). A user's CSV, even one made by `pcap2csv` and renamed like an
/// entry, has neither.
pub fn is_entry(path: &Path) -> bool {
    entry_header(path).is_some()
}

/// `Some(Some(header))` for an entry of ours, `Some(None)` for one of format 1, None when
/// `path` is not an entry of ours (see [`is_entry`]).
fn entry_header(path: &Path) -> Option<Option<Header>> {
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

/// Open `path` for reading only if it is a regular file, without following a symbolic link or
/// blocking on a FIFO (an error of kind `NotFound` when nothing is there).
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::File::options();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let f = match o.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(e),
        Err(_) if path.is_symlink() => {
            return Err(std::io::Error::other("is a symbolic link"));
        }
        Err(e) => return Err(e),
    };
    let kind = f.metadata()?.file_type();
    if kind.is_file() {
        Ok(f)
    } else if kind.is_dir() {
        Err(std::io::Error::other("is a directory"))
    } else {
        Err(std::io::Error::other("is not a regular file"))
    }
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
    csv: csv::Writer<std::io::BufWriter<Hashing>>,
    header: Header,
    target: PathBuf,
}

impl EntryWriter {
    pub fn push(&mut self, p: &crate::model::Packet) -> Result<()> {
        self.header.packets += 1;
        self.csv.serialize(p).map_err(|e| Error::Cache {
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
        let mut inner = self
            .csv
            .into_inner()
            .map_err(|e| err(e.error().to_string()))?;
        if self.header.packets == 0 {
            // csv writes no header without rows: write it ourselves
            writeln!(inner, "{}", crate::model::CSV_COLUMNS.join(","))
                .map_err(|e| err(e.to_string()))?;
        }
        writeln!(inner, "{TRAILER}{}", self.header.packets).map_err(|e| err(e.to_string()))?;
        let mut body = inner.into_inner().map_err(|e| err(e.error().to_string()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key_for(capture: &Path) -> Key {
        Key::of(&Source::open(capture).unwrap(), Backend::Tshark).unwrap()
    }

    /// A minimal pcap file (header only) with `extra` bytes after it.
    fn pcap(path: &Path, extra: &[u8]) {
        let mut d = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
        d.extend_from_slice(&[0; 8]);
        d.extend_from_slice(&65535u32.to_le_bytes());
        d.extend_from_slice(&1u32.to_le_bytes());
        d.extend_from_slice(extra);
        std::fs::write(path, d).unwrap();
    }

    #[test]
    fn key_changes_with_mtime_backend_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.pcap");
        pcap(&f, &[1; 200_000]);
        let k1 = key_for(&f);
        assert_eq!(k1, key_for(&f));
        let native = Key::of(&Source::open(&f).unwrap(), Backend::Native).unwrap();
        assert_ne!(k1.file_name(), native.file_name());
        // same size and mtime, other content at the end: same name, other ends hash
        let mtime = std::fs::metadata(&f).unwrap().modified().unwrap();
        let mut d = std::fs::read(&f).unwrap();
        *d.last_mut().unwrap() = 2;
        std::fs::write(&f, &d).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&f)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let k2 = key_for(&f);
        assert_eq!(k1.file_name(), k2.file_name());
        assert_ne!(k1.ends_sha256, k2.ends_sha256);
        let t = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&f)
            .unwrap()
            .set_modified(t)
            .unwrap();
        assert_ne!(k1.file_name(), key_for(&f).file_name());
    }

    #[test]
    fn header_round_trips_and_keeps_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.pcap");
        pcap(&f, b"");
        let mut h = Header {
            body: 0,
            crc32: 0,
            packets: 0,
            created: 0,
            key: key_for(&f),
        };
        let placeholder = h.line();
        h.body = 123_456_789;
        h.crc32 = 0xdeadbeef;
        h.packets = u64::MAX;
        h.created = 1_700_000_000;
        assert_eq!(h.line().len(), placeholder.len());
        assert_eq!(Header::parse(&h.line()), Ok(h));
    }

    #[test]
    fn only_our_entries_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let capture = dir.path().join("c.pcap");
        pcap(&capture, b"");
        let key = key_for(&capture);
        let cache = Cache::new(dir.path().to_path_buf());
        let name = "a.pcap-native-0123456789abcdef0123456789abcdef.csv";
        let path = dir.path().join(name);
        for n in [0, 3] {
            let mut w = cache.writer(&path, &key).unwrap();
            for _ in 0..n {
                w.push(&crate::model::Packet::default()).unwrap();
            }
            w.commit(u64::MAX).unwrap();
            assert!(is_entry(&path), "{n} packets");
            assert!(Cache::open_valid(&path, &key).unwrap().is_some());
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // the same content under another name is not ours
        let other = dir.path().join("a.csv");
        std::fs::write(&other, &text).unwrap();
        assert!(!is_entry(&other));
        // a user's CSV renamed like an entry is not ours
        let csv: String = text.lines().skip(1).collect::<Vec<_>>()[..4].join("\n") + "\n";
        std::fs::write(&path, &csv).unwrap();
        assert!(!is_entry(&path));
        // an entry of format 1 (CSV header, rows, trailer) is ours
        std::fs::write(
            &path,
            text.lines().skip(1).collect::<Vec<_>>().join("\n") + "\n",
        )
        .unwrap();
        assert!(is_entry(&path));
        assert!(Cache::open_valid(&path, &key).is_err());
        for bad in [
            "a.pcap-native-0123456789abcdef0123456789abcde.csv",
            "a.pcap-native-0123456789ABCDEF0123456789abcdef.csv",
            "a.pcap-other-0123456789abcdef0123456789abcdef.csv",
            "a.pcap-native-0123456789abcdef0123456789abcdef.txt",
        ] {
            assert!(!is_entry_name(bad), "{bad}");
        }
        assert!(is_entry_name(name));
        #[cfg(unix)]
        {
            std::fs::write(&path, &text).unwrap();
            let link = dir
                .path()
                .join("b-native-0123456789abcdef0123456789abcdef.csv");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            assert!(is_entry(&path));
            assert!(!is_entry(&link), "a symbolic link is not followed");
            assert!(Cache::open_valid(&link, &key).is_err());
        }
    }

    #[test]
    fn damaged_entries_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let capture = dir.path().join("c.pcap");
        pcap(&capture, b"");
        let key = key_for(&capture);
        let cache = Cache::new(dir.path().to_path_buf());
        let path = dir.path().join("e.csv");
        let mut w = cache.writer(&path, &key).unwrap();
        w.push(&crate::model::Packet::default()).unwrap();
        w.push(&crate::model::Packet::default()).unwrap();
        w.commit(u64::MAX).unwrap();
        let good = std::fs::read(&path).unwrap();
        assert!(Cache::open_valid(&path, &key).unwrap().is_some());
        let check = |bytes: &[u8], why: &str| {
            std::fs::write(&path, bytes).unwrap();
            let e = Cache::open_valid(&path, &key).unwrap_err();
            assert!(e.contains(why), "{e}");
        };
        check(&good[..good.len() - 3], "truncated");
        let mut flipped = good.clone();
        let at = flipped.len() - 40;
        flipped[at] ^= 1;
        check(&flipped, "checksum");
        let mut other = key.clone();
        other.capture = PathBuf::from("/elsewhere/x.pcap");
        let e = Cache::open_valid(&path, &other);
        assert!(e.unwrap_err().contains("another capture"));
        assert!(cache.writer(&path, &key).unwrap().commit(10).is_err());
    }
}
