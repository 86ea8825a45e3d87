//! Derived columns by value against oracles that are not our own output (see docs/testing.md).
//!
//! - `tests/expected/NAME.derived.csv`: Wireshark 4.0's one-pass `mptcp.ack`, `mptcp.dsn`,
//!   `mptcp.related_mapping` and `mptcp.expected_token` for every TCP frame of a capture on which
//!   Wireshark is right (v0 `client_2.pcap`; v1 fixtures, none of which has an MP_CAPABLE with
//!   data). Written only from tshark (`MPTCPANALYZER_BLESS=1`), compared with tshark whenever it
//!   is installed, and compared with our CSV always, so a run without tshark still checks every
//!   data ACK, DSN, mapping frame and token of these captures by value.
//! - Reinjection and exclusive-byte figures of `client_2.pcap`, derived byte by byte from
//!   Wireshark's DSNs and segment lengths with the definitions of docs/statistics.md.

use crate::util::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Captures with a committed expectation: (name, in ../shared/pcaps rather than fixtures/).
const EXPECTED: [(&str, bool); 5] = [
    ("client_2.pcap", true),
    ("mptcp-v4-two-subflows.pcap", false),
    ("mptcp-v6-two-subflows.pcap", false),
    ("mptcp-lossy.pcap", false),
    ("mptcp-addr-events.pcap", false),
];

const HEADER: &str = "frame,data_ack,dsn,mapping_frame,expected_token";

fn capture(name: &str, shared: bool) -> Option<PathBuf> {
    if shared {
        shared_pcap(name)
    } else {
        Some(fixture(name))
    }
}

fn expected_path(name: &str) -> PathBuf {
    let stem = name.strip_suffix(".pcap").unwrap_or(name);
    root()
        .join("tests")
        .join("expected")
        .join(format!("{stem}.derived.csv"))
}

/// One line of the expectation format, or None when every derived cell is empty. `dsn` and
/// `mapping_frame` are kept on payload packets only (Wireshark leaves them empty elsewhere).
fn line(frame: &str, len: &str, ack: &str, dsn: &str, map: &str, tok: &str) -> Option<String> {
    let payload = len.parse::<u64>().unwrap() > 0;
    let (dsn, map) = if payload { (dsn, map) } else { ("", "") };
    if [ack, dsn, map, tok].iter().all(|c| c.is_empty()) {
        return None;
    }
    Some(format!("{frame},{ack},{dsn},{map},{tok}"))
}

/// Wireshark's one-pass derived fields in the expectation format.
fn wireshark_derived(env: &Env, cap: &Path) -> String {
    let out = std::process::Command::new("tshark")
        .args([
            "-r",
            s(cap),
            "-Y",
            "tcp",
            "-T",
            "fields",
            "-E",
            "separator=;",
        ])
        .args(["-o", "mptcp.relative_sequence_numbers:TRUE"])
        .args(["-o", "mptcp.analyze_mappings:TRUE"])
        .args(["-e", "frame.number", "-e", "tcp.len", "-e", "mptcp.ack"])
        .args(["-e", "mptcp.dsn", "-e", "mptcp.related_mapping"])
        .args(["-e", "mptcp.expected_token"])
        .env("WIRESHARK_CONFIG_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "tshark failed on {}", cap.display());
    let mut text = format!("{HEADER}\n");
    for l in String::from_utf8(out.stdout).unwrap().lines() {
        let v: Vec<&str> = l.split(';').collect();
        assert_eq!(v.len(), 6, "{}: {l}", cap.display());
        assert!(
            !l.contains(','),
            "{}: a field with several values: {l}",
            cap.display()
        );
        if let Some(x) = line(v[0], v[1], v[2], v[3], v[4], v[5]) {
            text.push_str(&x);
            text.push('\n');
        }
    }
    text
}

/// Our derived fields (pcap2csv with a backend) in the expectation format.
fn ours(env: &Env, backend: &str, cap: &Path) -> String {
    let csv = env.stdout_with(backend, &["pcap2csv", s(cap)]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let c = [
        "frame",
        "payload_len",
        "data_ack",
        "dsn",
        "mapping_frame",
        "expected_token",
    ]
    .map(col);
    let mut text = format!("{HEADER}\n");
    for r in rdr.records() {
        let r = r.unwrap();
        if let Some(x) = line(&r[c[0]], &r[c[1]], &r[c[2]], &r[c[3]], &r[c[4]], &r[c[5]]) {
            text.push_str(&x);
            text.push('\n');
        }
    }
    text
}

/// Assert two expectation texts are equal, naming the first differing lines.
fn assert_same(what: &str, want: &str, got: &str) {
    if want == got {
        return;
    }
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let differing: Vec<String> = (0..w.len().max(g.len()))
        .filter(|&i| w.get(i) != g.get(i))
        .take(5)
        .map(|i| {
            format!(
                "  line {}: expected {:?}, got {:?}",
                i + 1,
                w.get(i).unwrap_or(&"<none>"),
                g.get(i).unwrap_or(&"<none>")
            )
        })
        .collect();
    panic!(
        "{what}: {} expected lines, {} got; first differences ({HEADER}):\n{}",
        w.len(),
        g.len(),
        differing.join("\n")
    );
}

/// Needs no tshark: every data ACK, DSN (payload packets), mapping frame and expected token
/// equals Wireshark's, as recorded in tests/expected/.
#[test]
fn derived_columns_equal_the_committed_wireshark_expectations() {
    let env = Env::new();
    for (name, shared) in EXPECTED {
        let Some(cap) = capture(name, shared) else {
            continue;
        };
        let path = expected_path(name);
        let want =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(want.lines().count() > 100, "{}: too short", path.display());
        for backend in backends() {
            assert_same(
                &format!("{name} ({backend}) vs {}", path.display()),
                &want,
                &ours(&env, backend, &cap),
            );
        }
    }
}

/// The committed expectations are Wireshark's own output (so they are proven by an oracle
/// other than us). `MPTCPANALYZER_BLESS=1` rewrites them from tshark (never from our output).
#[test]
fn committed_expectations_are_wiresharks() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let bless = std::env::var("MPTCPANALYZER_BLESS").is_ok_and(|v| v == "1");
    for (name, shared) in EXPECTED {
        let Some(cap) = capture(name, shared) else {
            continue;
        };
        let path = expected_path(name);
        let wireshark = wireshark_derived(&env, &cap);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &wireshark).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_same(
            &format!("{} vs tshark on {name}", path.display()),
            &wireshark,
            &committed,
        );
    }
}

