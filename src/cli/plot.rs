//! `plot` subcommands: turn analysed packets into figures rendered by [`crate::plot`].

use super::commands::{check_filter, Context};
use super::Dest;
use crate::analysis::timeseries::{self, Timeline};
use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::model::Side;
use crate::output::display::{self, DisplayMode};
use crate::pipeline::{Capture, Want};
use crate::plot::{self, Figure, ImageFormat, Panel, Series, SeriesStyle};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

pub mod twocap;

#[derive(Debug, Clone, Subcommand)]
pub enum PlotCommand {
    /// Data sequence numbers of an MPTCP connection against time, one series per subflow
    Dsn {
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
    },
    /// Any numeric column of the CSV schema against time, per subflow and direction
    Attr {
        /// Capture file
        capture: PathBuf,
        #[command(flatten)]
        conn: ConnArgs,
        /// Columns to plot (docs/csv-schema.md), e.g. `seq`, `dsn`, `data_ack`, `payload_len`
        #[arg(required = true)]
        fields: Vec<String>,
        /// Direction of the packets plotted [default: both]
        #[arg(long, value_enum)]
        dest: Option<Dest>,
        #[command(flatten)]
        fig: FigureArgs,
    },
    /// Throughput per subflow and aggregate, and goodput, over a time window
    Throughput {
        /// Capture file
        capture: PathBuf,
        #[command(flatten)]
        conn: ConnArgs,
        /// Sliding window in seconds
        #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
        window: f64,
        /// Direction of the data plotted [default: the direction that carried data, or both]
        #[arg(long, value_enum)]
        dest: Option<Dest>,
        #[command(flatten)]
        fig: FigureArgs,
    },
    /// One-way delays against time, per subflow and direction, from a client and a server capture
    Owd(twocap::OwdPlotArgs),
    /// CDF of the reinjection delay; useful and redundant apart with the receiver's capture
    Reinjections(twocap::ReinjectionsPlotArgs),
}

/// The connection plotted: a TCP stream or an MPTCP connection.
#[derive(Debug, Args, Clone, Copy)]
pub struct ConnArgs {
    /// TCP stream
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "mptcp",
        required_unless_present = "mptcp",
        help_heading = "Connection (one of)"
    )]
    pub tcp: Option<u64>,
    /// MPTCP connection
    #[arg(long, value_name = "ID", help_heading = "Connection (one of)")]
    pub mptcp: Option<u64>,
}

impl ConnArgs {
    fn filter(self) -> Result<PacketFilter> {
        match (self.tcp, self.mptcp) {
            (Some(t), None) => Ok(PacketFilter::Tcp(t)),
            (None, Some(m)) => Ok(PacketFilter::Mptcp(m)),
            _ => Err(Error::Usage(
                "give exactly one of --tcp ID or --mptcp ID".into(),
            )),
        }
    }
}

/// Options shared by every plot.
#[derive(Debug, Args, Clone)]
pub struct FigureArgs {
    /// Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a
    /// terminal with an image protocol, else the viewer, else print the path]
    #[arg(long, value_enum, value_name = "HOW")]
    pub display: Option<DisplayMode>,
    /// Image format, overriding the extension (`--format` is the same flag)
    #[arg(long, visible_alias = "format", value_name = "png|svg")]
    pub image_format: Option<ImageFormat>,
    /// Figure title
    #[arg(long)]
    pub title: Option<String>,
    /// Width in pixels (200 to 16384)
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(200..=16384))]
    pub width: u32,
    /// Height in pixels (200 to 16384)
    #[arg(long, default_value_t = 800, value_parser = clap::value_parser!(u32).range(200..=16384))]
    pub height: u32,
}

const TIME_LABEL: &str = "Time (s)";
const DSN_LABEL: &str = "Data sequence number";
const THROUGHPUT_LABEL: &str = "Throughput (bit/s)";

impl FigureArgs {
    /// The image format; an unknown extension is a command-line error (exit 2).
    fn format(&self) -> Result<ImageFormat> {
        match &self.output {
            Some(out) => plot::format_from_path(out, self.image_format)
                .map_err(|e| Error::Usage(e.to_string())),
            None => Ok(self.image_format.unwrap_or(ImageFormat::Png)),
        }
    }

    /// Fail before reading the capture when the output obviously cannot be written.
    fn check_output(&self) -> Result<()> {
        let Some(out) = &self.output else {
            return Ok(());
        };
        let err = |msg: &str| {
            Err(Error::Output {
                path: out.clone(),
                msg: msg.into(),
            })
        };
        if out.is_dir() {
            return err("is a directory");
        }
        match out.parent() {
            Some(d) if !d.as_os_str().is_empty() && !d.is_dir() => {
                err("the directory does not exist")
            }
            _ => Ok(()),
        }
    }

