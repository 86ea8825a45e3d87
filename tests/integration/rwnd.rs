//! The scaled receive window (`rwnd`, issue 13 item 3) against Wireshark's `tcp.window_size`,
//! packet by packet, on the kernel fixtures and on captures derived from them: the handshake
//! cut off (scale unknown: empty), the window scale option removed from the SYN or the SYN/ACK
//! (no scaling in either direction). A CSV written before the `wscale` / `rwnd` columns is still read.

use crate::util::*;
use std::path::Path;

/// `frame -> rwnd` of our pcap2csv (the cell as written).
fn ours(env: &Env, backend: &str, cap: &Path) -> Vec<(u64, String)> {
    let out = env.stdout(&["--no-cache", "--backend", backend, "pcap2csv", s(cap)]);
    column(&out, "rwnd")
}

fn column(csv: &str, name: &str) -> Vec<(u64, String)> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == name).expect(name);
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].parse().unwrap(), cells[i].to_string())
        })
        .collect()
}

/// tshark's `tcp.window_size` per TCP frame, empty when its scale factor is unknown (-1).
fn wireshark(env: &Env, cap: &Path) -> Vec<(u64, String)> {
    let out = std::process::Command::new("tshark")
        .args([
            "-r",
            s(cap),
            "-Y",
            "tcp && !icmp && !icmpv6",
            "-T",
            "fields",
        ])
        .args(["-e", "frame.number", "-e", "tcp.window_size"])
        .args(["-e", "tcp.window_size_scalefactor"])
        .env("WIRESHARK_CONFIG_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let w = if f[2] == "-1" { "" } else { f[1] };
            (f[0].parse().unwrap(), w.to_string())
        })
        .collect()
}

/// Replace the window scale option of the SYNs (`synack`: with the ACK flag) by three NOPs.
fn without_window_scale(src: &Path, dst: &Path, synack: bool) -> usize {
    let (lt, mut recs) = pcap_records(src);
    let mut changed = 0;
    for (_, data, _) in &mut recs {
        let Some(t) = tcp_offset(lt, data) else {
            continue;
        };
        let flags = data[t + 13];
        if flags & 0x02 == 0 || (flags & 0x10 != 0) != synack {
            continue;
        }
        let end = t + (data[t + 12] as usize >> 4) * 4;
        let mut i = t + 20;
        while i < end {
            match data[i] {
                0 | 1 => i += 1,
                3 => {
                    data[i..i + 3].copy_from_slice(&[1, 1, 1]);
                    changed += 1;
                    break;
                }
                _ => i += data[i + 1] as usize,
            }
        }
    }
    write_pcap(dst, lt, recs);
    changed
}

fn check(env: &Env, cap: &Path) -> Vec<(u64, String)> {
    let theirs = wireshark(env, cap);
    assert!(!theirs.is_empty(), "{}", cap.display());
    for backend in ["native", "tshark"] {
        let ours = ours(env, backend, cap);
        assert_eq!(ours.len(), theirs.len(), "{} {backend}", cap.display());
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!(a, b, "{} {backend}: frame {} rwnd", cap.display(), a.0);
        }
    }
    theirs
}

#[test]
fn rwnd_is_wiresharks_window_size_on_every_packet_of_the_kernel_fixtures() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    for name in [
        "mptcp-v4-two-subflows.pcap",
        "mptcp-v6-two-subflows.pcap",
        "mptcp-lossy.pcap",
        "mixed-tcp-fallback.pcap",
        "pair-tcp-client.pcap",
    ] {
        let cap = fixture(name);
        let rows = check(&env, &cap);
        // the kernel announces a shift of 7 or more: the scaled windows are not the raw ones
        let csv = env.stdout(&["--no-cache", "pcap2csv", s(&cap)]);
        let raw = column(&csv, "window");
        let scaled = rows
            .iter()
            .zip(&raw)
            .filter(|((_, r), (_, w))| r.parse::<u64>().unwrap() > w.parse::<u64>().unwrap())
            .count();
        assert!(
            scaled > rows.len() / 2,
            "{name}: {scaled} of {} scaled",
            rows.len()
        );
        // a SYN's window is never scaled
        let flags = column(&csv, "tcp_flags");
        for (((f, r), (_, w)), (_, fl)) in rows.iter().zip(&raw).zip(&flags) {
            if fl.parse::<u16>().unwrap() & 2 != 0 {
                assert_eq!(r, w, "{name}: SYN frame {f}");
            }
        }
    }
}

#[test]
fn without_the_handshake_rwnd_is_empty_where_wireshark_has_no_scale() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let cap = env.dir.path().join("late.pcap");
    // the fixture's first frames are the handshakes of both subflows
    cut_capture(&fixture("mptcp-v4-two-subflows.pcap"), &cap, 25);
    let rows = check(&env, &cap);
    let empty = rows.iter().filter(|(_, w)| w.is_empty()).count();
    // nothing known of the scale: every row is empty (Wireshark then shows the raw field)
    assert_eq!(empty, rows.len());
}

#[test]
fn a_syn_or_syn_ack_without_window_scale_turns_scaling_off_both_ways() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    for synack in [false, true] {
        let cap = env.dir.path().join(format!("nows-{synack}.pcap"));
        let n = without_window_scale(&fixture("mptcp-v4-two-subflows.pcap"), &cap, synack);
        assert_eq!(n, 2, "one per subflow");
        let rows = check(&env, &cap);
        let csv = env.stdout(&["--no-cache", "pcap2csv", s(&cap)]);
        // no scaling: rwnd is the raw window on every packet
        assert_eq!(rows, column(&csv, "window"), "synack={synack}");
    }
}

#[test]
fn a_csv_written_before_the_window_columns_is_read_with_rwnd_unknown() {
    let env = Env::new();
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let csv = env.stdout(&["--no-cache", "pcap2csv", s(&cap)]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let drop: Vec<usize> = ["wscale", "rwnd"]
        .iter()
        .map(|c| header.iter().position(|h| h == c).unwrap())
        .collect();
    let v1: String = csv
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l
                .split(',')
                .enumerate()
                .filter(|(i, _)| !drop.contains(i))
                .map(|(_, c)| c)
                .collect();
            cells.join(",") + "\n"
        })
        .collect();
    let path = env.dir.path().join("v1.csv");
    std::fs::write(&path, v1).unwrap();
    let again = env.stdout(&["--no-cache", "pcap2csv", s(&path)]);
    let rwnd = column(&again, "rwnd");
    let window = column(&again, "window");
    let flags = column(&again, "tcp_flags");
    assert_eq!(rwnd.len(), column(&csv, "rwnd").len());
    for ((r, w), (_, f)) in rwnd.iter().zip(&window).zip(&flags) {
        let syn = f.parse::<u16>().unwrap() & 2 != 0;
        // a SYN's window is its own; elsewhere the scale was in the dropped column: unknown
        let want = if syn { w.1.clone() } else { String::new() };
        assert_eq!(r.1, want, "frame {}", r.0);
    }
    // everything else is read as before
    let same = |c: &str| column(&again, c) == column(&csv, c);
    assert!(same("dsn") && same("data_ack") && same("seq"));
}
