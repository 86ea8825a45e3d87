//! Two captures of one run on the kernel-made pairs (fixtures/pair-*: a router namespace between
//! client and server, captured at both ends on one clock). The oracle is each manifest: the
//! router's nftables/tbf counters, and the packets fixtures/pair_check.py matched with tshark
//! (IP id, seq, ack, length, TS value), not mptcpanalyzer.

use crate::util::{backends, cut_capture, fixture, nat_capture, s, Env, NatRule};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const PAIRS: [&str; 3] = ["pair-two-subflows", "pair-lossy", "pair-tcp"];

fn manifest(name: &str) -> Value {
    let p = fixture(&format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn captures(name: &str) -> (PathBuf, PathBuf) {
    (
        fixture(&format!("{name}-client.pcap")),
        fixture(&format!("{name}-server.pcap")),
    )
}

/// `--mptcp 0`, or `--tcp N` for each TCP connection of a plain-TCP pair.
fn connections(m: &Value) -> Vec<(String, String)> {
    let conns = m["connections"].as_array().unwrap();
    if conns[0]["protocol"] == "mptcp" {
        vec![("--mptcp".into(), "0".into())]
    } else {
        (0..conns.len())
            .map(|i| ("--tcp".into(), i.to_string()))
            .collect()
    }
}

/// Packets the router dropped on `path` in `direction` (nftables + tbf).
fn router_drops(m: &Value, path: u64, direction: &str) -> u64 {
    let p = m["router"]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == path)
        .unwrap();
    p[direction]["nft_dropped_packets"].as_u64().unwrap()
        + p[direction]["tc_dropped_packets"].as_u64().unwrap()
}

fn ns(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 1e9).round() as i64
}

#[test]
fn owd_on_every_pair_is_what_the_manifest_proves() {
    let env = Env::new();
    for name in PAIRS {
        let m = manifest(name);
        let (c, sv) = captures(name);
        let want: BTreeMap<(u64, String), &Value> = m["verified"]["flows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    (
                        f["tcp_stream"].as_u64().unwrap(),
                        f["direction"].as_str().unwrap().to_string(),
                    ),
                    f,
                )
            })
            .collect();
        let mut outputs = Vec::new();
        for backend in backends() {
            let mut seen = BTreeSet::new();
            let mut all = Vec::new();
            for (flag, id) in connections(&m) {
                let sum = env.json_with(backend, &["owd", s(&c), s(&sv), &flag, &id, "-f", "json"]);
                for f in sum["flows"].as_array().unwrap() {
                    let key = (
                        f["tcp_stream"].as_u64().unwrap(),
                        f["direction"].as_str().unwrap().to_string(),
                    );
                    let w = want[&key];
                    let at = format!("{backend} {name} {key:?}");
                    assert_eq!(
                        f["peer_tcp_streams"],
                        serde_json::json!([w["peer_tcp_stream"]]),
                        "{at}"
                    );
                    for k in ["sent", "received", "lost", "unmatched"] {
                        assert_eq!(f[k], w[k], "{at}: {k}");
                    }
                    // one clock: no delay below zero; every packet the receiver captured matched
                    assert_eq!(f["negative"], 0, "{at}");
                    assert_eq!(f["unmatched"], 0, "{at}");
                    // lost between the taps = what the router dropped on that path and direction
                    let path = w["path"].as_u64().unwrap();
                    assert_eq!(
                        f["lost"],
                        router_drops(&m, path, &key.1),
                        "{at}: router drops"
                    );
                    for (ours, theirs) in [
                        ("owd_min_s", "owd_min_ns"),
                        ("owd_median_s", "owd_median_ns"),
                        ("owd_p95_s", "owd_p95_ns"),
                        ("owd_p99_s", "owd_p99_ns"),
                        ("owd_max_s", "owd_max_ns"),
                    ] {
                        assert_eq!(ns(&f[ours]), w[theirs].as_i64().unwrap(), "{at}: {ours}");
                    }
                    seen.insert(key);
                }
                let rows = env.json_with(
                    backend,
                    &[
                        "owd",
                        s(&c),
                        s(&sv),
                        &flag,
                        &id,
                        "--per-packet",
                        "-f",
                        "json",
                    ],
                );
                let rows = rows.as_array().unwrap();
                assert!(
                    rows.iter().all(|r| r["owd_ns"].as_i64().unwrap() >= 0),
                    "{backend} {name}"
                );
                // the delays add up to the manifest's sum per flow
                for f in sum["flows"].as_array().unwrap() {
                    let (t, d) = (&f["tcp_stream"], &f["direction"]);
                    let total: i64 = rows
                        .iter()
                        .filter(|r| r["tcp_stream"] == *t && r["direction"] == *d)
                        .map(|r| r["owd_ns"].as_i64().unwrap())
                        .sum();
                    let w = want[&(t.as_u64().unwrap(), d.as_str().unwrap().to_string())];
                    assert_eq!(
                        total,
                        w["owd_sum_ns"].as_i64().unwrap(),
                        "{backend} {name} {t} {d}"
                    );
                }
                all.push((sum, rows.clone()));
            }
            assert_eq!(
                seen.len(),
                want.len(),
                "{backend} {name}: every flow reported"
            );
            outputs.push(all);
        }
        for w in outputs.windows(2) {
            assert_eq!(w[0], w[1], "{name}: backends differ");
        }
    }
}

