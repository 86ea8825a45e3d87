//! Two captures of one run (issue 11): `map` and `owd` checked against oracles that are not our
//! own output: tshark's dissection (4-tuples, SYN sequence numbers, MPTCP keys, IP ids, frame
//! times) and the reference numbers of ../shared/pcaps/README.md.

use crate::util::{backends, have_tshark, s, shared_pcap, Env};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// tshark `-T fields` rows of the TCP packets of `cap`.
fn tshark_fields(env: &Env, cap: &Path, fields: &[&str]) -> Vec<Vec<String>> {
    let mut cmd = std::process::Command::new("tshark");
    cmd.args([
        "-r",
        s(cap),
        "-Y",
        "tcp",
        "-T",
        "fields",
        "-E",
        "occurrence=f",
    ]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = cmd
        .env("WIRESHARK_CONFIG_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "tshark failed on {}", cap.display());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

/// Per tcp.stream (tshark): its two endpoints (sorted) and the raw sequence number of its
/// first SYN without ACK.
#[derive(Debug, Default, Clone)]
struct OracleStream {
    ends: BTreeSet<String>,
    syn_isn: Option<String>,
    mptcp: Option<u64>,
}

fn oracle_streams(env: &Env, cap: &Path) -> BTreeMap<u64, OracleStream> {
    let rows = tshark_fields(
        env,
        cap,
        &[
            "tcp.stream",
            "ip.src",
            "tcp.srcport",
            "ip.dst",
            "tcp.dstport",
            "tcp.flags.syn",
            "tcp.flags.ack",
            "tcp.seq_raw",
            "mptcp.stream",
        ],
    );
    let mut m: BTreeMap<u64, OracleStream> = BTreeMap::new();
    for r in rows {
        let e = m.entry(r[0].parse().unwrap()).or_default();
        e.ends.insert(format!("{}:{}", r[1], r[2]));
        e.ends.insert(format!("{}:{}", r[3], r[4]));
        let yes = |v: &str| v == "1" || v == "True";
        if yes(&r[5]) && !yes(&r[6]) && e.syn_isn.is_none() {
            e.syn_isn = Some(r[7].clone());
        }
        if !r[8].is_empty() {
            e.mptcp = Some(r[8].parse().unwrap());
        }
    }
    m
}

/// The oracle's match of each stream of A in B: the stream of B with the same endpoints and,
/// when A's SYN was captured, the same SYN sequence number; None when there is none.
fn oracle_tcp_map(
    a: &BTreeMap<u64, OracleStream>,
    b: &BTreeMap<u64, OracleStream>,
) -> BTreeMap<u64, Option<u64>> {
    a.iter()
        .map(|(id, sa)| {
            let c: Vec<u64> = b
                .iter()
                .filter(|(_, sb)| sb.ends == sa.ends)
                .filter(|(_, sb)| sa.syn_isn.is_none() || sb.syn_isn == sa.syn_isn)
                .map(|(k, _)| *k)
                .collect();
            assert!(c.len() <= 1, "oracle ambiguous for stream {id}: {c:?}");
            (*id, c.first().copied())
        })
        .collect()
}

/// MPTCP keys per mptcp.stream (tshark).
fn oracle_keys(env: &Env, cap: &Path) -> BTreeMap<u64, BTreeSet<String>> {
    let mut m: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for r in tshark_fields(env, cap, &["mptcp.stream", "tcp.options.mptcp.sendkey"]) {
        if r[0].is_empty() {
            continue;
        }
        let e = m.entry(r[0].parse().unwrap()).or_default();
        if !r[1].is_empty() {
            e.insert(r[1].clone());
        }
    }
    m
}

fn pair() -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    Some((shared_pcap("client_2.pcap")?, shared_pcap("server_2.pcap")?))
}

fn as_opt(v: &Value) -> Option<u64> {
    v.as_u64()
}

#[test]
fn map_tcp_client2_server2_both_directions_as_tshark_4tuples_and_isns() {
    let Some((c, sv)) = pair() else { return };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let oc = oracle_streams(&env, &c);
    let os = oracle_streams(&env, &sv);
    for (a, b, oa, ob) in [(&c, &sv, &oc, &os), (&sv, &c, &os, &oc)] {
        let expected = oracle_tcp_map(oa, ob);
        // the oracle itself: the README's stray subflow and the client's lone SYN
        assert_eq!(expected.len(), 16);
        for backend in backends() {
            let got = env.json_with(backend, &["map", "tcp", s(a), s(b), "-f", "json"]);
            let got: BTreeMap<u64, Option<u64>> = got
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    (
                        m["tcp_stream"].as_u64().unwrap(),
                        as_opt(&m["peer_tcp_stream"]),
                    )
                })
                .collect();
            assert_eq!(
                got,
                expected,
                "{backend}: map tcp {} {}",
                a.display(),
                b.display()
            );
        }
    }
    // what the oracle says, spelled out (README: client TCP 1 = 11.0.0.1:60453, which the server
    // capture splits in a stray stream without SYN and the stream of the second SYN)
    let c2s = oracle_tcp_map(&oc, &os);
    let s2c = oracle_tcp_map(&os, &oc);
    assert_eq!(c2s[&1], Some(5));
    assert_eq!(c2s[&7], None);
    assert_eq!(s2c[&2], Some(1));
    assert_eq!(s2c[&5], Some(1));
}

