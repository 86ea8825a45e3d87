//! The native dissector and tshark agree on every capture: pcap2csv (every column, raw and
//! derived) and the list outputs are identical.

use crate::util::*;
use std::path::PathBuf;

fn all_captures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = Vec::new();
    for name in [
        "client_2.pcap",
        "server_2.pcap",
        "client_1_tcp_only.pcap",
        "server_1_tcp_only.pcap",
    ] {
        if let Some(p) = shared_pcap(name) {
            v.push(p);
        }
    }
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 3, "fixtures/ holds no captures");
    v.extend(fixtures);
    v
}

#[test]
fn native_and_tshark_agree_on_every_capture() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    for cap in all_captures() {
        let native = env.stdout(&["--backend", "native", "pcap2csv", s(&cap)]);
        let tshark = env.stdout(&["--no-cache", "--backend", "tshark", "pcap2csv", s(&cap)]);
        if native != tshark {
            let first = native
                .lines()
                .zip(tshark.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("native: {a}\ntshark: {b}"))
                .unwrap_or_else(|| "different row counts".into());
            panic!("{}: pcap2csv differs\n{first}", cap.display());
        }
        // one row per TCP frame, as tshark counts them (plus the header)
        let frames = std::process::Command::new("tshark")
            .args([
                "-r",
                s(&cap),
                "-Y",
                "tcp && !icmp && !icmpv6",
                "-T",
                "fields",
            ])
            .args(["-e", "frame.number"])
            .env("WIRESHARK_CONFIG_DIR", env.dir.path())
            .output()
            .unwrap();
        let frames = String::from_utf8(frames.stdout).unwrap().lines().count();
        assert_eq!(native.lines().count(), frames + 1, "{}", cap.display());
        for kind in ["tcp", "mptcp"] {
            let a = env.stdout(&["--backend", "native", "list", kind, s(&cap), "-f", "json"]);
            let b = env.stdout(&["--backend", "tshark", "list", kind, s(&cap), "-f", "json"]);
            assert_eq!(a, b, "{} list {kind}", cap.display());
        }
    }
}

