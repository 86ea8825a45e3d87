//! Arithmetic at the edges of its types (issue 14 item 14), through the command-line tool built
//! with overflow checks (the test profile has them): crafted captures and CSV files at each site
//! where a sum or a difference used to overflow. Each result is the defined one (wrapping in
//! sequence space, saturating for times and lengths), checked by value; a corrupt pcapng block
//! is reported at its byte offset.

use crate::synth::{self, Pcapng};
use crate::util::{fixture, s, Env};

fn syn_frame(sport: u16) -> Vec<u8> {
    let t = synth::tcp(sport, 80, 1, 0, 0x002, &[], 10);
    synth::ethernet(0x0800, &[], &synth::ipv4([1; 4], [2; 4], &[], &t))
}

/// pcapng block lengths 0 to 11 cannot be a block (type, length, trailing length take 12):
/// pcap-parser 0.17 underflows on some block types. The block is reported as corrupt at its
/// byte offset, in both byte orders: a damaged capture (exit 3), after frames too.
#[test]
fn a_pcapng_block_shorter_than_12_bytes_is_corrupt_at_its_offset() {
    let env = Env::new();
    for be in [false, true] {
        for len in [0u32, 4, 8, 11] {
            for frames_before in [0, 1] {
                let mut ng = Pcapng::new().section(be).iface(1, None);
                if frames_before == 1 {
                    ng = ng.epb(0, 1, &syn_frame(1000));
                }
                let offset = ng.buf.len();
                // a process information block (0x80000001), then its length, then padding
                let mut block = Vec::new();
                let put = |v: &mut Vec<u8>, x: u32| {
                    v.extend_from_slice(&if be { x.to_be_bytes() } else { x.to_le_bytes() })
                };
                put(&mut block, 0x8000_0001);
                put(&mut block, len);
                block.extend_from_slice(&[0u8; 16]);
                let ng = ng.raw(&block);
                let path = env
                    .dir
                    .path()
                    .join(format!("short-{be}-{len}-{frames_before}.pcapng"));
                std::fs::write(&path, &ng.buf).unwrap();
                let out = env
                    .cmd()
                    .args(["stats", "tcp", "-f", "json", s(&path)])
                    .output()
                    .unwrap();
                let err = String::from_utf8_lossy(&out.stderr);
                let what = format!("pcapng block at byte offset {offset} has length {len}");
                assert!(err.contains(&what), "be={be} len={len}: {err}");
                assert!(!err.contains("panicked"), "{err}");
                // damaged wherever it is: exit 3, as with tshark (issue 14 item 12; a block
                // after the first frame was exit 0 and a warning natively before)
                assert_eq!(out.status.code(), Some(3), "{err}");
                assert!(out.stdout.is_empty());
                assert_eq!(err.lines().count(), 1, "{err}");
                assert!(err.contains(s(&path)), "{err}");
                if frames_before == 1 {
                    assert!(err.contains("corrupt capture after frame 1"), "{err}");
                }
            }
        }
    }
}

/// Timestamps at the ends of the pcapng range: an interface offset of -2^62 s puts the first
/// frame at the lowest nanosecond value (saturated), a second interface's frame at the highest.
/// The time since the first frame saturates at i64::MAX ns instead of overflowing.
#[test]
fn pcapng_times_at_both_ends_of_the_range_saturate() {
    let env = Env::new();
    let ng = Pcapng::new()
        .section(false)
        .iface_offset(1, Some(9), -(1 << 62))
        .iface_offset(1, Some(9), 1 << 62)
        .epb(0, 0, &syn_frame(1000))
        .epb(1, u64::MAX, &syn_frame(1000));
    let path = env.dir.path().join("times.pcapng");
    std::fs::write(&path, &ng.buf).unwrap();
    let csv = env.stdout(&["pcap2csv", s(&path)]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][col("abs_time_ns")], i64::MIN.to_string());
    assert_eq!(&rows[1][col("abs_time_ns")], i64::MAX.to_string());
    assert_eq!(&rows[0][col("rel_time_ns")], "0");
    assert_eq!(&rows[1][col("rel_time_ns")], i64::MAX.to_string());
    let v = env.json(&["stats", "tcp", "-f", "json", s(&path)]);
    assert_eq!(v[0]["to_server"]["packets"], 2);
    assert_eq!(
        v[0]["to_server"]["duration_s"].as_f64(),
        Some(i64::MAX as f64 / 1e9)
    );
}

