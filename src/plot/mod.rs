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
mod decimate;
mod draw;
mod font;
pub mod kinds;

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::fsutil::{FsError, OutputFile, Policy};

pub use decimate::{decimate, step_polyline, MAX_POINTS_PER_COLUMN};

/// Output image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Svg,
}

impl ImageFormat {
    pub const ALL: [ImageFormat; 2] = [ImageFormat::Png, ImageFormat::Svg];

    /// The file extension, without dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }

    fn accepted() -> String {
        ImageFormat::ALL
            .iter()
            .map(|f| format!(".{}", f.extension()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for ImageFormat {
    type Err = Error;

    /// `png` or `svg`, case-insensitive, with or without a leading dot.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.strip_prefix('.').unwrap_or(s);
        ImageFormat::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "unknown image format {s:?} (accepted: {})",
                    ImageFormat::ALL.map(|f| f.extension()).join(", ")
                ))
            })
    }
}

/// The format to write `path` in: `forced` when given, otherwise from the extension of `path`
/// (`.png` or `.svg`, case-insensitive).
pub fn format_from_path(path: &Path, forced: Option<ImageFormat>) -> Result<ImageFormat> {
    if let Some(f) = forced {
        return Ok(f);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    ImageFormat::ALL
        .into_iter()
        .find(|f| f.extension().eq_ignore_ascii_case(ext))
        .ok_or_else(|| Error::Output {
            path: path.to_path_buf(),
            msg: if ext.is_empty() {
                format!(
                    "cannot tell the image format without an extension (accepted: {})",
                    ImageFormat::accepted()
                )
            } else {
                format!(
                    "unsupported image extension .{ext} (accepted: {})",
                    ImageFormat::accepted()
                )
            },
        })
}

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
}

impl Series {
    pub fn new(label: impl Into<String>, style: SeriesStyle, points: Vec<(f64, f64)>) -> Self {
        Series {
            label: label.into(),
            points,
            style,
            color: None,
        }
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
}

impl Panel {
    pub fn new(x_label: impl Into<String>, y_label: impl Into<String>) -> Self {
        Panel {
            title: None,
            x_label: x_label.into(),
            y_label: y_label.into(),
            series: Vec::new(),
        }
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
        }
    }

    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
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

/// The palette: ten colours that stay distinct from each other (and from the grey mesh).
/// Indices past the palette reuse it, darkened on odd rounds.
pub const PALETTE: [(u8, u8, u8); 10] = [
    (0x1f, 0x77, 0xb4), // blue
    (0xff, 0x7f, 0x0e), // orange
    (0x2c, 0xa0, 0x2c), // green
    (0xd6, 0x27, 0x28), // red
    (0x94, 0x67, 0xbd), // purple
    (0x8c, 0x56, 0x4b), // brown
    (0xe3, 0x77, 0xc2), // pink
    (0xbc, 0xbd, 0x22), // olive
    (0x17, 0xbe, 0xcf), // cyan
    (0x39, 0x3b, 0x79), // indigo
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
    validate(fig)?;
    font::ensure_registered()?;
    let tmp = stage_image(out, format)?;
    match format {
        ImageFormat::Svg => {
            let svg = draw::render_svg(fig)?;
            let mut f = tmp.file();
            f.write_all(svg.as_bytes())
                .and_then(|()| f.flush())
                .map_err(|e| image_error(out, format!("cannot write the image: {e}")))?;
        }
        ImageFormat::Png => {
            let path = tmp
                .temp_path()
                .expect("a staged file has a path")
                .to_path_buf();
            draw::render_png(fig, &path, out)?;
        }
    }
    commit_image(tmp, out)
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
    fn format_from_extension() {
        let f = |p: &str| format_from_path(Path::new(p), None);
        assert_eq!(f("a.png").unwrap(), ImageFormat::Png);
        assert_eq!(f("dir/a.PNG").unwrap(), ImageFormat::Png);
        assert_eq!(f("a.Svg").unwrap(), ImageFormat::Svg);
        let err = f("plot.jpg").unwrap_err().to_string();
        assert!(
            err.contains("plot.jpg") && err.contains(".png, .svg"),
            "{err}"
        );
        let err = f("plot").unwrap_err().to_string();
        assert!(err.contains("plot:") && err.contains(".png, .svg"), "{err}");
        assert_eq!(
            format_from_path(Path::new("plot"), Some(ImageFormat::Svg)).unwrap(),
            ImageFormat::Svg
        );
    }

    #[test]
    fn format_from_str() {
        assert_eq!("PNG".parse::<ImageFormat>().unwrap(), ImageFormat::Png);
        assert_eq!(".svg".parse::<ImageFormat>().unwrap(), ImageFormat::Svg);
        assert!("pdf".parse::<ImageFormat>().is_err());
    }

    #[test]
    fn palette_is_distinct() {
        let colors: std::collections::HashSet<_> = (0..20).map(palette_color).collect();
        assert_eq!(colors.len(), 20);
        // No grey: the mesh and axes are grey or black.
        assert!(colors.iter().all(|&(r, g, b)| !(r == g && g == b)));
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
