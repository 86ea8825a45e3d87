//! Reinjections by Wireshark's definition (docs/statistics.md "Reinjections"): a packet is a
//! reinjection when some of its data-level bytes were sent earlier, in any transmission, on
//! another subflow of the connection; `reinjection_of` lists every such earlier frame and
//! `reinjected_in` is the inverse.
//!
//! Oracles: Wireshark 4.0's one-pass `mptcp.reinjection_of` (with `mptcp.analyze_mappings` and
//! `mptcp.intersubflows_retransmission`) on captures where its DSNs are right, committed in
//! tests/expected/reinjection_of.csv (`MPTCPANALYZER_BLESS=1` rewrites it from tshark, never
//! from our output); and a crafted capture whose figures follow by hand from the definition.

use crate::enricher::{V1_CLIENT_IDSN, V1_CLIENT_KEY, V1_SERVER_KEY, V1_SERVER_TOKEN};
use crate::synth;
use crate::util::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Captures of the committed listing: (name, in ../shared/pcaps rather than fixtures/), and how
/// many earlier frames we list that Wireshark's listing lacks because of its tie artefact (see
/// [`explained_by_the_tie_artefact`]).
const CAPTURES: [(&str, bool, usize); 6] = [
    ("client_2.pcap", true, 1),
    ("server_2.pcap", true, 0),
    ("mptcp-lossy.pcap", false, 0),
    ("mptcp-v4-two-subflows.pcap", false, 0),
    ("pair-lossy-client.pcap", false, 2),
    ("pair-lossy-server.pcap", false, 0),
];

fn listing_path() -> PathBuf {
    root().join("tests/expected/reinjection_of.csv")
}

fn capture(name: &str, shared: bool) -> Option<PathBuf> {
    if shared {
        shared_pcap(name)
    } else {
        Some(fixture(name))
    }
}

