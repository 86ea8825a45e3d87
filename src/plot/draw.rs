//! Drawing a [`Figure`] on a plotters backend.
//!
//! Layout first, then drawing: every panel's legend width and y-label area are measured, and
//! the widest of each is used for all panels, so that stacked plotting areas line up.

use std::path::Path;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod series;

use super::axis::{padded_range, TickFormat};

use super::legend::{draw_legend, LegendMetrics};
use series::draw_series;

pub(super) use super::metrics::Metrics;
use super::{palette_color, Figure, Panel, PanelGeometry, Series};
use crate::error::{Error, Result};

/// Renders to an SVG document.
pub fn render_svg(fig: &Figure) -> Result<(String, Vec<PanelGeometry>)> {
    let mut svg = String::new();
    let geometry;
    {
        let root = SVGBackend::with_string(&mut svg, (fig.width, fig.height)).into_drawing_area();
        geometry = draw_figure(&root, fig, false)?;
        root.present().map_err(drawing_error)?;
    }
    Ok((svg, geometry))
}

/// Renders to a PNG file at `path` (a temporary file: the caller moves it into place).
pub fn render_png(fig: &Figure, path: &Path, out: &Path) -> Result<Vec<PanelGeometry>> {
    let root = BitMapBackend::new(path, (fig.width, fig.height)).into_drawing_area();
    let geometry = draw_figure(&root, fig, true)?;
    root.present().map_err(|e| Error::Output {
        path: out.to_path_buf(),
        msg: format!("cannot write the image: {e}"),
    })?;
    Ok(geometry)
}

pub(super) fn drawing_error<E: std::error::Error + Send + Sync>(
    e: DrawingAreaErrorKind<E>,
) -> Error {
    Error::Plot(format!("drawing failed: {e}"))
}

/// The colour a series is drawn in: its fixed one, else its palette index's.
pub(super) fn series_color(s: &Series, index: usize) -> RGBColor {
    match s.rgb {
        Some((r, g, b)) => RGBColor(r, g, b),
        None => rgb(index),
    }
}

pub(super) fn rgb(index: usize) -> RGBColor {
    let (r, g, b) = palette_color(index);
    RGBColor(r, g, b)
}

fn finite_points(s: &Series) -> impl Iterator<Item = &(f64, f64)> {
    s.points
        .iter()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
}

fn bounds<'a>(points: impl Iterator<Item = &'a (f64, f64)>) -> Option<((f64, f64), (f64, f64))> {
    points.fold(None, |acc, &(x, y)| match acc {
        None => Some(((x, x), (y, y))),
        Some(((x0, x1), (y0, y1))) => Some(((x0.min(x), x1.max(x)), (y0.min(y), y1.max(y)))),
    })
}

/// The x range drawn: the one the figure fixes, else the data's with a 2 % margin.
fn x_range_of(fig: &Figure) -> Result<(f64, f64)> {
    if let Some(r) = fig.x_range {
        return Ok(r);
    }
    let all = fig
        .panels
        .iter()
        .flat_map(|p| &p.series)
        .flat_map(finite_points);
    let ((x_lo, x_hi), _) = bounds(all).ok_or_else(|| Error::Plot("nothing to plot".into()))?;
    Ok(padded_range(x_lo, x_hi, 0.02))
}

fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    fig: &Figure,
    segmented: bool,
) -> Result<Vec<PanelGeometry>>
where
    DB::ErrorType: 'static,
{
    let m = Metrics::new(fig, segmented);
    root.fill(&WHITE).map_err(drawing_error)?;
    let body = match fig.title.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => draw_title(root, t, &m)?,
        None => root.clone(),
    };
    let body = body.margin(m.pxi(6.0), m.pxi(6.0), m.pxi(6.0), m.pxi(10.0));

    // All panels share the x range so that they line up in time.
    let x_range = x_range_of(fig)?;
    let colors = super::colors::color_indices(fig);
    let plans = fig
        .panels
        .iter()
        .map(|p| PanelPlan::new(&body, p, fig.panels.len(), &m))
        .collect::<Result<Vec<_>>>()?;
    let shared = SharedLayout {
        legend_w: plans.iter().map(|p| p.legend_w).max().unwrap_or(0),
        y_label_area: plans.iter().map(|p| p.y_label_area).max().unwrap_or(0),
        x_range,
    };
    let areas = body.split_evenly((fig.panels.len(), 1));
    let last = fig.panels.len() - 1;
    let mut geometry = Vec::with_capacity(plans.len());
    for (i, ((panel, area), plan)) in fig.panels.iter().zip(&areas).zip(&plans).enumerate() {
        let ctx = PanelCtx {
            panel,
            plan,
            colors: &colors[i],
            shared: &shared,
            x_desc: i == last,
        };
        geometry.push(draw_panel(area, &ctx, &m)?);
    }
    Ok(geometry)
}

