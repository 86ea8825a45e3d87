//! `pcap2csv|list|stats --list-columns`: what each column of the output is, from the reports'
//! column declarations (no capture is read). `list|stats --list-columns` without a KIND lists
//! the columns of every kind, one section each.

use super::target::{self, Target, ToFile};
use super::{Context, Plan};
use crate::cli::{Command, ConnKind};
use crate::error::{Error, Result};
use crate::output::schema::{ColumnDoc, ColumnList, KindColumnLists};
use crate::output::{self, list, stats, OutputFormat};
use crate::pipeline::Capture;
use std::io::Write;

pub struct ColumnsPlan {
    /// (kind, its columns); one section without a kind (`pcap2csv`, or a KIND given).
    sections: Vec<(&'static str, Vec<ColumnDoc>)>,
    /// The command whose kinds these are, when no KIND was given (`list`, `stats`).
    every_kind_of: Option<&'static str>,
    format: OutputFormat,
}

/// Every kind a `list|stats KIND` takes, in the order `--list-columns` prints them.
const KINDS: [(ConnKind, &str); 2] = [(ConnKind::Tcp, "tcp"), (ConnKind::Mptcp, "mptcp")];

impl ColumnsPlan {
    /// The columns of `command` (`list` or `stats`) for `kind`, or for every kind.
    fn of_kinds(
        command: &'static str,
        kind: Option<ConnKind>,
        docs: fn(ConnKind) -> Vec<ColumnDoc>,
        format: OutputFormat,
    ) -> Self {
        let sections = KINDS
            .iter()
            .filter(|(k, _)| kind.is_none_or(|want| want == *k))
            .map(|(k, name)| (*name, docs(*k)))
            .collect();
        ColumnsPlan {
            sections,
            every_kind_of: kind.is_none().then_some(command),
            format,
        }
    }
}

fn list_docs(kind: ConnKind) -> Vec<ColumnDoc> {
    match kind {
        ConnKind::Tcp => list::tcp_column_docs(),
        ConnKind::Mptcp => list::mptcp_column_docs(),
    }
}

fn stats_docs(kind: ConnKind) -> Vec<ColumnDoc> {
    match kind {
        ConnKind::Tcp => stats::tcp_column_docs(),
        ConnKind::Mptcp => stats::mptcp_column_docs(),
    }
}

/// The plan of `--list-columns` when `cmd` asks for it; its listing goes where `-o` says
/// (standard output, or a file written atomically; a directory is refused: one listing).
pub(super) fn plan(cmd: &Command, ctx: &Context) -> Result<Option<Box<dyn Plan>>> {
    // list and stats: the columns of one kind, or of every kind
    let kinds = |command, kind, docs, format, output: &Option<_>| -> Result<_> {
        let target = Target::new(output.clone());
        let format = target::format(ctx, format, &target)?;
        Ok((ColumnsPlan::of_kinds(command, kind, docs, format), target))
    };
    let (plan, target) = match cmd {
        Command::List {
            list_columns: true,
            kind,
            out: f,
            output,
            ..
        } => kinds("list", *kind, list_docs, f.format, &output.output)?,
        Command::Stats {
            list_columns: true,
            kind,
            out: f,
            output,
            ..
        } => kinds("stats", *kind, stats_docs, f.format, &output.output)?,
        Command::Pcap2csv {
            list_columns: true,
            output,
            ..
        } => {
            let plan = ColumnsPlan {
                sections: vec![("", crate::output::schema::packet_docs())],
                every_kind_of: None,
                format: OutputFormat::Table,
            };
            (plan, Target::new(output.clone()))
        }
        _ => return Ok(None),
    };
    Ok(Some(match target {
        Target::Stdout => Box::new(plan),
        Target::File(path) => Box::new(ToFile {
            plan: Box::new(plan),
            path,
        }),
        Target::Dir(dir) => {
            return Err(Error::Usage(format!(
                "{}: --list-columns writes one listing: give -o FILE, not a directory",
                dir.display()
            )))
        }
    }))
}

impl Plan for ColumnsPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        match self.every_kind_of {
            Some(command) => output::write_report(
                &KindColumnLists {
                    command,
                    kinds: self.sections.clone(),
                },
                self.format,
                ctx.delimiter(),
                out,
            ),
            None => output::write_report(
                &ColumnList(self.sections.iter().flat_map(|(_, d)| d.clone()).collect()),
                self.format,
                ctx.delimiter(),
                out,
            ),
        }
    }
}
