//! The row formatter thread of [`super::write_rows`] ([`Formatter`]) and the reading side
//! that feeds it batches of packets and writes the rows that come back ([`Output`]).

use super::Style;
use crate::error::{Error, Result};
use crate::model::csv_writer::CsvWriter;
use crate::model::Packet;
use std::io::Write;
use std::sync::mpsc;

/// Packets per batch handed to the [`Formatter`].
const BATCH: usize = 256;

/// Batches in flight (being filled, queued, formatted, written): the memory the two threads
/// hold is bounded by these, whatever the capture.
const BATCHES: usize = 4;

/// Packets to format, then (coming back) their rows; both buffers are used again.
#[derive(Default)]
pub(super) struct Batch {
    packets: Vec<Packet>,
    bytes: Vec<u8>,
}

/// What the [`Formatter`] is asked to do.
pub(super) enum Job {
    /// Format these rows (whole chunks of rows come back in [`Batch::bytes`]).
    Rows(Batch),
    /// The last rows: hand back everything buffered.
    Flush,
}

/// The row formatting thread of [`super::write_rows`]: one [`CsvWriter`] for every row, into a
/// buffer handed back with each batch.
pub(super) struct Formatter<'a> {
    csv: CsvWriter<Vec<u8>>,
    style: Style<'a>,
}

impl<'a> Formatter<'a> {
    pub(super) fn new(style: Style<'a>) -> Formatter<'a> {
        let csv = style.writer(Vec::new()).expect("a Vec takes every byte");
        Formatter { csv, style }
    }

    /// Format every batch received, in order, until the other side hangs up.
    pub(super) fn run(mut self, todo: mpsc::Receiver<Job>, formatted: mpsc::Sender<Batch>) {
        for job in todo {
            let mut b = match job {
                Job::Rows(mut b) => {
                    for p in &b.packets {
                        // a Vec takes every byte
                        let _ = self.style.row(&mut self.csv, p);
                    }
                    b.packets.clear();
                    b
                }
                Job::Flush => {
                    let _ = self.csv.flush();
                    Batch::default()
                }
            };
            std::mem::swap(&mut b.bytes, self.csv.get_mut());
            if formatted.send(b).is_err() {
                return;
            }
        }
    }
}

/// The reading side of [`super::write_rows`]: fills batches, writes the rows that come back.
pub(super) struct Output<'w> {
    w: &'w mut dyn Write,
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Batch>,
    /// The batch being filled.
    batch: Batch,
    /// Empty batches to fill.
    free: Vec<Batch>,
    /// Writing to `w` failed: nothing more is written.
    failed: bool,
}

impl<'w> Output<'w> {
    pub(super) fn new(
        w: &'w mut dyn Write,
        jobs: mpsc::Sender<Job>,
        done: mpsc::Receiver<Batch>,
    ) -> Output<'w> {
        Output {
            w,
            jobs,
            done,
            batch: Batch::default(),
            free: (1..BATCHES).map(|_| Batch::default()).collect(),
            failed: false,
        }
    }

    /// The rows of the batch being filled, to format (the last ones).
    pub(super) fn last(&mut self) -> Job {
        Job::Rows(std::mem::take(&mut self.batch))
    }

    /// Take `p` (a move: the batch owns it) into the batch being filled.
    pub(super) fn row(&mut self, p: &mut Packet) -> Result<()> {
        self.batch.packets.push(std::mem::take(p));
        if self.batch.packets.len() < BATCH {
            return Ok(());
        }
        // write what is formatted; wait for a batch only when none is free
        while let Ok(b) = self.done.try_recv() {
            self.write(b)?;
        }
        let next = match self.free.pop() {
            Some(b) => b,
            None => {
                let b = self.done.recv().expect("the formatter holds a batch");
                self.write(b)?;
                self.free.pop().expect("just freed")
            }
        };
        let full = std::mem::replace(&mut self.batch, next);
        self.send(Job::Rows(full))
    }

    pub(super) fn send(&mut self, job: Job) -> Result<()> {
        if self.failed {
            return Ok(());
        }
        self.jobs
            .send(job)
            .map_err(|_| Error::stdout(std::io::Error::other("the row formatter stopped")))
    }

    /// Write the formatted rows of `b` and keep it for filling.
    fn write(&mut self, mut b: Batch) -> Result<()> {
        let res = if self.failed {
            Ok(())
        } else {
            self.w.write_all(&b.bytes).map_err(Error::stdout)
        };
        self.failed |= res.is_err();
        b.bytes.clear();
        self.free.push(b);
        res
    }

    /// Hang up, write the rows still coming; flush `w` when `flush` (the read succeeded) and
    /// writing did not fail.
    pub(super) fn finish(mut self, flush: bool) -> Result<()> {
        let (jobs, _) = mpsc::channel();
        drop(std::mem::replace(&mut self.jobs, jobs));
        let mut res = Ok(());
        while let Ok(b) = self.done.recv() {
            if let Err(e) = self.write(b) {
                res = Err(e);
            }
        }
        if self.failed || !flush {
            return res;
        }
        self.w.flush().map_err(Error::stdout)
    }
}
