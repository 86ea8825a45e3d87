//! `plot ofo`: MPTCP-level out-of-order data, the bytes received above the data ACK.

use super::{
    describe, directions, parse_args, reduced, towards, view, Dest, FigureArgs, PlotHost, PlotJob,
    PlotKind, PlotPlan, SubsetArgs, TIME_LABEL,
};
use crate::analysis::timeseries::OfoCollector;
use crate::analysis::PacketFilter;
use crate::error::Result;
use crate::plot::{kind_colors, Panel, Series, SeriesStyle};
use clap::Args;
use std::path::PathBuf;

const SUMMARY: &str =
    "MPTCP-level out-of-order data: bytes seen above the data ACK (head-of-line blocking)";
const OFO_LABEL: &str = "Bytes above the data ACK";

pub struct OfoPlot;

#[derive(Debug, Args)]
struct OfoArgs {
    /// Capture file
    capture: PathBuf,
    /// MPTCP connection id (mptcp.stream)
    id: u64,
    /// Direction of the data plotted [default: the direction that carried data, or both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    #[command(flatten)]
    subset: SubsetArgs,
    #[command(flatten)]
    fig: FigureArgs,
}

struct OfoJob {
    capture: PathBuf,
    id: u64,
    dest: Option<Dest>,
    subset: SubsetArgs,
}

impl PlotKind for OfoPlot {
    fn name(&self) -> &str {
        "ofo"
    }

    fn summary(&self) -> &str {
        SUMMARY
    }

    fn command(&self) -> clap::Command {
        super::plot_command::<OfoArgs>(self.name().to_owned(), SUMMARY)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: OfoArgs = parse_args(m)?;
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(OfoJob {
                capture: a.capture,
                id: a.id,
                dest: a.dest,
                subset: a.subset,
            }),
        })
    }
}

impl PlotJob for OfoJob {
    fn draw(&self, host: &dyn PlotHost, image: &super::ImageSpec) -> Result<()> {
        let filter = PacketFilter::Mptcp(self.id);
        let cap = host.survey(&self.capture, filter)?;
        let view = view(
            &cap,
            &self.capture,
            filter,
            &self.subset,
            host.time_origin(),
        )?;
        let what = describe(&self.capture, filter);
        let mut c = OfoCollector::new(&view, reduced(image, &view));
        host.scan(&cap, false, &mut |p| c.push(p))?;
        let dests = directions(self.dest, |d| c.has_data(d), &what)?;
        let mut series = c.finish();
        let panels = dests
            .into_iter()
            .map(|d| {
                let points = std::mem::take(series.get_mut(d));
                Panel::new(TIME_LABEL, OFO_LABEL)
                    .with_title(towards(d))
                    .integer()
                    .with_series(
                        Series::new("above the data ACK", SeriesStyle::Step, points)
                            .with_rgb(kind_colors::DATA_ACK),
                    )
            })
            .collect();
        image.render(format!("{what}: data above the data ACK"), panels)
    }
}
