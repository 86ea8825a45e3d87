//! Arguments shared by plots: the connection, the direction and the image.

use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::output::display::DisplayMode;
use crate::plot::{self, Figure, ImageFormat, Panel};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Direction of the data plotted: towards the client, the server, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dest {
    Client,
    Server,
    Both,
}

impl Dest {
    /// The value on the command line (`--dest server`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dest::Client => "client",
            Dest::Server => "server",
            Dest::Both => "both",
        }
    }

    /// (towards the server, towards the client)
    pub fn directions(self) -> (bool, bool) {
        match self {
            Dest::Client => (false, true),
            Dest::Server => (true, false),
            Dest::Both => (true, true),
        }
    }
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
    pub fn filter(self) -> Result<PacketFilter> {
        match (self.tcp, self.mptcp) {
            (Some(t), None) => Ok(PacketFilter::Tcp(t)),
            (None, Some(m)) => Ok(PacketFilter::Mptcp(m)),
            _ => Err(Error::Usage(
                "give exactly one of --tcp ID or --mptcp ID".into(),
            )),
        }
    }
}

/// Longest `--title`, in characters: plotters lays text out in time quadratic in its length
/// (16,384 characters took 29 s), and a title is one line above the plot.
pub const MAX_TITLE_CHARS: usize = 512;

/// `--title`: at most [`MAX_TITLE_CHARS`] characters.
fn title(s: &str) -> std::result::Result<String, String> {
    let n = s.chars().count();
    if n > MAX_TITLE_CHARS {
        return Err(format!(
            "a title of {n} characters is longer than the {MAX_TITLE_CHARS} allowed"
        ));
    }
    Ok(s.to_string())
}

/// Bounds of a time window in seconds (`plot throughput --window`): from 1 ns (the resolution
/// of capture times) to 10^9 s (31 years, longer than any capture). plotters loops forever on an
/// axis spanning 10^308; within these bounds every axis is finite and small enough.
pub const WINDOW_RANGE_S: (f64, f64) = (1e-9, 1e9);

/// A time window in seconds within [`WINDOW_RANGE_S`].
pub fn window_seconds(s: &str) -> std::result::Result<f64, String> {
    let (lo, hi) = WINDOW_RANGE_S;
    match s.trim().parse::<f64>() {
        Ok(w) if w.is_finite() && (lo..=hi).contains(&w) => Ok(w),
        Ok(w) => Err(format!(
            "{w} is not a number of seconds from {lo:e} to {hi:e}"
        )),
        Err(_) => Err(format!("{s:?} is not a number of seconds")),
    }
}

/// Which subflows a plot of one connection draws.
#[derive(Debug, Args, Clone, Default)]
pub struct SubsetArgs {
    /// Leave out the packets of this subflow (TCP stream id; repeatable)
    #[arg(long, value_name = "TCPSTREAM")]
    pub skip: Vec<u64>,
    /// Draw only the packets of this subflow (TCP stream id; repeatable)
    #[arg(long, value_name = "TCPSTREAM", conflicts_with = "skip")]
    pub only: Vec<u64>,
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
    /// Figure title (at most 512 characters)
    #[arg(long, value_parser = title)]
    pub title: Option<String>,
    /// Width in pixels (200 to 16384)
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(200..=16384))]
    pub width: u32,
    /// Height in pixels (200 to 16384)
    #[arg(long, default_value_t = 800, value_parser = clap::value_parser!(u32).range(200..=16384))]
    pub height: u32,
    /// screen, or paper: larger text and lines, for a figure in a paper's column
    #[arg(long, value_enum, default_value_t = StyleArg::Screen)]
    pub style: StyleArg,
    /// Start of the x range drawn (seconds, as on the x axis)
    #[arg(long, value_name = "SECONDS")]
    pub from: Option<f64>,
    /// End of the x range drawn (seconds, as on the x axis)
    #[arg(long, value_name = "SECONDS")]
    pub to: Option<f64>,
}

