//! fixtures/mptcp-resets.pcap: a join the server rejects (RST + MP_TCPRST) and an abortive close
//! of the connection (RST + MP_FASTCLOSE). The expectations come from its manifest: what the
//! script set up (which subflow is rejected, by whom, with which reason; who aborts, on which
//! subflow) and the frames its own pcap scanner (fixtures/app.py scan) found carrying the options;
//! frame times are read from the pcap file here.

use crate::util::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const RST: u16 = 0x4;
const FIN: u16 = 0x1;

fn manifest() -> (PathBuf, Value) {
    let m: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("mptcp-resets.json")).unwrap())
            .unwrap();
    (fixture(m["capture"].as_str().unwrap()), m)
}

/// Frame number (1-based) -> timestamp in ns since the first frame, read from the classic pcap
/// file itself (nanosecond or microsecond magic, either byte order).
fn frame_times(cap: &Path) -> Vec<i64> {
    let d = std::fs::read(cap).unwrap();
    let (le, nano) = match d[..4] {
        [0xd4, 0xc3, 0xb2, 0xa1] => (true, false),
        [0x4d, 0x3c, 0xb2, 0xa1] => (true, true),
        [0xa1, 0xb2, 0xc3, 0xd4] => (false, false),
        [0xa1, 0xb2, 0x3c, 0x4d] => (false, true),
        _ => panic!("{}: not a classic pcap", cap.display()),
    };
    let u32_at = |i: usize| {
        let b: [u8; 4] = d[i..i + 4].try_into().unwrap();
        if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    let mut t = Vec::new();
    let mut off = 24;
    while off + 16 <= d.len() {
        let frac = u32_at(off + 4) as i64;
        t.push(u32_at(off) as i64 * 1_000_000_000 + if nano { frac } else { frac * 1000 });
        off += 16 + u32_at(off + 8) as usize;
    }
    let t0 = t[0];
    t.into_iter().map(|x| x - t0).collect()
}

/// pcap2csv rows by frame: column name -> value.
fn csv_rows(env: &Env, backend: &str, cap: &Path) -> HashMap<u64, HashMap<String, String>> {
    let out = env.stdout_with(backend, &["pcap2csv", s(cap)]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let h = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let row: HashMap<String, String> = h
                .iter()
                .zip(r.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            (row["frame"].parse().unwrap(), row)
        })
        .collect()
}

/// The expected reset events, one per MP_TCPRST / MP_FASTCLOSE option in the frames the script
/// found: (frame, kind, tcp_stream, from, detail), sorted.
fn expected_events(m: &Value, tcp: &Value) -> Vec<(u64, String, u64, String, String)> {
    let mut v = Vec::new();
    for r in m["mptcp_reset_frames"].as_array().unwrap() {
        let (src, dst) = (r["src"].as_str().unwrap(), r["dst"].as_str().unwrap());
        // the subflow with these endpoints, and which of its ends sent the frame
        let (stream, from) = tcp
            .as_array()
            .unwrap()
            .iter()
            .find_map(|t| {
                let c = format!("{}:{}", t["client_ip"].as_str()?, t["client_port"]);
                let sv = format!("{}:{}", t["server_ip"].as_str()?, t["server_port"]);
                let id = t["tcp_stream"].as_u64()?;
                if (src, dst) == (c.as_str(), sv.as_str()) {
                    Some((id, "client"))
                } else if (src, dst) == (sv.as_str(), c.as_str()) {
                    Some((id, "server"))
                } else {
                    None
                }
            })
            .unwrap_or_else(|| panic!("no TCP connection {src} <-> {dst}"));
        for o in r["options"].as_array().unwrap() {
            let detail = match o["subtype"].as_u64().unwrap() {
                8 => {
                    // RFC 8684 section 3.6, in the short words of docs/statistics.md
                    let names = [
                        "unspecified",
                        "MPTCP error",
                        "no resources",
                        "prohibited",
                        "outstanding data",
                        "poor performance",
                        "middlebox",
                    ];
                    let r = o["reason"].as_u64().unwrap() as usize;
                    let flags = match o["flags"].as_u64().unwrap() {
                        0 => String::new(),
                        f => format!(" flags {f:#x}"),
                    };
                    format!("reason {r} ({}){flags}", names.get(r).unwrap_or(&"unknown"))
                }
                _ => String::new(),
            };
            v.push((
                r["frame"].as_u64().unwrap(),
                o["name"].as_str().unwrap().to_string(),
                stream,
                from.to_string(),
                detail,
            ));
        }
    }
    v.sort();
    v
}

fn stream_of(tcp: &Value, client_ip: &Value, server_ip: &Value, server_port: &Value) -> u64 {
    let found: Vec<u64> = tcp
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| {
            &t["client_ip"] == client_ip
                && &t["server_ip"] == server_ip
                && &t["server_port"] == server_port
        })
        .map(|t| t["tcp_stream"].as_u64().unwrap())
        .collect();
    assert_eq!(found.len(), 1, "{client_ip} -> {server_ip}:{server_port}");
    found[0]
}

