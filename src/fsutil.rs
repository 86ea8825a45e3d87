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
//! This module is low in the layering: it knows nothing of the program's errors or outputs.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The start of the name of every temporary file or directory we make.
pub const TEMP_MARK: &str = ".mptcpanalyzer-";

/// The kinds of temporary names (`KIND-` after [`TEMP_MARK`]; "" for data outputs).
pub const TEMP_KINDS: &[&str] = &["", "plot-", "cache-", "tshark-", "spool-"];

/// The name prefix of a temporary file or directory of `kind` (one of [`TEMP_KINDS`]) made by
/// this process: `.mptcpanalyzer-KIND-PID-` (tempfile adds six random characters).
pub fn temp_prefix(kind: &str) -> String {
    debug_assert!(TEMP_KINDS.contains(&kind), "{kind}");
    format!("{TEMP_MARK}{kind}{}-", std::process::id())
}

/// The temporary paths of this process that still exist (id, path).
fn temps() -> std::sync::MutexGuard<'static, Vec<(u64, PathBuf)>> {
    static TEMPS: Mutex<Vec<(u64, PathBuf)>> = Mutex::new(Vec::new());
    TEMPS.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary path listed for [`remove_temps`] while this guard lives.
#[derive(Debug)]
pub struct TempGuard(u64);

/// List `path` (a file or directory of ours) for removal if a signal ends the process.
pub fn track_temp(path: &Path) -> TempGuard {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    temps().push((id, path.to_path_buf()));
    TempGuard(id)
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        temps().retain(|(id, _)| *id != self.0);
    }
}

/// Remove every temporary file and directory this process still has (a signal ends it: no
/// destructor will run). Returns how many were removed.
pub fn remove_temps() -> usize {
    let paths: Vec<PathBuf> = temps().drain(..).map(|(_, p)| p).collect();
    paths.iter().filter(|p| remove_path(p)).count()
}

/// Remove a file, or a directory and its contents; a symbolic link itself, never its target.
fn remove_path(p: &Path) -> bool {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(p).is_ok(),
        Ok(_) => std::fs::remove_file(p).is_ok(),
        Err(_) => false,
    }
}

/// A private directory (mode 0700) in `$TMPDIR` named for `kind`, removed when dropped (or by
/// [`remove_temps`]). Stale directories of killed runs in `$TMPDIR` are swept first.
#[derive(Debug)]
pub struct PrivateDir {
    dir: tempfile::TempDir,
    _guard: TempGuard,
}

impl PrivateDir {
    pub fn new(kind: &str) -> io::Result<PrivateDir> {
        let tmp = std::env::temp_dir();
        sweep_stale(&tmp);
        let dir = tempfile::Builder::new()
            .prefix(&temp_prefix(kind))
            .tempdir_in(&tmp)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
        }
        let guard = track_temp(dir.path());
        Ok(PrivateDir { dir, _guard: guard })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// How long a temporary name of a process that is gone is left alone (another PID namespace
/// may share the directory; a run may be just starting).
pub const STALE_AFTER_EXIT: Duration = Duration::from_secs(60);
/// Age from which any temporary name of ours is stale (a PID reused by another process, names
/// of older versions without a PID).
pub const STALE_ANYWAY: Duration = Duration::from_secs(24 * 3600);

/// What a temporary name of ours tells: `Some(Some(pid))`, `Some(None)` for an older name
/// without PID, None when the name is not one of ours.
fn parse_temp_name(name: &str) -> Option<Option<u32>> {
    let rest = name.strip_prefix(TEMP_MARK)?;
    let rest = ["plot-", "cache-", "tshark-", "spool-"]
        .iter()
        .find_map(|k| rest.strip_prefix(k))
        .unwrap_or(rest);
    let random_and_suffix = |s: &str| {
        let (random, ext) = s.split_at(s.find('.').unwrap_or(s.len()));
        random.len() == 6
            && random.bytes().all(|b| b.is_ascii_alphanumeric())
            && ["", ".tmp", ".png", ".svg"].contains(&ext)
    };
    if let Some((pid, tail)) = rest.split_once('-') {
        let pid: u32 = pid
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| pid.parse().ok())
            .flatten()?;
        return random_and_suffix(tail).then_some(Some(pid));
    }
    random_and_suffix(rest).then_some(None)
}

