//! Memory of `stats mptcp` by number of connections (issue 14 item 9). A global allocator of
//! this test binary counts, per thread, the bytes allocated and not yet freed, and their peak.
//! Copies of a kernel fixture's connection (each copy its own TCP streams and MPTCP
//! connection, a few open at a time, one after the other) go through the analysis and the
//! statistics on this thread, and `stats mptcp -f json` is written from them, for two numbers
//! of copies: the difference of the peaks over the difference of the copies is what each
//! further finished connection costs. Finished connections fold into their summary
//! (`analysis::lifecycle`), so that cost is the summary's, not the full state's.

use crate::util::fixture;

/// The kernel fixture copied, its copies open at a time, and the copies of the two runs.
const FIXTURE: &str = "mptcp-v4-two-subflows.pcap";
const OPEN: i64 = 4;
const COPIES: [u64; 2] = [150, 1500];
/// What a further finished connection may cost at the peak, KB: its summary, measured 3.2 KB
/// (3,248 B: the analysis's connection and subflow records ~1.3 KB, boxed with their dead parts
/// freed at the fold, and its reinjection pairs, packed, ~0.1 KB; the statistics' settled
/// counts ~1.8 KB; the report is made one connection at a time as it is written, so it adds
/// none); 3.8 KB with the reinjection pairs at 16 B each (0.7 KB here), 4.7 KB while the
/// analysis kept its records inline and whole, 8.4 KB before the report was
/// streamed and the settled counts made compact; 28.0 KB when every connection keeps its full
/// state (`Linger::NEVER`, as before issue 14 item 9: the old form of this test measured
/// 40.2 KB). docs/performance.md, "Many connections", breaks it down.
const BOUND_KB: f64 = 3.2;
use mptcpanalyzer::analysis::enrich::{EnrichOptions, Enricher};
use mptcpanalyzer::analysis::lifecycle::Linger;
use mptcpanalyzer::analysis::stats::StatsCollector;
use mptcpanalyzer::model::Packet;
use mptcpanalyzer::output::stats::{MptcpStatsReport, MptcpStatsStream, StatsWriter};
use mptcpanalyzer::output::{write_report, OutputFormat};
use mptcpanalyzer::pipeline::{self, RunOptions, Settings, Source};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system allocator, counting per thread.
struct PerThread;

