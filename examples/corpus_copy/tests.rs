//! The rewriter against values Wireshark decodes from a kernel fixture, and against itself on
//! every frame (relative DSNs, checksums, conversations).

use super::*;
use crate::pcap::{be32, be64, mptcp_options, TcpAt};
use mptcpanalyzer::analysis::keys::token_and_idsn;
use std::collections::HashSet;
use std::net::IpAddr;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/mptcp-v4-two-subflows.pcap"
);

// tshark 4.0.17 on the fixture: frame 12 (SYN/ACK) tcp.options.mptcp.sendkey, frame 13
// (third ACK) sendkey, mptcp.expected_token and mptcp.expected_idsn of each; frame 18 (MP_JOIN
// SYN) tcp.options.mptcp.recvtok; frame 21 tcp.options.mptcp.rawdataack (4 bytes), frame 22
// tcp.options.mptcp.rawdataseqno (8 bytes).
const SERVER_KEY: u64 = 12888166774646803853;
const SERVER_TOKEN: u32 = 3703770471;
const SERVER_IDSN: u64 = 116957885395721286;
const CLIENT_KEY: u64 = 15485305598736907618;
const CLIENT_TOKEN: u32 = 1201256286;
const CLIENT_IDSN: u64 = 17389623297435176579;
const JOIN_TOKEN: u32 = 3703770471;
const FRAME21_DATA_ACK: u32 = 1031474820;
const FRAME22_DSN: u64 = 116957885395721287;

#[test]
fn token_and_idsn_are_those_wireshark_derives() {
    assert_eq!(token_and_idsn(SERVER_KEY, 1), (SERVER_TOKEN, SERVER_IDSN));
    assert_eq!(token_and_idsn(CLIENT_KEY, 1), (CLIENT_TOKEN, CLIENT_IDSN));
    assert_eq!(JOIN_TOKEN, SERVER_TOKEN);
    // relative values 1: the first byte of each direction
    assert_eq!(FRAME22_DSN.wrapping_sub(SERVER_IDSN), 1);
    assert_eq!(FRAME21_DATA_ACK.wrapping_sub(CLIENT_IDSN as u32), 1);
}

fn load() -> Pcap {
    Pcap::parse(std::fs::read(FIXTURE).expect("fixture")).expect("pcap")
}

/// Copies 0..copies of the fixture, read back.
fn copies(copies: u64) -> Vec<Pcap> {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = Args {
        copies,
        step: 100,
        out_dir: dir.path().to_path_buf(),
        sources: vec![FIXTURE.into()],
    };
    run(&args).expect("run");
    (0..copies)
        .map(|k| {
            Pcap::parse(std::fs::read(dir.path().join(format!("part-{k}-0.pcap"))).unwrap())
                .unwrap()
        })
        .collect()
}

fn tcp(p: &Pcap, frame: usize) -> (Vec<u8>, TcpAt) {
    let f = p.frame(frame - 1).to_vec();
    let t = locate_tcp(p.linktype, &f).expect("tcp");
    (f, t)
}

/// The MPTCP option of `subtype` in a frame: its offset.
fn option(f: &[u8], t: &TcpAt, subtype: u8) -> usize {
    mptcp_options(f, t)
        .into_iter()
        .find(|&(o, _)| f[o + 2] >> 4 == subtype)
        .expect("option")
        .0
}

#[test]
fn a_copy_has_new_keys_tokens_and_the_same_relative_sequence_numbers() {
    let c = copies(3);
    assert_eq!(c[0].bytes, load().bytes, "copy 0 is the source");
    let mut tokens = HashSet::from([SERVER_TOKEN, CLIENT_TOKEN]);
    for copy in &c[1..] {
        let (f, t) = tcp(copy, 12);
        let server = be64(&f, option(&f, &t, 0) + 4).unwrap();
        let (f, t) = tcp(copy, 13);
        let o = option(&f, &t, 0);
        let client = be64(&f, o + 4).unwrap();
        assert_eq!(
            be64(&f, o + 12).unwrap(),
            server,
            "the third ACK echoes the server key"
        );
        let (st, si) = token_and_idsn(server, 1);
        let (ct, ci) = token_and_idsn(client, 1);
        assert!(
            tokens.insert(st) && tokens.insert(ct),
            "tokens distinct over copies"
        );
        let (f, t) = tcp(copy, 18);
        assert_eq!(
            be32(&f, option(&f, &t, 1) + 4).unwrap(),
            st,
            "the join carries the new token"
        );
        let (f, t) = tcp(copy, 21);
        let ack = be32(&f, option(&f, &t, 2) + 4).unwrap();
        assert_eq!(
            ack.wrapping_sub(ci as u32),
            1,
            "relative data ACK as in the source"
        );
        let (f, t) = tcp(copy, 22);
        let o = option(&f, &t, 2);
        // flags A, M, m: a 4-byte data ACK, then an 8-byte DSN
        assert_eq!(f[o + 3] & 0x0f, 0x0d);
        assert_eq!(
            be64(&f, o + 8).unwrap().wrapping_sub(si),
            1,
            "relative DSN as in the source"
        );
    }
}

