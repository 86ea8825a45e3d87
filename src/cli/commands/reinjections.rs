//! `reinjections CAPTURE [PEER] --mptcp ID`: each reinjection of an MPTCP connection; with a
//! capture of the other end, whether each was useful or redundant (docs/two-captures.md).

use super::pair::load;
use super::{check_filter, Context};
use crate::analysis::twocap::{owd, reinject};
use crate::analysis::PacketFilter;
use crate::cli::{Dest, FormatArg};
use crate::error::Result;
use crate::output::twocap::ReinjectionsReport;
use crate::output::{self};
use clap::Args;
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

pub fn run(ctx: &Context, args: ReinjectionsArgs) -> Result<()> {
    let a = load(ctx, &args.sender)?;
    check_filter(
        &args.sender,
        &a.analysis,
        Some(PacketFilter::Mptcp(args.mptcp)),
    )?;
    let b = match &args.receiver {
        Some(p) => Some(load(ctx, p)?),
        None => None,
    };
    let ca = a.capture();
    let (mut report, peer_conn) = match &b {
        Some(b) => {
            let cb = b.capture();
            let (pairs, peer) = owd::mptcp_pairs(&ca, &cb, args.mptcp);
            let r = reinject::reinjections(&ca, args.mptcp, Some((&cb, &pairs)));
            if !ctx.quiet && r.qualified_directions.is_empty() && !r.reinjections.is_empty() {
                eprintln!(
                    "mptcpanalyzer: warning: {} does not look like the sender's capture of any \
                     reinjection (their matches in {} are earlier): not qualified; swap the captures",
                    args.sender.display(),
                    args.receiver.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
                );
            }
            (r, Some(peer))
        }
        None => (reinject::reinjections(&ca, args.mptcp, None), None),
    };
    let (to_server, to_client) = args.dest.directions();
    let keep = |d: crate::analysis::twocap::Direction| match d {
        crate::analysis::twocap::Direction::ToServer => to_server,
        crate::analysis::twocap::Direction::ToClient => to_client,
    };
    report.reinjections.retain(|r| keep(r.direction));
    report.summary.retain(|s| s.direction.is_none_or(keep));
    let format = ctx.format(args.out.format);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    output::write_report(
        &ReinjectionsReport {
            mptcp_stream: args.mptcp,
            peer_mptcp_stream: peer_conn,
            report,
        },
        format,
        ctx.delimiter(),
        &mut out,
    )
}
