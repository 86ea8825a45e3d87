//! `stats tcp|mptcp CAPTURE... [ID] [--dest ...]`: per-direction statistics (several captures:
//! [`super::many`]).

use super::{check_filter, emit, loaded, note_missing_mptcp, rendered, Context, Plan, Sink};
use crate::analysis::stats::StatsCollector;
use crate::analysis::PacketFilter;
use crate::cli::{ConnKind, Dest};
use crate::error::{Error, Result};
use crate::output::many::Rendered;
use crate::output::stats::{MptcpStatsReport, TcpStatsReport};
use crate::output::OutputFormat;
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
    /// Tables: every figure (an id given, or `--detail`), else one summary row per connection.
    detail: bool,
    format: OutputFormat,
}

impl StatsPlan {
    pub fn new(
        kind: ConnKind,
        capture: PathBuf,
        id: Option<u64>,
        dest: Dest,
        detail: bool,
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
            detail: detail || id.is_some(),
            format,
        }
    }

    fn collector<'c>(&self, c: &'c Capture) -> Result<&'c StatsCollector> {
        c.stats()
            .ok_or_else(|| Error::Usage("the capture was loaded without statistics".into()))
    }

    fn tcp(&self, ctx: &Context, c: &Capture, out: Sink) -> Result<()> {
        let mut stats = self.collector(c)?.tcp(c.enricher());
        for s in &mut stats {
            let by = ctx
                .time_origin
                .shift(c.start_s(), s.start_s().unwrap_or(0.0));
            s.shift_times(by);
        }
        if let Some(PacketFilter::Tcp(id)) = self.filter {
            // a capture loaded for every connection holds the others too
            stats.retain(|s| s.tcp_stream == id);
        }
        let report = TcpStatsReport {
            stats,
            dirs: self.dirs,
        };
        emit(&report, self.format, ctx.delimiter(), out)
    }

    fn mptcp(&self, ctx: &Context, c: &Capture, out: Sink) -> Result<()> {
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
        emit(
            &MptcpStatsReport {
                stats: all,
                detail: self.detail,
            },
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
        self.emit(ctx, loaded(capture)?, Sink::Write(out))
    }

    fn render(&self, ctx: &Context, capture: &Capture) -> Result<Rendered> {
        rendered(|sink| self.emit(ctx, capture, sink))
    }
}

impl StatsPlan {
    fn emit(&self, ctx: &Context, c: &Capture, sink: Sink) -> Result<()> {
        check_filter(c, self.filter)?;
        match self.kind {
            ConnKind::Tcp => self.tcp(ctx, c, sink),
            ConnKind::Mptcp => self.mptcp(ctx, c, sink),
        }
    }
}
