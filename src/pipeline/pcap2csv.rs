//! The CSV export (`pcap2csv`): one row per TCP packet in the schema of `docs/csv-schema.md`.
//!
//! `reinjected_in` points forward in time, so a first pass (the loaded capture, with
//! reinjections) finds the reinjections and a second pass writes the rows as they come, as a
//! tap: memory holds per-connection state and the reinjection pairs, not the packets. Only a
//! tshark run without cache keeps the packets in the first pass instead (a second tshark run
//! would cost far more). The CSV rows are formatted on a second thread, fed batches of
//! packets by the second pass ([`write_rows`]).

use super::{Capture, RunOptions, Settings, Source, Tap, Want};
use crate::analysis::enrich::Record;
use crate::analysis::PacketFilter;
use crate::cache::CacheMode;
use crate::error::{Error, Result};
use crate::input::{Backend, Format, ProgressSink};
use crate::model::csv_writer::CsvWriter;
use crate::model::{Packet, CSV_COLUMNS};
use rustc_hash::FxHashMap as FastMap;
use std::io::Write;
use std::iter::Peekable;
use std::sync::mpsc;
use thread::{Batch, Formatter, Job, Output};

/// What the first pass must hold to export `src` read with `settings`.
pub fn want(src: &Source, settings: &Settings) -> Want {
    Want {
        reinjections: true,
        packets: keeps_packets(src, settings),
        ..Default::default()
    }
}

/// A tshark read without cache keeps its packets rather than running tshark twice.
fn keeps_packets(src: &Source, settings: &Settings) -> bool {
    settings.input.backend == Backend::Tshark
        && settings.cache.mode == CacheMode::Off
        && src.format() != Format::Csv
}

/// Write the rows of `capture` (loaded with at least [`want`]), only those of `filter` when
/// given (an id the caller checked exists), header first. The warnings of the second pass
/// that the first did not give go to `warn` (the first pass's were the caller's to show), also
/// when the second pass fails.
///
/// A capture that changed between the two passes (cut, rewritten) is an input error naming
/// it, never a silently short output: its stamp is checked before the second pass, and the
/// second pass must read as many TCP packets as the first.
pub fn write(
    capture: &Capture,
    filter: Option<PacketFilter>,
    delimiter: u8,
    w: &mut dyn Write,
    progress: Option<&dyn ProgressSink>,
    warn: &mut dyn FnMut(&str),
) -> Result<()> {
    write_rows(capture, filter, delimiter, w, progress, warn, Tag::None)
}

/// How the rows of one capture among several are written ([`write_rows`]).
#[derive(Debug, Clone, Copy)]
pub enum Tag<'a> {
    /// As [`write`]: the header, then the rows.
    None,
    /// No header; every row starts with this `capture` cell (a CSV of several captures: the
    /// caller writes the header, `capture` then [`CSV_COLUMNS`]).
    Rows(&'a str),
}

/// The name of the first column of a CSV of several captures.
pub use crate::model::CAPTURE_COLUMN;

/// [`write`], or the rows of one capture in a CSV of several captures (see [`Tag`]).
///
/// With more than one core available, the rows are formatted on a thread of their own
/// ([`Formatter`]; on one core, here: the thread only cost time there), fed batches of packets
/// while this one reads and analyses the capture and writes the formatted rows to `w`: the
/// same bytes, in the same chunks of rows, as formatting them here (also when the read fails
/// part way: the rows formatted before the error reach `w`, the buffered tail does not, as
/// with one writer). When `w` fails, nothing more is written to it.
pub fn write_rows(
    capture: &Capture,
    filter: Option<PacketFilter>,
    delimiter: u8,
    w: &mut dyn Write,
    progress: Option<&dyn ProgressSink>,
    warn: &mut dyn FnMut(&str),
    tag: Tag,
) -> Result<()> {
    let style = Style {
        delimiter,
        label: match tag {
            Tag::None => None,
            Tag::Rows(label) => Some(label),
        },
    };
    // one core (affinity, quota): a second thread only adds hand-overs and waits
    let threaded = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    write_with(style, threaded, capture, filter, progress, warn, w)
}

/// How the rows are written: the delimiter, and the `capture` cell of tagged rows (no header).
#[derive(Debug, Clone, Copy)]
struct Style<'a> {
    delimiter: u8,
    label: Option<&'a str>,
}

