//! What the blocks read so far tell: the interfaces and their timestamps, the framing checks
//! of the next record, whether the file header is complete; and each block taken in.

use super::{RawFrame, MAX_BUFFER};
use pcap_parser::pcapng::{Block, EnhancedPacketBlock};
use pcap_parser::PcapBlockOwned;

#[derive(Clone, Copy)]
struct Iface {
    linktype: u32,
    /// Units per second.
    resol: u64,
    /// Nanoseconds per unit when the resolution divides 10^9 (else 0): see [`ts_to_ns`].
    ns_per_unit: u64,
    offset_s: i64,
}

impl Iface {
    fn new(linktype: u32, resol: u64, offset_s: i64) -> Self {
        let ns_per_unit = match resol {
            0 => 0,
            r if 1_000_000_000 % r == 0 => 1_000_000_000 / r,
            _ => 0,
        };
        Iface {
            linktype,
            resol,
            ns_per_unit,
            offset_s,
        }
    }

    /// Exact nanoseconds of a timestamp of this interface.
    #[inline]
    fn time(&self, ts: u64) -> i128 {
        if self.ns_per_unit != 0 {
            if let Some(ns) = ts.checked_mul(self.ns_per_unit) {
                return ns as i128 + self.offset_s as i128 * 1_000_000_000;
            }
        }
        ts_to_ns(ts, self.resol, self.offset_s)
    }
}

/// Units per second of an `if_tsresol` value (bit 7 set: negative power of 2, else of 10).
/// pcap-parser 0.17's own helper rejects every power-of-2 resolution, hence this one.
/// Out-of-range values fall back to the default (µs).
fn ts_resolution(r: u8) -> u64 {
    let e = u32::from(r & 0x7f);
    if r & 0x80 != 0 {
        if e <= 63 {
            1u64 << e
        } else {
            1_000_000
        }
    } else {
        10u64.checked_pow(e).unwrap_or(1_000_000)
    }
}

/// Exact nanoseconds (u64 units of at most 2^64 s plus an i64 offset fit an i128), by 128-bit
/// arithmetic: [`Iface::time`] takes a 64-bit multiply instead when it can (nearly every
/// capture: µs, ms or ns; the 128-bit division was a tenth of a pcapng packet's reading cost).
fn ts_to_ns(ts: u64, resol: u64, offset_s: i64) -> i128 {
    let ns: u128 = if resol == 1_000_000_000 {
        ts as u128
    } else if resol == 0 {
        0
    } else {
        (ts as u128) * 1_000_000_000u128 / resol as u128
    };
    ns as i128 + offset_s as i128 * 1_000_000_000
}

/// The 4 bytes of `b` at `at` (which `b` holds) as a number in the file's byte order.
#[inline]
fn u32_in(b: &[u8], at: usize, big_endian: bool) -> u32 {
    let w = [b[at], b[at + 1], b[at + 2], b[at + 3]];
    if big_endian {
        u32::from_be_bytes(w)
    } else {
        u32::from_le_bytes(w)
    }
}

/// What the blocks read so far tell about the next ones.
#[derive(Default)]
pub(super) struct Blocks {
    /// legacy pcap: the link type and whether times are in nanoseconds
    legacy_linktype: u32,
    legacy_ns: bool,
    /// legacy pcap with 16-byte record headers (not the "modified" format's 24): records are
    /// taken in by [`Blocks::fast_packet`]
    legacy_plain: bool,
    /// pcapng: the interfaces of the current section
    ifaces: Vec<Iface>,
    /// an enhanced packet block naming an interface its section does not describe
    pub(super) undefined: Option<(u32, usize)>,
    /// how the next record's length fields are checked
    pub(super) framing: Framing,
    /// pcapng: a block other than the first section header and the interface descriptions
    /// following it was read
    pub(super) past_header: bool,
}

impl Blocks {
    /// pcapng: whether the incomplete block at the start of `rest` is a section header or an
    /// interface description, or has not even its type and length (8 bytes: tshark reads them
    /// when it opens the file, to see whether an interface description follows).
    pub(super) fn in_header(&self, rest: &[u8]) -> bool {
        let big = matches!(self.framing, Framing::Pcapng { big_endian: true });
        if rest.len() < 8 {
            return true;
        }
        let Some(t) = rest.get(..4) else {
            return true;
        };
        let t: [u8; 4] = t.try_into().expect("4 bytes");
        let kind = if big {
            u32::from_be_bytes(t)
        } else {
            u32::from_le_bytes(t)
        };
        matches!(kind, 0x0A0D_0D0A | 1)
    }

