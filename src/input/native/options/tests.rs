//! The option walker and MPTCP option parser on hand-made option bytes.

use super::*;

fn mp(subtype: u8, low: u8, rest: &[u8]) -> Vec<u8> {
    let mut o = vec![30, (3 + rest.len()) as u8, (subtype << 4) | (low & 0x0f)];
    o.extend_from_slice(rest);
    o
}

fn parse(o: &[u8]) -> (Packet, Warnings) {
    let mut p = Packet::default();
    let mut w = Warnings::default();
    walk_tcp_options(o, false, &mut p, &mut w);
    (p, w)
}

const K1: [u8; 8] = [0, 0, 0, 0, 0, 0, 0, 1];
const K2: [u8; 8] = [0xff, 0, 0, 0, 0, 0, 0, 2];

#[test]
fn mp_capable_lengths() {
    let (p, w) = parse(&mp(0, 1, &[0x81]));
    assert_eq!((p.mptcp_version, p.sender_key, w.count), (Some(1), None, 0));
    assert_eq!(p.mptcp_subtypes, vec![0]);
    let (p, _) = parse(&mp(0, 0, &[[0x81].as_slice(), &K1].concat()));
    assert_eq!(
        (p.mptcp_version, p.sender_key, p.receiver_key),
        (Some(0), Some(1), None)
    );
    let (p, _) = parse(&mp(0, 1, &[[0x81].as_slice(), &K1, &K2].concat()));
    assert_eq!(p.receiver_key, Some(0xff00_0000_0000_0002));
    assert_eq!(p.dss_length, None);
    let (p, _) = parse(&mp(0, 1, &[[0x81].as_slice(), &K1, &K2, &[1, 0]].concat()));
    assert_eq!((p.dss_length, p.dss_checksum), (Some(256), None));
    let (p, w) = parse(&mp(
        0,
        1,
        &[[0x81].as_slice(), &K1, &K2, &[1, 0], &[0xbe, 0xef]].concat(),
    ));
    assert_eq!(
        (p.dss_length, p.dss_checksum, w.count),
        (Some(256), Some(0xbeef), 0)
    );
    let (p, w) = parse(&mp(0, 1, &[0x81, 1, 2]));
    assert_eq!((p.sender_key, w.count), (None, 1));
}

#[test]
fn mp_join_variants() {
    let (p, w) = parse(&mp(1, 1, &[7, 0, 0, 1, 0, 9, 9, 9, 9]));
    assert_eq!(w.count, 0);
    assert_eq!(
        (p.backup, p.addr_id, p.receiver_token),
        (Some(true), Some(7), Some(256))
    );
    let (p, w) = parse(&mp(1, 0, &[3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9]));
    assert_eq!(
        (p.backup, p.addr_id, p.receiver_token, w.count),
        (Some(false), Some(3), None, 0)
    );
    let (p, w) = parse(&mp(1, 0, &[0; 21]));
    assert_eq!((p.backup, p.addr_id, w.count), (None, None, 0));
    assert_eq!(p.mptcp_subtypes, vec![1]);
    let (_, w) = parse(&mp(1, 0, &[0; 5]));
    assert_eq!(w.count, 1);
}

#[test]
fn dss_ack_and_mapping_sizes() {
    // data ACK 4 bytes
    let (p, w) = parse(&mp(2, 0, &[0x01, 0, 0, 1, 0]));
    assert_eq!(
        (p.data_ack_raw, p.data_ack8, p.dss_dsn_raw, w.count),
        (Some(256), Some(false), None, 0)
    );
    // data ACK 8 bytes
    let (p, _) = parse(&mp(2, 0, &[0x03, 1, 0, 0, 0, 0, 0, 0, 0]));
    assert_eq!((p.data_ack_raw, p.data_ack8), (Some(1 << 56), Some(true)));
    // 4-byte DSN: the wire value, as tshark's rawdataseqno
    let (p, w) = parse(&mp(
        2,
        0,
        &[0x04, 0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 5, 0, 100],
    ));
    assert_eq!(w.count, 0);
    assert_eq!(
        (p.dss_dsn_raw, p.dss_dsn8, p.dss_ssn, p.dss_length),
        (Some(0xffff_fff0), Some(false), Some(5), Some(100))
    );
    assert_eq!(
        (p.dss_checksum, p.data_ack_raw, p.data_fin),
        (None, None, false)
    );
    // 4-byte ACK + 4-byte DSN + checksum
    let (p, w) = parse(&mp(
        2,
        0,
        &[0x05, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 1, 0, 10, 0x12, 0x34],
    ));
    assert_eq!(
        (p.data_ack_raw, p.dss_dsn_raw, p.dss_checksum, w.count),
        (Some(9), Some(1), Some(0x1234), 0)
    );
    // 8-byte ACK + 8-byte DSN + checksum + DATA_FIN
    let mut rest = vec![0x1f];
    rest.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0]);
    rest.extend_from_slice(&[0, 0, 0, 2, 0, 0, 0, 0]);
    rest.extend_from_slice(&[0, 0, 0, 7, 0, 1, 0xab, 0xcd]);
    let (p, w) = parse(&mp(2, 0, &rest));
    assert_eq!(w.count, 0);
    assert_eq!(
        (p.data_ack_raw, p.dss_dsn_raw),
        (Some(1 << 32), Some(2 << 32))
    );
    assert_eq!(
        (p.dss_dsn8, p.data_ack8, p.dss_ssn),
        (Some(true), Some(true), Some(7))
    );
    assert_eq!(
        (p.dss_length, p.dss_checksum, p.data_fin),
        (Some(1), Some(0xabcd), true)
    );
    // mapping flag set but the option too short
    let (p, w) = parse(&mp(2, 0, &[0x04, 0, 0, 0, 1, 0]));
    assert_eq!((p.dss_dsn_raw, w.count), (None, 1));
    // DSS without flags byte
    let (_, w) = parse(&[30, 3, 0x20]);
    assert_eq!(w.count, 1);
}

