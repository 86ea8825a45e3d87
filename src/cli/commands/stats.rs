//! `stats tcp|mptcp CAPTURE... [ID] [--dest ...]`: per-direction statistics (several captures:
//! [`super::many`]).

use super::{check_filter, emit, loaded, note_missing_mptcp, rendered, Context, Plan, Sink};
use crate::analysis::stats::StatsCollector;
use crate::analysis::stats::{MptcpStats, TcpStats};
use crate::analysis::PacketFilter;
use crate::cli::{ConnKind, Dest};
use crate::error::{Error, Result};
use crate::output::many::Rendered;
use crate::output::stats::{MptcpStatsStream, TcpStatsStream};
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
        let collector = self.collector(c)?;
        let filter = self.filter;
        let origin = ctx.time_origin;
        let start = c.start_s();
        // each connection's statistics are made as they are written (see `mptcp`)
        let rows = move || -> Box<dyn Iterator<Item = TcpStats> + '_> {
            Box::new(
                collector
                    .tcp_each(c.enricher())
                    // a capture loaded for every connection holds the others too
                    .filter(move |s| match filter {
                        Some(PacketFilter::Tcp(id)) => s.tcp_stream == id,
                        _ => true,
                    })
                    .map(move |mut s| {
                        s.shift_times(origin.shift(start, s.start_s().unwrap_or(0.0)));
                        s
                    }),
            )
        };
        emit(
            &TcpStatsStream {
                rows: Box::new(rows),
                dirs: self.dirs,
            },
            self.format,
            ctx.delimiter(),
            out,
        )
    }

    fn mptcp(&self, ctx: &Context, c: &Capture, out: Sink) -> Result<()> {
        let collector = self.collector(c)?;
        let (to_server, to_client) = self.dirs;
        let filter = self.filter;
        let origin = ctx.time_origin;
        let start = c.start_s();
        // each connection's statistics are made as they are written, and dropped (issue 14
        // item 9: not every connection's at once)
        let rows = move || -> Box<dyn Iterator<Item = MptcpStats> + '_> {
            Box::new(
                collector
                    .mptcp_each(c.enricher())
                    // a capture loaded for every connection holds the others too
                    .filter(move |s| match filter {
                        Some(PacketFilter::Mptcp(id)) => s.mptcp_stream == id,
                        _ => true,
                    })
                    .map(move |mut s| {
                        s.shift_times(origin.shift(start, s.start_s().unwrap_or(0.0)));
                        if !to_server {
                            s.to_server = None;
                        }
                        if !to_client {
                            s.to_client = None;
                        }
                        s
                    }),
            )
        };
        if self.format == OutputFormat::Table && !ctx.quiet && self.filter.is_none() {
            note_missing_mptcp(c, rows().next().is_none());
        }
        emit(
            &MptcpStatsStream {
                rows: Box::new(rows),
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
