//! Plot types: every plot, built in or plugin, is a [`PlotKind`] listed by the [`registry`].
//!
//! A plot kind declares its name, a one-line summary and its arguments (a clap command), and
//! turns parsed arguments into a [`PlotPlan`]: where the image goes ([`ImageSpec`], validated
//! before any capture is read) and a [`PlotJob`] that draws it. Jobs read captures through a
//! [`PlotHost`] (the command line, or the interactive shell with its loaded captures), so this
//! layer never imports the command line.
//!
//! Adding a plot: one file in this directory with a type implementing [`PlotKind`], and one line
//! in [`BUILTINS`]. Plugin plots (`mptcpanalyzer-plot-NAME`, see `docs/plugins.md`) are the same
//! trait implemented by [`plugin::PluginPlot`].

mod args;
mod attr;
mod dsn;
mod ofo;
mod owd;
pub mod plugin;
mod reinjections;
mod tcp_series;
mod throughput;

pub use args::{ConnArgs, Dest, FigureArgs, ImageSpec, StyleArg, SubsetArgs, Target};

use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::model::Side;
use crate::output::display::{self, DisplayMode};
use crate::pipeline::Capture;
use crate::plot::ImageFormat;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a plot needs from the program running it.
pub trait PlotHost {
    /// Read and analyse `capture`, keeping the packets of the connection `filter` (with
    /// reinjections for an MPTCP connection), or the capture of that file the host holds
    /// loaded (the shell's, with every packet); an unknown id is [`Error::NoSuchConnection`].
    fn load(&self, capture: &Path, filter: PacketFilter) -> Result<Arc<Capture>>;
    /// Read and analyse `capture` without keeping packets (its connections, their subflows,
    /// orientation and time bounds: a plot's first pass), or the capture of that file the host
    /// holds loaded; an unknown id is [`Error::NoSuchConnection`].
    fn survey(&self, capture: &Path, filter: PacketFilter) -> Result<Arc<Capture>>;
    /// Hand every analysed packet of a capture [`PlotHost::survey`] returned to `tap`: from the
    /// packets it holds, else by another pass over its file (nothing is kept);
    /// `reinjections`: with `reinjection_of` filled.
    fn scan(
        &self,
        capture: &Capture,
        reinjections: bool,
        tap: &mut dyn FnMut(&crate::model::Packet),
    ) -> Result<()>;
    /// Write the rows `pcap2csv CAPTURE --tcp|--mptcp ID` writes (docs/csv-schema.md, comma
    /// delimiter) to the file `out`; an unknown id is [`Error::NoSuchConnection`], before any row.
    fn write_csv(&self, capture: &Path, filter: PacketFilter, out: &Path) -> Result<()>;
    /// Tell the user something on stderr (not with `--quiet`): `mptcpanalyzer: warning: MSG`.
    fn warn(&self, msg: &str);
    /// Environment of plugin processes (docs/plugins.md).
    fn plugin_env(&self) -> crate::plugin::PluginEnv;
    /// The configured viewer command (`--display viewer`), if any.
    fn viewer(&self) -> Option<String>;
    /// Where the time axes count from (`--time-origin`).
    fn time_origin(&self) -> crate::analysis::time::TimeOrigin {
        Default::default()
    }
    /// One-way delays of connection `filter` of `client` against `server`, as the `owd` command
    /// computes them (`clock_offset`: seconds or `auto`, its flag; a bad value is a usage error
    /// before anything is read). `dirs`: (towards the server, towards the client). With the
    /// instant (nanoseconds since the epoch) times count from (`--time-origin`, as `owd`
    /// prints them).
    fn owd(
        &self,
        client: &Path,
        server: &Path,
        filter: PacketFilter,
        dirs: (bool, bool),
        clock_offset: Option<&str>,
    ) -> Result<(crate::analysis::twocap::owd::OwdReport, i64)>;
    /// The reinjections of MPTCP connection `id` of `sender`, qualified with `receiver` if
    /// given, as the `reinjections` command lists them.
    fn reinjections(
        &self,
        sender: &Path,
        receiver: Option<&Path>,
        id: u64,
        dirs: (bool, bool),
    ) -> Result<crate::analysis::twocap::reinject::ReinjectionReport>;
}