#[test]
fn map_on_every_pair_both_directions() {
    let env = Env::new();
    for name in PAIRS {
        let m = manifest(name);
        let (c, sv) = captures(name);
        let flows = m["verified"]["flows"].as_array().unwrap();
        let peer: BTreeMap<u64, u64> = flows
            .iter()
            .map(|f| {
                (
                    f["tcp_stream"].as_u64().unwrap(),
                    f["peer_tcp_stream"].as_u64().unwrap(),
                )
            })
            .collect();
        for backend in backends() {
            let got = env.json_with(backend, &["map", "tcp", s(&c), s(&sv), "-f", "json"]);
            let got: BTreeMap<u64, u64> = got
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    (
                        x["tcp_stream"].as_u64().unwrap(),
                        x["peer_tcp_stream"].as_u64().unwrap(),
                    )
                })
                .collect();
            assert_eq!(got, peer, "{backend} {name}");
            let back = env.json_with(backend, &["map", "tcp", s(&sv), s(&c), "-f", "json"]);
            for x in back.as_array().unwrap() {
                let ss = x["tcp_stream"].as_u64().unwrap();
                let cs = peer.iter().find(|(_, p)| **p == ss).map(|(c, _)| *c);
                assert_eq!(
                    x["peer_tcp_stream"].as_u64(),
                    cs,
                    "{backend} {name}: server {ss}"
                );
            }
            if m["connections"][0]["protocol"] == "mptcp" {
                for (a, b, reverse) in [(&c, &sv, false), (&sv, &c, true)] {
                    let r = env.json_with(backend, &["map", "mptcp", s(a), s(b), "-f", "json"]);
                    assert_eq!(r[0]["peer_mptcp_stream"], 0, "{backend} {name}");
                    assert_eq!(r[0]["evidence"], "keys", "{backend} {name}");
                    for sf in r[0]["subflows"].as_array().unwrap() {
                        let t = sf["tcp_stream"].as_u64().unwrap();
                        let want = if reverse {
                            peer.iter().find(|(_, p)| **p == t).map(|(c, _)| *c)
                        } else {
                            peer.get(&t).copied()
                        };
                        assert_eq!(
                            sf["peer_tcp_stream"].as_u64(),
                            want,
                            "{backend} {name} sf {t}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn reinjections_on_pair_lossy_useful_are_those_whose_original_the_router_dropped() {
    let env = Env::new();
    let m = manifest("pair-lossy");
    let (c, sv) = captures("pair-lossy");
    let want: Vec<u64> = m["verified"]["reinjections"]
        ["client_frames_on_path_1_reinjecting_path_2_data_to_server"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    // frames of the client capture the router dropped on path 2 towards the server
    let dropped: BTreeSet<u64> = m["verified"]["flows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == 2 && f["direction"] == "to_server")
        .flat_map(|f| {
            f["lost_frames_in_sender_capture"]
                .as_array()
                .unwrap()
                .clone()
        })
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(dropped.len() as u64, router_drops(&m, 2, "to_server"));
    let mut outputs = Vec::new();
    for backend in backends() {
        let one = env.json_with(
            backend,
            &["reinjections", s(&c), "--mptcp", "0", "-f", "json"],
        );
        let frames: Vec<u64> = one["reinjections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["frame"].as_u64().unwrap())
            .collect();
        assert_eq!(frames, want, "{backend}: the reinjections tshark found");
        let two = env.json_with(
            backend,
            &["reinjections", s(&c), s(&sv), "--mptcp", "0", "-f", "json"],
        );
        assert_eq!(
            two["qualified_directions"],
            serde_json::json!(["to_server"])
        );
        let mut useful = Vec::new();
        let mut expected = Vec::new();
        for r in two["reinjections"].as_array().unwrap() {
            let frame = r["frame"].as_u64().unwrap();
            let originals: Vec<u64> = r["originals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["frame"].as_u64().unwrap())
                .collect();
            // every reinjection reached the server (path 1 drops nothing)
            assert_eq!(r["received"], true, "{backend}: {frame}");
            if originals.iter().any(|o| dropped.contains(o)) {
                expected.push(frame);
            }
            match r["qualification"].as_str().unwrap() {
                "useful" => {
                    useful.push(frame);
                    assert!(r["gain_s"].as_f64().unwrap() > 0.0, "{backend}: {frame}");
                }
                "redundant" => assert!(r["gain_s"].as_f64().unwrap() < 0.0, "{backend}: {frame}"),
                q => panic!("{q}"),
            }
        }
        assert!(!expected.is_empty());
        assert_eq!(
            useful, expected,
            "{backend}: useful = original dropped by the router"
        );
        let s0 = &two["summary"][0];
        assert_eq!(s0["useful"].as_u64().unwrap(), expected.len() as u64);
        assert_eq!(
            s0["useful"].as_u64().unwrap() + s0["redundant"].as_u64().unwrap(),
            want.len() as u64
        );
        outputs.push(two);
    }
    for w in outputs.windows(2) {
        assert_eq!(w[0], w[1], "backends differ");
    }
}

#[test]
fn receiver_on_the_mptcp_pairs_delivers_what_the_applications_sent() {
    let env = Env::new();
    for name in ["pair-two-subflows", "pair-lossy"] {
        let m = manifest(name);
        let (c, sv) = captures(name);
        let flows = m["verified"]["flows"].as_array().unwrap();
        for backend in backends() {
            let r = env.json_with(
                backend,
                &["receiver", s(&c), s(&sv), "--mptcp", "0", "-f", "json"],
            );
            for d in r["directions"].as_array().unwrap() {
                let dir = d["direction"].as_str().unwrap();
                let app = &m["connections"][0][if dir == "to_server" {
                    "bytes_to_server"
                } else {
                    "bytes_to_client"
                }];
                assert_eq!(d["delivered_bytes"], *app, "{backend} {name} {dir}");
                assert_eq!(d["packets_without_dsn"], 0, "{backend} {name} {dir}");
                assert!(d["goodput_bit_s"].as_f64().unwrap() > 0.0);
                for sf in d["subflows"].as_array().unwrap() {
                    let t = sf["tcp_stream"].as_u64().unwrap();
                    let w = flows
                        .iter()
                        .find(|f| f["tcp_stream"] == t && f["direction"] == dir)
                        .unwrap();
                    assert_eq!(sf["packets_sent"], w["sent"], "{backend} {name} {dir} {t}");
                    assert_eq!(
                        sf["packets_received"], w["received"],
                        "{backend} {name} {dir} {t}"
                    );
                    assert_eq!(
                        sf["lost_packets"],
                        router_drops(&m, w["path"].as_u64().unwrap(), dir),
                        "{backend} {name} {dir} {t}"
                    );
                }
            }
        }
    }
}

#[test]
fn map_and_owd_through_a_nat_and_from_a_capture_cut_at_the_start() {
    let env = Env::new();
    let m = manifest("pair-lossy");
    let (c, sv) = captures("pair-lossy");
    // the client behind a NAT: the server capture sees other addresses and ports
    let natted = env.dir.path().join("server-nat.pcap");
    let rules = [
        NatRule {
            from_ip: [10, 11, 0, 1],
            from_port: None,
            to_ip: [198, 51, 100, 1],
            to_port: None,
        },
        NatRule {
            from_ip: [10, 12, 0, 1],
            from_port: None,
            to_ip: [198, 51, 100, 2],
            to_port: None,
        },
    ];
    let port_rules: Vec<NatRule> = rules
        .iter()
        .flat_map(|r| {
            // and the client ports shifted, as a NAPT does
            let flows = m["verified"]["flows"].as_array().unwrap();
            flows
                .iter()
                .filter(|f| f["client"]["ip"] == std::net::Ipv4Addr::from(r.from_ip).to_string())
                .map(|f| {
                    let p = f["client"]["port"].as_u64().unwrap() as u16;
                    NatRule {
                        from_port: Some(p),
                        to_port: Some(p ^ 0x4000),
                        ..*r
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(nat_capture(&sv, &natted, &port_rules) > 0);
    for backend in backends() {
        let r = env.json_with(backend, &["map", "mptcp", s(&c), s(&natted), "-f", "json"]);
        assert_eq!(r[0]["peer_mptcp_stream"], 0, "{backend}");
        let peers: Vec<u64> = r[0]["subflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["peer_tcp_stream"].as_u64().unwrap())
            .collect();
        assert_eq!(peers, vec![0, 1], "{backend}");
        let t = env.json_with(backend, &["map", "tcp", s(&c), s(&natted), "-f", "json"]);
        for x in t.as_array().unwrap() {
            assert_eq!(x["evidence"]["same_4tuple"], false);
            assert_eq!(x["peer_tcp_stream"], x["tcp_stream"], "{backend}");
        }
        let plain = env.json_with(
            backend,
            &[
                "owd",
                s(&c),
                s(&sv),
                "--mptcp",
                "0",
                "--per-packet",
                "-f",
                "json",
            ],
        );
        let through = env.json_with(
            backend,
            &[
                "owd",
                s(&c),
                s(&natted),
                "--mptcp",
                "0",
                "--per-packet",
                "-f",
                "json",
            ],
        );
        assert_eq!(
            plain, through,
            "{backend}: the same packets and delays through the NAT"
        );
    }
    // the server capture started late: its first 40 records (both handshakes) are gone
    let cut = env.dir.path().join("server-cut.pcap");
    cut_capture(&sv, &cut, 40);
    for backend in backends() {
        let r = env.json_with(backend, &["map", "mptcp", s(&c), s(&cut), "-f", "json"]);
        assert_eq!(r[0]["peer_mptcp_stream"], 0, "{backend}: {r}");
        let t = env.json_with(backend, &["map", "tcp", s(&c), s(&cut), "-f", "json"]);
        for x in t.as_array().unwrap() {
            assert_eq!(x["evidence"]["isn"], "none", "{backend}: {x}");
            assert_eq!(x["peer_tcp_stream"], x["tcp_stream"], "{backend}");
        }
        let sum = env.json_with(
            backend,
            &["owd", s(&c), s(&cut), "--mptcp", "0", "-f", "json"],
        );
        for f in sum["flows"].as_array().unwrap() {
            assert_eq!(f["negative"], 0);
            if f["direction"] == "to_server" {
                assert_eq!(
                    f["unmatched"], 0,
                    "{backend}: every packet of the cut capture matched"
                );
            }
        }
    }
}
