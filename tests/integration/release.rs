//! Released records (issue 14 item 9, `analysis::release`): streamed `stats` free a folded
//! connection's analysis records. Packets that come after that (late) get the same
//! `tcp.stream` / `mptcp.stream` as when the records are kept, and the streamed output and
//! the warnings are byte-identical, with the native dissector (which numbers the streams and
//! connections itself) and with our CSV (which carries the numbers).
//!
//! The capture: the kernel fixture's connection (both DATA_FINs, both subflows closed), then,
//! 200 s after its end (the default linger is 60 s): a copy of a client data segment of
//! subflow 0 (it folds the connection, and is counted in the exact counters), a copy of the
//! MP_JOIN SYN from another client port (a new TCP stream whose token is the released
//! connection's), the data segment again (a released stream); with `capable`, then the whole connection again
//! from other client ports (its MP_CAPABLE keys are the released connection's: Wireshark
//! attaches its subflows to it).

use crate::util::tcp_ports_flags;
use crate::util::{fixture, pcap_records, shift_client_port, tcp_offset, tcp_payload};
use crate::util::{write_pcap, Env};
use mptcpanalyzer::analysis::enrich::{Enricher, Record};
use mptcpanalyzer::analysis::lifecycle::Unit;
use mptcpanalyzer::analysis::stats::StatsCollector;
use mptcpanalyzer::model::Packet;
use mptcpanalyzer::output::stats::StatsWriter;
use mptcpanalyzer::output::OutputFormat;
use mptcpanalyzer::pipeline::{self, RunOptions, Settings, Source, Tap};
use std::path::{Path, PathBuf};

const FIXTURE: &str = "mptcp-v4-two-subflows.pcap";
const SERVER_PORT: u16 = 5201;
const SECOND: u64 = 1_000_000_000;

/// The capture described above, as a pcap.
fn late_capture(dir: &Path, name: &str, capable: bool) -> PathBuf {
    let (linktype, records) = pcap_records(&fixture(FIXTURE));
    let last = records.last().unwrap().0;
    // (0, 0, 0) for a frame that is not TCP
    let flags = |d: &[u8]| tcp_ports_flags(linktype, d).unwrap_or_default();
    let syns: Vec<_> = records
        .iter()
        .filter(|r| flags(&r.1).2 & 0x12 == 0x02)
        .collect();
    let syn0 = flags(&syns[0].1);
    let seg = records
        .iter()
        .find(|r| {
            let (sp, dp, _) = flags(&r.1);
            (sp, dp) == (syn0.0, SERVER_PORT)
                && tcp_payload(linktype, &r.1).is_some_and(|d| !d.is_empty())
        })
        .expect("a client data segment on subflow 0")
        .clone();
    let join = (*syns.get(1).expect("the MP_JOIN SYN")).clone();
    let mut out = records.clone();
    out.push((last + 200 * SECOND, seg.1.clone(), seg.2));
    let mut j = join.1;
    shift_client_port(linktype, &mut j, SERVER_PORT, 1000);
    out.push((last + 201 * SECOND, j, join.2));
    out.push((last + 202 * SECOND, seg.1.clone(), seg.2));
    if capable {
        let t0 = records[0].0;
        for (ns, d, o) in &records {
            let mut d = d.clone();
            shift_client_port(linktype, &mut d, SERVER_PORT, 2000);
            out.push((ns - t0 + last + 300 * SECOND, d, *o));
        }
    }
    let path = dir.join(name);
    write_pcap(&path, linktype, out);
    path
}

/// What one streamed run gave: each packet's (frame, tcp.stream, mptcp.stream, late), the
/// streamed `stats mptcp` and `stats tcp` (JSON), the read's warnings and the packets counted
/// in none.
#[derive(Debug, PartialEq)]
struct Run {
    numbers: Vec<(u64, u64, Option<u64>, bool)>,
    mptcp: Vec<u8>,
    tcp: Vec<u8>,
    warnings: Vec<String>,
    uncounted: u64,
}

