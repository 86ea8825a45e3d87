//! Greyscale-safe styles (`--style paper`): each palette index (a subflow) gets a marker shape
//! and a line dash besides its colour, so that a figure printed in grey still tells the
//! subflows apart. Series kinds (fixed colours) keep their look; reinjections stay crosses.

use plotters::coord::CoordTranslate;
use plotters::prelude::*;

use super::Series;

/// A marker shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// A marker: its shape, filled or outlined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mark {
    pub shape: Shape,
    pub filled: bool,
}

const SHAPES: [Shape; 4] = [
    Shape::Circle,
    Shape::Square,
    Shape::Triangle,
    Shape::Diamond,
];

/// Dash patterns (on, off, ... in pixels at scale 1), per palette index; the first is solid.
const DASHES: [&[f64]; 6] = [
    &[],
    &[9.0, 5.0],
    &[2.0, 4.0],
    &[9.0, 4.0, 2.0, 4.0],
    &[18.0, 6.0],
    &[5.0, 3.0, 5.0, 9.0],
];

/// The mark of palette index `index`: the four shapes filled, then outlined, and again.
pub(super) fn mark_of(index: usize) -> Mark {
    Mark {
        shape: SHAPES[index % SHAPES.len()],
        filled: (index / SHAPES.len()) % 2 == 0,
    }
}

/// The dash pattern of palette index `index` (empty: solid).
pub(super) fn dash_of(index: usize) -> &'static [f64] {
    DASHES[index % DASHES.len()]
}

/// The mark a point series is drawn with in paper style (None: the screen style's dots).
pub(super) fn series_mark(paper: bool, s: &Series, color_index: usize) -> Option<Mark> {
    (paper && s.rgb.is_none()).then(|| mark_of(color_index))
}

/// The dash a line is drawn with in paper style (empty: solid).
pub(super) fn series_dash(paper: bool, s: &Series, color_index: usize) -> &'static [f64] {
    if paper && s.rgb.is_none() {
        dash_of(color_index)
    } else {
        &[]
    }
}

/// Draws `mark` of half-size `r` pixels at `at` (a coordinate of `area`).
pub(super) fn draw_mark<DB: DrawingBackend, CT: CoordTranslate>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    r: f64,
    mark: Mark,
    color: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
where
    CT::From: Clone + 'static,
{
    let style = if mark.filled {
        color.filled()
    } else {
        color.stroke_width(1)
    };
    let at = EmptyElement::at(at);
    let outline = |pts: Vec<(i32, i32)>| {
        let mut closed = pts.clone();
        closed.push(pts[0]);
        PathElement::new(closed, style)
    };
    match mark.shape {
        Shape::Circle => area.draw(&(at + Circle::new((0, 0), r, style))),
        Shape::Square => {
            // the same area as the circle
            let h = (r * 0.89).round().max(1.0) as i32;
            area.draw(&(at + Rectangle::new([(-h, -h), (h, h)], style)))
        }
        Shape::Triangle | Shape::Diamond => {
            let pts = if mark.shape == Shape::Triangle {
                let k = (r * 1.2).round() as i32;
                vec![(0, -k), (k, k * 3 / 4), (-k, k * 3 / 4)]
            } else {
                let k = (r * 1.25).round().max(1.0) as i32;
                vec![(0, -k), (k, 0), (0, k), (-k, 0)]
            };
            if mark.filled {
                area.draw(&(at + Polygon::new(pts, style)))
            } else {
                area.draw(&(at + outline(pts)))
            }
        }
    }
}

/// The dashes of a polyline given in pixels, following `pattern` (on, off, ... pixels) along
/// its length; an empty pattern gives the whole polyline.
pub(super) fn dash_pieces(px: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    if pattern.is_empty() || px.len() < 2 {
        return vec![px.to_vec()];
    }
    let mut out = Vec::new();
    let mut cur = vec![px[0]];
    let (mut k, mut on) = (0usize, true);
    let mut left = pattern[0];
    for w in px.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut seg = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        while seg > left {
            let f = left / seg;
            let c = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
            if on {
                if cur.last() != Some(&c) {
                    cur.push(c);
                }
                out.push(std::mem::take(&mut cur));
            } else {
                cur = vec![c];
            }
            on = !on;
            k = (k + 1) % pattern.len();
            seg -= left;
            left = pattern[k];
            a = c;
        }
        left -= seg;
        if on {
            cur.push(b);
        }
    }
    if on && cur.len() >= 2 {
        out.push(cur);
    }
    out
}

/// Points every `spacing` pixels along a polyline (`px`: its points in pixels), from its
/// start: where marks go on a line drawn for a dense run of points.
pub(super) fn along(px: &[(f64, f64)], spacing: f64) -> Vec<(f64, f64)> {
    let Some(&first) = px.first() else {
        return Vec::new();
    };
    let mut out = vec![first];
    let mut left = spacing;
    for w in px.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut seg = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        while seg >= left {
            let f = left / seg;
            a = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
            out.push(a);
            seg -= left;
            left = spacing;
        }
        left -= seg;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_indices_have_distinct_marks_and_dashes() {
        let marks: std::collections::HashSet<_> = (0..8)
            .map(|i| (mark_of(i).shape as u8, mark_of(i).filled))
            .collect();
        assert_eq!(marks.len(), 8);
        let dashes: std::collections::HashSet<Vec<u64>> = (0..DASHES.len())
            .map(|i| dash_of(i).iter().map(|v| v.to_bits()).collect())
            .collect();
        assert_eq!(dashes.len(), DASHES.len());
    }

    #[test]
    fn dashes_follow_the_pattern_along_the_line() {
        let line = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)];
        let d = dash_pieces(&line, &[4.0, 2.0]);
        // on 0-4, off 4-6, on 6-10 (corner) ... along the 20 px
        assert_eq!(d[0], vec![(0.0, 0.0), (4.0, 0.0)]);
        assert_eq!(d[1], vec![(6.0, 0.0), (10.0, 0.0)]);
        assert_eq!(d.len(), 4);
        assert_eq!(dash_pieces(&line, &[]), vec![line.to_vec()]);
        assert_eq!(along(&line, 5.0).len(), 5);
    }
}
