//! Unit tests of the native reader: pcap / pcapng streams built by synth, stream numbering.

use super::synth::{self, Pcapng};
use super::*;
use std::io::Write;

fn frame(sport: u16, seq: u32, flags: u16) -> Vec<u8> {
    let t = synth::tcp(sport, 80, seq, 0, flags, &[], 10);
    synth::ethernet(
        0x0800,
        &[],
        &synth::ipv4([1, 1, 1, 1], [2, 2, 2, 2], &[], &t),
    )
}

fn read_bytes(bytes: &[u8]) -> Result<(CaptureInfo, Vec<Packet>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.bin");
    std::fs::write(&path, bytes).unwrap();
    let mut v = Vec::new();
    let info = read(&path, &mut |p| {
        v.push(std::mem::take(p));
        Ok(())
    })?;
    Ok((info, v))
}

const T0: i64 = 1_600_000_000_123_456_789;

fn frames() -> Vec<(i64, Vec<u8>)> {
    vec![
        (T0, frame(1000, 1, 0x002)),
        (T0 + 1_500, synth::ethernet(0x0806, &[], &[0; 28])),
        (T0 + 2_000_000_001, frame(1001, 1, 0x002)),
    ]
}

#[test]
fn pcap_both_byte_orders_and_resolutions() {
    for be in [false, true] {
        for ns in [false, true] {
            let (info, v) = read_bytes(&synth::pcap(1, be, ns, &frames())).unwrap();
            assert_eq!((info.frames, info.tcp_packets), (3, 2), "be={be} ns={ns}");
            assert_eq!(v[0].frame, 1);
            assert_eq!(v[1].frame, 3);
            let t0 = if ns { T0 } else { T0 / 1000 * 1000 };
            assert_eq!(v[0].abs_time_ns, t0);
            assert_eq!(v[0].rel_time_ns, 0);
            let t2 = if ns {
                T0 + 2_000_000_001
            } else {
                (T0 + 2_000_000_001) / 1000 * 1000
            };
            assert_eq!(v[1].abs_time_ns, t2);
            assert_eq!(v[1].rel_time_ns, t2 - t0);
            assert_eq!((v[0].tcp_stream, v[1].tcp_stream), (0, 1));
            assert!(info.warnings.is_empty());
            assert!(!info.has_mptcp_stream);
            assert_eq!(v[0].mptcp_stream, None);
        }
    }
}

#[test]
fn pcapng_interfaces_resolutions_and_sections() {
    let f = frame(1000, 1, 0x002);
    let raw = f[14..].to_vec();
    let ng = Pcapng::new()
        .section(false)
        .iface(1, None) // µs
        .iface(101, Some(9)) // ns
        .iface(113, Some(0x80 | 10)) // 2^-10 s
        .epb(0, 1_000_000, &f)
        .epb(1, 1_500_000_000, &raw)
        .epb(2, 2048, &synth::sll(0x0800, &raw))
        .section(true)
        .iface(228, Some(3)) // ms
        .epb(0, 5, &raw);
    let (info, v) = read_bytes(&ng.buf).unwrap();
    assert_eq!((info.frames, info.tcp_packets), (4, 4));
    let times: Vec<i64> = v.iter().map(|p| p.abs_time_ns).collect();
    assert_eq!(
        times,
        vec![1_000_000_000, 1_500_000_000, 2_000_000_000, 5_000_000]
    );
    let ifs: Vec<u32> = v.iter().map(|p| p.interface).collect();
    assert_eq!(ifs, vec![0, 1, 2, 0]);
    let frames: Vec<u64> = v.iter().map(|p| p.frame).collect();
    assert_eq!(frames, vec![1, 2, 3, 4]);
    assert_eq!(v[3].rel_time_ns, 5_000_000 - 1_000_000_000);
}

/// Issue 14 item 12: a packet block of an interface the section does not describe was
/// skipped silently; the file is damaged (tshark says so too): an input error.
#[test]
fn a_packet_block_of_an_undefined_interface_is_damage() {
    let f = frame(1000, 1, 0x002);
    let ng = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb(0, 1, &f)
        .epb(7, 2, &f)
        .epb(0, 3, &f);
    let err = read_bytes(&ng.buf).unwrap_err();
    assert!(matches!(err, Error::BadCapture { .. }), "{err}");
    assert!(
        err.to_string()
            .ends_with("corrupt capture after frame 1: packet block of undefined interface 7 (its section describes 1)"),
        "{err}"
    );
}

#[test]
fn gzip_compressed_captures() {
    for bytes in [
        synth::pcap(1, false, true, &frames()),
        Pcapng::new()
            .section(false)
            .iface(1, None)
            .epb(0, 1, &frame(9, 1, 2))
            .buf,
    ] {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&bytes).unwrap();
        let (info, v) = read_bytes(&gz.finish().unwrap()).unwrap();
        assert!(info.tcp_packets >= 1);
        assert_eq!(info.tcp_packets as usize, v.len());
        assert!(info.warnings.is_empty());
    }
    // gzip of something else
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"hello world, not a capture").unwrap();
    let err = read_bytes(&gz.finish().unwrap()).unwrap_err();
    assert!(matches!(err, Error::BadCapture { .. }), "{err}");
}

