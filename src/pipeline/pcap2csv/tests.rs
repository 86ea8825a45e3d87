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