#[test]
fn map_mptcp_client2_server2_both_directions_by_keys_and_readme_subflows() {
    let Some((c, sv)) = pair() else { return };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let (kc, ks) = (oracle_keys(&env, &c), oracle_keys(&env, &sv));
    let (oc, os) = (oracle_streams(&env, &c), oracle_streams(&env, &sv));
    // README: the client's MPTCP connections and their subflows
    let readme: BTreeMap<u64, Vec<u64>> = [
        (0, vec![0, 1, 2, 6]),
        (1, vec![3, 4, 5, 7]),
        (2, vec![8, 9, 10, 11]),
        (3, vec![12, 13, 14, 15]),
    ]
    .into_iter()
    .collect();
    for (a, b, ka, kb, oa, ob) in [(&c, &sv, &kc, &ks, &oc, &os), (&sv, &c, &ks, &kc, &os, &oc)] {
        let tcp = oracle_tcp_map(oa, ob);
        for backend in backends() {
            let got = env.json_with(backend, &["map", "mptcp", s(a), s(b), "-f", "json"]);
            let got = got.as_array().unwrap();
            assert_eq!(
                got.len(),
                ka.len(),
                "{backend}: one object per MPTCP connection"
            );
            for m in got {
                let id = m["mptcp_stream"].as_u64().unwrap();
                // expected peer: the connection of B sharing a key; without keys, the MPTCP
                // connection of the oracle's match of its subflows
                let by_key: Vec<u64> = kb
                    .iter()
                    .filter(|(_, k)| !ka[&id].is_empty() && !k.is_disjoint(&ka[&id]))
                    .map(|(i, _)| *i)
                    .collect();
                let peer = match by_key.as_slice() {
                    [one] => Some(*one),
                    [] => oa
                        .iter()
                        .filter(|(_, st)| st.mptcp == Some(id))
                        .find_map(|(t, _)| tcp[t].and_then(|p| ob[&p].mptcp)),
                    many => panic!("oracle: several connections share a key: {many:?}"),
                };
                assert_eq!(as_opt(&m["peer_mptcp_stream"]), peer, "{backend}: {id}");
                for sf in m["subflows"].as_array().unwrap() {
                    let t = sf["tcp_stream"].as_u64().unwrap();
                    assert_eq!(oa[&t].mptcp, Some(id), "subflow {t} belongs to {id}");
                    let want = tcp[&t].filter(|p| ob[p].mptcp == peer);
                    assert_eq!(
                        as_opt(&sf["peer_tcp_stream"]),
                        want,
                        "{backend}: {id} sf {t}"
                    );
                }
            }
            if std::ptr::eq(a, &c) {
                for m in got {
                    let id = m["mptcp_stream"].as_u64().unwrap();
                    let sfs: Vec<u64> = m["subflows"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x["tcp_stream"].as_u64().unwrap())
                        .collect();
                    assert_eq!(sfs, readme[&id], "README's subflows of MPTCP {id}");
                    assert!(
                        m["peer_mptcp_stream"].is_u64(),
                        "client MPTCP {id} is mapped"
                    );
                }
            } else {
                // every server connection is mapped, the stray one (1) through its subflow
                for m in got {
                    assert!(m["peer_mptcp_stream"].is_u64(), "server {m}");
                }
                assert_eq!(got[1]["peer_mptcp_stream"], 0);
                assert_eq!(got[1]["evidence"], "subflows 1/1");
            }
        }
    }
    // README: MPTCP 0's keys, in both captures
    for k in [&kc, &ks] {
        assert!(k[&0].contains("14568871653868829995"));
        assert!(k[&0].contains("12070231261294881532"));
    }
}

/// One packet as tshark sees it, for the OWD oracle.
struct Seen {
    frame: u64,
    ns: i64,
    stream: u64,
    to_server: bool,
    /// IP id, raw seq, raw ack, length, TS value: the same packet at both taps.
    key: (String, String, String, String, String),
}

