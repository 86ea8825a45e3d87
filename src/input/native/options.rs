//! TCP option walker and MPTCP (kind 30) option parser, over the raw option bytes.
//!
//! etherparse's option iterator stops at unknown kinds (30 = MPTCP), so the walk is done here.
//! Every read is bounds-checked: malformed options become warnings, never panics.

use super::bytes::{be16, be32, be64};
use super::Warnings;
use crate::model::Packet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// TCP option kinds used here.
pub const KIND_EOL: u8 = 0;
pub const KIND_NOP: u8 = 1;
pub const KIND_WSCALE: u8 = crate::model::tcp_option::WINDOW_SCALE;
pub const KIND_TIMESTAMP: u8 = 8;
pub const KIND_MPTCP: u8 = 30;

/// Walk the TCP option bytes (everything after the 20-byte fixed header, up to the data offset
/// or the end of the captured bytes), filling `tcp_options`, `ts_val`/`ts_ecr`, `wscale` and the MPTCP
/// fields of `p`. `truncated` tells that the capture cut the option area short (snaplen): an
/// option running past the end is then reported as cut by the capture, not as malformed.
pub fn walk_tcp_options(opts: &[u8], truncated: bool, p: &mut Packet, w: &mut Warnings) {
    // Like Wireshark: EOL and NOP are one-byte options and the walk goes on after an EOL (each
    // padding byte is listed as kind 0); an option is listed only when its length is valid and
    // it fits; the walk stops at the first one that does not.
    let mut i = 0usize;
    while i < opts.len() {
        let kind = opts[i];
        if kind == KIND_EOL || kind == KIND_NOP {
            p.tcp_options.push(kind);
            i += 1;
            continue;
        }
        let Some(&len) = opts.get(i + 1) else {
            if truncated {
                w.warn("TCP options cut by the capture length");
            } else {
                w.warn_kind("TCP option without length byte", kind);
            }
            break;
        };
        let len = len as usize;
        if len < 2 {
            w.warn_kind("TCP option with length < 2", kind);
            break;
        }
        let Some(body) = opts.get(i..i + len) else {
            if truncated {
                w.warn("TCP options cut by the capture length");
            } else {
                w.warn_kind("TCP option runs past the TCP header", kind);
            }
            break;
        };
        p.tcp_options.push(kind);
        match kind {
            KIND_TIMESTAMP => {
                if len == 10 {
                    p.ts_val = be32(body, 2);
                    p.ts_ecr = be32(body, 6);
                } else {
                    w.warn("TCP timestamp option with length != 10");
                }
            }
            // like Wireshark, the first window scale option of valid length
            KIND_WSCALE if len == 3 && p.wscale.is_none() => p.wscale = Some(body[2]),
            KIND_MPTCP => parse_mptcp(body, p, w),
            _ => {}
        }
        i += len;
    }
}

/// Parse one MPTCP option; `o` is the whole option (kind, length, subtype, ...), `o.len()` is
/// the option length byte.
pub fn parse_mptcp(o: &[u8], p: &mut Packet, w: &mut Warnings) {
    let len = o.len();
    let Some(&b2) = o.get(2) else {
        w.warn("MPTCP option too short for a subtype");
        return;
    };
    let subtype = b2 >> 4;
    let low = b2 & 0x0f;
    p.mptcp_subtypes.push(subtype);
    match subtype {
        0 => mp_capable(o, low, p, w),
        1 => mp_join(o, p, w),
        2 => dss(o, p, w),
        3 => add_addr(o, low, p, w),
        4 => {
            if len < 4 {
                w.warn("MPTCP REMOVE_ADDR with length < 4");
            } else {
                p.remove_addr_ids.extend_from_slice(&o[3..]);
            }
        }
        5 => {
            // MP_PRIO: subtype | reserved | B, [address id]
            match len {
                3 => p.backup = Some(b2 & 0x01 != 0),
                4 => {
                    p.backup = Some(b2 & 0x01 != 0);
                    p.addr_id = o.get(3).copied();
                }
                _ => w.warn_len("MPTCP MP_PRIO", len),
            }
        }
        6 => {
            if len == 12 {
                p.mp_fail_dsn = be64(o, 4);
            } else {
                w.warn_len("MPTCP MP_FAIL", len);
            }
        }
        7 => {
            if len == 12 {
                p.receiver_key = be64(o, 4);
            } else {
                w.warn_len("MPTCP MP_FASTCLOSE", len);
            }
        }
        8 => {
            if len == 4 {
                p.tcprst_flags = Some(low);
                p.tcprst_reason = o.get(3).copied();
            } else {
                w.warn_len("MPTCP MP_TCPRST", len);
            }
        }
        _ => w.warn_kind("unknown MPTCP subtype", subtype),
    }
}

fn mp_capable(o: &[u8], version: u8, p: &mut Packet, w: &mut Warnings) {
    let len = o.len();
    if !matches!(len, 4 | 12 | 20 | 22 | 24) {
        w.warn_len("MPTCP MP_CAPABLE", len);
        return;
    }
    p.mptcp_version = Some(version);
    if len >= 12 {
        p.sender_key = be64(o, 4);
    }
    if len >= 20 {
        p.receiver_key = be64(o, 12);
    }
    if len >= 22 {
        p.dss_length = be16(o, 20);
    }
    if len >= 24 {
        p.dss_checksum = be16(o, 22);
    }
}

fn mp_join(o: &[u8], p: &mut Packet, w: &mut Warnings) {
    let len = o.len();
    match len {
        12 => {
            p.backup = Some(o[2] & 0x01 != 0);
            p.addr_id = o.get(3).copied();
            p.receiver_token = be32(o, 4);
        }
        16 => {
            p.backup = Some(o[2] & 0x01 != 0);
            p.addr_id = o.get(3).copied();
        }
        24 => {}
        _ => w.warn_len("MPTCP MP_JOIN", len),
    }
}

