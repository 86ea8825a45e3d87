//! Rendering of figures (stacked panels of x/y series) to PNG or SVG.
//!
//! This layer knows nothing about packets: the command layer turns an analysis into a
//! [`Figure`] and calls [`render`]. See `docs/plots.md` for the rendering rules (fonts,
//! decimation, colours, sizes).
//!
//! ```no_run
//! use mptcpanalyzer::plot::{self, Figure, Panel, Series, SeriesStyle};
//! # fn main() -> mptcpanalyzer::Result<()> {
//! let mut panel = Panel::new("time (s)", "data sequence number");
//! panel.series.push(Series::new("subflow 0", SeriesStyle::Points, vec![(0.0, 1.0), (0.1, 1400.0)]));
//! let fig = Figure::new(Some("DSN over time".into()), vec![panel]);
//! let out = std::path::Path::new("dsn.png");
//! plot::render(&fig, out, plot::format_from_path(out, None)?)?;
//! # Ok(()) }
//! ```

mod axis;
mod colors;
mod decimate;
mod draw;
mod font;
mod format;
pub mod kinds;
mod legend;
mod marks;
mod metrics;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::fsutil::{FsError, OutputFile, Policy};

pub use decimate::{decimate, step_polyline, MAX_POINTS_PER_COLUMN};
pub use format::{format_from_path, ImageFormat};

/// How the points of a series are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SeriesStyle {
    /// Small filled dots (a scatter plot).
    #[default]
    Points,
    /// Points joined by straight segments, in the given order.
    Line,
    /// Crosses, larger than [`SeriesStyle::Points`], to make rare events (reinjections) stand out.
    Markers,
    /// A staircase: each value holds until the x of the next point.
    Step,
}

/// One named set of (x, y) points; x is in seconds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Legend entry.
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub style: SeriesStyle,
    /// Index in the palette ([`palette_color`]). `None` gives every distinct label of the
    /// figure its own colour, in order of first appearance, so a label repeated in several
    /// panels keeps its colour.
    pub color: Option<usize>,
    /// A fixed colour (a series kind, [`kind_colors`]), overriding the palette.
    pub rgb: Option<(u8, u8, u8)>,
    /// Drawn with a thinner line, after the other lines (so that a line equal to another one
    /// stays visible on top of it).
    pub thin: bool,
}

impl Series {
    pub fn new(label: impl Into<String>, style: SeriesStyle, points: Vec<(f64, f64)>) -> Self {
        Series {
            label: label.into(),
            points,
            style,
            color: None,
            rgb: None,
            thin: false,
        }
    }

    /// A fixed colour (a series kind), instead of a palette index.
    pub fn with_rgb(mut self, rgb: (u8, u8, u8)) -> Self {
        self.rgb = Some(rgb);
        self
    }

    /// A thinner line, drawn over the other lines.
    pub fn thin(mut self) -> Self {
        self.thin = true;
        self
    }

    /// Forces the palette index (e.g. the subflow number, so that a subflow has the same colour
    /// in the "towards server" and "towards client" panels).
    pub fn with_color(mut self, index: usize) -> Self {
        self.color = Some(index);
        self
    }
}

/// One chart: axes, mesh, legend and series. Panels of a figure are stacked vertically and
/// share their x range.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel {
    pub title: Option<String>,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    /// The y range drawn (default: the data's, with a 5 % margin).
    pub y_range: Option<(f64, f64)>,
    /// The y values are integers (counters, sequence numbers): ticks fall on integers.
    pub y_integer: bool,
}

impl Panel {
    pub fn new(x_label: impl Into<String>, y_label: impl Into<String>) -> Self {
        Panel {
            title: None,
            x_label: x_label.into(),
            y_label: y_label.into(),
            series: Vec::new(),
            y_range: None,
            y_integer: false,
        }
    }

    /// Ticks on integers only (no "1.5" on a sequence-number axis).
    pub fn integer(mut self) -> Self {
        self.y_integer = true;
        self
    }

    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    pub fn with_series(mut self, series: Series) -> Self {
        self.series.push(series);
        self
    }
}