fn seen(env: &Env, cap: &Path) -> Vec<Seen> {
    tshark_fields(
        env,
        cap,
        &[
            "frame.number",
            "frame.time_epoch",
            "tcp.stream",
            "tcp.dstport",
            "ip.id",
            "tcp.seq_raw",
            "tcp.ack_raw",
            "tcp.len",
            "tcp.options.timestamp.tsval",
        ],
    )
    .into_iter()
    .map(|r| {
        let (secs, frac) = r[1].split_once('.').unwrap();
        let frac = format!("{frac:0<9}");
        Seen {
            frame: r[0].parse().unwrap(),
            ns: secs.parse::<i64>().unwrap() * 1_000_000_000 + frac[..9].parse::<i64>().unwrap(),
            stream: r[2].parse().unwrap(),
            to_server: r[3] == "5201",
            key: (
                r[4].clone(),
                r[5].clone(),
                r[6].clone(),
                r[7].clone(),
                r[8].clone(),
            ),
        }
    })
    .collect()
}

#[test]
fn owd_client2_server2_every_connection_as_ip_ids_and_frame_times_say() {
    let Some((c, sv)) = pair() else { return };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let (pc, ps) = (seen(&env, &c), seen(&env, &sv));
    let (oc, os) = (oracle_streams(&env, &c), oracle_streams(&env, &sv));
    let c2s = oracle_tcp_map(&oc, &os);
    let s2c = oracle_tcp_map(&os, &oc);
    let mut outputs = HashMap::new();
    for conn in 0..4u64 {
        // oracle: for each subflow, the server streams holding it; packets paired when their
        // (IP id, seq, ack, length, TS value) is the same and occurs once on each side
        let mut expected: BTreeSet<(u64, u64, bool, i64)> = BTreeSet::new();
        let mut sent: BTreeMap<(u64, bool), u64> = BTreeMap::new();
        for (t, st) in &oc {
            if st.mptcp != Some(conn) {
                continue;
            }
            let peers: BTreeSet<u64> = c2s[t]
                .into_iter()
                .chain(s2c.iter().filter(|(_, p)| **p == Some(*t)).map(|(k, _)| *k))
                .collect();
            let cl: Vec<&Seen> = pc.iter().filter(|p| p.stream == *t).collect();
            let sl: Vec<&Seen> = ps.iter().filter(|p| peers.contains(&p.stream)).collect();
            for p in &cl {
                if p.to_server {
                    *sent.entry((*t, true)).or_default() += 1;
                }
            }
            *sent.entry((*t, false)).or_default() +=
                sl.iter().filter(|p| !p.to_server).count() as u64;
            let count = |l: &[&Seen], k: &(String, String, String, String, String)| {
                l.iter().filter(|p| &p.key == k).count()
            };
            for p in &cl {
                if count(&cl, &p.key) != 1 {
                    continue;
                }
                let m: Vec<&&Seen> = sl.iter().filter(|q| q.key == p.key).collect();
                if let [q] = m.as_slice() {
                    let owd = if p.to_server {
                        q.ns - p.ns
                    } else {
                        p.ns - q.ns
                    };
                    expected.insert((p.frame, q.frame, p.to_server, owd));
                }
            }
        }
        for backend in backends() {
            let rows = env.json_with(
                backend,
                &[
                    "owd",
                    s(&c),
                    s(&sv),
                    "--mptcp",
                    &conn.to_string(),
                    "--per-packet",
                    "-f",
                    "json",
                ],
            );
            let got: BTreeSet<(u64, u64, bool, i64)> = rows
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["client_frame"].as_u64().unwrap(),
                        r["server_frame"].as_u64().unwrap(),
                        r["direction"] == "to_server",
                        r["owd_ns"].as_i64().unwrap(),
                    )
                })
                .collect();
            assert_eq!(
                got, expected,
                "{backend}: MPTCP {conn}: matched packets and delays"
            );
            let sum = env.json_with(
                backend,
                &[
                    "owd",
                    s(&c),
                    s(&sv),
                    "--mptcp",
                    &conn.to_string(),
                    "-f",
                    "json",
                ],
            );
            for f in sum["flows"].as_array().unwrap() {
                let t = f["tcp_stream"].as_u64().unwrap();
                let to_server = f["direction"] == "to_server";
                let n = sent.get(&(t, to_server)).copied().unwrap_or(0);
                let recv = expected
                    .iter()
                    .filter(|e| {
                        e.2 == to_server && pc.iter().any(|p| p.frame == e.0 && p.stream == t)
                    })
                    .count() as u64;
                assert_eq!(f["sent"], n, "{backend}: {conn} {t} {to_server}: sent");
                assert_eq!(
                    f["received"], recv,
                    "{backend}: {conn} {t} {to_server}: received"
                );
                assert_eq!(f["lost"], n - recv);
            }
            outputs
                .entry(conn)
                .or_insert_with(Vec::new)
                .push((rows, sum));
        }
    }
    // both backends: identical results
    for (conn, v) in outputs {
        for w in v.windows(2) {
            assert_eq!(w[0], w[1], "MPTCP {conn}: backends differ");
        }
    }
}

/// Frame -> (epoch ns, reinjection_of frames, (tcp.stream, seq_raw, len)) from tshark's one-pass
/// MPTCP analysis.
type WsFrame = (i64, Vec<u64>, (String, String, String));

