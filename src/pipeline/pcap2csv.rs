//! The CSV export (`pcap2csv`): one row per TCP packet in the schema of `docs/csv-schema.md`.
//!
//! `reinjected_in` points forward in time, so a first pass (the loaded capture, with
//! reinjections) finds the reinjections and a second pass writes the rows as they come, as a
//! tap: memory holds per-connection state and the reinjection pairs, not the packets. Only a
//! tshark run without cache keeps the packets in the first pass instead (a second tshark run
//! would cost far more).

use super::{Capture, FnTap, RunOptions, Settings, Source, Want};
use crate::analysis::enrich::Record;
use crate::analysis::PacketFilter;
use crate::cache::CacheMode;
use crate::error::{Error, Result};
use crate::input::{Backend, Format, ProgressSink};
use crate::model::{Packet, CSV_COLUMNS};
use rustc_hash::FxHashMap as FastMap;
use std::io::Write;

/// What the first pass must hold to export `src` read with `settings`.
pub fn want(src: &Source, settings: &Settings) -> Want {
    Want {
        reinjections: true,
        packets: keeps_packets(src, settings),
        ..Default::default()
    }
}

/// A tshark read without cache keeps its packets rather than running tshark twice.
fn keeps_packets(src: &Source, settings: &Settings) -> bool {
    settings.input.backend == Backend::Tshark
        && settings.cache.mode == CacheMode::Off
        && src.format() != Format::Csv
}

/// Write the rows of `capture` (loaded with at least [`want`]), only those of `filter` when
/// given (an id the caller checked exists), header first.
pub fn write(
    capture: &Capture,
    filter: Option<PacketFilter>,
    delimiter: u8,
    w: &mut dyn Write,
    progress: Option<&dyn ProgressSink>,
) -> Result<()> {
    let mut csv = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_writer(w);
    csv.write_record(CSV_COLUMNS).map_err(Error::csv_write)?;
    let kept = capture.held();
    if kept.packets && kept.reinjections && kept.filter.is_none() {
        for p in capture.packets() {
            if filter.is_none_or(|f| f.matches_in(p, capture.enricher())) {
                csv.serialize(p).map_err(Error::csv_write)?;
            }
        }
        return csv.flush().map_err(Error::stdout);
    }
    let rows = Rows::new(capture, filter);
    let mut tap = FnTap(|p: &Packet, _: &Record| rows.write(&mut csv, p));
    capture.pass(
        RunOptions {
            reinjections: true,
            progress,
            ..Default::default()
        },
        &mut [&mut tap],
    )?;
    csv.flush().map_err(Error::stdout)
}

/// The second pass: which packets to write, and the reinjections of each original.
struct Rows {
    filter: Option<PacketFilter>,
    /// The TCP streams of the connection asked for (its v1 MP_CAPABLE SYN has no number yet
    /// when the second pass meets it).
    streams: Option<Vec<u64>>,
    /// original frame -> its reinjections, from the first pass
    later: FastMap<u64, Vec<u64>>,
}

impl Rows {
    fn new(capture: &Capture, filter: Option<PacketFilter>) -> Rows {
        let e = capture.enricher();
        let streams = match filter {
            Some(PacketFilter::Mptcp(id)) => Some(
                e.mptcp_connections()
                    .iter()
                    .filter(|c| c.id() == Some(id))
                    .flat_map(|c| c.subflows.iter().copied())
                    .collect(),
            ),
            _ => None,
        };
        let mut later: FastMap<u64, Vec<u64>> = Default::default();
        for &(orig, re) in &e.reinjections {
            let v = later.entry(orig).or_default();
            if !v.contains(&re) {
                v.push(re);
            }
        }
        Rows {
            filter,
            streams,
            later,
        }
    }

    fn write<W: Write>(&self, csv: &mut csv::Writer<W>, p: &Packet) -> Result<()> {
        let wanted = match (&self.streams, self.filter) {
            (Some(streams), _) => streams.contains(&p.tcp_stream),
            (None, Some(f)) => f.matches(p),
            (None, None) => true,
        };
        if !wanted {
            return Ok(());
        }
        match self.later.get(&p.frame) {
            Some(re) => {
                let mut q = p.clone();
                q.reinjected_in = re.clone();
                csv.serialize(&q)
            }
            None => csv.serialize(p),
        }
        .map_err(Error::csv_write)
    }
}
