//! Issue 14 items 11 and 12: one rule for both backends on odd and damaged captures. Each
//! input is built here byte by byte, so the expected values come from its construction; both
//! backends must give them, with the same exit code and the same warning lines.

use crate::synth::{self, Pcapng};
use crate::util::*;

/// 2020-09-13T12:26:40Z in µs (the default pcapng resolution).
const T0_US: u64 = 1_600_000_000_000_000;

/// An Ethernet/IPv4 SYN from `sport` to port 80 with `payload` bytes, sequence number `seq`.
fn frame(sport: u16, seq: u32, payload: usize) -> Vec<u8> {
    let t = synth::tcp(sport, 80, seq, 0, 0x002, &[], payload);
    synth::ethernet(
        0x0800,
        &[],
        &synth::ipv4([10, 0, 0, 1], [10, 0, 0, 2], &[], &t),
    )
}

/// What a run gave: exit code, the CSV rows (without header), the warning lines (without the
/// program and file prefix) and the error line.
#[derive(Debug, PartialEq)]
struct Outcome {
    code: i32,
    rows: Vec<Vec<String>>,
    warnings: Vec<String>,
    error: Option<String>,
}

fn run(env: &Env, backend: &str, file: &std::path::Path) -> Outcome {
    let out = env
        .cmd()
        .args(["--no-cache", "--backend", backend, "pcap2csv", s(file)])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let prefix = format!("mptcpanalyzer: warning: {}: ", file.display());
    let warnings = stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix).map(str::to_string))
        .collect();
    let error = stderr
        .lines()
        .find(|l| l.starts_with("mptcpanalyzer: error: "))
        .map(str::to_string);
    let rows = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        rows,
        warnings,
        error,
    }
}

/// Columns of the CSV schema used below.
const FRAME: usize = 0;
const ABS: usize = 1;
const REL: usize = 2;
const SRC_PORT: usize = 7;
const SEQ_RAW: usize = 11;
const PAYLOAD: usize = 13;

fn col(o: &Outcome, row: usize, c: usize) -> &str {
    &o.rows[row][c]
}

/// Run every backend on `bytes`; all must agree, and the native outcome is returned.
fn both(env: &Env, name: &str, bytes: &[u8]) -> Outcome {
    let file = env.dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let native = run(env, "native", &file);
    if have_tshark() {
        let tshark = run(env, "tshark", &file);
        assert_eq!(native.code, tshark.code, "{name}: {native:?}\n{tshark:?}");
        assert_eq!(native.rows, tshark.rows, "{name}");
        assert_eq!(native.warnings, tshark.warnings, "{name}");
        if native.code != 0 {
            for o in [&native, &tshark] {
                let e = o.error.as_deref().unwrap_or_default();
                assert!(e.contains(&file.display().to_string()), "{name}: {e}");
            }
        }
    }
    native
}

/// Simple Packet Blocks have no timestamp: tshark's rows had an empty time (exit 4).
#[test]
fn regression_simple_packet_blocks_read_on_both_backends() {
    let env = Env::new();
    let ng = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb(0, T0_US, &frame(1000, 1, 10))
        .spb(&frame(1000, 11, 5))
        .spb(&frame(1001, 7, 0));
    let o = both(&env, "spb.pcapng", &ng.buf);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.rows.len(), 3);
    for row in 0..3 {
        // the time of the TCP packet before
        assert_eq!(col(&o, row, ABS), "1600000000000000000");
        assert_eq!(col(&o, row, REL), "0");
    }
    assert_eq!((col(&o, 1, SEQ_RAW), col(&o, 2, SRC_PORT)), ("11", "1001"));
    assert_eq!(
        o.warnings,
        vec![
            "2 TCP packet(s) without a timestamp (pcapng Simple Packet Blocks): each given the \
             time of the TCP packet before it (0 for the first)"
        ]
    );
}

/// A time after 2262: natively saturated silently, tshark backend exit 4.
#[test]
fn regression_a_time_after_2262_is_clamped_with_a_warning() {
    let env = Env::new();
    let late_us = 10_500_000_000 * 1_000_000; // year 2302
    let ng = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb(0, T0_US, &frame(1000, 1, 10))
        .epb(0, late_us, &frame(1000, 11, 10));
    let o = both(&env, "late.pcapng", &ng.buf);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(col(&o, 1, ABS), i64::MAX.to_string());
    // the relative time fits: exact
    assert_eq!(col(&o, 1, REL), "8900000000000000000");
    assert_eq!(
        o.warnings,
        vec![
            "1 TCP packet(s) with a time outside the years 1677-2262 (the range of nanosecond \
             times): clamped to that range"
        ]
    );
}

