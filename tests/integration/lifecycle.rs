//! The lifecycle of connection state (issue 14 item 9, `analysis::lifecycle`): a connection
//! whose end was seen folds into its summary once the linger (default 60 s of capture time)
//! passes without a packet for it. A packet within the linger counts in full; one after it is
//! late: counted in the exact counters only, with a warning naming the connection.
//!
//! The capture: the kernel fixture's connection (both DATA_FINs, both subflows closed by FINs
//! both ways), as our CSV, plus copies of one of its client data segments sent again long
//! after its last packet.

use crate::util::{fixture, Env};
use mptcpanalyzer::model::Packet;
use mptcpanalyzer::pipeline::{self, RunOptions, Settings, Source};
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIXTURE: &str = "mptcp-v4-two-subflows.pcap";
const SECOND: i64 = 1_000_000_000;

/// The fixture as our CSV, plus a copy of its first client data segment on subflow 0 sent
/// again `after[i]` seconds after the fixture's last packet; returns the file, the segment's
/// payload length and the frames of the copies.
fn with_copies(dir: &Path, name: &str, after: &[i64]) -> (PathBuf, u64, Vec<u64>) {
    let src = Source::open(&fixture(FIXTURE)).unwrap();
    let opts = RunOptions {
        keep_packets: true,
        ..Default::default()
    };
    let mut packets: Vec<Packet> = pipeline::run(&src, &Settings::default(), opts, &mut [])
        .unwrap()
        .packets;
    let last = packets.last().unwrap().clone();
    let seg = packets
        .iter()
        .find(|p| p.tcp_stream == 0 && p.payload_len > 0 && p.dst_port == 5201)
        .expect("a client data segment on subflow 0")
        .clone();
    let mut frames = Vec::new();
    for (i, a) in after.iter().enumerate() {
        let mut q = seg.clone();
        q.frame = last.frame + 1 + i as u64;
        q.abs_time_ns = last.abs_time_ns + a * SECOND;
        q.rel_time_ns = last.rel_time_ns + a * SECOND;
        frames.push(q.frame);
        packets.push(q);
    }
    let path = dir.join(name);
    let mut w = csv::Writer::from_path(&path).unwrap();
    for p in &packets {
        w.serialize(p).unwrap();
    }
    w.flush().unwrap();
    (path, seg.payload_len as u64, frames)
}

