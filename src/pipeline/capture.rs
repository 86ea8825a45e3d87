//! A loaded capture: one pass's analysis (connections, statistics, packets when asked) kept so
//! that several commands can query it without reading the file again. The interactive shell
//! keeps these; two-capture commands hold two.

use super::{run, Analysis, RunOptions, Settings, Source, Stamp, Tap};
use crate::analysis::connections::{self, MptcpConnection, TcpConnection};
use crate::analysis::enrich::Enricher;
use crate::analysis::stats::StatsCollector;
use crate::analysis::PacketFilter;
use crate::error::Result;
use crate::input::{CaptureInfo, ProgressSink};
use crate::model::Packet;
use std::path::Path;

/// What a loaded capture holds beyond its connections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Want {
    /// Reinjections found (memory grows with the data sent).
    pub reinjections: bool,
    /// Statistics collected ([`Capture::stats`]).
    pub stats: bool,
    /// Packets kept ([`Capture::packets`]).
    pub packets: bool,
    /// Statistics and packets only of this connection (None: of every connection).
    pub filter: Option<PacketFilter>,
    /// Only the MPTCP connection of [`Want::filter`] got the full analysis
    /// ([`crate::analysis::enrich::EnrichOptions::focus`]): the reinjections held are only
    /// its own (the connections, statistics and packets held are those of the full analysis).
    /// No effect without an MPTCP filter.
    pub focused: bool,
}

impl Want {
    /// True when holding `self` answers every query `w` asks for.
    pub fn covers(&self, w: &Want) -> bool {
        let filter_ok = self.filter.is_none() || self.filter == w.filter;
        // a focused analysis found the reinjections of its own connection only
        let reinjections_ok =
            self.reinjections && (self.focus().is_none() || self.filter == w.filter);
        (!w.reinjections || reinjections_ok)
            && (!w.stats || (self.stats && filter_ok))
            && (!w.packets || (self.packets && filter_ok))
    }

    /// The MPTCP connection the analysis focuses on: [`Want::filter`]'s, when
    /// [`Want::focused`].
    pub fn focus(&self) -> Option<u64> {
        self.filter.and_then(|f| f.mptcp()).filter(|_| self.focused)
    }

    /// What holds both.
    pub fn union(&self, w: &Want) -> Want {
        Want {
            reinjections: self.reinjections || w.reinjections,
            stats: self.stats || w.stats,
            packets: self.packets || w.packets,
            filter: if self.filter == w.filter {
                self.filter
            } else {
                None
            },
            focused: self.focused && w.focused && self.filter == w.filter,
        }
    }
}

/// A capture read and analysed once.
#[derive(Debug)]
pub struct Capture {
    source: Source,
    settings: Settings,
    held: Want,
    analysis: Analysis,
    stats: Option<StatsCollector>,
}

impl Capture {
    /// Open and analyse `path`.
    pub fn load(
        path: &Path,
        settings: &Settings,
        want: Want,
        progress: Option<&dyn ProgressSink>,
    ) -> Result<Capture> {
        Capture::from_source(Source::open(path)?, settings, want, progress)
    }

    /// Analyse an opened capture.
    pub fn from_source(
        source: Source,
        settings: &Settings,
        want: Want,
        progress: Option<&dyn ProgressSink>,
    ) -> Result<Capture> {
        let (analysis, stats) = analyse(&source, settings, want, progress)?;
        Ok(Capture {
            source,
            settings: settings.clone(),
            held: want,
            analysis,
            stats,
        })
    }

    /// Make sure the capture holds what `want` asks for, reading the file again (once, for
    /// everything held so far and asked now) if it does not. Returns true when it read.
    pub fn ensure(&mut self, want: Want, progress: Option<&dyn ProgressSink>) -> Result<bool> {
        if self.held.covers(&want) {
            return Ok(false);
        }
        let all = self.held.union(&want);
        let (analysis, stats) = analyse(&self.source, &self.settings, all, progress)?;
        self.held = all;
        self.analysis = analysis;
        self.stats = stats;
        Ok(true)
    }

    /// Open the file again (it changed on disk) and analyse it for what is held now.
    pub fn reload(&mut self, progress: Option<&dyn ProgressSink>) -> Result<()> {
        let source = Source::open(self.source.path())?;
        let (analysis, stats) = analyse(&source, &self.settings, self.held, progress)?;
        self.source = source;
        self.analysis = analysis;
        self.stats = stats;
        Ok(())
    }

    /// Another pass over the same file with other taps (the analysis held is unchanged).
    pub fn pass(&self, opts: RunOptions, taps: &mut [&mut dyn Tap]) -> Result<Analysis> {
        run(&self.source, &self.settings, opts, taps)
    }