/// Snaplen 48 on Ethernet/IPv4 leaves 14 bytes of TCP header: tshark shows only the ports
/// (the tshark backend exited 4), natively it vanished without a word. 50 bytes reach the
/// window field: kept, payload length from the IP header.
#[test]
fn regression_a_tcp_header_cut_by_the_snaplen_is_handled_alike() {
    let env = Env::new();
    let f = frame(1000, 77, 100);
    let ng = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb_cut(0, T0_US, &f, 48)
        .epb_cut(0, T0_US + 1, &f, 50)
        .epb(0, T0_US + 2, &frame(1001, 5, 3));
    let o = both(&env, "snaplen.pcapng", &ng.buf);
    assert_eq!(o.code, 0, "{o:?}");
    let frames: Vec<&str> = o.rows.iter().map(|r| r[FRAME].as_str()).collect();
    assert_eq!(frames, vec!["2", "3"]);
    assert_eq!(
        (
            col(&o, 0, SRC_PORT),
            col(&o, 0, SEQ_RAW),
            col(&o, 0, PAYLOAD)
        ),
        ("1000", "77", "100")
    );
    assert_eq!(
        o.warnings,
        vec![
            "frame 1: TCP header cut short before its window field: packet skipped",
            "frame 2: TCP header cut short (under 20 bytes): kept without checksum, urgent \
             pointer or options",
            "2 malformed or truncated header/option problem(s) in total",
        ]
    );
}

/// An IPv4 total length below the header length was kept natively as a TCP packet (tshark
/// calls it a bogus IP length and dissects no TCP).
#[test]
fn regression_an_ipv4_total_length_below_its_header_is_skipped_and_counted() {
    let env = Env::new();
    let mut bad = frame(1000, 1, 10);
    bad[14 + 2..14 + 4].copy_from_slice(&12u16.to_be_bytes());
    let ng = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb(0, T0_US, &bad)
        .epb(0, T0_US + 1, &frame(1001, 5, 3));
    let o = both(&env, "iplen.pcapng", &ng.buf);
    assert_eq!(o.code, 0, "{o:?}");
    let frames: Vec<&str> = o.rows.iter().map(|r| r[FRAME].as_str()).collect();
    assert_eq!(frames, vec!["2"]);
    assert_eq!(
        o.warnings,
        vec![
            "frame 1: IPv4 total length below the header length: packet skipped",
            "1 malformed or truncated header/option problem(s) in total",
        ]
    );
}

/// Damaged files are exit 3 on both backends (natively: a skipped block, or exit 0 and a
/// warning before); a file cut inside its last record is read up to there, exit 0 and the same
/// warning on both.
#[test]
fn regression_damaged_is_exit_3_and_cut_short_is_a_warning_on_both() {
    let env = Env::new();
    let good = |n: u32| {
        let mut ng = Pcapng::new().section(false).iface(1, None);
        for i in 0..n {
            ng = ng.epb(0, T0_US + i as u64, &frame(1000 + i as u16, 1, 10));
        }
        ng
    };
    // a packet block of interface 3 where the section describes one
    let undefined = good(1).epb(3, T0_US + 5, &frame(2000, 1, 10));
    let o = both(&env, "undefined-interface.pcapng", &undefined.buf);
    assert_eq!(o.code, 3, "{o:?}");
    assert!(o.rows.is_empty());
    // the second block's trailing length differs from its leading one
    let mut mismatch = good(2).buf;
    let end = mismatch.len();
    mismatch[end - 4] ^= 0x40;
    let o = both(&env, "length-mismatch.pcapng", &mismatch);
    assert_eq!(o.code, 3, "{o:?}");
    // cut inside the third packet block
    let full = good(3).buf;
    let o = both(&env, "cut.pcapng", &full[..full.len() - 20]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.rows.len(), 2);
    assert_eq!(
        o.warnings,
        vec!["truncated capture: the last record is incomplete; 2 TCP packet(s) read before it"]
    );
}

/// The first 40 frames of a committed fixture, as pcap and as pcapng (µs), to damage.
fn small_captures(env: &Env) -> Vec<(&'static str, Vec<u8>)> {
    let (linktype, records) = pcap_records(&fixture("mptcp-resets.pcap"));
    let records: Vec<_> = records.into_iter().take(40).collect();
    let pcap = env.dir.path().join("small.pcap");
    write_pcap(&pcap, linktype, records.clone());
    let mut ng = Pcapng::new().section(false).iface(linktype as u16, None);
    for (ns, data, _) in &records {
        ng = ng.epb(0, ns / 1000, data);
    }
    vec![("pcap", std::fs::read(&pcap).unwrap()), ("pcapng", ng.buf)]
}

/// A damaged copy of `base`: `seed` picks a bit flip, a 4-byte overwrite or a cut, in the
/// first 4 KiB (headers and the first records), with a fixed xorshift generator.
fn mutant(base: &[u8], seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut b = base.to_vec();
    let at = 24 + (next() as usize) % (b.len().min(4096) - 28);
    match next() % 3 {
        0 => b[at] ^= 1 << (next() % 8),
        1 => b[at..at + 4].copy_from_slice(&(next() as u32).to_le_bytes()),
        _ => b.truncate(at),
    }
    b
}

