//! Builders of synthetic frames and capture files, for tests and benchmark captures.
//!
//! Not part of the library: compiled into its unit tests only; the integration tests and
//! `examples/gen_capture.rs` include this file by path. It must stay self-contained (no `crate::`).

/// A TCP header (+ `payload_len` zero bytes). `opts` is padded with EOL to a multiple of 4.
pub fn tcp(
    sport: u16,
    dport: u16,
    seq: u32,
    ack: u32,
    flags: u16,
    opts: &[u8],
    payload_len: usize,
) -> Vec<u8> {
    let mut o = opts.to_vec();
    while o.len() % 4 != 0 {
        o.push(0);
    }
    let doff = (20 + o.len()) / 4;
    let mut t = Vec::with_capacity(20 + o.len() + payload_len);
    t.extend_from_slice(&sport.to_be_bytes());
    t.extend_from_slice(&dport.to_be_bytes());
    t.extend_from_slice(&seq.to_be_bytes());
    t.extend_from_slice(&ack.to_be_bytes());
    let off_flags = ((doff as u16) << 12) | (flags & 0x0fff);
    t.extend_from_slice(&off_flags.to_be_bytes());
    t.extend_from_slice(&65535u16.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0]); // checksum, urgent pointer
    t.extend_from_slice(&o);
    t.resize(t.len() + payload_len, 0);
    t
}

/// An IPv4 header (with `ip_opts`, padded to 4 bytes) followed by `payload`, protocol TCP.
pub fn ipv4(src: [u8; 4], dst: [u8; 4], ip_opts: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut o = ip_opts.to_vec();
    while o.len() % 4 != 0 {
        o.push(0);
    }
    let ihl = (20 + o.len()) / 4;
    let total = (20 + o.len() + payload.len()) as u16;
    let mut h = vec![0x40 | ihl as u8, 0];
    h.extend_from_slice(&total.to_be_bytes());
    h.extend_from_slice(&[0, 1, 0x40, 0, 64, 6, 0, 0]);
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(&o);
    h.extend_from_slice(payload);
    h
}

/// An IPv6 header, extension headers `(type, body)` (body length must be 6 + 8k, the next
/// header and length bytes are filled in; fragment headers: body of 6 bytes), then `payload`.
pub fn ipv6(src: [u8; 16], dst: [u8; 16], ext: &[(u8, Vec<u8>)], payload: &[u8]) -> Vec<u8> {
    let mut chain = Vec::new();
    for (i, (_, body)) in ext.iter().enumerate() {
        let next = ext.get(i + 1).map(|e| e.0).unwrap_or(6);
        chain.push(next);
        chain.push(((body.len() + 2) / 8).saturating_sub(1) as u8);
        chain.extend_from_slice(body);
    }
    let first = ext.first().map(|e| e.0).unwrap_or(6);
    let plen = (chain.len() + payload.len()) as u16;
    let mut h = vec![0x60, 0, 0, 0];
    h.extend_from_slice(&plen.to_be_bytes());
    h.push(first);
    h.push(64);
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(&chain);
    h.extend_from_slice(payload);
    h
}