#[test]
fn add_addr_v0_v1() {
    let (p, w) = parse(&mp(3, 4, &[2, 10, 0, 0, 3]));
    assert_eq!(w.count, 0);
    assert_eq!(
        (p.addr_id, p.add_addr_ip, p.add_addr_port, p.add_addr_echo),
        (Some(2), Some("10.0.0.3".parse().unwrap()), None, None)
    );
    let (p, _) = parse(&mp(3, 4, &[2, 10, 0, 0, 3, 0x1f, 0x90]));
    assert_eq!(p.add_addr_port, Some(8080));
    let mut v6 = vec![5];
    v6.extend_from_slice(&"fd00::5".parse::<Ipv6Addr>().unwrap().octets());
    let (p, w) = parse(&mp(3, 6, &v6));
    assert_eq!(
        (p.add_addr_ip, p.addr_id, w.count),
        (Some("fd00::5".parse().unwrap()), Some(5), 0)
    );
    let mut v6p = v6.clone();
    v6p.extend_from_slice(&[0, 80]);
    let (p, _) = parse(&mp(3, 6, &v6p));
    assert_eq!(p.add_addr_port, Some(80));
    // v1 with HMAC, without / with port
    let (p, w) = parse(&mp(
        3,
        0,
        &[[9u8, 10, 1, 2, 3].as_slice(), &[7; 8]].concat(),
    ));
    assert_eq!(
        (p.add_addr_ip, p.add_addr_echo, p.add_addr_port, w.count),
        (Some("10.1.2.3".parse().unwrap()), Some(false), None, 0)
    );
    let (p, _) = parse(&mp(
        3,
        0,
        &[[9u8, 10, 1, 2, 3, 1, 0].as_slice(), &[7; 8]].concat(),
    ));
    assert_eq!(p.add_addr_port, Some(256));
    // v1 echo, no HMAC
    let (p, _) = parse(&mp(3, 1, &[9, 10, 1, 2, 3]));
    assert_eq!((p.add_addr_echo, p.add_addr_port), (Some(true), None));
    let (p, _) = parse(&mp(3, 1, &[9, 10, 1, 2, 3, 0, 1]));
    assert_eq!((p.add_addr_echo, p.add_addr_port), (Some(true), Some(1)));
    // v1 IPv6 + port + HMAC, and echo IPv6
    let mut v = v6.clone();
    v.extend_from_slice(&[0, 2]);
    v.extend_from_slice(&[1; 8]);
    let (p, w) = parse(&mp(3, 0, &v));
    assert_eq!(
        (p.add_addr_ip, p.add_addr_port, p.add_addr_echo, w.count),
        (Some("fd00::5".parse().unwrap()), Some(2), Some(false), 0)
    );
    let (p, _) = parse(&mp(3, 1, &v6));
    assert_eq!(
        (p.add_addr_ip, p.add_addr_echo),
        (Some("fd00::5".parse().unwrap()), Some(true))
    );
    // bad length
    let (p, w) = parse(&mp(3, 4, &[2, 10, 0]));
    assert_eq!((p.add_addr_ip, w.count), (None, 1));
}

