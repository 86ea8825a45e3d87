//! Read-ahead: a background thread reads (and, for gzip, decompresses) the capture into
//! chunks while the caller dissects, so the kernel copy or the inflation runs on the second core.
//! The chunks are read as a `Read` (copied out), or taken whole ([`ReadAhead::chunked`],
//! [`ReadAhead::next_chunk`]: parsed in place by `capture::chunks`).

use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

const CHUNK: usize = 1 << 20;
const DEPTH: usize = 4;
/// Free bytes at the front of each chunk of [`ReadAhead::chunked`]: room for the tail of a
/// block cut by the end of the chunk before (a legacy record is at most 256 KiB + 16 bytes).
pub const HEADROOM: usize = (1 << 18) + 64;

/// A `Read` fed by a background thread.
pub struct ReadAhead {
    rx: Receiver<std::io::Result<Vec<u8>>>,
    recycle: SyncSender<Vec<u8>>,
    cur: Vec<u8>,
    pos: usize,
    done: bool,
    /// free bytes at the front of each chunk
    head: usize,
}

impl ReadAhead {
    pub fn new<R: Read + Send + 'static>(inner: R) -> ReadAhead {
        Self::with_headroom(inner, 0)
    }

    /// Chunks with [`HEADROOM`] free bytes in front of the data, for [`ReadAhead::next_chunk`].
    pub fn chunked<R: Read + Send + 'static>(inner: R) -> ReadAhead {
        Self::with_headroom(inner, HEADROOM)
    }

    fn with_headroom<R: Read + Send + 'static>(mut inner: R, head: usize) -> ReadAhead {
        let (tx, rx) = sync_channel::<std::io::Result<Vec<u8>>>(DEPTH);
        let (recycle, spare) = sync_channel::<Vec<u8>>(DEPTH + 2);
        std::thread::spawn(move || loop {
            // a chunk given back keeps its length (no zeroing); a new one comes zeroed from the
            // allocator (fresh pages, no memset: zeroing each new chunk by hand cost 3 % of `list`)
            let mut buf = match spare.try_recv() {
                Ok(mut b) => {
                    b.resize(head + CHUNK, 0);
                    b
                }
                Err(_) => vec![0u8; head + CHUNK],
            };
            let mut n = head;
            let mut error = None;
            while n < head + CHUNK {
                match inner.read(&mut buf[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        error = Some(e);
                        break;
                    }
                }
            }
            buf.truncate(n);
            let last = n < head + CHUNK || error.is_some();
            if n > head && tx.send(Ok(buf)).is_err() {
                return; // the reader was dropped
            }
            if let Some(e) = error {
                let _ = tx.send(Err(e));
            }
            if last {
                return;
            }
        });
        ReadAhead {
            rx,
            recycle,
            cur: Vec::new(),
            pos: 0,
            done: false,
            head,
        }
    }

    /// The next chunk, whole (its data after the headroom); None at the end. An error comes
    /// after the chunks read before it.
    pub fn next_chunk(&mut self) -> Option<std::io::Result<Vec<u8>>> {
        if self.done {
            return None;
        }
        match self.rx.recv() {
            Ok(Ok(chunk)) => Some(Ok(chunk)),
            Ok(Err(e)) => {
                self.done = true;
                Some(Err(e))
            }
            Err(_) => {
                self.done = true;
                None
            }
        }
    }

    /// Give a spent chunk back to the reading thread.
    pub fn recycle(&self, chunk: Vec<u8>) {
        let _ = self.recycle.try_send(chunk);
    }
}

impl Read for ReadAhead {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.cur.len() {
            if self.done {
                return Ok(0);
            }
            let spent = std::mem::take(&mut self.cur);
            self.pos = 0;
            let _ = self.recycle.try_send(spent);
            match self.rx.recv() {
                Ok(Ok(chunk)) => {
                    self.cur = chunk;
                    self.pos = self.head;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = out.len().min(self.cur.len() - self.pos);
        out[..n].copy_from_slice(&self.cur[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivers_every_byte_in_order() {
        let data: Vec<u8> = (0..(3 * CHUNK + 12345)).map(|i| (i % 251) as u8).collect();
        let mut r = ReadAhead::new(std::io::Cursor::new(data.clone()));
        let mut out = Vec::new();
        let mut buf = vec![0u8; 7777];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, data);
    }

    #[test]
    fn errors_come_after_the_data_read_before_them() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("disk on fire"));
                }
                let n = b.len().min(self.0);
                b[..n].fill(1);
                self.0 -= n;
                Ok(n)
            }
        }
        let mut r = ReadAhead::new(Failing(10));
        let mut buf = [0u8; 100];
        assert_eq!(r.read(&mut buf).unwrap(), 10);
        assert!(r.read(&mut buf).is_err());
        assert_eq!(r.read(&mut buf).unwrap(), 0);
    }
}
