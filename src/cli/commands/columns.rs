//! `pcap2csv|list|stats --list-columns`: what each column of the output is, from the reports'
//! column declarations (no capture is read).

use super::{Context, Plan};
use crate::cli::Command;
use crate::error::Result;
use crate::output::schema::{ColumnDoc, ColumnList};
use crate::output::{self, OutputFormat};
use crate::pipeline::Capture;
use std::io::Write;

pub struct ColumnsPlan {
    docs: Vec<ColumnDoc>,
    format: OutputFormat,
}

impl ColumnsPlan {
    pub fn new(docs: Vec<ColumnDoc>, format: OutputFormat) -> Self {
        ColumnsPlan { docs, format }
    }
}

/// The plan of `--list-columns` when `cmd` asks for it.
pub(super) fn plan(cmd: &Command, ctx: &Context) -> Result<Option<Box<dyn Plan>>> {
    Ok(Some(match cmd {
        Command::List {
            list_columns: true,
            kind,
            out: f,
            ..
        } => Box::new(ColumnsPlan::new(
            match kind {
                crate::cli::ConnKind::Tcp => crate::output::list::tcp_column_docs(),
                crate::cli::ConnKind::Mptcp => crate::output::list::mptcp_column_docs(),
            },
            ctx.format(f.format)?,
        )),
        Command::Stats {
            list_columns: true,
            kind,
            out: f,
            ..
        } => Box::new(ColumnsPlan::new(
            match kind {
                crate::cli::ConnKind::Tcp => crate::output::stats::tcp_column_docs(),
                crate::cli::ConnKind::Mptcp => crate::output::stats::mptcp_column_docs(),
            },
            ctx.format(f.format)?,
        )),
        Command::Pcap2csv {
            list_columns: true, ..
        } => Box::new(ColumnsPlan::new(
            crate::output::schema::packet_docs(),
            OutputFormat::Table,
        )),
        _ => return Ok(None),
    }))
}

impl Plan for ColumnsPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        output::write_report(
            &ColumnList(self.docs.clone()),
            self.format,
            ctx.delimiter(),
            out,
        )
    }
}
