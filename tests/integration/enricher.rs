//! `Enricher` on synthetic packets, through its public API only (`Enricher::new`, `push`, and
//! its query methods): handshakes v0 and v1, joins attached by token, orientation of a subflow
//! captured without its SYN, mapping boundaries and 32-bit expansion across a wrap.
//!
//! Oracles: tokens and IDSNs computed independently (Python `hashlib`, SHA-1 for v0, SHA-256
//! for v1, per RFC 6824/8684: token = top 32 bits, IDSN = low 64 bits of H(key as 8 bytes,
//! network order)); the v0 keys and tokens are those of ../shared/pcaps/README.md (client_2
//! MPTCP 0). Expected DSNs and data ACKs follow from the DSS definitions (MPTCP-NOTES).

use mptcpanalyzer::analysis::enrich::{EnrichOptions, Enricher, Side};
use mptcpanalyzer::model::{subtype, tcp_flags, Packet};
use std::net::{IpAddr, Ipv4Addr};

const SYN: u16 = tcp_flags::SYN;
const ACK: u16 = tcp_flags::ACK;

/// client_2.pcap MPTCP 0 (v0): keys and tokens from ../shared/pcaps/README.md, IDSNs from
/// SHA-1 computed outside the project.
const V0_CLIENT_KEY: u64 = 14_568_871_653_868_829_995;
const V0_CLIENT_TOKEN: u32 = 2_280_993_044;
const V0_CLIENT_IDSN: u64 = 5_947_950_023_132_234_492;
const V0_SERVER_KEY: u64 = 12_070_231_261_294_881_532;
const V0_SERVER_TOKEN: u32 = 804_647_408;
const V0_SERVER_IDSN: u64 = 5_227_567_736_771_178_707;

/// v1 keys (SHA-256 computed outside the project).
pub const V1_CLIENT_KEY: u64 = 0x0102_0304_0506_0708;
const V1_CLIENT_TOKEN: u32 = 1_719_930_330;
pub const V1_CLIENT_IDSN: u64 = 17_699_430_019_826_020_210;
pub const V1_SERVER_KEY: u64 = 0x1112_1314_1516_1718;
pub const V1_SERVER_TOKEN: u32 = 3_433_907_628;
const V1_SERVER_IDSN: u64 = 6_006_656_914_258_689_166;

/// A v0 key whose SHA-1 IDSN is 0x75e7_3674_ffff_f835: its low 32 bits wrap 1,995 bytes after
/// the first data byte (found by a search outside the project).
const WRAP_KEY: u64 = 2_688_353;
const WRAP_IDSN: u64 = 0x75e7_3674_ffff_f835;

const CLIENT_ISN: u32 = 1_000;
const SERVER_ISN: u32 = 5_000;

type Ep = (IpAddr, u16);

fn ep(last: u8, port: u16) -> Ep {
    (IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)), port)
}

/// A TCP packet with no MPTCP option.
fn tcp(frame: u64, stream: u64, from: Ep, to: Ep, flags: u16, seq: u32, ack: u32) -> Packet {
    Packet {
        frame,
        abs_time_ns: 1_000_000 * frame as i64,
        rel_time_ns: 1_000_000 * frame as i64,
        ip_version: 4,
        src_ip: Some(from.0),
        dst_ip: Some(to.0),
        src_port: from.1,
        dst_port: to.1,
        tcp_stream: stream,
        tcp_flags: flags,
        seq_raw: seq,
        ack_raw: ack,
        window: 1000,
        ..Default::default()
    }
}

fn mp_capable(mut p: Packet, version: u8, sender: Option<u64>, receiver: Option<u64>) -> Packet {
    p.mptcp_subtypes.push(subtype::MP_CAPABLE);
    p.mptcp_version = Some(version);
    p.sender_key = sender;
    p.receiver_key = receiver;
    p
}

