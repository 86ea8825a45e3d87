//! `list tcp|mptcp CAPTURE`: the connections of a capture.

use super::{loaded, note_missing_mptcp, Context, Plan};
use crate::cli::ConnKind;
use crate::error::Result;
use crate::output::list::{MptcpList, TcpList};
use crate::output::{self, OutputFormat};
use crate::pipeline::Capture;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct ListPlan {
    kind: ConnKind,
    capture: PathBuf,
    format: OutputFormat,
}

impl ListPlan {
    pub fn new(kind: ConnKind, capture: PathBuf, format: OutputFormat) -> Self {
        ListPlan {
            kind,
            capture,
            format,
        }
    }
}

impl Plan for ListPlan {
    fn capture(&self) -> Option<&Path> {
        Some(&self.capture)
    }

    fn run(&self, ctx: &Context, capture: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        let c = loaded(capture)?;
        match self.kind {
            ConnKind::Tcp => output::write_report(
                &TcpList({
                    let mut conns = c.tcp_connections();
                    // `--time-origin`: the start counted from the capture, connection or epoch
                    for t in &mut conns {
                        t.start_s += ctx.time_origin.shift(c.start_s(), t.start_s);
                    }
                    conns
                }),
                self.format,
                ctx.delimiter(),
                out,
            ),
            ConnKind::Mptcp => {
                let conns = c.mptcp_connections();
                if self.format == OutputFormat::Table && !ctx.quiet {
                    note_missing_mptcp(c, conns.is_empty());
                }
                output::write_report(&MptcpList(conns), self.format, ctx.delimiter(), out)
            }
        }
    }
}
