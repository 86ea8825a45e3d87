use super::{want, write_with, Style};
use crate::analysis::PacketFilter;
use crate::cache::CacheMode;
use crate::input::Backend;
use crate::model::Packet;
use crate::pipeline::{Capture, Settings, Source};

/// The rows formatted on the formatter thread are the bytes of one writer on the reading
/// thread (as `write_rows` wrote them before, and still does on one core), with the header or
/// a tag that must be quoted, for every delimiter the config accepts, filtered or not: a kernel
/// fixture of 558 rows (two full batches of packets and a part, two chunks of rows and a part).
#[test]
fn rows_formatted_on_a_thread_are_those_of_one_writer() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pair-lossy-server.pcap");
    let mut settings = Settings::default();
    settings.input.backend = Backend::Native;
    settings.cache.mode = CacheMode::Off;
    let src = Source::open(&path).unwrap();
    let want = want(&src, &settings);
    let c = Capture::from_source(src, &settings, want, None).unwrap();
    assert!(
        !c.enricher().reinjections.is_empty(),
        "no reinjected_in to fill"
    );
    for d in [b',', b';', b'\t', b'|'] {
        for label in [None, Some("dir/a;b,c|\"d.pcap")] {
            for filter in [
                None,
                Some(PacketFilter::Tcp(1)),
                Some(PacketFilter::Mptcp(0)),
            ] {
                let style = Style {
                    delimiter: d,
                    label,
                };
                let rows = |threaded| {
                    let mut v = Vec::new();
                    let warn = &mut |_: &str| {};
                    write_with(style, threaded, &c, filter, None, warn, &mut v).unwrap();
                    v
                };
                let (threaded, one) = (rows(true), rows(false));
                if filter.is_none() {
                    assert!(one.len() > 128 * 1024 && one.split(|&b| b == b'\n').count() > 2 * 256);
                }
                assert!(threaded == one, "delimiter {d}, {label:?}, {filter:?}");
            }
        }
    }
}

#[test]
fn a_tagged_row_is_the_capture_cell_then_the_row() {
    let p = Packet {
        frame: 3,
        src_ip: Some("10.0.0.1".parse().unwrap()),
        tcp_options: crate::model::Kinds::try_from(&[2, 4][..]).unwrap(),
        reinjected_in: vec![9, 10],
        ..Default::default()
    };
    let line = |tagged: bool| {
        let mut w = crate::model::csv_writer::CsvWriter::new(vec![], b',');
        if tagged {
            w.text("dir/a,b.pcap");
        }
        w.packet(&p);
        w.end_record().unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    };
    assert_eq!(line(true), format!("\"dir/a,b.pcap\",{}", line(false)));
}

/// The second pass takes `reinjection_of` from the first pass's pairs instead of running the
/// detector again: its rows are those of one pass that runs the detector and keeps the packets
/// (`reinjection_of` from the detector, `reinjected_in` filled after the pass), on the kernel
/// fixtures with reinjections, every row and field, filtered or not.
#[test]
fn second_pass_rows_are_those_of_the_detector() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut settings = Settings::default();
    settings.input.backend = Backend::Native;
    settings.cache.mode = CacheMode::Off;
    let mut reinjections = 0;
    for name in [
        "pair-lossy-server.pcap",
        "pair-lossy-client.pcap",
        "mptcp-lossy.pcap",
        "mptcp-v4-two-subflows.pcap",
    ] {
        let path = dir.join(name);
        let load = |packets| {
            let want = crate::pipeline::Want {
                reinjections: true,
                packets,
                ..Default::default()
            };
            Capture::from_source(Source::open(&path).unwrap(), &settings, want, None).unwrap()
        };
        let (streamed, kept) = (load(false), load(true));
        assert!(streamed.packets().is_empty() && !kept.packets().is_empty());
        for filter in [
            None,
            Some(PacketFilter::Tcp(1)),
            Some(PacketFilter::Mptcp(0)),
        ] {
            let rows = |c: &Capture| {
                let mut v: Vec<Packet> = Vec::new();
                let warn = &mut |_: &str| {};
                super::for_each_row(c, filter, None, warn, |p| {
                    v.push(p.clone());
                    Ok(())
                })
                .unwrap();
                v
            };
            let (second, one) = (rows(&streamed), rows(&kept));
            assert_eq!(second.len(), one.len(), "{name} {filter:?}");
            for (a, b) in second.iter().zip(&one) {
                assert_eq!(a, b, "{name} {filter:?} frame {}", b.frame);
                reinjections += usize::from(!b.reinjection_of.is_empty());
            }
        }
    }
    // rows with a non-empty `reinjection_of`, over the fixtures and filters above
    assert_eq!(reinjections, 228);
}