/// Draws one plot once its arguments are validated.
pub trait PlotJob {
    /// Draw into `image.path` atomically: on error, nothing is written there.
    fn draw(&self, host: &dyn PlotHost, image: &ImageSpec) -> Result<()>;
}

/// A validated plot invocation.
pub struct PlotPlan {
    pub target: Target,
    pub job: Box<dyn PlotJob>,
}

impl PlotPlan {
    /// Draw to `-o FILE` (then show it if `--display` asks), or without `-o` to a temporary PNG
    /// that is shown (see [`display::show`]). On error nothing is written to `-o FILE`.
    pub fn run(&self, host: &dyn PlotHost) -> Result<()> {
        let t = &self.target;
        let viewer = host.viewer();
        let viewer = viewer.as_deref();
        let stdout = std::io::stdout();
        let png_image = |path: PathBuf| ImageSpec {
            path,
            format: ImageFormat::Png,
            ..t.image.clone()
        };
        match &t.output {
            Some(out) => {
                t.image.check_output()?;
                self.job.draw(host, &t.image)?;
                let display = t.display.filter(|_| out.as_os_str() != "-");
                match display {
                    None | Some(DisplayMode::None) => Ok(()),
                    Some(mode) if t.image.format == ImageFormat::Png => {
                        display::show(out, Some(mode), viewer, &mut stdout.lock()).map(|_| ())
                    }
                    Some(DisplayMode::Viewer) => {
                        display::show(out, Some(DisplayMode::Viewer), viewer, &mut stdout.lock())
                            .map(|_| ())
                    }
                    Some(DisplayMode::Inline) => {
                        // terminals show PNG: a PNG copy for the terminal
                        let tmp = display::temp_image_path("png")?;
                        let shown = self.job.draw(host, &png_image(tmp.clone())).and_then(|()| {
                            display::show(&tmp, t.display, viewer, &mut stdout.lock())
                        });
                        let _ = std::fs::remove_file(&tmp);
                        shown.map(|_| ())
                    }
                }
            }
            None => {
                if t.display == Some(DisplayMode::None) {
                    return Ok(());
                }
                let tmp = display::temp_image_path("png")?;
                if let Err(e) = self.job.draw(host, &png_image(tmp.clone())) {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(e);
                }
                let shown = display::show(&tmp, t.display, viewer, &mut stdout.lock());
                // shown inline (or failed): the temporary file is of no more use
                if matches!(shown, Ok(display::Shown::Inline(_)) | Err(_)) {
                    let _ = std::fs::remove_file(&tmp);
                }
                shown.map(|_| ())
            }
        }
    }
}

/// One type of plot.
pub trait PlotKind: Sync {
    /// The name on the command line (`plot NAME`).
    fn name(&self) -> &str;
    /// One line for `plot --help`, `plot --list` and completions.
    fn summary(&self) -> &str;
    /// The clap command of `plot NAME` (its name, about and arguments).
    fn command(&self) -> clap::Command;
    /// Validate parsed arguments into a plan (usage errors here, before anything is read).
    fn plan(&self, matches: &clap::ArgMatches) -> Result<PlotPlan>;
}

/// The clap command of a plot: its name, its one-line summary as about, and the arguments of
/// `A` (what every [`PlotKind::command`] returns).
pub(crate) fn plot_command<A: clap::Args>(
    name: impl Into<clap::builder::Str>,
    summary: impl Into<clap::builder::StyledStr>,
) -> clap::Command {
    A::augment_args(clap::Command::new(name))
        .about(summary)
        .long_about(None)
}

/// The built-in plots, in the order of `plot --help`. Add a new plot here.
pub static BUILTINS: &[&dyn PlotKind] = &[
    &dsn::DsnPlot,
    &attr::AttrPlot,
    &throughput::ThroughputPlot,
    &ofo::OfoPlot,
    &owd::OwdPlot,
    &reinjections::ReinjectionsPlot,
    &tcp_series::RttPlot,
    &tcp_series::FlightPlot,
];

/// The built-in plot named `name`.
pub fn builtin(name: &str) -> Option<&'static dyn PlotKind> {
    BUILTINS.iter().copied().find(|k| k.name() == name)
}

/// One entry of the catalogue of plot types (for `plot --list`, help and completion).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlotEntry {
    pub name: String,
    pub summary: String,
    /// `None` for a built-in plot, the executable for a plugin.
    pub plugin: Option<std::path::PathBuf>,
    /// Why the plugin cannot be used (it did not describe itself).
    pub broken: Option<String>,
}

