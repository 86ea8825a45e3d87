//! The series of a panel: decimated per pixel column, clipped to the panel's ranges, drawn as
//! lines, dots or marks (paper style: a shape and a dash per subflow).

use plotters::prelude::*;

use super::super::decimate::{clip_y, decimate, step_polyline};
use super::super::{marks, Panel, Series, SeriesStyle};
use super::{drawing_error, series_color, Chart, Metrics};
use crate::error::Result;

/// The series of a panel, decimated per pixel column; markers last, so that rare events stay
/// visible on top of dense series. A fixed y range clips the series: points outside it are not
/// drawn, lines are cut at its edges.
pub(super) fn draw_series<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    panel: &Panel,
    colors: &[usize],
    x_range: (f64, f64),
    m: &Metrics,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let columns = chart.plotting_area().dim_in_pixel().0 as usize;
    let (radius, cross, line_w) = (m.radius(), m.cross(), m.line_w());
    let mut order: Vec<usize> = (0..panel.series.len()).collect();
    order.sort_by_key(|&i| {
        let s = &panel.series[i];
        (s.style == SeriesStyle::Markers, s.thin)
    });
    for i in order {
        let s = &panel.series[i];
        let color = series_color(s, colors[i]);
        let pieces = clipped(s, x_range, panel.y_range);
        let w = if s.thin { (line_w / 2).max(1) } else { line_w };
        let line = color.stroke_width(w);
        let mark = marks::series_mark(m.paper, s, colors[i]);
        let dash: Vec<f64> = marks::series_dash(m.paper, s, colors[i])
            .iter()
            .map(|&v| m.px(v))
            .collect();
        for pts in pieces {
            let pts = decimate(&pts, x_range, columns);
            match s.style {
                SeriesStyle::Points if mark.is_some() => {
                    let mark = mark.expect("matched");
                    return draw_marked_points(chart, &pts, (mark, color, line), m);
                }
                SeriesStyle::Points => {
                    // where the dots would touch, a line as wide as a dot; elsewhere dots
                    let diameter = 2.0 * radius;
                    let (runs, dots) = dense_runs(&pts, |p| chart.backend_coord(p), diameter);
                    let wide = color.stroke_width((diameter.round() as u32).max(1));
                    for run in runs {
                        draw_polyline(chart, run, wide, m.segmented)?;
                    }
                    chart
                        .draw_series(dots.iter().map(|&p| Circle::new(p, radius, color.filled())))
                        .map(|_| ())
                }
                SeriesStyle::Markers => chart
                    .draw_series(pts.iter().map(|&p| Cross::new(p, cross, line)))
                    .map(|_| ()),
                SeriesStyle::Line | SeriesStyle::Step if !dash.is_empty() => {
                    draw_dashed(chart, &pts, &dash, line, m.segmented && w > 1)?;
                    Ok(())
                }
                SeriesStyle::Line | SeriesStyle::Step => {
                    draw_polyline(chart, pts, line, m.segmented)?;
                    Ok(())
                }
            }
            .map_err(drawing_error)?;
        }
    }
    Ok(())
}

type Polyline = Vec<(f64, f64)>;

/// Splits the points of a point series (in their order) into runs where consecutive dots, of
/// `diameter` pixels, would touch or overlap (drawn as one line: a dense ramp reads as a
/// curve, not as rows of dots), and the other points (drawn as dots). A run has at least
/// three points and spans at least a dot.
fn dense_runs(
    pts: &[(f64, f64)],
    pixel: impl Fn(&(f64, f64)) -> (i32, i32),
    diameter: f64,
) -> (Vec<Polyline>, Polyline) {
    let px: Vec<(i32, i32)> = pts.iter().map(&pixel).collect();
    let touch = |a: (i32, i32), b: (i32, i32)| {
        let (dx, dy) = ((a.0 - b.0) as f64, (a.1 - b.1) as f64);
        dx * dx + dy * dy <= diameter * diameter
    };
    let (mut runs, mut dots) = (Vec::new(), Vec::new());
    let mut start = 0;
    for i in 1..=pts.len() {
        if i < pts.len() && touch(px[i - 1], px[i]) {
            continue;
        }
        let run = &pts[start..i];
        // a run within one dot (a burst in one pixel) would be a line of no length: dots
        let (x0, x1, y0, y1) = px[start..i].iter().fold(
            (i32::MAX, i32::MIN, i32::MAX, i32::MIN),
            |(a, b, c, d), p| (a.min(p.0), b.max(p.0), c.min(p.1), d.max(p.1)),
        );
        let extent = ((x1 - x0) as f64).max((y1 - y0) as f64);
        if run.len() >= 3 && extent >= diameter {
            runs.push(run.to_vec());
        } else {
            dots.extend_from_slice(run);
        }
        start = i;
    }
    (runs, dots)
}

