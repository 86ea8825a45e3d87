//! Legacy pcap in and out, and where the IP and TCP headers of a frame are.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A legacy pcap file read whole: its 24-byte header and the offset of each record header.
pub struct Pcap {
    pub bytes: Vec<u8>,
    pub big_endian: bool,
    pub linktype: u32,
    /// offset of each 16-byte record header in `bytes`
    pub records: Vec<usize>,
}

/// Link types whose frames [`locate_tcp`] can walk (LINKTYPE_ values).
const LINKTYPES: [(u32, &str); 7] = [
    (0, "BSD loopback"),
    (1, "Ethernet"),
    (101, "raw IP"),
    (113, "Linux cooked (SLL)"),
    (228, "raw IPv4"),
    (229, "raw IPv6"),
    (276, "Linux cooked v2 (SLL2)"),
];

impl Pcap {
    pub fn parse(bytes: Vec<u8>) -> Result<Pcap, String> {
        if bytes.len() < 24 {
            return Err("too short for a pcap header".into());
        }
        let magic = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let big_endian = match magic {
            0xa1b2_c3d4 | 0xa1b2_3c4d => false,
            0xd4c3_b2a1 | 0x4d3c_b2a1 => true,
            0x0a0d_0d0a => return Err("pcapng: convert it first (editcap -F pcap)".into()),
            _ => return Err("not a legacy pcap file (unknown magic)".into()),
        };
        let mut p = Pcap {
            bytes,
            big_endian,
            linktype: 0,
            records: Vec::new(),
        };
        p.linktype = p.u32_at(20) & 0x0fff_ffff;
        if !LINKTYPES.iter().any(|&(t, _)| t == p.linktype) {
            let known: Vec<String> = LINKTYPES
                .iter()
                .map(|(t, n)| format!("{t} ({n})"))
                .collect();
            return Err(format!(
                "link type {} is not supported (supported: {})",
                p.linktype,
                known.join(", ")
            ));
        }
        let mut off = 24;
        while off < p.bytes.len() {
            if off + 16 > p.bytes.len() {
                return Err(format!("truncated record header at byte {off}"));
            }
            let incl = p.u32_at(off + 8) as usize;
            if off + 16 + incl > p.bytes.len() {
                return Err(format!("truncated record at byte {off}"));
            }
            p.records.push(off);
            off += 16 + incl;
        }
        Ok(p)
    }

    pub fn u32_at(&self, off: usize) -> u32 {
        let b = [
            self.bytes[off],
            self.bytes[off + 1],
            self.bytes[off + 2],
            self.bytes[off + 3],
        ];
        if self.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    }

    pub fn encode_u32(&self, v: u32) -> [u8; 4] {
        if self.big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }

    /// The captured bytes of record `i`.
    pub fn frame(&self, i: usize) -> &[u8] {
        let off = self.records[i];
        let incl = self.u32_at(off + 8) as usize;
        &self.bytes[off + 16..off + 16 + incl]
    }
}

/// A TCP segment inside a frame.
#[derive(Debug, Clone, Copy)]
pub struct TcpAt {
    /// offset of the TCP header in the frame
    pub off: usize,
    /// TCP header length (data offset), bytes; may exceed what the capture holds
    pub hdr_len: usize,
    pub src: (IpAddr, u16),
    pub dst: (IpAddr, u16),
}

/// Where the TCP header of a frame is (IPv4 without fragmentation, IPv6 with hop-by-hop,
/// routing and destination-options headers), or None for any other frame.
pub fn locate_tcp(linktype: u32, f: &[u8]) -> Option<TcpAt> {
    let l3 = match linktype {
        0 | 101 | 228 | 229 => Some(if linktype == 0 { 4 } else { 0 }),
        1 => {
            let mut off = 12;
            let mut et = be16(f, off)?;
            while matches!(et, 0x8100 | 0x88a8 | 0x9100) {
                off += 4;
                et = be16(f, off)?;
            }
            matches!(et, 0x0800 | 0x86dd).then_some(off + 2)
        }
        113 => matches!(be16(f, 14)?, 0x0800 | 0x86dd).then_some(16),
        276 => matches!(be16(f, 0)?, 0x0800 | 0x86dd).then_some(20),
        _ => None,
    }?;
    let (src, dst, tcp) = match f.get(l3)? >> 4 {
        4 => ipv4(f, l3)?,
        6 => ipv6(f, l3)?,
        _ => return None,
    };
    let hdr_len = ((*f.get(tcp + 12)? >> 4) as usize) * 4;
    if hdr_len < 20 || f.len() < tcp + 20 {
        return None;
    }
    Some(TcpAt {
        off: tcp,
        hdr_len,
        src: (src, be16(f, tcp)?),
        dst: (dst, be16(f, tcp + 2)?),
    })
}

fn ipv4(f: &[u8], l3: usize) -> Option<(IpAddr, IpAddr, usize)> {
    let ihl = ((f.get(l3)? & 0x0f) as usize) * 4;
    let frag = be16(f, l3 + 6)?;
    if ihl < 20 || *f.get(l3 + 9)? != 6 || frag & 0x3fff != 0 {
        return None;
    }
    let a = |o: usize| -> Option<IpAddr> {
        let b: [u8; 4] = f.get(o..o + 4)?.try_into().ok()?;
        Some(IpAddr::V4(Ipv4Addr::from(b)))
    };
    Some((a(l3 + 12)?, a(l3 + 16)?, l3 + ihl))
}

fn ipv6(f: &[u8], l3: usize) -> Option<(IpAddr, IpAddr, usize)> {
    let a = |o: usize| -> Option<IpAddr> {
        let b: [u8; 16] = f.get(o..o + 16)?.try_into().ok()?;
        Some(IpAddr::V6(Ipv6Addr::from(b)))
    };
    let mut next = *f.get(l3 + 6)?;
    let mut off = l3 + 40;
    // hop-by-hop, routing, destination options; a fragment header (44) ends the walk
    while matches!(next, 0 | 43 | 60) {
        next = *f.get(off)?;
        off += (*f.get(off + 1)? as usize + 1) * 8;
    }
    (next == 6).then_some(())?;
    Some((a(l3 + 8)?, a(l3 + 24)?, off))
}

pub fn be16(f: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes(f.get(o..o + 2)?.try_into().ok()?))
}

pub fn be32(f: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes(f.get(o..o + 4)?.try_into().ok()?))
}

pub fn be64(f: &[u8], o: usize) -> Option<u64> {
    Some(u64::from_be_bytes(f.get(o..o + 8)?.try_into().ok()?))
}

/// The MPTCP options (kind 30) of a TCP header: (offset in the frame, option length), only
/// those the capture holds whole.
pub fn mptcp_options(f: &[u8], t: &TcpAt) -> Vec<(usize, usize)> {
    let end = (t.off + t.hdr_len).min(f.len());
    let mut i = t.off + 20;
    let mut out = Vec::new();
    while i < end {
        match f[i] {
            0 | 1 => i += 1,
            kind => {
                let Some(&len) = f.get(i + 1) else { break };
                let len = len as usize;
                if len < 2 || i + len > end {
                    break;
                }
                if kind == 30 && len >= 3 {
                    out.push((i, len));
                }
                i += len;
            }
        }
    }
    out
}