#[test]
fn native_backend_needs_no_tshark() {
    let env = Env::new();
    let empty = env.dir.path().join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let out = env
        .cmd()
        .env("PATH", &empty)
        .args(["list", "mptcp", s(&cap), "-f", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    // and the tshark backend says clearly that it is missing
    let out = env
        .cmd()
        .env("PATH", &empty)
        .args(["--backend", "tshark", "list", "mptcp", s(&cap)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
}

/// docs/wireshark-defects.md: with two passes, Wireshark 4.0's relative DSNs on a v1 MP_JOIN
/// subflow are garbage and it finds no reinjection; in one pass it agrees with our DSNs (which
/// the fixture tests check against the payload offsets).
#[test]
fn wireshark_two_pass_dsn_defect_on_v1_joins() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let csv = env.stdout(&["pcap2csv", s(&cap)]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (cf, cd) = (col("frame"), col("dsn"));
    let ours: std::collections::HashMap<String, String> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[cf].to_string(), r[cd].to_string())
        })
        .collect();
    let wireshark = |two_pass: bool| -> (usize, usize, usize) {
        let mut args = vec!["-r", s(&cap)];
        if two_pass {
            args.push("-2");
        }
        args.extend([
            "-o",
            "mptcp.analyze_mappings:TRUE",
            "-o",
            "mptcp.intersubflows_retransmission:TRUE",
            "-Y",
            "tcp.len > 0",
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "mptcp.dsn",
            "-e",
            "mptcp.reinjection_of",
        ]);
        let out = std::process::Command::new("tshark")
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let (mut differ, mut reinj, mut n) = (0, 0, 0);
        for l in text.lines() {
            let f: Vec<&str> = l.split('\t').collect();
            n += 1;
            differ += (ours[f[0]] != f[1]) as usize;
            reinj += (!f[2].is_empty()) as usize;
        }
        (n, differ, reinj)
    };
    let (n, differ, _) = wireshark(false);
    // 207 data segments, 77 of them on the join subflow (tcp.stream 1)
    assert_eq!(n, 207);
    assert_eq!(differ, 0, "one pass: Wireshark agrees with our DSNs");
    let (_, differ2, reinj2) = wireshark(true);
    assert_eq!(
        differ2, 77,
        "two passes: Wireshark's DSNs differ on every data segment of the join"
    );
    assert_eq!(reinj2, 0, "two passes: Wireshark finds no reinjection");
}

/// Regressions found in review, on a synthetic capture made with the project's own builders:
/// an ICMP error quoting a TCP header is not a TCP packet (tshark matches it as `tcp`), and an
/// MP_FAIL next to a DSS keeps its DSN apart from the DSS's (they share a tshark field).
#[test]
fn icmp_quotes_and_mp_fail_next_to_dss_agree_with_tshark() {
    use crate::synth;
    if !have_tshark() {
        return;
    }
    let (c, s_) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let key_c = 0x1111_2222_3333_4444u64.to_be_bytes();
    let key_s = 0x5555_6666_7777_8888u64.to_be_bytes();
    let mpc = |extra: &[u8]| {
        let mut o = vec![30, (4 + extra.len()) as u8, 0x01, 0x81];
        o.extend_from_slice(extra);
        o
    };
    let both: Vec<u8> = key_c.iter().chain(key_s.iter()).copied().collect();
    let dss_ack_only = |ack: u32| {
        let mut o = vec![30, 8, 0x20, 0x01];
        o.extend_from_slice(&ack.to_be_bytes());
        o
    };
    let dss_map = |ack: u32, dsn: u32, ssn: u32, len: u16| {
        let mut o = vec![30, 18, 0x20, 0x05];
        o.extend_from_slice(&ack.to_be_bytes());
        o.extend_from_slice(&dsn.to_be_bytes());
        o.extend_from_slice(&ssn.to_be_bytes());
        o.extend_from_slice(&len.to_be_bytes());
        o
    };
    let mp_fail = |dsn: u64| {
        let mut o = vec![30, 12, 0x60, 0x00];
        o.extend_from_slice(&dsn.to_be_bytes());
        o
    };
    let cat = |a: Vec<u8>, b: Vec<u8>| -> Vec<u8> { a.into_iter().chain(b).collect() };
    let (cp, sp) = (40000u16, 80u16);
    let tcp_frames = [
        synth::ipv4(
            c,
            s_,
            &[],
            &synth::tcp(cp, sp, 1000, 0, 0x002, &mpc(&[]), 0),
        ),
        synth::ipv4(
            s_,
            c,
            &[],
            &synth::tcp(sp, cp, 5000, 1001, 0x012, &mpc(&key_s), 0),
        ),
        synth::ipv4(
            c,
            s_,
            &[],
            &synth::tcp(cp, sp, 1001, 5001, 0x010, &mpc(&both), 0),
        ),
        synth::ipv4(
            c,
            s_,
            &[],
            &synth::tcp(cp, sp, 1001, 5001, 0x018, &dss_map(7, 1234, 1, 100), 100),
        ),
        synth::ipv4(
            s_,
            c,
            &[],
            &synth::tcp(
                sp,
                cp,
                5001,
                1101,
                0x010,
                &cat(dss_ack_only(99), mp_fail(555_555_555_555)),
                0,
            ),
        ),
        synth::ipv4(
            c,
            s_,
            &[],
            &synth::tcp(
                cp,
                sp,
                1101,
                5001,
                0x018,
                &cat(dss_map(7, 1334, 101, 100), mp_fail(666_666_666_666)),
                100,
            ),
        ),
    ];
    // ICMP port unreachable quoting the first 28 bytes of the data segment
    let mut icmp = vec![3, 3, 0, 0, 0, 0, 0, 0];
    icmp.extend_from_slice(&tcp_frames[3][..28]);
    let mut icmp_frame = synth::ipv4(s_, c, &[], &icmp);
    icmp_frame[9] = 1; // protocol ICMP
    let mut frames: Vec<(i64, Vec<u8>)> = tcp_frames
        .iter()
        .enumerate()
        .map(|(i, f)| (1_700_000_000_000_000_000 + i as i64 * 1000, f.clone()))
        .collect();
    frames.push((1_700_000_000_000_010_000, icmp_frame));
    let env = Env::new();
    let cap = env.dir.path().join("review.pcap");
    std::fs::write(&cap, synth::pcap(101, false, true, &frames)).unwrap();
    let native = env.stdout(&["pcap2csv", s(&cap)]);
    let tshark = env.stdout(&["--no-cache", "--backend", "tshark", "pcap2csv", s(&cap)]);
    assert_eq!(native, tshark);
    assert_eq!(native.lines().count(), 1 + 6, "{native}");
    let mut rdr = csv::Reader::from_reader(native.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(&rows[4][col("mp_fail_dsn")], "555555555555");
    assert_eq!(&rows[4][col("dss_dsn_raw")], "");
    assert_eq!(&rows[4][col("dsn")], "");
    assert_eq!(&rows[5][col("mp_fail_dsn")], "666666666666");
    assert_eq!(&rows[5][col("dss_dsn_raw")], "1334");
}

/// `first` then `second` (shifted to start 1 s after `first` ends) as one nanosecond pcap.
fn concatenate(first: &std::path::Path, second: &std::path::Path, out: &std::path::Path) {
    let (lt1, a) = pcap_records(first);
    let (lt2, b) = pcap_records(second);
    assert_eq!(lt1, lt2, "the two captures must have the same link type");
    let shift = a.last().unwrap().0 + 1_000_000_000 - b[0].0;
    let all = a
        .into_iter()
        .chain(b.into_iter().map(|(t, d, l)| (t + shift, d, l)));
    write_pcap(out, lt1, all);
}

/// Regression: a v1 connection the server declines at the SYN/ACK gets no `mptcp.stream` in
/// Wireshark, so it must not shift the numbers of the MPTCP connections after it (it took
/// number 0 here, the real connection got 1 natively, and the tshark backend attached a join
/// to the fallback connection).
#[test]
fn a_fallback_at_the_handshake_does_not_shift_mptcp_numbers() {
    let env = Env::new();
    let merged = env.dir.path().join("fallback-then-mptcp.pcap");
    concatenate(
        &fixture("mixed-tcp-fallback.pcap"),
        &fixture("mptcp-v4-two-subflows.pcap"),
        &merged,
    );
    let alone = env.json(&[
        "list",
        "mptcp",
        s(&fixture("mptcp-v4-two-subflows.pcap")),
        "-f",
        "json",
    ]);
    let before = env.json(&[
        "list",
        "tcp",
        s(&fixture("mixed-tcp-fallback.pcap")),
        "-f",
        "json",
    ]);
    let shift = before.as_array().unwrap().len() as u64;
    for backend in backends() {
        let list = env.json_with(backend, &["list", "mptcp", s(&merged), "-f", "json"]);
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 1, "{backend}: {list:?}");
        assert_eq!(list[0]["mptcp_stream"], 0, "{backend}");
        let subflows: Vec<u64> = list[0]["subflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["tcp_stream"].as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = alone[0]["subflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["tcp_stream"].as_u64().unwrap() + shift)
            .collect();
        assert_eq!(subflows, expected, "{backend}");
        let tcp = env.json_with(backend, &["list", "tcp", s(&merged), "-f", "json"]);
        let declined: Vec<u64> = tcp
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["mptcp_fallback"] == true)
            .map(|t| t["tcp_stream"].as_u64().unwrap())
            .collect();
        assert_eq!(declined.len(), 1, "{backend}");
        assert!(declined[0] < shift, "{backend}: {declined:?}");
    }
    if have_tshark() {
        same_numbers_as_wireshark(&env, &merged);
    }
}

