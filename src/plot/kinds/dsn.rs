//! `plot dsn`: data sequence numbers of an MPTCP connection against time.

use super::{
    describe, directions, parse_args, reduced, towards, view, Dest, FigureArgs, PlotHost, PlotJob,
    PlotKind, PlotPlan, SubsetArgs, TIME_LABEL,
};
use crate::analysis::timeseries::DsnCollector;
use crate::analysis::PacketFilter;
use crate::error::Result;
use crate::plot::{kind_colors, Panel, Series, SeriesStyle};
use clap::Args;
use std::path::PathBuf;

const SUMMARY: &str =
    "Data sequence numbers of an MPTCP connection against time, one series per subflow";
const DSN_LABEL: &str = "Data sequence number";
/// Legend entry of the receive window edge of `plot dsn --dack`.
const WINDOW_EDGE_LABEL: &str = "receive window edge";

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
    /// Also draw the data ACKs (received in that direction) as a line, and the receive window
    /// edge (data ACK + rwnd, the highest DSN the receiver allows)
    #[arg(long)]
    dack: bool,
    #[command(flatten)]
    subset: SubsetArgs,
    #[command(flatten)]
    fig: FigureArgs,
}

struct DsnJob {
    capture: PathBuf,
    id: u64,
    dest: Option<Dest>,
    dack: bool,
    subset: SubsetArgs,
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
                subset: a.subset,
            }),
        })
    }
}

impl PlotJob for DsnJob {
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
        let mut c = DsnCollector::new(&view, reduced(image, &view));
        host.scan(&cap, true, &mut |p| c.push(p))?;
        let mut series = c.finish();
        let what = describe(&self.capture, filter);
        let dests = directions(self.dest, |d| !series.get(d).subflows.is_empty(), &what)?;
        let panels = dests
            .into_iter()
            .map(|d| {
                let data = std::mem::replace(
                    series.get_mut(d),
                    crate::analysis::timeseries::DsnSeries {
                        subflows: Vec::new(),
                        reinjections: Vec::new(),
                        data_acks: Vec::new(),
                        window_edges: Vec::new(),
                    },
                );
                let mut panel = Panel::new(TIME_LABEL, DSN_LABEL)
                    .with_title(towards(d))
                    .integer();
                // Drawn first, so that the packets stay visible on top of the lines.
                if self.dack && !data.window_edges.is_empty() {
                    panel.series.push(
                        Series::new(WINDOW_EDGE_LABEL, SeriesStyle::Step, data.window_edges)
                            .with_rgb(kind_colors::WINDOW_EDGE),
                    );
                } else if self.dack && !data.data_acks.is_empty() {
                    host.warn(&format!(
                        "{what} {}: no receive window edge drawn: the receiver's window scale is \
                         unknown (its SYNs are not in the capture)",
                        towards(d)
                    ));
                }
                if self.dack && !data.data_acks.is_empty() {
                    panel.series.push(
                        Series::new("data ACK", SeriesStyle::Step, data.data_acks)
                            .with_rgb(kind_colors::DATA_ACK),
                    );
                }
                for sf in data.subflows {
                    let color = view.subflow_index(sf.tcp_stream);
                    panel.series.push(
                        Series::new(sf.label(), SeriesStyle::Points, sf.points).with_color(color),
                    );
                }
                // crosses in the colour of the subflow that carried the reinjection
                for sf in data.reinjections {
                    let color = view.subflow_index(sf.tcp_stream);
                    let label = format!("reinjections on tcp {}", sf.tcp_stream);
                    panel.series.push(
                        Series::new(label, SeriesStyle::Markers, sf.points).with_color(color),
                    );
                }
                panel
            })
            .collect();
        image.render(format!("{what}: data sequence numbers"), panels)
    }
}