/// Issue 14 item 12: the same damaged file gave exit 0 and a warning natively and exit 3 with
/// tshark (57 of 300 mutants), or exit 4 "tshark failed" (27 of 300). On a set of damaged
/// files (length fields no writer produces, then seeded random damage), both backends give the
/// same exit code, the same rows and the same truncation warning.
#[test]
fn regression_a_set_of_damaged_files_gets_one_answer_from_both_backends() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (kind, base) in small_captures(&env) {
        // a record length far beyond any snapshot length / a packet block too small for its
        // captured length, at the second record: natively taken for a cut file before
        let mut big = base.clone();
        let first = match kind {
            "pcap" => 24 + 16 + u32::from_le_bytes(big[32..36].try_into().unwrap()) as usize,
            _ => {
                let shb = u32::from_le_bytes(big[4..8].try_into().unwrap()) as usize;
                let idb = u32::from_le_bytes(big[shb + 4..shb + 8].try_into().unwrap()) as usize;
                let epb = shb + idb;
                epb + u32::from_le_bytes(big[epb + 4..epb + 8].try_into().unwrap()) as usize
            }
        };
        let field = if kind == "pcap" {
            first + 8
        } else {
            first + 20
        };
        big[field..field + 4].copy_from_slice(&0x4000_00adu32.to_le_bytes());
        files.push((format!("big-length.{kind}"), big));
        for seed in 1..=8u64 {
            files.push((format!("m{seed}.{kind}"), mutant(&base, seed)));
        }
    }
    let mut codes = Vec::new();
    for (name, bytes) in &files {
        let file = env.dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let native = run(&env, "native", &file);
        let tshark = run(&env, "tshark", &file);
        assert_eq!(native.code, tshark.code, "{name}:\n{native:?}\n{tshark:?}");
        assert!([0, 3].contains(&native.code), "{name}: {native:?}");
        assert_eq!(native.rows, tshark.rows, "{name}");
        let truncation = |o: &Outcome| -> Vec<String> {
            o.warnings
                .iter()
                .filter(|w| w.starts_with("truncated capture"))
                .cloned()
                .collect()
        };
        assert_eq!(truncation(&native), truncation(&tshark), "{name}");
        codes.push(native.code);
    }
    // both answers occur in the set: it is not all good or all rejected
    assert_eq!(
        (codes[0], codes[9]),
        (3, 3),
        "the impossible lengths are damage"
    );
    assert!(codes.contains(&0), "{codes:?}");
}

/// Issue 14 item 12: a pcap cut in its second record, after an ICMPv6 packet, was exit 0 with
/// the truncation warning natively and exit 3 with tshark (which called any cut before a TCP
/// packet damage). A cut inside the file header (a pcap's 24 bytes; a pcapng's section header,
/// the interface descriptions after it and the next block's type and length, which tshark
/// reads when it opens the file) is damage, exit 3; a cut after it is a partial read, exit 0 and
/// the same warning, whether or not a TCP packet came before. Both backends, every cut below.
#[test]
fn regression_a_cut_before_any_tcp_packet_is_a_partial_read_on_both() {
    let env = Env::new();
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap()) as usize;
    for (kind, base) in small_captures(&env) {
        // where the file header ends, and where the first two records end (both ICMPv6)
        let (header, first, second) = if kind == "pcap" {
            let first = 24 + 16 + u32_at(&base, 32);
            (24, first, first + 16 + u32_at(&base, first + 8))
        } else {
            let idb = u32_at(&base, 4);
            let epb = idb + u32_at(&base, idb + 4);
            let first = epb + u32_at(&base, epb + 4);
            (epb + 8, first, first + u32_at(&base, first + 4))
        };
        let cuts = [
            10,
            header - 1,
            header,
            header + 2,
            first,
            first + 5,
            second - 1,
        ];
        for cut in cuts {
            let name = format!("cut-{cut}.{kind}");
            let o = both(&env, &name, &base[..cut]);
            assert!(o.rows.is_empty(), "{name}: {o:?}");
            let clean = (kind == "pcap" && cut == header) || cut == first;
            if cut < header {
                assert_eq!(o.code, 3, "{name}: {o:?}");
                assert!(
                    o.error.as_deref().is_some_and(|e| e.contains(&name)),
                    "{name}: {o:?}"
                );
            } else if clean {
                assert_eq!((o.code, o.warnings.len()), (0, 0), "{name}: {o:?}");
            } else {
                assert_eq!(o.code, 0, "{name}: {o:?}");
                assert_eq!(
                    o.warnings,
                    vec!["truncated capture: the last record is incomplete; 0 TCP packet(s) read before it"],
                    "{name}"
                );
            }
        }
    }
}