/// Add a DSS mapping (4-byte DSN when `dsn8` is false: only the low 32 bits are put on the wire).
fn mapping(mut p: Packet, dsn: u64, dsn8: bool, ssn: u32, len: u16) -> Packet {
    if !p.mptcp_subtypes.contains(&subtype::DSS) {
        p.mptcp_subtypes.push(subtype::DSS);
    }
    p.dss_dsn_raw = Some(if dsn8 { dsn } else { dsn as u32 as u64 });
    p.dss_dsn8 = Some(dsn8);
    p.dss_ssn = Some(ssn);
    p.dss_length = Some(len);
    p
}

/// Add a 4-byte DSS data ACK (low 32 bits of `ack`).
fn data_ack(mut p: Packet, ack: u64) -> Packet {
    if !p.mptcp_subtypes.contains(&subtype::DSS) {
        p.mptcp_subtypes.push(subtype::DSS);
    }
    p.data_ack_raw = Some(ack as u32 as u64);
    p.data_ack8 = Some(false);
    p
}

fn payload(mut p: Packet, n: u32) -> Packet {
    p.payload_len = n;
    p
}

fn enricher() -> Enricher {
    Enricher::new(
        EnrichOptions {
            reinjections: true,
            ..Default::default()
        },
        true,
    )
}

/// Push and return the packet with its derived fields.
fn push(e: &mut Enricher, mut p: Packet) -> Packet {
    e.push(&mut p);
    p
}

/// The three MP_CAPABLE packets of a master subflow, stream 0, `c` -> `s`; keys as the version
/// puts them on the wire (v1: no key on the SYN).
fn handshake(e: &mut Enricher, c: Ep, s: Ep, version: u8, ck: u64, sk: u64) -> [Packet; 3] {
    let syn_key = (version == 0).then_some(ck);
    let syn = mp_capable(tcp(1, 0, c, s, SYN, CLIENT_ISN, 0), version, syn_key, None);
    let synack = mp_capable(
        tcp(2, 0, s, c, SYN | ACK, SERVER_ISN, CLIENT_ISN + 1),
        version,
        Some(sk),
        None,
    );
    let third = mp_capable(
        tcp(3, 0, c, s, ACK, CLIENT_ISN + 1, SERVER_ISN + 1),
        version,
        Some(ck),
        Some(sk),
    );
    [push(e, syn), push(e, synack), push(e, third)]
}

#[test]
fn v0_handshake_keys_give_tokens_and_idsns() {
    let mut e = enricher();
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    let [syn, synack, third] = handshake(&mut e, c, s, 0, V0_CLIENT_KEY, V0_SERVER_KEY);
    // a v0 SYN carries the client key and is numbered (Wireshark)
    assert_eq!(syn.mptcp_stream, Some(0));
    assert_eq!(syn.expected_token, Some(V0_CLIENT_TOKEN));
    assert_eq!(synack.expected_token, Some(V0_SERVER_TOKEN));
    assert_eq!(third.expected_token, Some(V0_CLIENT_TOKEN));
    assert_eq!((synack.seq, synack.ack), (Some(0), Some(1)));
    // the first data byte of each side has relative DSN 1: DSN - the sender's IDSN
    let up = push(
        &mut e,
        payload(
            data_ack(
                mapping(
                    tcp(4, 0, c, s, ACK, CLIENT_ISN + 1, SERVER_ISN + 1),
                    V0_CLIENT_IDSN + 1,
                    false,
                    1,
                    100,
                ),
                V0_SERVER_IDSN + 1,
            ),
            100,
        ),
    );
    assert_eq!(up.dsn, Some(1));
    assert_eq!(up.mapping_frame, Some(4));
    // the client acknowledges the server's data sequence: relative to the server's IDSN
    assert_eq!(up.data_ack, Some(1));
    let down = push(
        &mut e,
        payload(
            data_ack(
                mapping(
                    tcp(5, 0, s, c, ACK, SERVER_ISN + 1, CLIENT_ISN + 101),
                    V0_SERVER_IDSN + 1,
                    false,
                    1,
                    10,
                ),
                V0_CLIENT_IDSN + 101,
            ),
            10,
        ),
    );
    assert_eq!(down.dsn, Some(1));
    assert_eq!(down.data_ack, Some(101));
    assert_eq!(down.mapping_frame, Some(5));
    assert_eq!(e.sender_side(&up), Some(Side::Client));
    assert_eq!(e.sender_side(&down), Some(Side::Server));
    let conns = e.mptcp_connections();
    assert_eq!(conns.len(), 1);
    assert_eq!(
        conns[0].tokens,
        [Some(V0_CLIENT_TOKEN), Some(V0_SERVER_TOKEN)]
    );
    assert_eq!(conns[0].idsn, [Some(V0_CLIENT_IDSN), Some(V0_SERVER_IDSN)]);
}

