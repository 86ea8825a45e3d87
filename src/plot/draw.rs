//! Drawing a [`Figure`] on a plotters backend.

use std::collections::HashMap;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{padded_range, TickFormat};
use super::decimate::{decimate, step_polyline};
use super::font::FAMILY;
use super::{palette_color, Figure, Panel, Series, SeriesStyle};
use crate::error::{Error, Result};

/// Renders to an SVG document.
pub fn render_svg(fig: &Figure) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (fig.width, fig.height)).into_drawing_area();
        draw_figure(&root, fig)?;
        root.present().map_err(drawing_error)?;
    }
    Ok(svg)
}

/// Renders to a PNG file at `path` (a temporary file: the caller moves it into place).
pub fn render_png(fig: &Figure, path: &Path, out: &Path) -> Result<()> {
    let root = BitMapBackend::new(path, (fig.width, fig.height)).into_drawing_area();
    draw_figure(&root, fig)?;
    root.present().map_err(|e| Error::Output {
        path: out.to_path_buf(),
        msg: format!("cannot write the image: {e}"),
    })
}

fn drawing_error<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    Error::Plot(format!("drawing failed: {e}"))
}

/// Sizes (in pixels) that depend on the image size, so that text keeps its proportion.
struct Metrics {
    scale: f64,
}

impl Metrics {
    fn new(fig: &Figure) -> Self {
        let geometric = ((fig.width as f64) * (fig.height as f64)).sqrt();
        Metrics {
            scale: (geometric / 980.0).clamp(0.5, 4.0),
        }
    }
    fn px(&self, v: f64) -> f64 {
        v * self.scale
    }
    fn pxi(&self, v: f64) -> i32 {
        self.px(v).round() as i32
    }
    fn font(&self, size: f64) -> TextStyle<'static> {
        TextStyle::from((FAMILY, self.px(size)).into_font()).color(&BLACK)
    }
    fn title(&self) -> TextStyle<'static> {
        self.font(30.0)
    }
    fn caption(&self) -> TextStyle<'static> {
        self.font(24.0)
    }
    fn axis_desc(&self) -> TextStyle<'static> {
        self.font(21.0)
    }
    fn tick(&self) -> TextStyle<'static> {
        self.font(18.0)
    }
    fn legend(&self) -> TextStyle<'static> {
        self.font(18.0)
    }
}

