//! The focused analysis (`EnrichOptions::focus`, a plot's pass over one MPTCP connection)
//! against the full analysis, with reinjections tracked, on captures of several MPTCP
//! connections: two kernel fixtures merged into one capture (their packets interleaved in
//! time), and the reference captures. The oracle is the full analysis (checked against the
//! fixtures' manifests and tshark elsewhere): every packet of the focused connection must be
//! the same, derived fields included (DSN, data ACK, mapping, reinjections), and so must every
//! connection summary; and the other connections must actually get the light analysis.

use crate::util::{fixture, packets, s, shared_pcap, Env};
use mptcpanalyzer::analysis::connections::{mptcp_connections, tcp_connections};
use mptcpanalyzer::analysis::enrich::{EnrichOptions, Enricher};
use mptcpanalyzer::model::Packet;
use std::path::Path;

/// Two captures as one: the second's TCP streams renumbered after the first's, its times
/// shifted to start with the first's, the packets in time order and numbered again.
fn merged(a: &Path, b: &Path) -> Vec<Packet> {
    merged_with(a, b, false)
}

/// [`merged`]; with `keyless`, `b`'s keys are dropped from every packet but SYNs (as if
/// the rest of its handshake were lost): its SYN is seen, its IDSNs stay unknown.
fn merged_with(a: &Path, b: &Path, keyless: bool) -> Vec<Packet> {
    let first = packets(a);
    let streams = first.iter().map(|p| p.tcp_stream + 1).max().unwrap_or(0);
    let start = |v: &[Packet]| v.first().map_or(0, |p| p.abs_time_ns);
    let mut second = packets(b);
    for p in second
        .iter_mut()
        .filter(|p| keyless && p.tcp_flags & 0x12 != 0x02)
    {
        p.sender_key = None;
        p.receiver_key = None;
    }
    let shift = start(&first) - start(&second) + 1_000_000;
    for p in &mut second {
        p.tcp_stream += streams;
        p.abs_time_ns += shift;
    }
    let mut all: Vec<Packet> = first.into_iter().chain(second).collect();
    all.sort_by_key(|p| p.abs_time_ns);
    let t0 = start(&all);
    for (i, p) in all.iter_mut().enumerate() {
        p.frame = i as u64 + 1;
        p.rel_time_ns = p.abs_time_ns - t0;
    }
    all
}

/// The analysis of `packets` with reinjections, focused on `focus` or not: the analysed
/// packets and the analysis.
fn analyse(packets: &[Packet], focus: Option<u64>) -> (Vec<Packet>, Enricher) {
    let opts = EnrichOptions {
        reinjections: true,
        focus,
        ..Default::default()
    };
    let mut e = Enricher::new(opts, true);
    let out = packets
        .iter()
        .map(|p| {
            let mut p = p.clone();
            e.push(&mut p);
            p
        })
        .collect();
    (out, e)
}

/// Checks `packets` for every connection it holds; returns how many packets of the other
/// connections the focused passes left without a DSN or data ACK the full pass gave them.
fn check(name: &str, packets: &[Packet]) -> usize {
    let (full, fe) = analyse(packets, None);
    let ids: Vec<u64> = mptcp_connections(&fe)
        .iter()
        .map(|c| c.mptcp_stream)
        .collect();
    assert!(ids.len() >= 2, "{name}: {} MPTCP connections", ids.len());
    let mut skipped = 0;
    for &id in &ids {
        let (light, le) = analyse(packets, Some(id));
        assert_eq!(
            tcp_connections(&le),
            tcp_connections(&fe),
            "{name}, focus {id}"
        );
        assert_eq!(
            mptcp_connections(&le),
            mptcp_connections(&fe),
            "{name}, focus {id}"
        );
        let mut own = 0;
        for (l, f) in light.iter().zip(&full) {
            if f.mptcp_stream == Some(id) {
                assert_eq!(l, f, "{name}, focus {id}, frame {}", f.frame);
                own += 1;
            } else {
                assert_eq!(l.mptcp_stream, f.mptcp_stream, "{name}, frame {}", f.frame);
                let lost =
                    |p: &Packet| usize::from(p.dsn.is_some()) + usize::from(p.data_ack.is_some());
                assert!(lost(l) <= lost(f), "{name}, focus {id}, frame {}", f.frame);
                skipped += lost(f) - lost(l);
            }
        }
        assert!(own > 0, "{name}: no packet of connection {id}");
    }
    skipped
}

