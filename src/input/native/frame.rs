//! Per-frame dissection: link layer, IPv4/IPv6 (with extension headers), TCP header.
//!
//! Header fields are read by hand with bounds checks: it is faster than a general-purpose
//! slicer and tolerates snaplen-truncated frames (payload length comes from the IP header).

use super::bytes::{be16, be32};
use super::options::walk_tcp_options;
use super::Warnings;
use crate::input::notes;
use crate::model::Packet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Link types (LINKTYPE_* values of pcap / pcapng).
pub mod linktype {
    pub const NULL: u32 = 0;
    pub const ETHERNET: u32 = 1;
    /// DLT_RAW as written by most BSDs / Linux in pcap files.
    pub const DLT_RAW_12: u32 = 12;
    /// DLT_RAW on OpenBSD.
    pub const DLT_RAW_14: u32 = 14;
    pub const RAW: u32 = 101;
    pub const LOOP: u32 = 108;
    pub const LINUX_SLL: u32 = 113;
    pub const IPV4: u32 = 228;
    pub const IPV6: u32 = 229;
    pub const LINUX_SLL2: u32 = 276;
}

/// Whether the dissector reads frames of this link type.
pub fn supported_linktype(lt: u32) -> bool {
    use linktype::*;
    matches!(
        lt,
        NULL | ETHERNET
            | DLT_RAW_12
            | DLT_RAW_14
            | RAW
            | LOOP
            | LINUX_SLL
            | IPV4
            | IPV6
            | LINUX_SLL2
    )
}

/// The name of a link type (LINKTYPE_* value, as tcpdump.org lists them), for messages.
pub fn linktype_name(lt: u32) -> Option<&'static str> {
    Some(match lt {
        0 => "BSD loopback",
        1 => "Ethernet",
        6 => "IEEE 802.5 Token Ring",
        8 => "SLIP",
        9 => "PPP",
        10 => "FDDI",
        50 => "PPP in HDLC-like framing",
        51 => "PPPoE",
        100 => "ATM RFC 1483",
        101 | 12 | 14 => "raw IP",
        104 => "Cisco HDLC",
        105 => "IEEE 802.11",
        107 => "Frame Relay",
        108 => "OpenBSD loopback",
        113 => "Linux cooked (SLL)",
        119 => "IEEE 802.11 Prism",
        127 => "IEEE 802.11 radiotap",
        147..=162 => "user-defined",
        163 => "IEEE 802.11 AVS",
        187 => "Bluetooth HCI H4",
        189 | 220 => "Linux USB",
        192 => "PPI",
        195 | 215 | 230 | 283 => "IEEE 802.15.4",
        201 => "Bluetooth HCI H4 with direction",
        228 => "raw IPv4",
        229 => "raw IPv6",
        249 => "USBPcap",
        276 => "Linux cooked (SLL2)",
        _ => return None,
    })
}

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86dd;
const ETHERTYPE_VLAN: u16 = 0x8100;
const ETHERTYPE_QINQ: u16 = 0x88a8;
const ETHERTYPE_QINQ_OLD: u16 = 0x9100;

const IPPROTO_TCP: u8 = 6;

/// Where the network layer starts in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Net {
    V4,
    V6,
    /// Raw IP: look at the version nibble.
    Sniff,
}

