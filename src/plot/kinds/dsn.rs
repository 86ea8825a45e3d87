//! `plot dsn`: data sequence numbers of an MPTCP connection against time.

use super::{
    describe, directions, parse_args, towards, Dest, FigureArgs, PlotHost, PlotJob, PlotKind,
    PlotPlan, TIME_LABEL,
};
use crate::analysis::timeseries::{self, Timeline};
use crate::analysis::PacketFilter;
use crate::error::Result;
use crate::plot::{Panel, Series, SeriesStyle};
use clap::Args;
use std::path::PathBuf;

const SUMMARY: &str =
    "Data sequence numbers of an MPTCP connection against time, one series per subflow";
const DSN_LABEL: &str = "Data sequence number";

pub struct DsnPlot;

#[derive(Debug, Args)]
struct DsnArgs {
    /// Capture file
    capture: PathBuf,
    /// MPTCP connection id (mptcp.stream)
    id: u64,
    /// Direction of the data plotted [default: the direction that carried data, or both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    /// Also draw the data ACKs (received in that direction) as a line
    #[arg(long)]
    dack: bool,
    #[command(flatten)]
    fig: FigureArgs,
}

struct DsnJob {
    capture: PathBuf,
    id: u64,
    dest: Option<Dest>,
    dack: bool,
}

impl PlotKind for DsnPlot {
    fn name(&self) -> &str {
        "dsn"
    }

    fn summary(&self) -> &str {
        SUMMARY
    }

    fn command(&self) -> clap::Command {
        DsnArgs::augment_args(clap::Command::new("dsn"))
            .about(SUMMARY)
            .long_about(None)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: DsnArgs = parse_args(m)?;
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(DsnJob {
                capture: a.capture,
                id: a.id,
                dest: a.dest,
                dack: a.dack,
            }),
        })
    }
}

impl PlotJob for DsnJob {
    fn draw(&self, host: &dyn PlotHost, image: &super::ImageSpec) -> Result<()> {
        let filter = PacketFilter::Mptcp(self.id);
        let a = host.load(&self.capture, filter)?;
        let tl = Timeline::with_zero(
            a.packets(),
            a.enricher(),
            filter,
            a.time_zero_ns(host.time_origin()),
        );
        let what = describe(&self.capture, filter);
        let dests = directions(self.dest, |d| tl.has_data(d, true), &what)?;
        let n = tl.subflows.len();
        let panels = dests
            .into_iter()
            .map(|d| {
                let data = timeseries::dsn(&tl, d);
                let mut panel = Panel::new(TIME_LABEL, DSN_LABEL).with_title(towards(d));
                // Drawn first, so that the packets stay visible on top of the line.
                if self.dack && !data.data_acks.is_empty() {
                    panel.series.push(
                        Series::new("data ACK", SeriesStyle::Step, data.data_acks)
                            .with_color(n + 1),
                    );
                }
                for sf in &data.subflows {
                    panel.series.push(
                        Series::new(sf.label(), SeriesStyle::Points, sf.points.clone())
                            .with_color(tl.subflow_index(sf.tcp_stream)),
                    );
                }
                if !data.reinjections.is_empty() {
                    panel.series.push(
                        Series::new("reinjections", SeriesStyle::Markers, data.reinjections)
                            .with_color(n),
                    );
                }
                panel
            })
            .collect();
        image.render(format!("{what}: data sequence numbers"), panels)
    }
}
