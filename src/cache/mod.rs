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
//!
//! `key.rs` names an entry for a capture, `entry.rs` is the entry's format (header, body, its
//! writer), `store.rs` the directory (serving, listing, eviction, clearing).

mod entry;
mod key;
mod store;
#[cfg(test)]
mod tests;

pub use entry::{EntryWriter, Header};
pub use key::Key;
pub use store::{is_entry, Cache, EntryInfo};

use crate::error::Result;
use crate::input::{self, Backend, CaptureInfo, InputOptions, Sink, Source};
use std::path::PathBuf;

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
    let mut info = input::read(src, opts, &mut |p: &mut crate::model::Packet| {
        if let Some(w) = writer.as_mut() {
            if let Err(e) = w.push(p) {
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

/// The default cache directory: `$XDG_CACHE_HOME/mptcpanalyzer` (or the platform equivalent).
pub fn default_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(x).join("mptcpanalyzer");
    }
    directories::ProjectDirs::from("", "", "mptcpanalyzer")
        .map(|d| d.cache_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("mptcpanalyzer-cache"))
}