/// Draws the title band and returns the area under it.
fn draw_title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    m: &Metrics,
) -> Result<DrawingArea<DB, Shift>>
where
    DB::ErrorType: 'static,
{
    let style = m.title();
    let band = (style.font.get_size() * 1.9).ceil() as u32;
    let (title_area, rest) = root.split_vertically(band);
    let (w, h) = title_area.dim_in_pixel();
    let text = fit_text(
        &title_area,
        title,
        &style,
        w.saturating_sub(m.pxi(20.0) as u32),
    );
    title_area
        .draw(&Text::new(
            text,
            (w as i32 / 2, h as i32 * 11 / 20),
            style.pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(drawing_error)?;
    Ok(rest)
}

/// `text` shortened with an ellipsis so that it fits in `max_width` pixels.
pub(super) fn fit_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_width: u32,
) -> String {
    let width = |t: &str| area.estimate_text_size(t, style).map(|s| s.0).unwrap_or(0);
    if width(text) <= max_width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if width(&candidate) <= max_width {
            return candidate;
        }
    }
    String::new()
}

/// What one panel needs before the panels are laid out together.
struct PanelPlan {
    labels: Vec<String>,
    legend_w: u32,
    y_data: Option<(f64, f64)>,
    y_range: (f64, f64),
    y_ticks: usize,
    y_fmt: TickFormat,
    y_label_area: u32,
}

/// Sizes every panel of the figure uses, so that they line up.
struct SharedLayout {
    legend_w: u32,
    y_label_area: u32,
    x_range: (f64, f64),
}

struct PanelCtx<'a> {
    panel: &'a Panel,
    plan: &'a PanelPlan,
    colors: &'a [usize],
    shared: &'a SharedLayout,
    /// Write the x-axis description (only under the last panel).
    x_desc: bool,
}

const SAMPLE_W: f64 = 34.0;
const GAP: f64 = 8.0;

impl PanelPlan {
    fn new<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        panel: &Panel,
        n_panels: usize,
        m: &Metrics,
    ) -> Result<PanelPlan>
    where
        DB::ErrorType: 'static,
    {
        let (body_w, body_h) = area.dim_in_pixel();
        let legend_style = m.legend();
        let (sample_w, gap) = (m.px(SAMPLE_W), m.px(GAP));
        let max_legend_w = (body_w as f64 * 0.3) as u32;
        let max_label_w = (max_legend_w as f64 - sample_w - 3.0 * gap).max(0.0) as u32;
        let labels: Vec<String> = panel
            .series
            .iter()
            .map(|s| fit_text(area, &s.label, &legend_style, max_label_w))
            .collect();
        let label_w = max_text_width(area, labels.iter().map(String::as_str), &legend_style)?;
        let legend_w = if labels.is_empty() {
            0
        } else {
            (label_w as f64 + sample_w + 3.0 * gap).ceil() as u32
        };

        let y_data = bounds(panel.series.iter().flat_map(finite_points)).map(|(_, y)| y);
        let y_range = match (panel.y_range, y_data) {
            (Some(r), _) => r,
            (None, Some((lo, hi))) => padded_range(lo, hi, 0.05),
            (None, None) => (0.0, 1.0),
        };
        let plot_h_guess = body_h as f64 / n_panels as f64 - m.px(100.0);
        let mut y_ticks = ((plot_h_guess / m.px(35.0)) as usize).clamp(3, 10);
        if panel.y_integer {
            y_ticks = super::axis::integer_ticks(y_range, y_ticks);
        }
        let y_fmt = if panel.y_integer {
            TickFormat::si_integer(y_range, y_ticks)
        } else {
            TickFormat::si(y_range, y_ticks)
        };
        let samples =
            [y_range.0, y_range.1, (y_range.0 + y_range.1) / 2.0].map(|v| y_fmt.format(v));
        let tick_w = max_text_width(area, samples.iter().map(String::as_str), &m.tick())?;
        let desc_h = m.axis_desc().font.get_size();
        Ok(PanelPlan {
            labels,
            legend_w,
            y_data,
            y_range,
            y_ticks,
            y_fmt,
            y_label_area: (tick_w as f64 + desc_h + m.px(24.0)).ceil() as u32,
        })
    }
}

fn max_text_width<'t, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    texts: impl Iterator<Item = &'t str>,
    style: &TextStyle,
) -> Result<u32>
where
    DB::ErrorType: 'static,
{
    let mut w = 0;
    for t in texts {
        w = w.max(area.estimate_text_size(t, style).map_err(drawing_error)?.0);
    }
    Ok(w)
}