/// Ethernet II with optional VLAN tags (each `(tpid, tci)`).
pub fn ethernet(ethertype: u16, vlans: &[(u16, u16)], payload: &[u8]) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2];
    for (tpid, tci) in vlans {
        f.extend_from_slice(&tpid.to_be_bytes());
        f.extend_from_slice(&tci.to_be_bytes());
    }
    f.extend_from_slice(&ethertype.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// Linux cooked capture v1 (16 bytes).
pub fn sll(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0];
    f.extend_from_slice(&ethertype.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// Linux cooked capture v2 (20 bytes).
pub fn sll2(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = ethertype.to_be_bytes().to_vec();
    f.extend_from_slice(&[0, 0, 0, 0, 0, 2, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0]);
    f.extend_from_slice(payload);
    f
}

/// BSD NULL / LOOP header: `family` in little- or big-endian order.
pub fn null(family: u32, big_endian: bool, payload: &[u8]) -> Vec<u8> {
    let mut f = if big_endian {
        family.to_be_bytes().to_vec()
    } else {
        family.to_le_bytes().to_vec()
    };
    f.extend_from_slice(payload);
    f
}

fn put16(v: &mut Vec<u8>, x: u16, be: bool) {
    v.extend_from_slice(&if be { x.to_be_bytes() } else { x.to_le_bytes() });
}

fn put32(v: &mut Vec<u8>, x: u32, be: bool) {
    v.extend_from_slice(&if be { x.to_be_bytes() } else { x.to_le_bytes() });
}

/// A legacy pcap file. Timestamps in ns; written in µs unless `nanos`.
pub fn pcap(linktype: u32, big_endian: bool, nanos: bool, frames: &[(i64, Vec<u8>)]) -> Vec<u8> {
    let mut v = Vec::new();
    put32(
        &mut v,
        if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 },
        big_endian,
    );
    put16(&mut v, 2, big_endian);
    put16(&mut v, 4, big_endian);
    put32(&mut v, 0, big_endian);
    put32(&mut v, 0, big_endian);
    put32(&mut v, 262_144, big_endian);
    put32(&mut v, linktype, big_endian);
    for (t, data) in frames {
        let sec = t.div_euclid(1_000_000_000) as u32;
        let ns = t.rem_euclid(1_000_000_000) as u32;
        put32(&mut v, sec, big_endian);
        put32(&mut v, if nanos { ns } else { ns / 1000 }, big_endian);
        put32(&mut v, data.len() as u32, big_endian);
        put32(&mut v, data.len() as u32, big_endian);
        v.extend_from_slice(data);
    }
    v
}

/// A pcapng writer.
pub struct Pcapng {
    pub buf: Vec<u8>,
    be: bool,
}

impl Pcapng {
    pub fn new() -> Self {
        Pcapng {
            buf: Vec::new(),
            be: false,
        }
    }

    fn block(&mut self, ty: u32, body: &[u8]) {
        let be = self.be;
        let mut b = body.to_vec();
        while b.len() % 4 != 0 {
            b.push(0);
        }
        let len = (12 + b.len()) as u32;
        put32(&mut self.buf, ty, be);
        put32(&mut self.buf, len, be);
        self.buf.extend_from_slice(&b);
        put32(&mut self.buf, len, be);
    }

    /// Start a section in the given byte order.
    pub fn section(mut self, big_endian: bool) -> Self {
        self.be = big_endian;
        let mut body = Vec::new();
        put32(&mut body, 0x1a2b_3c4d, big_endian);
        put16(&mut body, 1, big_endian);
        put16(&mut body, 0, big_endian);
        body.extend_from_slice(&if big_endian {
            (-1i64).to_be_bytes()
        } else {
            (-1i64).to_le_bytes()
        });
        self.block(0x0a0d_0d0a, &body);
        self
    }

    /// Add an interface; `tsresol` is the raw if_tsresol option value (None: default µs).
    pub fn iface(mut self, linktype: u16, tsresol: Option<u8>) -> Self {
        let be = self.be;
        let mut body = Vec::new();
        put16(&mut body, linktype, be);
        put16(&mut body, 0, be);
        put32(&mut body, 262_144, be);
        if let Some(r) = tsresol {
            put16(&mut body, 9, be);
            put16(&mut body, 1, be);
            body.extend_from_slice(&[r, 0, 0, 0]);
            put16(&mut body, 0, be);
            put16(&mut body, 0, be);
        }
        self.block(1, &body);
        self
    }

    /// Add an interface with a raw `if_tsresol` (None: µs) and an `if_tsoffset` in seconds.
    pub fn iface_offset(mut self, linktype: u16, tsresol: Option<u8>, offset_s: i64) -> Self {
        let be = self.be;
        let mut body = Vec::new();
        put16(&mut body, linktype, be);
        put16(&mut body, 0, be);
        put32(&mut body, 262_144, be);
        if let Some(r) = tsresol {
            put16(&mut body, 9, be);
            put16(&mut body, 1, be);
            body.extend_from_slice(&[r, 0, 0, 0]);
        }
        put16(&mut body, 14, be);
        put16(&mut body, 8, be);
        body.extend_from_slice(&if be {
            offset_s.to_be_bytes()
        } else {
            offset_s.to_le_bytes()
        });
        put16(&mut body, 0, be);
        put16(&mut body, 0, be);
        self.block(1, &body);
        self
    }

    /// Append raw bytes (a damaged block).
    pub fn raw(mut self, bytes: &[u8]) -> Self {
        self.buf.extend_from_slice(bytes);
        self
    }

    /// Add an enhanced packet block; `ts` in the interface's units.
    pub fn epb(mut self, iface: u32, ts: u64, data: &[u8]) -> Self {
        let be = self.be;
        let mut body = Vec::new();
        put32(&mut body, iface, be);
        put32(&mut body, (ts >> 32) as u32, be);
        put32(&mut body, ts as u32, be);
        put32(&mut body, data.len() as u32, be);
        put32(&mut body, data.len() as u32, be);
        body.extend_from_slice(data);
        self.block(6, &body);
        self
    }
}

impl Pcapng {
    /// An enhanced packet block holding only the first `caplen` bytes of `data` (a snaplen).
    pub fn epb_cut(mut self, iface: u32, ts: u64, data: &[u8], caplen: usize) -> Self {
        let be = self.be;
        let kept = &data[..caplen.min(data.len())];
        let mut body = Vec::new();
        put32(&mut body, iface, be);
        put32(&mut body, (ts >> 32) as u32, be);
        put32(&mut body, ts as u32, be);
        put32(&mut body, kept.len() as u32, be);
        put32(&mut body, data.len() as u32, be);
        body.extend_from_slice(kept);
        self.block(6, &body);
        self
    }

    /// A simple packet block (no interface id, no timestamp).
    pub fn spb(mut self, data: &[u8]) -> Self {
        let be = self.be;
        let mut body = Vec::new();
        put32(&mut body, data.len() as u32, be);
        body.extend_from_slice(data);
        self.block(3, &body);
        self
    }
}

impl Default for Pcapng {
    fn default() -> Self {
        Self::new()
    }
}