#[test]
fn truncated_tail_yields_packets_and_a_warning() {
    let full = synth::pcap(1, false, false, &frames());
    for cut in [full.len() - 1, full.len() - 30, full.len() - 60] {
        let (info, v) = read_bytes(&full[..cut]).unwrap();
        assert_eq!(v.len(), 1, "cut {cut}");
        assert_eq!(info.frames, 2);
        assert!(
            info.warnings.iter().any(|w| w == &notes::truncated(1)),
            "{:?}",
            info.warnings
        );
    }
    let ng = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb(0, 1, &frame(9, 1, 2))
        .epb(0, 2, &frame(9, 1, 2))
        .buf;
    let (info, v) = read_bytes(&ng[..ng.len() - 7]).unwrap();
    assert_eq!(v.len(), 1);
    assert!(
        info.warnings.iter().any(|w| w.contains("truncated")),
        "{:?}",
        info.warnings
    );
}

#[test]
fn big_blocks_grow_the_buffer() {
    let big = synth::tcp(5, 6, 1, 0, 0x010, &[], 1_000_000);
    let f = synth::ethernet(
        0x0800,
        &[],
        &synth::ipv4([1, 1, 1, 1], [2, 2, 2, 2], &[], &big),
    );
    // (a legacy pcap record may not exceed its snaplen: pcapng has no such limit)
    let ng = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb(0, 0, &f)
        .epb(0, 1, &f);
    let (info, v) = read_bytes(&ng.buf).unwrap();
    assert_eq!((info.tcp_packets, v.len()), (2, 2));
    // IP total length overflows u16: the segment length is taken modulo, like a real header
    assert!(info.warnings.is_empty(), "{:?}", info.warnings);
}

/// Issue 14 item 12: a length field no writer produces was taken for a file cut short
/// (exit 0 and a warning) while tshark calls the file damaged (exit 3).
#[test]
fn impossible_record_lengths_are_damage_not_truncation() {
    let f = frame(1000, 1, 0x002);
    // a legacy record longer than the snaplen and 256 KiB
    let mut pcap = synth::pcap(1, false, false, &[(0, f.clone()), (1, f.clone())]);
    let second = 24 + 16 + f.len();
    pcap[second + 8..second + 12].copy_from_slice(&1_073_741_997u32.to_le_bytes());
    // the same, its bytes all there: the file is read whole, as pcapng is (the read once
    // cut each legacy record to its first 384 bytes, and so took it for a frame)
    let whole = synth::pcap(1, false, false, &[(0, f.clone()), (1, vec![0; 300_000])]);
    // a packet block whose captured length exceeds the block
    let mut ng = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb(0, 1, &f)
        .epb(0, 2, &f)
        .buf;
    let at = ng.len() - (32 + f.len().div_ceil(4) * 4);
    ng[at + 20..at + 24].copy_from_slice(&50_423u32.to_le_bytes());
    // a block longer than 64 MiB
    let mut huge = Pcapng::new()
        .section(false)
        .iface(1, None)
        .epb(0, 1, &f)
        .epb(0, 2, &f)
        .buf;
    huge[at + 4..at + 8].copy_from_slice(&268_435_604u32.to_le_bytes());
    for (name, bytes, what) in [
        (
            "legacy",
            pcap,
            "a record of 1073741997 bytes, more than the snapshot length 262144",
        ),
        (
            "legacy, whole",
            whole,
            "a record of 300000 bytes, more than the snapshot length 262144",
        ),
        ("epb", ng, "cannot hold its 50423 bytes of packet data"),
        (
            "huge",
            huge,
            "a block of 268435604 bytes (more than 64 MiB)",
        ),
    ] {
        let err = read_bytes(&bytes).unwrap_err();
        assert!(matches!(err, Error::BadCapture { .. }), "{name}: {err}");
        let m = err.to_string();
        assert!(
            m.contains("corrupt capture after frame 1: ") && m.contains(what),
            "{name}: {m}"
        );
    }
}

#[test]
fn not_a_capture_or_corrupt_header() {
    let err = read_bytes(b"this is not a capture file at all").unwrap_err();
    assert!(matches!(err, Error::UnknownFormat { .. }), "{err}");
    // pcap magic, header cut short
    let err = read_bytes(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0]).unwrap_err();
    assert!(matches!(err, Error::BadCapture { .. }), "{err}");
    assert!(err.to_string().contains("capture.bin"));
    // pcapng magic, garbage after
    let mut b = vec![0x0a, 0x0d, 0x0d, 0x0a, 0xff, 0xff, 0xff, 0x7f];
    b.extend_from_slice(&[0x55; 64]);
    let err = read_bytes(&b).unwrap_err();
    assert!(matches!(err, Error::BadCapture { .. }), "{err}");
}