pub(super) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ctx: &PanelCtx,
    m: &Metrics,
) -> Result<PanelGeometry>
where
    DB::ErrorType: 'static,
{
    let (panel_w, _) = area.dim_in_pixel();
    let (chart_area, legend_area) =
        area.split_horizontally(panel_w.saturating_sub(ctx.shared.legend_w));
    let mut chart = build_chart(&chart_area, ctx, m)?;
    draw_series(&mut chart, ctx.panel, ctx.colors, ctx.shared.x_range, m)?;
    if ctx.plan.y_data.is_none() {
        draw_no_data(&chart, m)?;
    }
    if !ctx.plan.labels.is_empty() {
        let plot_top = chart.plotting_area().get_pixel_range().1.start;
        let top = plot_top - legend_area.get_base_pixel().1;
        let lm = LegendMetrics {
            paper: m.paper,
            mark_r: m.mark_r(),
            dash_unit: m.px(1.0),
            sample_w: m.px(SAMPLE_W),
            gap: m.px(GAP),
            radius: m.radius() + 0.5,
            cross: m.cross(),
            line_w: m.line_w(),
        };
        draw_legend(
            &legend_area,
            ctx.panel,
            &ctx.plan.labels,
            ctx.colors,
            top,
            lm,
            m,
        )?;
    }
    let (x, y) = (ctx.shared.x_range, ctx.plan.y_range);
    Ok(PanelGeometry {
        x_range: x,
        y_range: y,
        origin: chart.backend_coord(&(x.0, y.0)),
        corner: chart.backend_coord(&(x.1, y.1)),
    })
}

/// The axes, mesh and tick labels of a panel.
fn build_chart<'a, DB: DrawingBackend + 'a>(
    chart_area: &'a DrawingArea<DB, Shift>,
    ctx: &PanelCtx,
    m: &Metrics,
) -> Result<Chart<'a, DB>>
where
    DB::ErrorType: 'static,
{
    let (plan, x_range) = (ctx.plan, ctx.shared.x_range);
    let tick_style = m.tick();
    let desc_style = m.axis_desc();
    let (tick_h, desc_h) = (tick_style.font.get_size(), desc_style.font.get_size());
    let x_label_area = if ctx.x_desc {
        tick_h + desc_h + m.px(22.0)
    } else {
        tick_h + m.px(14.0)
    };
    let plot_w_guess = chart_area.dim_in_pixel().0 as f64 - ctx.shared.y_label_area as f64;
    let x_ticks = ((plot_w_guess / m.px(110.0)) as usize).clamp(3, 12);
    let x_fmt = TickFormat::plain(x_range, x_ticks);

    let mut builder = ChartBuilder::on(chart_area);
    builder
        .margin_top(m.pxi(10.0))
        .margin_bottom(m.pxi(4.0))
        .margin_left(m.pxi(4.0))
        .margin_right(m.pxi(12.0))
        .x_label_area_size(x_label_area.ceil() as u32)
        .y_label_area_size(ctx.shared.y_label_area);
    if let Some(t) = ctx.panel.title.as_deref().filter(|t| !t.is_empty()) {
        builder.caption(t, m.caption());
    }
    let y_range = plan.y_range;
    let mut chart = builder
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)
        .map_err(drawing_error)?;
    let x_formatter = |v: &f64| x_fmt.format(*v);
    let y_formatter = |v: &f64| plan.y_fmt.format(*v);
    let x_desc = if ctx.x_desc {
        x_fmt.describe(&ctx.panel.x_label)
    } else {
        String::new()
    };
    let y_desc = plan.y_fmt.describe(&ctx.panel.y_label);
    chart
        .configure_mesh()
        .x_labels(x_ticks)
        .y_labels(plan.y_ticks)
        .x_label_formatter(&x_formatter)
        .y_label_formatter(&y_formatter)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(tick_style.clone())
        .axis_desc_style(desc_style.clone())
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd).stroke_width(1))
        .max_light_lines(0)
        .axis_style(BLACK.stroke_width(1))
        .draw()
        .map_err(drawing_error)?;
    Ok(chart)
}

fn draw_no_data<DB: DrawingBackend>(chart: &Chart<'_, DB>, m: &Metrics) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let plot = chart.plotting_area().strip_coord_spec();
    let (w, h) = plot.dim_in_pixel();
    plot.draw(&Text::new(
        "no data",
        (w as i32 / 2, h as i32 / 2),
        m.axis_desc()
            .color(&RGBColor(0x80, 0x80, 0x80))
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))
    .map_err(drawing_error)
}
