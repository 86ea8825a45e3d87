//! `map tcp|mptcp CAPTURE1 CAPTURE2 [ID]`: each connection of the first capture, its match in
//! the second, with a score and the evidence (docs/two-captures.md).

use super::pair::load;
use super::{check_filter, Context, Plan};
use crate::analysis::twocap::mapping;
use crate::analysis::PacketFilter;
use crate::cli::{ConnKind, FormatArg};
use crate::error::Result;
use crate::output::twocap::{MptcpMapReport, TcpMapReport};
use crate::output::{self};
use crate::pipeline::Capture;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct MapArgs {
    #[arg(value_enum)]
    pub kind: ConnKind,
    /// Capture whose connections are mapped
    pub capture1: PathBuf,
    /// Capture of the other end of the same run
    pub capture2: PathBuf,
    /// Only this connection of CAPTURE1 (tcp.stream or mptcp.stream)
    pub id: Option<u64>,
    /// Also show the other candidates, best first
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub out: FormatArg,
}

impl Plan for MapArgs {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        run(ctx, self, out)
    }
}

/// Run on the two captures the arguments name (loaded here: a plan names no single capture).
pub fn run(ctx: &Context, args: &MapArgs, out: &mut dyn Write) -> Result<()> {
    let a = load(ctx, &args.capture1)?;
    if let Some(id) = args.id {
        let f = match args.kind {
            ConnKind::Tcp => PacketFilter::Tcp(id),
            ConnKind::Mptcp => PacketFilter::Mptcp(id),
        };
        check_filter(&a.capture, Some(f))?;
    }
    let b = load(ctx, &args.capture2)?;
    let format = ctx.format(args.out.format)?;
    match args.kind {
        ConnKind::Tcp => output::write_report(
            &TcpMapReport {
                matches: mapping::map_tcp(&a.capture(), &b.capture(), args.id),
                all: args.all,
            },
            format,
            ctx.delimiter(),
            out,
        ),
        ConnKind::Mptcp => output::write_report(
            &MptcpMapReport {
                matches: mapping::map_mptcp(&a.capture(), &b.capture(), args.id),
                all: args.all,
            },
            format,
            ctx.delimiter(),
            out,
        ),
    }
}