/// `--style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StyleArg {
    Screen,
    Paper,
}

impl From<StyleArg> for plot::Style {
    fn from(s: StyleArg) -> Self {
        match s {
            StyleArg::Screen => plot::Style::Screen,
            StyleArg::Paper => plot::Style::Paper,
        }
    }
}

/// The zoom asked for: `--from`/`--to`, finite and in order.
fn zoom(from: Option<f64>, to: Option<f64>) -> Result<(Option<f64>, Option<f64>)> {
    for (flag, v) in [("--from", from), ("--to", to)] {
        if let Some(v) = v.filter(|v| !v.is_finite()) {
            return Err(Error::Usage(format!(
                "{flag} must be a number of seconds, not {v}"
            )));
        }
    }
    if let (Some(a), Some(b)) = (from, to) {
        if a >= b {
            return Err(Error::Usage(format!(
                "--from ({a}) must be smaller than --to ({b})"
            )));
        }
    }
    Ok((from, to))
}

impl FigureArgs {
    /// The validated image settings; an unknown extension is a command-line error (exit 2).
    pub fn target(&self) -> Result<Target> {
        let format = match &self.output {
            Some(out) => plot::format_from_path(out, self.image_format).map_err(|e| match e {
                Error::Output { .. } if out.is_dir() => e,
                e => Error::Usage(e.to_string()),
            })?,
            None => self.image_format.unwrap_or(ImageFormat::Png),
        };
        Ok(Target {
            output: self.output.clone(),
            display: self.display,
            image: ImageSpec {
                path: self.output.clone().unwrap_or_default(),
                format,
                title: self.title.clone(),
                width: self.width,
                height: self.height,
                style: self.style.into(),
                zoom: zoom(self.from, self.to)?,
            },
        })
    }
}

/// Where a plot goes: the file asked for (`-o`), how it is shown (`--display`), and the image
/// settings. Without `-o` the image is a temporary PNG, shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub output: Option<PathBuf>,
    pub display: Option<DisplayMode>,
    /// The image settings (its `path` is `output`, or empty until a temporary file is made).
    pub image: ImageSpec,
}

/// Where and how a plot's image is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSpec {
    /// The file the plot draws into.
    pub path: PathBuf,
    pub format: ImageFormat,
    /// The title asked for (each plot has its default).
    pub title: Option<String>,
    pub width: u32,
    pub height: u32,
    pub style: plot::Style,
    /// `--from`, `--to`: the x range drawn (each end defaults to the data's).
    pub zoom: (Option<f64>, Option<f64>),
}

impl ImageSpec {
    /// The x range of series that span `data` (seconds): the zoom, each end defaulting to
    /// the data's.
    pub fn x_range(&self, data: (f64, f64)) -> (f64, f64) {
        let lo = self.zoom.0.unwrap_or(data.0);
        let hi = self.zoom.1.unwrap_or(data.1);
        if lo < hi {
            (lo, hi)
        } else {
            (lo, lo + 1.0)
        }
    }

    /// Fail before reading the capture when the output obviously cannot be written.
    pub fn check_output(&self) -> Result<()> {
        let out = &self.path;
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

    /// The title: the one asked for, or `default`.
    pub fn title_or(&self, default: String) -> String {
        self.title.clone().unwrap_or(default)
    }

    /// Render `panels` under the title to the image, atomically.
    pub fn render(&self, default_title: String, panels: Vec<Panel>) -> Result<()> {
        let mut fig = Figure::new(Some(self.title_or(default_title)), panels)
            .with_size(self.width, self.height);
        fig.style = self.style;
        if self.zoom != (None, None) {
            let data = fig.x_extent().unwrap_or((0.0, 1.0));
            fig.x_range = Some(self.x_range(data));
        }
        plot::render(&fig, &self.path, self.format)
    }
}