/// Every frame Wireshark gives an `mptcp.stream` has the same one in our CSV (native backend).
fn same_numbers_as_wireshark(env: &Env, cap: &std::path::Path) {
    same_numbers_as_wireshark_with(env, cap, "native");
}

/// [`same_numbers_as_wireshark`] with the given backend.
fn same_numbers_as_wireshark_with(env: &Env, cap: &std::path::Path, backend: &str) {
    let out = std::process::Command::new("tshark")
        .args(["-r", s(cap), "-Y", "tcp", "-T", "fields"])
        .args(["-e", "frame.number", "-e", "mptcp.stream"])
        .env("WIRESHARK_CONFIG_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "tshark failed on {}", cap.display());
    let wireshark: Vec<(String, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| {
            let (f, m) = l.split_once('\t')?;
            (!m.is_empty()).then(|| (f.to_string(), m.to_string()))
        })
        .collect();
    let csv = env.stdout(&["--backend", backend, "pcap2csv", s(cap)]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let (cf, cm) = (
        h.iter().position(|x| x == "frame").unwrap(),
        h.iter().position(|x| x == "mptcp_stream").unwrap(),
    );
    let ours: std::collections::HashMap<String, String> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[cf].to_string(), r[cm].to_string())
        })
        .collect();
    for (frame, id) in &wireshark {
        assert_eq!(
            ours.get(frame),
            Some(id),
            "{backend}: {} frame {frame}: Wireshark says mptcp.stream {id}",
            cap.display()
        );
    }
}

