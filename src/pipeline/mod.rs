//! The pipeline: everything between a capture file and the consumers of its analysis, in one
//! pass (Wireshark's tap model). It opens the file and detects its format once
//! ([`Source`]), chooses the backend and applies the cache policy ([`Settings`]), drives the
//! progress display, runs every packet through the [`Enricher`] and hands each packet with its
//! [`Record`] to any number of [`Tap`]s.
//!
//! Above it, a [`Capture`] is a loaded capture: one analysis several commands can query without
//! reading the file again.
//!
//! Layers: `input` (dissectors) and `analysis` (derived fields, connections, statistics) sit
//! below; `output`, `plot` and `cli` above. Nothing below imports this module.

mod capture;
pub mod pcap2csv;

pub use crate::input::{Source, Stamp};
pub use capture::{Capture, Want};

use crate::analysis::enrich::{apply_reinjected_in, EnrichOptions, Enricher, Record};
use crate::analysis::lifecycle::Linger;
use crate::analysis::stats::StatsCollector;
use crate::analysis::PacketFilter;
use crate::cache::CachePolicy;
use crate::error::{Error, Result};
use crate::input::{
    Backend, CaptureInfo, Format, InputOptions, NoProgress, ProgressSink, PROGRESS_EVERY,
};
use crate::model::Packet;

/// How captures are read: the backend and the cache policy (from the configuration and the
/// command line, the same for every capture of a run or a shell session).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub input: InputOptions,
    pub cache: CachePolicy,
    /// How long an ended connection keeps its full state (`analysis::lifecycle`).
    pub linger: Linger,
}

impl Settings {
    /// Whether captures read with `self` and with `other` give the same packets (same backend,
    /// tshark and cache use): a capture loaded with one can serve a command run with the other.
    pub fn same_reading(&self, other: &Settings) -> bool {
        self.input.backend == other.input.backend
            && self.input.tshark == other.input.tshark
            && self.cache.dir == other.cache.dir
            && self.cache.mode == other.cache.mode
            && self.cache.native == other.cache.native
            && self.linger == other.linger
    }
}

/// A consumer of the analysed packets, run in the same pass as every other tap.
pub trait Tap {
    /// One packet, its derived fields filled, and what the analysis decided about it. An error
    /// stops the read.
    fn packet(&mut self, p: &Packet, r: &Record) -> Result<()>;

    /// After every tap took the packet: the analysis as it stands then (a tap that writes
    /// what finished, the units `r.folded`, reads their summaries here). An error stops the
    /// read.
    fn after(&mut self, _e: &Enricher, _r: &Record) -> Result<()> {
        Ok(())
    }

    /// Last, after every tap's [`Tap::after`]: the packet itself, which a tap that keeps it
    /// may take (`std::mem::take`: a move, not a clone; `pcap2csv` hands its rows to another
    /// thread so). The taps after it, and [`RunOptions::keep_packets`], then see an empty
    /// packet: a pass with a taking tap keeps no packets.
    fn take(&mut self, _p: &mut Packet) -> Result<()> {
        Ok(())
    }
}

/// A closure as a tap.
pub struct FnTap<F>(pub F);

impl<F: FnMut(&Packet, &Record) -> Result<()>> Tap for FnTap<F> {
    fn packet(&mut self, p: &Packet, r: &Record) -> Result<()> {
        (self.0)(p, r)
    }
}

/// The statistics are a tap.
impl Tap for StatsCollector {
    fn packet(&mut self, p: &Packet, r: &Record) -> Result<()> {
        self.push(p, r);
        Ok(())
    }
}

/// What one pass does besides the taps.
#[derive(Clone, Copy, Default)]
pub struct RunOptions<'a> {
    /// Keep the packets (pcap2csv, plots), with `reinjected_in` filled when reinjections are
    /// tracked. Otherwise only per-connection state is kept.
    pub keep_packets: bool,
    /// Find reinjections.
    pub reinjections: bool,
    /// Keep only the packets of this TCP stream / MPTCP connection (the analysis still sees all).
    pub filter: Option<PacketFilter>,
    /// Told how the read goes (nothing is shown when `None`).
    pub progress: Option<&'a dyn ProgressSink>,
    /// Free each folded connection's analysis records once the taps have read them at the
    /// packet that folds it ([`EnrichOptions::release`]): for taps that read nothing of a
    /// connection after its fold (streamed `stats`); the [`Analysis`]'s enricher then lists
    /// only the connections not released.
    pub release: bool,
    /// Dissect on a thread of its own, ahead of the analysis and the taps (native backend,
    /// pcap and pcapng files; [`InputOptions::dissect_ahead`]): for heavy taps on a machine
    /// whose second core is otherwise idle (`stats`: −20 % wall time on the benchmark corpus;
    /// `list`, `pcap2csv` and plots are not faster, docs/performance.md).
    pub dissect_ahead: bool,
    /// Only this MPTCP connection's packets are read for their derived fields
    /// ([`EnrichOptions::focus`]; a plot's pass, `pcap2csv --mptcp N`'s rows, a capture
    /// loaded with [`Want::focus`]): the other connections get the light analysis (no DSNs
    /// once their IDSNs are known, no data ACKs, no reinjections). Only for taps, kept packets
    /// and statistics of that connection: the others' would be missing those fields.
    pub focus: Option<u64>,
}

