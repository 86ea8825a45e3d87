//! `receiver CLIENT SERVER --mptcp ID`: what the receiving end saw of an MPTCP connection:
//! bytes received per subflow, losses between the taps, goodput, head-of-line blocking time
//! (docs/two-captures.md).

use super::pair::load;
use super::{check_filter, Context, Plan};
use crate::analysis::twocap::{owd, receiver};
use crate::analysis::PacketFilter;
use crate::cli::{Dest, FormatArg};
use crate::error::Result;
use crate::output::twocap::ReceiverStatsReport;
use crate::output::{self};
use crate::pipeline::Capture;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReceiverArgs {
    /// Capture taken at the client
    pub client: PathBuf,
    /// Capture taken at the server, same run
    pub server: PathBuf,
    /// MPTCP connection of the client capture (mptcp.stream)
    #[arg(long, value_name = "ID")]
    pub mptcp: u64,
    /// Direction of the data: towards the client, the server, or both
    #[arg(long, value_enum, default_value_t = Dest::Both)]
    pub dest: Dest,
    #[command(flatten)]
    pub out: FormatArg,
}

impl Plan for ReceiverArgs {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        run(ctx, self, out)
    }
}

/// Run on the captures the arguments name (loaded here: a plan names no single capture).
pub fn run(ctx: &Context, args: &ReceiverArgs, out: &mut dyn Write) -> Result<()> {
    let c = load(ctx, &args.client)?;
    check_filter(&c.capture, Some(PacketFilter::Mptcp(args.mptcp)))?;
    let s = load(ctx, &args.server)?;
    let zero_ns = super::pair::time_zero_ns(ctx, &c, Some(PacketFilter::Mptcp(args.mptcp)));
    let (cc, sc) = (c.capture(), s.capture());
    let (pairs, peer) = owd::mptcp_pairs(&cc, &sc, args.mptcp);
    if peer.is_none() && !ctx.quiet {
        crate::output::message::warning(format_args!(
            "{}: no MPTCP connection matches connection {} of {}",
            args.server.display(),
            args.mptcp,
            args.client.display()
        ));
    }
    let report =
        receiver::receiver_stats(&cc, &sc, args.mptcp, &pairs, peer, args.dest.directions());
    let format = ctx.format(args.out.format)?;
    output::write_report(
        &ReceiverStatsReport { report, zero_ns },
        format,
        ctx.delimiter(),
        out,
    )
}
