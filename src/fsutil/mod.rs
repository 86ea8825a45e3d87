//! Files we write: the one atomic-write helper of the program (data output, plots, cache
//! entries).
//!
//! A regular file is written to a temporary file in its own directory and renamed over the
//! target only when complete, so the target is never partial. An existing target keeps its
//! permissions (and its owner and group where the process may set them); a new file gets the
//! requested mode (0666 for outputs) less the umask, as any program creating a file does.
//! A device, FIFO or socket (`-o /dev/null`) cannot be replaced: it is written into.
//! A symbolic link is resolved (its target is replaced, the link stays), except for
//! [`Policy::Replace`], which never follows one.
//!
//! Every temporary file or directory of ours is named `.mptcpanalyzer-[KIND-]PID-XXXXXX[.EXT]`
//! ([`temp_prefix`]) and, while it exists, listed in a registry of this process
//! ([`remove_temps`] deletes them when a signal ends the run, see [`crate::interrupt`]). What a
//! run killed outright (SIGKILL, a crash) left is removed by a later run ([`sweep_stale`]): a
//! name of ours, our user's, whose process is gone (or, for older names without a PID, a day
//! old).
//!
//! `temp.rs` names, tracks and sweeps the temporary files and directories; this module writes
//! output files atomically ([`OutputFile`]).
//!
//! This module is low in the layering: it knows nothing of the program's errors or outputs.

mod temp;
#[cfg(all(test, unix))]
mod tests;

pub use temp::{
    create_tracked, is_stale_temp, remove_temps, sweep_stale, sweep_stale_now, temp_prefix,
    track_temp, PrivateDir, TempGuard, STALE_AFTER_EXIT, STALE_ANYWAY, TEMP_KINDS, TEMP_MARK,
};

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// How an output path is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// A file the user named: a symbolic link is followed and its target replaced; a device,
    /// FIFO or socket is written into.
    UserOutput,
    /// A file of ours (cache entry): whatever is at the path (link, FIFO, file) is replaced by a
    /// regular file; nothing is followed.
    Replace,
}

