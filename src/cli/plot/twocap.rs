//! `plot owd` and `plot reinjections`: figures from two captures of one run
//! (docs/two-captures.md, docs/plots.md).

use super::{ConnArgs, FigureArgs, TIME_LABEL};
use crate::analysis::twocap::Direction;
use crate::cli::commands::{owd as owd_cmd, reinjections as reinj_cmd, Context};
use crate::cli::Dest;
use crate::error::{Error, Result};
use crate::plot::{Panel, Series, SeriesStyle};
use clap::Args;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct OwdPlotArgs {
    /// Capture taken at the client
    pub client: PathBuf,
    /// Capture taken at the server, same run
    pub server: PathBuf,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Direction plotted [default: both]
    #[arg(long, value_enum)]
    pub dest: Option<Dest>,
    /// Server clock minus client clock in seconds, or `auto` (as for `owd`)
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    pub clock_offset: Option<String>,
    #[command(flatten)]
    pub fig: FigureArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ReinjectionsPlotArgs {
    /// Capture at the host that sent the reinjections
    pub sender: PathBuf,
    /// Capture at the receiving host: marks useful and redundant reinjections
    pub receiver: Option<PathBuf>,
    /// MPTCP connection of the first capture
    #[arg(long, value_name = "ID")]
    pub mptcp: u64,
    /// Direction of the data [default: both]
    #[arg(long, value_enum)]
    pub dest: Option<Dest>,
    #[command(flatten)]
    pub fig: FigureArgs,
}

fn title_direction(d: Direction) -> &'static str {
    match d {
        Direction::ToServer => "towards server",
        Direction::ToClient => "towards client",
    }
}

/// One-way delay (ms) against the send time (s since the first packet plotted), one series per
/// subflow, one panel per direction.
pub fn owd(ctx: &Context, a: OwdPlotArgs) -> Result<()> {
    a.fig.format()?;
    a.fig.check_output()?;
    let offset = owd_cmd::parse_offset(a.clock_offset.as_deref())?;
    let filter = a.conn.filter()?;
    let dest = a.dest.unwrap_or(Dest::Both);
    let (report, _) =
        owd_cmd::compute(ctx, &a.client, &a.server, filter, dest.directions(), offset)?;
    let Some(t0) = report.packets.iter().map(|p| p.sent_ns).min() else {
        return Err(Error::Plot(format!(
            "{} / {}: no packet seen in both captures",
            a.client.display(),
            a.server.display()
        )));
    };
    let streams: Vec<u64> = {
        let mut v: Vec<u64> = report.flows.iter().map(|f| f.tcp_stream).collect();
        v.dedup();
        v
    };
    let mut panels = Vec::new();
    for d in [Direction::ToServer, Direction::ToClient] {
        let mut by: BTreeMap<(u64, u64), Vec<(f64, f64)>> = BTreeMap::new();
        for p in report.packets.iter().filter(|p| p.direction == d) {
            by.entry((p.tcp_stream, p.peer_tcp_stream))
                .or_default()
                .push(((p.sent_ns - t0) as f64 / 1e9, p.owd_ns as f64 / 1e6));
        }
        if by.is_empty() {
            continue;
        }
        let mut panel = Panel::new(TIME_LABEL, "One-way delay (ms)").with_title(title_direction(d));
        for ((t, peer), pts) in by {
            let color = streams.iter().position(|s| *s == t).unwrap_or(0);
            panel.series.push(
                Series::new(format!("TCP {t} -> {peer}"), SeriesStyle::Points, pts)
                    .with_color(color),
            );
        }
        panels.push(panel);
    }
    let what = match filter {
        crate::analysis::PacketFilter::Tcp(id) => format!("TCP stream {id}"),
        crate::analysis::PacketFilter::Mptcp(id) => format!("MPTCP connection {id}"),
    };
    a.fig.render(ctx, format!("One-way delays, {what}"), panels)
}

/// Empirical CDF of `v` (sorted): a staircase from (v0, 1/n) to (vmax, 1).
fn cdf(mut v: Vec<f64>) -> Vec<(f64, f64)> {
    v.sort_by(f64::total_cmp);
    let n = v.len() as f64;
    v.iter()
        .enumerate()
        .map(|(i, x)| (*x, (i + 1) as f64 / n))
        .collect()
}

/// The CDF of the reinjection delay (time since the original), useful and redundant apart when
/// the receiver's capture is given.
pub fn reinjections(ctx: &Context, a: ReinjectionsPlotArgs) -> Result<()> {
    a.fig.format()?;
    a.fig.check_output()?;
    let dest = a.dest.unwrap_or(Dest::Both);
    let (report, _) = reinj_cmd::compute(
        ctx,
        &a.sender,
        a.receiver.as_deref(),
        a.mptcp,
        dest.directions(),
    )?;
    let mut groups: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for r in &report.reinjections {
        let Some(d) = r.delay_s else { continue };
        let key = match (a.receiver.is_some(), r.qualification) {
            (false, _) => "reinjections",
            (true, Some(q)) => q,
            (true, None) => "not qualified",
        };
        groups.entry(key).or_default().push(d);
    }
    if groups.is_empty() {
        return Err(Error::Plot(format!(
            "{}: MPTCP connection {} has no reinjection",
            a.sender.display(),
            a.mptcp
        )));
    }
    let mut panel = Panel::new("Delay since the original (s)", "CDF");
    for (k, (name, v)) in groups.into_iter().enumerate() {
        let n = v.len();
        panel
            .series
            .push(Series::new(format!("{name} ({n})"), SeriesStyle::Step, cdf(v)).with_color(k));
    }
    a.fig.render(
        ctx,
        format!("Reinjection delay, MPTCP connection {}", a.mptcp),
        vec![panel],
    )
}