    pub fn path(&self) -> &Path {
        self.source.path()
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Size and modification time of the file when it was read.
    pub fn stamp(&self) -> Stamp {
        self.source.stamp()
    }

    /// True when the file changed on disk since it was read (see [`Capture::reload`]).
    pub fn is_stale(&self) -> bool {
        self.source.is_stale()
    }

    /// What the capture holds.
    pub fn held(&self) -> Want {
        self.held
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    pub fn enricher(&self) -> &Enricher {
        &self.analysis.enricher
    }

    /// What the backend told: frames, TCP packets, warnings.
    /// The capture's first frame, seconds since the epoch (0 without TCP packet).
    pub fn start_s(&self) -> f64 {
        self.analysis.info.start_ns.unwrap_or(0) as f64 / 1e9
    }

    /// The capture-relative time (ns) that is zero at `origin` (None: the connection's start).
    pub fn time_zero_ns(&self, origin: crate::analysis::time::TimeOrigin) -> Option<i64> {
        origin.zero_ns(self.analysis.info.start_ns.unwrap_or(0))
    }

    pub fn info(&self) -> &CaptureInfo {
        &self.analysis.info
    }

    /// The packets kept (empty unless [`Want::packets`]; only those of [`Want::filter`]).
    pub fn packets(&self) -> &[Packet] {
        &self.analysis.packets
    }

    /// The statistics collected (None unless [`Want::stats`]): reports read them without
    /// changing them, so the capture is queried again without a copy.
    pub fn stats(&self) -> Option<&StatsCollector> {
        self.stats.as_ref()
    }

    /// Every TCP connection, in `tcp.stream` order.
    pub fn tcp_connections(&self) -> Vec<TcpConnection> {
        connections::tcp_connections(self.enricher())
    }

    /// Every MPTCP connection, in `mptcp.stream` order.
    pub fn mptcp_connections(&self) -> Vec<MptcpConnection> {
        connections::mptcp_connections(self.enricher())
    }
}

/// One pass over `source` collecting what `want` asks for.
fn analyse(
    source: &Source,
    settings: &Settings,
    want: Want,
    progress: Option<&dyn ProgressSink>,
) -> Result<(Analysis, Option<StatsCollector>)> {
    let opts = RunOptions {
        keep_packets: want.packets,
        reinjections: want.reinjections,
        filter: want.filter,
        progress,
        release: false,
        // not measured for loaded captures (the shell, one connection's statistics)
        dissect_ahead: false,
        // a capture loaded for one MPTCP connection's queries (`stats mptcp CAPTURE N`, a
        // plot's packets): the others get the light analysis; see `Want::covers`
        focus: want.focus(),
    };
    if want.stats {
        let mut stats = StatsCollector::new(want.filter);
        let a = run(source, settings, opts, &mut [&mut stats])?;
        Ok((a, Some(stats)))
    } else {
        Ok((run(source, settings, opts, &mut [])?, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn focused(id: u64) -> Want {
        Want {
            reinjections: true,
            stats: true,
            filter: Some(PacketFilter::Mptcp(id)),
            focused: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_focused_capture_covers_only_its_own_connections_reinjections() {
        let held = focused(3);
        assert_eq!(held.focus(), Some(3));
        assert!(held.covers(&focused(3)));
        let same = Want {
            focused: false,
            ..focused(3)
        };
        assert!(held.covers(&same));
        assert!(!held.covers(&focused(4)));
        // every connection's reinjections (pcap2csv) are not held
        let all = Want {
            reinjections: true,
            ..Default::default()
        };
        assert!(!held.covers(&all));
        // connections only: held
        assert!(held.covers(&Want::default()));
        // the full analysis covers the focused query
        assert!(same.covers(&focused(3)));
        // what holds both is the full analysis
        assert!(!held.union(&all).focused);
        assert!(held.union(&focused(3)).focused);
        assert_eq!(held.union(&same).focus(), None);
    }

    #[test]
    fn focus_needs_an_mptcp_filter() {
        let tcp = Want {
            filter: Some(PacketFilter::Tcp(3)),
            focused: true,
            reinjections: true,
            ..Default::default()
        };
        assert_eq!(tcp.focus(), None);
        let none = Want {
            focused: true,
            reinjections: true,
            ..Default::default()
        };
        assert_eq!(none.focus(), None);
        let reinjections_of_3 = Want {
            stats: false,
            ..focused(3)
        };
        assert!(none.covers(&reinjections_of_3));
    }
}