#[test]
fn v1_handshake_keys_give_tokens_and_idsns() {
    let mut e = enricher();
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    let [syn, synack, third] = handshake(&mut e, c, s, 1, V1_CLIENT_KEY, V1_SERVER_KEY);
    // the keyless v1 SYN is not numbered; the SYN/ACK is
    assert_eq!(syn.mptcp_stream, None);
    assert_eq!(syn.expected_token, None);
    assert_eq!(synack.mptcp_stream, Some(0));
    assert_eq!(synack.expected_token, Some(V1_SERVER_TOKEN));
    assert_eq!(third.expected_token, Some(V1_CLIENT_TOKEN));
    // 8-byte DSN from the client, 4-byte data ACK from the server
    let up = push(
        &mut e,
        payload(
            mapping(
                tcp(4, 0, c, s, ACK, CLIENT_ISN + 1, SERVER_ISN + 1),
                V1_CLIENT_IDSN.wrapping_add(1),
                true,
                1,
                1000,
            ),
            1000,
        ),
    );
    assert_eq!((up.dsn, up.mapping_frame), (Some(1), Some(4)));
    let ack = push(
        &mut e,
        data_ack(
            tcp(5, 0, s, c, ACK, SERVER_ISN + 1, CLIENT_ISN + 1001),
            V1_CLIENT_IDSN.wrapping_add(1001),
        ),
    );
    assert_eq!(ack.data_ack, Some(1001));
    assert_eq!(ack.dsn, None);
    let down = push(
        &mut e,
        payload(
            mapping(
                tcp(6, 0, s, c, ACK, SERVER_ISN + 1, CLIENT_ISN + 1001),
                V1_SERVER_IDSN.wrapping_add(1),
                false,
                1,
                20,
            ),
            20,
        ),
    );
    assert_eq!(down.dsn, Some(1));
    let conns = e.mptcp_connections();
    assert_eq!(
        conns[0].tokens,
        [Some(V1_CLIENT_TOKEN), Some(V1_SERVER_TOKEN)]
    );
    assert_eq!(conns[0].idsn, [Some(V1_CLIENT_IDSN), Some(V1_SERVER_IDSN)]);
}

/// The MP_JOIN SYN of subflow `stream`, `from` -> `to`, naming the host joined by `token`.
fn join_syn(frame: u64, stream: u64, from: Ep, to: Ep, token: u32) -> Packet {
    let mut p = tcp(frame, stream, from, to, SYN, 9_000, 0);
    p.mptcp_subtypes.push(subtype::MP_JOIN);
    p.receiver_token = Some(token);
    p.addr_id = Some(3);
    p.backup = Some(false);
    p
}

fn join_synack(frame: u64, stream: u64, from: Ep, to: Ep) -> Packet {
    let mut p = tcp(frame, stream, from, to, SYN | ACK, 7_000, 9_001);
    p.mptcp_subtypes.push(subtype::MP_JOIN);
    p.addr_id = Some(0);
    p
}

