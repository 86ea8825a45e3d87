//! Tables of `stats` written as the connections finish (issue 14 item 9): a packet that comes
//! more than `linger_s` after its connection's end and last packet is counted in none, with
//! the warning streamed `-f json` gives, for one capture and for several.
//!
//! The captures: the kernel fixture's connection, then 200 s after its end (the default linger
//! is 60 s) a copy of a client data segment of subflow 0, which folds the connection and is
//! counted in it (in its packets and times); in the second capture the same segment again
//! 1 s later, which comes after the connection's rows were made.

use crate::util::{fixture, pcap_records, tcp_payload, tcp_ports_flags, write_pcap, Env};
use std::path::{Path, PathBuf};

const FIXTURE: &str = "mptcp-v4-two-subflows.pcap";
const SERVER_PORT: u16 = 5201;
const SECOND: u64 = 1_000_000_000;

/// The capture described above with `late` late segments (1 or 2).
fn late_capture(dir: &Path, late: u64) -> PathBuf {
    let (linktype, records) = pcap_records(&fixture(FIXTURE));
    let last = records.last().unwrap().0;
    let seg = records
        .iter()
        .find(|r| {
            tcp_ports_flags(linktype, &r.1).is_some_and(|(_, dp, _)| dp == SERVER_PORT)
                && tcp_payload(linktype, &r.1).is_some_and(|d| !d.is_empty())
        })
        .expect("a client data segment")
        .clone();
    let mut out = records.clone();
    for k in 0..late {
        out.push((last + (200 + k) * SECOND, seg.1.clone(), seg.2));
    }
    let path = dir.join(format!("late-{late}.pcap"));
    write_pcap(&path, linktype, out);
    path
}

/// stdout and stderr of `mptcpanalyzer ARGS`, which must succeed.
fn run(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.cmd().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {err}");
    (String::from_utf8(out.stdout).unwrap(), err)
}

/// The table, `--detail` and `stats tcp` of the capture with the second late segment are those
/// of the capture without it (the oracle: the connection without that packet), with the
/// warning of the streamed JSON naming the capture; one connection asked for (the capture
/// loaded, every record kept) still counts it. Several captures: the same per capture.
/// Mutation check: tables made of the loaded capture (as before) count the packet, without
/// the warning.
#[test]
fn tables_count_late_packets_as_streamed_output_does() {
    let env = Env::new();
    let path = |n| -> &'static str {
        let p = late_capture(env.dir.path(), n);
        p.to_str().unwrap().to_owned().leak()
    };
    let (once, late) = (path(1), path(2));
    let counted_in_none = |err: &str| {
        err.contains(&format!("{late}: 1 packet(s) from frame"))
            && err.contains("are counted in none")
    };
    let (_, json_err) = run(&env, &["stats", "mptcp", late, "-f", "json"]);
    assert!(counted_in_none(&json_err), "{json_err}");
    for args in [&["mptcp"][..], &["mptcp", "--detail"], &["tcp"]] {
        let with = |c: &'static str| [&["stats"][..], args, &[c]].concat();
        let (table, err) = run(&env, &with(late));
        assert!(counted_in_none(&err), "{args:?}: {err}");
        assert_eq!(table, run(&env, &with(once)).0, "{args:?}");
        // several captures: each as on its own, under its header
        let (both, err) = run(&env, &[&with(late)[..], &[once]].concat());
        assert!(counted_in_none(&err), "{args:?}: {err}");
        assert_eq!(
            both,
            format!("==> {late} <==\n{table}\n==> {once} <==\n{table}")
        );
    }
    // one connection asked for: the loaded capture, which counts the late packet
    let (one, err) = run(&env, &["stats", "mptcp", late, "0"]);
    assert!(!err.contains("counted in none"), "{err}");
    assert_ne!(one, run(&env, &["stats", "mptcp", once, "0"]).0);
}