/// The pixels (relative to the plotting area) of data points.
fn pixels<DB: DrawingBackend>(chart: &Chart<'_, DB>, pts: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let base = chart.plotting_area().get_base_pixel();
    pts.iter()
        .map(|p| {
            let (x, y) = chart.backend_coord(p);
            ((x - base.0) as f64, (y - base.1) as f64)
        })
        .collect()
}

fn round(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

/// A polyline; on bitmaps a wide one segment by segment (see [`Metrics::segmented`]).
fn draw_polyline<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    pts: Vec<(f64, f64)>,
    style: ShapeStyle,
    segmented: bool,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    if segmented && style.stroke_width > 1 {
        chart
            .draw_series(
                pts.windows(2)
                    .map(|w| PathElement::new(vec![w[0], w[1]], style)),
            )
            .map(|_| ())
    } else {
        chart.draw_series(LineSeries::new(pts, style)).map(|_| ())
    }
    .map_err(drawing_error)
}

/// Paper style: a point series in its subflow's shape, on a thin line where the points are
/// dense, the shapes along it.
fn draw_marked_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    pts: &[(f64, f64)],
    (mark, color, line): (marks::Mark, RGBColor, ShapeStyle),
    m: &Metrics,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let r = m.mark_r();
    let (runs, dots) = dense_runs(pts, |p| chart.backend_coord(p), 2.0 * r);
    for run in runs {
        let at = marks::along(&pixels(chart, &run), m.mark_spacing());
        draw_polyline(chart, run, line, m.segmented)?;
        let area = chart.plotting_area().strip_coord_spec();
        for p in at {
            marks::draw_mark(&area, round(p), r, mark, color).map_err(drawing_error)?;
        }
    }
    let area = chart.plotting_area();
    dots.iter()
        .try_for_each(|&p| marks::draw_mark(area, p, r, mark, color))
        .map_err(drawing_error)
}

/// A dashed line in `pattern` (pixels); segment by segment when `segmented`.
fn draw_dashed<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    pts: &[(f64, f64)],
    pattern: &[f64],
    line: ShapeStyle,
    segmented: bool,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let area = chart.plotting_area().strip_coord_spec();
    for piece in marks::dash_pieces(&pixels(chart, pts), pattern) {
        let piece: Vec<(i32, i32)> = piece.into_iter().map(round).collect();
        if segmented {
            for s in piece.windows(2) {
                area.draw(&PathElement::new(s.to_vec(), line))
                    .map_err(drawing_error)?;
            }
        } else {
            area.draw(&PathElement::new(piece, line))
                .map_err(drawing_error)?;
        }
    }
    Ok(())
}

/// The pieces of series `s` inside `x_range` and the fixed y range: its points (a step as its
/// polyline) within them, a line cut at their edges.
fn clipped(s: &Series, x_range: (f64, f64), y_clip: Option<(f64, f64)>) -> Vec<Polyline> {
    let in_y = |p: &(f64, f64)| y_clip.is_none_or(|(lo, hi)| p.1 >= lo && p.1 <= hi);
    let pts = match s.style {
        SeriesStyle::Step => step_polyline(&s.points),
        _ => s.points.clone(),
    };
    match s.style {
        SeriesStyle::Points | SeriesStyle::Markers => vec![pts
            .into_iter()
            .filter(|p| p.0 >= x_range.0 && p.0 <= x_range.1 && in_y(p))
            .collect()],
        _ => {
            let pts = super::super::decimate::clip_x(&pts, x_range);
            match y_clip {
                Some(r) => clip_y(&pts, r),
                None => vec![pts],
            }
        }
    }
}