#[test]
fn joins_are_attached_by_token_and_oriented_by_it() {
    let mut e = enricher();
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    handshake(&mut e, c, s, 1, V1_CLIENT_KEY, V1_SERVER_KEY);
    // a subflow the client opens: the token is the server's
    let (c2, s2) = (ep(11, 40_001), ep(12, 5201));
    let syn = push(&mut e, join_syn(4, 1, c2, s2, V1_SERVER_TOKEN));
    assert_eq!(syn.mptcp_stream, Some(0));
    assert_eq!(e.sender_side(&syn), Some(Side::Client));
    push(&mut e, join_synack(5, 1, s2, c2));
    // a subflow the server opens (towards the client's address): the token is the client's
    let (s3, c3) = (ep(22, 45_000), ep(21, 6000));
    let syn3 = push(&mut e, join_syn(6, 2, s3, c3, V1_CLIENT_TOKEN));
    assert_eq!(syn3.mptcp_stream, Some(0));
    assert_eq!(e.sender_side(&syn3), Some(Side::Server));
    // ... although its TCP client (the SYN sender) is the MPTCP server
    assert_eq!(e.tcp_sender_side(&syn3), Some(Side::Client));
    let synack3 = push(&mut e, join_synack(7, 2, c3, s3));
    assert_eq!(e.sender_side(&synack3), Some(Side::Client));
    // a join with an unknown token is another connection (Wireshark)
    let stray = push(&mut e, join_syn(8, 3, ep(31, 1), ep(32, 5201), 0xdead_beef));
    assert_eq!(stray.mptcp_stream, Some(1));
    let conns = e.mptcp_connections();
    assert_eq!(conns.len(), 2);
    assert_eq!(conns[0].subflows, [0, 1, 2]);
    // data of the MPTCP client on the server-opened subflow: the client's data sequence
    let up = push(
        &mut e,
        payload(
            mapping(
                tcp(9, 2, c3, s3, ACK, 7_001, 9_001),
                V1_CLIENT_IDSN.wrapping_add(501),
                true,
                1,
                100,
            ),
            100,
        ),
    );
    assert_eq!(up.dsn, Some(501));
    assert_eq!(e.sender_side(&up), Some(Side::Client));
    // and a data ACK from the MPTCP server on that subflow acknowledges the client's sequence
    let ack = push(
        &mut e,
        data_ack(
            tcp(10, 2, s3, c3, ACK, 9_001, 7_101),
            V1_CLIENT_IDSN.wrapping_add(601),
        ),
    );
    assert_eq!(ack.data_ack, Some(601));
}

