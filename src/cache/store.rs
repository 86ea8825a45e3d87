//! A cache directory: serving a valid entry, starting one, listing, eviction, clearing.

use super::entry::{entry_header, read_header, EntryWriter, Header};
use super::key::Key;
use crate::error::{Error, Result};
use crate::fsutil::{OutputFile, Policy};
use crate::input::{Backend, Source};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

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
        EntryWriter::start(tmp, path, key, &self.dir)
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

/// True when `path` is a cache entry we wrote: an entry name, a regular file (a symbolic link
/// is not followed), and our header first (or, for an entry of format 1, our CSV header first
/// and our trailer last). A user's CSV, even one made by `pcap2csv` and renamed like an
/// entry, has neither.
pub fn is_entry(path: &Path) -> bool {
    entry_header(path).is_some()
}

/// Open `path` for reading only if it is a regular file, without following a symbolic link or
/// blocking on a FIFO (an error of kind `NotFound` when nothing is there).
pub(super) fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
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