#[test]
fn malformed_options_are_counted_in_warnings() {
    let bad: Vec<(i64, Vec<u8>)> = (0..20)
        .map(|i| {
            let t = synth::tcp(1, 2, i, 0, 0x010, &[30, 4, 0x20, 0x04], 0);
            (
                i as i64,
                synth::ethernet(0x0800, &[], &synth::ipv4([1; 4], [2; 4], &[], &t)),
            )
        })
        .collect();
    let (info, v) = read_bytes(&synth::pcap(1, false, false, &bad)).unwrap();
    assert_eq!(v.len(), 20);
    assert_eq!(info.warnings.len(), MAX_WARNING_SAMPLES + 1);
    assert!(info.warnings.last().unwrap().starts_with("20 "));
}

#[test]
fn stream_numbering_follows_wireshark() {
    let mut s = StreamTable::new();
    let mk = |sport: u16, dport: u16, seq: u32, flags: u16| {
        let t = synth::tcp(sport, dport, seq, 0, flags, &[], 0);
        let (a, b) = if sport == 80 {
            ([2; 4], [1; 4])
        } else {
            ([1; 4], [2; 4])
        };
        dissect_frame(linktype::IPV4, &synth::ipv4(a, b, &[], &t)).unwrap()
    };
    assert_eq!(s.assign(&mk(1000, 80, 5, 0x002)), 0);
    assert_eq!(s.assign(&mk(80, 1000, 9, 0x012)), 0);
    assert_eq!(s.assign(&mk(1001, 80, 5, 0x002)), 1);
    assert_eq!(s.assign(&mk(1000, 80, 6, 0x011)), 0);
    // SYN retransmission, same ISN: same stream even after FIN
    assert_eq!(s.assign(&mk(1000, 80, 5, 0x002)), 0);
    // new ISN: new stream
    assert_eq!(s.assign(&mk(1000, 80, 77, 0x002)), 2);
    assert_eq!(s.assign(&mk(80, 1000, 9, 0x012)), 2);
    assert_eq!(s.len(), 3);
}

/// A conversation of the plain rules: (client port, server port, IPv6), id, base per direction.
type PlainConv = ((u16, u16, bool), u64, [Option<u32>; 2]);

proptest::proptest! {
    /// Numbering by the table (with its shortcut for a packet of the conversation of the one
    /// before) is that of the rules of Wireshark 4.0 written plainly (a list searched from the
    /// start, every packet): conversations interleaved any way, in both directions, with SYNs
    /// reusing ports under new and repeated ISNs, IPv4 and IPv6; conversations that share one
    /// endpoint.
    #[test]
    fn stream_numbering_is_that_of_the_plain_rules(
        steps in proptest::collection::vec((0u8..6, proptest::bool::ANY, 0u8..3, 0u32..3, proptest::bool::ANY), 1..200)
    ) {
        let mut table = StreamTable::new();
        let mut plain: Vec<PlainConv> = Vec::new();
        let mut next = 0u64;
        for (conv, reverse, kind, isn, v6) in steps {
            // conversations sharing their client endpoint, others their server endpoint
            let (cport, sport) = (1000 + u16::from(conv % 3), [80, 443][usize::from(conv / 3)]);
            let (src, dst) = if reverse { (sport, cport) } else { (cport, sport) };
            let flags = match kind { 0 => 0x002, 1 => 0x012, _ => 0x010 };
            let seq = 100 * isn + u32::from(kind);
            let t = synth::tcp(src, dst, seq, 0, flags, &[], 0);
            let ip = if v6 {
                let (a, b) = if reverse { ([2; 16], [1; 16]) } else { ([1; 16], [2; 16]) };
                synth::ipv6(a, b, &[], &t)
            } else {
                let (a, b) = if reverse { ([2; 4], [1; 4]) } else { ([1; 4], [2; 4]) };
                synth::ipv4(a, b, &[], &t)
            };
            let lt = if v6 { linktype::IPV6 } else { linktype::IPV4 };
            let p = dissect_frame(lt, &ip).unwrap();
            // the lower endpoint is the client's (address 1 < 2): direction 0 is client -> server
            let dir = usize::from(reverse);
            let key = (cport, sport, v6);
            let i = match plain.iter().position(|c| c.0 == key) {
                Some(i) => i,
                None => {
                    plain.push((key, next, [None, None]));
                    next += 1;
                    plain.len() - 1
                }
            };
            let c = &mut plain[i];
            if flags == 0x002 && c.2[dir].is_some_and(|b| b != seq) {
                *c = (key, next, [None, None]);
                next += 1;
            }
            if c.2[dir].is_none() {
                c.2[dir] = Some(if flags & 0x002 != 0 { seq } else { seq.wrapping_sub(1) });
            }
            proptest::prop_assert_eq!(table.assign(&p), c.1);
        }
        proptest::prop_assert_eq!(table.len(), next);
    }
}