/// Subflow 1 of connection 0 captured without its SYN (backend numbering, as tshark gives it):
/// its first packet comes from the server, on ports that are not the master's. The addresses
/// each host used in the master's handshake say which is which, and the server's data gets the
/// server's data sequence (and its ISN follows from the mapping the segment starts).
#[test]
fn subflow_without_syn_is_oriented_by_the_hosts_addresses() {
    let mut e = Enricher::new(
        EnrichOptions {
            reinjections: true,
            ..Default::default()
        },
        false,
    );
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    let numbered = |mut p: Packet| {
        p.mptcp_stream = Some(0);
        p
    };
    let syn = mp_capable(
        tcp(1, 0, c, s, SYN, CLIENT_ISN, 0),
        0,
        Some(V0_CLIENT_KEY),
        None,
    );
    let synack = mp_capable(
        tcp(2, 0, s, c, SYN | ACK, SERVER_ISN, CLIENT_ISN + 1),
        0,
        Some(V0_SERVER_KEY),
        None,
    );
    let third = mp_capable(
        tcp(3, 0, c, s, ACK, CLIENT_ISN + 1, SERVER_ISN + 1),
        0,
        Some(V0_CLIENT_KEY),
        Some(V0_SERVER_KEY),
    );
    for p in [syn, synack, third] {
        push(&mut e, numbered(p));
    }
    // subflow 1: server 10.0.0.2:6000 -> client 10.0.0.1:3000 (the lower port is the client's,
    // and neither is the master's server port: only the addresses tell)
    let (s1, c1) = (ep(2, 6000), ep(1, 3000));
    let first = push(
        &mut e,
        numbered(payload(
            mapping(
                tcp(4, 1, s1, c1, ACK, 123_456, 654_321),
                V0_SERVER_IDSN + 1,
                false,
                1,
                100,
            ),
            100,
        )),
    );
    assert_eq!(e.sender_side(&first), Some(Side::Server));
    assert_eq!(first.dsn, Some(1));
    assert_eq!(first.mapping_frame, Some(4));
    let reply = push(
        &mut e,
        numbered(data_ack(
            tcp(5, 1, c1, s1, ACK, 654_321, 123_556),
            V0_SERVER_IDSN + 101,
        )),
    );
    assert_eq!(e.sender_side(&reply), Some(Side::Client));
    assert_eq!(reply.data_ack, Some(101));
    // the next server segment, with the next mapping
    let next = push(
        &mut e,
        numbered(payload(
            mapping(
                tcp(6, 1, s1, c1, ACK, 123_556, 654_321),
                V0_SERVER_IDSN + 101,
                false,
                101,
                50,
            ),
            50,
        )),
    );
    assert_eq!((next.dsn, next.mapping_frame), (Some(101), Some(6)));
    assert_eq!(e.sender_side(&next), Some(Side::Server));
}

/// A capture that starts mid-connection (no handshake at all, native numbering): the first
/// packet is from the server (port 5201); the lower port is taken as the server's, and each
/// direction's DSNs are relative to the first DSN seen in it minus one.
#[test]
fn connection_without_handshake_is_oriented_by_the_lower_port() {
    let mut e = enricher();
    let (s, c) = (ep(2, 5201), ep(1, 40_000));
    let first = push(
        &mut e,
        payload(
            mapping(tcp(1, 0, s, c, ACK, 300, 800), 70_000, false, 1, 10),
            10,
        ),
    );
    assert_eq!(e.sender_side(&first), Some(Side::Server));
    assert_eq!(first.dsn, Some(1));
    let up = push(
        &mut e,
        payload(
            data_ack(
                mapping(tcp(2, 0, c, s, ACK, 800, 310), 90_000, false, 1, 20),
                70_010,
            ),
            20,
        ),
    );
    assert_eq!(e.sender_side(&up), Some(Side::Client));
    assert_eq!(up.dsn, Some(1));
    // the client acknowledges the 10 bytes of the server: relative to the server's base
    assert_eq!(up.data_ack, Some(11));
}

/// Data from the client on the master of a v0 connection, after the handshake.
fn up(frame: u64, seq_rel: u32, len: u32) -> Packet {
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    payload(
        tcp(frame, 0, c, s, ACK, CLIENT_ISN + seq_rel, SERVER_ISN + 1),
        len,
    )
}