/// Strip the link-layer header. Returns the network-layer bytes, or None when the frame does
/// not carry IP.
fn strip_link(linktype: u32, d: &[u8]) -> Option<(Net, &[u8])> {
    match linktype {
        linktype::ETHERNET => {
            let mut et = be16(d, 12)?;
            let mut at = 14;
            // 802.1Q / 802.1ad (QinQ) tags, any depth.
            while matches!(et, ETHERTYPE_VLAN | ETHERTYPE_QINQ | ETHERTYPE_QINQ_OLD) {
                et = be16(d, at + 2)?;
                at += 4;
            }
            ethertype_net(et, d.get(at..)?)
        }
        linktype::LINUX_SLL => {
            let mut et = be16(d, 14)?;
            let mut at = 16;
            while matches!(et, ETHERTYPE_VLAN | ETHERTYPE_QINQ | ETHERTYPE_QINQ_OLD) {
                et = be16(d, at + 2)?;
                at += 4;
            }
            ethertype_net(et, d.get(at..)?)
        }
        linktype::LINUX_SLL2 => {
            let mut et = be16(d, 0)?;
            let mut at = 20;
            while matches!(et, ETHERTYPE_VLAN | ETHERTYPE_QINQ | ETHERTYPE_QINQ_OLD) {
                et = be16(d, at + 2)?;
                at += 4;
            }
            ethertype_net(et, d.get(at..)?)
        }
        linktype::RAW | linktype::DLT_RAW_12 | linktype::DLT_RAW_14 => Some((Net::Sniff, d)),
        linktype::IPV4 => Some((Net::V4, d)),
        linktype::IPV6 => Some((Net::V6, d)),
        linktype::NULL | linktype::LOOP => {
            let h = d.get(0..4)?;
            let le = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
            let be = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
            // LOOP is always network order; NULL is in the capturing host's order.
            let fam = if linktype == linktype::LOOP || le > 0xffff {
                be
            } else {
                le
            };
            let rest = d.get(4..)?;
            match fam {
                2 => Some((Net::V4, rest)),
                // AF_INET6 differs between systems: Linux 10, BSDs 24, FreeBSD 28, macOS 30.
                10 | 24 | 28 | 30 => Some((Net::V6, rest)),
                _ => None,
            }
        }
        _ => None,
    }
}

fn ethertype_net(et: u16, d: &[u8]) -> Option<(Net, &[u8])> {
    match et {
        ETHERTYPE_IPV4 => Some((Net::V4, d)),
        ETHERTYPE_IPV6 => Some((Net::V6, d)),
        _ => None,
    }
}

/// Dissect one frame into `p` (which must be freshly defaulted). Returns true when the frame is a
/// TCP segment (then `p` holds its raw fields, except frame / time / interface / stream).
pub fn dissect_into(linktype: u32, data: &[u8], p: &mut Packet, w: &mut Warnings) -> bool {
    let Some((net, ip)) = strip_link(linktype, data) else {
        return false;
    };
    let net = match net {
        Net::Sniff => match ip.first().map(|b| b >> 4) {
            Some(4) => Net::V4,
            Some(6) => Net::V6,
            _ => return false,
        },
        n => n,
    };
    // (TCP bytes as captured, TCP segment length per the IP header or None if unknown)
    let parsed = match net {
        Net::V4 => ipv4(ip, p, w),
        Net::V6 => ipv6(ip, p, w),
        Net::Sniff => None,
    };
    let Some((tcp, seg_len)) = parsed else {
        return false;
    };
    dissect_tcp(tcp, seg_len, p, w)
}

/// The IPv4 header of `ip` into `p`: the TCP bytes and the segment length, or None (not TCP,
/// fragmented, cut).
#[inline]
fn ipv4<'a>(ip: &'a [u8], p: &mut Packet, w: &mut Warnings) -> Option<(&'a [u8], Option<usize>)> {
    let &vihl = ip.first()?;
    if vihl >> 4 != 4 {
        return None;
    }
    let ihl = ((vihl & 0x0f) as usize) * 4;
    if ihl < 20 || ip.len() < 20 {
        return None;
    }
    let total = ip[2..4].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
    let frag = u16::from_be_bytes([ip[6], ip[7]]);
    // (0 is a TSO / offloaded segment, below)
    if total != 0 && total < ihl {
        w.warn(notes::IPV4_TOTAL_BELOW_HEADER);
        return None;
    }
    if ip[9] != IPPROTO_TCP {
        return None;
    }
    // Fragments: only the first fragment starts with the TCP header, and its length is
    // not the segment's. Wireshark reassembles; we skip fragmented datagrams.
    if frag & 0x3fff != 0 {
        w.warn("fragmented IPv4 datagram skipped");
        return None;
    }
    p.ip_version = 4;
    p.src_ip = Some(IpAddr::V4(Ipv4Addr::new(ip[12], ip[13], ip[14], ip[15])));
    p.dst_ip = Some(IpAddr::V4(Ipv4Addr::new(ip[16], ip[17], ip[18], ip[19])));
    // the segment ends where the IP header says (Ethernet padding follows), as tshark
    let end = if total == 0 {
        ip.len()
    } else {
        total.min(ip.len())
    };
    let Some(tcp) = ip.get(ihl..end) else {
        w.warn("IPv4 options cut by the capture length");
        return None;
    };
    // Total length 0: TSO / offloaded segment; fall back to the captured bytes.
    let seg = if total == 0 {
        None
    } else {
        Some(total.saturating_sub(ihl))
    };
    Some((tcp, seg))
}

