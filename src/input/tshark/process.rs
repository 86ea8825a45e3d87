//! Running tshark without ever waiting for it unboundedly (issue 14 item 7).
//!
//! tshark is started in its own process group ([`spawn_group`], the one place it is spawned),
//! so that a kill reaches every process it forked: a grandchild holding our pipes open dies
//! with it. Its stdout and stderr are read by two pump threads that hand chunks to the caller
//! over a bounded channel; the caller waits for a chunk at most the no-progress timeout. What
//! it keeps is bounded too: stderr to [`MAX_STDERR`], a line to [`MAX_LINE`]. If a pump is
//! stuck on a pipe that a process out of our reach still holds, it is left behind (the read
//! is over for us), never joined.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

/// Longest output line accepted (a real row is a few kilobytes).
pub const MAX_LINE: usize = 1 << 20;
/// Most stderr kept; more is a failure (tshark writes a few lines on a bad file).
pub const MAX_STDERR: usize = 1 << 20;
/// Most `--version` output accepted.
pub const MAX_VERSION: usize = 64 << 10;
/// How long the pipes may stay open after tshark itself exited (a grandchild holding them).
const EXIT_GRACE: Duration = Duration::from_millis(500);

/// Why a run was stopped: the message of the error naming tshark (exit 4).
#[derive(Debug)]
pub enum Stopped {
    /// No byte on stdout for this long.
    NoProgress(Duration),
    /// Its output ended but it did not exit within this long.
    NotExiting(Duration),
    /// More than `MAX_*` bytes (what, limit).
    TooBig(&'static str, usize),
    /// An I/O error on a pipe or while waiting.
    Io(String),
    /// Ctrl-C was pressed ([`crate::interrupt`]): tshark, in its own process group, does not
    /// get the terminal's SIGINT, so it is killed here.
    Interrupted,
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stopped::NoProgress(d) => write!(
                f,
                "no output for {} s (timeout: --tshark-timeout or the config's tshark_timeout); \
                 tshark and its children were killed",
                d.as_secs_f64()
            ),
            Stopped::NotExiting(d) => write!(
                f,
                "still running {} s after its output ended; tshark and its children were killed",
                d.as_secs_f64()
            ),
            Stopped::TooBig(what, n) => write!(
                f,
                "{what} longer than {n} bytes; tshark and its children were killed"
            ),
            Stopped::Io(m) => write!(f, "{m}"),
            Stopped::Interrupted => f.write_str("interrupted"),
        }
    }
}

/// A chunk from a pump.
enum Msg {
    Out(Vec<u8>),
    OutEnd,
    Err(Vec<u8>),
    ErrEnd,
    Failed(String),
}

/// A running tshark in its own process group, with its output pumped.
pub struct Group {
    child: Child,
    rx: Receiver<Msg>,
    out_open: bool,
    err_open: bool,
    stderr: Vec<u8>,
    killed: bool,
    /// Listed to be killed (with its group) if a signal ends or cancels the run; dropped once
    /// tshark is reaped (its PID may be reused then).
    watched: Option<crate::interrupt::ChildGuard>,
}

/// Spawn `cmd` (stdin closed, stdout and stderr piped) as the leader of a new process group.
/// The only place tshark is started: a registry of children to kill on a signal hooks here.
pub fn spawn_group(cmd: &mut Command) -> std::io::Result<Group> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn()?;
    let watched = Some(crate::interrupt::watch_child(child.id()));
    let (tx, rx) = mpsc::sync_channel(16);
    let out = child.stdout.take().expect("stdout is piped");
    let err = child.stderr.take().expect("stderr is piped");
    pump(out, tx.clone(), Msg::Out, Msg::OutEnd);
    pump(err, tx, Msg::Err, Msg::ErrEnd);
    Ok(Group {
        child,
        rx,
        out_open: true,
        err_open: true,
        stderr: Vec::new(),
        killed: false,
        watched,
    })
}

/// Read `r` in a detached thread, sending each chunk, then `end`.
fn pump<R: Read + Send + 'static>(
    mut r: R,
    tx: SyncSender<Msg>,
    wrap: fn(Vec<u8>) -> Msg,
    end: Msg,
) {
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if tx.send(wrap(buf[..n].to_vec())).is_err() {
                        return;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let _ = tx.send(Msg::Failed(format!("reading its output: {e}")));
                    break;
                }
            }
        }
        let _ = tx.send(end);
    });
}