#[test]
fn stats_mptcp_reports_the_join_reset_and_the_fastclose() {
    let (cap, m) = manifest();
    let conn = &m["connections"][0];
    let rj = &conn["rejected_join"];
    let ab = &conn["abortive_close"];
    let times = frame_times(&cap);
    let env = Env::new();
    let mut outputs = Vec::new();
    for backend in backends() {
        let ctx = format!("{} {backend}", cap.display());
        let tcp = env.json_with(backend, &["list", "tcp", s(&cap), "-f", "json"]);
        let list = env.json_with(backend, &["list", "mptcp", s(&cap), "-f", "json"]);
        let join = stream_of(&tcp, &rj["client_ip"], &rj["server_ip"], &rj["server_port"]);
        let initial = stream_of(
            &tcp,
            &conn["client"]["ip"],
            &conn["server"]["ip"],
            &conn["server"]["port"],
        );
        // one MPTCP connection, number 0, holding both subflows (the rejected join too)
        assert_eq!(list.as_array().unwrap().len(), 1, "{ctx}");
        assert_eq!(list[0]["mptcp_stream"], 0, "{ctx}");
        let mut subs: Vec<u64> = list[0]["subflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["tcp_stream"].as_u64().unwrap())
            .collect();
        subs.sort();
        assert_eq!(subs, [initial.min(join), initial.max(join)], "{ctx}");

        let st = env.json_with(
            backend,
            &["stats", "mptcp", s(&cap), "0", "--format", "json"],
        )[0]
        .clone();
        let events = st["events"].as_array().unwrap();
        let mut got: Vec<(u64, String, u64, String, String)> = events
            .iter()
            .filter(|e| e["kind"] == "MP_TCPRST" || e["kind"] == "MP_FASTCLOSE")
            .map(|e| {
                (
                    e["frame"].as_u64().unwrap(),
                    e["kind"].as_str().unwrap().to_string(),
                    e["tcp_stream"].as_u64().unwrap(),
                    e["from"].as_str().unwrap().to_string(),
                    e["detail"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            expected_events(&m, &tcp),
            "{ctx}: MP_TCPRST / MP_FASTCLOSE events"
        );
        // every event at the time of its frame, as the pcap file records it
        for e in events {
            let frame = e["frame"].as_u64().unwrap() as usize;
            let want = times[frame - 1] as f64 / 1e9;
            let t = e["time_s"].as_f64().unwrap();
            assert!(
                (t - want).abs() < 1e-9,
                "{ctx}: {e} at {t}, frame at {want}"
            );
        }
        let rows = csv_rows(&env, backend, &cap);
        let flags = |frame: u64| rows[&frame]["tcp_flags"].parse::<u16>().unwrap();
        let find = |kind: &str, from: &str, stream: u64| -> Vec<&Value> {
            events
                .iter()
                .filter(|e| e["kind"] == kind && e["from"] == from && e["tcp_stream"] == stream)
                .collect()
        };
        // what the script set up: the server resets the join with the reason it expects...
        let rejected = find("MP_TCPRST", rj["reset_by"].as_str().unwrap(), join);
        assert_eq!(rejected.len(), 1, "{ctx}: {rejected:?}");
        let reason = rj["mp_tcprst_reason"].as_u64().unwrap();
        assert!(
            rejected[0]["detail"]
                .as_str()
                .unwrap()
                .starts_with(&format!("reason {reason} ")),
            "{ctx}: {}",
            rejected[0]
        );
        assert_ne!(flags(rejected[0]["frame"].as_u64().unwrap()) & RST, 0);
        // ... and the client aborts the connection on the initial subflow, once it has read
        // everything the server sent (its DATA_FIN), with an RST
        let fc = find("MP_FASTCLOSE", ab["by"].as_str().unwrap(), initial);
        assert_eq!(ab["on_subflow"], "initial");
        assert_eq!(fc.len(), 1, "{ctx}: {fc:?}");
        let fc_frame = fc[0]["frame"].as_u64().unwrap();
        assert_ne!(flags(fc_frame) & RST, 0, "{ctx}");
        let fin = events
            .iter()
            .find(|e| e["kind"] == "DATA_FIN" && e["from"] == "server")
            .unwrap();
        assert!(fin["frame"].as_u64() < Some(fc_frame), "{ctx}");
        assert!(rejected[0]["frame"].as_u64() < Some(fc_frame), "{ctx}");
        // MP_FASTCLOSE carries the key of its receiver: the server's
        assert_eq!(
            rows[&fc_frame]["receiver_key"],
            list[0]["server_key"].to_string(),
            "{ctx}"
        );
        // each subflow lives until its last RST (or FIN): the join until the RSTs that
        // refused it, the initial subflow until the abort
        for sf in st["subflows"].as_array().unwrap() {
            let id = sf["tcp_stream"].to_string();
            let last = rows
                .values()
                .filter(|r| r["tcp_stream"] == id)
                .filter(|r| r["tcp_flags"].parse::<u16>().unwrap() & (RST | FIN) != 0)
                .map(|r| r["frame"].parse::<usize>().unwrap())
                .max()
                .unwrap();
            let end = sf["start_s"].as_f64().unwrap() + sf["lifetime_s"].as_f64().unwrap();
            let want = times[last - 1] as f64 / 1e9;
            assert!(
                (end - want).abs() < 1e-6,
                "{ctx}: subflow {id} ends at {end}, {want}"
            );
        }
        outputs.push(st);
    }
    // and the two backends report the same statistics
    if let [a, b] = &outputs[..] {
        assert_eq!(a, b, "native and tshark stats mptcp differ");
    }
}

/// pcap2csv's MP_TCPRST / MP_FASTCLOSE columns, on both backends, against the script's scanner:
/// the options are on exactly the frames it found, with the same reason, flags and key.
#[test]
fn reset_option_columns_match_the_script_on_both_backends() {
    let (cap, m) = manifest();
    let found: HashMap<u64, &Value> = m["mptcp_reset_frames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["frame"].as_u64().unwrap(), r))
        .collect();
    assert!(!found.is_empty());
    let env = Env::new();
    let mut csvs = Vec::new();
    for backend in backends() {
        let rows = csv_rows(&env, backend, &cap);
        for (frame, row) in &rows {
            let ctx = format!("{} {backend} frame {frame}", cap.display());
            let subtypes: Vec<u64> = row["mptcp_subtypes"]
                .split(';')
                .filter(|x| !x.is_empty())
                .map(|x| x.parse().unwrap())
                .collect();
            let Some(r) = found.get(frame) else {
                assert!(!subtypes.contains(&7) && !subtypes.contains(&8), "{ctx}");
                assert_eq!(row["tcprst_reason"], "", "{ctx}");
                assert_eq!(row["tcprst_flags"], "", "{ctx}");
                continue;
            };
            assert_eq!(
                row["tcp_flags"].parse::<u64>().unwrap(),
                r["tcp_flags"],
                "{ctx}"
            );
            let mut has_rst_opt = false;
            for o in r["options"].as_array().unwrap() {
                let st = o["subtype"].as_u64().unwrap();
                assert!(subtypes.contains(&st), "{ctx}: {subtypes:?} lacks {st}");
                match st {
                    8 => {
                        has_rst_opt = true;
                        assert_eq!(row["tcprst_reason"], o["reason"].to_string(), "{ctx}");
                        assert_eq!(row["tcprst_flags"], o["flags"].to_string(), "{ctx}");
                    }
                    7 => assert_eq!(row["receiver_key"], o["key"].to_string(), "{ctx}"),
                    _ => unreachable!(),
                }
            }
            if !has_rst_opt {
                assert_eq!(row["tcprst_reason"], "", "{ctx}");
            }
        }
        for frame in found.keys() {
            assert!(rows.contains_key(frame), "{backend}: frame {frame} missing");
        }
        csvs.push(env.stdout_with(backend, &["pcap2csv", s(&cap)]));
    }
    if let [a, b] = &csvs[..] {
        assert_eq!(a, b, "native and tshark pcap2csv differ");
    }
}

/// `list mptcp` and `stats mptcp` say how each subflow ended (issue 12 item 4). Oracle: the
/// manifest (the join the server rejects with MP_TCPRST reason 3, the client's abortive close
/// with MP_FASTCLOSE on the initial subflow) and the frames its pcap scanner found.
#[test]
fn list_and_stats_show_how_each_subflow_ended() {
    let (cap, m) = manifest();
    let env = Env::new();
    let conn = &m["connections"][0];
    let rejected = &conn["rejected_join"];
    let frames = m["mptcp_reset_frames"].as_array().unwrap();
    // the first reset frame of each direction pair, by the sender's address
    let first_from = |ip: &str| {
        frames
            .iter()
            .find(|f| f["src"].as_str().unwrap().starts_with(&format!("{ip}:")))
            .unwrap()
    };
    for backend in backends() {
        let list = env.json_with(backend, &["list", "mptcp", s(&cap), "-f", "json"]);
        let stats = env.json_with(backend, &["stats", "mptcp", s(&cap), "-f", "json"]);
        let stats = if stats.is_array() {
            stats[0].clone()
        } else {
            stats
        };
        let subflows = list[0]["subflows"].as_array().unwrap();
        assert_eq!(subflows.len(), 2);
        for sf in subflows {
            let joined = sf["client_ip"] == rejected["client_ip"];
            let (by, frame, reason, fastclose) = if joined {
                // the server rejects the join: its RST carries MP_TCPRST with the reason
                let f = first_from(rejected["server_ip"].as_str().unwrap());
                let reason = rejected["mp_tcprst_reason"].as_u64().unwrap();
                (rejected["reset_by"].as_str().unwrap(), f, reason, false)
            } else {
                let f = first_from(conn["client"]["ip"].as_str().unwrap());
                let fc = f["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|o| o["subtype"] == 7);
                let by = conn["abortive_close"]["by"].as_str().unwrap();
                let r = f["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| o["subtype"] == 8);
                (by, f, r.unwrap()["reason"].as_u64().unwrap(), fc)
            };
            let want = serde_json::json!({
                "end_state": "reset",
                "end_by": by,
                "end_frame": frame["frame"],
                "mp_tcprst_reason": reason,
                "fastclose": fastclose,
            });
            let got = |o: &Value| {
                serde_json::json!({
                    "end_state": o["end_state"],
                    "end_by": o["end_by"],
                    "end_frame": o["end_frame"],
                    "mp_tcprst_reason": o["mp_tcprst_reason"],
                    "fastclose": o["fastclose"],
                })
            };
            assert_eq!(got(sf), want, "{backend}: list, subflow {sf}");
            let st = stats["subflows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["tcp_stream"] == sf["tcp_stream"])
                .unwrap();
            assert_eq!(got(st), want, "{backend}: stats");
        }
        let table = env.stdout_with(backend, &["list", "mptcp", s(&cap)]);
        let stats_table = env.stdout_with(backend, &["stats", "mptcp", s(&cap), "0"]);
        for t in [&table, &stats_table] {
            let rejected = "  tcp 1: reset by server: 3 prohibited (frame 32, 1.333 s)\n";
            let aborted =
                "  tcp 0: reset by client: fastclose, 0 unspecified (frame 104, 1.478 s)\n";
            assert!(t.contains(rejected) && t.contains(aborted), "{t}");
        }
    }
}

/// On every MPTCP fixture and client_2.pcap, each subflow's end against tshark's own FIN and
/// RST flags: the first RST makes it `reset`, else a FIN each way `closed` (the earlier FIN is
/// named), one FIN `half_closed`, none `open`; `end_by` is the MPTCP host that sent it.
#[test]
fn subflow_ends_agree_with_tsharks_fin_and_rst_flags() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let mut caps: Vec<PathBuf> = [
        "mptcp-v4-two-subflows.pcap",
        "mptcp-v6-two-subflows.pcap",
        "mptcp-lossy.pcap",
        "mptcp-addr-events.pcap",
        "mptcp-resets.pcap",
        "pair-lossy-client.pcap",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect();
    caps.extend(shared_pcap("client_2.pcap"));
    let mut states = std::collections::BTreeSet::new();
    for cap in caps {
        let out = std::process::Command::new("tshark")
            .args([
                "-r",
                s(&cap),
                "-Y",
                "tcp.flags.fin == 1 || tcp.flags.reset == 1",
            ])
            .args(["-T", "fields", "-e", "tcp.stream", "-e", "frame.number"])
            .args(["-e", "tcp.flags.reset", "-e", "tcp.srcport"])
            .env("WIRESHARK_CONFIG_DIR", env.dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        // stream -> (first RST (frame, sport), first FIN per source port)
        type Closings = (Option<(u64, u64)>, Vec<(u64, u64)>);
        let mut by_stream: HashMap<u64, Closings> = HashMap::new();
        for l in String::from_utf8(out.stdout).unwrap().lines() {
            let v: Vec<u64> = l
                .split('\t')
                .map(|x| match x {
                    "True" => 1,
                    "False" => 0,
                    x => x.parse().unwrap(),
                })
                .collect();
            let e = by_stream.entry(v[0]).or_default();
            if v[2] == 1 {
                e.0.get_or_insert((v[1], v[3]));
            } else if !e.1.iter().any(|f| f.1 == v[3]) {
                e.1.push((v[1], v[3]));
            }
        }
        let list = env.json(&["list", "mptcp", s(&cap), "-f", "json"]);
        for c in list.as_array().unwrap() {
            for sf in c["subflows"].as_array().unwrap() {
                let id = sf["tcp_stream"].as_u64().unwrap();
                let (rst, fins) = by_stream.remove(&id).unwrap_or_default();
                let (state, closing) = match (rst, fins.as_slice()) {
                    (Some(r), _) => ("reset", Some(r)),
                    (None, [a, _]) => ("closed", Some(*a)),
                    (None, [a]) => ("half_closed", Some(*a)),
                    _ => ("open", None),
                };
                // the sender, as an MPTCP host: the TCP client is whoever opened the subflow
                let opener = sf["opened_by"].as_str().unwrap();
                let other = if opener == "client" {
                    "server"
                } else {
                    "client"
                };
                let by = closing.map(|(_, port)| {
                    if port == sf["client_port"].as_u64().unwrap() {
                        opener
                    } else {
                        other
                    }
                });
                let what = format!("{} stream {id}", cap.display());
                assert_eq!(sf["end_state"], state, "{what}");
                assert_eq!(sf["end_frame"].as_u64(), closing.map(|c| c.0), "{what}");
                assert_eq!(sf["end_by"].as_str(), by, "{what}");
                states.insert(state);
            }
        }
    }
    // the set covers every kind of end
    assert_eq!(
        states.into_iter().collect::<Vec<_>>(),
        ["closed", "half_closed", "open", "reset"]
    );
}
