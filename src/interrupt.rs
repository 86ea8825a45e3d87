//! Signals: Ctrl-C (SIGINT) and SIGTERM.
//!
//! The command line ([`OnSigint::Exit`]): on SIGINT or SIGTERM a watcher thread kills the
//! running children (tshark's process group, see [`watch_child`]), removes this process's
//! temporary files and directories ([`crate::fsutil::remove_temps`]: staged outputs, plots,
//! cache entries being written, tshark sandboxes, spooled standard input) and exits 130
//! (SIGINT) or 143 (SIGTERM). A target file is only ever replaced by a rename of a complete
//! file, so it is never partial. The interactive shell ([`OnSigint::Cancel`]): SIGINT is a
//! request to stop the running command (the children are killed, [`requested`] turns true);
//! SIGTERM ends the shell as above.

use crate::error::{Error, Result};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

fn flag() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// What SIGINT does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnSigint {
    /// Clean up and exit 130 (the command line).
    Exit,
    /// Stop the running command (the interactive shell).
    Cancel,
}

/// Exit code after SIGINT (128 + 2).
pub const EXIT_SIGINT: i32 = 130;
/// Exit code after SIGTERM (128 + 15).
pub const EXIT_SIGTERM: i32 = 143;

/// Catch SIGINT and SIGTERM (once per process; later calls change nothing).
#[cfg(feature = "application")]
pub fn install(on_sigint: OnSigint) -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static DONE: OnceLock<()> = OnceLock::new();
    if DONE.get().is_some() {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if sig == SIGTERM || on_sigint == OnSigint::Exit {
                    // held until the process exits: see [`wait_if_ending`]
                    let _ending = ending().lock();
                    let code = if sig == SIGTERM {
                        EXIT_SIGTERM
                    } else {
                        EXIT_SIGINT
                    };
                    EXIT_CODE.store(code, Ordering::SeqCst);
                    flag().store(true, Ordering::SeqCst);
                    // temp files first: the main thread may end as soon as tshark dies
                    crate::fsutil::remove_temps();
                    kill_children();
                    std::process::exit(code);
                }
                flag().store(true, Ordering::SeqCst);
                kill_children();
            }
        })?;
    let _ = DONE.set(());
    Ok(())
}

/// Held by the watcher thread while it ends the process on a signal.
fn ending() -> &'static Mutex<()> {
    static ENDING: Mutex<()> = Mutex::new(());
    &ENDING
}

/// The exit code of a signal that ends the process (0: none).
static EXIT_CODE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// When a signal is ending the process, wait for the watcher thread to finish its clean-up and
/// exit (the main thread must not return first: that would end the process before its
/// temporary files are removed, with the code of whatever error the signal caused). Returns
/// at once otherwise.
pub fn wait_if_ending() {
    let code = EXIT_CODE.load(Ordering::SeqCst);
    if code != 0 {
        let _wait = ending().lock();
        std::process::exit(code);
    }
}

/// The children of this process to kill on a signal (id, pid).
fn children() -> std::sync::MutexGuard<'static, Vec<(u64, u32)>> {
    static CHILDREN: Mutex<Vec<(u64, u32)>> = Mutex::new(Vec::new());
    CHILDREN.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running child process listed for [`kill_children`] while this guard lives. Drop it as
/// soon as the child was waited for (its PID may then be reused).
#[derive(Debug)]
pub struct ChildGuard(u64);

/// List the child `pid` to be killed on a signal: its process group when it leads one
/// (spawned with `process_group(0)`), else the process itself.
pub fn watch_child(pid: u32) -> ChildGuard {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    children().push((id, pid));
    ChildGuard(id)
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        children().retain(|(id, _)| *id != self.0);
    }
}

/// SIGKILL every listed child (its process group when it leads one).
pub fn kill_children() {
    #[cfg(unix)]
    for (_, pid) in children().iter() {
        use nix::sys::signal::{kill, killpg, Signal};
        let Ok(raw) = i32::try_from(*pid) else {
            continue;
        };
        let p = nix::unistd::Pid::from_raw(raw);
        if killpg(p, Signal::SIGKILL).is_err() {
            let _ = kill(p, Signal::SIGKILL);
        }
    }
}

/// Whether Ctrl-C was pressed since the last [`clear`].
pub fn requested() -> bool {
    flag().load(Ordering::Relaxed)
}

pub fn clear() {
    flag().store(false, Ordering::Relaxed);
}

/// `Err(Error::Interrupted)` once Ctrl-C was pressed.
pub fn check() -> Result<()> {
    if requested() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// A writer that fails once Ctrl-C was pressed: a command printing much stops at once.
pub struct Writer<W>(pub W);

impl<W: std::io::Write> std::io::Write for Writer<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if requested() {
            // not ErrorKind::Interrupted, which write_all retries
            return Err(std::io::Error::other("interrupted"));
        }
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
