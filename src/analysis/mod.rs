//! Analysis shared by every backend: derived packet fields ([`enrich`], which runs the TCP
//! ([`tcp`]) and MPTCP ([`mptcp`]) jobs), connections ([`connections`]), tokens ([`keys`]),
//! statistics ([`stats`]) and time series for plots ([`timeseries`]).

pub mod connections;
pub mod enrich;
pub mod keys;
pub mod mptcp;
pub mod stats;
pub mod tcp;
pub mod timeseries;
pub mod twocap;

use crate::error::{Error, Result};
use crate::input::{CaptureInfo, InputOptions, ProgressSink};
use crate::model::Packet;
use enrich::{EnrichOptions, Enricher, Record};
use std::path::Path;

/// What to keep of an analysis run.
#[derive(Clone, Copy, Default)]
pub struct AnalyseOptions<'a> {
    /// Keep every packet (pcap2csv, plots). Otherwise only per-connection state is kept.
    pub keep_packets: bool,
    /// Find reinjections (and fill `reinjected_in` when packets are kept).
    pub reinjections: bool,
    /// Told how the read goes (nothing is shown when `None`).
    pub progress: Option<&'a dyn ProgressSink>,
    /// Keep only the packets of this TCP stream / MPTCP connection (analysis still sees all).
    pub filter: Option<PacketFilter>,
}

/// Restrict the packets kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketFilter {
    Tcp(u64),
    Mptcp(u64),
}

impl PacketFilter {
    /// Whether `p` belongs to the connection asked for, once the read is over: every packet of
    /// the connection's subflows, its v1 MP_CAPABLE SYN included (whose own `mptcp_stream` is
    /// empty, as in Wireshark).
    pub fn matches_in(&self, p: &Packet, e: &Enricher) -> bool {
        match *self {
            PacketFilter::Tcp(id) => p.tcp_stream == id,
            PacketFilter::Mptcp(id) => {
                p.mptcp_stream == Some(id) || e.conn_of(p).and_then(|(_, c)| c.id()) == Some(id)
            }
        }
    }

    /// `matches`, or possibly a packet of the connection asked for: a v1 MP_CAPABLE SYN,
    /// whose connection gets its number only later (`r`: the packet's record). Streaming
    /// consumers keep these.
    pub fn may_match(&self, p: &Packet, r: &Record) -> bool {
        self.matches(p) || matches!(self, PacketFilter::Mptcp(_)) && unnumbered_yet(p, r)
    }

    pub fn matches(&self, p: &Packet) -> bool {
        match *self {
            PacketFilter::Tcp(id) => p.tcp_stream == id,
            PacketFilter::Mptcp(id) => p.mptcp_stream == Some(id),
        }
    }
}

/// The result of reading and analysing a capture.
#[derive(Debug)]
pub struct Analysis {
    pub enricher: Enricher,
    /// The packets (empty unless [`AnalyseOptions::keep_packets`]).
    pub packets: Vec<Packet>,
    pub info: CaptureInfo,
}

/// Read `path` with the configured backend and analyse every packet.
pub fn analyse(path: &Path, input: &InputOptions, opts: AnalyseOptions) -> Result<Analysis> {
    analyse_with(path, input, opts, &mut |_, _| Ok(()))
}

/// Like [`analyse`], calling `observer` with each packet once its derived fields are filled
/// (streaming consumers such as statistics use this instead of keeping packets). An error from
/// `observer` stops the read.
pub fn analyse_with(
    path: &Path,
    input: &InputOptions,
    opts: AnalyseOptions,
    observer: &mut dyn FnMut(&Packet, &Record) -> Result<()>,
) -> Result<Analysis> {
    let progress = opts.progress.unwrap_or(&crate::input::NoProgress);
    let counted;
    let input = match progress.start(path) {
        Some(r) => {
            counted = InputOptions {
                progress: Some(r),
                ..input.clone()
            };
            &counted
        }
        None => input,
    };
    let mut enricher = Enricher::new(
        EnrichOptions {
            reinjections: opts.reinjections,
        },
        false,
    );
    let mut assign: Option<bool> = None;
    let mut packets = Vec::new();
    let read = crate::input::read(path, input, &mut |mut p: Packet| {
        // The first packet tells whether the backend numbered MPTCP connections; the native
        // backend does not, and then the analysis numbers them as Wireshark does.
        if assign.is_none() {
            assign = Some(input.backend == crate::input::Backend::Native && !is_csv(path));
            enricher = Enricher::new(
                EnrichOptions {
                    reinjections: opts.reinjections,
                },
                assign == Some(true),
            );
        }
        // Ctrl-C in the shell stops the read (a no-op elsewhere)
        if p.frame % 1024 == 0 {
            crate::interrupt::check()?;
        }
        let r = enricher.push(&mut p);
        observer(&p, &r)?;
        progress.packet(p.frame);
        if opts.keep_packets && opts.filter.is_none_or(|f| f.may_match(&p, &r)) {
            packets.push(p);
        }
        Ok(())
    });
    progress.finish();
    let mut info = read?;
    if info.tcp_packets == 0 {
        return Err(Error::EmptyCapture {
            path: path.to_path_buf(),
        });
    }
    if let (true, Some(f)) = (opts.keep_packets, opts.filter) {
        // the SYNs kept while their connection had no number: keep those of the one asked for
        packets.retain(|p| f.matches_in(p, &enricher));
    }
    if opts.keep_packets && opts.reinjections {
        enrich::apply_reinjected_in(&mut packets, &enricher.reinjections);
    }
    info.has_mptcp_stream = true;
    Ok(Analysis {
        enricher,
        packets,
        info,
    })
}

/// A packet of a connection Wireshark has not numbered yet (its v1 MP_CAPABLE SYN): kept until
/// the end of the read, when its number is known.
fn unnumbered_yet(p: &Packet, r: &Record) -> bool {
    p.mptcp_stream.is_none() && r.mptcp.is_some_and(|m| !m.numbered && !m.fallback)
}

fn is_csv(path: &Path) -> bool {
    matches!(
        crate::input::detect_format(path),
        Ok(crate::input::Format::Csv)
    )
}