/// `stats mptcp -f json` of `csv` (with `config`, if any), and its stderr.
fn stats(env: &Env, csv: &Path, config: Option<&Path>) -> (Value, String) {
    let mut c = env.cmd();
    if let Some(f) = config {
        c.arg("--config").arg(f);
    }
    let out = c
        .args(["stats", "mptcp"])
        .arg(csv)
        .args(["-f", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (v[0].clone(), String::from_utf8(out.stderr).unwrap())
}

/// (packets, payload bytes, data bytes) towards the server, and subflow 0's TCP
/// (retransmitted packets, unique bytes) in that direction.
fn figures(c: &Value) -> (u64, u64, u64, u64, u64) {
    let d = &c["to_server"];
    let sf = d["subflows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["tcp_stream"] == 0)
        .unwrap();
    let n = |v: &Value| v.as_u64().unwrap();
    (
        n(&d["packets"]),
        n(&d["payload_bytes"]),
        n(&d["data_bytes"]),
        n(&sf["tcp"]["retransmitted_packets"]),
        n(&sf["tcp"]["unique_bytes"]),
    )
}

/// A copy 30 s after the end counts in full (within the default linger of 60 s); one 61 s
/// after that is late: it counts in packets and payload, not as a retransmission (the
/// stream's sequence ranges are gone), and a warning names the connection and the frame.
/// Mutation check: folding at the end signals (no linger) makes the first copy late too.
#[test]
fn a_packet_after_the_linger_is_late_and_named() {
    let env = Env::new();
    let dir = env.dir.path();
    let (plain, _, _) = with_copies(dir, "plain.csv", &[]);
    let (csv, len, frames) = with_copies(dir, "late.csv", &[30, 91]);
    let (base, err) = stats(&env, &plain, None);
    assert!(!err.contains("warning"), "{err}");
    let (pk, pl, data, retr, uniq) = figures(&base);
    // the fixture's manifest: the client sent 200000 bytes
    assert_eq!(data, 200_000);

    let (c, err) = stats(&env, &csv, None);
    assert_eq!(
        figures(&c),
        (pk + 2, pl + 2 * len, data, retr + 1, uniq),
        "the copy within the linger is a retransmission, the late one only a packet"
    );
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    let w = warnings[0];
    assert!(
        w.contains("MPTCP connection 0 (TCP streams 0, 1)")
            && w.contains(&format!("1 packet(s) from frame {}", frames[1]))
            && w.contains("60 s"),
        "{w}"
    );
    // the last packet still counts in the times: 91 s after the fixture's last one
    let last = c["to_server"]["last_s"].as_f64().unwrap();
    let base_end = [&base["to_server"]["last_s"], &base["to_client"]["last_s"]]
        .iter()
        .map(|v| v.as_f64().unwrap())
        .fold(f64::MIN, f64::max);
    assert!(
        (last - (base_end + 91.0)).abs() < 1e-6,
        "{last} vs {base_end}"
    );

    // a longer linger keeps the state: both copies are retransmissions, no warning
    let cfg = dir.join("linger.toml");
    std::fs::write(&cfg, "linger_s = 100\n").unwrap();
    let (c, err) = stats(&env, &csv, Some(&cfg));
    assert_eq!(figures(&c), (pk + 2, pl + 2 * len, data, retr + 2, uniq));
    assert!(!err.contains("warning"), "{err}");
}

/// `linger_s` out of range is a configuration error naming the key and its line; `config
/// show` prints its value and origin.
#[test]
fn linger_out_of_range_is_refused() {
    let env = Env::new();
    let shown = env.stdout(&["config", "show"]);
    assert!(shown.contains("linger_s = 60  # default"), "{shown}");
    let cfg = env.dir.path().join("bad.toml");
    std::fs::write(&cfg, "\nlinger_s = 0\n").unwrap();
    let out = env
        .cmd()
        .arg("--config")
        .arg(&cfg)
        .args(["list", "mptcp"])
        .arg(fixture(FIXTURE))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2: linger_s: 0 is out of range"), "{err}");
}

/// What a folded connection keeps is what its late packets need to be analysed as before the
/// fold: a copy of a data segment sent 91 s after the end (late: the state folded at 60 s) gets
/// the original segment's derived fields, as the copy sent 30 s after the end (within the
/// linger) does: relative sequence and ACK numbers (the ISNs and last numbers kept), window
/// (the window scale), connection, DSN and data ACK (its own mapping, the IDSNs and the last
/// DSN and data ACK kept). Only its mapping frame (its own) and reinjection fields differ.
/// Mutation check: forgetting the ISNs, the window scales or the IDSNs at the fold fails it.
#[test]
fn a_late_packet_gets_the_derived_fields_of_the_segment_it_copies() {
    let env = Env::new();
    let (csv, _, frames) = with_copies(env.dir.path(), "late.csv", &[30, 91]);
    let out = env.cmd().arg("pcap2csv").arg(&csv).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let head = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let frame = |f: u64| {
        rows.iter()
            .find(|row| row[col("frame")] == f.to_string())
            .unwrap()
    };
    let late = frame(frames[1]);
    let key = ["tcp_stream", "seq_raw", "ack_raw", "payload_len"];
    let original = rows
        .iter()
        .find(|row| key.iter().all(|k| row[col(k)] == late[col(k)]))
        .unwrap();
    assert_ne!(original[col("frame")], late[col("frame")]);
    let derived = [
        "seq",
        "ack",
        "rwnd",
        "mptcp_stream",
        "expected_token",
        "dsn",
        "data_ack",
    ];
    let fields = |row: &csv::StringRecord| -> Vec<String> {
        derived.iter().map(|d| row[col(d)].to_string()).collect()
    };
    assert!(!original[col("dsn")].is_empty() && !original[col("seq")].is_empty());
    assert_eq!(
        fields(frame(frames[0])),
        fields(original),
        "within the linger"
    );
    assert_eq!(fields(late), fields(original), "late");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("from frame {}", frames[1])),
        "the late packet is named"
    );
}

/// Copies of the fixture's connection one after the other, 3 s apart (more than a linger of
/// 1 s), each its own TCP streams and MPTCP connection; copy `open` never ends (its FINs and
/// RSTs removed), so it never folds: the copies after it finish first and wait behind it.
fn sequential(dir: &Path, copies: u64, open: u64) -> PathBuf {
    let src = Source::open(&fixture(FIXTURE)).unwrap();
    let opts = RunOptions {
        keep_packets: true,
        ..Default::default()
    };
    let packets: Vec<Packet> = pipeline::run(&src, &Settings::default(), opts, &mut [])
        .unwrap()
        .packets;
    let t0 = packets[0].abs_time_ns;
    let step = packets.last().unwrap().abs_time_ns - t0 + 3 * SECOND;
    let streams = packets.iter().map(|p| p.tcp_stream).max().unwrap() + 1;
    let path = dir.join("sequential.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    let mut frame = 0;
    for k in 0..copies {
        for p in &packets {
            let mut q = p.clone();
            frame += 1;
            q.frame = frame;
            q.abs_time_ns += k as i64 * step;
            q.rel_time_ns = q.abs_time_ns - t0;
            q.tcp_stream += k * streams;
            q.mptcp_stream = p.mptcp_stream.map(|m| m + k);
            if k == open {
                q.tcp_flags &=
                    !(mptcpanalyzer::model::tcp_flags::FIN | mptcpanalyzer::model::tcp_flags::RST);
            }
            w.serialize(&q).unwrap();
        }
    }
    w.flush().unwrap();
    path
}

/// `stats tcp|mptcp -f csv|json|parquet` writes each connection once it folded and every
/// lower id was written (issue 14 item 9): the bytes are those of the report made once the
/// capture is read (the library's, the oracle), in id order, although copy 1 never ends and
/// the copies after it finish before it. Mutation check: writing each connection as it
/// finishes, without waiting for the lower ids, fails here.
#[test]
fn streamed_stats_keep_the_order_and_the_bytes() {
    use mptcpanalyzer::analysis::lifecycle::Linger;
    use mptcpanalyzer::analysis::stats::StatsCollector;
    use mptcpanalyzer::output::stats::{MptcpStatsReport, TcpStatsReport};
    use mptcpanalyzer::output::{write_report, OutputFormat};
    let env = Env::new();
    let dir = env.dir.path();
    let csv = sequential(dir, 6, 1);
    let cfg = dir.join("linger.toml");
    std::fs::write(&cfg, "linger_s = 1\n").unwrap();
    // the oracle: every connection's statistics once the capture is read
    let settings = Settings {
        linger: Linger(SECOND),
        ..Default::default()
    };
    let src = Source::open(&csv).unwrap();
    let opts = RunOptions {
        reinjections: true,
        ..Default::default()
    };
    let mut stats = StatsCollector::new(None);
    let a = pipeline::run(&src, &settings, opts, &mut [&mut stats]).unwrap();
    // copies 0, 2, 3 and 4 with their 2 subflows (the last one has no packet after it)
    assert_eq!(a.enricher.folded_units(), 4 * 3, "the ended copies folded");
    let tcp = TcpStatsReport {
        stats: stats.tcp(&a.enricher),
        dirs: (true, true),
    };
    let mptcp = MptcpStatsReport {
        stats: stats.mptcp(&a.enricher),
        detail: false,
    };
    assert_eq!(mptcp.stats.len(), 6);
    for (format, name) in [
        (OutputFormat::Csv, "csv"),
        (OutputFormat::Json, "json"),
        (OutputFormat::Parquet, "parquet"),
    ] {
        for kind in ["tcp", "mptcp"] {
            let mut want = Vec::new();
            match kind {
                "tcp" => write_report(&tcp, format, b',', &mut want).unwrap(),
                _ => write_report(&mptcp, format, b',', &mut want).unwrap(),
            }
            let out = env
                .cmd()
                .arg("--config")
                .arg(&cfg)
                .args(["stats", kind])
                .arg(&csv)
                .args(["-f", name])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.stdout == want,
                "stats {kind} -f {name}: the streamed output differs from the report's"
            );
            // -o FILE: the same bytes, through a temporary file
            let file = dir.join(format!("{kind}.{name}"));
            let o = env
                .cmd()
                .arg("--config")
                .arg(&cfg)
                .args(["stats", kind])
                .arg(&csv)
                .args(["-f", name, "-o"])
                .arg(&file)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            assert!(
                std::fs::read(&file).unwrap() == want,
                "stats {kind} -f {name} -o FILE"
            );
        }
    }
}

/// Streamed `stats` write a connection's rows with the packet that folded it: a late packet
/// after that (here 200 s after the end, the one at 91 s folded the connection) is counted in
/// none of its figures, and a warning says so with its frame.
#[test]
fn a_packet_after_the_rows_were_written_is_counted_in_none() {
    let env = Env::new();
    let dir = env.dir.path();
    let (plain, _, _) = with_copies(dir, "plain.csv", &[]);
    let (csv, len, frames) = with_copies(dir, "later.csv", &[30, 91, 200]);
    let (base, _) = stats(&env, &plain, None);
    let (pk, pl, data, retr, uniq) = figures(&base);
    let (c, err) = stats(&env, &csv, None);
    assert_eq!(
        figures(&c),
        (pk + 2, pl + 2 * len, data, retr + 1, uniq),
        "the copy at 200 s came after the rows were written"
    );
    let w: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("already written"))
        .collect();
    assert_eq!(w.len(), 1, "{err}");
    assert!(
        w[0].contains(&format!("1 packet(s) from frame {}", frames[2])),
        "{}",
        w[0]
    );
}