impl Group {
    /// The process id of tshark (also its process group id).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The next chunk of stdout, or None at its end. Waits at most `timeout` for a byte of
    /// stdout (stderr is collected meanwhile, up to [`MAX_STDERR`]).
    pub fn next_chunk(&mut self, timeout: Duration) -> Result<Option<Vec<u8>>, Stopped> {
        let start = Instant::now();
        let mut exited_at: Option<Instant> = None;
        while self.out_open {
            let tick = Duration::from_millis(100).min(timeout);
            match self.rx.recv_timeout(tick) {
                Ok(Msg::Out(b)) => return Ok(Some(b)),
                Ok(Msg::OutEnd) => self.out_open = false,
                Ok(Msg::Err(b)) => self.take_stderr(&b)?,
                Ok(Msg::ErrEnd) => self.err_open = false,
                Ok(Msg::Failed(m)) => return Err(self.stop(Stopped::Io(m))),
                Err(RecvTimeoutError::Disconnected) => self.out_open = false,
                Err(RecvTimeoutError::Timeout) => {
                    if crate::interrupt::requested() {
                        return Err(self.stop(Stopped::Interrupted));
                    }
                    if start.elapsed() >= timeout {
                        return Err(self.stop(Stopped::NoProgress(timeout)));
                    }
                    // tshark is gone but something it started still holds stdout open: its
                    // output is complete, the rest of the group goes
                    if self.has_exited() {
                        let at = *exited_at.get_or_insert_with(Instant::now);
                        if at.elapsed() >= EXIT_GRACE {
                            self.kill();
                            self.out_open = false;
                        }
                    }
                }
            }
        }
        Ok(None)
    }

    fn take_stderr(&mut self, b: &[u8]) -> Result<(), Stopped> {
        if self.stderr.len() + b.len() > MAX_STDERR {
            return Err(self.stop(Stopped::TooBig("its error output", MAX_STDERR)));
        }
        self.stderr.extend_from_slice(b);
        Ok(())
    }

    /// Kill the group and give back `why`.
    pub fn stop(&mut self, why: Stopped) -> Stopped {
        self.kill();
        why
    }

    /// Whether tshark exited (not reaped: its process group id stays ours to kill).
    fn has_exited(&mut self) -> bool {
        #[cfg(unix)]
        {
            use nix::sys::wait::{waitid, Id, WaitPidFlag, WaitStatus};
            let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
            let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
            !matches!(waitid(Id::Pid(pid), flags), Ok(WaitStatus::StillAlive))
        }
        #[cfg(not(unix))]
        {
            matches!(self.child.try_wait(), Ok(Some(_)))
        }
    }

    /// Kill tshark and every process of its group (before it is reaped, so the group id
    /// cannot belong to anyone else).
    pub fn kill(&mut self) {
        if self.killed {
            return;
        }
        self.killed = true;
        #[cfg(unix)]
        {
            let pgid = nix::unistd::Pid::from_raw(self.child.id() as i32);
            let _ = nix::sys::signal::killpg(pgid, nix::sys::signal::Signal::SIGKILL);
        }
        let _ = self.child.kill();
    }

    /// Wait for tshark to exit (at most `timeout` after its output ended), then collect the
    /// rest of stderr (a little longer: a grandchild may hold it open; the group is then
    /// killed). Returns the exit status and stderr.
    pub fn finish(
        mut self,
        timeout: Duration,
    ) -> Result<(std::process::ExitStatus, String), Stopped> {
        let start = Instant::now();
        let mut exited: Option<Instant> = None;
        loop {
            if exited.is_none() && self.has_exited() {
                exited = Some(Instant::now());
            }
            // stderr is drained while waiting: a tshark writing much of it at the end must
            // not block on a full pipe
            match self.rx.recv_timeout(Duration::from_millis(10)) {
                Ok(Msg::Err(b)) => self.take_stderr(&b)?,
                Ok(Msg::ErrEnd) | Err(RecvTimeoutError::Disconnected) => self.err_open = false,
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            }
            if crate::interrupt::requested() {
                return Err(self.stop(Stopped::Interrupted));
            }
            match exited {
                Some(_) if !self.err_open => break,
                // a grandchild holds stderr open: kill the group, then give up on the pipe
                Some(at) if at.elapsed() >= EXIT_GRACE * 2 => break,
                Some(at) if at.elapsed() >= EXIT_GRACE => self.kill(),
                Some(_) => {}
                None if start.elapsed() >= timeout => {
                    return Err(self.stop(Stopped::NotExiting(timeout)))
                }
                None => {}
            }
        }
        // a grandchild left behind in the group goes too
        self.kill();
        let status = self.child.wait();
        self.watched.take();
        let status = status.map_err(|e| Stopped::Io(format!("waiting for it: {e}")))?;
        Ok((status, String::from_utf8_lossy(&self.stderr).into_owned()))
    }
}