fn tshark_reinjections(env: &Env, cap: &Path) -> BTreeMap<u64, WsFrame> {
    let mut cmd = std::process::Command::new("tshark");
    cmd.args(["-r", s(cap), "-o", "mptcp.analyze_mappings:TRUE"])
        .args(["-o", "mptcp.intersubflows_retransmission:TRUE", "-Y", "tcp"])
        .args([
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "frame.time_epoch",
        ])
        .args([
            "-e",
            "mptcp.reinjection_of",
            "-e",
            "tcp.stream",
            "-e",
            "tcp.seq_raw",
        ])
        .args(["-e", "tcp.len"])
        .env("WIRESHARK_CONFIG_DIR", env.dir.path());
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let r: Vec<&str> = l.split('\t').collect();
            let (secs, frac) = r[1].split_once('.').unwrap();
            let frac = format!("{frac:0<9}");
            let ns =
                secs.parse::<i64>().unwrap() * 1_000_000_000 + frac[..9].parse::<i64>().unwrap();
            let of = Some(r[2])
                .filter(|x| !x.is_empty())
                .map(|x| x.split(',').map(|f| f.parse().unwrap()).collect())
                .unwrap_or_default();
            let seg = (r[3].to_string(), r[4].to_string(), r[5].to_string());
            (r[0].parse().unwrap(), (ns, of, seg))
        })
        .collect()
}

#[test]
fn reinjections_client2_frames_originals_and_delays_as_wireshark() {
    let Some((c, _)) = pair() else { return };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let ws = tshark_reinjections(&env, &c);
    let mut total = 0;
    let mut outputs = Vec::new();
    for backend in backends() {
        let mut all = Vec::new();
        for conn in 0..4 {
            let r = env.json_with(
                backend,
                &[
                    "reinjections",
                    s(&c),
                    "--mptcp",
                    &conn.to_string(),
                    "-f",
                    "json",
                ],
            );
            for x in r["reinjections"].as_array().unwrap() {
                let frame = x["frame"].as_u64().unwrap();
                let originals: Vec<u64> = x["originals"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o["frame"].as_u64().unwrap())
                    .collect();
                // Wireshark flags the same frame as a reinjection of the same frames; of two
                // transmissions of one segment on one subflow it names only the later (its
                // tie artefact, tests/integration/reinjections.rs), we name both
                let (t, of, _) = &ws[&frame];
                for w in of {
                    assert!(originals.contains(w), "{backend}: frame {frame}: lacks {w}");
                }
                for o in originals.iter().filter(|o| !of.contains(o)) {
                    assert!(
                        of.iter().any(|w| ws[o].2 == ws[w].2 && o < w),
                        "{backend}: frame {frame}: original {o}, Wireshark {of:?}"
                    );
                }
                let first = originals.iter().map(|o| ws[o].0).min().unwrap();
                let delay = x["delay_s"].as_f64().unwrap();
                assert!(
                    ((t - first) as f64 / 1e9 - delay).abs() < 1e-9,
                    "{backend}: frame {frame}: delay {delay}"
                );
                assert!(x["qualification"].is_null(), "one capture: not qualified");
                all.push(frame);
            }
            let sum: u64 = r["summary"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["reinjections"].as_u64().unwrap())
                .sum();
            assert_eq!(sum as usize, r["reinjections"].as_array().unwrap().len());
        }
        total = all.len();
        outputs.push(all);
    }
    // README: Wireshark's one pass flags 45, the same frames as ours (among them 2295, 2486,
    // 2808 and 2810: data sent a third time, back on the subflow of the first copy)
    assert_eq!(total, 45);
    let flagged: Vec<u64> = ws
        .iter()
        .filter(|(_, (_, of, _))| !of.is_empty())
        .map(|(f, _)| *f)
        .collect();
    let mut ours = outputs[0].clone();
    ours.sort_unstable();
    assert_eq!(ours, flagged);
    for f in [2295, 2486, 2808, 2810] {
        assert!(ours.contains(&f), "{f}");
    }
    for w in outputs.windows(2) {
        assert_eq!(w[0], w[1], "backends differ");
    }
}

