//! Unit tests of the pcap / pcapng reader.

use super::*;

/// Ten bytes, then an error (as a gzip decoder gives after inflating the last block).
struct ThenFails(usize, std::io::ErrorKind);
impl Read for ThenFails {
    fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> {
        if self.0 == 0 {
            return Err(std::io::Error::new(self.1, "bad checksum"));
        }
        let n = b.len().min(self.0);
        self.0 -= n;
        Ok(n)
    }
}

#[test]
fn an_error_after_data_comes_back_on_the_next_read() {
    let mut r = FillReader::new(ThenFails(10, std::io::ErrorKind::Other));
    let mut buf = [0u8; 100];
    assert_eq!(r.read(&mut buf).unwrap(), 10);
    let e = r.read(&mut buf).unwrap_err();
    assert_eq!(e.to_string(), "bad checksum");
    assert!(r.seen.borrow().is_some());
}

#[test]
fn read_errors_say_what_they_mean() {
    let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
    assert!(matches!(read_stop(Some(eof)), Stop::Truncated));
    let bad = std::io::Error::new(std::io::ErrorKind::InvalidData, Damaged("crc".into()));
    assert!(matches!(read_stop(Some(bad)), Stop::Damaged(m) if m == "crc"));
    let io = std::io::Error::other("disk on fire");
    assert!(matches!(read_stop(Some(io)), Stop::Io(m) if m == "disk on fire"));
}

/// What reading gave: every frame (link type, interface, time, bytes), then how it ended.
fn read_all(data: &[u8], pcapng: bool, buffer: Option<usize>) -> (Vec<String>, String) {
    let mut frames = Vec::new();
    let f = |r: RawFrame<'_>| {
        frames.push(format!(
            "{} {} {:?} {:?}",
            r.linktype, r.interface, r.time_ns, r.data
        ));
        Ok(())
    };
    let end = match buffer {
        None => read_frames(std::io::Cursor::new(data), pcapng, f),
        Some(b) => read_frames_with(std::io::Cursor::new(data), pcapng, b, f),
    };
    (frames, format!("{end:?}"))
}

/// The buffer sized to bytes in memory (the fuzz target's reader) reads what the 256 KiB
/// buffer of files reads, at every cut of a kernel capture and of a pcapng whose blocks are
/// larger than the small buffer (which then grows), damaged lengths included.
#[test]
fn a_buffer_sized_to_the_input_reads_the_same() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pcap = std::fs::read(root.join("fixtures/mptcp-v4-two-subflows.pcap")).unwrap();
    let frame = vec![0x45u8; 9000];
    let mut big = crate::input::native::synth::Pcapng::new()
        .section(false)
        .iface(1, Some(9))
        .epb(0, 5, &frame[..100])
        .epb(0, 6, &frame)
        .epb(0, 7, &frame[..5000])
        .buf;
    let whole = big.len();
    // a block claiming 1 MiB, then one claiming more than 64 MiB
    big.extend_from_slice(&[6, 0, 0, 0, 0, 0, 0x10, 0, 1, 2, 3, 4]);
    let mut huge = big[..whole].to_vec();
    huge.extend_from_slice(&[6, 0, 0, 0, 0, 0, 0, 0x10, 1, 2, 3, 4]);
    let mut cases: Vec<(&[u8], bool, usize)> = Vec::new();
    for n in (0..12_000).step_by(37).chain([pcap.len()]) {
        cases.push((&pcap[..n.min(pcap.len())], false, n));
    }
    for n in 0..=big.len() {
        cases.push((&big[..n], true, n));
    }
    cases.push((&huge, true, huge.len()));
    for (data, pcapng, n) in cases {
        let file = read_all(data, pcapng, None);
        let sized = read_all(data, pcapng, Some(data.len() + 1));
        assert_eq!(sized, file, "pcapng {pcapng}, {n} bytes");
    }
}

