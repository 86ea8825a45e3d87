//! Dissection ahead of the analysis: a pcap or pcapng file is read, framed, dissected and its
//! TCP streams numbered on a thread of its own, which hands the packets over in batches; the
//! caller's sink (the analysis and its taps) runs on the calling thread, on the packets in
//! place in each batch. On two cores the sink no longer waits for the dissector, and the
//! dissector (~40 % of `list mptcp`'s instructions: docs/performance.md) runs beside it.
//!
//! What the sink sees is what [`read_frames_of`] on the calling thread would give it: the same
//! packets in the same order, then the same result (the capture's info and warnings, or its
//! error after the packets read before it). When the sink fails, the dissector stops at its
//! next hand-over and the sink's error is returned.

use super::{read_frames_of, readahead::ReadAhead, Frames};
use crate::error::{Error, Result};
use crate::input::{CaptureInfo, Sink};
use crate::model::Packet;
use std::path::Path;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};

/// Packets per batch: large enough that a hand-over (a channel send and, at worst, a wake-up)
/// costs little per packet, small enough that a batch (~560 bytes a packet) stays in cache.
const BATCH: usize = 256;

/// Full batches waiting for the sink: the dissector runs at most this far ahead.
const IN_FLIGHT: usize = 4;

/// Batches made, all at the start, and only these: the one being filled, those in flight, the
/// one the sink works on. Memory is then the same whatever the two threads' timing (~860 KB
/// of room, touched only as far as packets are written into it).
const POOL: usize = IN_FLIGHT + 2;

/// [`read_frames_of`] of `source` with the dissection on a thread of its own.
pub(super) fn read_chunks_ahead(
    path: &Path,
    source: ReadAhead,
    pcapng: bool,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    let (full_tx, full_rx) = sync_channel::<Vec<Packet>>(IN_FLIGHT);
    let (free_tx, free_rx) = channel::<Vec<Packet>>();
    for _ in 1..POOL {
        let _ = free_tx.send(Vec::with_capacity(BATCH));
    }
    std::thread::scope(|scope| {
        let dissector = scope.spawn(move || {
            let mut out = Batches {
                batch: Vec::with_capacity(BATCH),
                full: full_tx,
                free: free_rx,
            };
            let res = {
                let mut hand = |p: &mut Packet| out.push(p);
                read_frames_of(
                    path,
                    Frames::<std::fs::File>::Chunks(source),
                    pcapng,
                    &mut hand,
                )
            };
            // the packets read before an error are the sink's too, as on one thread
            out.flush();
            res
        });
        let stopped = consume(&full_rx, &free_tx, sink);
        // a dissector waiting to hand over a batch, or for an emptied one, stops at the
        // hang-up
        drop(full_rx);
        drop(free_tx);
        let res = dissector
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match stopped {
            Some(e) => Err(e),
            None => res,
        }
    })
}

/// Run `sink` on every packet of every batch as they come, giving each batch back emptied;
/// the sink's error, if it failed (then the rest is not read).
fn consume(
    full: &Receiver<Vec<Packet>>,
    free: &Sender<Vec<Packet>>,
    sink: &mut Sink<'_>,
) -> Option<Error> {
    for mut batch in full.iter() {
        for p in batch.iter_mut() {
            if let Err(e) = sink(p) {
                return Some(e);
            }
        }
        batch.clear();
        // the dissector gone (it has handed over its last batch): nothing to give back to
        let _ = free.send(batch);
    }
    None
}

/// The dissector's side: the batch being filled, where full ones go and emptied ones return.
struct Batches {
    batch: Vec<Packet>,
    full: SyncSender<Vec<Packet>>,
    free: Receiver<Vec<Packet>>,
}

impl Batches {
    /// Take `p` into the batch; hand the batch over once full and wait for an emptied one
    /// (one is always on its way back: [`POOL`]). An error (which stops the read) when the
    /// sink's side has hung up.
    fn push(&mut self, p: &mut Packet) -> Result<()> {
        self.batch.push(std::mem::take(p));
        if self.batch.len() < BATCH {
            return Ok(());
        }
        let full = std::mem::take(&mut self.batch);
        self.full.send(full).map_err(|_| Error::Interrupted)?;
        self.batch = self.free.recv().map_err(|_| Error::Interrupted)?;
        Ok(())
    }

    /// Hand over what is left.
    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let _ = self.full.send(std::mem::take(&mut self.batch));
        }
    }
}

#[cfg(test)]
mod tests;
