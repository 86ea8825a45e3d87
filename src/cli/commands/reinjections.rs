//! `reinjections CAPTURE [PEER] --mptcp ID`: each reinjection of an MPTCP connection; with a
//! capture of the other end, whether each was useful or redundant (docs/two-captures.md).

use super::pair::load;
use super::{check_filter, Context, Plan};
use crate::analysis::twocap::{owd, reinject, Direction};
use crate::analysis::PacketFilter;
use crate::cli::{Dest, FormatArg};
use crate::error::Result;
use crate::output::twocap::ReinjectionsReport;
use crate::output::{self};
use crate::pipeline::Capture;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReinjectionsArgs {
    /// Capture at the host that sent the reinjections (where they are listed)
    pub sender: PathBuf,
    /// Capture at the receiving host, same run: qualifies each reinjection
    pub receiver: Option<PathBuf>,
    /// MPTCP connection of the first capture (mptcp.stream)
    #[arg(long, value_name = "ID")]
    pub mptcp: u64,
    /// Direction of the data: towards the client, the server, or both
    #[arg(long, value_enum, default_value_t = Dest::Both)]
    pub dest: Dest,
    #[command(flatten)]
    pub out: FormatArg,
}

/// The reinjections of connection `id` of `sender`, qualified with `receiver` if given; and the
/// receiver's connection (None without a receiver capture); and the instant printed as 0
/// ([`super::pair::time_zero_ns`]).
pub(crate) fn compute(
    ctx: &Context,
    sender: &std::path::Path,
    receiver: Option<&std::path::Path>,
    id: u64,
    (to_server, to_client): (bool, bool),
) -> Result<(reinject::ReinjectionReport, Option<Option<u64>>, i64)> {
    let a = load(ctx, sender)?;
    check_filter(&a.capture, Some(PacketFilter::Mptcp(id)))?;
    let zero_ns = super::pair::time_zero_ns(ctx, &a, Some(PacketFilter::Mptcp(id)));
    let b = match receiver {
        Some(p) => Some(load(ctx, p)?),
        None => None,
    };
    let ca = a.capture();
    let (mut report, peer_conn) = match &b {
        Some(b) => {
            let cb = b.capture();
            let (pairs, peer) = owd::mptcp_pairs(&ca, &cb, id);
            let r = reinject::reinjections(&ca, id, Some((&cb, &pairs)));
            if !ctx.quiet && r.qualified_directions.is_empty() && !r.reinjections.is_empty() {
                crate::output::message::warning(format_args!(
                    "{} does not look like the sender's capture of any \
                     reinjection (their matches in {} are earlier): not qualified; swap the captures",
                    sender.display(),
                    receiver.map(|p| p.display().to_string()).unwrap_or_default()
                ));
            }
            (r, Some(peer))
        }
        None => (reinject::reinjections(&ca, id, None), None),
    };
    let keep = |d: Direction| match d {
        Direction::ToServer => to_server,
        Direction::ToClient => to_client,
    };
    report.reinjections.retain(|r| keep(r.direction));
    report.summary.retain(|s| s.direction.is_none_or(keep));
    Ok((report, peer_conn, zero_ns))
}

impl Plan for ReinjectionsArgs {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        run(ctx, self, out)
    }
}

/// Run on the captures the arguments name (loaded here: a plan names no single capture).
pub fn run(ctx: &Context, args: &ReinjectionsArgs, out: &mut dyn Write) -> Result<()> {
    let (report, peer_conn, zero_ns) = compute(
        ctx,
        &args.sender,
        args.receiver.as_deref(),
        args.mptcp,
        args.dest.directions(),
    )?;
    let format = ctx.format(args.out.format)?;
    output::write_report(
        &ReinjectionsReport {
            mptcp_stream: args.mptcp,
            peer_mptcp_stream: peer_conn,
            report,
            zero_ns,
        },
        format,
        ctx.delimiter(),
        out,
    )
}
