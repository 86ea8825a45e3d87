//! `plot throughput`: throughput per subflow and aggregate, and goodput, over a sliding window.

use super::{
    describe, directions, parse_args, reduced, towards, view, ConnArgs, Dest, FigureArgs, PlotHost,
    PlotJob, PlotKind, PlotPlan, SubsetArgs, TIME_LABEL,
};
use crate::analysis::timeseries::{default_window, ThroughputCollector};
use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::plot::{kind_colors, Panel, Series, SeriesStyle};
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
    /// Sliding window in seconds, 1e-9 to 1e9 [default: about a twentieth of the connection's
    /// duration]
    #[arg(long, value_name = "SECONDS", value_parser = super::args::window_seconds)]
    window: Option<f64>,
    /// Direction of the data plotted [default: the direction that carried data, or both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    #[command(flatten)]
    subset: SubsetArgs,
    #[command(flatten)]
    fig: FigureArgs,
}

struct ThroughputJob {
    capture: PathBuf,
    filter: PacketFilter,
    window: Option<f64>,
    dest: Option<Dest>,
    subset: SubsetArgs,
}

impl PlotKind for ThroughputPlot {
    fn name(&self) -> &str {
        "throughput"
    }

    fn summary(&self) -> &str {
        SUMMARY
    }

    fn command(&self) -> clap::Command {
        super::plot_command::<ThroughputArgs>(self.name().to_owned(), SUMMARY)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: ThroughputArgs = parse_args(m)?;
        let window = a.window;
        if let Some(w) = window.filter(|w| !(w.is_finite() && *w > 0.0)) {
            return Err(Error::Usage(format!(
                "--window must be a positive number of seconds, not {w}"
            )));
        }
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(ThroughputJob {
                filter: a.conn.filter()?,
                capture: a.capture,
                window,
                dest: a.dest,
                subset: a.subset,
            }),
        })
    }
}

impl PlotJob for ThroughputJob {
    fn draw(&self, host: &dyn PlotHost, image: &super::ImageSpec) -> Result<()> {
        let filter = self.filter;
        let cap = host.survey(&self.capture, filter)?;
        let view = view(
            &cap,
            &self.capture,
            filter,
            &self.subset,
            host.time_origin(),
        )?;
        let what = describe(&self.capture, filter);
        let window = self
            .window
            .unwrap_or_else(|| default_window(view.duration_s));
        if window > view.duration_s / 10.0 && view.duration_s > 0.0 {
            host.warn(&format!(
                "{what}: the {window} s window is longer than a tenth of the connection ({:.3} s): \
                 the curves are smoothed over much of it",
                view.duration_s
            ));
        }
        let mut c = ThroughputCollector::new(&view, window, reduced(image, &view));
        host.scan(&cap, false, &mut |p| c.push(p))?;
        let dests = directions(self.dest, |d| c.has_data(d), &what)?;
        let mut series = c.finish();
        let panels = dests
            .into_iter()
            .map(|d| {
                let data = series.get_mut(d);
                let mut panel = Panel::new(TIME_LABEL, THROUGHPUT_LABEL).with_title(towards(d));
                for sf in std::mem::take(&mut data.subflows) {
                    let color = view.subflow_index(sf.tcp_stream);
                    panel.series.push(
                        Series::new(sf.label(), SeriesStyle::Step, sf.points).with_color(color),
                    );
                }
                if matches!(filter, PacketFilter::Mptcp(_)) {
                    let points = std::mem::take(&mut data.aggregate);
                    panel.series.push(
                        Series::new("aggregate", SeriesStyle::Step, points)
                            .with_rgb(kind_colors::AGGREGATE),
                    );
                }
                // thin, on top: visible where it equals the aggregate
                let points = std::mem::take(&mut data.goodput);
                panel.series.push(
                    Series::new("goodput", SeriesStyle::Step, points)
                        .with_rgb(kind_colors::GOODPUT)
                        .thin(),
                );
                panel
            })
            .collect();
        image.render(format!("{what}: throughput, {window} s window"), panels)
    }
}