    /// Take in one block: a header updates the state, a packet goes to `f`.
    pub(super) fn block<F>(
        &mut self,
        block: PcapBlockOwned<'_>,
        f: &mut F,
    ) -> Result<(), crate::error::Error>
    where
        F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
    {
        self.past_header |= !matches!(
            block,
            PcapBlockOwned::NG(Block::SectionHeader(_) | Block::InterfaceDescription(_))
        );
        match block {
            PcapBlockOwned::LegacyHeader(h) => {
                self.framing = Framing::Legacy {
                    big_endian: h.is_bigendian(),
                    snaplen: h.snaplen,
                };
                self.legacy_linktype = h.network.0 as u32;
                self.legacy_ns = h.is_nanosecond_precision();
                self.legacy_plain = matches!(
                    h.magic_number,
                    0xa1b2_c3d4 | 0xd4c3_b2a1 | 0xa1b2_3c4d | 0x4d3c_b2a1
                );
                Ok(())
            }
            PcapBlockOwned::Legacy(b) => {
                let n = (b.caplen as usize).min(b.data.len());
                f(RawFrame {
                    linktype: self.legacy_linktype,
                    interface: 0,
                    time_ns: Some(self.legacy_time(b.ts_sec, b.ts_usec)),
                    data: &b.data[..n],
                })
            }
            PcapBlockOwned::NG(Block::SectionHeader(shb)) => {
                // a second section: the first one's header was complete
                self.past_header |= matches!(self.framing, Framing::Pcapng { .. });
                self.framing = Framing::Pcapng {
                    big_endian: shb.big_endian(),
                };
                self.ifaces.clear();
                Ok(())
            }
            PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
                self.ifaces.push(Iface::new(
                    idb.linktype.0 as u32,
                    ts_resolution(idb.if_tsresol),
                    idb.ts_offset(),
                ));
                Ok(())
            }
            PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => self.enhanced_packet(&epb, f),
            PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                let lt = self.ifaces.first().map(|i| i.linktype).unwrap_or(u32::MAX);
                let n = (spb.origlen as usize).min(spb.data.len());
                f(RawFrame {
                    linktype: lt,
                    interface: 0,
                    time_ns: None,
                    data: &spb.data[..n],
                })
            }
            PcapBlockOwned::NG(_) => Ok(()),
        }
    }

    /// pcapng: the enhanced packet block at the start of `data` when it is whole and has no
    /// options, of an interface its section describes, taken in without pcap-parser's generic
    /// block parser (its cost was a tenth of `list`): `f`'s result and the block's length.
    /// None for anything else (the generic path then parses it, with its checks and errors).
    /// What the generic path checks of such a block holds here: both lengths equal, the data
    /// padded to 4 bytes, no room for options (so none to parse).
    ///
    /// Legacy pcap: the whole record at the start of `data` (16-byte header), as pcap-parser's
    /// record parser reads it (its length was checked by [`Framing::check`] before).
    #[inline]
    pub(super) fn fast_packet<F>(
        &mut self,
        data: &[u8],
        f: &mut F,
    ) -> Option<Result<usize, crate::error::Error>>
    where
        F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
    {
        let big_endian = match self.framing {
            Framing::Pcapng { big_endian } => big_endian,
            Framing::Legacy {
                big_endian,
                snaplen,
            } if self.legacy_plain => return self.fast_record(data, big_endian, snaplen, f),
            _ => return None,
        };
        // the fixed part of the block at once: the reads below need no bounds check each
        let head: &[u8; 28] = data.get(..28)?.try_into().ok()?;
        let word = |at: usize| u32_in(head, at, big_endian);
        if word(0) != 6 {
            return None;
        }
        let len = word(4);
        let caplen = word(20);
        if caplen >= u32::MAX - 4 || u64::from(len) != 32 + u64::from(caplen).div_ceil(4) * 4 {
            return None;
        }
        // [`Framing::check`]'s limit (a block this long is never whole in the buffer anyway)
        if len as usize > MAX_BUFFER {
            return None;
        }
        let tail = data.get(len as usize - 4..len as usize)?;
        if u32_in(tail, 0, big_endian) != len {
            return None;
        }
        let if_id = word(8);
        let i = *self.ifaces.get(if_id as usize)?;
        let ts = (u64::from(word(12)) << 32) | u64::from(word(16));
        self.past_header = true;
        let frame = RawFrame {
            linktype: i.linktype,
            interface: if_id,
            time_ns: Some(i.time(ts)),
            data: &data[28..28 + caplen as usize],
        };
        Some(f(frame).map(|()| len as usize))
    }

    /// Legacy pcap: the whole record at the start of `data`, or None when it is not all there.
    #[inline]
    fn fast_record<F>(
        &mut self,
        data: &[u8],
        big_endian: bool,
        snaplen: u32,
        f: &mut F,
    ) -> Option<Result<usize, crate::error::Error>>
    where
        F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
    {
        let head: &[u8; 16] = data.get(..16)?.try_into().ok()?;
        let word = |at: usize| u32_in(head, at, big_endian);
        let caplen = word(8);
        // [`Framing::check`]'s limit: a longer record is damage, which the generic path reports
        if caplen > snaplen.max(MAX_LEGACY_RECORD) {
            return None;
        }
        let caplen = caplen as usize;
        let frame = data.get(16..16 + caplen)?;
        self.past_header = true;
        let raw = RawFrame {
            linktype: self.legacy_linktype,
            interface: 0,
            time_ns: Some(self.legacy_time(word(0), word(4))),
            data: frame,
        };
        Some(f(raw).map(|()| 16 + caplen))
    }

    /// Nanoseconds of a legacy pcap record's seconds and fraction (µs or ns, per the header).
    #[inline]
    fn legacy_time(&self, sec: u32, frac: u32) -> i128 {
        let frac = if self.legacy_ns {
            i64::from(frac)
        } else {
            i64::from(frac) * 1000
        };
        (i64::from(sec) * 1_000_000_000 + frac) as i128
    }

    /// An enhanced packet block: a frame of its interface, or, of an undefined one, damage
    /// (the pcapng specification's "MUST be valid", as tshark says too).
    fn enhanced_packet<F>(
        &mut self,
        epb: &EnhancedPacketBlock<'_>,
        f: &mut F,
    ) -> Result<(), crate::error::Error>
    where
        F: FnMut(RawFrame<'_>) -> Result<(), crate::error::Error>,
    {
        match self.ifaces.get(epb.if_id as usize) {
            Some(i) => {
                let ts = ((epb.ts_high as u64) << 32) | epb.ts_low as u64;
                let t = i.time(ts);
                let n = (epb.caplen as usize).min(epb.data.len());
                f(RawFrame {
                    linktype: i.linktype,
                    interface: epb.if_id,
                    time_ns: Some(t),
                    data: &epb.data[..n],
                })
            }
            None => {
                self.undefined = Some((epb.if_id, self.ifaces.len()));
                Ok(())
            }
        }
    }
}

