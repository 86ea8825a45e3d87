//! `stats tcp|mptcp CAPTURE... [ID] [--dest ...]`: per-direction statistics (several captures:
//! [`super::many`]).

use super::{check_filter, emit, loaded, note_missing_mptcp, rendered, Context, Plan, Sink};
use crate::analysis::enrich::{Enricher, Record};
use crate::analysis::lifecycle::Unit;
use crate::analysis::stats::StatsCollector;
use crate::analysis::stats::{MptcpStats, TcpStats};
use crate::analysis::PacketFilter;
use crate::cli::{ConnKind, Dest};
use crate::error::{Error, Result};
use crate::model::Packet;
use crate::output::many::Rendered;
use crate::output::stats::{MptcpStatsStream, StatsWriter, TcpStatsStream};
use crate::output::OutputFormat;
use crate::pipeline::{self, Capture, RunOptions, Settings, Source, Tap, Want};
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
            note_missing_mptcp(c.path(), c.enricher(), rows().next().is_none());
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
            // with an MPTCP id, the other connections need only the light analysis
            // (`Want::focus`: no effect otherwise)
            focused: true,
            ..Default::default()
        }
    }

    fn run(&self, ctx: &Context, capture: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        self.emit(ctx, loaded(capture)?, Sink::Write(out))
    }

    fn render(&self, ctx: &Context, capture: &Capture) -> Result<Rendered> {
        rendered(|sink| self.emit(ctx, capture, sink))
    }

    /// Every connection's rows, written as the connections finish (a table of one row per
    /// connection at the end, from the rows' cells); one connection asked for is one row.
    fn streams(&self) -> bool {
        self.filter.is_none()
    }

    fn run_streamed(&self, ctx: &Context, out: &mut dyn Write) -> Result<()> {
        self.streamed(ctx, Some(out)).map(|_| ())
    }

    fn render_streamed(&self, ctx: &Context) -> Result<Rendered> {
        self.streamed(ctx, None)?
            .ok_or_else(|| Error::Usage("internal error: no report rendered".into()))
    }
}

impl StatsPlan {
    /// Read the capture and write its connections to `out` as they finish, or (None) render
    /// them for joining with other captures'.
    fn streamed(&self, ctx: &Context, out: Option<&mut dyn Write>) -> Result<Option<Rendered>> {
        let (delimiter, origin) = (ctx.delimiter(), ctx.time_origin);
        match self.kind {
            ConnKind::Tcp => {
                let writer = StatsWriter::tcp_to(self.format, delimiter, out, self.dirs);
                let fix = move |mut s: TcpStats, start: f64| {
                    s.shift_times(origin.shift(start, s.start_s().unwrap_or(0.0)));
                    s
                };
                self.stream(
                    ctx,
                    writer,
                    StatsCollector::take_tcp,
                    fix,
                    |c, e| Box::new(c.tcp_each(e)),
                    |s| s.tcp_stream,
                )
            }
            ConnKind::Mptcp => {
                let writer = StatsWriter::mptcp_to(self.format, delimiter, out, self.detail);
                let (to_server, to_client) = self.dirs;
                let fix = move |mut s: MptcpStats, start: f64| {
                    s.shift_times(origin.shift(start, s.start_s().unwrap_or(0.0)));
                    if !to_server {
                        s.to_server = None;
                    }
                    if !to_client {
                        s.to_client = None;
                    }
                    s
                };
                self.stream(
                    ctx,
                    writer,
                    StatsCollector::take_mptcp,
                    fix,
                    |c, e| Box::new(c.mptcp_each(e)),
                    |s| s.mptcp_stream,
                )
            }
        }
    }
}

/// The statistics of the connections that finished, taken out of the collector.
type Take<T> = fn(&mut StatsCollector, &Enricher, &[Unit]) -> Vec<(u64, Option<T>)>;

/// The tap of a streamed `stats`: counts each packet, then writes the connections that
/// finished (folded) with it.
struct Streamed<'w, T, F> {
    stats: StatsCollector,
    writer: StatsWriter<'w, T>,
    take: Take<T>,
    /// The `--time-origin` and `--dest` of the command, given the capture's start.
    fix: F,
    /// The capture's first frame, seconds since the epoch.
    start_s: Option<f64>,
}

impl<T, F: Fn(T, f64) -> T> Tap for Streamed<'_, T, F> {
    fn packet(&mut self, p: &Packet, r: &Record) -> Result<()> {
        // as `pipeline::run` counts the capture's start (saturating: a CSV may hold any times)
        self.start_s
            .get_or_insert(p.abs_time_ns.saturating_sub(p.rel_time_ns) as f64 / 1e9);
        self.stats.push(p, r);
        Ok(())
    }

    fn after(&mut self, e: &Enricher, r: &Record) -> Result<()> {
        if r.folded.is_empty() {
            return Ok(());
        }
        let start = self.start_s.unwrap_or(0.0);
        for (id, s) in (self.take)(&mut self.stats, e, &r.folded) {
            self.writer.done(id, s.map(|s| (self.fix)(s, start)))?;
        }
        Ok(())
    }
}

impl StatsPlan {
    /// Read the capture with a [`Streamed`] tap, then write the connections still open.
    #[allow(clippy::too_many_arguments)]
    fn stream<'w, T, F: Fn(T, f64) -> T>(
        &self,
        ctx: &Context,
        writer: StatsWriter<'w, T>,
        take: Take<T>,
        fix: F,
        rest: impl for<'a> Fn(&'a StatsCollector, &'a Enricher) -> Box<dyn Iterator<Item = T> + 'a>,
        id: impl Fn(&T) -> u64,
    ) -> Result<Option<Rendered>> {
        let src = Source::open(&self.capture)?;
        let want = self.want(&src, &ctx.settings);
        let opts = RunOptions {
            keep_packets: false,
            reinjections: want.reinjections,
            filter: None,
            progress: ctx.progress(),
            release: true,
            // the statistics' taps are heavy enough that dissecting beside them pays, when
            // this capture has the machine (of more than one core) to itself
            dissect_ahead: ctx.alone
                && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1),
            focus: None,
        };
        let mut tap = Streamed {
            stats: StatsCollector::streamed(),
            writer,
            take,
            fix,
            start_s: None,
        };
        let a = pipeline::run(&src, &ctx.settings, opts, &mut [&mut tap])?;
        ctx.warn_read(src.path(), &a.info);
        let Streamed {
            stats, writer, fix, ..
        } = tap;
        if stats.uncounted.packets > 0 && !ctx.quiet {
            crate::output::message::warning(format_args!(
                "{}: {} packet(s) from frame {} came for connections whose statistics were \
                 already written (more than `linger_s` after their end and last packet): they \
                 are counted in none; a longer `linger_s` counts them",
                src.path().display(),
                stats.uncounted.packets,
                stats.uncounted.first_frame
            ));
        }
        if self.kind == ConnKind::Mptcp && self.format == OutputFormat::Table && !ctx.quiet {
            let none = writer.is_empty() && rest(&stats, &a.enricher).next().is_none();
            note_missing_mptcp(src.path(), &a.enricher, none);
        }
        let start = a.info.start_ns.unwrap_or(0) as f64 / 1e9;
        writer.finish_rendered(rest(&stats, &a.enricher).map(|s| fix(s, start)), id)
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