fn dss(o: &[u8], p: &mut Packet, w: &mut Warnings) {
    let Some(&flags) = o.get(3) else {
        w.warn("MPTCP DSS too short for its flags");
        return;
    };
    let flags = flags & 0x1f;
    let (a, a8, m, m8, f) = (
        flags & 0x01 != 0,
        flags & 0x02 != 0,
        flags & 0x04 != 0,
        flags & 0x08 != 0,
        flags & 0x10 != 0,
    );
    p.data_fin = p.data_fin || f;
    let mut at = 4usize;
    if a {
        let v = if a8 {
            be64(o, at)
        } else {
            be32(o, at).map(u64::from)
        };
        let Some(v) = v else {
            w.warn("MPTCP DSS shorter than its data ACK");
            return;
        };
        p.data_ack_raw = Some(v);
        p.data_ack8 = Some(a8);
        at += if a8 { 8 } else { 4 };
    }
    if m {
        let dsn = if m8 {
            be64(o, at)
        } else {
            be32(o, at).map(u64::from)
        };
        let n = if m8 { 8 } else { 4 };
        let (Some(dsn), Some(ssn), Some(dl)) = (dsn, be32(o, at + n), be16(o, at + n + 4)) else {
            w.warn("MPTCP DSS shorter than its mapping");
            return;
        };
        p.dss_dsn_raw = Some(dsn);
        p.dss_dsn8 = Some(m8);
        p.dss_ssn = Some(ssn);
        p.dss_length = Some(dl);
        at += n + 6;
        if o.len() >= at + 2 {
            p.dss_checksum = be16(o, at);
            at += 2;
        }
    }
    if o.len() != at {
        w.warn_len("MPTCP DSS (length does not match its flags)", o.len());
    }
}

fn add_addr(o: &[u8], low: u8, p: &mut Packet, w: &mut Warnings) {
    let len = o.len();
    // v0 (RFC 6824): the low nibble is the IP version (4 or 6), lengths 8/10 (IPv4, +port) and
    // 20/22 (IPv6, +port). v1 (RFC 8684): the low nibble is 000E; without echo a 64-bit truncated
    // HMAC follows: lengths 16/18 (IPv4) and 28/30 (IPv6); with echo 8/10 and 20/22.
    let (v6, echo) = match low {
        4 | 6 => {
            if !matches!(len, 8 | 10 | 20 | 22) || (low == 4) != (len <= 10) {
                w.warn_len("MPTCP ADD_ADDR (v0)", len);
                return;
            }
            (low == 6, None)
        }
        0 | 1 => {
            let echo = low == 1;
            let v6 = match (echo, len) {
                (true, 8 | 10) | (false, 16 | 18) => false,
                (true, 20 | 22) | (false, 28 | 30) => true,
                _ => {
                    w.warn_len("MPTCP ADD_ADDR (v1)", len);
                    return;
                }
            };
            (v6, Some(echo))
        }
        _ => {
            w.warn_kind("MPTCP ADD_ADDR with unknown IP version / flags", low);
            return;
        }
    };
    p.addr_id = o.get(3).copied();
    p.add_addr_echo = echo;
    let port_at = if v6 {
        let Some(s) = o.get(4..20) else {
            w.warn_len("MPTCP ADD_ADDR", len);
            return;
        };
        let mut a = [0u8; 16];
        a.copy_from_slice(s);
        p.add_addr_ip = Some(IpAddr::V6(Ipv6Addr::from(a)));
        20
    } else {
        let Some(s) = o.get(4..8) else {
            w.warn_len("MPTCP ADD_ADDR", len);
            return;
        };
        p.add_addr_ip = Some(IpAddr::V4(Ipv4Addr::new(s[0], s[1], s[2], s[3])));
        8
    };
    if len % 4 == 2 {
        p.add_addr_port = be16(o, port_at);
    }
}

#[cfg(test)]
mod tests {
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
        assert_eq!((p.mptcp_subtypes.clone(), w.count), (vec![0xf], 1));
    }

    #[test]
    fn walker_lists_kinds_like_wireshark() {
        // NOP NOP TS, MPTCP DSS, EOL padding
        let mut o = vec![1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9];
        o.extend_from_slice(&mp(2, 0, &[0x01, 0, 0, 0, 3]));
        o.extend_from_slice(&[0, 0]);
        let (p, w) = parse(&o);
        assert_eq!(p.tcp_options, vec![1, 1, 8, 30, 0, 0]);
        assert_eq!(
            (p.ts_val, p.ts_ecr, p.data_ack_raw, w.count),
            (Some(7), Some(9), Some(3), 0)
        );
        // two MPTCP options, the second after kind 30 (etherparse would stop)
        let mut o = mp(2, 0, &[0x01, 0, 0, 0, 3]);
        o.extend_from_slice(&mp(3, 4, &[1, 1, 2, 3, 4]));
        let (p, _) = parse(&o);
        assert_eq!(p.mptcp_subtypes, vec![2, 3]);
        // an option running past the end is not listed and stops the walk
        let (p, w) = parse(&[1, 2, 4, 5]);
        assert_eq!((p.tcp_options.clone(), w.count), (vec![1], 1));
        let (p, w) = parse(&[3, 1, 1]);
        assert_eq!((p.tcp_options.clone(), w.count), (vec![], 1));
        // cut by the capture: reported as such
        let mut p = Packet::default();
        let mut w = Warnings::default();
        walk_tcp_options(&[1, 30, 20, 0x20], true, &mut p, &mut w);
        assert_eq!((p.tcp_options.clone(), w.count), (vec![1], 1));
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
}
