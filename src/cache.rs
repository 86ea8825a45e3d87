//! Cache of dissected captures in `$XDG_CACHE_HOME/mptcpanalyzer/`.
//!
//! An entry holds the raw packets a backend produced, in the CSV schema. Its name is a stable
//! hash of the capture's canonical path, size, mtime (ns), backend, program version and schema
//! version, so touching or replacing the capture invalidates it. Entries are written to a temp
//! file and renamed; they end with a trailer line holding the packet count, so a partial or
//! corrupt entry is detected and rebuilt.

use crate::error::{Error, Result};
use crate::fsutil::{OutputFile, Policy};
use crate::input::{self, Backend, CaptureInfo, InputOptions, Sink, Source};
use crate::model::SCHEMA_VERSION;
use std::io::{BufRead, Write};
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

/// How the cache is used: where, in which mode, and for which backends.
#[derive(Debug, Clone, Default)]
pub struct CachePolicy {
    /// The cache directory ([`default_dir`] when None).
    pub dir: Option<PathBuf>,
    pub mode: CacheMode,
    /// Whether the native backend uses the cache (see docs/performance.md: it does not by default).
    pub native: bool,
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
    let path = src.path();
    let cache = Cache::new(policy.dir.clone().unwrap_or_else(default_dir));
    let entry = cache.entry_path(path, opts.backend)?;
    let mut notes: Vec<String> = Vec::new();
    if policy.mode == CacheMode::Use && entry.exists() {
        if Cache::validate(&entry).is_some() {
            let f = input::open_counted(&entry, opts.progress.as_ref())?;
            return input::csv::read_from(&entry, std::io::BufReader::new(f), b',', sink);
        }
        notes.push(format!(
            "cache entry {} is incomplete or corrupt; rebuilding it",
            entry.display()
        ));
    }
    let mut writer = match cache.writer(&entry) {
        Ok(w) => Some(w),
        Err(e) => {
            notes.push(format!("not caching: {e}"));
            None
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
            if let Err(e) = w.commit() {
                notes.push(format!("not caching: {e}"));
            }
        }
    }
    info.warnings.extend(notes);
    Ok(info)
}

/// Trailer marking a complete entry.
const TRAILER: &str = "#mptcpanalyzer-end packets=";

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

/// The cache key of a capture for a backend.
pub fn key(capture: &Path, backend: Backend) -> Result<String> {
    let canon = std::fs::canonicalize(capture).map_err(|e| Error::io(capture, e))?;
    let meta = std::fs::metadata(&canon).map_err(|e| Error::io(capture, e))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let material = format!(
        "{}\0{}\0{}\0{}\0{}\0{}",
        canon.display(),
        meta.len(),
        mtime,
        backend,
        env!("CARGO_PKG_VERSION"),
        SCHEMA_VERSION
    );
    let h1 = fnv1a(material.as_bytes(), 0xcbf29ce484222325);
    let h2 = fnv1a(material.as_bytes(), 0x84222325cbf29ce4);
    let stem = canon
        .file_name()
        .map(|n| {
            n.to_string_lossy().replace(
                |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-' && c != '_',
                "_",
            )
        })
        .unwrap_or_default();
    Ok(format!("{stem}-{backend}-{h1:016x}{h2:016x}.csv"))
}

/// A cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    pub dir: PathBuf,
}

impl Cache {
    pub fn new(dir: PathBuf) -> Self {
        Cache { dir }
    }

    pub fn entry_path(&self, capture: &Path, backend: Backend) -> Result<PathBuf> {
        Ok(self.dir.join(key(capture, backend)?))
    }

    /// Check that an entry is complete: its last line is the trailer with the right count.
    /// Returns the packet count, or None when the entry is missing, partial or corrupt.
    pub fn validate(path: &Path) -> Option<u64> {
        let f = std::fs::File::open(path).ok()?;
        let mut last = String::new();
        let mut lines = 0u64;
        for line in std::io::BufReader::new(f).lines() {
            let line = line.ok()?;
            lines += 1;
            last = line;
        }
        let n: u64 = last.strip_prefix(TRAILER)?.parse().ok()?;
        // header + n rows + trailer
        (lines == n + 2).then_some(n)
    }