/// A CSV file may hold any value of its columns' types. Taken from a kernel fixture, with
/// `mptcp_stream` = u64::MAX, the first and last packet of the client's direction of TCP
/// stream 0 at i64::MIN and i64::MAX ns, and one client mapping moved ahead in data sequence space to
/// the relative DSN i64::MAX - 5 (its range then ends past i64::MAX): `stats` gives the saturated
/// durations and keeps the stream number, where it used to panic.
#[test]
fn csv_values_at_the_ends_of_their_types() {
    let env = Env::new();
    let csv_text = env.stdout(&["pcap2csv", s(&fixture("mptcp-v4-two-subflows.pcap"))]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let mut rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let (stream, src, mstream) = (col("tcp_stream"), col("src_ip"), col("mptcp_stream"));
    let client = rows[0][src].clone();
    let up: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i][stream] == "0" && rows[i][src] == client)
        .collect();
    rows[up[0]][col("rel_time_ns")] = i64::MIN.to_string();
    rows[*up.last().unwrap()][col("rel_time_ns")] = i64::MAX.to_string();
    for r in &mut rows {
        if !r[mstream].is_empty() {
            r[mstream] = u64::MAX.to_string();
        }
    }
    // the last client mapping with data
    let (dsn, dsn8, len) = (col("dss_dsn_raw"), col("dss_dsn8"), col("payload_len"));
    let k = (0..rows.len())
        .rev()
        .find(|&i| rows[i][src] == client && !rows[i][dsn].is_empty() && rows[i][len] != "0")
        .unwrap();
    // its relative DSN (as pcap2csv wrote it) becomes i64::MAX - 5: the range ends past it
    let rel: u64 = rows[k][col("dsn")].parse().unwrap();
    let moved = rows[k][dsn]
        .parse::<u64>()
        .unwrap()
        .wrapping_add((i64::MAX as u64 - 5).wrapping_sub(rel));
    rows[k][dsn] = moved.to_string();
    rows[k][dsn8] = "true".into();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&h).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    let path = env.dir.path().join("extreme.csv");
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();

    let tcp = env.json(&["stats", "tcp", "-f", "json", s(&path)]);
    assert_eq!(tcp[0]["tcp_stream"], 0);
    assert_eq!(
        tcp[0]["to_server"]["duration_s"].as_f64(),
        Some(i64::MAX as f64 / 1e9)
    );
    assert_eq!(
        tcp[0]["to_server"]["first_s"].as_f64(),
        Some(i64::MIN as f64 / 1e9)
    );
    let mptcp = env.json(&["stats", "mptcp", "-f", "json", s(&path)]);
    assert_eq!(mptcp.as_array().unwrap().len(), 1);
    assert_eq!(mptcp[0]["mptcp_stream"], u64::MAX);
    assert_eq!(
        mptcp[0]["to_server"]["first_s"].as_f64(),
        Some(i64::MIN as f64 / 1e9)
    );
    // and the rows read back as written
    let back = env.stdout(&["pcap2csv", s(&path)]);
    assert!(back.contains(&u64::MAX.to_string()));
}

/// The test profile keeps overflow checks on (docs/testing.md): every test here relies on an
/// overflow being a panic, as it is in the library and the binary built with the same profile.
#[test]
fn tests_run_with_overflow_checks() {
    let r = std::panic::catch_unwind(|| {
        let x: u8 = std::hint::black_box(255);
        x + std::hint::black_box(1)
    });
    assert!(r.is_err(), "the test profile has no overflow checks");
}
