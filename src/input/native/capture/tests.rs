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
