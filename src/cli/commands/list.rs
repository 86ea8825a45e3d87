//! `list tcp|mptcp CAPTURE... [ID]`: the connections of a capture (several: [`super::many`]).

use super::{check_filter, emit, loaded, note_missing_mptcp, rendered, Context, Plan, Sink};
use crate::analysis::PacketFilter;
use crate::cli::ConnKind;
use crate::error::Result;
use crate::output::list::{MptcpList, TcpList};
use crate::output::many::Rendered;
use crate::output::OutputFormat;
use crate::pipeline::Capture;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct ListPlan {
    kind: ConnKind,
    capture: PathBuf,
    /// Only this connection (None: every connection).
    filter: Option<PacketFilter>,
    format: OutputFormat,
}

impl ListPlan {
    pub fn new(kind: ConnKind, capture: PathBuf, id: Option<u64>, format: OutputFormat) -> Self {
        ListPlan {
            kind,
            capture,
            filter: id.map(|i| match kind {
                ConnKind::Tcp => PacketFilter::Tcp(i),
                ConnKind::Mptcp => PacketFilter::Mptcp(i),
            }),
            format,
        }
    }
}

impl Plan for ListPlan {
    fn capture(&self) -> Option<&Path> {
        Some(&self.capture)
    }

    fn run(&self, ctx: &Context, capture: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        self.emit(ctx, loaded(capture)?, Sink::Write(out))
    }

    fn render(&self, ctx: &Context, capture: &Capture) -> Result<Rendered> {
        rendered(|sink| self.emit(ctx, capture, sink))
    }
}

impl ListPlan {
    fn emit(&self, ctx: &Context, c: &Capture, sink: Sink) -> Result<()> {
        // an unknown id: exit 5, naming the ids there are
        check_filter(c, self.filter)?;
        match self.kind {
            ConnKind::Tcp => {
                let mut conns = c.tcp_connections();
                if let Some(PacketFilter::Tcp(id)) = self.filter {
                    conns.retain(|t| t.tcp_stream == id);
                }
                // `--time-origin`: the start counted from the capture, connection or epoch
                for t in &mut conns {
                    t.start_s += ctx.time_origin.shift(c.start_s(), t.start_s);
                }
                emit(&TcpList(conns), self.format, ctx.delimiter(), sink)
            }
            ConnKind::Mptcp => {
                let mut conns = c.mptcp_connections();
                if let Some(PacketFilter::Mptcp(id)) = self.filter {
                    conns.retain(|m| m.mptcp_stream == id);
                }
                if self.format == OutputFormat::Table && !ctx.quiet && self.filter.is_none() {
                    note_missing_mptcp(c.path(), c.enricher(), conns.is_empty());
                }
                emit(&MptcpList(conns), self.format, ctx.delimiter(), sink)
            }
        }
    }
}