/// A whole image: an optional title above vertically stacked panels. Sizes are in pixels
/// (for SVG, in user units of the same size).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub title: Option<String>,
    pub panels: Vec<Panel>,
    pub width: u32,
    pub height: u32,
    /// The x range shared by the panels (default: the data's, with a 2 % margin).
    pub x_range: Option<(f64, f64)>,
    pub style: Style,
}

/// Paper or screen: the size of text and lines relative to the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Style {
    /// Sizes for a screen at the default image size.
    #[default]
    Screen,
    /// Larger text and lines, for a figure printed in a column of a paper; greyscale-safe:
    /// each subflow (palette index) also gets its own marker shape and line dash.
    Paper,
}

impl Style {
    pub(crate) fn font_scale(self) -> f64 {
        match self {
            Style::Screen => 1.0,
            Style::Paper => 1.35,
        }
    }
}

/// Where a panel's plotting area was drawn, in image pixels: the pixel of the corner
/// (x_range.0, y_range.0) and of (x_range.1, y_range.1). Lets a test map data to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelGeometry {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub origin: (i32, i32),
    pub corner: (i32, i32),
}

impl PanelGeometry {
    /// The pixel of a data point (as plotters maps it: floor of the linear map).
    pub fn to_pixel(&self, x: f64, y: f64) -> (i32, i32) {
        let map = |v: f64, (lo, hi): (f64, f64), (a, b): (i32, i32)| {
            let f = (v - lo) / (hi - lo);
            let len = (b - a) as f64;
            if len >= 0.0 {
                a + (len * f + 1e-3).floor() as i32
            } else {
                a + (len * f - 1e-3).ceil() as i32
            }
        };
        (
            map(x, self.x_range, (self.origin.0, self.corner.0)),
            map(y, self.y_range, (self.origin.1, self.corner.1)),
        )
    }
}

impl Figure {
    pub const DEFAULT_WIDTH: u32 = 1200;
    pub const DEFAULT_HEIGHT: u32 = 800;
    /// Smallest accepted width or height.
    pub const MIN_SIZE: u32 = 200;
    /// Largest accepted width or height.
    pub const MAX_SIZE: u32 = 16_384;

    /// A figure of the default size (1200x800).
    pub fn new(title: Option<String>, panels: Vec<Panel>) -> Self {
        Figure {
            title,
            panels,
            width: Self::DEFAULT_WIDTH,
            height: Self::DEFAULT_HEIGHT,
            x_range: None,
            style: Style::Screen,
        }
    }

    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// The smallest and largest finite x over all series.
    pub fn x_extent(&self) -> Option<(f64, f64)> {
        self.panels
            .iter()
            .flat_map(|p| &p.series)
            .flat_map(|s| &s.points)
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .fold(None, |acc, &(x, _)| match acc {
                None => Some((x, x)),
                Some((a, b)) => Some((f64::min(a, x), f64::max(b, x))),
            })
    }

    /// Number of finite points over all series.
    fn point_count(&self) -> usize {
        self.panels
            .iter()
            .flat_map(|p| &p.series)
            .flat_map(|s| &s.points)
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .count()
    }
}

/// The palette of subflows (and other numbered series): the colour-blind-safe Okabe-Ito
/// colours, without black and vermillion, which are kept for series kinds ([`KIND_COLORS`]).
/// Indices past the palette reuse it, darkened on odd rounds.
pub const PALETTE: [(u8, u8, u8); 6] = [
    (0x00, 0x72, 0xb2), // blue
    (0xe6, 0x9f, 0x00), // orange
    (0x00, 0x9e, 0x73), // bluish green
    (0xcc, 0x79, 0xa7), // reddish purple
    (0x56, 0xb4, 0xe9), // sky blue
    (0xf0, 0xe4, 0x42), // yellow
];