#[test]
fn receiver_client2_server2_bytes_per_subflow_as_readme_and_tshark() {
    let Some((c, sv)) = pair() else { return };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    // tshark: payload bytes towards port 5201 per stream of the server capture
    let mut recv: BTreeMap<u64, u64> = BTreeMap::new();
    for r in tshark_fields(&env, &sv, &["tcp.stream", "tcp.dstport", "tcp.len"]) {
        if r[1] == "5201" {
            *recv.entry(r[0].parse().unwrap()).or_default() += r[2].parse::<u64>().unwrap();
        }
    }
    let mut outputs = Vec::new();
    for backend in backends() {
        let r = env.json_with(
            backend,
            &[
                "receiver",
                s(&c),
                s(&sv),
                "--mptcp",
                "1",
                "--dest",
                "server",
                "-f",
                "json",
            ],
        );
        assert_eq!(r["peer_mptcp_stream"], 2);
        let d = &r["directions"][0];
        assert_eq!(d["direction"], "to_server");
        let sent: Vec<(u64, u64)> = d["subflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["tcp_stream"].as_u64().unwrap(),
                    s["payload_bytes_sent"].as_u64().unwrap(),
                )
            })
            .collect();
        // README: MPTCP 1 towards the server, subflow payload (retransmissions included)
        assert_eq!(
            sent,
            vec![(3, 1_100_001), (4, 1_322_692), (5, 38_556), (7, 0)]
        );
        for s in d["subflows"].as_array().unwrap() {
            let want: u64 = s["peer_tcp_streams"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| recv.get(&p.as_u64().unwrap()).copied().unwrap_or(0))
                .sum();
            assert_eq!(s["payload_bytes_received"], want, "{backend}: {s}");
        }
        outputs.push(r);
    }
    for w in outputs.windows(2) {
        assert_eq!(w[0], w[1], "backends differ");
    }
}

/// `pcap2csv` of `cap` with each row passed through `edit` (None drops the row), written to
/// `out`: a capture behind a NAT, or one whose start was cut, for every command (CSV input).
fn derived_csv(
    env: &Env,
    cap: &Path,
    out: &Path,
    edit: impl Fn(&mut BTreeMap<String, String>) -> bool,
) {
    let csv_text = env.stdout(&["pcap2csv", s(cap)]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let mut w = csv::Writer::from_path(out).unwrap();
    w.write_record(&header).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let mut m: BTreeMap<String, String> = header
            .iter()
            .zip(r.iter())
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect();
        if edit(&mut m) {
            w.write_record(header.iter().map(|h| m[h].clone())).unwrap();
        }
    }
    w.flush().unwrap();
}

/// The server behind a NAT: its addresses and port as its own capture sees them differ.
fn nat(m: &mut BTreeMap<String, String>) -> bool {
    for k in ["src_ip", "dst_ip"] {
        let v = match m[k].as_str() {
            "10.0.0.2" => "192.168.10.2",
            "11.0.0.2" => "192.168.11.2",
            other => other,
        }
        .to_string();
        m.insert(k.to_string(), v);
    }
    for k in ["src_port", "dst_port"] {
        if m[k] == "5201" {
            m.insert(k.to_string(), "8080".into());
        }
    }
    true
}

#[test]
fn map_and_owd_through_a_nat_find_the_same_connections_and_packets() {
    let Some((c, sv)) = pair() else { return };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let natted = env.dir.path().join("server-nat.csv");
    derived_csv(&env, &sv, &natted, nat);
    let (oc, os) = (oracle_streams(&env, &c), oracle_streams(&env, &sv));
    for (a, b, want) in [
        (c.as_path(), natted.as_path(), oracle_tcp_map(&oc, &os)),
        (natted.as_path(), c.as_path(), oracle_tcp_map(&os, &oc)),
    ] {
        let got = env.json(&["map", "tcp", s(a), s(b), "-f", "json"]);
        let got: BTreeMap<u64, Option<u64>> = got
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                // no 4-tuple in common any more: the segments and ISNs carry the proof
                if let Some(e) = m["evidence"].as_object() {
                    assert_eq!(e["same_4tuple"], false);
                }
                (
                    m["tcp_stream"].as_u64().unwrap(),
                    as_opt(&m["peer_tcp_stream"]),
                )
            })
            .collect();
        assert_eq!(got, want, "map tcp {} {}", a.display(), b.display());
    }
    let m = env.json(&["map", "mptcp", s(&c), s(&natted), "-f", "json"]);
    let peers: Vec<Option<u64>> = m
        .as_array()
        .unwrap()
        .iter()
        .map(|x| as_opt(&x["peer_mptcp_stream"]))
        .collect();
    assert_eq!(peers, vec![Some(0), Some(2), Some(3), Some(4)]);
    // the same packets, the same delays as without the NAT
    for conn in ["0", "1"] {
        let plain = env.json(&[
            "owd",
            s(&c),
            s(&sv),
            "--mptcp",
            conn,
            "--per-packet",
            "-f",
            "json",
        ]);
        let through = env.json(&[
            "owd",
            s(&c),
            s(&natted),
            "--mptcp",
            conn,
            "--per-packet",
            "-f",
            "json",
        ]);
        assert!(!plain.as_array().unwrap().is_empty());
        assert_eq!(plain, through, "MPTCP {conn}");
    }
}