#[test]
fn other_subtypes() {
    let (p, w) = parse(&mp(4, 0, &[1, 2, 3]));
    assert_eq!((p.remove_addr_ids.clone(), w.count), (vec![1, 2, 3], 0));
    let (p, _) = parse(&mp(5, 1, &[]));
    assert_eq!((p.backup, p.addr_id), (Some(true), None));
    let (p, _) = parse(&mp(5, 0, &[4]));
    assert_eq!((p.backup, p.addr_id), (Some(false), Some(4)));
    let (p, w) = parse(&mp(6, 0, &[0, 0, 0, 0, 0, 0, 0, 1, 2]));
    assert_eq!((p.mp_fail_dsn, w.count), (Some(0x102), 0));
    let (p, _) = parse(&mp(7, 0, &[[0u8].as_slice(), &K2].concat()));
    assert_eq!(p.receiver_key, Some(0xff00_0000_0000_0002));
    let (p, w) = parse(&mp(8, 0b1010, &[4]));
    assert_eq!(
        (p.tcprst_flags, p.tcprst_reason, w.count),
        (Some(0b1010), Some(4), 0)
    );
    let (p, w) = parse(&mp(0xf, 0, &[0]));
    assert_eq!((p.mptcp_subtypes.to_vec(), w.count), (vec![0xf], 1));
}

#[test]
fn walker_lists_kinds_like_wireshark() {
    // NOP NOP TS, MPTCP DSS, EOL padding
    let mut o = vec![1, 1, 8, 10, 1, 2, 3, 4, 0xa, 0xb, 0xc, 0xd];
    o.extend_from_slice(&mp(2, 0, &[0x01, 0, 0, 0, 3]));
    o.extend_from_slice(&[0, 0]);
    let (p, w) = parse(&o);
    assert_eq!(p.tcp_options, vec![1, 1, 8, 30, 0, 0]);
    assert_eq!(
        (p.ts_val, p.ts_ecr, p.data_ack_raw, w.count),
        (Some(0x0102_0304), Some(0x0a0b_0c0d), Some(3), 0)
    );
    // the same start, not the usual one: a timestamp of bad length, or cut short
    let (p, w) = parse(&[1, 1, 8, 9, 1, 2, 3, 4, 5, 6, 7, 0]);
    assert_eq!(
        (p.tcp_options.to_vec(), p.ts_val, w.count),
        (vec![1, 1, 8, 0], None, 1)
    );
    let (p, w) = parse(&[1, 1, 8, 10, 1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(
        (p.tcp_options.to_vec(), p.ts_val, w.count),
        (vec![1, 1], None, 1)
    );
    // timestamps after something else are still read
    let (p, _) = parse(&[1, 8, 10, 0, 0, 1, 0, 0, 0, 2, 0, 1]);
    assert_eq!(
        (p.tcp_options.to_vec(), p.ts_val, p.ts_ecr),
        (vec![1, 8, 1], Some(256), Some(512))
    );
    // two MPTCP options, the second after kind 30 (etherparse would stop)
    let mut o = mp(2, 0, &[0x01, 0, 0, 0, 3]);
    o.extend_from_slice(&mp(3, 4, &[1, 1, 2, 3, 4]));
    let (p, _) = parse(&o);
    assert_eq!(p.mptcp_subtypes, vec![2, 3]);
    // an option running past the end is not listed and stops the walk
    let (p, w) = parse(&[1, 2, 4, 5]);
    assert_eq!((p.tcp_options.to_vec(), w.count), (vec![1], 1));
    let (p, w) = parse(&[3, 1, 1]);
    assert_eq!((p.tcp_options.to_vec(), w.count), (vec![], 1));
    // cut by the capture: reported as such
    let mut p = Packet::default();
    let mut w = Warnings::default();
    walk_tcp_options(&[1, 30, 20, 0x20], true, &mut p, &mut w);
    assert_eq!((p.tcp_options.to_vec(), w.count), (vec![1], 1));
    assert!(w.samples[0].contains("cut by the capture"));
}

proptest::proptest! {
    #[test]
    fn walker_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64), cut in proptest::bool::ANY) {
        let mut p = Packet::default();
        let mut w = Warnings::default();
        walk_tcp_options(&bytes, cut, &mut p, &mut w);
    }

    #[test]
    fn mptcp_never_panics(rest in proptest::collection::vec(proptest::num::u8::ANY, 0..40), st in 0u8..16) {
        let mut o = vec![30, (3 + rest.len()) as u8, st << 4];
        o.extend_from_slice(&rest);
        let mut p = Packet::default();
        let mut w = Warnings::default();
        walk_tcp_options(&o, false, &mut p, &mut w);
        parse_mptcp(&o[..o.len().min(2)], &mut p, &mut w);
    }
}