#[test]
fn mapping_boundaries() {
    let mut e = enricher();
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    handshake(&mut e, c, s, 0, V0_CLIENT_KEY, V0_SERVER_KEY);
    let d = |rel: u64| V0_CLIENT_IDSN + rel;
    // one mapping of 300 bytes carried by the first of three 100-byte segments
    let p4 = push(&mut e, mapping(up(4, 1, 100), d(1), false, 1, 300));
    let p5 = push(&mut e, up(5, 101, 100));
    let p6 = push(&mut e, up(6, 201, 100));
    for (p, dsn) in [(&p4, 1), (&p5, 101), (&p6, 201)] {
        assert_eq!(
            (p.dsn, p.mapping_frame),
            (Some(dsn), Some(4)),
            "{}",
            p.frame
        );
    }
    // a mapping that starts 50 bytes into its segment: the first 50 bytes continue the
    // data sequence of the mapping before
    let p7 = push(&mut e, mapping(up(7, 301, 100), d(351), false, 351, 100));
    assert_eq!((p7.dsn, p7.mapping_frame), (Some(301), Some(7)));
    let p8 = push(&mut e, up(8, 401, 50));
    assert_eq!((p8.dsn, p8.mapping_frame), (Some(401), Some(7)));
    // a retransmission of an old segment is still covered by the earlier mapping
    let p9 = push(&mut e, up(9, 101, 100));
    assert_eq!((p9.dsn, p9.mapping_frame), (Some(101), Some(4)));
    // a segment no mapping covers gets no DSN (never a guess)
    let p10 = push(&mut e, up(10, 451, 10));
    assert_eq!((p10.dsn, p10.mapping_frame), (None, None));
    // a DATA_FIN-only mapping (no payload): its own DSN, and it covers nothing after
    let mut fin = mapping(up(11, 461, 0), d(461), false, 0, 1);
    fin.data_fin = true;
    let fin = push(&mut e, fin);
    assert_eq!((fin.dsn, fin.mapping_frame), (Some(461), Some(11)));
}

#[test]
fn four_byte_dsn_and_data_ack_expand_across_the_32_bit_wrap() {
    let mut e = enricher();
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    handshake(&mut e, c, s, 0, WRAP_KEY, V0_SERVER_KEY);
    let d = |rel: u64| WRAP_IDSN + rel;
    // relative 2001 is past the wrap of the low 32 bits: 0xffff_f835 + 2001 = 0x1_0000_0006
    assert_eq!(d(2001) as u32, 6);
    let p4 = push(&mut e, mapping(up(4, 1, 1000), d(1), false, 1, 1000));
    let p5 = push(
        &mut e,
        mapping(up(5, 1001, 1000), d(1001), false, 1001, 1000),
    );
    let p6 = push(
        &mut e,
        mapping(up(6, 2001, 1000), d(2001), false, 2001, 1000),
    );
    assert_eq!([p4.dsn, p5.dsn, p6.dsn], [Some(1), Some(1001), Some(2001)]);
    let ack = push(
        &mut e,
        data_ack(
            tcp(7, 0, s, c, ACK, SERVER_ISN + 1, CLIENT_ISN + 3001),
            d(3001),
        ),
    );
    assert_eq!(ack.data_ack, Some(3001));
    assert_eq!(p6.mapping_frame, Some(6));
}

/// Wireshark's definition (docs/statistics.md "Reinjections"): a packet is a reinjection of
/// every earlier transmission, on another subflow, of some of its data-level bytes.
#[test]
fn a_reinjection_names_every_earlier_transmission_on_other_subflows() {
    let mut e = enricher();
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    handshake(&mut e, c, s, 0, V0_CLIENT_KEY, V0_SERVER_KEY);
    let (c2, s2) = (ep(11, 40_001), ep(12, 5201));
    push(&mut e, join_syn(4, 1, c2, s2, V0_SERVER_TOKEN));
    push(&mut e, join_synack(5, 1, s2, c2));
    let d = |rel: u64| V0_CLIENT_IDSN + rel;
    let orig = push(&mut e, mapping(up(6, 1, 100), d(1), false, 1, 100));
    assert!(orig.reinjection_of.is_empty());
    // the same bytes again on the master (a TCP retransmission): not a reinjection
    let again = push(&mut e, mapping(up(7, 1, 100), d(1), false, 1, 100));
    assert!(again.reinjection_of.is_empty());
    // 60 of them on the join: a reinjection of both transmissions on the master
    let mut re = payload(
        mapping(tcp(8, 1, c2, s2, ACK, 9_001, 7_001), d(41), false, 1, 60),
        60,
    );
    let r = e.push(&mut re);
    assert_eq!(re.dsn, Some(41));
    assert_eq!(re.reinjection_of, [6, 7]);
    assert_eq!(r.reinjected_bytes, 60);
    let per_frame: Vec<(u64, u64, u64)> = r
        .overlaps
        .iter()
        .map(|o| (o.frame, o.bytes, o.fresh_bytes))
        .collect();
    assert_eq!(per_frame, [(6, 60, 60), (7, 60, 60)]);
    // the master retransmits bytes 21..61 again: those from 41 on were since sent on the
    // join, so it is a reinjection of frame 8 (20 bytes), not of its own subflow's frames
    let mut back = mapping(up(9, 21, 40), d(21), false, 21, 40);
    let r = e.push(&mut back);
    assert_eq!(back.reinjection_of, [8]);
    assert_eq!(r.reinjected_bytes, 20);
    assert_eq!(e.reinjections, [(6, 8), (7, 8), (8, 9)]);
}