/// The statistics of the connections that finished, taken out of the collector.
type Take<T> = fn(&mut StatsCollector, &Enricher, &[Unit]) -> Vec<(u64, Option<T>)>;

/// A streamed `stats` as the command drives it: count, then write what folded.
struct Streamed<'w, T> {
    stats: StatsCollector,
    writer: StatsWriter<'w, T>,
    take: Take<T>,
    numbers: Vec<(u64, u64, Option<u64>, bool)>,
}

impl<T> Tap for Streamed<'_, T> {
    fn packet(&mut self, p: &Packet, r: &Record) -> mptcpanalyzer::error::Result<()> {
        self.numbers
            .push((p.frame, p.tcp_stream, p.mptcp_stream, r.late));
        self.stats.push(p, r);
        Ok(())
    }

    fn after(&mut self, e: &Enricher, r: &Record) -> mptcpanalyzer::error::Result<()> {
        for (id, s) in (self.take)(&mut self.stats, e, &r.folded) {
            self.writer.done(id, s)?;
        }
        Ok(())
    }
}

fn streamed(path: &Path, release: bool) -> Run {
    let opts = || RunOptions {
        reinjections: true,
        release,
        ..Default::default()
    };
    let src = Source::open(path).unwrap();
    let mut mptcp = Vec::new();
    let (numbers, warnings, uncounted) = {
        let mut tap = Streamed {
            stats: StatsCollector::streamed(),
            writer: StatsWriter::mptcp(OutputFormat::Json, b',', &mut mptcp),
            take: StatsCollector::take_mptcp,
            numbers: Vec::new(),
        };
        let a = pipeline::run(&src, &Settings::default(), opts(), &mut [&mut tap]).unwrap();
        let Streamed {
            stats,
            writer,
            numbers,
            ..
        } = tap;
        writer
            .finish(stats.mptcp_each(&a.enricher), |s| s.mptcp_stream)
            .unwrap();
        assert_eq!(
            a.enricher.released_units() > 0,
            release,
            "the connection and its subflows released"
        );
        (numbers, a.info.warnings, stats.uncounted.packets)
    };
    let mut tcp = Vec::new();
    {
        let mut tap = Streamed {
            stats: StatsCollector::streamed(),
            writer: StatsWriter::tcp(OutputFormat::Json, b',', &mut tcp, (true, true)),
            take: StatsCollector::take_tcp,
            numbers: Vec::new(),
        };
        let b = pipeline::run(&src, &Settings::default(), opts(), &mut [&mut tap]).unwrap();
        let Streamed { stats, writer, .. } = tap;
        writer
            .finish(stats.tcp_each(&b.enricher), |s| s.tcp_stream)
            .unwrap();
    }
    Run {
        numbers,
        mptcp,
        tcp,
        warnings,
        uncounted,
    }
}

/// The numbers of the last three packets of [`late_capture`] (without `capable`).
fn late_frames(run: &Run) -> [(u64, Option<u64>, bool); 3] {
    let n = run.numbers.len();
    [-3, -2, -1].map(|i| {
        let f = run.numbers[(n as isize + i) as usize];
        (f.1, f.2, f.3)
    })
}

/// The `pcap2csv` CSV of `pcap`, written by the command into the test's directory as `name`.
fn csv_of(env: &Env, pcap: &Path, name: &str) -> PathBuf {
    let csv = env.dir.path().join(name);
    let out = env
        .cmd()
        .args(["pcap2csv"])
        .arg(pcap)
        .arg("-o")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    csv
}