thread_local! {
    /// Bytes allocated by this thread and not freed (signed: this thread may free blocks
    /// another thread allocated), and their peak.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Bytes allocated by every thread and not freed, and their peak (for a test run in a process
/// of its own, `memory_tables`).
pub(crate) static ALL_LIVE: AtomicIsize = AtomicIsize::new(0);
pub(crate) static ALL_PEAK: AtomicIsize = AtomicIsize::new(0);

fn grew(n: usize) {
    let now = ALL_LIVE.fetch_add(n as isize, Ordering::Relaxed) + n as isize;
    ALL_PEAK.fetch_max(now, Ordering::Relaxed);
    let _ = LIVE.try_with(|l| {
        let now = l.get().saturating_add(n as isize);
        l.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn shrank(n: usize) {
    ALL_LIVE.fetch_sub(n as isize, Ordering::Relaxed);
    let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(n as isize)));
}

// SAFETY: every call goes to the system allocator unchanged; the counting touches only
// const-initialised thread-locals without destructors (no allocation, no reentrance).
unsafe impl GlobalAlloc for PerThread {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        // SAFETY: as the caller's contract for `alloc`
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        // SAFETY: as the caller's contract for `alloc_zeroed`
        let p = unsafe { System.alloc_zeroed(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: as the caller's contract for `dealloc`
        unsafe { System.dealloc(p, l) };
        shrank(l.size());
    }

    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // SAFETY: as the caller's contract for `realloc`
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            shrank(l.size());
            grew(new);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: PerThread = PerThread;

/// The packets of `name`, as the analysis left them (the copies keep their `mptcp_stream`, so
/// each copy is its own MPTCP connection, as with our CSV or tshark's numbers).
fn template(name: &str) -> Vec<Packet> {
    let src = Source::open(&fixture(name)).unwrap();
    let opts = RunOptions {
        keep_packets: true,
        reinjections: false,
        filter: None,
        progress: None,
        release: false,
        dissect_ahead: false,
        focus: None,
    };
    pipeline::run(&src, &Settings::default(), opts, &mut [])
        .unwrap()
        .packets
}

/// `copies` copies of `packets`, `open` of them at a time (copy k starts k/open of the
/// connection's duration after copy 0), in time order, made as they are consumed (so that
/// the test holds only the template).
struct Copies<'a> {
    packets: &'a [Packet],
    copies: u64,
    step: i64,
    streams: u64,
    conns: u64,
    next_copy: u64,
    frame: u64,
    heap: BinaryHeap<Reverse<(i64, u64, usize)>>,
}

impl<'a> Copies<'a> {
    fn new(packets: &'a [Packet], copies: u64, open: i64) -> Self {
        let t0 = packets[0].abs_time_ns;
        Copies {
            packets,
            copies,
            step: (packets.last().unwrap().abs_time_ns - t0) / open + 1,
            streams: packets.iter().map(|p| p.tcp_stream).max().unwrap() + 1,
            conns: packets.iter().filter_map(|p| p.mptcp_stream).max().unwrap() + 1,
            next_copy: 0,
            frame: 0,
            heap: BinaryHeap::new(),
        }
    }

    fn time(&self, k: u64, i: usize) -> i64 {
        self.packets[i].abs_time_ns + k as i64 * self.step
    }
}

impl Iterator for Copies<'_> {
    type Item = Packet;

    fn next(&mut self) -> Option<Packet> {
        while self.next_copy < self.copies
            && self
                .heap
                .peek()
                .is_none_or(|Reverse((t, _, _))| self.time(self.next_copy, 0) <= *t)
        {
            let k = self.next_copy;
            self.heap.push(Reverse((self.time(k, 0), k, 0)));
            self.next_copy += 1;
        }
        let Reverse((t, k, i)) = self.heap.pop()?;
        if i + 1 < self.packets.len() {
            self.heap.push(Reverse((self.time(k, i + 1), k, i + 1)));
        }
        let p = &self.packets[i];
        let mut q = p.clone();
        self.frame += 1;
        q.frame = self.frame;
        q.abs_time_ns = t;
        q.rel_time_ns = t - self.packets[0].abs_time_ns;
        q.tcp_stream += k * self.streams;
        q.mptcp_stream = p.mptcp_stream.map(|m| m + k * self.conns);
        Some(q)
    }
}

/// What one run measured: the peak bytes on this thread (analysis, statistics, report and
/// its JSON), the bytes still held once the capture is read, the connections reported, the
/// units folded, and a hash of the JSON.
struct Run {
    peak: usize,
    retained: usize,
    conns: usize,
    folded: u64,
    json: u64,
}

/// The shared analysis and `stats mptcp -f json` over `copies` copies of `packets`, as
/// `pipeline::run` and the command drive them, with `linger`.
fn stats_mptcp(packets: &[Packet], copies: u64, linger: Linger) -> Run {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let opts = EnrichOptions {
        reinjections: true,
        linger,
        release: false,
        summaries: false,
        focus: None,
    };
    let mut e = Enricher::new(opts, false);
    let mut s = StatsCollector::new(None);
    for mut p in Copies::new(packets, copies, OPEN) {
        let r = e.push(&mut p);
        s.push(&p, &r);
    }
    let retained = LIVE.with(Cell::get).saturating_sub(base) as usize;
    // as the command writes it: each connection's statistics made as they are written
    let conns = Cell::new(0);
    let report = MptcpStatsStream {
        rows: Box::new(|| Box::new(s.mptcp_each(&e).inspect(|_| conns.set(conns.get() + 1)))),
        detail: false,
    };
    // stdout keeps nothing: the JSON is hashed as it is written
    let mut json = Hashing(std::hash::DefaultHasher::new());
    write_report(&report, OutputFormat::Json, b',', &mut json).unwrap();
    drop(report);
    let conns = conns.get();
    let folded = e.folded_units();
    drop((s, e));
    let peak = PEAK.with(Cell::get).saturating_sub(base) as usize;
    Run {
        peak,
        retained,
        conns,
        folded,
        json: std::hash::Hasher::finish(&json.0),
    }
}

/// A writer that keeps a hash of what it is given, and nothing else.
pub(crate) struct Hashing(pub(crate) std::hash::DefaultHasher);

impl std::io::Write for Hashing {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The cost at the peak of each further connection, bytes, between the two runs.
fn slope(runs: &[Run]) -> f64 {
    let [a, b] = [&runs[0], &runs[1]];
    b.peak.saturating_sub(a.peak) as f64 / (b.conns - a.conns) as f64
}

/// Issue 14 item 9: a finished connection folds into its summary. With a linger of twice the
/// connection's duration, each further connection costs its summary at the peak (BOUND_KB),
/// not its full state (40.2 KB before, which keeping every state, `Linger::NEVER`, still
/// shows here), and the output is byte-identical to the one of the full states.
#[test]
fn finished_connections_fold_into_their_summary() {
    let packets = template(FIXTURE);
    let dur = packets.last().unwrap().abs_time_ns - packets[0].abs_time_ns;
    let mut folding = Vec::new();
    let mut keeping = Vec::new();
    for copies in COPIES {
        let f = stats_mptcp(&packets, copies, Linger(2 * dur));
        let k = stats_mptcp(&packets, copies, Linger::NEVER);
        assert_eq!(f.conns as u64, copies, "every copy is its own connection");
        assert_eq!(k.conns as u64, copies);
        assert!(
            f.json == k.json,
            "folding changed the output of {copies} copies"
        );
        // every copy but the last few (open or lingering at the end) folded, with its 2 subflows
        let open_at_end = 3 * OPEN as u64;
        assert!(
            f.folded >= 3 * (copies - open_at_end) && f.folded <= 3 * copies,
            "{} units folded of {copies} connections",
            f.folded
        );
        assert_eq!(k.folded, 0);
        eprintln!(
            "{copies} connections: peak {} B folding ({} B retained after the read), {} B keeping every state ({} B retained)",
            f.peak, f.retained, k.peak, k.retained
        );
        folding.push(f);
        keeping.push(k);
    }
    let (per_conn, before) = (slope(&folding), slope(&keeping));
    eprintln!("per further connection at the peak: {per_conn:.0} B folding, {before:.0} B keeping every state");
    assert!(
        per_conn <= BOUND_KB * 1024.0,
        "{per_conn:.0} bytes per further finished connection (at most {BOUND_KB} KB)"
    );
    // the bound tells folding from keeping: the full state is several times the summary
    assert!(
        before > 3.0 * BOUND_KB * 1024.0,
        "keeping every state costs {before:.0} bytes per connection"
    );
}

/// What one streamed run measured.
struct Streamed {
    peak: usize,
    conns: usize,
    most_waiting: usize,
    out: u64,
}

/// `stats mptcp -f FORMAT` as the command streams it (`run_streamed`): each packet counted,
/// then the connections that folded with it taken out of the statistics and handed to the
/// writer, which writes them in id order; the connections still open at the end after.
fn stats_streamed(
    packets: &[Packet],
    copies: u64,
    linger: Linger,
    format: OutputFormat,
    release: bool,
) -> Streamed {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let mut e = Enricher::new(
        EnrichOptions {
            reinjections: true,
            linger,
            release,
            summaries: false,
            focus: None,
        },
        false,
    );
    let mut s = StatsCollector::streamed();
    let mut out = Hashing(std::hash::DefaultHasher::new());
    let mut conns = 0;
    let mut w = StatsWriter::mptcp(format, b',', &mut out);
    for mut p in Copies::new(packets, copies, OPEN) {
        let r = e.push(&mut p);
        s.push(&p, &r);
        for (id, st) in s.take_mptcp(&e, &r.folded) {
            conns += usize::from(st.is_some());
            w.done(id, st).unwrap();
        }
    }
    let most_waiting = w.most_waiting;
    let rest: Vec<_> = s.mptcp_each(&e).collect();
    conns += rest.len();
    w.finish(rest.into_iter(), |s| s.mptcp_stream).unwrap();
    drop((s, e));
    let peak = PEAK.with(Cell::get).saturating_sub(base) as usize;
    Streamed {
        peak,
        conns,
        most_waiting,
        out: std::hash::Hasher::finish(&out.0),
    }
}

/// Streamed output (issue 14 item 9): with `-f csv` and `-f json` a finished connection's
/// statistics are written and dropped once it folds (and every lower id was written), and
/// the analysis releases its records ([`EnrichOptions::release`]), so each further finished
/// connection costs only what the numbering keeps of it (STREAMED_B), not its records
/// (RECORDS_B: what keeping them costs, asserted too) nor its statistics (BOUND_KB); the
/// output is byte-identical to the report made once the capture is read. Mutation checks: a
/// writer that keeps every connection to the end (`done` never writes), or an analysis that
/// keeps the records (`release: false`, run here), costs more than STREAMED_B.
#[test]
fn streamed_stats_cost_only_the_numbering() {
    let packets = template(FIXTURE);
    let dur = packets.last().unwrap().abs_time_ns - packets[0].abs_time_ns;
    for format in [OutputFormat::Json, OutputFormat::Csv] {
        for release in [true, false] {
            let per_conn = streamed_slope(&packets, Linger(2 * dur), format, release);
            if release {
                assert!(
                    per_conn <= STREAMED_B,
                    "{format:?}: {per_conn:.0} bytes per further finished connection (at most {STREAMED_B} B)"
                );
            } else {
                // the bound tells releasing from keeping the records
                assert!(
                    per_conn >= RECORDS_B,
                    "{format:?}, records kept: {per_conn:.0} bytes per further connection"
                );
            }
        }
    }
}

/// The cost of each further connection of a streamed run (bytes at the peak), checking its
/// output against the report made once the capture is read.
fn streamed_slope(packets: &[Packet], linger: Linger, format: OutputFormat, release: bool) -> f64 {
    let mut runs = Vec::new();
    for copies in STREAMED_COPIES {
        let r = stats_streamed(packets, copies, linger, format, release);
        assert_eq!(r.conns as u64, copies);
        // the oracle: the report of every connection once the capture is read
        let mut oracle = Hashing(std::hash::DefaultHasher::new());
        let full = report_of(packets, copies, Linger::NEVER);
        write_report(&full, format, b',', &mut oracle).unwrap();
        assert!(
            r.out == std::hash::Hasher::finish(&oracle.0),
            "{format:?} of {copies} copies differs from the report made at the end"
        );
        // sequential connections: only a few wait at a time
        assert!(
            r.most_waiting <= 2 * OPEN as usize,
            "{} waited",
            r.most_waiting
        );
        runs.push(r);
    }
    let per_conn = (runs[1].peak - runs[0].peak) as f64 / (runs[1].conns - runs[0].conns) as f64;
    eprintln!(
        "{format:?} streamed (release {release}): peaks {} B and {} B for {:?} connections: {per_conn:.0} B per further connection",
        runs[0].peak, runs[1].peak, STREAMED_COPIES
    );
    per_conn
}

/// The connections of the two streamed runs.
const STREAMED_COPIES: [u64; 2] = [1000, 4000];
/// What a further finished connection may cost at the peak when the output is streamed and
/// the records released, bytes: what the numbering keeps of it (docs/performance.md, "Many
/// connections"), measured 336 B (JSON and CSV).
const STREAMED_B: f64 = 380.0;
/// What it costs when the analysis keeps its records (`MptcpState`, two `TcpState`s), at
/// least: measured 1,459 B; the statistics add nothing (2.9 KB when they are kept to the
/// end, BOUND_KB).
const RECORDS_B: f64 = 1300.0;

/// The `stats mptcp` report of `copies` copies, made once the capture is read.
fn report_of(packets: &[Packet], copies: u64, linger: Linger) -> MptcpStatsReport {
    let mut e = Enricher::new(
        EnrichOptions {
            reinjections: true,
            linger,
            release: false,
            summaries: false,
            focus: None,
        },
        false,
    );
    let mut s = StatsCollector::new(None);
    for mut p in Copies::new(packets, copies, OPEN) {
        let r = e.push(&mut p);
        s.push(&p, &r);
    }
    MptcpStatsReport {
        stats: s.mptcp(&e),
        detail: false,
    }
}
