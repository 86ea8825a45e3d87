//! `plot throughput`: throughput per subflow and aggregate, and goodput, over a sliding window.

use super::{
    describe, directions, parse_args, towards, ConnArgs, Dest, FigureArgs, PlotHost, PlotJob,
    PlotKind, PlotPlan, TIME_LABEL,
};
use crate::analysis::timeseries::{self, Timeline};
use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::plot::{Panel, Series, SeriesStyle};
use clap::Args;
use std::path::PathBuf;

const SUMMARY: &str = "Throughput per subflow and aggregate, and goodput, over a time window";
const THROUGHPUT_LABEL: &str = "Throughput (bit/s)";

pub struct ThroughputPlot;

#[derive(Debug, Args)]
struct ThroughputArgs {
    /// Capture file
    capture: PathBuf,
    #[command(flatten)]
    conn: ConnArgs,
    /// Sliding window in seconds (1e-9 to 1e9)
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0, value_parser = super::args::window_seconds)]
    window: f64,
    /// Direction of the data plotted [default: the direction that carried data, or both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    #[command(flatten)]
    fig: FigureArgs,
}

struct ThroughputJob {
    capture: PathBuf,
    filter: PacketFilter,
    window: f64,
    dest: Option<Dest>,
}

impl PlotKind for ThroughputPlot {
    fn name(&self) -> &str {
        "throughput"
    }

    fn summary(&self) -> &str {
        SUMMARY
    }

    fn command(&self) -> clap::Command {
        ThroughputArgs::augment_args(clap::Command::new("throughput"))
            .about(SUMMARY)
            .long_about(None)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: ThroughputArgs = parse_args(m)?;
        let window = a.window;
        if !(window.is_finite() && window > 0.0) {
            return Err(Error::Usage(format!(
                "--window must be a positive number of seconds, not {window}"
            )));
        }
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(ThroughputJob {
                filter: a.conn.filter()?,
                capture: a.capture,
                window,
                dest: a.dest,
            }),
        })
    }
}

impl PlotJob for ThroughputJob {
    fn draw(&self, host: &dyn PlotHost, image: &super::ImageSpec) -> Result<()> {
        let filter = self.filter;
        let a = host.load(&self.capture, filter)?;
        let tl = Timeline::with_zero(
            a.packets(),
            a.enricher(),
            filter,
            a.time_zero_ns(host.time_origin()),
        );
        let what = describe(&self.capture, filter);
        let dests = directions(self.dest, |d| tl.has_data(d, false), &what)?;
        let n = tl.subflows.len();
        let panels = dests
            .into_iter()
            .map(|d| {
                let data = timeseries::throughput(&tl, d, self.window);
                let mut panel = Panel::new(TIME_LABEL, THROUGHPUT_LABEL).with_title(towards(d));
                for sf in &data.subflows {
                    panel.series.push(
                        Series::new(sf.label(), SeriesStyle::Step, sf.points.clone())
                            .with_color(tl.subflow_index(sf.tcp_stream)),
                    );
                }
                if matches!(filter, PacketFilter::Mptcp(_)) {
                    panel.series.push(
                        Series::new("aggregate", SeriesStyle::Step, data.aggregate).with_color(n),
                    );
                }
                panel.series.push(
                    Series::new("goodput", SeriesStyle::Step, data.goodput).with_color(n + 1),
                );
                panel
            })
            .collect();
        image.render(
            format!("{what}: throughput, {} s window", self.window),
            panels,
        )
    }
}