#[test]
fn map_finds_the_connections_of_a_capture_cut_at_the_start() {
    let Some((c, sv)) = pair() else { return };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    // the client capture from frame 600 on: MPTCP 0 and 1 lose their SYNs and keys
    const CUT: u64 = 600;
    let cut = env.dir.path().join("client-cut.csv");
    derived_csv(&env, &c, &cut, |m| {
        m["frame"].parse::<u64>().unwrap() >= CUT
    });
    let (pc, ps) = (seen(&env, &c), seen(&env, &sv));
    let (oc, os) = (oracle_streams(&env, &c), oracle_streams(&env, &sv));
    let (c2s, s2c) = (oracle_tcp_map(&oc, &os), oracle_tcp_map(&os, &oc));
    let left: Vec<&Seen> = pc.iter().filter(|p| p.frame >= CUT).collect();
    // oracle: a stream keeps its match if a packet left in the cut capture is in it (tshark's
    // IP id, seq, ack, length, TS value)
    let shares = |cs: u64, ss: u64| {
        left.iter()
            .filter(|p| p.stream == cs)
            .any(|p| ps.iter().any(|q| q.stream == ss && q.key == p.key))
    };
    let cut_streams: BTreeSet<u64> = left.iter().map(|p| p.stream).collect();
    // the cut capture holds TCP 3 (MPTCP 1's master) without its SYN
    let mut rdr = csv::Reader::from_path(&cut).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (st, fl) = (col("tcp_stream"), col("tcp_flags"));
    let syns_of_3 = rdr
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[st] == "3" && r[fl].parse::<u16>().unwrap() & 2 != 0)
        .count();
    assert!(cut_streams.contains(&3) && oc[&3].syn_isn.is_some());
    assert_eq!(syns_of_3, 0, "TCP 3 lost its SYN");
    let got = env.json(&["map", "tcp", s(&cut), s(&sv), "-f", "json"]);
    let got: BTreeMap<u64, Option<u64>> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["tcp_stream"].as_u64().unwrap(),
                as_opt(&m["peer_tcp_stream"]),
            )
        })
        .collect();
    let want: BTreeMap<u64, Option<u64>> = cut_streams
        .iter()
        .map(|&t| {
            (
                t,
                c2s[&t].filter(|&p| shares(t, p)).or_else(|| {
                    // the part left may be in the other stream of a split connection
                    s2c.iter()
                        .find(|(ss, cs)| **cs == Some(t) && shares(t, **ss))
                        .map(|(ss, _)| *ss)
                }),
            )
        })
        .collect();
    assert_eq!(got, want, "map tcp cut -> server");
    let back = env.json(&["map", "tcp", s(&sv), s(&cut), "-f", "json"]);
    for m in back.as_array().unwrap() {
        let ss = m["tcp_stream"].as_u64().unwrap();
        let want = s2c[&ss].filter(|&cs| cut_streams.contains(&cs) && shares(cs, ss));
        assert_eq!(
            as_opt(&m["peer_tcp_stream"]),
            want,
            "server {ss} -> cut client"
        );
    }
    // MPTCP 1 of the cut capture has no keys left: mapped through its subflows
    let m = env.json(&["map", "mptcp", s(&cut), s(&sv), "1", "-f", "json"]);
    assert_eq!(m[0]["peer_mptcp_stream"], 2);
    assert!(
        m[0]["evidence"].as_str().unwrap().starts_with("subflows"),
        "{m}"
    );
}