/// Colours of series kinds, the same in every figure and never taken by a subflow.
pub mod kind_colors {
    /// The data ACK staircase (`plot dsn --dack`): black.
    pub const DATA_ACK: (u8, u8, u8) = (0x00, 0x00, 0x00);
    /// The aggregate throughput: Okabe-Ito vermillion.
    pub const AGGREGATE: (u8, u8, u8) = (0xd5, 0x5e, 0x00);
    /// Goodput: dark grey, thin, on top of the aggregate.
    pub const GOODPUT: (u8, u8, u8) = (0x44, 0x44, 0x44);
    /// The MPTCP-level receive window edge (`plot dsn --dack`: data ACK + rwnd): mid grey.
    pub const WINDOW_EDGE: (u8, u8, u8) = (0x99, 0x99, 0x99);
}

/// [`kind_colors`], for listing.
pub const KIND_COLORS: [(u8, u8, u8); 4] = [
    kind_colors::DATA_ACK,
    kind_colors::AGGREGATE,
    kind_colors::GOODPUT,
    kind_colors::WINDOW_EDGE,
];

/// The RGB colour of palette index `index`.
pub fn palette_color(index: usize) -> (u8, u8, u8) {
    let (r, g, b) = PALETTE[index % PALETTE.len()];
    if (index / PALETTE.len()) % 2 == 1 {
        let dark = |c: u8| (c as u16 * 3 / 5) as u8;
        (dark(r), dark(g), dark(b))
    } else {
        (r, g, b)
    }
}

/// Renders `fig` to `out` in `format`.
///
/// The image is drawn to a temporary file in the directory of `out`, which replaces `out` only
/// once complete: on any error, `out` is left as it was (absent or with its old content).
///
/// Errors: [`Error::Plot`] when no series has a point ("nothing to plot") or the size is out of
/// bounds, [`Error::Output`] when `out` cannot be written.
pub fn render(fig: &Figure, out: &Path, format: ImageFormat) -> Result<()> {
    render_with_geometry(fig, out, format).map(|_| ())
}

/// [`render`], returning where each panel's plotting area was drawn.
pub fn render_with_geometry(
    fig: &Figure,
    out: &Path,
    format: ImageFormat,
) -> Result<Vec<PanelGeometry>> {
    if out == Path::new("-") {
        return render_to_stdout(fig, format);
    }
    validate(fig)?;
    font::ensure_registered()?;
    let tmp = stage_image(out, format)?;
    let geometry = match format {
        ImageFormat::Svg => {
            let (svg, geometry) = draw::render_svg(fig)?;
            let mut f = tmp.file();
            f.write_all(svg.as_bytes())
                .and_then(|()| f.flush())
                .map_err(|e| image_error(out, format!("cannot write the image: {e}")))?;
            geometry
        }
        ImageFormat::Png => {
            let path = tmp
                .temp_path()
                .expect("a staged file has a path")
                .to_path_buf();
            draw::render_png(fig, &path, out)?
        }
    };
    commit_image(tmp, out)?;
    Ok(geometry)
}

/// `-o -`: the whole image is drawn to a private temporary file, then written to standard
/// output (nothing is written there on a drawing error).
fn render_to_stdout(fig: &Figure, format: ImageFormat) -> Result<Vec<PanelGeometry>> {
    let dir = tempfile::tempdir().map_err(|e| {
        image_error(
            Path::new("-"),
            format!("cannot create a temporary file: {e}"),
        )
    })?;
    let tmp = dir.path().join(format!("plot.{}", format.extension()));
    let geometry = render_with_geometry(fig, &tmp, format)?;
    let bytes = std::fs::read(&tmp).map_err(|e| image_error(&tmp, e.to_string()))?;
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)
        .and_then(|()| out.flush())
        .map_err(Error::stdout)?;
    Ok(geometry)
}

fn image_error(out: &Path, msg: String) -> Error {
    Error::Output {
        path: out.to_path_buf(),
        msg,
    }
}

