//! `owd CLIENT SERVER (--tcp ID | --mptcp ID)`: one-way delays of every packet seen in both
//! captures, per subflow and direction (docs/two-captures.md).

use super::pair::load;
use super::{check_filter, Context, Plan};
use crate::analysis::twocap::owd::{self, OwdOptions};
use crate::analysis::PacketFilter;
use crate::cli::{Dest, FormatArg};
use crate::error::{Error, Result};
use crate::output::twocap::{OwdPacketsReport, OwdSummaryReport};
use crate::output::{self};
use crate::pipeline::Capture;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("conn").required(true).args(["tcp", "mptcp"]))]
pub struct OwdArgs {
    /// Capture taken at the client
    pub client: PathBuf,
    /// Capture taken at the server, same run
    pub server: PathBuf,
    /// TCP connection of the client capture (tcp.stream)
    #[arg(long, value_name = "ID")]
    pub tcp: Option<u64>,
    /// MPTCP connection of the client capture (mptcp.stream)
    #[arg(long, value_name = "ID")]
    pub mptcp: Option<u64>,
    /// Direction: towards the client, the server, or both
    #[arg(long, value_enum, default_value_t = Dest::Both)]
    pub dest: Dest,
    /// One row per packet seen at both taps instead of the summary
    #[arg(long)]
    pub per_packet: bool,
    /// Server clock minus client clock in seconds, or `auto` (the estimate from the two
    /// directions, assuming equal minimum delays each way)
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    pub clock_offset: Option<String>,
    #[command(flatten)]
    pub out: FormatArg,
}

pub(crate) enum Offset {
    Fixed(i64),
    Auto,
}

pub(crate) fn parse_offset(s: Option<&str>) -> Result<Offset> {
    match s {
        None => Ok(Offset::Fixed(0)),
        Some("auto") => Ok(Offset::Auto),
        Some(v) => match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x.abs() < 1e9 => Ok(Offset::Fixed((x * 1e9).round() as i64)),
            _ => Err(Error::Usage(format!(
                "--clock-offset: {v:?} is not a number of seconds nor `auto`"
            ))),
        },
    }
}

/// The delays of connection `filter` of `client` against `server`: the report, with
/// `--mptcp` the server capture's connection (None: no match), and the instant printed as 0
/// ([`super::pair::time_zero_ns`]).
pub(crate) fn compute(
    ctx: &Context,
    client: &std::path::Path,
    server: &std::path::Path,
    filter: PacketFilter,
    (to_server, to_client): (bool, bool),
    offset: Offset,
) -> Result<(owd::OwdReport, Option<Option<u64>>, i64)> {
    let c = load(ctx, client)?;
    check_filter(&c.capture, Some(filter))?;
    let s = load(ctx, server)?;
    let zero_ns = super::pair::time_zero_ns(ctx, &c, Some(filter));
    let (cc, sc) = (c.capture(), s.capture());
    let (pairs, peer_conn) = match filter {
        PacketFilter::Tcp(id) => (owd::tcp_pairs(&cc, &sc, id), None),
        PacketFilter::Mptcp(id) => {
            let (p, peer) = owd::mptcp_pairs(&cc, &sc, id);
            if peer.is_none() && !ctx.quiet {
                crate::output::message::warning(format_args!(
                    "{}: no MPTCP connection matches connection {id} of {}",
                    server.display(),
                    client.display()
                ));
            }
            (p, Some(peer))
        }
    };
    let mut opts = OwdOptions {
        clock_offset_ns: 0,
        to_server,
        to_client,
    };
    if let Offset::Fixed(ns) = offset {
        opts.clock_offset_ns = ns;
    }
    let mut report = owd::one_way_delays(&cc, &sc, &pairs, opts);
    if let Offset::Auto = offset {
        // the estimate comes from both directions whatever --dest shows; then it is applied
        let est = report.clock_offset_estimate_s.unwrap_or(0.0);
        opts.clock_offset_ns = (est * 1e9).round() as i64;
        report = owd::one_way_delays(&cc, &sc, &pairs, opts);
    }
    Ok((report, peer_conn, zero_ns))
}

impl Plan for OwdArgs {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        run(ctx, self, out)
    }
}

/// Run on the captures the arguments name (loaded here: a plan names no single capture).
pub fn run(ctx: &Context, args: &OwdArgs, out: &mut dyn Write) -> Result<()> {
    let offset = parse_offset(args.clock_offset.as_deref())?;
    let filter = match (args.tcp, args.mptcp) {
        (Some(t), _) => PacketFilter::Tcp(t),
        (_, Some(m)) => PacketFilter::Mptcp(m),
        _ => unreachable!("clap requires --tcp or --mptcp"),
    };
    let (report, peer_conn, zero_ns) = compute(
        ctx,
        &args.client,
        &args.server,
        filter,
        args.dest.directions(),
        offset,
    )?;
    let format = ctx.format(args.out.format)?;
    if args.per_packet {
        return output::write_report(
            &OwdPacketsReport {
                packets: report.packets,
                zero_ns,
            },
            format,
            ctx.delimiter(),
            out,
        );
    }
    output::write_report(
        &OwdSummaryReport {
            tcp_stream: args.tcp,
            mptcp_stream: args.mptcp,
            peer_mptcp_stream: peer_conn,
            report,
        },
        format,
        ctx.delimiter(),
        out,
    )
}