#[test]
fn plot_owd_and_reinjections_client2_server2() {
    let Some((c, sv)) = pair() else { return };
    let env = Env::new();
    let svg_path = env.dir.path().join("owd.svg");
    env.stdout(&[
        "plot",
        "owd",
        s(&c),
        s(&sv),
        "--mptcp",
        "1",
        "-o",
        s(&svg_path),
    ]);
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let texts = crate::util::texts(&svg);
    for t in [
        "towards server",
        "towards client",
        "TCP 3 -> 3",
        "TCP 4 -> 4",
        "TCP 5 -> 6",
    ] {
        assert!(texts.iter().any(|x| x == t), "{t}: {texts:?}");
    }
    // one dot per packet seen at both taps (+ 3 legend dots per panel)
    let rows = env.json(&[
        "owd",
        s(&c),
        s(&sv),
        "--mptcp",
        "1",
        "--per-packet",
        "-f",
        "json",
    ]);
    let n = rows.as_array().unwrap().len();
    // dots, and the points of the lines drawn where dense dots would touch (issue 13 item 6)
    let in_lines: usize = svg
        .split("<polyline ")
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap()])
        .filter(|e| {
            let c = e.split("stroke=\"#").nth(1).unwrap();
            c[0..2] != c[2..4] || c[2..4] != c[4..6] // not a grey (axes, mesh, frames)
        })
        .map(|e| {
            let pts = e.split("points=\"").nth(1).unwrap();
            pts[..pts.find('"').unwrap()].split_whitespace().count()
        })
        .sum();
    assert_eq!(svg.matches("<circle").count() + in_lines, n + 6);
    // the CDF of the 29 reinjections of MPTCP 1 (one capture: not qualified)
    let svg_path = env.dir.path().join("reinj.svg");
    env.stdout(&[
        "plot",
        "reinjections",
        s(&c),
        "--mptcp",
        "1",
        "-o",
        s(&svg_path),
    ]);
    let texts = crate::util::texts(&std::fs::read_to_string(&svg_path).unwrap());
    assert!(texts.iter().any(|x| x == "reinjections (29)"), "{texts:?}");
    // no reinjection in MPTCP 0: nothing to plot, exit 1, no file
    let out = env
        .cmd()
        .args(["plot", "reinjections", s(&c), "--mptcp", "0", "-o"])
        .arg(env.dir.path().join("none.svg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!env.dir.path().join("none.svg").exists());
}

#[test]
fn two_capture_commands_reject_bad_input_with_one_line_and_the_documented_code() {
    let Some((c, sv)) = pair() else { return };
    let env = Env::new();
    let missing = env.dir.path().join("missing.pcap");
    let not_capture = env.dir.path().join("notes.txt");
    std::fs::write(&not_capture, "hello\n").unwrap();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["owd", s(&c), s(&missing), "--mptcp", "0"],
            3,
            "missing.pcap",
        ),
        (
            vec!["map", "tcp", s(&c), s(&not_capture)],
            3,
            "notes.txt: not a capture file",
        ),
        (
            vec!["owd", s(&c), s(&sv), "--mptcp", "9"],
            5,
            "no MPTCP connection with id 9",
        ),
        (
            vec!["reinjections", s(&c), "--mptcp", "7"],
            5,
            "no MPTCP connection with id 7",
        ),
        (
            vec!["receiver", s(&c), s(&sv), "--mptcp", "4"],
            5,
            "no MPTCP connection with id 4",
        ),
        (
            vec!["map", "tcp", s(&c), s(&sv), "99"],
            5,
            "no TCP connection with id 99",
        ),
        (
            vec!["owd", s(&c), s(&sv), "--tcp", "0", "--clock-offset", "soon"],
            2,
            "--clock-offset",
        ),
    ];
    for (args, code, msg) in cases {
        let out = env.cmd().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: no data on stdout");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    // a clock offset moves the delays of each direction by its value, opposite ways
    let get = |off: &str| {
        let v = env.json(&[
            "owd",
            s(&c),
            s(&sv),
            "--tcp",
            "3",
            "--clock-offset",
            off,
            "-f",
            "json",
        ]);
        (
            ns(&v["flows"][0]["owd_min_s"]),
            ns(&v["flows"][1]["owd_min_s"]),
        )
    };
    let (a, b) = (get("0"), get("-0.25"));
    assert_eq!((b.0 - a.0, b.1 - a.1), (250_000_000, -250_000_000));
}

fn ns(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 1e9).round() as i64
}

/// A frame as tshark shows it: (frame.time_epoch in integer nanoseconds, tcp.stream,
/// mptcp.stream, tcp.len, tcp.dstport).
type FrameTime = (i64, Option<u64>, Option<u64>, u64, u16);

/// Every frame's [`FrameTime`] from tshark, by frame number.
fn frame_times(env: &Env, cap: &Path) -> BTreeMap<u64, FrameTime> {
    let out = std::process::Command::new("tshark")
        .args(["-r", s(cap), "-T", "fields", "-E", "occurrence=f"])
        .args([
            "-e",
            "frame.number",
            "-e",
            "frame.time_epoch",
            "-e",
            "tcp.stream",
        ])
        .args(["-e", "mptcp.stream", "-e", "tcp.len", "-e", "tcp.dstport"])
        .env("WIRESHARK_CONFIG_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let (secs, frac) = f[1].split_once('.').unwrap();
            let ns = secs.parse::<i64>().unwrap() * 1_000_000_000
                + format!("{frac:0<9}")[..9].parse::<i64>().unwrap();
            (
                f[0].parse().unwrap(),
                (
                    ns,
                    f[2].parse().ok(),
                    f[3].parse().ok(),
                    f[4].parse().unwrap_or(0),
                    f[5].parse().unwrap_or(0),
                ),
            )
        })
        .collect()
}

/// Exact decimal seconds of integer nanoseconds, as CSV writes them.
fn dec(ns: i64) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let a = ns.unsigned_abs();
    format!("{sign}{}.{:09}", a / 1_000_000_000, a % 1_000_000_000)
}