    /// Start writing an entry; commit it with [`EntryWriter::commit`].
    pub fn writer(&self, path: &Path) -> Result<EntryWriter> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::Cache {
            path: self.dir.clone(),
            msg: e.to_string(),
        })?;
        // our own file: whatever is at its path (a link, a FIFO) is replaced, never followed;
        // private (0600 less the umask), as it holds what the capture held
        let tmp = OutputFile::create(
            path,
            Policy::Replace,
            &crate::fsutil::temp_prefix("cache-"),
            ".tmp",
            0o600,
        )
        .map_err(|e| Error::Cache {
            path: self.dir.clone(),
            msg: e.to_string(),
        })?;
        let file = tmp.file().try_clone().map_err(|e| Error::io(path, e))?;
        let csv = csv::Writer::from_writer(std::io::BufWriter::new(file));
        Ok(EntryWriter {
            tmp,
            csv,
            target: path.to_path_buf(),
            count: 0,
        })
    }

    /// Entries in the cache: (path, size in bytes). Only files we wrote are listed (see
    /// [`is_entry`]); anything else in the directory is left alone.
    pub fn list(&self) -> Result<Vec<(PathBuf, u64)>> {
        let mut out = Vec::new();
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(Error::io(&self.dir, e)),
        };
        for e in rd.flatten() {
            let p = e.path();
            if is_entry(&p) {
                let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                out.push((p, len));
            }
        }
        out.sort();
        Ok(out)
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
        for (p, _) in &entries {
            std::fs::remove_file(p).map_err(|e| Error::io(p, e))?;
        }
        Ok(entries.len())
    }
}

/// True when `name` has the shape of the names [`key`] makes: `STEM-BACKEND-HASH.csv`, HASH
/// being 32 lowercase hex digits.
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
/// is not followed), our CSV header first and our trailer last. A user's CSV, even one made by
/// `pcap2csv` and renamed like an entry, has no trailer.
pub fn is_entry(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    if !path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_entry_name)
    {
        return false;
    }
    let Some(mut f) = open_regular(path) else {
        return false;
    };
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
/// blocking on a FIFO.
fn open_regular(path: &Path) -> Option<std::fs::File> {
    let mut o = std::fs::File::options();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let f = o.open(path).ok()?;
    f.metadata().ok()?.is_file().then_some(f)
}

/// A cache entry being written.
pub struct EntryWriter {
    tmp: OutputFile,
    csv: csv::Writer<std::io::BufWriter<std::fs::File>>,
    target: PathBuf,
    count: u64,
}

impl EntryWriter {
    pub fn push(&mut self, p: &crate::model::Packet) -> Result<()> {
        self.count += 1;
        self.csv.serialize(p).map_err(|e| Error::Cache {
            path: self.target.clone(),
            msg: e.to_string(),
        })
    }

    /// Write the trailer and atomically move the entry in place.
    pub fn commit(self) -> Result<()> {
        let err = |msg: String| Error::Cache {
            path: self.target.clone(),
            msg,
        };
        let mut inner = self
            .csv
            .into_inner()
            .map_err(|e| err(e.error().to_string()))?;
        if self.count == 0 {
            // csv writes no header without rows: write it ourselves
            writeln!(inner, "{}", crate::model::CSV_COLUMNS.join(","))
                .map_err(|e| err(e.to_string()))?;
        }
        writeln!(inner, "{TRAILER}{}", self.count).map_err(|e| err(e.to_string()))?;
        inner.flush().map_err(|e| err(e.to_string()))?;
        drop(inner);
        self.tmp.commit().map_err(|e| err(e.to_string()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_changes_with_mtime_and_backend() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.pcap");
        std::fs::write(&f, b"x").unwrap();
        let k1 = key(&f, Backend::Tshark).unwrap();
        assert_eq!(k1, key(&f, Backend::Tshark).unwrap());
        assert_ne!(k1, key(&f, Backend::Native).unwrap());
        let t = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&f)
            .unwrap()
            .set_modified(t)
            .unwrap();
        assert_ne!(k1, key(&f, Backend::Tshark).unwrap());
    }

    #[test]
    fn only_our_entries_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let name = "a.pcap-native-0123456789abcdef0123456789abcdef.csv";
        let path = dir.path().join(name);
        for n in [0, 3] {
            let mut w = cache.writer(&path).unwrap();
            for _ in 0..n {
                w.push(&crate::model::Packet::default()).unwrap();
            }
            w.commit().unwrap();
            assert!(is_entry(&path), "{n} packets");
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // the same content under another name, or without its trailer, is not ours
        let other = dir.path().join("a.csv");
        std::fs::write(&other, &text).unwrap();
        assert!(!is_entry(&other));
        let lines: Vec<&str> = text.lines().collect();
        std::fs::write(&path, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
        assert!(!is_entry(&path));
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
        }
    }

    #[test]
    fn partial_entries_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let path = dir.path().join("e.csv");
        let mut w = cache.writer(&path).unwrap();
        w.push(&crate::model::Packet::default()).unwrap();
        w.push(&crate::model::Packet::default()).unwrap();
        w.commit().unwrap();
        assert_eq!(Cache::validate(&path), Some(2));
        let text = std::fs::read_to_string(&path).unwrap();
        let cut: Vec<&str> = text.lines().collect();
        std::fs::write(&path, cut[..2].join("\n")).unwrap();
        assert_eq!(Cache::validate(&path), None);
    }
}