/// Every frame of a legacy pcap as pcap-parser's own record parser reads it (the oracle of the
/// fast record path, which bypasses it), then whether the bytes end inside a record.
fn legacy_by_pcap_parser(data: &[u8]) -> (Vec<String>, bool) {
    let (mut rest, header) = pcap_parser::parse_pcap_header(data).expect("a pcap header");
    let parse = if header.is_bigendian() {
        pcap_parser::parse_pcap_frame_be
    } else {
        pcap_parser::parse_pcap_frame
    };
    let ns = header.is_nanosecond_precision();
    let mut frames = Vec::new();
    while !rest.is_empty() {
        match parse(rest) {
            Ok((r, b)) => {
                let frac = if ns {
                    b.ts_usec as i128
                } else {
                    b.ts_usec as i128 * 1000
                };
                let t = b.ts_sec as i128 * 1_000_000_000 + frac;
                frames.push(format!("{} 0 {:?} {:?}", header.network.0, Some(t), b.data));
                rest = r;
            }
            Err(_) => return (frames, true),
        }
    }
    (frames, false)
}

/// The fast record path (16-byte headers taken in without pcap-parser) gives pcap-parser's
/// frames and times, at every cut of a kernel capture and of synthetic captures in both byte
/// orders and both time precisions; a cut inside a record is a truncation, a cut between two
/// is a clean end.
#[test]
fn legacy_records_are_read_as_pcap_parser_reads_them() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let kernel = std::fs::read(root.join("fixtures/mptcp-v4-two-subflows.pcap")).unwrap();
    let frames: Vec<(i64, Vec<u8>)> = (0..40)
        .map(|i: i64| {
            (
                1_700_000_000_123_456_789 + i * 999_999_937,
                vec![i as u8; (i * 13 % 200) as usize],
            )
        })
        .collect();
    let mut captures = vec![kernel];
    for (be, ns) in [(false, false), (true, false), (false, true), (true, true)] {
        captures.push(crate::input::native::synth::pcap(1, be, ns, &frames));
    }
    for (k, cap) in captures.iter().enumerate() {
        let (whole, cut) = legacy_by_pcap_parser(cap);
        assert!(
            !cut && whole.len() >= 40,
            "capture {k}: {} frames",
            whole.len()
        );
        // every cut of the first records and of the synthetic captures, then ~400 cuts
        let cuts = (24..=cap.len().min(3000)).chain((3000..cap.len()).step_by(cap.len() / 400 + 1));
        for n in cuts.chain([cap.len()]) {
            let (want, inside) = legacy_by_pcap_parser(&cap[..n]);
            let (got, end) = read_all(&cap[..n], false, None);
            assert_eq!(got, want, "capture {k} cut at {n}");
            let want_end = if inside { "Err(Truncated)" } else { "Ok(())" };
            assert_eq!(end, want_end, "capture {k} cut at {n}");
        }
    }
}

/// Times of every pcapng resolution are those of the exact 128-bit formula: the 64-bit
/// multiply taken for resolutions dividing 10^9 and the division for the others, overflow of
/// 64 bits included.
#[test]
fn pcapng_times_are_exact_at_every_resolution() {
    let exact = |ts: u64, resol: u64, off: i64| -> i128 {
        if resol == 0 {
            return off as i128 * 1_000_000_000;
        }
        ((ts as u128 * 1_000_000_000 / resol as u128) as i128) + off as i128 * 1_000_000_000
    };
    let stamps = [
        0,
        1,
        999,
        1_700_000_000_123_456,
        u64::MAX / 1000,
        u64::MAX / 1000 + 1,
        u64::MAX / 3,
        u64::MAX,
    ];
    let mut resols: Vec<u64> = (0..=9).map(|e| 10u64.pow(e)).collect();
    resols.extend([0, 3, 7, 1 << 10, 1 << 30, 1 << 40, 10u64.pow(12), u64::MAX]);
    for &ts in &stamps {
        for &r in &resols {
            for off in [0i64, -5, 1 << 40] {
                assert_eq!(
                    blocks::ts_to_ns_for_tests(ts, r, off),
                    exact(ts, r, off),
                    "{ts} {r} {off}"
                );
            }
        }
    }
}