impl Drop for Group {
    /// An early return (an error from the sink, a bound) never leaves tshark running.
    fn drop(&mut self) {
        if !self.killed {
            self.kill();
        }
        let _ = self.child.try_wait();
        self.watched.take();
    }
}

/// Lines of a byte stream, each at most [`MAX_LINE`] bytes.
#[derive(Default)]
pub struct Lines {
    pending: Vec<u8>,
}

impl Lines {
    /// Add `chunk` and call `f` for every complete line (without its newline).
    pub fn feed<E>(
        &mut self,
        chunk: &[u8],
        mut f: impl FnMut(&[u8]) -> Result<(), E>,
        too_long: impl FnOnce() -> E,
    ) -> Result<(), E> {
        let mut rest = chunk;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            if self.pending.is_empty() {
                f(&rest[..i])?;
            } else {
                self.pending.extend_from_slice(&rest[..i]);
                let line = std::mem::take(&mut self.pending);
                f(&line)?;
            }
            rest = &rest[i + 1..];
        }
        if self.pending.len() + rest.len() > MAX_LINE {
            return Err(too_long());
        }
        self.pending.extend_from_slice(rest);
        Ok(())
    }

    /// The last line when the stream did not end with a newline.
    pub fn rest(&mut self) -> Option<Vec<u8>> {
        (!self.pending.is_empty()).then(|| std::mem::take(&mut self.pending))
    }
}

/// Run `cmd` to its end, keeping at most `max` bytes of stdout and waiting at most `timeout`
/// in all (the `--version` probe).
pub fn run_bounded(
    cmd: &mut Command,
    timeout: Duration,
    max: usize,
) -> std::io::Result<Result<(std::process::ExitStatus, Vec<u8>), Stopped>> {
    let mut g = spawn_group(cmd)?;
    let start = Instant::now();
    let mut out = Vec::new();
    let result = loop {
        let left = timeout.saturating_sub(start.elapsed());
        match g.next_chunk(left) {
            Ok(Some(b)) => {
                if out.len() + b.len() > max {
                    break Err(g.stop(Stopped::TooBig("its `--version` output", max)));
                }
                out.extend_from_slice(&b);
            }
            Ok(None) => {
                let left = timeout.saturating_sub(start.elapsed());
                break g.finish(left).map(|(status, _)| (status, out));
            }
            Err(e) => break Err(e),
        }
    };
    // the deadline was for the whole run: name it, not the part left of it
    Ok(result.map_err(|e| match e {
        Stopped::NoProgress(_) | Stopped::NotExiting(_) => Stopped::NoProgress(timeout),
        other => other,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_across_chunks_and_bounded() {
        let mut l = Lines::default();
        let mut got: Vec<String> = Vec::new();
        for chunk in [&b"ab\ncd"[..], b"e\n\nf", b"g"] {
            l.feed(
                chunk,
                |x| {
                    got.push(String::from_utf8_lossy(x).into_owned());
                    Ok::<(), ()>(())
                },
                || (),
            )
            .unwrap();
        }
        assert_eq!(got, vec!["ab", "cde", ""]);
        assert_eq!(l.rest(), Some(b"fg".to_vec()));
        let big = vec![b'\t'; MAX_LINE + 1];
        assert!(l.feed(&big, |_| Ok::<(), ()>(()), || ()).is_err());
    }
}