fn image_fs_error(out: &Path, e: FsError) -> Error {
    match e {
        FsError::Create { dir, source } => image_error(
            out,
            format!(
                "cannot create the image in directory {}: {source}",
                dir.display()
            ),
        ),
        FsError::Commit(e) => image_error(out, format!("cannot write the image: {e}")),
        other => image_error(out, other.to_string()),
    }
}

/// A temporary file with a path for an image bound for `out` (the one atomic-write helper,
/// [`crate::fsutil`]): renamed over `out` (a link's target) by [`commit_image`], or copied
/// into it when it is a device or FIFO; an existing `out` keeps its mode and owner. Built-in
/// plots and plot plugins write their images through it.
pub(crate) fn stage_image(out: &Path, format: ImageFormat) -> Result<OutputFile> {
    let suffix = format!(".{}", format.extension());
    OutputFile::staged(
        out,
        Policy::UserOutput,
        &crate::fsutil::temp_prefix("plot-"),
        &suffix,
        0o666,
    )
    .map_err(|e| image_fs_error(out, e))
}

/// Puts a complete image staged by [`stage_image`] in place.
pub(crate) fn commit_image(tmp: OutputFile, out: &Path) -> Result<()> {
    tmp.commit().map_err(|e| image_fs_error(out, e))
}

fn validate(fig: &Figure) -> Result<()> {
    let ok = |v: u32| (Figure::MIN_SIZE..=Figure::MAX_SIZE).contains(&v);
    if !ok(fig.width) || !ok(fig.height) {
        return Err(Error::Plot(format!(
            "image size {}x{} out of bounds (each side must be between {} and {} pixels)",
            fig.width,
            fig.height,
            Figure::MIN_SIZE,
            Figure::MAX_SIZE
        )));
    }
    if fig.panels.is_empty() {
        return Err(Error::Plot(
            "nothing to plot: the figure has no panel".into(),
        ));
    }
    let min_panel_height = 120;
    if fig.height / (fig.panels.len() as u32) < min_panel_height {
        return Err(Error::Plot(format!(
            "image height {} too small for {} panels (at least {} pixels per panel)",
            fig.height,
            fig.panels.len(),
            min_panel_height
        )));
    }
    if fig.point_count() == 0 {
        let n: usize = fig.panels.iter().map(|p| p.series.len()).sum();
        return Err(Error::Plot(if n == 0 {
            "nothing to plot: the figure has no series".into()
        } else {
            format!("nothing to plot: none of the {n} series has a data point")
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_is_distinct() {
        let n = 2 * PALETTE.len();
        let colors: std::collections::HashSet<_> = (0..n).map(palette_color).collect();
        assert_eq!(colors.len(), n);
        // No grey: the mesh and axes are grey or black; no kind colour.
        assert!(colors.iter().all(|&(r, g, b)| !(r == g && g == b)));
        assert!(KIND_COLORS.iter().all(|k| !colors.contains(k)));
    }

    #[test]
    fn empty_figures_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.svg");
        let fig = Figure::new(None, vec![Panel::new("x", "y")]);
        let err = render(&fig, &out, ImageFormat::Svg).unwrap_err();
        assert!(err.to_string().starts_with("nothing to plot"), "{err}");
        let fig = Figure::new(
            None,
            vec![Panel::new("x", "y").with_series(Series::new(
                "s",
                SeriesStyle::Line,
                vec![(f64::NAN, 1.0)],
            ))],
        );
        let err = render(&fig, &out, ImageFormat::Svg).unwrap_err();
        assert!(err.to_string().starts_with("nothing to plot"), "{err}");
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn bad_sizes_are_rejected() {
        let panel =
            Panel::new("x", "y").with_series(Series::new("s", SeriesStyle::Line, vec![(0.0, 1.0)]));
        let fig = Figure::new(None, vec![panel.clone()]).with_size(0, 100);
        assert!(matches!(validate(&fig), Err(Error::Plot(_))));
        let fig = Figure::new(None, vec![panel; 10]).with_size(800, 600);
        assert!(matches!(validate(&fig), Err(Error::Plot(_))));
    }
}