#[test]
fn a_focused_pass_gives_the_focused_connection_of_the_full_analysis() {
    let pairs = [
        ("mptcp-lossy.pcap", "mptcp-v4-two-subflows.pcap"),
        ("mptcp-addr-events.pcap", "mptcp-resets.pcap"),
        ("mptcp-v6-two-subflows.pcap", "pair-lossy-client.pcap"),
    ];
    let mut skipped = 0;
    for (a, b) in pairs {
        let all = merged(&fixture(a), &fixture(b));
        skipped += check(&format!("{a} + {b}"), &all);
    }
    // a connection whose IDSNs stay unknown keeps its DSN job, which finds that it lacks its
    // handshake (the summary's `handshake_seen`)
    let keyless = merged_with(
        &fixture("mptcp-lossy.pcap"),
        &fixture("mptcp-v4-two-subflows.pcap"),
        true,
    );
    skipped += check(
        "mptcp-lossy.pcap + mptcp-v4-two-subflows.pcap keyless",
        &keyless,
    );
    // the light analysis of the other connection: no data ACK, no DSN once its IDSNs are known
    assert!(skipped > 1000, "only {skipped} fields skipped");
    for f in ["client_2.pcap", "server_2.pcap"] {
        if let Some(path) = shared_pcap(f) {
            check(f, &packets(&path));
        }
    }
}

/// `pcap2csv --mptcp N` (whose second pass focuses on connection N) writes, for every
/// connection of the reference captures (4 and 5 MPTCP connections), exactly the rows the
/// unfiltered export gives that connection's subflows.
#[test]
fn pcap2csv_of_one_connection_has_the_rows_of_the_full_export() {
    let env = Env::new();
    for name in ["client_2.pcap", "server_2.pcap"] {
        let Some(path) = shared_pcap(name) else {
            continue;
        };
        let full = env.stdout(&["pcap2csv", s(&path)]);
        let mut lines = full.lines();
        let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
        let col = |n: &str| header.iter().position(|h| *h == n).expect("a column");
        let (stream, mptcp) = (col("tcp_stream"), col("mptcp_stream"));
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        let mut ids: Vec<&str> = rows
            .iter()
            .map(|r| r[mptcp])
            .filter(|m| !m.is_empty())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert!(ids.len() >= 4, "{name}: {} MPTCP connections", ids.len());
        for id in ids {
            let one = env.stdout(&["pcap2csv", s(&path), "--mptcp", id]);
            let mine: Vec<Vec<&str>> = one
                .lines()
                .skip(1)
                .map(|l| l.split(',').collect())
                .collect();
            let streams: std::collections::BTreeSet<&str> = rows
                .iter()
                .filter(|r| r[mptcp] == id)
                .map(|r| r[stream])
                .collect();
            let expected: Vec<Vec<&str>> = rows
                .iter()
                .filter(|r| streams.contains(r[stream]))
                .cloned()
                .collect();
            assert!(!mine.is_empty(), "{name}, connection {id}: no row");
            assert_eq!(mine, expected, "{name}, connection {id}");
        }
    }
}

/// `stats mptcp CAPTURE N` (a capture loaded focused on connection N) gives, for every
/// connection of the reference captures, exactly the rows of the statistics of all.
#[test]
fn stats_of_one_connection_are_its_rows_of_the_statistics_of_all() {
    let env = Env::new();
    for name in ["client_2.pcap", "server_2.pcap"] {
        let Some(path) = shared_pcap(name) else {
            continue;
        };
        let all = env.json(&["stats", "mptcp", s(&path), "-f", "json"]);
        let full = env.stdout(&["stats", "mptcp", s(&path), "-f", "csv"]);
        let rows = all.as_array().expect("an array");
        assert!(rows.len() >= 4, "{name}: {} MPTCP connections", rows.len());
        for row in rows {
            let id = row["mptcp_stream"].to_string();
            let one = env.json(&["stats", "mptcp", s(&path), &id, "-f", "json"]);
            assert_eq!(&one, &serde_json::json!([row]), "{name}, connection {id}");
            let one = env.stdout(&["stats", "mptcp", s(&path), &id, "-f", "csv"]);
            let mut lines = one.lines();
            assert_eq!(lines.next(), full.lines().next(), "{name}: the header");
            let mine: Vec<&str> = lines.collect();
            let prefix = format!("{id},");
            let expected: Vec<&str> = full
                .lines()
                .skip(1)
                .filter(|l| l.starts_with(&prefix))
                .collect();
            assert!(!mine.is_empty(), "{name}, connection {id}: no row");
            assert_eq!(mine, expected, "{name}, connection {id}");
        }
    }
}