/// The pseudo-header + segment sum of a frame (0xffff: the checksum is right).
fn residual(f: &[u8], t: &TcpAt) -> u16 {
    let (IpAddr::V4(s), IpAddr::V4(d)) = (t.src.0, t.dst.0) else {
        panic!("v4")
    };
    let seg = &f[t.off..];
    let mut pseudo = Vec::new();
    pseudo.extend_from_slice(&s.octets());
    pseudo.extend_from_slice(&d.octets());
    pseudo.extend_from_slice(&[0, 6]);
    pseudo.extend_from_slice(&(seg.len() as u16).to_be_bytes());
    rewrite::fold(rewrite::ones_sum(&pseudo) + rewrite::ones_sum(seg))
}

#[test]
fn every_frame_keeps_its_checksum_state_and_only_the_client_port_moves() {
    let src = load();
    let c = copies(2);
    let mut moved = 0;
    let mut ports = std::collections::HashMap::new();
    for i in 1..=src.records.len() {
        if locate_tcp(src.linktype, src.frame(i - 1)).is_none() {
            assert_eq!(
                src.frame(i - 1),
                c[1].frame(i - 1),
                "frame {i}: not TCP, as it was"
            );
            continue;
        }
        let (a, ta) = tcp(&src, i);
        let (b, tb) = tcp(&c[1], i);
        assert_eq!(a.len(), b.len());
        assert_eq!(
            residual(&a, &ta),
            residual(&b, &tb),
            "frame {i}: checksum state"
        );
        // server port 5201 stays, the client's moves
        assert_eq!(
            (ta.src.1 == 5201, ta.dst.1 == 5201),
            (tb.src.1 == 5201, tb.dst.1 == 5201)
        );
        assert!(ta.src.1 == 5201 || ta.dst.1 == 5201);
        let (ca, cb) = if ta.src.1 == 5201 {
            (ta.dst, tb.dst)
        } else {
            (ta.src, tb.src)
        };
        assert_eq!(ca.0, cb.0, "addresses stay");
        assert_ne!(ca.1, cb.1, "frame {i}: client port");
        assert_eq!(
            *ports.entry(ca.1).or_insert(cb.1),
            cb.1,
            "one new port per client port"
        );
        moved += 1;
        // only the ports, the MPTCP options and the checksum differ
        let mut same = a.clone();
        same[ta.off..ta.off + ta.hdr_len].copy_from_slice(&b[tb.off..tb.off + tb.hdr_len]);
        assert_eq!(same, b, "frame {i}: bytes outside the TCP header");
    }
    // the 16 frames tshark decodes without a TCP checksum are not TCP
    assert_eq!(moved, src.records.len() - 16);
}

#[test]
fn incremental_checksum_equals_recomputing() {
    // a 20-byte header + 5 bytes of payload, checksum over the segment alone (no pseudo-header)
    let mut seg: Vec<u8> = (0u8..25).map(|b| b.wrapping_mul(37)).collect();
    seg[16] = 0;
    seg[17] = 0;
    let full = |s: &[u8]| !rewrite::fold(rewrite::ones_sum(s));
    let ck = full(&seg);
    seg[16..18].copy_from_slice(&ck.to_be_bytes());
    let old = seg[..20].to_vec();
    seg[0..2].copy_from_slice(&54321u16.to_be_bytes());
    seg[4..8].copy_from_slice(&0xdead_beefu32.to_be_bytes());
    rewrite::update_checksum(&mut seg, 0, &old);
    let mut zero = seg.clone();
    zero[16..18].fill(0);
    assert_eq!(u16::from_be_bytes([seg[16], seg[17]]), full(&zero));
}

#[test]
fn too_many_copies_for_the_port_space_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = Plan::build(&[load()]);
    assert_eq!(p.client_ports, vec![36220, 56821]);
    let args = Args {
        copies: p.max_copies() as u64 + 1,
        step: 100,
        out_dir: dir.path().to_path_buf(),
        sources: vec![FIXTURE.into()],
    };
    let e = run(&args).unwrap_err();
    assert!(e.contains("port space holds"), "{e}");
}
