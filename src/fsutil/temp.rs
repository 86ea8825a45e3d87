//! Temporary files and directories of ours: their names, the registry of this process's, and
//! the sweep of those a killed run left (see the module documentation of [`crate::fsutil`]).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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

/// The temporary paths of a process that still exist, listed for removal when a signal ends
/// it. One instance serves the process ([`REGISTRY`]); tests make their own.
pub(super) struct Registry {
    list: Mutex<Vec<(u64, PathBuf)>>,
    /// Set by [`Registry::remove_all`]: the process is ending, so a path made after it would
    /// never be removed.
    ending: AtomicBool,
    next: AtomicU64,
}

static REGISTRY: Registry = Registry::new();

impl Registry {
    pub(super) const fn new() -> Registry {
        Registry {
            list: Mutex::new(Vec::new()),
            ending: AtomicBool::new(false),
            next: AtomicU64::new(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(u64, PathBuf)>> {
        self.list.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, list: &mut Vec<(u64, PathBuf)>, path: PathBuf) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        list.push((id, path));
        id
    }

    /// Make a path with `make` and list it as one step: the list stays locked while `make`
    /// runs, so [`Registry::remove_all`] either waits and then removes the new path, or ran
    /// before, and then the new path is removed at once (an `Interrupted` error).
    pub(super) fn create<T>(
        &self,
        make: impl FnOnce() -> io::Result<T>,
        path_of: impl Fn(&T) -> &Path,
    ) -> io::Result<(T, u64)> {
        let mut list = self.lock();
        let made = make()?;
        let path = path_of(&made).to_path_buf();
        if self.ending.load(Ordering::SeqCst) {
            drop(list);
            remove_path(&path);
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "interrupted: the process is ending",
            ));
        }
        let id = self.add(&mut list, path);
        Ok((made, id))
    }

    pub(super) fn forget(&self, id: u64) {
        self.lock().retain(|(i, _)| *i != id);
    }

    /// Remove every listed path; nothing made after this is kept.
    pub(super) fn remove_all(&self) -> usize {
        let paths: Vec<PathBuf> = {
            let mut list = self.lock();
            self.ending.store(true, Ordering::SeqCst);
            list.drain(..).map(|(_, p)| p).collect()
        };
        paths.iter().filter(|p| remove_path(p)).count()
    }
}

/// A temporary path listed for [`remove_temps`] while this guard lives.
#[derive(Debug)]
pub struct TempGuard(u64);

/// List `path` (a file or directory of ours that exists already) for removal if a signal ends
/// the process. A path made by us should be made through [`create_tracked`] instead, which
/// leaves no moment where it exists unlisted.
pub fn track_temp(path: &Path) -> TempGuard {
    let mut list = REGISTRY.lock();
    TempGuard(REGISTRY.add(&mut list, path.to_path_buf()))
}

/// Make a temporary file or directory with `make` and list the path `path_of` gives for
/// removal if a signal ends the process, with no moment in between where a signal would leave
/// it behind. Once the process is ending, the result is an `Interrupted` error and no path.
pub fn create_tracked<T>(
    make: impl FnOnce() -> io::Result<T>,
    path_of: impl Fn(&T) -> &Path,
) -> io::Result<(T, TempGuard)> {
    REGISTRY
        .create(make, path_of)
        .map(|(made, id)| (made, TempGuard(id)))
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        REGISTRY.forget(self.0);
    }
}

/// Remove every temporary file and directory this process still has (a signal ends it: no
/// destructor will run). Returns how many were removed. Temporary paths made afterwards are
/// refused (see [`create_tracked`]).
pub fn remove_temps() -> usize {
    REGISTRY.remove_all()
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
        let (dir, guard) = create_tracked(
            || {
                tempfile::Builder::new()
                    .prefix(&temp_prefix(kind))
                    .tempdir_in(&tmp)
            },
            |d| d.path(),
        )?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
        }
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