/// A v0 key whose SHA-1 IDSN is 333,979,592,783 below 2^64 (found by a search outside the
/// project with Python `hashlib`; its token is 1,456,874,581): its 64-bit data sequence space
/// wraps past 2^64 after that many bytes, which is legal (RFC 8684: DSNs are modulo 2^64).
const WRAP64_KEY: u64 = 21_764_062;
const WRAP64_IDSN: u64 = 18_446_743_739_729_958_833;
/// Relative DSN of the first byte past 2^64.
const WRAP64_REL: u64 = (u64::MAX - WRAP64_IDSN) + 1;

/// A segment whose 8-byte DSN range crosses 2^64 and its reinjection on a join after the wrap
/// (issue 14 item 14): relative DSNs count on across the wrap and the reinjection finds its
/// original, as for any other range (with overflow checks on, the range end used to panic).
#[test]
fn a_dsn_range_across_2_pow_64_and_its_reinjection_after_the_wrap() {
    assert_eq!(WRAP64_REL, 333_979_592_783);
    let mut e = enricher();
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    handshake(&mut e, c, s, 0, WRAP64_KEY, V0_SERVER_KEY);
    let (c2, s2) = (ep(11, 40_001), ep(12, 5201));
    push(&mut e, join_syn(4, 1, c2, s2, V0_SERVER_TOKEN));
    push(&mut e, join_synack(5, 1, s2, c2));
    let d = |rel: u64| WRAP64_IDSN.wrapping_add(rel);
    // 100 bytes, the last 50 past 2^64
    let orig = push(
        &mut e,
        mapping(up(6, 1, 100), d(WRAP64_REL - 50), true, 1, 100),
    );
    assert_eq!(orig.dsn, Some((WRAP64_REL - 50) as i64));
    assert_eq!(orig.mapping_frame, Some(6));
    // the next mapping starts at absolute DSN 50 (wrapped): its relative DSN counts on
    let next = push(
        &mut e,
        mapping(up(7, 101, 10), d(WRAP64_REL + 50), true, 101, 10),
    );
    assert_eq!(d(WRAP64_REL + 50), 50);
    assert_eq!(next.dsn, Some((WRAP64_REL + 50) as i64));
    assert!(next.reinjection_of.is_empty());
    // 60 bytes on the join from absolute DSN 10 (after the wrap): 40 of them first sent in
    // frame 6, 10 in frame 7
    let re = push(
        &mut e,
        payload(
            mapping(
                tcp(8, 1, c2, s2, ACK, 9_001, 7_001),
                d(WRAP64_REL + 10),
                true,
                1,
                60,
            ),
            60,
        ),
    );
    assert_eq!(re.dsn, Some((WRAP64_REL + 10) as i64));
    assert_eq!(re.reinjection_of, [6, 7]);
    // and one on the join that straddles the wrap itself: 20 bytes from 2^64 - 10
    let re2 = push(
        &mut e,
        payload(
            mapping(
                tcp(9, 1, c2, s2, ACK, 9_061, 7_001),
                d(WRAP64_REL - 10),
                true,
                61,
                20,
            ),
            20,
        ),
    );
    assert_eq!(re2.dsn, Some((WRAP64_REL - 10) as i64));
    assert_eq!(re2.reinjection_of, [6]);
    assert_eq!(e.reinjections, [(6, 8), (7, 8), (6, 9)]);
}