/// Released records change nothing of the streamed `stats tcp|mptcp` nor of the numbering,
/// on the native pcap and on its CSV: the late data segments are subflow 0 of connection 0,
/// the late join a new TCP stream (2) of connection 0, all late, the last two counted in
/// none (the first folded the connection: counted in the exact counters), named in the
/// warning (connection 0, TCP streams 0, 1, 2). Mutation checks: forgetting the released
/// streams' connection (a late packet then has no `mptcp_stream`), or not joining a released
/// connection's new subflow to it, fails here.
#[test]
fn late_packets_of_released_connections_keep_their_numbers() {
    let env = Env::new();
    let dir = env.dir.path();
    let pcap = late_capture(dir, "late.pcap", false);
    let csv = csv_of(&env, &pcap, "late.csv");
    for path in [&pcap, &csv] {
        let kept = streamed(path, false);
        let released = streamed(path, true);
        assert_eq!(released, kept, "{}", path.display());
        let frames = late_frames(&released);
        assert_eq!(
            frames,
            [(0, Some(0), true), (2, Some(0), true), (0, Some(0), true)],
            "{}",
            path.display()
        );
        assert_eq!(released.uncounted, 2);
        assert!(
            released.warnings.iter().any(|w| w
                .starts_with("MPTCP connection 0 (TCP streams 0, 1, 2): 3 packet(s) from frame")),
            "{:?}",
            released.warnings
        );
    }
    // the command (which releases) says so, and exits 0
    let out = env
        .cmd()
        .args(["stats", "mptcp"])
        .arg(&pcap)
        .args(["-f", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 packet(s) from frame"), "{err}");
    assert!(err.contains("are counted in none"), "{err}");
}

/// A whole connection again after the release, from other client ports, with the released
/// connection's keys: its MP_CAPABLE SYN/ACK carries a key whose token is the released
/// connection's, so (as Wireshark does) its subflows are connection 0's, and late; the
/// numbering is the same with the records released or kept, with the native dissector (the
/// token map) and our CSV (the `mptcp.stream` map), and the streamed statistics hold
/// connection 0 once and count every packet of the second connection in none (a mutation
/// that leaves the counts of its first subflow where its SYN made them fails here).
#[test]
fn a_late_mp_capable_with_a_released_token_joins_its_connection() {
    let env = Env::new();
    let dir = env.dir.path();
    let pcap = late_capture(dir, "capable.pcap", true);
    let first = streamed(&late_capture(dir, "first.pcap", false), true)
        .numbers
        .len();
    let csv = csv_of(&env, &pcap, "capable.csv");
    for path in [&pcap, &csv] {
        let kept = streamed(path, false);
        let released = streamed(path, true);
        assert_eq!(released.numbers, kept.numbers, "{}", path.display());
        assert_eq!(released.warnings, kept.warnings, "{}", path.display());
        let ids = |j: &[u8], key: &str| -> Vec<u64> {
            let v: serde_json::Value = serde_json::from_slice(j).unwrap();
            v.as_array()
                .unwrap()
                .iter()
                .map(|c| c[key].as_u64().unwrap())
                .collect()
        };
        // connection 0 and its first two subflows, once each: the second connection's
        // packets came after their rows were written (its SYN too: it is connection 0's).
        // Keeping the records wrote connection 0 twice and TCP stream 3 (its SYN) here.
        assert_eq!(
            ids(&released.mptcp, "mptcp_stream"),
            [0],
            "{}",
            path.display()
        );
        assert_eq!(
            ids(&released.tcp, "tcp_stream"),
            [0, 1],
            "{}",
            path.display()
        );
        // every packet of the second connection is connection 0's
        let second = &released.numbers[first..];
        // its MP_CAPABLE SYN: a new TCP stream, no number yet (not late)
        assert_eq!((second[0].1, second[0].2, second[0].3), (3, None, false));
        assert!(
            second[1..]
                .iter()
                .all(|n| n.2 == Some(0) && n.1 >= 3 && n.3),
            "{}: {:?}",
            path.display(),
            &second[..4]
        );
        // and each is counted in none, its SYN too (it was counted for the new stream
        // before the stream joined connection 0), after the two of the first part
        assert_eq!(
            released.uncounted,
            2 + second.len() as u64,
            "{}",
            path.display()
        );
    }
}

/// Overwrite the MPTCP options of a TCP segment with NOPs (checksum left as it is).
fn strip_mptcp(linktype: u32, d: &mut [u8]) {
    let t = tcp_offset(linktype, d).expect("a TCP frame");
    let end = t + (d[t + 12] as usize >> 4) * 4;
    let mut i = t + 20;
    while i < end && d[i] != 0 {
        let len = if d[i] == 1 {
            1
        } else {
            d[i + 1].max(2) as usize
        };
        if d[i] == 30 {
            d[i..i + len].fill(1);
        }
        i += len;
    }
}

/// Which frame to take, given its TCP (source port, destination port, flags) and bytes.
type Choose<'a> = dyn Fn((u16, u16, u8), &[u8]) -> bool + 'a;

/// The kernel fixture's connection (0), then a second connection from another client port
/// whose server answers without MP_CAPABLE (it falls back before it has a number) and
/// resets it: ended, folded 60 s later, at a copy of a data segment of connection 0; then a
/// data segment with a DSS on the second connection's subflow, its first MPTCP packet after
/// the SYN, which numbers it (1), as when nothing is released. Releasing it at its fold would
/// give that packet a number it never had (mutation: without the guard in `release` that
/// keeps connections with no number or without both tokens, the released run gives it
/// u64::MAX and this fails; this connection has neither, so each half alone still keeps it).
#[test]
fn a_connection_without_a_number_is_kept_for_a_later_packet() {
    let env = Env::new();
    let (linktype, records) = pcap_records(&fixture(FIXTURE));
    let last = records.last().unwrap().0;
    let flags = |d: &[u8]| tcp_ports_flags(linktype, d).unwrap_or_default();
    let client = flags(
        &records
            .iter()
            .find(|r| flags(&r.1).2 & 0x12 == 0x02)
            .unwrap()
            .1,
    )
    .0;
    let pick = |shift: u16, f: &Choose<'_>| -> Vec<u8> {
        let r = records.iter().find(|r| f(flags(&r.1), &r.1)).unwrap();
        let mut d = r.1.clone();
        shift_client_port(linktype, &mut d, SERVER_PORT, shift);
        d
    };
    let syn = pick(3000, &|(s, _, f), _| s == client && f & 0x12 == 0x02);
    let mut syn_ack = pick(3000, &|(_, d, f), _| d == client && f & 0x12 == 0x12);
    strip_mptcp(linktype, &mut syn_ack);
    let mut rst = syn_ack.clone();
    let flags_at = tcp_offset(linktype, &rst).unwrap() + 13;
    rst[flags_at] = 0x14;
    let data = |shift| {
        pick(shift, &|(s, _, _), d| {
            s == client && tcp_payload(linktype, d).is_some_and(|p| !p.is_empty())
        })
    };
    let mut out = records.clone();
    for (i, d) in [syn, syn_ack, rst].into_iter().enumerate() {
        out.push((last + SECOND + i as u64, d, 0));
    }
    out.push((last + 200 * SECOND, data(0), 0));
    out.push((last + 201 * SECOND, data(3000), 0));
    for (_, d, o) in out.iter_mut().skip(records.len()) {
        *o = d.len() as u32;
    }
    let pcap = env.dir.path().join("unnumbered.pcap");
    write_pcap(&pcap, linktype, out);
    let kept = streamed(&pcap, false);
    let released = streamed(&pcap, true);
    let n = released.numbers.len();
    assert!(
        released.numbers == kept.numbers,
        "{:?}\n{:?}",
        &released.numbers[n - 6..],
        &kept.numbers[kept.numbers.len().saturating_sub(6)..]
    );
    // the SYN (no number), then the late segment of connection 0, then the second's DSS
    assert_eq!(released.numbers[n - 5].2, None);
    assert_eq!(released.numbers[n - 2].2, Some(0));
    assert_eq!(released.numbers[n - 1].2, Some(1));
}
