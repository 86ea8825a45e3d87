//! Temporary files and directories of ours: their names, the registry of this process's, and
//! the sweep of those a killed run left (see the module documentation of [`crate::fsutil`]).

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
pub(super) fn parse_temp_name(name: &str) -> Option<Option<u32>> {
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