/// `mptcp_stream` as a backend gives it (tshark, CSV) may be any u64, u64::MAX included: the
/// analysis keeps it (with overflow checks on, numbering the next connection used to panic).
#[test]
fn a_backend_mptcp_stream_of_u64_max_is_kept() {
    let mut e = Enricher::new(
        EnrichOptions {
            reinjections: true,
            ..Default::default()
        },
        false,
    );
    let (c, s) = (ep(1, 40_000), ep(2, 5201));
    let mut syn = mp_capable(
        tcp(1, 0, c, s, SYN, CLIENT_ISN, 0),
        0,
        Some(V0_CLIENT_KEY),
        None,
    );
    syn.mptcp_stream = Some(u64::MAX);
    let mut synack = mp_capable(
        tcp(2, 0, s, c, SYN | ACK, SERVER_ISN, CLIENT_ISN + 1),
        0,
        Some(V0_SERVER_KEY),
        None,
    );
    synack.mptcp_stream = Some(u64::MAX);
    let syn = push(&mut e, syn);
    push(&mut e, synack);
    assert_eq!(syn.mptcp_stream, Some(u64::MAX));
    let ids: Vec<Option<u64>> = e.mptcp_connections().iter().map(|c| c.id()).collect();
    assert_eq!(ids, [Some(u64::MAX)]);
}

/// A pass whose packets nothing reads (`list`: `Enricher::push_untapped`, no per-packet
/// record) leaves the analysis in the state `push` leaves it in: the same TCP and MPTCP
/// connection summaries, late warnings and folded units, on every kernel fixture, with the
/// default linger, with none (every end folds at once) and with folding off, with and without
/// the reinjection detector (the same pairs found).
#[test]
fn untapped_pushes_leave_the_state_that_pushes_leave() {
    use mptcpanalyzer::analysis::connections::{mptcp_connections, tcp_connections};
    use mptcpanalyzer::analysis::lifecycle::Linger;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut captures: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    captures.sort();
    assert!(captures.len() >= 10, "{captures:?}");
    let (mut mptcp_seen, mut reinjections_seen) = (0, 0);
    for path in &captures {
        let mut packets = Vec::new();
        mptcpanalyzer::input::native::read(path, &mut |p: &mut Packet| {
            packets.push(std::mem::take(p));
            Ok(())
        })
        .unwrap();
        let settings = [Linger::default(), Linger(0), Linger::NEVER]
            .into_iter()
            .flat_map(|l| [(l, false), (l, true)]);
        for (linger, reinjections) in settings {
            let opts = EnrichOptions {
                summaries: true,
                linger,
                reinjections,
                ..Default::default()
            };
            let (mut a, mut b) = (Enricher::new(opts, true), Enricher::new(opts, true));
            for p in &packets {
                a.push(&mut p.clone());
                b.push_untapped(&mut p.clone());
            }
            let what = format!(
                "{} linger {linger:?} reinjections {reinjections}",
                path.display()
            );
            assert_eq!(tcp_connections(&a), tcp_connections(&b), "{what}");
            assert_eq!(mptcp_connections(&a), mptcp_connections(&b), "{what}");
            assert_eq!(a.late_warnings(), b.late_warnings(), "{what}");
            assert_eq!(a.folded_units(), b.folded_units(), "{what}");
            assert!(a.reinjections == b.reinjections, "{what}");
            reinjections_seen += a.reinjections.len();
            mptcp_seen += mptcp_connections(&a).len();
        }
    }
    assert!(mptcp_seen > 20, "{mptcp_seen}");
    assert!(reinjections_seen > 0, "no fixture with a reinjection");
}