/// CSV rows as maps from the header.
fn csv_maps(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            head.iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

/// `--time-origin` in the two-capture outputs (docs/two-captures.md "Times"): every time
/// counts from one zero, taken in the first capture named (its first frame, or the
/// connection's first packet in it, or the epoch), whichever capture the time was taken in.
/// Oracle: tshark's frame.time_epoch of the frames each row names, and of the first capture's
/// first frame (which is not a TCP packet in this capture: the zero is not the first TCP one).
#[test]
fn two_capture_times_follow_the_time_origin_by_tsharks_frame_times() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let (c, sv) = (
        crate::util::fixture("pair-lossy-client.pcap"),
        crate::util::fixture("pair-lossy-server.pcap"),
    );
    let (fc, fs) = (frame_times(&env, &c), frame_times(&env, &sv));
    let start = fc[&1].0;
    assert!(
        fc[&1].1.is_none(),
        "the client capture starts with a non-TCP frame"
    );
    // the connection's first packet: its first subflow's SYN (tshark gives it no mptcp.stream)
    let subflows: BTreeSet<u64> = fc
        .values()
        .filter(|f| f.2 == Some(0))
        .filter_map(|f| f.1)
        .collect();
    let syn = *fc
        .values()
        .find(|f| f.1.is_some_and(|t| subflows.contains(&t)))
        .unwrap();
    let conn_start = syn.0;
    assert!(conn_start > start);
    for (origin, zero) in [("epoch", 0), ("capture", start), ("connection", conn_start)] {
        // owd --per-packet: sent at one tap, received at the other
        let out = env.stdout(&[
            "owd",
            s(&c),
            s(&sv),
            "--mptcp",
            "0",
            "--per-packet",
            "-f",
            "csv",
            "--time-origin",
            origin,
        ]);
        let rows = csv_maps(&out);
        assert!(rows.len() > 100, "{origin}: {} rows", rows.len());
        for r in &rows {
            let (cf, sf): (u64, u64) = (
                r["client_frame"].parse().unwrap(),
                r["server_frame"].parse().unwrap(),
            );
            let (sent, recv) = if r["direction"] == "to_server" {
                (fc[&cf].0, fs[&sf].0)
            } else {
                (fs[&sf].0, fc[&cf].0)
            };
            assert_eq!(r["sent_s"], dec(sent - zero), "{origin}: {r:?}");
            assert_eq!(r["received_s"], dec(recv - zero), "{origin}: {r:?}");
        }
        // reinjections: each at its frame's time
        let out = env.stdout(&[
            "reinjections",
            s(&c),
            s(&sv),
            "--mptcp",
            "0",
            "-f",
            "csv",
            "--time-origin",
            origin,
        ]);
        let rows = csv_maps(&out);
        assert!(!rows.is_empty());
        for r in &rows {
            let t = fc[&r["frame"].parse::<u64>().unwrap()].0;
            let got: f64 = r["time_s"].parse().unwrap();
            // a float: exact to the nanosecond below 1e6 s, to f64's 0.24 us at epoch times
            let tol = if origin == "epoch" { 5e-7 } else { 5e-10 };
            assert!(
                (got - (t - zero) as f64 / 1e9).abs() < tol,
                "{origin}: {r:?}"
            );
        }
        // receiver: the first data packet the server got towards it (server capture, its
        // connection 0, destination port of the server)
        let v = env.json(&[
            "receiver",
            s(&c),
            s(&sv),
            "--mptcp",
            "0",
            "-f",
            "json",
            "--time-origin",
            origin,
        ]);
        // the server's port: where the connection's first packet (its SYN) goes
        let port = syn.4;
        let peer = v["peer_mptcp_stream"].as_u64().unwrap();
        let first = fs
            .values()
            .find(|f| f.2 == Some(peer) && f.3 > 0 && f.4 == port)
            .unwrap()
            .0;
        let d = &v["directions"][0];
        assert_eq!(d["direction"], "to_server");
        let got = d["first_data_s"].as_f64().unwrap();
        let tol = if origin == "epoch" { 5e-7 } else { 5e-10 };
        assert!(
            (got - (first - zero) as f64 / 1e9).abs() < tol,
            "{origin}: {got}"
        );
    }
}

/// The JSON of the two-capture reports, made from their column declarations, stays the JSON
/// their serde types wrote before (checked byte for byte against that output when the
/// declarations replaced them): key order, nesting, nulls and number forms included.
#[test]
fn two_capture_json_keeps_its_shape_snapshot() {
    let Some((c, sv)) = pair() else { return };
    let env = Env::new();
    insta::assert_snapshot!(
        "map_mptcp_all_json",
        env.stdout(&["map", "mptcp", s(&c), s(&sv), "--all", "-f", "json"])
    );
    insta::assert_snapshot!(
        "owd_tcp0_json",
        env.stdout(&["owd", s(&c), s(&sv), "--tcp", "0", "-f", "json"])
    );
    let v: Value = serde_json::from_str(&env.stdout(&[
        "reinjections",
        s(&c),
        s(&sv),
        "--mptcp",
        "1",
        "-f",
        "json",
        "--time-origin",
        "epoch",
    ]))
    .unwrap();
    // one reinjection in full, and the summary
    insta::assert_snapshot!(
        "reinjections_first_and_summary_json",
        serde_json::to_string_pretty(&serde_json::json!([v["reinjections"][0], v["summary"]]))
            .unwrap()
    );
}
