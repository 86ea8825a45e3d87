//! The whole pipeline on a capture held in memory, for the fuzz target `fuzz/pipeline` and its
//! regression tests: the reader chosen by the magic bytes (pcap or pcapng,
//! as files are read, or our CSV), the analysis with reinjections, `stats tcp` and
//! `stats mptcp` rendered as JSON and CSV, and the `pcap2csv` rows. No file, no thread, no
//! cache: what runs is what the commands run on the packets. It lives in `output` because it
//! renders the reports (the layer above the reader and the analysis it drives).

use super::stats::{MptcpStatsReport, TcpStatsReport};
use super::{write_report, OutputFormat};
use crate::analysis::enrich::{apply_reinjected_in, EnrichOptions, Enricher};
use crate::analysis::stats::StatsCollector;
use crate::error::{Error, Result};
use crate::input::{csv, format_from_magic, native, Format};
use crate::model::{Packet, CSV_COLUMNS};
use std::io::Write;
use std::path::Path;

/// What one run over bytes gave: the packet rows and the reports, as the commands write them.
#[derive(Debug, Default)]
pub struct BytesOutput {
    pub tcp_packets: u64,
    pub warnings: Vec<String>,
    pub pcap2csv: Vec<u8>,
    pub stats_tcp: Vec<u8>,
    pub stats_mptcp: Vec<u8>,
}

/// Where [`run`] writes the renderings.
struct Outputs<'w> {
    pcap2csv: &'w mut dyn Write,
    stats_tcp: &'w mut dyn Write,
    stats_mptcp: &'w mut dyn Write,
}

/// Run the pipeline over `data`, a pcap, pcapng or mptcpanalyzer CSV file's bytes (gzip is
/// left out: flate2 is not what is fuzzed). Errors are the input errors the commands report.
pub fn analyse_bytes(data: &[u8]) -> Result<BytesOutput> {
    let mut out = BytesOutput::default();
    let (tcp_packets, warnings) = run(
        data,
        Outputs {
            pcap2csv: &mut out.pcap2csv,
            stats_tcp: &mut out.stats_tcp,
            stats_mptcp: &mut out.stats_mptcp,
        },
    )?;
    out.tcp_packets = tcp_packets;
    out.warnings = warnings;
    Ok(out)
}

/// [`analyse_bytes`] for the fuzzer: errors are fine, panics are not. The same code runs on
/// the same bytes; only the renderings are written to [`std::io::sink`] instead of being kept
/// (growing vectors cost more than rendering them).
pub fn check_bytes(data: &[u8]) {
    let (mut a, mut b, mut c) = (std::io::sink(), std::io::sink(), std::io::sink());
    let _ = run(
        data,
        Outputs {
            pcap2csv: &mut a,
            stats_tcp: &mut b,
            stats_mptcp: &mut c,
        },
    );
}

/// The pipeline of [`analyse_bytes`], writing to `out`: the TCP packet count and the warnings.
fn run(data: &[u8], out: Outputs<'_>) -> Result<(u64, Vec<String>)> {
    let path = Path::new("<bytes>");
    let mut enricher = Enricher::new(
        EnrichOptions {
            reinjections: true,
            ..Default::default()
        },
        true,
    );
    let mut stats = StatsCollector::new(None);
    let mut packets: Vec<Packet> = Vec::new();
    let mut sink = |p: &mut Packet| {
        let r = enricher.push(p);
        stats.push(p, &r);
        packets.push(std::mem::take(p));
        Ok(())
    };
    // the read buffer sized to the bytes (a file's reader starts at 256 KiB): the same
    // frames and errors, without zeroing 256 KiB for a short input
    let buffer = data.len().saturating_add(1);
    let info = match format_from_magic(data) {
        Some(Format::Pcap) => {
            native::read_stream_with(path, std::io::Cursor::new(data), false, buffer, &mut sink)?
        }
        Some(Format::Pcapng) => {
            native::read_stream_with(path, std::io::Cursor::new(data), true, buffer, &mut sink)?
        }
        Some(Format::Csv) => {
            let delimiter = csv::sniff_delimiter(data).unwrap_or(b',');
            csv::read_from(path, std::io::Cursor::new(data), delimiter, &mut sink)?
        }
        _ => {
            return Err(Error::UnknownFormat {
                path: path.to_path_buf(),
            })
        }
    };
    apply_reinjected_in(&mut packets, &enricher.reinjections);
    let mut w = crate::model::csv_writer::CsvWriter::new(out.pcap2csv, b',');
    w.record(CSV_COLUMNS).map_err(Error::stdout)?;
    for p in &packets {
        w.packet(p);
        w.end_record().map_err(Error::stdout)?;
    }
    w.flush().map_err(Error::stdout)?;
    drop(w);
    let tcp = TcpStatsReport {
        stats: stats.tcp(&enricher),
        dirs: (true, true),
    };
    let mptcp = MptcpStatsReport {
        stats: stats.mptcp(&enricher),
        detail: true,
    };
    for format in [OutputFormat::Json, OutputFormat::Csv] {
        write_report(&tcp, format, b',', out.stats_tcp)?;
        write_report(&mptcp, format, b',', out.stats_mptcp)?;
    }
    Ok((info.tcp_packets, info.warnings))
}
