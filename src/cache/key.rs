//! The key of a cache entry: what it was made for, and the entry's file name.

use crate::error::{Error, Result};
use crate::input::{Backend, Source};
use crate::model::SCHEMA_VERSION;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Bytes of a capture hashed at each end.
const ENDS: u64 = 64 * 1024;

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

/// True when `name` has the shape of the names [`Key::file_name`] makes: `STEM-BACKEND-HASH.csv`,
/// HASH being 32 lowercase hex digits.
pub(super) fn is_entry_name(name: &str) -> bool {
    let Some((head, hash)) = name.strip_suffix(".csv").and_then(|r| r.rsplit_once('-')) else {
        return false;
    };
    hash.len() == 32
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && [Backend::Native, Backend::Tshark]
            .iter()
            .any(|b| head.ends_with(&format!("-{b}")) || head == b.to_string())
}
