//! `plot dsn`: data sequence numbers of an MPTCP connection against time.

use super::{
    describe, directions, parse_args, reduced, towards, view, Dest, FigureArgs, PlotHost, PlotJob,
    PlotKind, PlotPlan, SubsetArgs, TIME_LABEL,
};
use crate::analysis::timeseries::DsnCollector;
use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::model::Side;
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
    /// Lowest relative DSN drawn, in bytes as on the y axis: zoom on a range of the data (the
    /// x axis then spans the packets in it, unless --from/--to say otherwise)
    #[arg(long, value_name = "BYTES", allow_negative_numbers = true)]
    dsn_from: Option<i64>,
    /// Highest relative DSN drawn, in bytes as on the y axis
    #[arg(long, value_name = "BYTES", allow_negative_numbers = true)]
    dsn_to: Option<i64>,
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
    dsn_zoom: (Option<i64>, Option<i64>),
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
        super::plot_command::<DsnArgs>(self.name().to_owned(), SUMMARY)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: DsnArgs = parse_args(m)?;
        if let (Some(lo), Some(hi)) = (a.dsn_from, a.dsn_to) {
            if lo >= hi {
                return Err(Error::Usage(format!(
                    "--dsn-from ({lo}) must be smaller than --dsn-to ({hi})"
                )));
            }
        }
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(DsnJob {
                capture: a.capture,
                id: a.id,
                dest: a.dest,
                dack: a.dack,
                dsn_zoom: (a.dsn_from, a.dsn_to),
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
        let what = describe(&self.capture, filter);
        let mut image = image.clone();
        let y_range = match self.dsn_zoom {
            (None, None) => None,
            _ => Some(self.zoom(host, &cap, &view, &mut image, &what)?),
        };
        let mut c = DsnCollector::new(&view, reduced(&image, &view)).with_dsn_range(y_range);
        host.scan(&cap, true, &mut |p| c.push(p))?;
        let mut series = c.finish();
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
                panel.y_range = y_range;
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

impl DsnJob {
    /// `--dsn-from`/`--dsn-to`: a first pass finds the packets whose DSN is in the range; the
    /// x range becomes their times (with a 2 % margin; `--from`/`--to` win), and the y range the
    /// one asked, each missing end being the data's. Returns the y range.
    fn zoom(
        &self,
        host: &dyn PlotHost,
        cap: &crate::pipeline::Capture,
        view: &crate::analysis::timeseries::ConnView,
        image: &mut super::ImageSpec,
        what: &str,
    ) -> Result<(f64, f64)> {
        let lo = self.dsn_zoom.0.map_or(f64::NEG_INFINITY, |v| v as f64);
        let hi = self.dsn_zoom.1.map_or(f64::INFINITY, |v| v as f64);
        let wanted = |d: Side| match self.dest {
            Some(Dest::Server) => d == Side::Server,
            Some(Dest::Client) => d == Side::Client,
            _ => true,
        };
        let grow =
            |r: Option<(f64, f64)>, v: f64| Some(r.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        let (mut times, mut dsns) = (None, None);
        host.scan(cap, false, &mut |p| {
            let Some((dest, t)) = view.classify(p) else {
                return;
            };
            let (Some(dsn), true) = (p.dsn, p.payload_len > 0) else {
                return;
            };
            let dsn = dsn as f64;
            if wanted(dest) && dsn >= lo && dsn <= hi {
                times = grow(times, t);
                dsns = grow(dsns, dsn);
            }
        })?;
        let (Some((t0, t1)), Some((d0, d1))) = (times, dsns) else {
            let end = |v: Option<i64>| v.map_or("the end".to_string(), |v| v.to_string());
            return Err(Error::Plot(format!(
                "{what} has no data between DSN {} and {}",
                self.dsn_zoom
                    .0
                    .map_or("the start".to_string(), |v| v.to_string()),
                end(self.dsn_zoom.1)
            )));
        };
        let margin = ((t1 - t0) * 0.02).max(1e-6);
        let (from, to) = (
            image.zoom.0.unwrap_or(t0 - margin),
            image.zoom.1.unwrap_or(t1 + margin),
        );
        if from < to {
            image.zoom = (Some(from), Some(to));
        }
        let (a, b) = (
            self.dsn_zoom.0.map_or(d0, |v| v as f64),
            self.dsn_zoom.1.map_or(d1, |v| v as f64),
        );
        Ok(if a < b { (a, b) } else { (a, a + 1.0) })
    }
}
