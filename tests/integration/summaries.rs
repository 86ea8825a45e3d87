//! The summaries-only analysis (`EnrichOptions::summaries`, what `list` runs: a pass without
//! tap that keeps no packet) against the full analysis, on every kernel fixture and reference
//! capture, as captured and with its handshake damaged (the first packets cut, or the MPTCP
//! keys removed: the DSS mappings then decide `handshake_seen` and the orientation). The
//! oracle is the full analysis, itself checked against the fixtures' manifests and tshark
//! elsewhere: every connection summary, the late-packet warnings and the folds must be the
//! same; and the summaries-only pass must actually skip the derived fields.

use crate::util::{fixture, packets, shared_pcap};
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
    v.push(("keys removed".to_string(), keyless(all)));
    v
}

/// The packets with their MPTCP keys removed.
fn keyless(all: &[Packet]) -> Vec<Packet> {
    all.iter()
        .map(|p| Packet {
            sender_key: None,
            receiver_key: None,
            ..p.clone()
        })
        .collect()
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
    let keyless = keyless(&all);
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

/// A v1 connection numbered by the backend (as tshark's or our CSV's `mptcp.stream`), whose
/// second subflow is captured without its handshake: its first packet continues the client's
/// data sequence, while its source port is the server's. The data sequence space decides
/// (docs/list.md: the evidence in that order), with the summaries-only analysis too, which
/// keeps the latest DSN of each side though it keeps no mapping once the IDSNs are known.
#[test]
fn a_subflow_without_handshake_is_oriented_by_the_dsns_with_summaries_only() {
    use mptcpanalyzer::analysis::keys::token_and_idsn;
    use mptcpanalyzer::model::{subtype, tcp_flags};
    use std::net::{IpAddr, Ipv4Addr};
    let ip = |last: u8| Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)));
    let (ckey, skey) = (0x0102_0304_0506_0708u64, 0x1112_1314_1516_1718u64);
    let cidsn = token_and_idsn(ckey, 1).1;
    let pkt = |frame: u64, stream: u64, from: (u8, u16), to: (u8, u16), flags: u16| Packet {
        frame,
        abs_time_ns: frame as i64 * 1_000_000,
        rel_time_ns: frame as i64 * 1_000_000,
        ip_version: 4,
        src_ip: ip(from.0),
        dst_ip: ip(to.0),
        src_port: from.1,
        dst_port: to.1,
        tcp_stream: stream,
        tcp_flags: flags,
        seq_raw: 1000 + frame as u32 * 100,
        mptcp_stream: Some(0),
        ..Default::default()
    };
    let (c, s) = ((1, 40000), (2, 5201));
    let mut v = Vec::new();
    for (frame, from, to, flags, keys) in [
        (1, c, s, tcp_flags::SYN, (None, None)),
        (2, s, c, tcp_flags::SYN | tcp_flags::ACK, (Some(skey), None)),
        (3, c, s, tcp_flags::ACK, (Some(ckey), Some(skey))),
    ] {
        let mut p = pkt(frame, 0, from, to, flags);
        p.mptcp_subtypes.push(subtype::MP_CAPABLE);
        (p.mptcp_version, p.sender_key, p.receiver_key) = (Some(1), keys.0, keys.1);
        v.push(p);
    }
    // client data on the initial subflow, then the second subflow's first packet
    for (frame, stream, from, to, dsn) in [
        (4, 0, c, s, cidsn.wrapping_add(1)),
        (5, 0, c, s, cidsn.wrapping_add(101)),
        (6, 1, (9, 5201), (8, 40001), cidsn.wrapping_add(201)),
    ] {
        let mut p = pkt(frame, stream, from, to, tcp_flags::ACK);
        p.mptcp_subtypes.push(subtype::DSS);
        (p.dss_dsn_raw, p.dss_dsn8, p.dss_ssn) = (Some(dsn), Some(true), Some(1));
        (p.dss_length, p.payload_len) = (Some(100), 100);
        v.push(p);
    }
    for summaries in [false, true] {
        let opts = EnrichOptions {
            summaries,
            ..Default::default()
        };
        let mut e = Enricher::new(opts, false);
        for p in &v {
            e.push(&mut p.clone());
        }
        let conns = mptcp_connections(&e);
        assert_eq!(conns.len(), 1, "summaries {summaries}");
        let sub = &conns[0].subflows[1];
        assert_eq!(
            (sub.client_ip, sub.client_port),
            (ip(9).expect("an address"), 5201),
            "summaries {summaries}"
        );
    }
}
