//! The summaries-only analysis (`EnrichOptions::summaries`, what `list` runs: a pass without
//! tap that keeps no packet) against the full analysis, on every kernel fixture and reference
//! capture, as captured and with its handshake damaged (the first packets cut, or the MPTCP
//! keys removed: the DSS mappings then decide `handshake_seen` and the orientation). The
//! oracle is the full analysis, itself checked against the fixtures' manifests and tshark
//! elsewhere: every connection summary, the late-packet warnings and the folds must be the
//! same; and the summaries-only pass must actually skip the derived fields.

use crate::util::{fixture, shared_pcap};
use mptcpanalyzer::analysis::connections::{mptcp_connections, tcp_connections};
use mptcpanalyzer::analysis::enrich::{EnrichOptions, Enricher};
use mptcpanalyzer::model::Packet;
use std::path::PathBuf;

fn captures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = [
        "mixed-tcp-fallback.pcap",
        "mptcp-addr-events.pcap",
        "mptcp-lossy.pcap",
        "mptcp-resets.pcap",
        "mptcp-v4-two-subflows.pcap",
        "mptcp-v6-two-subflows.pcap",
        "pair-lossy-client.pcap",
        "pair-two-subflows-server.pcap",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    v.extend(
        ["client_2.pcap", "server_2.pcap"]
            .iter()
            .filter_map(|f| shared_pcap(f)),
    );
    v
}

fn packets(path: &PathBuf) -> Vec<Packet> {
    let mut v = Vec::new();
    mptcpanalyzer::input::native::read(path, &mut |p: &mut Packet| {
        v.push(std::mem::take(p));
        Ok(())
    })
    .expect("a readable capture");
    v
}

/// The analysis of `packets` (a short linger, so that connections fold), and how many packets
/// got a relative DSN.
fn analyse(packets: &[Packet], summaries: bool) -> (Enricher, usize) {
    let opts = EnrichOptions {
        linger: mptcpanalyzer::analysis::lifecycle::Linger(1_000_000_000),
        summaries,
        ..Default::default()
    };
    let mut e = Enricher::new(opts, true);
    let mut with_dsn = 0;
    for p in packets {
        let mut p = p.clone();
        e.push(&mut p);
        with_dsn += usize::from(p.dsn.is_some());
    }
    (e, with_dsn)
}

/// The capture's variants: as captured, its first 1 to 6 packets cut, its MPTCP keys removed.
fn variants(all: &[Packet]) -> Vec<(String, Vec<Packet>)> {
    let mut v = vec![("as captured".to_string(), all.to_vec())];
    for k in 1..=6 {
        v.push((format!("first {k} cut"), all[k.min(all.len())..].to_vec()));
    }
    let keyless = all
        .iter()
        .map(|p| Packet {
            sender_key: None,
            receiver_key: None,
            ..p.clone()
        })
        .collect();
    v.push(("keys removed".to_string(), keyless));
    v
}

#[test]
fn summaries_only_gives_the_connections_of_the_full_analysis() {
    let mut skipped = 0;
    for path in captures() {
        for (what, pkts) in variants(&packets(&path)) {
            let (full, full_dsn) = analyse(&pkts, false);
            let (light, light_dsn) = analyse(&pkts, true);
            let name = format!("{} ({what})", path.display());
            assert_eq!(tcp_connections(&light), tcp_connections(&full), "{name}");
            assert_eq!(
                mptcp_connections(&light),
                mptcp_connections(&full),
                "{name}"
            );
            assert_eq!(light.late_warnings(), full.late_warnings(), "{name}");
            assert_eq!(light.folded_units(), full.folded_units(), "{name}");
            assert!(light_dsn <= full_dsn, "{name}");
            skipped += full_dsn - light_dsn;
        }
    }
    // the light pass leaves the relative DSNs out once both IDSNs are known
    assert!(skipped > 1000, "only {skipped} relative DSNs skipped");
}

#[test]
fn without_keys_the_mappings_still_decide_the_handshake() {
    // v1 fixture with its keys removed: no IDSN, so the DSNs count from the first seen and
    // the handshake is "not captured", with the summaries-only analysis too
    let all = packets(&fixture("mptcp-v4-two-subflows.pcap"));
    let keyless: Vec<Packet> = all
        .iter()
        .map(|p| Packet {
            sender_key: None,
            receiver_key: None,
            ..p.clone()
        })
        .collect();
    for summaries in [false, true] {
        let (e, _) = analyse(&keyless, summaries);
        let conns = mptcp_connections(&e);
        assert!(!conns.is_empty());
        assert!(
            conns.iter().all(|c| !c.handshake_seen),
            "summaries {summaries}"
        );
        let (e, _) = analyse(&all, summaries);
        assert!(
            mptcp_connections(&e)[0].handshake_seen,
            "summaries {summaries}"
        );
    }
}
