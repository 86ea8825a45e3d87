//! Sizes of text and lines, relative to the image size and style.

use plotters::prelude::*;

use super::font::FAMILY;
use super::Figure;

/// Sizes (in pixels) that depend on the image size, so that text keeps its proportion.
pub(crate) struct Metrics {
    scale: f64,
    /// Draw wide lines segment by segment (bitmaps): plotters fills a wide polyline as one
    /// polygon, which a path turning back on itself (a decimated pixel column going down then
    /// up) turns into spikes far outside the data.
    pub(super) segmented: bool,
    /// Paper style: marker shapes and dashes per subflow besides colours (`super::marks`).
    pub(super) paper: bool,
}

impl Metrics {
    pub(super) fn new(fig: &Figure, segmented: bool) -> Self {
        let geometric = ((fig.width as f64) * (fig.height as f64)).sqrt();
        Metrics {
            scale: (geometric / 980.0).clamp(0.5, 4.0) * fig.style.font_scale(),
            segmented,
            paper: fig.style == super::Style::Paper,
        }
    }
    pub(super) fn px(&self, v: f64) -> f64 {
        v * self.scale
    }
    pub(super) fn pxi(&self, v: f64) -> i32 {
        self.px(v).round() as i32
    }
    fn font(&self, size: f64) -> TextStyle<'static> {
        TextStyle::from((FAMILY, self.px(size)).into_font()).color(&BLACK)
    }
    pub(super) fn title(&self) -> TextStyle<'static> {
        self.font(30.0)
    }
    pub(super) fn caption(&self) -> TextStyle<'static> {
        self.font(24.0)
    }
    pub(super) fn axis_desc(&self) -> TextStyle<'static> {
        self.font(21.0)
    }
    pub(super) fn tick(&self) -> TextStyle<'static> {
        self.font(18.0)
    }
    pub(super) fn legend(&self) -> TextStyle<'static> {
        self.font(18.0)
    }
    pub(super) fn line_w(&self) -> u32 {
        self.px(2.0).round().max(1.0) as u32
    }
    pub(super) fn radius(&self) -> f64 {
        self.px(2.5).max(1.0)
    }
    /// Half-size of a paper-style marker shape (larger than a dot, to tell shapes apart).
    pub(super) fn mark_r(&self) -> f64 {
        self.px(3.6).max(2.0)
    }
    /// Distance between marks along a line drawn for a dense run of points (paper style).
    pub(super) fn mark_spacing(&self) -> f64 {
        self.px(30.0)
    }
    pub(super) fn cross(&self) -> f64 {
        self.px(5.0).max(2.0)
    }
}
