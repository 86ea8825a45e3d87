//! Synthetic MPTCP v1 capture generator, for benchmarks (`scripts/bench.sh`).
//!
//! ```text
//! cargo run --release --example gen_capture -- --packets 1000000 --snaplen 128 --out big.pcap
//! ```
//!
//! Writes a legacy pcap (Ethernet, µs timestamps) holding one MPTCP v1 connection (or, with
//! `--connections N`, N of them one after the other, each with its own keys and addresses), streamed to
//! disk (a full-size 1M-packet capture is about 1 GB):
//!
//! * the MP_CAPABLE handshake (SYN without key, SYN/ACK with the server key, ACK with both keys,
//!   HMAC-SHA256 negotiated, no DSS checksum), then the first data segment carrying MP_CAPABLE
//!   with its data-level length (RFC 8684 §3.1) and the server's DATA_ACK;
//! * `--joins` MP_JOIN subflows from other client addresses: SYN (token of the server key,
//!   nonce), SYN/ACK (truncated HMAC), ACK (full HMAC), ACK; HMACs are computed as in RFC 8684;
//! * data segments of `--payload` bytes from the client, round-robin over the subflows, each with
//!   a DSS option (8-byte data ACK, 8-byte DSN mapping); one server ACK with a DSS data ACK every
//!   second segment of a subflow; every `--reinject-every` segments, a reinjection of the last
//!   segment on the next subflow (same DSN, new subflow sequence number);
//! * a DATA_FIN on the last segment, the server's DATA_FIN and its DATA_ACK, then FIN, FIN/ACK,
//!   ACK on every subflow.
//!
//! The capture holds exactly `--packets` frames. With `--snaplen S`, frames are cut to S bytes
//! (`incl_len` = S, `orig_len` = full length), as `tcpdump -s S` does.

use clap::Parser;
use mptcpanalyzer::analysis::keys::token_and_idsn;
use sha2::{Digest, Sha256};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

// the project's frame builders (test code, not part of the library)
#[path = "../src/input/native/synth.rs"]
#[allow(dead_code)]
mod synth;

#[derive(Parser)]
#[command(about = "Write a synthetic MPTCP v1 pcap capture")]
pub(crate) struct Args {
    /// Number of frames in the capture.
    #[arg(long, default_value_t = 1_000_000)]
    packets: u64,
    /// Cut frames to this many bytes (0: full frames).
    #[arg(long, default_value_t = 0)]
    snaplen: u32,
    /// Output pcap file.
    #[arg(long)]
    out: PathBuf,
    /// Number of MP_JOIN subflows besides the initial one.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=8))]
    joins: u8,
    /// Payload of a data segment, bytes.
    #[arg(long, default_value_t = 1448)]
    payload: u16,
    /// Reinject one segment every this many data segments (0: never).
    #[arg(long, default_value_t = 100_000)]
    reinject_every: u64,
    /// Number of MPTCP connections, one after the other (each complete, from its SYN to its
    /// last FIN/ACK, before the next starts; own keys, client addresses and ISNs), sharing the
    /// frames equally.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1_048_576))]
    connections: u32,
    /// Microseconds between two frames.
    #[arg(long, default_value_t = 10)]
    frame_us: u64,
}

const FIN: u16 = 0x01;
const SYN: u16 = 0x02;
const PSH: u16 = 0x08;
const ACK: u16 = 0x10;

const CLIENT_KEY: u64 = 0x1c2d_3e4f_5a6b_7c8d;
const SERVER_KEY: u64 = 0x9e8d_7c6b_5a49_3827;
const SERVER_ADDR: [u8; 4] = [10, 0, 1, 1];
const SERVER_PORT: u16 = 80;

/// Ones' complement sum of `data` (16-bit big-endian words) added to `sum`.
fn csum_add(mut sum: u32, data: &[u8]) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        sum += u16::from_be_bytes([c[0], c[1]]) as u32;
    }
    if let [b] = chunks.remainder() {
        sum += (*b as u32) << 8;
    }
    sum
}