/// The largest record of a legacy pcap file whose snaplen is smaller (Wireshark's own limit).
const MAX_LEGACY_RECORD: u32 = 262_144;

/// Checks of the next record's length fields before pcap-parser reads it: a length no writer
/// produces is damage (tshark says so too), found at once, not taken for a file cut short
/// after waiting for bytes that never come.
#[derive(Debug, Default, Clone, Copy)]
pub(super) enum Framing {
    /// Before the file header.
    #[default]
    Unknown,
    Legacy {
        big_endian: bool,
        snaplen: u32,
    },
    Pcapng {
        big_endian: bool,
    },
}

impl Framing {
    /// Why the record at the start of `data` is damaged, if it is (None also when its length
    /// fields are not all there yet).
    pub(super) fn check(&self, data: &[u8]) -> Option<String> {
        let word = |at: usize, be: bool| {
            let b: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
            Some(if be {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            })
        };
        match *self {
            Framing::Unknown => None,
            Framing::Legacy {
                big_endian,
                snaplen,
            } => {
                let caplen = word(8, big_endian)?;
                (caplen > snaplen.max(MAX_LEGACY_RECORD)).then(|| {
                    format!("a record of {caplen} bytes, more than the snapshot length {snaplen}")
                })
            }
            Framing::Pcapng { big_endian } => {
                let ty = word(0, big_endian)?;
                // a section header's length is in its own byte order: pcap-parser checks it
                if ty == 0x0a0d_0d0a {
                    return None;
                }
                let len = word(4, big_endian)?;
                if len < 12 || len % 4 != 0 {
                    return Some(format!(
                        "a block of length {len} (at least 12, a multiple of 4)"
                    ));
                }
                if len as usize > MAX_BUFFER {
                    return Some(format!("a block of {len} bytes (more than 64 MiB)"));
                }
                let caplen = match ty {
                    6 => word(20, big_endian)?,
                    _ => return None,
                };
                (u64::from(caplen) + 32 > u64::from(len)).then(|| {
                    format!("a packet block of {len} bytes cannot hold its {caplen} bytes of packet data")
                })
            }
        }
    }
}

#[cfg(test)]
pub(super) fn ts_to_ns_for_tests(ts: u64, resol: u64, offset_s: i64) -> i128 {
    Iface::new(1, resol, offset_s).time(ts)
}