/// Why an output file cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    #[error("the directory {} does not exist", .0.display())]
    NoDirectory(PathBuf),
    #[error("is a directory")]
    IsDirectory,
    #[error("cannot create a file in {}: {source}", dir.display())]
    Create {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0}")]
    Open(#[source] io::Error),
    #[error("{0}")]
    Commit(#[source] io::Error),
}

/// What the existing target had that its replacement keeps.
#[derive(Debug, Clone, Copy)]
struct Keep {
    #[cfg(unix)]
    mode: u32,
    #[cfg(unix)]
    uid: u32,
    #[cfg(unix)]
    gid: u32,
}

#[derive(Debug)]
enum Kind {
    /// Written into directly (a device, FIFO or socket).
    Direct(File),
    /// A temp file renamed over `target` on commit (or, when `target` is a device, copied
    /// into it).
    Staged {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
        keep: Option<Keep>,
        into_device: bool,
        /// Lists the temp file for removal if a signal ends the process.
        _guard: TempGuard,
    },
}

/// An output file being written. Dropped without [`OutputFile::commit`], it leaves the target
/// as it was and removes its temporary file.
#[derive(Debug)]
pub struct OutputFile {
    kind: Kind,
}

/// The path to write for `path` under `policy`: a symbolic link's target for user outputs.
fn resolve(path: &Path, policy: Policy) -> PathBuf {
    if policy == Policy::UserOutput && path.is_symlink() {
        if let Ok(target) = std::fs::canonicalize(path) {
            return target;
        }
    }
    path.to_path_buf()
}

/// True when `path` is a device, FIFO or socket (following links).
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

impl OutputFile {
    /// Start writing `path`. A device, FIFO or socket is opened for writing (streamed into);
    /// anything else gets a temporary file named `PREFIX...SUFFIX` in the target's directory,
    /// created with `new_mode` less the umask.
    pub fn create(
        path: &Path,
        policy: Policy,
        prefix: &str,
        suffix: &str,
        new_mode: u32,
    ) -> Result<OutputFile, FsError> {
        let target = resolve(path, policy);
        if policy == Policy::UserOutput && is_special(&target) {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(FsError::Open)?;
            return Ok(OutputFile {
                kind: Kind::Direct(f),
            });
        }
        Self::staged(path, policy, prefix, suffix, new_mode)
    }

    /// Like [`OutputFile::create`], but always through a temporary file with a path (for
    /// writers that need one); a device target gets the finished file copied into it. The
    /// temporary file of a device target is made in the temp directory.
    pub fn staged(
        path: &Path,
        policy: Policy,
        prefix: &str,
        suffix: &str,
        new_mode: u32,
    ) -> Result<OutputFile, FsError> {
        let target = resolve(path, policy);
        let into_device = policy == Policy::UserOutput && is_special(&target);
        let meta = std::fs::symlink_metadata(&target).ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(FsError::IsDirectory);
        }
        let dir = if into_device {
            std::env::temp_dir()
        } else {
            match target.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        if !dir.is_dir() {
            return Err(FsError::NoDirectory(dir));
        }
        sweep_stale(&dir);
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix).suffix(suffix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // the kernel takes the umask off, as for any file a program creates
            builder.permissions(std::fs::Permissions::from_mode(new_mode));
        }
        #[cfg(not(unix))]
        let _ = new_mode;
        let (tmp, guard) = create_tracked(|| builder.tempfile_in(&dir), |t| t.path())
            .map_err(|source| FsError::Create { dir, source })?;
        let keep = meta.filter(|m| m.is_file()).map(|m| keep_of(&m));
        Ok(OutputFile {
            kind: Kind::Staged {
                tmp,
                target,
                keep,
                into_device,
                _guard: guard,
            },
        })
    }

    /// The file to write to.
    pub fn file(&self) -> &File {
        match &self.kind {
            Kind::Direct(f) => f,
            Kind::Staged { tmp, .. } => tmp.as_file(),
        }
    }

    /// The temporary file's path (None when writing straight into a device).
    pub fn temp_path(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Direct(_) => None,
            Kind::Staged { tmp, .. } => Some(tmp.path()),
        }
    }

    /// The path that is written (a symbolic link resolved).
    pub fn target(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Direct(_) => None,
            Kind::Staged { target, .. } => Some(target),
        }
    }

    /// Put the written file in place: give it the old file's permissions and owner, and rename
    /// it over the target (or copy it into a device).
    pub fn commit(self) -> Result<(), FsError> {
        match self.kind {
            Kind::Direct(_) => Ok(()),
            Kind::Staged {
                tmp,
                target,
                into_device,
                ..
            } if into_device => {
                let mut src = File::open(tmp.path()).map_err(FsError::Commit)?;
                let mut dst = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(FsError::Open)?;
                io::copy(&mut src, &mut dst).map_err(FsError::Commit)?;
                Ok(())
            }
            Kind::Staged {
                tmp, target, keep, ..
            } => {
                if let Some(k) = keep {
                    apply(tmp.as_file(), k).map_err(FsError::Commit)?;
                }
                tmp.persist(&target).map_err(|e| FsError::Commit(e.error))?;
                Ok(())
            }
        }
    }
}

#[cfg(unix)]
fn keep_of(m: &std::fs::Metadata) -> Keep {
    use std::os::unix::fs::MetadataExt;
    Keep {
        mode: m.mode() & 0o7777,
        uid: m.uid(),
        gid: m.gid(),
    }
}

#[cfg(not(unix))]
fn keep_of(_: &std::fs::Metadata) -> Keep {
    Keep {}
}

/// Give `f` the kept owner (as far as allowed: the group alone when the owner cannot be set,
/// e.g. when not root) and then the kept mode (chown clears set-id bits; those are kept only
/// when the owner was).
#[cfg(unix)]
fn apply(f: &File, k: Keep) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let now = f.metadata()?;
    let mut mode = k.mode;
    if (now.uid(), now.gid()) != (k.uid, k.gid) {
        let owner_kept = std::os::unix::fs::fchown(f, Some(k.uid), Some(k.gid)).is_ok();
        if !owner_kept {
            let _ = std::os::unix::fs::fchown(f, None, Some(k.gid));
            mode &= 0o777;
        }
    }
    f.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn apply(_: &File, _: Keep) -> io::Result<()> {
    Ok(())
}
