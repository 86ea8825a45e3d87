//! `stats tcp|mptcp CAPTURE [ID] [--dest ...]`: per-direction statistics.

use super::{check_filter, loaded, note_missing_mptcp, Context, Plan};
use crate::analysis::stats::StatsCollector;
use crate::analysis::PacketFilter;
use crate::cli::{ConnKind, Dest};
use crate::error::{Error, Result};
use crate::output::stats::{MptcpStatsReport, OneOrMany, TcpStatsReport};
use crate::output::{self, OutputFormat};
use crate::pipeline::{Capture, Settings, Source, Want};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct StatsPlan {
    kind: ConnKind,
    capture: PathBuf,
    /// The connection asked for (None: every connection).
    filter: Option<PacketFilter>,
    /// (towards the server, towards the client)
    dirs: (bool, bool),
    format: OutputFormat,
}

impl StatsPlan {
    pub fn new(
        kind: ConnKind,
        capture: PathBuf,
        id: Option<u64>,
        dest: Dest,
        format: OutputFormat,
    ) -> Self {
        StatsPlan {
            kind,
            capture,
            filter: id.map(|i| match kind {
                ConnKind::Tcp => PacketFilter::Tcp(i),
                ConnKind::Mptcp => PacketFilter::Mptcp(i),
            }),
            dirs: dest.directions(),
            format,
        }
    }

    fn collector(&self, c: &Capture) -> Result<StatsCollector> {
        c.stats()
            .ok_or_else(|| Error::Usage("the capture was loaded without statistics".into()))
    }

    fn tcp(&self, ctx: &Context, c: &Capture, out: &mut dyn Write) -> Result<()> {
        let mut all = self.collector(c)?.tcp(c.enricher());
        for s in &mut all {
            let by = ctx
                .time_origin
                .shift(c.start_s(), s.start_s().unwrap_or(0.0));
            s.shift_times(by);
        }
        let one = match self.filter {
            // a capture loaded for every connection holds the others too
            Some(PacketFilter::Tcp(id)) => all.iter().position(|s| s.tcp_stream == id),
            _ => None,
        };
        let stats = match one {
            Some(i) => OneOrMany::One(all.swap_remove(i)),
            None => OneOrMany::Many(all),
        };
        let report = TcpStatsReport {
            stats,
            dirs: self.dirs,
        };
        output::write_report(&report, self.format, ctx.delimiter(), out)
    }

    fn mptcp(&self, ctx: &Context, c: &Capture, out: &mut dyn Write) -> Result<()> {
        let mut all = self.collector(c)?.mptcp(c.enricher());
        for s in &mut all {
            let by = ctx
                .time_origin
                .shift(c.start_s(), s.start_s().unwrap_or(0.0));
            s.shift_times(by);
        }
        if let Some(PacketFilter::Mptcp(id)) = self.filter {
            // a capture loaded for every connection holds the others too
            all.retain(|s| s.mptcp_stream == id);
        }
        if self.format == OutputFormat::Table && !ctx.quiet && self.filter.is_none() {
            note_missing_mptcp(c, all.is_empty());
        }
        let (to_server, to_client) = self.dirs;
        for s in &mut all {
            if !to_server {
                s.to_server = None;
            }
            if !to_client {
                s.to_client = None;
            }
        }
        let stats = match self.filter {
            Some(_) if !all.is_empty() => OneOrMany::One(all.remove(0)),
            _ => OneOrMany::Many(all),
        };
        output::write_report(
            &MptcpStatsReport { stats },
            self.format,
            ctx.delimiter(),
            out,
        )
    }
}

impl Plan for StatsPlan {
    fn capture(&self) -> Option<&Path> {
        Some(&self.capture)
    }

    fn want(&self, _: &Source, _: &Settings) -> Want {
        Want {
            reinjections: self.kind == ConnKind::Mptcp,
            stats: true,
            filter: self.filter,
            ..Default::default()
        }
    }

    fn run(&self, ctx: &Context, capture: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        let c = loaded(capture)?;
        check_filter(c, self.filter)?;
        match self.kind {
            ConnKind::Tcp => self.tcp(ctx, c, out),
            ConnKind::Mptcp => self.mptcp(ctx, c, out),
        }
    }
}