/// Wireshark's one-pass listing of `cap`: lines `name,frame,f1;f2;...` for its reinjections.
fn wireshark_listing(env: &Env, name: &str, cap: &Path) -> String {
    let out = std::process::Command::new("tshark")
        .args(["-r", s(cap), "-Y", "tcp.len > 0", "-T", "fields"])
        .args(["-o", "mptcp.analyze_mappings:TRUE"])
        .args(["-o", "mptcp.intersubflows_retransmission:TRUE"])
        .args(["-e", "frame.number", "-e", "mptcp.reinjection_of"])
        .env("WIRESHARK_CONFIG_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "tshark failed on {}", cap.display());
    let mut text = String::new();
    for l in String::from_utf8(out.stdout).unwrap().lines() {
        let (frame, of) = l.split_once('\t').unwrap();
        if !of.is_empty() {
            text.push_str(&format!("{name},{frame},{}\n", of.replace(',', ";")));
        }
    }
    text
}

/// One payload row of our pcap2csv: (tcp_stream, dsn, reinjection_of, reinjected_in).
type Row = (u64, i64, Vec<u64>, Vec<u64>);

fn our_rows(env: &Env, backend: &str, cap: &Path) -> BTreeMap<u64, Row> {
    let csv = env.stdout_with(backend, &["pcap2csv", s(cap)]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let c = [
        "frame",
        "tcp_stream",
        "dsn",
        "reinjection_of",
        "reinjected_in",
    ]
    .map(col);
    let list = |x: &str| -> Vec<u64> {
        x.split(';')
            .filter(|v| !v.is_empty())
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let mut rows = BTreeMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let Ok(dsn) = r[c[2]].parse::<i64>() else {
            continue;
        };
        let frame: u64 = r[c[0]].parse().unwrap();
        rows.insert(
            frame,
            (
                r[c[1]].parse().unwrap(),
                dsn,
                list(&r[c[3]]),
                list(&r[c[4]]),
            ),
        );
    }
    rows
}

/// Wireshark keeps one packet per subflow for a DSN range start in its lookup tree: of two
/// transmissions on one subflow that start at the same DSN (a TCP retransmission), it lists
/// only the later one. `extra` (listed by us, not by Wireshark) is explained when Wireshark
/// lists a later frame on the same subflow starting at the same DSN.
fn explained_by_the_tie_artefact(rows: &BTreeMap<u64, Row>, extra: u64, wireshark: &[u64]) -> bool {
    let (stream, dsn, ..) = rows[&extra];
    wireshark.iter().any(|w| {
        let (ws, wd, ..) = rows[w];
        *w > extra && ws == stream && wd == dsn
    })
}

/// Needs no tshark: on every listed capture, both backends list every earlier frame Wireshark
/// lists, and nothing else but the frames its tie artefact drops (counted exactly); and
/// `reinjected_in` is exactly the inverse of `reinjection_of`.
#[test]
fn reinjection_of_equals_wiresharks_one_pass_listing() {
    let env = Env::new();
    let text = std::fs::read_to_string(listing_path()).unwrap();
    let mut want: BTreeMap<(&str, u64), Vec<u64>> = BTreeMap::new();
    for l in text.lines() {
        let v: Vec<&str> = l.split(',').collect();
        let list = v[2].split(';').map(|x| x.parse().unwrap()).collect();
        want.insert((v[0], v[1].parse().unwrap()), list);
    }
    for (name, shared, artefacts) in CAPTURES {
        let Some(cap) = capture(name, shared) else {
            continue;
        };
        for backend in backends() {
            let rows = our_rows(&env, backend, &cap);
            let mut inverse: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
            let (mut listed, mut extras) = (0, 0);
            for (&frame, (_, _, of, _)) in &rows {
                let ws = want.get(&(name, frame)).cloned().unwrap_or_default();
                for w in &ws {
                    assert!(
                        of.contains(w),
                        "{name} ({backend}) frame {frame}: {of:?} lacks Wireshark's {w}"
                    );
                }
                for x in of.iter().filter(|x| !ws.contains(x)) {
                    assert!(
                        explained_by_the_tie_artefact(&rows, *x, &ws),
                        "{name} ({backend}) frame {frame}: {x} in {of:?}, not in Wireshark's {ws:?}"
                    );
                    extras += 1;
                }
                listed += !of.is_empty() as usize;
                for &o in of {
                    inverse.entry(o).or_default().push(frame);
                }
            }
            let wireshark_count = want.keys().filter(|k| k.0 == name).count();
            assert_eq!(listed, wireshark_count, "{name} ({backend}): reinjections");
            assert_eq!(
                extras, artefacts,
                "{name} ({backend}): frames beyond Wireshark's"
            );
            for (&frame, (.., r#in)) in &rows {
                let inv = inverse.remove(&frame).unwrap_or_default();
                assert_eq!(
                    r#in, &inv,
                    "{name} ({backend}) frame {frame}: reinjected_in"
                );
            }
        }
    }
}

/// The committed listing is Wireshark's own output.
#[test]
fn committed_reinjection_listing_is_wiresharks() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let mut text = String::new();
    for (name, shared, _) in CAPTURES {
        if let Some(cap) = capture(name, shared) {
            text.push_str(&wireshark_listing(&env, name, &cap));
        }
    }
    if std::env::var("MPTCPANALYZER_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(listing_path(), &text).unwrap();
    }
    assert_eq!(std::fs::read_to_string(listing_path()).unwrap(), text);
}

/// A crafted v1 connection with three subflows (client 10.0.0.1/.3/.4 -> server 10.0.0.2:80):
/// A (frame 10, stream 0) carries DSN 1..1001, A' (11) is its TCP retransmission, B (12,
/// stream 1) reinjects 501..1001, C (13, stream 2) reinjects 1..1001, B' (14) retransmits B on
/// stream 1, D (15, stream 0) carries new data 1001..1201.
fn crafted(dir: &Path) -> PathBuf {
    let srv = [10, 0, 0, 2];
    let hosts = [[10, 0, 0, 1], [10, 0, 0, 3], [10, 0, 0, 4]];
    let ports = [40_000u16, 40_001, 40_002];
    let isn = [1_000u32, 2_000, 3_000];
    let sisn = [5_000u32, 6_000, 7_000];
    let mpc = |keys: &[u64]| {
        let mut o = vec![30, 4 + 8 * keys.len() as u8, 0x01, 0x01];
        keys.iter()
            .for_each(|k| o.extend_from_slice(&k.to_be_bytes()));
        o
    };
    let join_syn = {
        let mut o = vec![30, 12, 0x10, 1];
        o.extend_from_slice(&V1_SERVER_TOKEN.to_be_bytes());
        o.extend_from_slice(&[0, 0, 0, 7]);
        o
    };
    let join_synack = [vec![30, 16, 0x10, 0], vec![0; 12]].concat();
    let join_ack = [vec![30, 24, 0x10, 0], vec![0; 20]].concat();
    let map = |rel: u64, ssn: u32, len: u16| {
        let mut o = vec![30, 18, 0x20, 0x0c];
        o.extend_from_slice(&V1_CLIENT_IDSN.wrapping_add(rel).to_be_bytes());
        o.extend_from_slice(&ssn.to_be_bytes());
        o.extend_from_slice(&len.to_be_bytes());
        o
    };
    let up = |sf: usize, seq: u32, flags: u16, opts: &[u8], len: usize| {
        let t = synth::tcp(ports[sf], 80, isn[sf] + seq, sisn[sf] + 1, flags, opts, len);
        synth::ipv4(hosts[sf], srv, &[], &t)
    };
    let down = |sf: usize, opts: &[u8]| {
        let t = synth::tcp(80, ports[sf], sisn[sf], isn[sf] + 1, 0x012, opts, 0);
        synth::ipv4(srv, hosts[sf], &[], &t)
    };
    let mut frames = vec![
        up(0, 0, 0x002, &mpc(&[]), 0),
        down(0, &mpc(&[V1_SERVER_KEY])),
        up(0, 1, 0x010, &mpc(&[V1_CLIENT_KEY, V1_SERVER_KEY]), 0),
    ];
    for sf in [1, 2] {
        frames.push(up(sf, 0, 0x002, &join_syn, 0));
        frames.push(down(sf, &join_synack));
        frames.push(up(sf, 1, 0x010, &join_ack, 0));
    }
    frames.push(up(0, 1, 0x018, &map(1, 1, 1000), 1000)); // 10: A
    frames.push(up(0, 1, 0x018, &map(1, 1, 1000), 1000)); // 11: A'
    frames.push(up(1, 1, 0x018, &map(501, 1, 500), 500)); // 12: B
    frames.push(up(2, 1, 0x018, &map(1, 1, 1000), 1000)); // 13: C
    frames.push(up(1, 1, 0x018, &map(501, 1, 500), 500)); // 14: B'
    frames.push(up(0, 1001, 0x018, &map(1001, 1001, 200), 200)); // 15: D
    let frames: Vec<(i64, Vec<u8>)> = frames
        .into_iter()
        .enumerate()
        .map(|(i, f)| (1_700_000_000_000_000_000 + i as i64 * 1_000_000, f))
        .collect();
    let cap = dir.join("reinjections.pcap");
    std::fs::write(&cap, synth::pcap(101, false, true, &frames)).unwrap();
    cap
}

#[test]
fn crafted_capture_reinjections_by_value() {
    let env = Env::new();
    let cap = crafted(env.dir.path());
    for backend in backends() {
        let rows = our_rows(&env, backend, &cap);
        let lists: Vec<(u64, Vec<u64>, Vec<u64>)> = rows
            .iter()
            .map(|(f, r)| (*f, r.2.clone(), r.3.clone()))
            .collect();
        assert_eq!(
            lists,
            [
                (10, vec![], vec![12, 13, 14]),
                (11, vec![], vec![12, 13, 14]),
                (12, vec![10, 11], vec![13]),
                (13, vec![10, 11, 12], vec![14]),
                (14, vec![10, 11, 13], vec![]),
                (15, vec![], vec![]),
            ],
            "{backend}"
        );
        let st = env.json_with(backend, &["stats", "mptcp", s(&cap), "0", "-f", "json"]);
        let st = if st.is_array() { st[0].clone() } else { st };
        let d = &st["to_server"];
        assert_eq!(d["reinjections_packets"], 3, "{backend}");
        assert_eq!(d["reinjections_bytes"], 500 + 1000 + 500, "{backend}");
        let by_stream = |t: u64| {
            let sf = d["subflows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["tcp_stream"] == t)
                .unwrap()
                .clone();
            let n = |k: &str| sf[k].as_u64().unwrap();
            [
                n("data_bytes"),
                n("exclusive_bytes"),
                n("reinjections_packets"),
                n("reinjections_bytes"),
                n("reinjected_elsewhere_packets"),
                n("reinjected_elsewhere_bytes"),
            ]
        };
        // stream 0: A and A' each had all 1000 bytes sent again elsewhere (501..1001 by B,
        // 1..501 by C), each byte of each frame counted once
        assert_eq!(by_stream(0), [1200, 200, 0, 0, 2, 2000], "{backend}");
        // stream 1: B and B' are reinjections (500 bytes each); B's bytes were sent again by C
        assert_eq!(by_stream(1), [500, 0, 2, 1000, 1, 500], "{backend}");
        // stream 2: C (1000 bytes); 501..1001 of it sent again by B'
        assert_eq!(by_stream(2), [1000, 0, 1, 1000, 1, 500], "{backend}");
    }
}
