//! `plot rtt` and `plot flight`: round-trip times and flight size per subflow, from the TCP
//! sequence and acknowledgement numbers of each subflow (definitions in
//! `analysis::tcp_series` and docs/plots.md).

use super::{
    describe, directions, parse_args, reduced, towards, view, ConnArgs, Dest, FigureArgs, PlotHost,
    PlotJob, PlotKind, PlotPlan, SubsetArgs, TIME_LABEL,
};
use crate::analysis::tcp_series::{TcpSeries, TcpSeriesCollector, TcpSeriesKind};
use crate::analysis::PacketFilter;
use crate::error::Result;
use crate::plot::{Panel, Series, SeriesStyle};
use clap::Args;
use std::path::PathBuf;

const RTT_SUMMARY: &str = "Round-trip time per subflow against time, from TCP acknowledgements";
const FLIGHT_SUMMARY: &str =
    "Bytes in flight (sent, not yet acknowledged) per subflow and in total, against time";

/// Which of the two plots.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Which {
    Rtt,
    Flight,
}

pub struct RttPlot;
pub struct FlightPlot;

#[derive(Debug, Args)]
struct SeriesArgs {
    /// Capture file
    capture: PathBuf,
    #[command(flatten)]
    conn: ConnArgs,
    /// Direction of the data [default: the direction that carried data, or both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    #[command(flatten)]
    fig: FigureArgs,
}

struct SeriesJob {
    which: Which,
    capture: PathBuf,
    filter: PacketFilter,
    dest: Option<Dest>,
}

fn command(name: &'static str, summary: &'static str) -> clap::Command {
    super::plot_command::<SeriesArgs>(name, summary)
}

fn plan(which: Which, m: &clap::ArgMatches) -> Result<PlotPlan> {
    let a: SeriesArgs = parse_args(m)?;
    Ok(PlotPlan {
        target: a.fig.target()?,
        job: Box::new(SeriesJob {
            which,
            filter: a.conn.filter()?,
            capture: a.capture,
            dest: a.dest,
        }),
    })
}

impl PlotKind for RttPlot {
    fn name(&self) -> &str {
        "rtt"
    }
    fn summary(&self) -> &str {
        RTT_SUMMARY
    }
    fn command(&self) -> clap::Command {
        command("rtt", RTT_SUMMARY)
    }
    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        plan(Which::Rtt, m)
    }
}

impl PlotKind for FlightPlot {
    fn name(&self) -> &str {
        "flight"
    }
    fn summary(&self) -> &str {
        FLIGHT_SUMMARY
    }
    fn command(&self) -> clap::Command {
        command("flight", FLIGHT_SUMMARY)
    }
    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        plan(Which::Flight, m)
    }
}

impl PlotJob for SeriesJob {
    fn draw(&self, host: &dyn PlotHost, image: &super::ImageSpec) -> Result<()> {
        let filter = self.filter;
        // two passes: the connection's subflows and time range, then its packets streamed
        // into series reduced per pixel column (nothing kept per packet)
        let cap = host.survey(&self.capture, filter)?;
        let view = view(
            &cap,
            &self.capture,
            filter,
            &SubsetArgs::default(),
            host.time_origin(),
        )?;
        let kind = match self.which {
            Which::Rtt => TcpSeriesKind::Rtt,
            Which::Flight => TcpSeriesKind::Flight,
        };
        let mut c = TcpSeriesCollector::new(&view, kind, reduced(image, &view));
        host.scan(&cap, false, &mut |p| c.push(p))?;
        let what = describe(&self.capture, filter);
        let dests = directions(self.dest, |d| c.has_data(d), &what)?;
        let mut series = c.finish();
        let n = view.subflows.len();
        let panels = dests
            .into_iter()
            .map(|d| {
                let (label, subflows, total) =
                    match std::mem::replace(series.get_mut(d), TcpSeries::Rtt(Vec::new())) {
                        TcpSeries::Rtt(mut s) => {
                            for sf in &mut s {
                                sf.points.iter_mut().for_each(|p| p.1 *= 1e3);
                            }
                            ("RTT (ms)", s, None)
                        }
                        TcpSeries::Flight(f) => ("Bytes in flight", f.subflows, Some(f.total)),
                    };
                let mut panel = Panel::new(TIME_LABEL, label).with_title(towards(d));
                let style = match self.which {
                    Which::Rtt => SeriesStyle::Points,
                    Which::Flight => SeriesStyle::Step,
                };
                let many = subflows.len() > 1;
                for sf in subflows {
                    let color = view.subflow_index(sf.tcp_stream);
                    panel
                        .series
                        .push(Series::new(sf.label(), style, sf.points).with_color(color));
                }
                if let (Some(total), true) = (total, many) {
                    panel
                        .series
                        .push(Series::new("total", SeriesStyle::Step, total).with_color(n));
                }
                panel
            })
            .collect();
        let title = match self.which {
            Which::Rtt => "round-trip times",
            Which::Flight => "bytes in flight",
        };
        image.render(format!("{what}: {title}"), panels)
    }
}
