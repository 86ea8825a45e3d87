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
        assert!(native.lines().count() > 10, "{}", cap.display());
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