/// Per subflow and direction of `stats mptcp` on client_2.pcap: (mptcp, direction, tcp_stream,
/// data_bytes, exclusive_bytes, reinjected_elsewhere_packets, reinjected_elsewhere_bytes,
/// reinjections_packets, reinjections_bytes), for every subflow that carried data.
/// Derived from Wireshark's one-pass `mptcp.dsn` and `tcp.len` by
/// [`overlap_figures_from_wireshark`] (checked against it whenever tshark is installed).
pub type Figures = BTreeMap<(u64, &'static str, u64), [u64; 6]>;

pub fn client_2_overlap_figures() -> Figures {
    let rows: [(u64, &str, u64, [u64; 6]); 13] = [
        (0, "to_server", 0, [154, 154, 0, 0, 0, 0]),
        (0, "to_server", 2, [302, 302, 0, 0, 0, 0]),
        (0, "to_client", 0, [2, 2, 0, 0, 0, 0]),
        (0, "to_client", 2, [306, 306, 0, 0, 0, 0]),
        // MPTCP 1: real overlaps between three subflows
        (
            1,
            "to_server",
            3,
            [1_090_309, 1_031_761, 21, 57_120, 1, 1_428],
        ),
        (
            1,
            "to_server",
            4,
            [1_304_128, 1_228_444, 2, 2_856, 26, 72_828],
        ),
        (1, "to_server", 5, [27_132, 9_996, 7, 18_564, 2, 2_856]),
        (2, "to_server", 8, [41, 41, 0, 0, 0, 0]),
        (2, "to_server", 9, [5, 1, 0, 0, 1, 4]),
        (2, "to_server", 10, [1, 0, 1, 1, 0, 0]),
        (2, "to_server", 11, [414, 409, 1, 4, 1, 1]),
        (2, "to_client", 8, [284, 283, 0, 0, 1, 1]),
        (2, "to_client", 11, [2, 1, 1, 1, 0, 0]),
    ];
    let mut m: Figures = rows
        .into_iter()
        .map(|(c, d, t, v)| ((c, d, t), v))
        .collect();
    for (t, v) in [
        (12, [423_857, 408_149, 6, 11_424, 3, 7_140]),
        (13, [409_324, 406_468, 2, 2_856, 2, 2_856]),
        (15, [57_120, 38_556, 5, 9_996, 8, 14_280]),
    ] {
        m.insert((3, "to_server", t), v);
    }
    m
}

/// The figures of [`client_2_overlap_figures`] computed byte by byte from tshark's fields:
/// a packet carrying a data-level byte that an earlier transmission on another subflow carried
/// is a reinjection of that byte (counted once in the packet however many earlier copies);
/// each such earlier transmission's subflow has that byte "reinjected elsewhere", counted once
/// per transmission however often it is sent again (and the frame once in the packet count). A subflow's
/// `data_bytes` is the set of bytes it carried, its `exclusive_bytes` those no other subflow
/// carried.
fn overlap_figures_from_wireshark(env: &Env, cap: &Path) -> Figures {
    let out = std::process::Command::new("tshark")
        .args(["-r", s(cap), "-Y", "tcp.len > 0", "-T", "fields"])
        .args(["-o", "mptcp.relative_sequence_numbers:TRUE"])
        .args(["-o", "mptcp.analyze_mappings:TRUE"])
        .args([
            "-e",
            "frame.number",
            "-e",
            "tcp.stream",
            "-e",
            "mptcp.stream",
        ])
        .args(["-e", "tcp.dstport", "-e", "mptcp.dsn", "-e", "tcp.len"])
        .env("WIRESHARK_CONFIG_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    // (mptcp, direction) -> packets (frame, tcp stream, relative dsn, len) in capture order
    let mut by_dir: BTreeMap<(u64, &'static str), Vec<[u64; 4]>> = BTreeMap::new();
    for l in String::from_utf8(out.stdout).unwrap().lines() {
        let v: Vec<&str> = l.split('\t').collect();
        if v[2].is_empty() || v[4].is_empty() {
            continue;
        }
        let n = |i: usize| v[i].parse::<u64>().unwrap();
        let dir = if v[3] == "5201" {
            "to_server"
        } else {
            "to_client"
        };
        by_dir
            .entry((n(2), dir))
            .or_default()
            .push([n(0), n(1), n(4), n(5)]);
    }
    let mut figures = Figures::new();
    for ((conn, dir), packets) in by_dir {
        let end = packets.iter().map(|p| p[2] + p[3]).max().unwrap() as usize;
        let streams: Vec<u64> = {
            let mut s: Vec<u64> = packets.iter().map(|p| p[1]).collect();
            s.sort();
            s.dedup();
            s
        };
        let bit = |stream: u64| 1u16 << streams.iter().position(|&x| x == stream).unwrap();
        // every transmission of each byte: (frame, stream, already sent again elsewhere)
        let mut sent: Vec<Vec<(u64, u64, bool)>> = vec![Vec::new(); end + 1];
        let mut carried: Vec<u16> = vec![0; end + 1];
        let mut f: HashMap<u64, [u64; 6]> = HashMap::new();
        let mut owners_hit: std::collections::HashSet<u64> = Default::default();
        for &[frame, stream, dsn, len] in &packets {
            let mut common = 0;
            for b in dsn as usize..(dsn + len) as usize {
                carried[b] |= bit(stream);
                let mut elsewhere = false;
                for t in sent[b].iter_mut().filter(|t| t.1 != stream) {
                    elsewhere = true;
                    if !t.2 {
                        t.2 = true;
                        f.entry(t.1).or_default()[3] += 1;
                    }
                    if owners_hit.insert(t.0) {
                        f.entry(t.1).or_default()[2] += 1;
                    }
                }
                common += elsewhere as u64;
                sent[b].push((frame, stream, false));
            }
            if common > 0 {
                let e = f.entry(stream).or_default();
                e[4] += 1;
                e[5] += common;
            }
        }
        for &stream in &streams {
            let mine = bit(stream);
            let e = f.entry(stream).or_default();
            e[0] = carried.iter().filter(|&&c| c & mine != 0).count() as u64;
            e[1] = carried.iter().filter(|&&c| c == mine).count() as u64;
            figures.insert((conn, dir, stream), *e);
        }
    }
    figures
}

#[test]
fn client_2_reinjected_elsewhere_and_exclusive_bytes_by_value() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let want = client_2_overlap_figures();
    if have_tshark() {
        assert_eq!(
            overlap_figures_from_wireshark(&env, &pcap),
            want,
            "the committed figures are not what Wireshark's DSNs give"
        );
    }
    for backend in backends() {
        let all = env.json_with(backend, &["stats", "mptcp", s(&pcap), "-f", "json"]);
        let mut got = Figures::new();
        for c in all.as_array().unwrap() {
            let conn = c["mptcp_stream"].as_u64().unwrap();
            for dir in ["to_server", "to_client"] {
                for sf in c[dir]["subflows"].as_array().unwrap() {
                    let n = |k: &str| sf[k].as_u64().unwrap();
                    let v = [
                        n("data_bytes"),
                        n("exclusive_bytes"),
                        n("reinjected_elsewhere_packets"),
                        n("reinjected_elsewhere_bytes"),
                        n("reinjections_packets"),
                        n("reinjections_bytes"),
                    ];
                    if v != [0; 6] {
                        got.insert((conn, dir, n("tcp_stream")), v);
                    }
                }
            }
        }
        assert_eq!(got, want, "{backend}");
    }
}