    /// Render to `-o FILE`, or to a temporary PNG; then display it as `--display` says
    /// (without `-o`: by default, see [`display::show`]).
    fn render(&self, ctx: &Context, default_title: String, panels: Vec<Panel>) -> Result<()> {
        let title = self.title.clone().unwrap_or(default_title);
        let fig = Figure::new(Some(title), panels).with_size(self.width, self.height);
        let viewer = ctx.config.viewer.value.as_deref();
        let stdout = std::io::stdout();
        match &self.output {
            Some(out) => {
                let format = self.format()?;
                plot::render(&fig, out, format)?;
                match self.display {
                    None | Some(DisplayMode::None) => Ok(()),
                    Some(mode) if format == ImageFormat::Png => {
                        display::show(out, Some(mode), viewer, &mut stdout.lock()).map(|_| ())
                    }
                    Some(DisplayMode::Viewer) => {
                        display::show(out, Some(DisplayMode::Viewer), viewer, &mut stdout.lock())
                            .map(|_| ())
                    }
                    Some(DisplayMode::Inline) => {
                        // terminals show PNG: a PNG copy for the terminal
                        let tmp = display::temp_image_path("png")?;
                        plot::render(&fig, &tmp, ImageFormat::Png)?;
                        let shown = display::show(&tmp, self.display, viewer, &mut stdout.lock());
                        let _ = std::fs::remove_file(&tmp);
                        shown.map(|_| ())
                    }
                }
            }
            None => {
                if self.display == Some(DisplayMode::None) {
                    return Ok(());
                }
                let tmp = display::temp_image_path("png")?;
                if let Err(e) = plot::render(&fig, &tmp, ImageFormat::Png) {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(e);
                }
                let shown = display::show(&tmp, self.display, viewer, &mut stdout.lock());
                // shown inline (or failed): the temporary file is of no more use
                if matches!(shown, Ok(display::Shown::Inline(_)) | Err(_)) {
                    let _ = std::fs::remove_file(&tmp);
                }
                shown.map(|_| ())
            }
        }
    }
}