/// Whether the process `pid` runs (a process of another user counts).
fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(raw) = i32::try_from(pid) else {
            return false;
        };
        if raw <= 0 {
            return false;
        }
        !matches!(
            nix::sys::signal::kill(nix::unistd::Pid::from_raw(raw), None),
            Err(nix::errno::Errno::ESRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Whether the entry `name` (metadata `m`, not followed) of a directory is a temporary file or
/// directory that a run which is over left behind.
pub fn is_stale_temp(name: &str, m: &std::fs::Metadata, now: SystemTime) -> bool {
    let Some(pid) = parse_temp_name(name) else {
        return false;
    };
    if !(m.is_file() || m.is_dir()) {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if m.uid() != nix::unistd::geteuid().as_raw() {
            return false;
        }
    }
    let age = m
        .modified()
        .ok()
        .and_then(|t| now.duration_since(t).ok())
        .unwrap_or_default();
    match pid {
        Some(p) if p == std::process::id() => false,
        Some(p) => age >= STALE_ANYWAY || (age >= STALE_AFTER_EXIT && !is_running(p)),
        None => age >= STALE_ANYWAY,
    }
}

/// Remove the stale temporary files and directories of ours in `dir` (see
/// [`is_stale_temp`]), once per directory and process; returns how many were removed.
pub fn sweep_stale(dir: &Path) -> usize {
    static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if swept.iter().any(|d| d == dir) {
            return 0;
        }
        swept.push(dir.to_path_buf());
    }
    sweep_stale_now(dir)
}

/// [`sweep_stale`], even when `dir` was swept already (`cache clear`).
pub fn sweep_stale_now(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut n = 0;
    for e in rd.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str().filter(|n| n.starts_with(TEMP_MARK)) else {
            continue;
        };
        // DirEntry::metadata does not follow a symbolic link
        if e.metadata().is_ok_and(|m| is_stale_temp(name, &m, now)) && remove_path(&e.path()) {
            n += 1;
        }
    }
    n
}

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
        let tmp = builder
            .tempfile_in(&dir)
            .map_err(|source| FsError::Create { dir, source })?;
        let keep = meta.filter(|m| m.is_file()).map(|m| keep_of(&m));
        let guard = track_temp(tmp.path());
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn write(path: &Path, policy: Policy, text: &str) {
        let out = OutputFile::create(path, policy, ".t-", ".tmp", 0o666).unwrap();
        out.file().write_all(text.as_bytes()).unwrap();
        out.commit().unwrap();
    }

    #[test]
    fn existing_mode_is_kept_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&p, Policy::UserOutput, "new");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::metadata(&p).unwrap().mode() & 0o7777, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn dropped_without_commit_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        std::fs::write(&p, "old").unwrap();
        let out = OutputFile::create(&p, Policy::UserOutput, ".t-", ".tmp", 0o666).unwrap();
        out.file().write_all(b"half").unwrap();
        drop(out);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn replace_never_follows_a_link_or_writes_into_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, "keep me").unwrap();
        let link = dir.path().join("entry");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        write(&link, Policy::Replace, "entry");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me");
        assert!(!link.is_symlink());
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "entry");
        // and a user output through the link replaces its target
        let link2 = dir.path().join("out");
        std::os::unix::fs::symlink(&elsewhere, &link2).unwrap();
        write(&link2, Policy::UserOutput, "through");
        assert!(link2.is_symlink());
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "through");
    }

    #[test]
    fn temp_names_of_ours_are_recognised_with_their_pid() {
        assert_eq!(
            parse_temp_name(".mptcpanalyzer-123-aB3dE9.tmp"),
            Some(Some(123))
        );
        assert_eq!(
            parse_temp_name(".mptcpanalyzer-plot-7-aB3dE9.png"),
            Some(Some(7))
        );
        assert_eq!(
            parse_temp_name(".mptcpanalyzer-tshark-42-zzzzzz"),
            Some(Some(42))
        );
        // names of earlier versions, without a PID
        assert_eq!(parse_temp_name(".mptcpanalyzer-aB3dE9.tmp"), Some(None));
        assert_eq!(
            parse_temp_name(".mptcpanalyzer-cache-aB3dE9.tmp"),
            Some(None)
        );
        for not_ours in [
            ".mptcpanalyzer-notes.txt",
            ".mptcpanalyzer-123-aB3dE9.csv",
            ".mptcpanalyzer-12x-aB3dE9.tmp",
            ".mptcpanalyzer-123-aB3.tmp",
            "mptcpanalyzer-123-aB3dE9.tmp",
            ".mptcpanalyzer-history",
        ] {
            assert_eq!(parse_temp_name(not_ours), None, "{not_ours}");
        }
        let p = temp_prefix("cache-");
        assert_eq!(
            parse_temp_name(&format!("{p}Q1w2E3.tmp")),
            Some(Some(std::process::id()))
        );
    }

    #[test]
    fn a_directory_target_or_a_missing_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = OutputFile::create(dir.path(), Policy::UserOutput, ".t-", ".tmp", 0o666);
        assert!(matches!(e, Err(FsError::IsDirectory)));
        let e = OutputFile::create(
            &dir.path().join("no/such/file"),
            Policy::UserOutput,
            ".t-",
            ".tmp",
            0o666,
        );
        assert!(matches!(e, Err(FsError::NoDirectory(_))));
    }
}