/// The result of one pass over a capture.
#[derive(Debug)]
pub struct Analysis {
    pub enricher: Enricher,
    /// The packets (empty unless [`RunOptions::keep_packets`]).
    pub packets: Vec<Packet>,
    pub info: CaptureInfo,
}

/// A capture without TCP: a valid one is an empty result (the command notes it), unless no
/// frame of it could be dissected at all: then say which link type, for both backends.
fn no_tcp(src: &Source) -> Result<()> {
    if src.format() != Format::Csv {
        if let Some(lt) = crate::input::native::unsupported_link_type(src.path(), src.format())? {
            return Err(Error::bad_capture(
                src.path(),
                crate::input::native::unsupported_link_message(lt),
            ));
        }
    }
    Ok(())
}

/// The analysis of one pass over `src`; `untapped`: nothing reads the packets.
fn enricher_for(
    src: &Source,
    input: &InputOptions,
    settings: &Settings,
    opts: &RunOptions,
    untapped: bool,
) -> Enricher {
    // The native backend does not number MPTCP connections: the analysis then numbers them as
    // Wireshark does (tshark and our CSV carry Wireshark's numbers).
    let assign = input.backend == Backend::Native && src.format() != Format::Csv;
    Enricher::new(
        EnrichOptions {
            reinjections: opts.reinjections,
            linger: settings.linger,
            release: opts.release,
            summaries: untapped,
            focus: opts.focus,
        },
        assign,
    )
}

/// Read `src` once with `settings`, analyse every packet and hand it to every tap.
pub fn run(
    src: &Source,
    settings: &Settings,
    opts: RunOptions,
    taps: &mut [&mut dyn Tap],
) -> Result<Analysis> {
    let progress = opts.progress.unwrap_or(&NoProgress);
    let input = &InputOptions {
        progress: progress
            .start(src.path())
            .or_else(|| settings.input.progress.clone()),
        dissect_ahead: opts.dissect_ahead || settings.input.dissect_ahead,
        ..settings.input.clone()
    };
    // nothing reads the packets' derived fields: only the connections' state
    let untapped = taps.is_empty() && !opts.keep_packets;
    let mut enricher = enricher_for(src, input, settings, &opts, untapped);
    let mut packets = Vec::new();
    let mut start_ns = None;
    let read = crate::cache::read_through(src, input, &settings.cache, &mut |p: &mut Packet| {
        // the capture's first frame (saturating: a CSV may hold any times)
        start_ns.get_or_insert(p.abs_time_ns.saturating_sub(p.rel_time_ns));
        // Ctrl-C in the shell stops the read (a no-op elsewhere); the progress bar moves
        if p.frame % PROGRESS_EVERY == 0 {
            crate::interrupt::check()?;
            progress.packet(p.frame);
        }
        if untapped {
            enricher.push_untapped(p);
            return Ok(());
        }
        let r = enricher.push(p);
        for tap in taps.iter_mut() {
            tap.packet(p, &r)?;
        }
        for tap in taps.iter_mut() {
            tap.after(&enricher, &r)?;
        }
        for tap in taps.iter_mut() {
            tap.take(p)?;
        }
        if opts.keep_packets && opts.filter.is_none_or(|f| f.may_match(p, &r)) {
            packets.push(std::mem::take(p));
        }
        Ok(())
    });
    progress.finish();
    let mut info = read?;
    info.start_ns = start_ns;
    info.warnings.extend(enricher.late_warnings());
    if info.tcp_packets == 0 {
        no_tcp(src)?;
    }
    if let (true, Some(f)) = (opts.keep_packets, opts.filter) {
        // the SYNs kept while their connection had no number: keep those of the one asked for
        packets.retain(|p| f.matches_in(p, &enricher));
    }
    if opts.keep_packets && opts.reinjections {
        apply_reinjected_in(&mut packets, &enricher.reinjections);
    }
    info.has_mptcp_stream = true;
    Ok(Analysis {
        enricher,
        packets,
        info,
    })
}