/// Run a plot command.
pub fn run(ctx: &Context, cmd: PlotCommand) -> Result<()> {
    match cmd {
        PlotCommand::Owd(args) => twocap::owd(ctx, args),
        PlotCommand::Reinjections(args) => twocap::reinjections(ctx, args),
        PlotCommand::Dsn {
            capture,
            id,
            dest,
            dack,
            fig,
        } => {
            fig.format()?;
            fig.check_output()?;
            let filter = PacketFilter::Mptcp(id);
            let a = load(ctx, &capture, filter)?;
            let tl = Timeline::new(a.packets(), a.enricher(), filter);
            let what = describe(&capture, filter);
            let dests = directions(dest, |d| tl.has_data(d, true), &what)?;
            let n = tl.subflows.len();
            let panels = dests
                .into_iter()
                .map(|d| {
                    let data = timeseries::dsn(&tl, d);
                    let mut panel = Panel::new(TIME_LABEL, DSN_LABEL).with_title(towards(d));
                    // Drawn first, so that the packets stay visible on top of the line.
                    if dack && !data.data_acks.is_empty() {
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
            fig.render(ctx, format!("{what}: data sequence numbers"), panels)
        }
        PlotCommand::Attr {
            capture,
            conn,
            fields,
            dest,
            fig,
        } => {
            let getters = fields
                .iter()
                .map(|f| field_getter(f))
                .collect::<Result<Vec<_>>>()?;
            fig.format()?;
            fig.check_output()?;
            let filter = conn.filter()?;
            let a = load(ctx, &capture, filter)?;
            let tl = Timeline::new(a.packets(), a.enricher(), filter);
            let what = describe(&capture, filter);
            let (to_server, to_client) = dest.unwrap_or(Dest::Both).directions();
            let dests: Vec<Side> = [(to_server, Side::Server), (to_client, Side::Client)]
                .into_iter()
                .filter_map(|(keep, side)| keep.then_some(side))
                .collect();
            let panels: Vec<Panel> = fields
                .iter()
                .zip(&getters)
                .map(|(field, get)| {
                    let mut panel = Panel::new(TIME_LABEL, field.as_str());
                    for &d in &dests {
                        for sf in tl.per_subflow(d, get) {
                            let label = sf.label();
                            panel
                                .series
                                .push(Series::new(label, SeriesStyle::Points, sf.points));
                        }
                    }
                    panel
                })
                .collect();
            if panels.iter().all(|p| p.series.is_empty()) {
                return Err(Error::Plot(format!(
                    "{what} has no value of {} {}",
                    fields.join(", "),
                    match dest {
                        Some(Dest::Server) => "towards the server",
                        Some(Dest::Client) => "towards the client",
                        _ => "in either direction",
                    }
                )));
            }
            fig.render(ctx, what, panels)
        }
        PlotCommand::Throughput {
            capture,
            conn,
            window,
            dest,
            fig,
        } => {
            if !(window.is_finite() && window > 0.0) {
                return Err(Error::Usage(format!(
                    "--window must be a positive number of seconds, not {window}"
                )));
            }
            fig.format()?;
            fig.check_output()?;
            let filter = conn.filter()?;
            let a = load(ctx, &capture, filter)?;
            let tl = Timeline::new(a.packets(), a.enricher(), filter);
            let what = describe(&capture, filter);
            let dests = directions(dest, |d| tl.has_data(d, false), &what)?;
            let n = tl.subflows.len();
            let panels = dests
                .into_iter()
                .map(|d| {
                    let data = timeseries::throughput(&tl, d, window);
                    let mut panel = Panel::new(TIME_LABEL, THROUGHPUT_LABEL).with_title(towards(d));
                    for sf in &data.subflows {
                        panel.series.push(
                            Series::new(sf.label(), SeriesStyle::Step, sf.points.clone())
                                .with_color(tl.subflow_index(sf.tcp_stream)),
                        );
                    }
                    if matches!(filter, PacketFilter::Mptcp(_)) {
                        panel.series.push(
                            Series::new("aggregate", SeriesStyle::Step, data.aggregate)
                                .with_color(n),
                        );
                    }
                    panel.series.push(
                        Series::new("goodput", SeriesStyle::Step, data.goodput).with_color(n + 1),
                    );
                    panel
                })
                .collect();
            fig.render(
                ctx,
                format!("{what}: throughput, {window} s window"),
                panels,
            )
        }
    }
}

/// Load `capture`, keeping the packets of one connection; unknown ids are errors.
fn load(ctx: &Context, capture: &Path, filter: PacketFilter) -> Result<Capture> {
    let want = Want {
        packets: true,
        reinjections: matches!(filter, PacketFilter::Mptcp(_)),
        filter: Some(filter),
        ..Default::default()
    };
    let c = Capture::load(capture, &ctx.settings, want, ctx.progress())?;
    ctx.warn(&c);
    check_filter(&c, Some(filter))?;
    Ok(c)
}

/// "client_2.pcap: MPTCP connection 1"
fn describe(capture: &Path, filter: PacketFilter) -> String {
    let name = capture
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| capture.display().to_string());
    match filter {
        PacketFilter::Mptcp(id) => format!("{name}: MPTCP connection {id}"),
        PacketFilter::Tcp(id) => format!("{name}: TCP stream {id}"),
    }
}

fn towards(dest: Side) -> &'static str {
    match dest {
        Side::Server => "towards server",
        Side::Client => "towards client",
    }
}

/// The directions to draw, by destination (towards the server first): those asked for, or by
/// default those that carry data. A direction asked for alone must carry data.
fn directions(
    asked: Option<Dest>,
    has_data: impl Fn(Side) -> bool,
    what: &str,
) -> Result<Vec<Side>> {
    let with_data: Vec<Side> = [Side::Server, Side::Client]
        .into_iter()
        .filter(|&d| has_data(d))
        .collect();
    let no_data = |dir: &str| Err(Error::Plot(format!("{what} has no data {dir}")));
    match asked {
        Some(Dest::Server) if !has_data(Side::Server) => no_data("towards the server"),
        Some(Dest::Client) if !has_data(Side::Client) => no_data("towards the client"),
        Some(Dest::Server) => Ok(vec![Side::Server]),
        Some(Dest::Client) => Ok(vec![Side::Client]),
        _ if with_data.is_empty() => no_data("in either direction"),
        Some(Dest::Both) => Ok(vec![Side::Server, Side::Client]),
        None => Ok(with_data),
    }
}

/// The getter of a numeric CSV column, or a usage error naming the accepted columns.
fn field_getter(field: &str) -> Result<fn(&crate::model::Packet) -> Option<f64>> {
    timeseries::numeric_field(field).ok_or_else(|| {
        let why = if crate::model::CSV_COLUMNS.contains(&field) {
            "is not a numeric column"
        } else {
            "is not a column of the CSV schema"
        };
        Error::Usage(format!(
            "cannot plot field {field:?}: it {why} (numeric columns: {})",
            timeseries::numeric_columns().join(", ")
        ))
    })
}