#[test]
fn mptcp_numbers_are_wiresharks_on_every_capture() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    for cap in all_captures() {
        same_numbers_as_wireshark(&env, &cap);
    }
}

/// Frames (sorted) of `pcap2csv --mptcp ID` with a backend.
fn csv_frames(env: &Env, backend: &str, cap: &std::path::Path, id: u64) -> Vec<u64> {
    let csv = env.stdout_with(backend, &["pcap2csv", s(cap), "--mptcp", &id.to_string()]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let cf = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|x| x == "frame")
        .unwrap();
    let mut v: Vec<u64> = rdr
        .records()
        .map(|r| r.unwrap()[cf].parse().unwrap())
        .collect();
    v.sort_unstable();
    v
}

/// Regression: two v1 connections whose handshakes interleave (SYN A, SYN B, SYN/ACK B,
/// SYN/ACK A) are numbered at their SYN/ACKs, B 0 and A 1. `stats mptcp 1` reported B (with
/// 1 packet): B's SYN, counted in case it was the connection asked for while B had no number,
/// made B the first connection of the report.
#[test]
fn interleaved_handshakes_stats_of_one_connection_is_that_connection() {
    let env = Env::new();
    let (lt_a, a) = pcap_records(&fixture("mptcp-v6-two-subflows.pcap"));
    let (lt_b, b) = pcap_records(&fixture("mptcp-addr-events.pcap"));
    assert_eq!(lt_a, lt_b);
    let syn_only =
        |lt: u32, d: &[u8]| tcp_ports_flags(lt, d).is_some_and(|(_, _, f)| f & 0x12 == 0x02);
    let syn_a = a.iter().find(|r| syn_only(lt_a, &r.1)).unwrap().0;
    let syn_b = b.iter().find(|r| syn_only(lt_b, &r.1)).unwrap().0;
    // B's SYN 2 us after A's: B's SYN/ACK (17 us later) comes before A's (22 us)
    let mut all: Vec<(u64, Vec<u8>, u32)> = a
        .into_iter()
        .chain(
            b.into_iter()
                .map(|(t, d, l)| (t + syn_a + 2_000 - syn_b, d, l)),
        )
        .collect();
    all.sort_by_key(|r| r.0);
    let handshake: Vec<(u16, u8)> = all
        .iter()
        .filter_map(|r| tcp_ports_flags(lt_a, &r.1))
        .filter(|(_, _, f)| f & 0x02 != 0)
        .take(4)
        .map(|(sp, dp, f)| (sp.min(dp), f & 0x12))
        .collect();
    // A is on port 5201, B on 5501
    assert_eq!(
        handshake,
        vec![(5201, 0x02), (5501, 0x02), (5501, 0x12), (5201, 0x12)],
        "the handshakes do not interleave as intended"
    );
    let merged = env.dir.path().join("interleaved.pcap");
    write_pcap(&merged, lt_a, all);
    let alone = env.json(&[
        "stats",
        "mptcp",
        s(&fixture("mptcp-v6-two-subflows.pcap")),
        "0",
        "-f",
        "json",
    ])[0]
        .clone();
    for backend in backends() {
        let one =
            env.json_with(backend, &["stats", "mptcp", s(&merged), "1", "-f", "json"])[0].clone();
        assert_eq!(one["mptcp_stream"], 1, "{backend}");
        let every = env.json_with(backend, &["stats", "mptcp", s(&merged), "-f", "json"]);
        let same = every
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["mptcp_stream"] == 1)
            .unwrap();
        assert_eq!(&one, same, "{backend}");
        for dir in ["to_server", "to_client"] {
            assert_eq!(
                one[dir]["packets"], alone[dir]["packets"],
                "{backend} {dir}"
            );
        }
        if have_tshark() {
            same_numbers_as_wireshark_with(&env, &merged, backend);
        }
    }
}