/// The colour index of each series: its own when set, otherwise one per distinct label in
/// order of first appearance in the figure, skipping indices that series force; an unforced
/// series whose label has a forced colour elsewhere takes that colour.
fn color_indices(fig: &Figure) -> Vec<Vec<usize>> {
    let forced: std::collections::HashSet<usize> = fig
        .panels
        .iter()
        .flat_map(|p| &p.series)
        .filter_map(|s| s.color)
        .collect();
    // A label that has a forced colour somewhere keeps it everywhere.
    let mut by_label: HashMap<&str, usize> = HashMap::new();
    for s in fig.panels.iter().flat_map(|p| &p.series) {
        if let Some(c) = s.color {
            by_label.entry(s.label.as_str()).or_insert(c);
        }
    }
    let mut next = 0;
    fig.panels
        .iter()
        .map(|p| {
            p.series
                .iter()
                .map(|s| {
                    if let Some(c) = s.color {
                        return c;
                    }
                    *by_label.entry(s.label.as_str()).or_insert_with(|| {
                        while forced.contains(&next) {
                            next += 1;
                        }
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        })
        .collect()
}

fn rgb(index: usize) -> RGBColor {
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

fn draw_figure<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, fig: &Figure) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let m = Metrics::new(fig);
    root.fill(&WHITE).map_err(drawing_error)?;
    let body = match &fig.title {
        Some(t) => {
            let style = m.title();
            let band = (style.font.get_size() * 1.9).ceil() as u32;
            let (title_area, rest) = root.split_vertically(band);
            let (w, h) = title_area.dim_in_pixel();
            let text = fit_text(&title_area, t, &style, w.saturating_sub(m.pxi(20.0) as u32));
            title_area
                .draw(&Text::new(
                    text,
                    (w as i32 / 2, h as i32 * 11 / 20),
                    style.pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(drawing_error)?;
            rest
        }
        None => root.clone(),
    };
    let body = body.margin(m.pxi(6.0), m.pxi(6.0), m.pxi(6.0), m.pxi(10.0));

    // All panels share the x range so that they line up in time.
    let all = fig
        .panels
        .iter()
        .flat_map(|p| &p.series)
        .flat_map(finite_points);
    let ((x_lo, x_hi), _) = bounds(all).ok_or_else(|| Error::Plot("nothing to plot".into()))?;
    let x_range = padded_range(x_lo, x_hi, 0.02);

    let colors = color_indices(fig);
    let areas = body.split_evenly((fig.panels.len(), 1));
    for ((panel, area), colors) in fig.panels.iter().zip(&areas).zip(&colors) {
        draw_panel(area, panel, colors, x_range, &m)?;
    }
    Ok(())
}

/// `text` shortened with an ellipsis so that it fits in `max_width` pixels.
fn fit_text<DB: DrawingBackend>(
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

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    colors: &[usize],
    x_range: (f64, f64),
    m: &Metrics,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let (panel_w, panel_h) = area.dim_in_pixel();

    // Legend on the right of the chart, outside the data.
    let legend_style = m.legend();
    let sample_w = m.px(34.0);
    let gap = m.px(8.0);
    let max_legend_w = (panel_w as f64 * 0.3) as u32;
    let max_label_w = (max_legend_w as f64 - sample_w - 3.0 * gap).max(0.0) as u32;
    let labels: Vec<String> = panel
        .series
        .iter()
        .map(|s| fit_text(area, &s.label, &legend_style, max_label_w))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| area.estimate_text_size(l, &legend_style).map(|s| s.0))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(drawing_error)?
        .into_iter()
        .max()
        .unwrap_or(0);
    let legend_w = if labels.is_empty() {
        0
    } else {
        (label_w as f64 + sample_w + 3.0 * gap).ceil() as u32
    };
    let (chart_area, legend_area) = area.split_horizontally(panel_w.saturating_sub(legend_w));

    // Y range from this panel's data.
    let y_data = bounds(panel.series.iter().flat_map(finite_points)).map(|(_, y)| y);
    let y_range = match y_data {
        Some((lo, hi)) => padded_range(lo, hi, 0.05),
        None => (0.0, 1.0),
    };

    let plot_w_guess = panel_w.saturating_sub(legend_w) as f64 - m.px(120.0);
    let plot_h_guess = panel_h as f64 - m.px(100.0);
    let x_ticks = ((plot_w_guess / m.px(110.0)) as usize).clamp(3, 12);
    let y_ticks = ((plot_h_guess / m.px(35.0)) as usize).clamp(3, 10);
    let x_fmt = TickFormat::plain(x_range, x_ticks);
    let y_fmt = TickFormat::si(y_range, y_ticks);

    let tick_style = m.tick();
    let desc_style = m.axis_desc();
    let y_tick_w = [y_range.0, y_range.1, (y_range.0 + y_range.1) / 2.0]
        .iter()
        .map(|&v| {
            area.estimate_text_size(&y_fmt.format(v), &tick_style)
                .map(|s| s.0)
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(drawing_error)?
        .into_iter()
        .max()
        .unwrap_or(0);
    let desc_h = desc_style.font.get_size();
    let tick_h = tick_style.font.get_size();
    let y_label_area = (y_tick_w as f64 + desc_h + m.px(24.0)).ceil() as u32;
    let x_label_area = (tick_h + desc_h + m.px(22.0)).ceil() as u32;

    let mut builder = ChartBuilder::on(&chart_area);
    builder
        .margin_top(m.pxi(10.0))
        .margin_bottom(m.pxi(4.0))
        .margin_left(m.pxi(4.0))
        .margin_right(m.pxi(12.0))
        .x_label_area_size(x_label_area)
        .y_label_area_size(y_label_area);
    if let Some(t) = &panel.title {
        builder.caption(t, m.caption());
    }
    let mut chart = builder
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)
        .map_err(drawing_error)?;

    let x_formatter = |v: &f64| x_fmt.format(*v);
    let y_formatter = |v: &f64| y_fmt.format(*v);
    chart
        .configure_mesh()
        .x_labels(x_ticks)
        .y_labels(y_ticks)
        .x_label_formatter(&x_formatter)
        .y_label_formatter(&y_formatter)
        .x_desc(panel.x_label.as_str())
        .y_desc(panel.y_label.as_str())
        .label_style(tick_style.clone())
        .axis_desc_style(desc_style.clone())
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd).stroke_width(1))
        .max_light_lines(0)
        .axis_style(BLACK.stroke_width(1))
        .draw()
        .map_err(drawing_error)?;

    let columns = chart.plotting_area().dim_in_pixel().0 as usize;
    let radius = m.px(2.5).max(1.0);
    let cross = m.px(5.0).max(2.0);
    let line_w = m.px(2.0).round().max(1.0) as u32;

    // Markers last, so that rare events stay visible on top of dense series.
    let mut order: Vec<usize> = (0..panel.series.len()).collect();
    order.sort_by_key(|&i| panel.series[i].style == SeriesStyle::Markers);
    for i in order {
        let s = &panel.series[i];
        let color = rgb(colors[i]);
        let pts = match s.style {
            SeriesStyle::Step => decimate(&step_polyline(&s.points), x_range, columns),
            _ => decimate(&s.points, x_range, columns),
        };
        match s.style {
            SeriesStyle::Points => chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, radius, color.filled())))
                .map(|_| ()),
            SeriesStyle::Markers => chart
                .draw_series(
                    pts.iter()
                        .map(|&p| Cross::new(p, cross, color.stroke_width(line_w))),
                )
                .map(|_| ()),
            SeriesStyle::Line | SeriesStyle::Step => chart
                .draw_series(LineSeries::new(pts, color.stroke_width(line_w)))
                .map(|_| ()),
        }
        .map_err(drawing_error)?;
    }

    if y_data.is_none() {
        let plot = chart.plotting_area().strip_coord_spec();
        let (w, h) = plot.dim_in_pixel();
        plot.draw(&Text::new(
            "no data",
            (w as i32 / 2, h as i32 / 2),
            m.axis_desc()
                .color(&RGBColor(0x80, 0x80, 0x80))
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(drawing_error)?;
    }

    if !labels.is_empty() {
        let plot_top = chart.plotting_area().get_pixel_range().1.start;
        let top = plot_top - legend_area.get_base_pixel().1;
        draw_legend(
            &legend_area,
            panel,
            &labels,
            colors,
            top,
            LegendMetrics {
                sample_w,
                gap,
                radius: radius + 0.5,
                cross,
                line_w,
            },
            m,
        )?;
    }
    Ok(())
}

struct LegendMetrics {
    sample_w: f64,
    gap: f64,
    radius: f64,
    cross: f64,
    line_w: u32,
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    labels: &[String],
    colors: &[usize],
    top: i32,
    lm: LegendMetrics,
    m: &Metrics,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let style = m.legend();
    let row_h = style.font.get_size() * 1.45;
    let (w, h) = area.dim_in_pixel();
    let pad = lm.gap as i32;
    // Rows that fit in the panel height; past that the last row says how many are left out.
    let max_rows = (((h as i32 - top - pad).max(0) as f64 / row_h) as usize).max(1);
    let (shown, hidden) = if labels.len() > max_rows {
        (max_rows - 1, labels.len() - (max_rows - 1))
    } else {
        (labels.len(), 0)
    };
    let rows = shown + usize::from(hidden > 0);
    let height = (row_h * rows as f64) as i32 + pad;
    area.draw(&Rectangle::new(
        [(0, top), (w as i32 - 1, top + height)],
        RGBColor(0xaa, 0xaa, 0xaa).stroke_width(1),
    ))
    .map_err(drawing_error)?;

    let x0 = pad;
    let x1 = x0 + lm.sample_w as i32;
    let xm = (x0 + x1) / 2;
    let row_y = |i: usize| top + pad / 2 + (row_h * (i as f64 + 0.5)) as i32;
    if hidden > 0 {
        area.draw(&Text::new(
            format!("+{hidden} more"),
            (x0, row_y(shown)),
            style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(drawing_error)?;
    }
    for (i, (s, label)) in panel.series.iter().zip(labels).take(shown).enumerate() {
        let y = row_y(i);
        let color = rgb(colors[i]);
        let line = color.stroke_width(lm.line_w);
        match s.style {
            SeriesStyle::Points => area.draw(&Circle::new((xm, y), lm.radius, color.filled())),
            SeriesStyle::Markers => area.draw(&Cross::new((xm, y), lm.cross, line)),
            SeriesStyle::Line => area.draw(&PathElement::new(vec![(x0, y), (x1, y)], line)),
            SeriesStyle::Step => {
                let h = (row_h / 4.0) as i32;
                area.draw(&PathElement::new(
                    vec![(x0, y + h), (xm, y + h), (xm, y - h), (x1, y - h)],
                    line,
                ))
            }
        }
        .map_err(drawing_error)?;
        area.draw(&Text::new(
            label.as_str(),
            (x1 + pad, y),
            style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(drawing_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_follow_labels_and_forced_indices() {
        let s = |l: &str| Series::new(l, SeriesStyle::Line, vec![(0.0, 0.0)]);
        let fig = Figure::new(
            None,
            vec![
                Panel::new("x", "y")
                    .with_series(s("a"))
                    .with_series(s("b"))
                    .with_series(s("forced").with_color(2)),
                Panel::new("x", "y")
                    .with_series(s("b"))
                    .with_series(s("c"))
                    .with_series(s("a"))
                    .with_series(s("forced")),
            ],
        );
        assert_eq!(color_indices(&fig), vec![vec![0, 1, 2], vec![1, 3, 0, 2]]);
    }
}
