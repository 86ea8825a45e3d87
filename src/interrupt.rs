//! Ctrl-C as a request to stop the running command (the interactive shell installs the handler;
//! without it, SIGINT ends the process as usual).

use crate::error::{Error, Result};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::sync::OnceLock;

fn flag() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// Turn SIGINT into a request (idempotent).
#[cfg(feature = "application")]
pub fn install() -> std::io::Result<()> {
    static DONE: OnceLock<()> = OnceLock::new();
    if DONE.get().is_none() {
        signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(flag()))?;
        let _ = DONE.set(());
    }
    Ok(())
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
