//! Per-pixel-column decimation of a series, so that a capture with millions of packets renders
//! quickly and produces a small SVG while keeping the visible shape of the curve.

/// At most this many points are kept per pixel column.
pub const MAX_POINTS_PER_COLUMN: usize = 4;

/// Reduces `points` to at most [`MAX_POINTS_PER_COLUMN`] points per pixel column.
///
/// The x range `x_range` (inclusive) is cut into `columns` equal columns (one per horizontal pixel
/// of the plotting area). For each column the first point, the last point, the point of minimum y
/// and the point of maximum y (in input order) are kept; everything else in that column would be
/// drawn on pixels already covered by the vertical extent between that min and max, so the drawn
/// shape is preserved.
///
/// Properties:
/// - the result is a subsequence of the input (input order is kept, so lines are drawn in the
///   same order as the caller gave them, sorted by x or not);
/// - non-finite points (NaN or infinite coordinates) are dropped;
/// - inputs that already have at most `MAX_POINTS_PER_COLUMN * columns` points are returned
///   unchanged (minus non-finite points);
/// - points outside `x_range` are counted in the nearest edge column.
pub fn decimate(points: &[(f64, f64)], x_range: (f64, f64), columns: usize) -> Vec<(f64, f64)> {
    let columns = columns.max(1);
    let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    if points.len() <= MAX_POINTS_PER_COLUMN * columns {
        return points.iter().copied().filter(finite).collect();
    }

    let (lo, hi) = if x_range.0 <= x_range.1 {
        x_range
    } else {
        (x_range.1, x_range.0)
    };
    let width = hi - lo;
    let scale = if width > 0.0 && width.is_finite() {
        columns as f64 / width
    } else {
        0.0
    };

    // For each column: indices of first, last, min-y and max-y points.
    const NONE: usize = usize::MAX;
    let mut buckets = vec![[NONE; 4]; columns];
    for (i, p) in points.iter().enumerate() {
        if !finite(p) {
            continue;
        }
        // `as usize` saturates: negative offsets go to column 0.
        let col = (((p.0 - lo) * scale) as usize).min(columns - 1);
        let b = &mut buckets[col];
        if b[0] == NONE {
            *b = [i; 4];
            continue;
        }
        b[1] = i;
        if p.1 < points[b[2]].1 {
            b[2] = i;
        }
        if p.1 > points[b[3]].1 {
            b[3] = i;
        }
    }

    let mut kept: Vec<usize> = buckets
        .iter()
        .filter(|b| b[0] != NONE)
        .flat_map(|b| b.iter().copied())
        .collect();
    kept.sort_unstable();
    kept.dedup();
    kept.into_iter().map(|i| points[i]).collect()
}

/// The part of a polyline (sorted by x) inside `range`: points outside are dropped, and a
/// segment crossing an edge is cut there (its point on the edge interpolated).
pub fn clip_x(points: &[(f64, f64)], (lo, hi): (f64, f64)) -> Vec<(f64, f64)> {
    if points.iter().all(|p| p.0 >= lo && p.0 <= hi) {
        return points.to_vec();
    }
    let at = |a: (f64, f64), b: (f64, f64), x: f64| {
        let f = (x - a.0) / (b.0 - a.0);
        (x, a.1 + f * (b.1 - a.1))
    };
    let mut out = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        let inside = p.0 >= lo && p.0 <= hi;
        if i > 0 {
            let q = points[i - 1];
            let q_inside = q.0 >= lo && q.0 <= hi;
            // entering or leaving (or crossing) the range between q and p
            for edge in [lo, hi] {
                let crosses = (q.0 - edge) * (p.0 - edge) < 0.0;
                if crosses && !(q_inside && inside) {
                    out.push(at(q, p, edge));
                }
            }
        }
        if inside {
            out.push(p);
        }
    }
    out
}