fn csum_fold(mut sum: u32) -> u16 {
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    k[..key.len()].copy_from_slice(key); // keys here are 16 bytes
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// MP_CAPABLE v1 with HMAC-SHA256 and no checksum: 0, 1 or 2 keys, optional data-level length.
fn mp_capable(keys: &[u64], data_len: Option<u16>) -> Vec<u8> {
    let mut o = vec![30, 0, 0x01, 0x01];
    for k in keys {
        o.extend_from_slice(&k.to_be_bytes());
    }
    if let Some(l) = data_len {
        o.extend_from_slice(&l.to_be_bytes());
    }
    o[1] = o.len() as u8;
    o
}

/// DSS with an optional 8-byte data ACK and an optional 8-byte mapping (dsn, relative subflow
/// sequence number, data-level length), DATA_FIN flag.
fn dss(data_ack: Option<u64>, map: Option<(u64, u32, u16)>, fin: bool) -> Vec<u8> {
    let mut flags = 0u8;
    let mut body = Vec::with_capacity(22);
    if let Some(a) = data_ack {
        flags |= 0x01 | 0x02;
        body.extend_from_slice(&a.to_be_bytes());
    }
    if let Some((dsn, ssn, len)) = map {
        flags |= 0x04 | 0x08;
        body.extend_from_slice(&dsn.to_be_bytes());
        body.extend_from_slice(&ssn.to_be_bytes());
        body.extend_from_slice(&len.to_be_bytes());
    }
    if fin {
        flags |= 0x10;
    }
    let mut o = vec![30, (4 + body.len()) as u8, 0x20, flags];
    o.extend_from_slice(&body);
    o
}

/// MSS, SACK permitted, timestamps, window scale: the usual SYN options (20 bytes).
fn syn_opts(ts: u32, ecr: u32) -> Vec<u8> {
    let mut o = vec![2, 4, 0x05, 0xb4, 4, 2, 8, 10];
    o.extend_from_slice(&ts.to_be_bytes());
    o.extend_from_slice(&ecr.to_be_bytes());
    o.extend_from_slice(&[1, 3, 3, 7]);
    o
}

/// NOP, NOP, timestamps (12 bytes).
fn ts_opts(ts: u32, ecr: u32) -> Vec<u8> {
    let mut o = vec![1, 1, 8, 10];
    o.extend_from_slice(&ts.to_be_bytes());
    o.extend_from_slice(&ecr.to_be_bytes());
    o
}

struct Subflow {
    caddr: [u8; 4],
    cport: u16,
    addr_id: u8,
    c_isn: u32,
    /// Next sequence number of the client / server.
    c_next: u32,
    s_next: u32,
    /// Data segments sent on this subflow (a server ACK every second one).
    segments: u64,
}

struct Writer {
    out: BufWriter<std::fs::File>,
    snaplen: u32,
    time_us: u64,
    frame_us: u64,
    frames: u64,
}

impl Writer {
    fn new(path: &std::path::Path, snaplen: u32, frame_us: u64) -> std::io::Result<Self> {
        let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
        out.write_all(&0xa1b2_c3d4u32.to_le_bytes())?;
        out.write_all(&2u16.to_le_bytes())?;
        out.write_all(&4u16.to_le_bytes())?;
        out.write_all(&[0; 8])?;
        let file_snaplen = if snaplen == 0 { 262_144 } else { snaplen };
        out.write_all(&file_snaplen.to_le_bytes())?;
        out.write_all(&1u32.to_le_bytes())?; // LINKTYPE_ETHERNET
        Ok(Writer {
            out,
            snaplen,
            time_us: 1_700_000_000_000_000,
            frame_us,
            frames: 0,
        })
    }

    /// TCP timestamp value: milliseconds.
    fn ts(&self) -> u32 {
        (self.time_us / 1000) as u32
    }

    /// Write one Ethernet/IPv4/TCP frame, with valid IP and TCP checksums.
    #[allow(clippy::too_many_arguments)]
    fn segment(
        &mut self,
        src: ([u8; 4], u16),
        dst: ([u8; 4], u16),
        seq: u32,
        ack: u32,
        flags: u16,
        opts: &[u8],
        payload: usize,
    ) -> std::io::Result<()> {
        let mut tcp = synth::tcp(src.1, dst.1, seq, ack, flags, opts, payload);
        let mut sum = csum_add(0, &src.0);
        sum = csum_add(sum, &dst.0);
        sum += 6 + tcp.len() as u32;
        let c = csum_fold(csum_add(sum, &tcp));
        tcp[16..18].copy_from_slice(&c.to_be_bytes());
        let mut ip = synth::ipv4(src.0, dst.0, &[], &tcp);
        ip[4..6].copy_from_slice(&(self.frames as u16).to_be_bytes()); // IP id
        let c = csum_fold(csum_add(0, &ip[..20]));
        ip[10..12].copy_from_slice(&c.to_be_bytes());
        let frame = synth::ethernet(0x0800, &[], &ip);
        let incl = if self.snaplen == 0 {
            frame.len()
        } else {
            frame.len().min(self.snaplen as usize)
        };
        let (sec, usec) = (self.time_us / 1_000_000, self.time_us % 1_000_000);
        self.out.write_all(&(sec as u32).to_le_bytes())?;
        self.out.write_all(&(usec as u32).to_le_bytes())?;
        self.out.write_all(&(incl as u32).to_le_bytes())?;
        self.out.write_all(&(frame.len() as u32).to_le_bytes())?;
        self.out.write_all(&frame[..incl])?;
        self.frames += 1;
        self.time_us += self.frame_us;
        Ok(())
    }

    /// Client to server on `sf`; advances the client's sequence number.
    fn c2s(&mut self, sf: &mut Subflow, flags: u16, opts: &[u8], payload: usize) -> Res {
        let ack = if flags & ACK != 0 { sf.s_next } else { 0 };
        let src = (sf.caddr, sf.cport);
        self.segment(
            src,
            (SERVER_ADDR, SERVER_PORT),
            sf.c_next,
            ack,
            flags,
            opts,
            payload,
        )?;
        sf.c_next = sf
            .c_next
            .wrapping_add(payload as u32 + (flags & (SYN | FIN) != 0) as u32);
        Ok(())
    }

    /// Server to client on `sf`; advances the server's sequence number.
    fn s2c(&mut self, sf: &mut Subflow, flags: u16, opts: &[u8]) -> Res {
        let dst = (sf.caddr, sf.cport);
        self.segment(
            (SERVER_ADDR, SERVER_PORT),
            dst,
            sf.s_next,
            sf.c_next,
            flags,
            opts,
            0,
        )?;
        sf.s_next = sf.s_next.wrapping_add((flags & (SYN | FIN) != 0) as u32);
        Ok(())
    }
}

type Res = std::io::Result<()>;

fn cat(a: Vec<u8>, b: Vec<u8>) -> Vec<u8> {
    [a, b].concat()
}

fn main() -> Res {
    run(&Args::parse())
}

/// Write the capture `args` describe.
pub(crate) fn run(args: &Args) -> Res {
    let nsub = 1 + args.joins as usize;
    let head = 3 + 2 + 4 * args.joins as u64;
    let tail = 3 + 3 * nsub as u64;
    let per = args.packets / args.connections as u64;
    if per < head + tail + 2 {
        eprintln!(
            "--packets must be at least {} per connection with {} joins",
            head + tail + 2,
            args.joins
        );
        std::process::exit(2);
    }
    let mut w = Writer::new(&args.out, args.snaplen, args.frame_us)?;
    for c in 0..args.connections {
        // the last connection takes the frames the division left over
        let frames = if c + 1 == args.connections {
            args.packets - w.frames
        } else {
            per
        };
        let budget = w.frames + frames - tail;
        connection(&mut w, args, c, budget)?;
    }
    w.out.flush()?;
    eprintln!(
        "wrote {} frames ({} connection(s) of {} subflows) to {}",
        w.frames,
        args.connections,
        nsub,
        args.out.display()
    );
    Ok(())
}

/// Connection number `c` (0: the keys and addresses of a one-connection capture), its data
/// segments written until frame `budget`, then its close (`tail` frames).
fn connection(w: &mut Writer, args: &Args, c: u32, budget: u64) -> Res {
    let nsub = 1 + args.joins as usize;
    let payload = args.payload as usize;
    let spread = (c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let client_key = CLIENT_KEY.wrapping_add(spread);
    let server_key = SERVER_KEY.wrapping_add(spread);
    let (server_token, server_idsn) = token_and_idsn(server_key, 1);
    let (_, client_idsn) = token_and_idsn(client_key, 1);

    let mut subflows: Vec<Subflow> = (0..nsub)
        .map(|i| {
            let c_isn = (0x1000_0000u32.wrapping_mul(i as u32 + 1) ^ 0x0bad_f00d)
                .wrapping_add(c.wrapping_mul(0x0101_0101));
            let s_isn = 0x2345_6789u32
                .wrapping_mul(i as u32 + 3)
                .wrapping_add(c.wrapping_mul(0x0301_0701));
            Subflow {
                caddr: [10, (c >> 8) as u8, c as u8, 1 + i as u8],
                // past 65,536 connections the addresses repeat: the ports tell them apart
                cport: 40_000 + i as u16 + 16 * (c >> 16) as u16,
                addr_id: i as u8,
                c_isn,
                c_next: c_isn,
                s_next: s_isn,
                segments: 0,
            }
        })
        .collect();

    // MP_CAPABLE handshake on the initial subflow.
    let sf = &mut subflows[0];
    let ts = w.ts();
    w.c2s(sf, SYN, &cat(syn_opts(ts, 0), mp_capable(&[], None)), 0)?;
    w.s2c(
        sf,
        SYN | ACK,
        &cat(syn_opts(ts, ts), mp_capable(&[server_key], None)),
    )?;
    w.c2s(
        sf,
        ACK,
        &cat(ts_opts(ts, ts), mp_capable(&[client_key, server_key], None)),
        0,
    )?;
    // First data: MP_CAPABLE with the data-level length (DSN = IDSN + 1, SSN = 1).
    let mut dsn = client_idsn.wrapping_add(1);
    w.c2s(
        sf,
        ACK | PSH,
        &cat(
            ts_opts(ts, ts),
            mp_capable(&[client_key, server_key], Some(args.payload)),
        ),
        payload,
    )?;
    dsn = dsn.wrapping_add(payload as u64);
    w.s2c(sf, ACK, &cat(ts_opts(ts, ts), dss(Some(dsn), None, false)))?;

    // MP_JOIN subflows.
    let client_data_ack = server_idsn.wrapping_add(1);
    for (j, sf) in subflows.iter_mut().enumerate().skip(1) {
        let r_a = 0x5eed_0000u32 + j as u32;
        let r_b = 0xcafe_0000u32 + j as u32;
        let key_ab = cat(
            client_key.to_be_bytes().to_vec(),
            server_key.to_be_bytes().to_vec(),
        );
        let key_ba = cat(
            server_key.to_be_bytes().to_vec(),
            client_key.to_be_bytes().to_vec(),
        );
        let msg_ab = cat(r_a.to_be_bytes().to_vec(), r_b.to_be_bytes().to_vec());
        let msg_ba = cat(r_b.to_be_bytes().to_vec(), r_a.to_be_bytes().to_vec());
        let hmac_b = hmac_sha256(&key_ba, &msg_ba);
        let hmac_a = hmac_sha256(&key_ab, &msg_ab);
        let ts = w.ts();
        let mut o = vec![30, 12, 0x10, sf.addr_id];
        o.extend_from_slice(&server_token.to_be_bytes());
        o.extend_from_slice(&r_a.to_be_bytes());
        w.c2s(sf, SYN, &cat(syn_opts(ts, 0), o), 0)?;
        let mut o = vec![30, 16, 0x10, 0];
        o.extend_from_slice(&hmac_b[..8]);
        o.extend_from_slice(&r_b.to_be_bytes());
        w.s2c(sf, SYN | ACK, &cat(syn_opts(ts, ts), o))?;
        let mut o = vec![30, 24, 0x10, 0];
        o.extend_from_slice(&hmac_a[..20]);
        w.c2s(sf, ACK, &cat(ts_opts(ts, ts), o), 0)?;
        w.s2c(sf, ACK, &cat(ts_opts(ts, ts), dss(Some(dsn), None, false)))?;
    }

    // Data, round-robin over the subflows, until the budget is used; the last segment carries
    // the DATA_FIN.
    let mut k = 0u64;
    let mut last_sf;
    loop {
        let i = (k % nsub as u64) as usize;
        last_sf = i;
        let fin = w.frames + 1 >= budget;
        let sf = &mut subflows[i];
        let ts = w.ts();
        let dlen = payload as u16 + fin as u16;
        let map = (dsn, sf.c_next.wrapping_sub(sf.c_isn), dlen);
        let opts = cat(ts_opts(ts, ts), dss(Some(client_data_ack), Some(map), fin));
        w.c2s(sf, ACK | PSH, &opts, payload)?;
        let seg_dsn = dsn;
        dsn = dsn.wrapping_add(dlen as u64);
        if fin {
            break;
        }
        sf.segments += 1;
        if sf.segments % 2 == 0 && w.frames + 1 < budget {
            w.s2c(sf, ACK, &cat(ts_opts(ts, ts), dss(Some(dsn), None, false)))?;
        }
        k += 1;
        if args.reinject_every > 0 && k % args.reinject_every == 0 && w.frames + 1 < budget {
            let sf = &mut subflows[(i + 1) % nsub];
            let map = (seg_dsn, sf.c_next.wrapping_sub(sf.c_isn), payload as u16);
            let opts = cat(
                ts_opts(ts, ts),
                dss(Some(client_data_ack), Some(map), false),
            );
            w.c2s(sf, ACK | PSH, &opts, payload)?;
            sf.segments += 1;
            if sf.segments % 2 == 0 && w.frames + 1 < budget {
                w.s2c(sf, ACK, &cat(ts_opts(ts, ts), dss(Some(dsn), None, false)))?;
            }
        }
    }

    // DATA_FIN exchange, then the subflows are closed.
    let ts = w.ts();
    let sf = &mut subflows[last_sf];
    w.s2c(sf, ACK, &cat(ts_opts(ts, ts), dss(Some(dsn), None, false)))?;
    let sf = &mut subflows[0];
    let server_fin = (server_idsn.wrapping_add(1), 0, 1);
    w.s2c(
        sf,
        ACK,
        &cat(ts_opts(ts, ts), dss(Some(dsn), Some(server_fin), true)),
    )?;
    let client_data_ack = client_data_ack.wrapping_add(1);
    w.c2s(
        sf,
        ACK,
        &cat(ts_opts(ts, ts), dss(Some(client_data_ack), None, false)),
        0,
    )?;
    for sf in subflows.iter_mut() {
        let ts = w.ts();
        w.c2s(
            sf,
            FIN | ACK,
            &cat(ts_opts(ts, ts), dss(Some(client_data_ack), None, false)),
            0,
        )?;
        w.s2c(
            sf,
            FIN | ACK,
            &cat(ts_opts(ts, ts), dss(Some(dsn), None, false)),
        )?;
        w.c2s(
            sf,
            ACK,
            &cat(ts_opts(ts, ts), dss(Some(client_data_ack), None, false)),
            0,
        )?;
    }
    Ok(())
}
