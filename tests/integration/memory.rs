//! Memory of `stats mptcp` by number of connections (issue 14 item 9). A global allocator of
//! this test binary counts, per thread, the bytes allocated and not yet freed, and their peak;
//! a capture of many copies of a kernel fixture's connection (each copy its own TCP streams and
//! MPTCP connection, a few open at a time) is loaded and reported on this thread, as
//! `stats mptcp -f json` does, for two numbers of copies: the difference of the peaks, over the
//! difference of the copies, is what each further (finished) connection costs.

use crate::util::fixture;

/// The kernel fixture copied, its copies open at a time, and the copies of the smaller run.
const FIXTURE: &str = "mptcp-v4-two-subflows.pcap";
const OPEN: i64 = 4;
const COPIES: u64 = 10;
/// What a further finished connection may cost at the peak, KB.
const BOUND_KB: f64 = 42.0;
use mptcpanalyzer::model::Packet;
use mptcpanalyzer::output::stats::MptcpStatsReport;
use mptcpanalyzer::output::{write_report, OutputFormat};
use mptcpanalyzer::pipeline::{self, Capture, RunOptions, Settings, Source, Want};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting per thread.
struct PerThread;

thread_local! {
    /// Bytes allocated by this thread and not freed (signed: this thread may free blocks
    /// another thread allocated), and their peak.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grew(n: usize) {
    let _ = LIVE.try_with(|l| {
        let now = l.get().saturating_add(n as isize);
        l.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn shrank(n: usize) {
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

/// `copies` copies of the connection of `name`, `open` of them at a time (copy k starts k/open
/// of the connection's duration after copy 0), as our CSV with the analysis's numbers (so each
/// copy is its own MPTCP connection: the CSV backend takes `mptcp_stream` as given).
fn many_copies(name: &str, copies: u64, open: i64, out: &std::path::Path) -> u64 {
    let src = Source::open(&fixture(name)).unwrap();
    let opts = RunOptions {
        keep_packets: true,
        reinjections: false,
        filter: None,
        progress: None,
    };
    let packets = pipeline::run(&src, &Settings::default(), opts, &mut [])
        .unwrap()
        .packets;
    let streams = packets.iter().map(|p| p.tcp_stream).max().unwrap() + 1;
    let conns = packets.iter().filter_map(|p| p.mptcp_stream).max().unwrap() + 1;
    let t0 = packets[0].abs_time_ns;
    let step = (packets.last().unwrap().abs_time_ns - t0) / open + 1;
    let mut all: Vec<(i64, u64, Packet)> = Vec::new();
    for k in 0..copies {
        for p in &packets {
            let mut q = p.clone();
            q.abs_time_ns += k as i64 * step;
            q.tcp_stream += k * streams;
            q.mptcp_stream = p.mptcp_stream.map(|m| m + k * conns);
            all.push((q.abs_time_ns, k, q));
        }
    }
    all.sort_by_key(|(t, k, p)| (*t, *k, p.frame));
    let mut w = csv::Writer::from_path(out).unwrap();
    for (i, (_, _, mut p)) in all.into_iter().enumerate() {
        p.frame = i as u64 + 1;
        p.rel_time_ns = p.abs_time_ns - t0;
        w.serialize(&p).unwrap();
    }
    w.flush().unwrap();
    copies * conns
}

/// Peak bytes on this thread while `stats mptcp -f json` runs on `csv` (load, report, JSON),
/// and the MPTCP connections reported.
fn stats_mptcp_peak(csv: &std::path::Path) -> (usize, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let want = Want {
        reinjections: true,
        stats: true,
        ..Default::default()
    };
    let c = Capture::load(csv, &Settings::default(), want, None).unwrap();
    let stats = c.stats().unwrap().mptcp(c.enricher());
    let n = stats.len();
    let report = MptcpStatsReport {
        stats,
        detail: false,
    };
    let mut out = Vec::new();
    write_report(&report, OutputFormat::Json, b',', &mut out).unwrap();
    drop((report, out, c));
    (PEAK.with(Cell::get).saturating_sub(base) as usize, n)
}

/// Issue 14 item 9: `stats mptcp` kept, per connection, the collector twice (the capture's
/// and the copy the report consumed) and the report's copies of every byte-range set: 49.0 KB
/// at the peak per further connection of this fixture (two subflows, 250 KB of data, ~180
/// DSN ranges kept for reinjections, each with a vector of its transmissions), 40.2 KB now
/// (45.8 KB without the copy and the sets, then a range sent once holds its transmission
/// inline). Retained after the load, per connection: the analysis 7.8 KB, its reinjection
/// ranges 16.0 KB, the statistics 6.9 KB. The bound is per further *finished*
/// connection, OPEN of them open at a time: the state of a finished connection does not shrink
/// to its summary yet (docs/performance.md, "Many connections").
#[test]
fn stats_mptcp_peak_memory_per_connection_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let mut peaks = Vec::new();
    for copies in [COPIES, 2 * COPIES] {
        let csv = dir.path().join(format!("copies-{copies}.csv"));
        let conns = many_copies(FIXTURE, copies, OPEN, &csv);
        let (peak, reported) = stats_mptcp_peak(&csv);
        assert_eq!(reported as u64, conns, "every copy is its own connection");
        peaks.push((conns, peak));
    }
    let [(c1, p1), (c2, p2)] = [peaks[0], peaks[1]];
    let per_conn = p2.saturating_sub(p1) as f64 / (c2 - c1) as f64;
    eprintln!("peak {p1} B for {c1} connections, {p2} B for {c2}: {per_conn:.0} B per connection");
    assert!(
        per_conn <= BOUND_KB * 1024.0,
        "{per_conn:.0} bytes per further connection (at most {BOUND_KB} KB)"
    );
}
