//! The legend of a panel: a framed box to the right of the chart, one row per series.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::draw::{drawing_error, series_color, Metrics};
use super::marks;
use super::{Panel, SeriesStyle};
use crate::error::Result;

pub(super) struct LegendMetrics {
    /// Paper style: samples with the series' marker shape and dash (`super::marks`).
    pub paper: bool,
    pub mark_r: f64,
    /// Pixels per unit of a dash pattern.
    pub dash_unit: f64,
    pub sample_w: f64,
    pub gap: f64,
    pub radius: f64,
    pub cross: f64,
    pub line_w: u32,
}

pub(super) fn draw_legend<DB: DrawingBackend>(
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
        draw_sample(
            area,
            s,
            colors[i],
            (x0, xm, x1, y),
            (row_h / 4.0) as i32,
            &lm,
        )?;
        area.draw(&Text::new(
            label.as_str(),
            (x1 + pad, y),
            style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(drawing_error)?;
    }
    Ok(())
}

/// The sample of series `s` in its legend row at `y` (from `x0` to `x1`, middle `xm`; a step is
/// `h` pixels high each way).
fn draw_sample<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &super::Series,
    color_index: usize,
    (x0, xm, x1, y): (i32, i32, i32, i32),
    h: i32,
    lm: &LegendMetrics,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let color = series_color(s, color_index);
    let line = color.stroke_width(lm.line_w);
    let sample = match s.style {
        SeriesStyle::Step => vec![(x0, y + h), (xm, y + h), (xm, y - h), (x1, y - h)],
        _ => vec![(x0, y), (x1, y)],
    };
    let dash: Vec<f64> = marks::series_dash(lm.paper, s, color_index)
        .iter()
        .map(|&v| v * lm.dash_unit)
        .collect();
    match (s.style, marks::series_mark(lm.paper, s, color_index)) {
        (SeriesStyle::Points, Some(mark)) => {
            marks::draw_mark(area, (xm, y), lm.mark_r, mark, color)
        }
        (SeriesStyle::Points, None) => area.draw(&Circle::new((xm, y), lm.radius, color.filled())),
        (SeriesStyle::Markers, _) => area.draw(&Cross::new((xm, y), lm.cross, line)),
        (SeriesStyle::Line | SeriesStyle::Step, _) => {
            let px: Vec<(f64, f64)> = sample.iter().map(|&(a, b)| (a as f64, b as f64)).collect();
            marks::dash_pieces(&px, &dash)
                .into_iter()
                .try_for_each(|d| {
                    let d = d
                        .into_iter()
                        .map(|(a, b)| (a.round() as i32, b.round() as i32))
                        .collect::<Vec<_>>();
                    area.draw(&PathElement::new(d, line))
                })
        }
    }
    .map_err(drawing_error)
}