/// Every plot type: the built-in ones, then the plot plugins found on `search` (described
/// with `env`; broken ones included, with the reason).
pub fn catalog(
    search: &crate::plugin::SearchPath,
    env: &crate::plugin::PluginEnv,
) -> Vec<PlotEntry> {
    let mut v: Vec<PlotEntry> = BUILTINS
        .iter()
        .map(|k| PlotEntry {
            name: k.name().to_string(),
            summary: k.summary().to_string(),
            plugin: None,
            broken: None,
        })
        .collect();
    for p in crate::plugin::discover_described(search, env) {
        if p.kind != crate::plugin::Kind::Plot {
            continue;
        }
        let shadowed = builtin(&p.name).is_some();
        v.push(PlotEntry {
            summary: p.summary().to_string(),
            broken: if shadowed {
                Some(format!("shadowed by the built-in plot {}", p.name))
            } else {
                p.broken_reason().map(str::to_string)
            },
            name: p.name,
            plugin: Some(p.path),
        });
    }
    v
}

/// What `plot` was asked to draw: a built-in plot with its parsed arguments, or a name that is
/// no built-in plot (a plugin) with its arguments unparsed.
#[derive(Debug, Clone)]
pub enum PlotCall {
    Builtin {
        name: String,
        matches: clap::ArgMatches,
    },
    External {
        name: String,
        args: Vec<OsString>,
    },
}

impl clap::FromArgMatches for PlotCall {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        match m.subcommand() {
            Some((name, sub)) if builtin(name).is_some() => Ok(PlotCall::Builtin {
                name: name.to_string(),
                matches: sub.clone(),
            }),
            Some((name, sub)) => Ok(PlotCall::External {
                name: name.to_string(),
                args: sub
                    .get_many::<OsString>("")
                    .map(|v| v.cloned().collect())
                    .unwrap_or_default(),
            }),
            None => Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand)),
        }
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Subcommand for PlotCall {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        let cmd = cmd
            .allow_external_subcommands(true)
            .external_subcommand_value_parser(clap::value_parser!(OsString));
        BUILTINS
            .iter()
            .fold(cmd, |cmd, k| cmd.subcommand(k.command()))
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(_name: &str) -> bool {
        // any other name is a plugin plot
        true
    }
}

const TIME_LABEL: &str = "Time (s)";

/// An empty reduced series for `image`: over the connection's time range (or the zoom), with
/// several buckets per pixel column, so that the renderer's per-column decimation of the reduced
/// series keeps each column's extent.
fn reduced(
    image: &ImageSpec,
    view: &crate::analysis::timeseries::ConnView,
) -> crate::analysis::timeseries::Reduced {
    use crate::analysis::timeseries::{Reduced, POINTS_PER_BUCKET};
    let buckets = image.width as usize * POINTS_PER_BUCKET;
    let range = image.x_range(view.range());
    if image.zoom == (None, None) {
        Reduced::new(range, buckets)
    } else {
        Reduced::zoomed(range, buckets)
    }
}

/// The connection as a first pass over `capture` left it, restricted to the subflows asked.
fn view<'c>(
    cap: &'c Capture,
    capture: &Path,
    filter: PacketFilter,
    subset: &SubsetArgs,
    origin: crate::analysis::time::TimeOrigin,
) -> Result<crate::analysis::timeseries::ConnView<'c>> {
    let what = describe(capture, filter);
    let mut v = crate::analysis::timeseries::ConnView::new(cap.enricher(), filter)
        .ok_or_else(|| Error::Plot(format!("{what} has no packet")))?;
    v.restrict(&subset.skip, &subset.only)
        .map_err(|e| Error::Usage(format!("{what}: {e}")))?;
    v.set_zero(cap.time_zero_ns(origin));
    Ok(v)
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

/// A clap usage error as our error (exit 2), its text without clap's "error: " prefix.
fn clap_usage(e: clap::Error) -> Error {
    let text = e.render().to_string();
    let text = text.trim_end();
    Error::Usage(text.strip_prefix("error: ").unwrap_or(text).to_string())
}

/// Parse a built-in plot's derived arguments from its matches.
fn parse_args<A: clap::FromArgMatches>(m: &clap::ArgMatches) -> Result<A> {
    A::from_arg_matches(m).map_err(clap_usage)
}