impl Style<'_> {
    /// The writer of the rows to `out`, the header buffered unless the rows are tagged.
    fn writer<W: Write>(&self, out: W) -> std::io::Result<CsvWriter<W>> {
        let mut csv = CsvWriter::new(out, self.delimiter);
        if self.label.is_none() {
            csv.record(CSV_COLUMNS)?;
        }
        Ok(csv)
    }

    /// The row of `p`, after its `capture` cell when tagged.
    fn row<W: Write>(&self, csv: &mut CsvWriter<W>, p: &Packet) -> std::io::Result<()> {
        if let Some(l) = self.label {
            csv.text(l);
        }
        csv.packet(p);
        csv.end_record()
    }
}

/// [`write_rows`] in `style`, the rows formatted on a [`Formatter`] thread when `threaded`,
/// else on this thread by one writer.
fn write_with(
    style: Style,
    threaded: bool,
    capture: &Capture,
    filter: Option<PacketFilter>,
    progress: Option<&dyn ProgressSink>,
    warn: &mut dyn FnMut(&str),
    w: &mut dyn Write,
) -> Result<()> {
    if !threaded {
        let mut csv = style.writer(w).map_err(Error::stdout)?;
        for_each_row(capture, filter, progress, warn, |p| {
            style.row(&mut csv, p).map_err(Error::stdout)
        })?;
        return csv.flush().map_err(Error::stdout);
    }
    std::thread::scope(|s| {
        let (jobs, todo) = mpsc::channel::<Job>();
        let (formatted, done) = mpsc::channel::<Batch>();
        let formatter = s.spawn(move || Formatter::new(style).run(todo, formatted));
        let mut out = Output::new(w, jobs, done);
        let read = each_row(capture, filter, progress, warn, |p| out.row(p));
        // the rows read before an error are written as one writer would have (whole chunks)
        let last = out.last();
        let flushed = out.send(last).and_then(|()| {
            if read.is_ok() {
                out.send(Job::Flush)
            } else {
                Ok(())
            }
        });
        let drained = out.finish(read.is_ok());
        formatter.join().expect("the row formatter does not panic");
        read.and(flushed).and(drained)
    })
}

/// Every row of the export of `capture` (loaded with at least [`want`]), only those of
/// `filter` when given, in order, with `reinjected_in` filled: what [`write`] writes, for any
/// row format (the same checks and warnings as [`write`]).
pub fn for_each_row(
    capture: &Capture,
    filter: Option<PacketFilter>,
    progress: Option<&dyn ProgressSink>,
    warn: &mut dyn FnMut(&str),
    mut f: impl FnMut(&Packet) -> Result<()>,
) -> Result<()> {
    if let Some(mut rows) = kept_rows(capture, filter) {
        return rows.try_for_each(f);
    }
    each_row(capture, filter, progress, warn, |p| f(p))
}

/// The rows of a capture that kept its packets with their reinjections (a tshark read
/// without cache), None when the second pass must read them.
fn kept_rows(
    capture: &Capture,
    filter: Option<PacketFilter>,
) -> Option<impl Iterator<Item = &Packet>> {
    let kept = capture.held();
    (kept.packets && kept.reinjections && kept.filter.is_none()).then(|| {
        capture
            .packets()
            .iter()
            .filter(move |p| filter.is_none_or(|fl| fl.matches_in(p, capture.enricher())))
    })
}

/// [`for_each_row`], each row handed by `&mut`: `f` may take it (`std::mem::take`).
fn each_row(
    capture: &Capture,
    filter: Option<PacketFilter>,
    progress: Option<&dyn ProgressSink>,
    warn: &mut dyn FnMut(&str),
    mut f: impl FnMut(&mut Packet) -> Result<()>,
) -> Result<()> {
    if let Some(rows) = kept_rows(capture, filter) {
        return rows.cloned().try_for_each(|mut p| f(&mut p));
    }
    let first = capture.info();
    if capture.is_stale() {
        return Err(changed(capture, first.tcp_packets, None));
    }
    debug_hook(capture);
    // the first pass found the reinjections: the second takes them from it rather than
    // running the detector again (but for a CSV input, whose frame numbers may repeat)
    let replay = capture.source().format() != Format::Csv;
    let mut rows = Rows::new(capture, filter, replay, &mut f);
    let second = capture
        .pass(
            RunOptions {
                reinjections: !replay,
                progress,
                // `--mptcp N`: the rows of one connection, whose analysis is the full one
                focus: filter.and_then(|f| f.mptcp()),
                ..Default::default()
            },
            &mut [&mut rows],
        )
        .map_err(|e| match e {
            // cut to its header between the passes
            Error::EmptyCapture { .. } => changed(capture, first.tcp_packets, Some(0)),
            other => other,
        })?;
    for w in second.info.warnings.iter() {
        if !first.warnings.contains(w) {
            warn(w);
        }
    }
    if second.info.tcp_packets != first.tcp_packets || capture.is_stale() {
        return Err(changed(
            capture,
            first.tcp_packets,
            Some(second.info.tcp_packets),
        ));
    }
    Ok(())
}

