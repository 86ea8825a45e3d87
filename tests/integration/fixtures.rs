//! The kernel-made captures of fixtures/ against what their applications sent (the manifests
//! written by fixtures/generate.sh), and every data segment's DSN against the bytes it carries.

use crate::util::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Every capture with its manifest: a two-capture pair (`captures`: client and server, no NAT
/// between them) gives both, each described by the same connections.
fn manifests() -> Vec<(PathBuf, Value)> {
    let mut v: Vec<(PathBuf, Value)> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .flat_map(|p| {
            let m: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let mut caps = vec![m["capture"].as_str().unwrap().to_string()];
            if let Some(server) = m["captures"]["server"].as_str() {
                assert_eq!(m["captures"]["client"], m["capture"], "{}", p.display());
                caps.push(server.to_string());
            }
            caps.into_iter()
                .map(|c| (root().join("fixtures").join(c), m.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(v.len() >= 3, "fixture manifests missing");
    v
}

/// The MPTCP connection of `list mptcp` whose master subflow is the manifest's initial subflow.
fn find_conn<'a>(list: &'a Value, conn: &Value) -> Option<&'a Value> {
    let cport = conn["client"]["port"].as_u64()?;
    list.as_array()?.iter().find(|c| {
        c["subflows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["master"] == true && s["client_port"].as_u64() == Some(cport))
    })
}

#[test]
fn listing_matches_what_the_script_recorded() {
    let env = Env::new();
    for (cap, m) in manifests() {
        for backend in backends() {
            let list = env.json_with(backend, &["list", "mptcp", s(&cap), "-f", "json"]);
            let tcp = env.json_with(backend, &["list", "tcp", s(&cap), "-f", "json"]);
            for conn in m["connections"].as_array().unwrap() {
                let ctx = format!("{} {backend} {conn}", cap.display());
                let cport = conn["client"]["port"].as_u64().unwrap();
                let t = tcp
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|t| t["client_port"].as_u64() == Some(cport))
                    .unwrap_or_else(|| panic!("{ctx}: no TCP connection from port {cport}"));
                assert_eq!(t["client_ip"], conn["client"]["ip"], "{ctx}");
                assert_eq!(t["server_ip"], conn["server"]["ip"], "{ctx}");
                assert_eq!(t["server_port"], conn["server"]["port"], "{ctx}");
                let is_mptcp_socket = conn["client_socket_protocol"] == 262;
                // A v1 connection the server declined at the SYN/ACK has no mptcp.stream in
                // Wireshark: plain TCP, flagged in `list tcp`, not an MPTCP connection.
                let declined = is_mptcp_socket && conn["fallback"] == true;
                assert_eq!(t["mptcp_fallback"], declined, "{ctx}");
                match find_conn(&list, conn) {
                    Some(c) => {
                        assert!(is_mptcp_socket, "{ctx}: plain TCP listed as MPTCP");
                        assert!(
                            !declined,
                            "{ctx}: fallback at the handshake listed as MPTCP"
                        );
                        assert_eq!(c["fallback"], false, "{ctx}");
                        assert_eq!(c["version"], 1, "{ctx}");
                        let n = c["subflows"].as_array().unwrap().len() as u64;
                        assert_eq!(Some(n), conn["expected_subflows"].as_u64(), "{ctx}");
                        assert_eq!(t["mptcp_stream"], c["mptcp_stream"], "{ctx}");
                    }
                    None => {
                        assert!(
                            !is_mptcp_socket || declined,
                            "{ctx}: MPTCP connection not listed"
                        );
                        assert!(t["mptcp_stream"].is_null(), "{ctx}");
                    }
                }
                if conn["fallback"] == true || conn["protocol"] == "tcp" {
                    // everything went over the one TCP connection: its sequence space carries
                    // exactly what the applications sent; `list tcp` counts retransmissions
                    // too (the pair captures have some: router drops, tail loss probes)
                    let st = env.json_with(
                        backend,
                        &[
                            "stats",
                            "tcp",
                            s(&cap),
                            &t["tcp_stream"].to_string(),
                            "-f",
                            "json",
                        ],
                    )[0]
                    .clone();
                    for dir in ["to_server", "to_client"] {
                        let key = format!("bytes_{dir}");
                        assert_eq!(st[dir]["unique_bytes"], conn[&key], "{ctx} {dir}");
                        assert_eq!(t[&key], st[dir]["payload_bytes"], "{ctx} {dir}");
                    }
                }
            }
        }
    }
}

#[test]
fn data_level_bytes_equal_what_the_applications_sent() {
    let env = Env::new();
    let mut lossy_retrans = 0;
    let mut lossy_tcp_retrans = 0;
    for (cap, m) in manifests() {
        for backend in backends() {
            let list = env.json_with(backend, &["list", "mptcp", s(&cap), "-f", "json"]);
            for conn in m["connections"].as_array().unwrap() {
                // MPTCP connections (one declined at the handshake is plain TCP, checked in
                // listing_matches_what_the_script_recorded)
                if conn["client_socket_protocol"] != 262 || conn["fallback"] == true {
                    continue;
                }
                let ctx = format!("{} {backend}", cap.display());
                // both applications verified the stream and got every byte the other sent
                // (for mptcp-resets too: the client aborts only after the server read all its
                // data and the client read the server's until EOF), so the data level carries
                // exactly what was sent
                assert_eq!(conn["received_ok"], true, "{ctx}");
                let c = find_conn(&list, conn).unwrap();
                let id = c["mptcp_stream"].to_string();
                let st = env.json_with(backend, &["stats", "mptcp", s(&cap), &id, "-f", "json"])[0]
                    .clone();
                let tcp = env.json_with(backend, &["stats", "tcp", s(&cap), "-f", "json"]);
                for (dir, sent) in [
                    ("to_server", "bytes_to_server"),
                    ("to_client", "bytes_to_client"),
                ] {
                    let d = &st[dir];
                    assert_eq!(d["data_bytes"], conn[sent], "{ctx} {dir}");
                    // the subflows' sequence-space bytes cover the data (reinjections add more)
                    let unique: u64 = d["subflows"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|sf| {
                            let t = tcp
                                .as_array()
                                .unwrap()
                                .iter()
                                .find(|t| t["tcp_stream"] == sf["tcp_stream"])
                                .unwrap();
                            // stats mptcp carries each subflow's TCP figures, as stats tcp
                            for k in [
                                "packets",
                                "payload_bytes",
                                "unique_bytes",
                                "retransmitted_bytes",
                                "duration_s",
                            ] {
                                assert_eq!(sf["tcp"][k], t[dir][k], "{ctx} {dir} {k}");
                            }
                            sf["tcp"]["unique_bytes"].as_u64().unwrap()
                        })
                        .sum();
                    // the connection starts with the master's handshake: its first packet
                    // each way is the MP_CAPABLE SYN (towards the server) or SYN/ACK
                    let master = c["subflows"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["master"] == true)
                        .unwrap();
                    let master_tcp = tcp
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|t| t["tcp_stream"] == master["tcp_stream"])
                        .unwrap();
                    assert_eq!(
                        d["first_s"], master_tcp[dir]["first_s"],
                        "{ctx} {dir} start"
                    );
                    let again = d["data_retransmitted_bytes"].as_u64().unwrap();
                    assert_eq!(
                        unique,
                        conn[sent].as_u64().unwrap() + again,
                        "{ctx} {dir}: subflow unique bytes = data bytes + data-level retransmissions"
                    );
                    if m["scenario"] == "mptcp-lossy" {
                        lossy_retrans += again;
                        lossy_tcp_retrans += tcp
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|t| t[dir]["retransmitted_packets"].as_u64().unwrap())
                            .sum::<u64>();
                    }
                    let shares: f64 = d["subflows"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x["share"].as_f64().unwrap())
                        .sum();
                    assert!(
                        (shares - 1.0).abs() < 1e-9,
                        "{ctx} {dir}: shares sum to {shares}"
                    );
                }
                if conn["fallback"] == false {
                    // a DATA_FIN from each side that half-closed; a client that closed
                    // abortively (manifests before that mode have no client_close) sent none
                    // but an MP_FASTCLOSE, and only such a client sends one
                    let aborted = conn["client_close"]
                        .as_str()
                        .is_some_and(|x| x.starts_with("abortive"));
                    let has = |kind: &str, from: &str| {
                        st["events"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|e| e["kind"] == kind && e["from"] == from)
                    };
                    assert!(
                        has("DATA_FIN", "server"),
                        "{ctx}: no DATA_FIN from the server"
                    );
                    assert_eq!(
                        has("DATA_FIN", "client"),
                        !aborted,
                        "{ctx}: client DATA_FIN"
                    );
                    assert_eq!(
                        has("MP_FASTCLOSE", "client"),
                        aborted,
                        "{ctx}: MP_FASTCLOSE"
                    );
                    assert!(!has("MP_FASTCLOSE", "server"), "{ctx}: server MP_FASTCLOSE");
                }
                if m["scenario"] == "mptcp-addr-events" {
                    let kinds: Vec<&str> = st["events"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|e| e["kind"].as_str().unwrap())
                        .collect();
                    for k in ["ADD_ADDR", "REMOVE_ADDR", "MP_PRIO", "DATA_FIN"] {
                        assert!(kinds.contains(&k), "{ctx}: no {k} event in {kinds:?}");
                    }
                }
            }
        }
    }
    assert!(
        lossy_tcp_retrans > 0,
        "the lossy capture shows no TCP retransmission"
    );
    assert!(
        lossy_retrans > 0,
        "the lossy capture shows no data-level retransmission"
    );
}

/// frame -> TCP payload bytes, read from the pcap records by the test harness (an oracle
/// independent of our dissector, needing no tshark).
fn payloads(cap: &Path) -> HashMap<u64, Vec<u8>> {
    let (linktype, records) = pcap_records(cap);
    records
        .iter()
        .enumerate()
        .filter_map(|(i, (_, data, _))| {
            let p = tcp_payload(linktype, data)?;
            (!p.is_empty()).then(|| (i as u64 + 1, p.to_vec()))
        })
        .collect()
}

#[test]
fn every_segment_dsn_matches_the_offset_its_payload_encodes() {
    let env = Env::new();
    for (cap, m) in manifests() {
        assert_eq!(m["record_format"], "u64be-offset-8");
        let payload = payloads(&cap);
        for backend in backends() {
            let csv = env.stdout_with(backend, &["pcap2csv", s(&cap)]);
            let mut rdr = csv::Reader::from_reader(csv.as_bytes());
            let h = rdr.headers().unwrap().clone();
            let col = |n: &str| h.iter().position(|x| x == n).unwrap();
            let (cf, cd, cl, cm) = (
                col("frame"),
                col("dsn"),
                col("payload_len"),
                col("mptcp_stream"),
            );
            let mut checked = 0;
            for r in rdr.records() {
                let r = r.unwrap();
                let len: u64 = r[cl].parse().unwrap();
                if len == 0 || r[cm].is_empty() {
                    continue;
                }
                let frame: u64 = r[cf].parse().unwrap();
                let ctx = format!("{} {backend} frame {frame}", cap.display());
                assert!(!r[cd].is_empty(), "{ctx}: MPTCP data without DSN");
                let offset = r[cd].parse::<u64>().unwrap() - 1;
                let bytes = &payload[&frame];
                let skip = ((8 - offset % 8) % 8) as usize;
                if bytes.len() < skip + 8 {
                    continue;
                }
                let v = u64::from_be_bytes(bytes[skip..skip + 8].try_into().unwrap());
                assert_eq!(
                    v,
                    offset + skip as u64,
                    "{ctx}: payload encodes another offset"
                );
                checked += 1;
            }
            let has_mptcp_data = m["connections"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["client_socket_protocol"] == 262 && c["fallback"] == false);
            if has_mptcp_data {
                assert!(
                    checked > 20,
                    "{}: only {checked} segments checked",
                    cap.display()
                );
            }
        }
    }
}

/// Regression: a subflow whose SYN (and first data segment) is not in the capture must never get
/// wrong DSNs: its ISN follows from the DSS mappings once they pin it down; the segments before
/// that (the rest of the first, partly captured mapping) get none.
#[test]
fn subflow_captured_without_its_syn_keeps_exact_dsns() {
    let env = Env::new();
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let full = env.stdout(&["pcap2csv", s(&cap)]);
    let mut rdr = csv::Reader::from_reader(full.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (cs, cl, cd, cf) = (
        col("tcp_stream"),
        col("payload_len"),
        col("dsn"),
        col("frame"),
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    // drop subflow 1 up to and including its first data segment
    let first_data = rows
        .iter()
        .position(|r| &r[cs] == "1" && &r[cl] != "0")
        .unwrap();
    let kept: Vec<&csv::StringRecord> = rows
        .iter()
        .enumerate()
        .filter(|(i, r)| !(&r[cs] == "1" && *i <= first_data))
        .map(|(_, r)| r)
        .collect();
    let cut = env.dir.path().join("no-syn.csv");
    let mut w = csv::Writer::from_path(&cut).unwrap();
    w.write_record(&h).unwrap();
    for r in &kept {
        w.write_record(*r).unwrap();
    }
    w.flush().unwrap();
    let again = env.stdout(&["pcap2csv", s(&cut)]);
    let mut rdr = csv::Reader::from_reader(again.as_bytes());
    let expected: std::collections::HashMap<&str, &str> =
        kept.iter().map(|r| (&r[cf], &r[cd])).collect();
    let csp = h.iter().position(|x| x == "src_port").unwrap();
    let (mut checked, mut unknown) = (0, 0);
    // per direction: once the subflow's ISN is pinned, every segment has a DSN
    let mut pinned: Vec<String> = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        if &r[cs] == "1" && &r[cl] != "0" {
            let dir = r[csp].to_string();
            if r[cd].is_empty() {
                assert!(
                    !pinned.contains(&dir),
                    "frame {}: no DSN after the ISN was known",
                    &r[cf]
                );
                unknown += 1;
            } else {
                if !pinned.contains(&dir) {
                    pinned.push(dir);
                }
                assert_eq!(&r[cd], expected[&r[cf]], "frame {}", &r[cf]);
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked}");
    assert!(unknown < 50, "{unknown} segments without DSN");
    // and the connection's data bytes are unchanged
    let st = env.json(&["stats", "mptcp", s(&cut), "0", "-f", "json"])[0].clone();
    let orig = env.json(&["stats", "mptcp", s(&cap), "0", "-f", "json"])[0].clone();
    assert_eq!(
        st["to_server"]["data_bytes"],
        orig["to_server"]["data_bytes"]
    );
}

/// A join subflow whose handshake is missing and whose server port differs from the master's is
/// oriented by the addresses each host is known to use (its subflows, its ADD_ADDRs).
#[test]
fn join_without_handshake_on_another_port_is_oriented_by_address() {
    let env = Env::new();
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let full = env.stdout(&["pcap2csv", s(&cap)]);
    let mut rdr = csv::Reader::from_reader(full.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (cs, cflags, csp, cdp) = (
        col("tcp_stream"),
        col("tcp_flags"),
        col("src_port"),
        col("dst_port"),
    );
    let cut = env.dir.path().join("moved-join.csv");
    let mut w = csv::Writer::from_path(&cut).unwrap();
    w.write_record(&h).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let syn = r[cflags].parse::<u16>().unwrap() & 2 != 0;
        if &r[cs] == "1" && syn {
            continue;
        }
        let mut v: Vec<String> = r.iter().map(str::to_string).collect();
        if &r[cs] == "1" {
            for c in [csp, cdp] {
                if v[c] == "5201" {
                    v[c] = "6000".into();
                }
            }
        }
        w.write_record(&v).unwrap();
    }
    w.flush().unwrap();
    let payload = |v: &Value, dir: &str| -> u64 {
        v[dir]["subflows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["tcp_stream"] == 1)
            .map(|s| s["payload_bytes"].as_u64().unwrap())
            .unwrap()
    };
    let orig = env.json(&["stats", "mptcp", s(&cap), "0", "-f", "json"])[0].clone();
    let moved = env.json(&["stats", "mptcp", s(&cut), "0", "-f", "json"])[0].clone();
    for dir in ["to_server", "to_client"] {
        assert_eq!(payload(&moved, dir), payload(&orig, dir), "{dir}");
    }
    assert!(payload(&orig, "to_client") > 0 && payload(&orig, "to_server") > 0);
}

/// Regression: a subflow captured without its SYN whose first segment seen is not its lowest
/// (reordering across the capture start) must not wrap relative numbers to ~2^64.
#[test]
fn segment_before_the_first_one_seen_does_not_wrap() {
    let env = Env::new();
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let full = env.stdout(&["pcap2csv", s(&cap)]);
    let mut rdr = csv::Reader::from_reader(full.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (cs, cflags, cl, cseq) = (
        col("tcp_stream"),
        col("tcp_flags"),
        col("payload_len"),
        col("seq"),
    );
    let cdp = col("dst_port");
    let mut rows: Vec<csv::StringRecord> = rdr
        .records()
        .map(|r| r.unwrap())
        .filter(|r| !(&r[cs] == "1" && r[cflags].parse::<u16>().unwrap() & 2 != 0))
        .collect();
    // swap the first two data segments of subflow 1 sent by its client
    let data: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            &r[cs] == "1"
                && &r[cl] != "0"
                && r[cdp].parse::<u16>().unwrap() == 5201
                && r[cseq].parse::<i64>().unwrap() < 5000
        })
        .map(|(i, _)| i)
        .take(2)
        .collect();
    assert_eq!(data.len(), 2);
    let first_rel = rows.iter().position(|r| &r[cs] == "1").unwrap();
    let second = rows.remove(data[1]);
    rows.insert(first_rel, second);
    let cut = env.dir.path().join("reordered.csv");
    let mut w = csv::Writer::from_path(&cut).unwrap();
    w.write_record(&h).unwrap();
    // as if captured in this order: frames numbered as they now come
    for (i, r) in rows.iter().enumerate() {
        let mut v: Vec<String> = r.iter().map(str::to_string).collect();
        v[0] = (i + 1).to_string();
        w.write_record(&v).unwrap();
    }
    w.flush().unwrap();
    let again = env.stdout(&["pcap2csv", s(&cut)]);
    let mut rdr = csv::Reader::from_reader(again.as_bytes());
    let mut negative = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        if &r[cs] == "1" {
            let seq: i64 = r[cseq].parse().expect("relative seq is a (signed) number");
            assert!(seq.abs() < 1 << 32, "seq {seq} wrapped");
            negative += (seq < 0) as u32;
        }
    }
    assert!(
        negative > 0,
        "the moved segment comes before the first one seen"
    );
    let orig = env.json(&["stats", "tcp", s(&cap), "1", "-f", "json"])[0].clone();
    let moved = env.json(&["stats", "tcp", s(&cut), "1", "-f", "json"])[0].clone();
    assert!(orig["to_server"]["unique_bytes"].as_u64().is_some());
    assert_eq!(
        moved["to_server"]["unique_bytes"],
        orig["to_server"]["unique_bytes"]
    );
    assert_eq!(
        moved["to_server"]["retransmitted_bytes"],
        orig["to_server"]["retransmitted_bytes"]
    );
}

/// Regression: a capture that starts mid-connection (no handshake at all) must orient every
/// subflow consistently, so each direction has one DSN base: DSN minus the offset the payload
/// encodes is the same constant on every subflow of a direction.
#[test]
fn capture_started_late_has_one_dsn_base_per_direction() {
    let env = Env::new();
    for (cap, m) in manifests() {
        let conn = &m["connections"][0];
        if conn["protocol"] != "mptcp" {
            continue;
        }
        let server_port = conn["server"]["port"].to_string();
        let full = env.stdout(&["pcap2csv", s(&cap)]);
        let mut rdr = csv::Reader::from_reader(full.as_bytes());
        let h = rdr.headers().unwrap().clone();
        let cut = env.dir.path().join("late.csv");
        let mut w = csv::Writer::from_path(&cut).unwrap();
        w.write_record(&h).unwrap();
        for r in rdr.records() {
            let r = r.unwrap();
            if r[0].parse::<u64>().unwrap() > 50 {
                w.write_record(&r).unwrap();
            }
        }
        w.flush().unwrap();
        let out = env.stdout(&["pcap2csv", s(&cut)]);
        let payload = payloads(&cap);
        let mut rdr = csv::Reader::from_reader(out.as_bytes());
        let hd = rdr.headers().unwrap().clone();
        let col = |n: &str| hd.iter().position(|x| x == n).unwrap();
        let (cf, cd, cdp) = (col("frame"), col("dsn"), col("dst_port"));
        let mut shifts: std::collections::BTreeMap<bool, std::collections::BTreeSet<i64>> =
            Default::default();
        for r in rdr.records() {
            let r = r.unwrap();
            let Some(bytes) = payload.get(&r[cf].parse::<u64>().unwrap()) else {
                continue;
            };
            if r[cd].is_empty() {
                continue;
            }
            // the true stream offset: the record whose successor holds offset + 8
            let off = (0..8).find_map(|i| {
                let v = u64::from_be_bytes(bytes.get(i..i + 8)?.try_into().ok()?);
                let next = u64::from_be_bytes(bytes.get(i + 8..i + 16)?.try_into().ok()?);
                (v % 8 == 0 && next == v + 8 && v >= i as u64).then(|| v - i as u64)
            });
            if let Some(off) = off {
                let to_server = r[cdp] == server_port;
                let dsn: i64 = r[cd].parse().unwrap();
                shifts
                    .entry(to_server)
                    .or_default()
                    .insert(dsn - off as i64 - 1);
            }
        }
        assert_eq!(shifts.len(), 2, "{}", cap.display());
        for (dir, v) in &shifts {
            assert_eq!(
                v.len(),
                1,
                "{} to_server={dir}: several DSN bases {v:?}",
                cap.display()
            );
        }
    }
}

/// The two-capture pairs (client and server capture of one run through a router namespace):
/// `list tcp` / `list mptcp` on each capture against what fixtures/pair_check.py verified with
/// tshark and the router's own counters (manifest `verified`, `router`): per subflow and
/// direction, the sender's capture holds `sent` packets and the receiver's `received`; per path
/// and direction, the difference is what the router dropped; the MPTCP keys and tokens are those
/// of the handshake (tokens: SHA-256 of the keys, computed by the script).
#[test]
fn pair_captures_hold_what_their_manifests_say() {
    let env = Env::new();
    let mut pairs = 0;
    let mut lost_total = 0;
    for (cap, m) in manifests() {
        let Some(server_cap) = m["captures"]["server"].as_str() else {
            continue;
        };
        if cap.file_name().unwrap() == server_cap {
            continue; // each pair once, from its client capture
        }
        pairs += 1;
        let v = &m["verified"];
        assert_eq!(v["ok"], true, "{}", cap.display());
        let sides = [("client", cap.clone()), ("server", fixture(server_cap))];
        for backend in backends() {
            // side -> (path, direction) -> packets of that path and direction in `list tcp`
            let mut per_path: HashMap<(&str, u64, &str), u64> = HashMap::new();
            for (side, path) in &sides {
                let ctx = format!("{} {backend}", path.display());
                let tcp = env.json_with(backend, &["list", "tcp", s(path), "-f", "json"]);
                let tcp = tcp.as_array().unwrap();
                let total: u64 = tcp.iter().map(|t| t["packets"].as_u64().unwrap()).sum();
                assert_eq!(
                    total,
                    m["observed_by_tshark"][side]["tcp_packets"]
                        .as_u64()
                        .unwrap(),
                    "{ctx}: TCP packets"
                );
                let flows = v["flows"].as_array().unwrap();
                assert_eq!(
                    tcp.len() * 2,
                    flows.len(),
                    "{ctx}: one flow per connection and direction"
                );
                for f in flows {
                    let id = if *side == "client" {
                        &f["tcp_stream"]
                    } else {
                        &f["peer_tcp_stream"]
                    };
                    let t = tcp
                        .iter()
                        .find(|t| &t["tcp_stream"] == id)
                        .unwrap_or_else(|| panic!("{ctx}: no tcp.stream {id}"));
                    for (k, want) in [
                        ("client_ip", &f["client"]["ip"]),
                        ("client_port", &f["client"]["port"]),
                        ("server_ip", &f["server"]["ip"]),
                        ("server_port", &f["server"]["port"]),
                    ] {
                        assert_eq!(&t[k], want, "{ctx} tcp.stream {id} {k}");
                    }
                    let dir = f["direction"].as_str().unwrap();
                    let sender = if dir == "to_server" {
                        "client"
                    } else {
                        "server"
                    };
                    let want = if *side == sender {
                        &f["sent"]
                    } else {
                        &f["received"]
                    };
                    let got = &t[format!("packets_{dir}")];
                    assert_eq!(got, want, "{ctx} tcp.stream {id} {dir} packets");
                    *per_path
                        .entry((side, f["path"].as_u64().unwrap(), dir))
                        .or_default() += got.as_u64().unwrap();
                }
            }
            // lost between the taps = the router's drops, per path and direction
            for p in m["router"]["paths"].as_array().unwrap() {
                let path = p["path"].as_u64().unwrap();
                for (dir, sender, receiver) in [
                    ("to_server", "client", "server"),
                    ("to_client", "server", "client"),
                ] {
                    let dropped = p[dir]["nft_dropped_packets"].as_u64().unwrap()
                        + p[dir]["tc_dropped_packets"].as_u64().unwrap();
                    let lost = per_path[&(sender, path, dir)] - per_path[&(receiver, path, dir)];
                    assert_eq!(
                        lost,
                        dropped,
                        "{} {backend} path {path} {dir}",
                        cap.display()
                    );
                    assert_eq!(
                        per_path[&(sender, path, dir)],
                        dropped + p[dir]["nft_forwarded_packets"].as_u64().unwrap(),
                        "{} {backend} path {path} {dir}: the router saw every packet sent",
                        cap.display()
                    );
                    lost_total += lost;
                }
            }
            // MPTCP: keys and tokens, the same connection on both sides
            for conn in m["connections"].as_array().unwrap() {
                if conn["protocol"] != "mptcp" {
                    continue;
                }
                for (_, path) in &sides {
                    let list = env.json_with(backend, &["list", "mptcp", s(path), "-f", "json"]);
                    let c = find_conn(&list, conn).unwrap();
                    for k in ["client_key", "server_key", "client_token", "server_token"] {
                        assert!(conn[k].is_u64(), "{}: {k}", cap.display());
                        assert_eq!(c[k], conn[k], "{} {backend} {k}", path.display());
                    }
                }
            }
        }
        if m["scenario"] == "pair-lossy" {
            let r = &v["reinjections"]["client_frames_on_path_1_reinjecting_path_2_data_to_server"];
            let frames: Vec<u64> = r
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap())
                .collect();
            assert!(!frames.is_empty());
            // the same frames, found by our own analysis, on the client capture
            let csv = env.stdout(&["pcap2csv", s(&cap)]);
            let mut rdr = csv::Reader::from_reader(csv.as_bytes());
            let h = rdr.headers().unwrap().clone();
            let (cf, cr, cs) = (
                h.iter().position(|x| x == "frame").unwrap(),
                h.iter().position(|x| x == "reinjection_of").unwrap(),
                h.iter().position(|x| x == "src_ip").unwrap(),
            );
            let ours: Vec<u64> = rdr
                .records()
                .map(|r| r.unwrap())
                .filter(|r| !r[cr].is_empty() && &r[cs] == "10.11.0.1")
                .map(|r| r[cf].parse().unwrap())
                .collect();
            assert_eq!(
                ours,
                frames,
                "{}: reinjections on path 1 to the server",
                cap.display()
            );
        }
    }
    assert_eq!(pairs, 3, "pair manifests");
    assert!(lost_total > 0, "no pair lost anything between its taps");
}
