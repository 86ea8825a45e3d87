//! The dissector ahead of the sink gives the sink what one thread gives it: on the kernel
//! fixtures, as legacy pcap and as pcapng, whole and cut short, and with a sink that fails.

use super::super::capture::read_frames;
use super::super::synth::Pcapng;
use super::super::{read_frames_of, readahead::ReadAhead, Frames};
use super::read_chunks_ahead;
use crate::error::Error;
use crate::input::CaptureInfo;
use crate::model::Packet;
use std::path::{Path, PathBuf};

/// What a read gave the sink, and how it ended (its info, or its error as text).
type Seen = (Vec<Packet>, std::result::Result<String, String>);

fn info_text(i: &CaptureInfo) -> String {
    format!("{i:?}")
}

/// Read `bytes` (as the file `path`) with the dissection on one thread (`ahead` false) or
/// ahead of the sink; the sink fails at its `fail_at`-th packet (1-based) when given.
fn read(path: &Path, bytes: &[u8], pcapng: bool, ahead: bool, fail_at: Option<usize>) -> Seen {
    let source = ReadAhead::chunked(std::io::Cursor::new(bytes.to_vec()));
    let mut seen = Vec::new();
    let mut sink = |p: &mut Packet| {
        seen.push(std::mem::take(p));
        if Some(seen.len()) == fail_at {
            return Err(Error::bad_capture(Path::new("sink"), "the sink failed"));
        }
        Ok(())
    };
    let res = if ahead {
        read_chunks_ahead(path, source, pcapng, &mut sink)
    } else {
        read_frames_of(
            path,
            Frames::<std::fs::File>::Chunks(source),
            pcapng,
            &mut sink,
        )
    };
    (seen, res.map(|i| info_text(&i)).map_err(|e| e.to_string()))
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap"))
        .collect();
    v.sort();
    assert!(v.len() >= 12, "the kernel fixtures: {v:?}");
    v
}

/// A fixture by name.
fn fixture(name: &str) -> PathBuf {
    fixtures()
        .into_iter()
        .find(|p| p.ends_with(name))
        .unwrap_or_else(|| panic!("fixtures/{name}"))
}

/// The frames of a legacy pcap (as our reader reads them) as a pcapng of one interface of
/// their link type, in nanoseconds.
fn as_pcapng(pcap: &[u8]) -> Vec<u8> {
    let mut frames = Vec::new();
    read_frames(std::io::Cursor::new(pcap), false, |raw| {
        let ns = u64::try_from(raw.time_ns.expect("pcap records are timed")).expect("after 1970");
        frames.push((raw.linktype, ns, raw.data.to_vec()));
        Ok(())
    })
    .expect("a whole fixture");
    let linktype = frames.first().map_or(1, |f| f.0);
    let linktype = u16::try_from(linktype).expect("a 16-bit link type");
    let mut ng = Pcapng::new().section(false).iface(linktype, Some(9));
    for (_, ns, data) in &frames {
        ng = ng.epb(0, *ns, data);
    }
    ng.buf
}

/// Where block `n` (0: the first packet block) of a pcapng made by [`as_pcapng`] starts.
fn block_start(ng: &[u8], n: usize) -> usize {
    let mut at = Pcapng::new().section(false).iface(1, Some(9)).buf.len();
    for _ in 0..n {
        at += u32::from_le_bytes(ng[at + 4..at + 8].try_into().expect("4 bytes")) as usize;
    }
    at
}

#[test]
fn the_sink_gets_what_one_thread_gives_it() {
    let mut packets = 0;
    for f in fixtures() {
        let pcap = std::fs::read(&f).expect("a fixture");
        let ng = as_pcapng(&pcap);
        for (bytes, pcapng) in [(&pcap, false), (&ng, true)] {
            // whole, cut inside a record, cut to the header; the sink failing early and late
            let cuts = [
                bytes.len(),
                bytes.len() * 2 / 3 + 7,
                bytes.len() / 5 + 3,
                30,
            ];
            for cut in cuts {
                let b = &bytes[..cut.min(bytes.len())];
                let one = read(&f, b, pcapng, false, None);
                let two = read(&f, b, pcapng, true, None);
                assert_eq!(one.1, two.1, "{f:?} pcapng {pcapng} cut {cut}");
                assert!(
                    one.0 == two.0,
                    "{f:?} pcapng {pcapng} cut {cut}: packets differ"
                );
                packets += two.0.len();
                let n = one.0.len();
                for fail_at in [1, 255, 256, 257, n / 2, n]
                    .into_iter()
                    .filter(|&k| k >= 1 && k <= n)
                {
                    let one = read(&f, b, pcapng, false, Some(fail_at));
                    let two = read(&f, b, pcapng, true, Some(fail_at));
                    assert_eq!(
                        two.0.len(),
                        fail_at,
                        "{f:?}: the sink saw more than it took"
                    );
                    assert!(one.0 == two.0, "{f:?} fails at {fail_at}: packets differ");
                    assert_eq!(one.1, two.1, "{f:?} fails at {fail_at}");
                    assert_eq!(two.1, Err("sink: the sink failed".to_string()));
                }
            }
        }
    }
    // a damaged block in the middle: the packets before it, then the same error
    let f = &fixture("mptcp-lossy.pcap");
    let ng = as_pcapng(&std::fs::read(f).expect("a fixture"));
    let at = block_start(&ng, 300);
    let before = read(f, &ng, true, false, None)
        .0
        .iter()
        .filter(|p| p.frame <= 300)
        .count();
    for bad in [13u32, 0xffff_fff0, 8] {
        let mut damaged = ng.clone();
        damaged[at + 4..at + 8].copy_from_slice(&bad.to_le_bytes());
        let one = read(f, &damaged, true, false, None);
        let two = read(f, &damaged, true, true, None);
        assert_eq!(one.1, two.1, "block length {bad}");
        assert!(one.0 == two.0, "block length {bad}: packets differ");
        assert_eq!(two.0.len(), before, "block length {bad}: {:?}", two.1);
    }
    // every fixture read whole twice (pcap, pcapng) and cut: packets by the thousand
    assert!(packets > 10_000, "{packets}");
}

/// A batch boundary falls anywhere: captures cut before, at and after a whole batch.
#[test]
fn every_batch_boundary_keeps_the_order() {
    let f = fixture("mptcp-lossy.pcap");
    let pcap = std::fs::read(&f).expect("a fixture");
    let ng = as_pcapng(&pcap);
    let all = read(&f, &ng, true, false, None).0;
    assert!(all.len() > super::BATCH + 10, "{}", all.len());
    let b = super::BATCH;
    for n in [0, 1, b - 1, b, b + 1, all.len() - 1, all.len()] {
        // the first n frames: the pcapng cut before block n
        let (seen, res) = read(&f, &ng[..block_start(&ng, n)], true, true, None);
        let frames: Vec<u64> = seen.iter().map(|p| p.frame).collect();
        let want: Vec<u64> = all
            .iter()
            .take_while(|p| p.frame <= n as u64)
            .map(|p| p.frame)
            .collect();
        assert_eq!(frames, want, "first {n} blocks");
        assert!(res.is_ok(), "{res:?}");
    }
}