/// The pieces of a polyline inside the y range `(lo, hi)`: points outside are dropped, a
/// segment crossing an edge is cut there (its point on the edge interpolated), and a polyline
/// that leaves the range and comes back gives one piece per stay inside.
pub fn clip_y(points: &[(f64, f64)], (lo, hi): (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let inside = |p: (f64, f64)| p.1 >= lo && p.1 <= hi;
    if points.iter().all(|&p| inside(p)) {
        return vec![points.to_vec()];
    }
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    if let [p] = points {
        if inside(*p) {
            out.push(vec![*p]);
        }
        return out;
    }
    for w in points.windows(2) {
        let (q, p) = (w[0], w[1]);
        let dy = p.1 - q.1;
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        if dy == 0.0 {
            if !inside(q) {
                continue;
            }
        } else {
            let (a, b) = ((lo - q.1) / dy, (hi - q.1) / dy);
            t0 = t0.max(a.min(b));
            t1 = t1.min(a.max(b));
            if t0 > t1 {
                continue;
            }
        }
        let at = |t: f64| match t {
            0.0 => q,
            1.0 => p,
            _ => (q.0 + t * (p.0 - q.0), q.1 + t * dy),
        };
        let (a, b) = (at(t0), at(t1));
        match out.last_mut() {
            Some(piece) if t0 == 0.0 && piece.last() == Some(&q) => piece.push(b),
            _ => out.push(vec![a, b]),
        }
    }
    out
}

/// Turns the points of a step series into the polyline that draws it: each value holds until the
/// next point's x, where the curve jumps vertically.
pub fn step_polyline(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len().saturating_mul(2));
    for (i, &p) in points.iter().enumerate() {
        if i > 0 {
            let prev_y = points[i - 1].1;
            out.push((p.0, prev_y));
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_of(x: f64, range: (f64, f64), columns: usize) -> usize {
        (((x - range.0) / (range.1 - range.0) * columns as f64) as usize).min(columns - 1)
    }

    fn is_subsequence(sub: &[(f64, f64)], all: &[(f64, f64)]) -> bool {
        let mut it = all.iter();
        sub.iter().all(|s| it.any(|a| a == s))
    }

    #[test]
    fn clip_y_cuts_at_the_edges_and_splits_the_pieces() {
        let pts = [(0.0, 0.0), (1.0, 10.0), (2.0, 10.0), (3.0, 0.0), (4.0, 5.0)];
        assert_eq!(
            clip_y(&pts, (2.0, 8.0)),
            vec![
                vec![(0.2, 2.0), (0.8, 8.0)],
                vec![(2.2, 8.0), (2.8, 2.0)],
                vec![(3.4, 2.0), (4.0, 5.0)],
            ]
        );
        assert_eq!(clip_y(&pts, (-1.0, 11.0)), vec![pts.to_vec()]);
        assert!(clip_y(&pts, (20.0, 30.0)).is_empty());
        assert!(clip_y(&[(0.0, 50.0)], (0.0, 1.0)).is_empty());
    }

    #[test]
    fn small_inputs_are_unchanged() {
        let pts: Vec<_> = (0..40).map(|i| (i as f64, (i * i) as f64)).collect();
        assert_eq!(decimate(&pts, (0.0, 39.0), 10), pts);
        assert!(decimate(&[], (0.0, 1.0), 10).is_empty());
    }

    #[test]
    fn non_finite_points_are_dropped() {
        let pts = vec![
            (0.0, 1.0),
            (f64::NAN, 2.0),
            (1.0, f64::INFINITY),
            (2.0, 3.0),
        ];
        assert_eq!(
            decimate(&pts, (0.0, 2.0), 100),
            vec![(0.0, 1.0), (2.0, 3.0)]
        );
        let mut big: Vec<_> = (0..1000).map(|i| (i as f64, 1.0)).collect();
        big[500] = (500.0, f64::NAN);
        assert!(decimate(&big, (0.0, 999.0), 10)
            .iter()
            .all(|p| p.1.is_finite()));
    }

    #[test]
    fn million_points_bounded_and_extremes_preserved() {
        let n = 1_000_000;
        let columns = 800;
        let pts: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let x = i as f64 * 1e-4;
                // Noisy increasing curve with spikes, like sequence numbers with retransmissions.
                let spike = if i % 9973 == 0 { -5e6 } else { 0.0 };
                (x, 1e3 * i as f64 + 1e5 * (x * 7.0).sin() + spike)
            })
            .collect();
        let range = (0.0, (n - 1) as f64 * 1e-4);
        let out = decimate(&pts, range, columns);
        assert!(
            out.len() <= MAX_POINTS_PER_COLUMN * columns,
            "{}",
            out.len()
        );
        assert!(out.len() >= 2 * columns);
        assert!(is_subsequence(&out, &pts));

        // Per column, min and max y (and first/last) of the input are in the output.
        let mut want_min = vec![f64::INFINITY; columns];
        let mut want_max = vec![f64::NEG_INFINITY; columns];
        for p in &pts {
            let c = column_of(p.0, range, columns);
            want_min[c] = want_min[c].min(p.1);
            want_max[c] = want_max[c].max(p.1);
        }
        let mut got_min = vec![f64::INFINITY; columns];
        let mut got_max = vec![f64::NEG_INFINITY; columns];
        for p in &out {
            let c = column_of(p.0, range, columns);
            got_min[c] = got_min[c].min(p.1);
            got_max[c] = got_max[c].max(p.1);
        }
        assert_eq!(got_min, want_min);
        assert_eq!(got_max, want_max);
        assert_eq!(out.first(), pts.first());
        assert_eq!(out.last(), pts.last());
    }

    #[test]
    fn unsorted_input_keeps_input_order() {
        // Two interleaved ramps: x goes back and forth.
        let pts: Vec<_> = (0..10_000)
            .map(|i| {
                let x = if i % 2 == 0 {
                    i as f64
                } else {
                    10_000.0 - i as f64
                };
                (x, i as f64)
            })
            .collect();
        let out = decimate(&pts, (0.0, 10_000.0), 50);
        assert!(out.len() <= 200);
        assert!(is_subsequence(&out, &pts));
    }

    #[test]
    fn degenerate_ranges() {
        let pts: Vec<_> = (0..1000).map(|i| (5.0, i as f64)).collect();
        let out = decimate(&pts, (5.0, 5.0), 100);
        assert_eq!(out, vec![(5.0, 0.0), (5.0, 999.0)]);
        let out = decimate(&pts, (0.0, 10.0), 0);
        assert_eq!(out.len(), 2);
        // Out-of-range points land in the edge columns.
        let out = decimate(&pts, (100.0, 200.0), 10);
        assert_eq!(out.len(), 2);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// first point, last point, min y, max y
        type Extent = ((f64, f64), (f64, f64), f64, f64);

        fn column(x: f64, (lo, hi): (f64, f64), columns: usize) -> usize {
            let scale = columns as f64 / (hi - lo);
            (((x - lo) * scale) as usize).min(columns - 1)
        }

        proptest! {
            /// Issue 13 item 1: whatever the input (sorted by x or not, dense or sparse), the
            /// decimated series is a subsequence of the input that keeps, in every pixel column,
            /// the first, last, lowest and highest point, so a line through it covers exactly the
            /// column's true extent, in the input's order.
            #[test]
            fn decimation_keeps_each_column_extent_in_order(
                ys in prop::collection::vec(-1e9f64..1e9, 0..3000),
                xs in prop::collection::vec(0.0f64..100.0, 3000),
                sorted in any::<bool>(),
                columns in 1usize..200,
            ) {
                let mut pts: Vec<(f64, f64)> = ys.iter().zip(&xs).map(|(&y, &x)| (x, y)).collect();
                if sorted {
                    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                }
                let range = (0.0, 100.0);
                let out = decimate(&pts, range, columns);
                prop_assert!(is_subsequence(&out, &pts));
                if pts.len() <= MAX_POINTS_PER_COLUMN * columns {
                    prop_assert_eq!(&out, &pts);
                    return Ok(());
                }
                prop_assert!(out.len() <= MAX_POINTS_PER_COLUMN * columns);
                let per_column = |v: &[(f64, f64)]| {
                    let mut c: Vec<Option<Extent>> = vec![None; columns];
                    for &p in v {
                        let e = &mut c[column(p.0, range, columns)];
                        *e = Some(match *e {
                            None => (p, p, p.1, p.1),
                            Some((first, _, lo, hi)) => (first, p, lo.min(p.1), hi.max(p.1)),
                        });
                    }
                    c
                };
                // first, last, min and max of every column, exactly
                prop_assert_eq!(per_column(&out), per_column(&pts));
            }
        }
    }

    #[test]
    fn clipping_cuts_lines_at_the_edges() {
        let pts = [(0.0, 0.0), (2.0, 2.0), (4.0, 4.0), (6.0, 6.0)];
        assert_eq!(
            clip_x(&pts, (1.0, 5.0)),
            vec![(1.0, 1.0), (2.0, 2.0), (4.0, 4.0), (5.0, 5.0)]
        );
        assert_eq!(clip_x(&pts, (-1.0, 7.0)), pts.to_vec());
        assert_eq!(clip_x(&pts, (2.5, 3.0)), vec![(2.5, 2.5), (3.0, 3.0)]);
    }

    #[test]
    fn step_polyline_holds_values() {
        assert!(step_polyline(&[]).is_empty());
        assert_eq!(step_polyline(&[(1.0, 2.0)]), vec![(1.0, 2.0)]);
        assert_eq!(
            step_polyline(&[(0.0, 1.0), (1.0, 3.0), (2.0, 2.0)]),
            vec![(0.0, 1.0), (1.0, 1.0), (1.0, 3.0), (2.0, 3.0), (2.0, 2.0)]
        );
    }
}