/// The error for a capture that changed between the passes.
fn changed(capture: &Capture, first: u64, second: Option<u64>) -> Error {
    let counts = match second {
        Some(n) => format!(" ({first} TCP packets in the first pass, {n} in the second)"),
        None => String::new(),
    };
    Error::bad_capture(
        capture.path(),
        format!(
            "the capture changed while pcap2csv read it twice{counts}; the output is \
             incomplete: run it again on a capture that is not being written"
        ),
    )
}

/// Debug builds only, for the tests (docs/testing.md): `MPTCPANALYZER_DEBUG_CUT_BEFORE_PASS2=N`
/// cuts the capture file to N bytes between the two passes, after the stamp check (as a
/// writer racing with it would).
fn debug_hook(capture: &Capture) {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("MPTCPANALYZER_DEBUG_CUT_BEFORE_PASS2")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        if let Ok(f) = std::fs::OpenOptions::new().write(true).open(capture.path()) {
            let _ = f.set_len(n);
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = capture;
}

/// (original frame, reinjection frame) pairs of the first pass.
type Pairs<'a> = Box<dyn Iterator<Item = (u64, u64)> + 'a>;

/// The second pass, a tap: which packets to write, their reinjections (from the first pass),
/// and where they go (`f`, which may take them).
struct Rows<'a, F> {
    filter: Option<PacketFilter>,
    /// The TCP streams of the connection asked for (its v1 MP_CAPABLE SYN has no number yet
    /// when the second pass meets it).
    streams: Option<Vec<u64>>,
    /// original frame -> its reinjections, from the first pass
    later: FastMap<u64, Vec<u64>>,
    /// The first pass's (original, reinjection) pairs, in the order found: that of the
    /// reinjections' packets, each packet's originals in the order of its `reinjection_of`
    /// (None: the second pass runs the detector itself).
    earlier: Option<Peekable<Pairs<'a>>>,
    f: &'a mut F,
}

impl<'a, F: FnMut(&mut Packet) -> Result<()>> Rows<'a, F> {
    fn new(
        capture: &'a Capture,
        filter: Option<PacketFilter>,
        replay: bool,
        f: &'a mut F,
    ) -> Rows<'a, F> {
        let e = capture.enricher();
        let streams = match filter {
            Some(PacketFilter::Mptcp(id)) => Some(
                e.mptcp_connections()
                    .iter()
                    .filter(|c| c.id() == Some(id))
                    .flat_map(|c| c.subflows.iter().copied())
                    .collect(),
            ),
            _ => None,
        };
        let mut later: FastMap<u64, Vec<u64>> = Default::default();
        for (orig, re) in e.reinjections.iter() {
            let v = later.entry(orig).or_default();
            if !v.contains(&re) {
                v.push(re);
            }
        }
        let earlier = replay.then(|| {
            let pairs: Pairs<'a> = Box::new(e.reinjections.iter());
            pairs.peekable()
        });
        Rows {
            filter,
            streams,
            later,
            earlier,
            f,
        }
    }
}

impl<F: FnMut(&mut Packet) -> Result<()>> Tap for Rows<'_, F> {
    fn packet(&mut self, _: &Packet, _: &Record) -> Result<()> {
        Ok(())
    }

    fn take(&mut self, p: &mut Packet) -> Result<()> {
        // the pairs of every packet, written or not: they follow the packets' order
        if let Some(pairs) = self.earlier.as_mut() {
            while let Some((orig, _)) = pairs.next_if(|&(_, re)| re == p.frame) {
                p.reinjection_of.push(orig);
            }
        }
        let wanted = match (&self.streams, self.filter) {
            (Some(streams), _) => streams.contains(&p.tcp_stream),
            (None, Some(fl)) => fl.matches(p),
            (None, None) => true,
        };
        if !wanted {
            return Ok(());
        }
        if let Some(re) = self.later.get(&p.frame) {
            p.reinjected_in.clone_from(re);
        }
        (self.f)(p)
    }
}
#[cfg(test)]
mod tests;
mod thread;
