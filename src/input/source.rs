//! A capture file opened once: its format (from its first bytes, never from its name), size and
//! modification time are read when it is opened; the first read uses that same open file.

use super::{format_from_magic, Format};
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// Size and modification time of a file: what tells that it changed since it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of `path` now.
    pub fn of(path: &Path) -> Result<Stamp> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        Ok(Stamp {
            size: meta.len(),
            mtime: meta.modified().ok(),
        })
    }
}

/// An opened capture file.
#[derive(Debug)]
pub struct Source {
    /// The file read: the capture itself, or the spool of a stream.
    path: PathBuf,
    /// A capture that came as a stream (`-` = standard input, a pipe, a FIFO, a character
    /// device such as `/dev/stdin` on a pipe): its bytes were copied to this private temporary
    /// file, which every read (both backends, two-pass commands) uses and which is removed when
    /// the source is dropped.
    spool: Option<crate::fsutil::PrivateDir>,
    format: Format,
    /// The first bytes of the file (format and CSV delimiter detection).
    magic: Vec<u8>,
    stamp: Stamp,
    /// The open file, at offset 0, until a read takes it (later reads open the file again).
    file: Mutex<Option<File>>,
}

impl Source {
    /// Open `path` and detect its format: a missing, unreadable, empty or unknown file is an
    /// error naming it.
    ///
    /// `-` is standard input. A stream (a pipe, a FIFO, a character device) is spooled first
    /// to a private temporary file (see [`Source::is_spooled`]).
    pub fn open(given: &Path) -> Result<Source> {
        let path = given;
        let (mut f, spool) = if path == Path::new(STDIN) {
            spool_stream(path, std::io::stdin().lock())?
        } else {
            let f = File::open(path).map_err(|e| Error::io(path, e))?;
            let meta = f.metadata().map_err(|e| Error::io(path, e))?;
            if meta.is_dir() {
                return Err(Error::bad_capture(path, "is a directory"));
            }
            if meta.is_file() {
                (f, None)
            } else {
                spool_stream(path, f)?
            }
        };
        let read_path = spool
            .as_ref()
            .map_or_else(|| path.to_path_buf(), |d| d.path().join(SPOOL_NAME));
        let path = read_path.as_path();
        let meta = f.metadata().map_err(|e| Error::io(path, e))?;
        let mut magic = [0u8; 16];
        let mut n = 0;
        while n < magic.len() {
            match f.read(&mut magic[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        // messages name the argument (`-` for standard input), not the spool
        if n == 0 {
            return Err(Error::bad_capture(given, "empty file"));
        }
        let format = format_from_magic(&magic[..n]).ok_or_else(|| Error::UnknownFormat {
            path: given.to_path_buf(),
        })?;
        f.seek(SeekFrom::Start(0)).map_err(|e| Error::io(path, e))?;
        Ok(Source {
            path: path.to_path_buf(),
            spool,
            format,
            magic: magic[..n].to_vec(),
            stamp: Stamp {
                size: meta.len(),
                mtime: meta.modified().ok(),
            },
            file: Mutex::new(Some(f)),
        })
    }

    /// The file to read (for a spooled stream, its temporary copy).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the capture came as a stream and is read from a temporary copy: it is never
    /// cached (the copy is new on every run).
    pub fn is_spooled(&self) -> bool {
        self.spool.is_some()
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The first bytes of the file (up to 16).
    pub fn magic(&self) -> &[u8] {
        &self.magic
    }

    /// Size and modification time when the file was opened.
    pub fn stamp(&self) -> Stamp {
        self.stamp
    }

    /// True when the file on disk is no longer the one opened (size or mtime changed, or it is
    /// gone).
    pub fn is_stale(&self) -> bool {
        Stamp::of(&self.path).map_or(true, |now| now != self.stamp)
    }

    /// The file at offset 0: the handle opened by [`Source::open`] the first time, a new one
    /// after.
    pub fn file(&self) -> Result<File> {
        let kept = self.file.lock().ok().and_then(|mut f| f.take());
        match kept {
            Some(f) => Ok(f),
            None => File::open(&self.path).map_err(|e| Error::io(&self.path, e)),
        }
    }
}

/// The CAPTURE argument that means standard input.
pub const STDIN: &str = "-";

/// The name of a spooled stream in its private directory (error messages show it).
const SPOOL_NAME: &str = "stdin";

/// Copy a stream to a file in a new private directory (mode 0700, in `$TMPDIR`), removed with
/// it when the returned directory is dropped; the file is returned at offset 0.
fn spool_stream(
    name: &Path,
    mut r: impl Read,
) -> Result<(File, Option<crate::fsutil::PrivateDir>)> {
    let dir =
        crate::fsutil::PrivateDir::new("spool-").map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let path = dir.path().join(SPOOL_NAME);
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    std::io::copy(&mut r, &mut f).map_err(|e| Error::io(name, e))?;
    f.seek(SeekFrom::Start(0))
        .map_err(|e| Error::io(&path, e))?;
    Ok((f, Some(dir)))
}
