//! A series reduced while it is built, so that memory does not grow with the capture.

/// At most this many points are kept per bucket.
pub const POINTS_PER_BUCKET: usize = 4;

#[derive(Debug, Clone, Copy)]
struct Pt {
    seq: u64,
    x: f64,
    y: f64,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    first: Pt,
    last: Pt,
    min: Pt,
    max: Pt,
}

/// Points pushed one by one, kept as they are while there are at most as many as buckets (a
/// small series is drawn exactly as given), then reduced into buckets of equal width over a
/// known x range; each bucket
/// keeps its first, last, lowest and highest point (ties: the earliest), which is what the
/// renderer's per-pixel-column decimation keeps. With buckets narrower than a pixel column
/// (several per column), decimating the reduced series gives each column's true extent.
/// Points outside the range count in the nearest edge bucket; non-finite points are dropped.
#[derive(Debug, Clone)]
pub struct Reduced {
    lo: f64,
    scale: f64,
    n: usize,
    seq: u64,
    /// The points while there are at most `n` of them.
    raw: Vec<(f64, f64)>,
    /// Allocated when `raw` overflows: a small series costs little.
    buckets: Vec<Option<Bucket>>,
    /// Zoomed: points outside the range are dropped, except the last one before it and the
    /// first one after it (a line drawn through them is cut at the edges).
    clip: Option<Edges>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Edges {
    hi: f64,
    before: Option<(f64, f64)>,
    after: Option<(f64, f64)>,
}

impl Reduced {
    /// `buckets` buckets over `range` (inclusive).
    pub fn new(range: (f64, f64), buckets: usize) -> Self {
        let (lo, hi) = if range.0 <= range.1 {
            range
        } else {
            (range.1, range.0)
        };
        let n = buckets.max(1);
        let width = hi - lo;
        let scale = if width > 0.0 && width.is_finite() {
            n as f64 / width
        } else {
            0.0
        };
        Reduced {
            lo,
            scale,
            n,
            seq: 0,
            raw: Vec::new(),
            buckets: Vec::new(),
            clip: None,
        }
    }

    /// Like [`Reduced::new`], for a zoomed range: only the points inside it are reduced.
    pub fn zoomed(range: (f64, f64), buckets: usize) -> Self {
        let mut r = Reduced::new(range, buckets);
        r.clip = Some(Edges {
            hi: range.0.max(range.1),
            ..Default::default()
        });
        r
    }

    /// An empty series with the same buckets.
    pub fn empty_like(&self) -> Self {
        Reduced {
            lo: self.lo,
            scale: self.scale,
            n: self.n,
            seq: 0,
            raw: Vec::new(),
            buckets: Vec::new(),
            clip: self.clip.map(|e| Edges {
                hi: e.hi,
                ..Default::default()
            }),
        }
    }

    pub fn push(&mut self, x: f64, y: f64) {
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        if let Some(e) = &mut self.clip {
            if x < self.lo {
                e.before = Some((x, y));
                return;
            }
            if x > e.hi {
                e.after = e.after.or(Some((x, y)));
                return;
            }
        }
        if self.buckets.is_empty() {
            if self.raw.len() < self.n {
                self.raw.push((x, y));
                self.seq += 1;
                return;
            }
            self.buckets = vec![None; self.n];
            let raw = std::mem::take(&mut self.raw);
            self.seq = 0;
            for (x, y) in raw {
                self.bucket(x, y);
            }
        }
        self.bucket(x, y);
    }

    fn bucket(&mut self, x: f64, y: f64) {
        // `as usize` saturates: points left of the range go to bucket 0.
        let col = (((x - self.lo) * self.scale) as usize).min(self.n - 1);
        let p = Pt {
            seq: self.seq,
            x,
            y,
        };
        self.seq += 1;
        let b = &mut self.buckets[col];
        match b {
            None => {
                *b = Some(Bucket {
                    first: p,
                    last: p,
                    min: p,
                    max: p,
                })
            }
            Some(b) => {
                b.last = p;
                if y < b.min.y {
                    b.min = p;
                }
                if y > b.max.y {
                    b.max = p;
                }
            }
        }
    }

    /// Number of points pushed (finite ones).
    pub fn pushed(&self) -> u64 {
        self.seq
    }

    pub fn is_empty(&self) -> bool {
        self.seq == 0
    }

    /// The points: all of them for a small series, else those kept bucket by bucket, in the order they were pushed within a bucket.
    pub fn into_points(mut self) -> Vec<(f64, f64)> {
        let edges = self.clip.take().unwrap_or_default();
        let mut out: Vec<(f64, f64)> = edges.before.into_iter().collect();
        out.extend(self.inner_points());
        out.extend(edges.after);
        out
    }

    fn inner_points(self) -> Vec<(f64, f64)> {
        if self.buckets.is_empty() {
            return self.raw;
        }
        let mut out = Vec::new();
        for b in self.buckets.into_iter().flatten() {
            let mut pts = [b.first, b.min, b.max, b.last];
            pts.sort_by_key(|p| p.seq);
            let mut last = None;
            for p in pts {
                if last != Some(p.seq) {
                    out.push((p.x, p.y));
                    last = Some(p.seq);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_series_are_kept_whole() {
        // at most one point per bucket on average: kept as given, in input order
        let mut r = Reduced::new((0.0, 10.0), 40);
        let pts: Vec<(f64, f64)> = (0..40).map(|i| ((i % 7) as f64, i as f64)).collect();
        for &(x, y) in &pts {
            r.push(x, y);
        }
        assert_eq!(r.into_points(), pts);
    }

    #[test]
    fn each_bucket_keeps_first_last_min_max_in_order() {
        let mut r = Reduced::new((0.0, 2.0), 2);
        // (more points than buckets: reduced)
        for &(x, y) in &[(0.1, 5.0), (0.2, 9.0), (0.3, 1.0), (0.4, 4.0), (0.5, 3.0)] {
            r.push(x, y);
        }
        r.push(f64::NAN, 1.0);
        r.push(1.5, 7.0);
        assert_eq!(
            r.into_points(),
            vec![(0.1, 5.0), (0.2, 9.0), (0.3, 1.0), (0.5, 3.0), (1.5, 7.0)]
        );
        assert!(Reduced::new((0.0, 1.0), 3).into_points().is_empty());
    }

    #[test]
    fn zoomed_series_keep_one_point_beyond_each_edge() {
        let mut r = Reduced::zoomed((2.0, 4.0), 10);
        for i in 0..8 {
            r.push(i as f64, 10.0 * i as f64);
        }
        assert_eq!(
            r.into_points(),
            vec![
                (1.0, 10.0),
                (2.0, 20.0),
                (3.0, 30.0),
                (4.0, 40.0),
                (5.0, 50.0)
            ]
        );
    }
}
