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
    // NOP, NOP, timestamp: how Linux starts the options of nearly every segment, in one step
    if let Some(&[KIND_NOP, KIND_NOP, KIND_TIMESTAMP, 10, a0, a1, a2, a3, b0, b1, b2, b3]) =
        opts.get(..12)
    {
        p.tcp_options.push(KIND_NOP);
        p.tcp_options.push(KIND_NOP);
        p.tcp_options.push(KIND_TIMESTAMP);
        p.ts_val = Some(u32::from_be_bytes([a0, a1, a2, a3]));
        p.ts_ecr = Some(u32::from_be_bytes([b0, b1, b2, b3]));
        i = 12;
    }
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
mod tests;
