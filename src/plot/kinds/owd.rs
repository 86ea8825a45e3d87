//! `plot owd`: one-way delays against time, per subflow and direction, from a client and a
//! server capture of one run (docs/two-captures.md).

use super::{
    parse_args, ConnArgs, Dest, FigureArgs, ImageSpec, PlotHost, PlotJob, PlotKind, PlotPlan,
    TIME_LABEL,
};
use crate::analysis::twocap::Direction;
use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::plot::{Panel, Series, SeriesStyle};
use clap::Args;
use std::collections::BTreeMap;
use std::path::PathBuf;

const SUMMARY: &str =
    "One-way delays against time, per subflow and direction, from a client and a server capture";

pub struct OwdPlot;

#[derive(Debug, Args)]
struct OwdPlotArgs {
    /// Capture taken at the client
    client: PathBuf,
    /// Capture taken at the server, same run
    server: PathBuf,
    #[command(flatten)]
    conn: ConnArgs,
    /// Direction plotted [default: both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    /// Server clock minus client clock in seconds, or `auto` (as for `owd`)
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    clock_offset: Option<String>,
    #[command(flatten)]
    fig: FigureArgs,
}

struct OwdJob {
    client: PathBuf,
    server: PathBuf,
    filter: PacketFilter,
    dest: Dest,
    clock_offset: Option<String>,
}

impl PlotKind for OwdPlot {
    fn name(&self) -> &str {
        "owd"
    }

    fn summary(&self) -> &str {
        SUMMARY
    }

    fn command(&self) -> clap::Command {
        super::plot_command::<OwdPlotArgs>(self.name().to_owned(), SUMMARY)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: OwdPlotArgs = parse_args(m)?;
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(OwdJob {
                filter: a.conn.filter()?,
                client: a.client,
                server: a.server,
                dest: a.dest.unwrap_or(Dest::Both),
                clock_offset: a.clock_offset,
            }),
        })
    }
}

fn title_direction(d: Direction) -> &'static str {
    match d {
        Direction::ToServer => "towards server",
        Direction::ToClient => "towards client",
    }
}

impl PlotJob for OwdJob {
    /// One-way delay (ms) against the send time (s from `--time-origin`, as `owd --per-packet`
    /// prints it), one series per subflow, one panel per direction.
    fn draw(&self, host: &dyn PlotHost, image: &ImageSpec) -> Result<()> {
        let (report, t0) = host.owd(
            &self.client,
            &self.server,
            self.filter,
            self.dest.directions(),
            self.clock_offset.as_deref(),
        )?;
        if report.packets.is_empty() {
            return Err(Error::Plot(format!(
                "{} / {}: no packet seen in both captures",
                self.client.display(),
                self.server.display()
            )));
        }
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
            let mut panel =
                Panel::new(TIME_LABEL, "One-way delay (ms)").with_title(title_direction(d));
            for ((t, peer), pts) in by {
                let color = streams.iter().position(|s| *s == t).unwrap_or(0);
                panel.series.push(
                    Series::new(format!("TCP {t} -> {peer}"), SeriesStyle::Points, pts)
                        .with_color(color),
                );
            }
            panels.push(panel);
        }
        let what = match self.filter {
            PacketFilter::Tcp(id) => format!("TCP stream {id}"),
            PacketFilter::Mptcp(id) => format!("MPTCP connection {id}"),
        };
        image.render(format!("One-way delays, {what}"), panels)
    }
}