/// Regression: a capture that starts after the master's handshake, with two MP_JOINs carrying
/// the same (unknown) token. Wireshark makes the first join a new connection that owns the
/// token, and attaches the second to it; natively each join was a new connection, shifting the
/// numbers of every later connection (client_2.pcap without its first 8 frames: 2,800 frames
/// numbered differently).
#[test]
fn joins_with_the_same_unknown_token_are_one_connection() {
    let env = Env::new();
    let (lt, recs) = pcap_records(&fixture("mptcp-v4-two-subflows.pcap"));
    let is_join_syn =
        |d: &[u8]| tcp_ports_flags(lt, d).is_some_and(|(sp, _, f)| f & 0x12 == 0x02 && sp != 5201);
    // from the second SYN (the join) on: the master is seen mid-connection
    let first = recs
        .iter()
        .enumerate()
        .filter(|(_, r)| is_join_syn(&r.1))
        .nth(1)
        .unwrap()
        .0;
    let join_port = tcp_ports_flags(lt, &recs[first].1).unwrap().0;
    let mut cut: Vec<(u64, Vec<u8>, u32)> = recs[first..].to_vec();
    let end = cut.last().unwrap().0;
    // a second join with the same token: the first one's packets again, from another port
    let again: Vec<(u64, Vec<u8>, u32)> = cut
        .iter()
        .filter(|r| {
            tcp_ports_flags(lt, &r.1).is_some_and(|(sp, dp, _)| sp == join_port || dp == join_port)
        })
        .map(|(t, d, l)| {
            let mut d = d.clone();
            shift_client_port(lt, &mut d, 5201, 7);
            (t + end + 1_000_000 - recs[first].0, d, *l)
        })
        .collect();
    cut.extend(again);
    let capture = env.dir.path().join("late-start-two-joins.pcap");
    write_pcap(&capture, lt, cut);
    for backend in backends() {
        let list = env.json_with(backend, &["list", "mptcp", s(&capture), "-f", "json"]);
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 2, "{backend}: {list:?}");
        assert_eq!(
            list[0]["subflows"].as_array().unwrap().len(),
            2,
            "{backend}"
        );
        if have_tshark() {
            same_numbers_as_wireshark_with(&env, &capture, backend);
        }
    }
}

/// Regression: a connection whose key's token another connection already owns (the same
/// capture twice, the second copy from other client ports) is that connection in Wireshark.
/// Natively it got a number of its own; with tshark, whose number for it only comes at the
/// SYN/ACK, the subflow was left out of every connection (227 frames without `mptcp_stream`).
#[test]
fn a_known_key_attaches_the_subflow_to_its_connection() {
    let env = Env::new();
    let (lt, recs) = pcap_records(&fixture("mptcp-v4-two-subflows.pcap"));
    let shift = recs.last().unwrap().0 + 100_000_000_000 - recs[0].0;
    let copy: Vec<(u64, Vec<u8>, u32)> = recs
        .iter()
        .map(|(t, d, l)| {
            let mut d = d.clone();
            shift_client_port(lt, &mut d, 5201, 7);
            (t + shift, d, *l)
        })
        .collect();
    let n = recs.len() as u64;
    let capture = env.dir.path().join("same-keys-twice.pcap");
    write_pcap(&capture, lt, recs.into_iter().chain(copy));
    let tcp_frames: Vec<u64> = {
        let mut v = csv_frames_all(&env, &capture);
        v.sort_unstable();
        v
    };
    assert!(tcp_frames.len() as u64 > n);
    for backend in backends() {
        let list = env.json_with(backend, &["list", "mptcp", s(&capture), "-f", "json"]);
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 1, "{backend}: {list:?}");
        assert_eq!(
            list[0]["subflows"].as_array().unwrap().len(),
            4,
            "{backend}"
        );
        assert_eq!(
            csv_frames(&env, backend, &capture, 0),
            tcp_frames,
            "{backend}"
        );
        let st =
            env.json_with(backend, &["stats", "mptcp", s(&capture), "0", "-f", "json"])[0].clone();
        let packets = st["to_server"]["packets"].as_u64().unwrap()
            + st["to_client"]["packets"].as_u64().unwrap();
        assert_eq!(packets, tcp_frames.len() as u64, "{backend}");
        if have_tshark() {
            same_numbers_as_wireshark_with(&env, &capture, backend);
        }
    }
}

/// Frames of every TCP packet (native pcap2csv).
fn csv_frames_all(env: &Env, cap: &std::path::Path) -> Vec<u64> {
    let csv = env.stdout_with("native", &["pcap2csv", s(cap)]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let cf = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|x| x == "frame")
        .unwrap();
    rdr.records()
        .map(|r| r.unwrap()[cf].parse().unwrap())
        .collect()
}
