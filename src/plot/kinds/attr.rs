//! `plot attr`: any numeric column of the CSV schema against time.

use super::{
    describe, parse_args, reduced, view, ConnArgs, Dest, FigureArgs, PlotHost, PlotJob, PlotKind,
    PlotPlan, TIME_LABEL,
};
use crate::analysis::timeseries::{self, AttrCollector};
use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::model::Side;
use crate::plot::{Panel, Series, SeriesStyle};
use clap::Args;
use std::path::PathBuf;

const SUMMARY: &str =
    "Any numeric column of the CSV schema against time, per subflow and direction";

pub struct AttrPlot;

#[derive(Debug, Args)]
struct AttrArgs {
    /// Capture file
    capture: PathBuf,
    #[command(flatten)]
    conn: ConnArgs,
    /// Columns to plot (numeric columns of `pcap2csv`, listed in `pcap2csv --help`), e.g. `seq`, `dsn`, `data_ack`, `payload_len`
    #[arg(required = true)]
    fields: Vec<String>,
    /// Direction of the packets plotted [default: both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    #[command(flatten)]
    subset: super::SubsetArgs,
    #[command(flatten)]
    fig: FigureArgs,
}

use crate::analysis::timeseries::Getter;

struct AttrJob {
    capture: PathBuf,
    filter: PacketFilter,
    fields: Vec<(String, Getter)>,
    dest: Option<Dest>,
    subset: super::SubsetArgs,
}

impl PlotKind for AttrPlot {
    fn name(&self) -> &str {
        "attr"
    }

    fn summary(&self) -> &str {
        SUMMARY
    }

    fn command(&self) -> clap::Command {
        super::plot_command::<AttrArgs>(self.name().to_owned(), SUMMARY)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: AttrArgs = parse_args(m)?;
        let fields = a
            .fields
            .iter()
            .map(|f| field_getter(f).map(|g| (f.clone(), g)))
            .collect::<Result<Vec<_>>>()?;
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(AttrJob {
                filter: a.conn.filter()?,
                capture: a.capture,
                fields,
                dest: a.dest,
                subset: a.subset,
            }),
        })
    }
}

impl PlotJob for AttrJob {
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
        let getters: Vec<Getter> = self.fields.iter().map(|(_, g)| *g).collect();
        let mut c = AttrCollector::new(&view, &getters, reduced(image, &view));
        host.scan(&cap, false, &mut |p| c.push(p))?;
        let what = describe(&self.capture, filter);
        let asked: Vec<Side> = match self.dest.unwrap_or(Dest::Both) {
            Dest::Server => vec![Side::Server],
            Dest::Client => vec![Side::Client],
            Dest::Both => vec![Side::Server, Side::Client],
        };
        // One panel per field and direction with values (towards the server first), as `plot
        // dsn` draws one per direction: a subflow keeps the colour of its rank in the
        // connection in both directions and in every figure.
        let mut panels: Vec<Panel> = Vec::new();
        for ((field, _), mut per_dest) in self.fields.iter().zip(c.finish()) {
            for &d in &asked {
                let subflows = std::mem::take(per_dest.get_mut(d));
                if subflows.is_empty() && asked.len() > 1 {
                    continue;
                }
                let mut panel = Panel::new(TIME_LABEL, field.as_str())
                    .with_title(super::towards(d))
                    .integer();
                for sf in subflows {
                    let color = view.subflow_index(sf.tcp_stream);
                    let label = sf.label();
                    panel
                        .series
                        .push(Series::new(label, SeriesStyle::Points, sf.points).with_color(color));
                }
                panels.push(panel);
            }
        }
        if panels.iter().all(|p| p.series.is_empty()) {
            let names: Vec<&str> = self.fields.iter().map(|(f, _)| f.as_str()).collect();
            return Err(Error::Plot(format!(
                "{what} has no value of {} {}",
                names.join(", "),
                match self.dest {
                    Some(Dest::Server) => "towards the server",
                    Some(Dest::Client) => "towards the client",
                    _ => "in either direction",
                }
            )));
        }
        image.render(what, panels)
    }
}

/// The getter of a numeric CSV column, or a usage error naming the accepted columns.
fn field_getter(field: &str) -> Result<Getter> {
    timeseries::numeric_field(field).ok_or_else(|| {
        let why = if crate::model::CSV_COLUMNS.contains(&field) {
            "is not a numeric column"
        } else {
            "is not a column of the CSV schema"
        };
        let numeric = timeseries::numeric_columns();
        // the scaled receive window is `rwnd` in the CSV schema
        let alias = match field {
            "rwin" | "rcv_wnd" | "win" | "window_size" => Some("rwnd"),
            _ => None,
        };
        let hint = alias
            .or_else(|| crate::output::message::did_you_mean(field, numeric.iter().copied()))
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        Error::Usage(format!(
            "cannot plot field {field:?}: {hint}(it {why}; numeric columns: {})",
            numeric.join(", ")
        ))
    })
}