/// The IPv6 header (and extension headers) of `ip` into `p`: the TCP bytes and the segment
/// length, or None (not TCP, fragmented, cut).
#[inline]
fn ipv6<'a>(ip: &'a [u8], p: &mut Packet, w: &mut Warnings) -> Option<(&'a [u8], Option<usize>)> {
    if ip.len() < 40 || ip[0] >> 4 != 6 {
        return None;
    }
    let plen = u16::from_be_bytes([ip[4], ip[5]]) as usize;
    let mut next = ip[6];
    let mut at = 40usize;
    loop {
        match next {
            IPPROTO_TCP => break,
            // hop-by-hop, routing, destination options
            0 | 43 | 60 => {
                let (Some(&nh), Some(&l)) = (ip.get(at), ip.get(at + 1)) else {
                    return None;
                };
                next = nh;
                at += (l as usize + 1) * 8;
            }
            // fragment
            44 => {
                let (Some(&nh), Some(off)) = (ip.get(at), be16(ip, at + 2)) else {
                    return None;
                };
                if off & 0xfff9 != 0 {
                    w.warn("fragmented IPv6 datagram skipped");
                    return None;
                }
                next = nh;
                at += 8;
            }
            // authentication header
            51 => {
                let (Some(&nh), Some(&l)) = (ip.get(at), ip.get(at + 1)) else {
                    return None;
                };
                next = nh;
                at += (l as usize + 2) * 4;
            }
            _ => return None,
        }
    }
    let mut s = [0u8; 16];
    s.copy_from_slice(&ip[8..24]);
    let mut d = [0u8; 16];
    d.copy_from_slice(&ip[24..40]);
    p.ip_version = 6;
    p.src_ip = Some(IpAddr::V6(Ipv6Addr::from(s)));
    p.dst_ip = Some(IpAddr::V6(Ipv6Addr::from(d)));
    let end = if plen == 0 {
        ip.len()
    } else {
        (plen + 40).min(ip.len())
    };
    let Some(tcp) = ip.get(at..end.max(at.min(ip.len()))) else {
        w.warn("IPv6 extension headers cut by the capture length");
        return None;
    };
    // Payload length 0: jumbogram or offload; fall back to the captured bytes.
    let seg = if plen == 0 {
        None
    } else {
        Some((plen + 40).saturating_sub(at))
    };
    Some((tcp, seg))
}

/// Dissect a TCP header; `seg_len` is the segment length (header + payload) from the IP header.
fn dissect_tcp(t: &[u8], seg_len: Option<usize>, p: &mut Packet, w: &mut Warnings) -> bool {
    // through the window field (16 bytes) tshark dissects the header and numbers its stream;
    // with less it shows only the ports: the packet is not kept, on both backends
    if t.len() < 16 {
        w.warn(notes::TCP_HEADER_TOO_SHORT);
        return false;
    }
    p.src_port = u16::from_be_bytes([t[0], t[1]]);
    p.dst_port = u16::from_be_bytes([t[2], t[3]]);
    p.seq_raw = be32(t, 4).unwrap_or(0);
    p.ack_raw = be32(t, 8).unwrap_or(0);
    let doff = ((t[12] >> 4) as usize) * 4;
    p.tcp_flags = u16::from_be_bytes([t[12], t[13]]) & 0x0fff;
    p.window = u16::from_be_bytes([t[14], t[15]]);
    if t.len() < 20 {
        w.warn(notes::TCP_HEADER_PARTIAL);
        p.payload_len = seg_len.map_or(0, |s| s.saturating_sub(doff.max(20))) as u32;
        return true;
    }
    if doff < 20 {
        w.warn("bogus TCP data offset (< 20 bytes)");
        p.payload_len = 0;
        return true;
    }
    let seg = seg_len.unwrap_or(t.len());
    p.payload_len = seg.saturating_sub(doff).min(u32::MAX as usize) as u32;
    let end = doff.min(t.len());
    let truncated = t.len() < doff;
    walk_tcp_options(&t[20..end], truncated, p, w);
    true
}

#[cfg(test)]
mod tests;
