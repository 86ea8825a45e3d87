//! Sets of byte ranges: what the statistics count as seen, in sequence or data sequence space.

use std::collections::BTreeMap;

/// A set of disjoint half-open ranges, coalescing neighbours (memory stays small for
/// in-order data). Ranges below a floor can be dropped ([`RangeSet::split_below`]) to bound
/// memory: their bytes stay counted, and bytes below the floor count as present. The ranges
/// are boxed: a set without any (not used yet, or folded: [`RangeSet::fold`]) is 24 bytes,
/// the count of what it held.
#[derive(Debug, Default, Clone)]
pub struct RangeSet {
    live: Option<Box<Live>>,
    /// Bytes of the ranges dropped (below the floor, or every range once folded).
    dropped: u64,
    /// Folded: every byte counts as present.
    folded: bool,
}

/// The ranges of a [`RangeSet`] and its floor.
#[derive(Debug, Default, Clone)]
struct Live {
    map: BTreeMap<u64, u64>,
    floor: u64,
}

impl RangeSet {
    /// Insert `[start, end)`; returns how many of these bytes were not in the set yet.
    pub fn insert(&mut self, start: u64, end: u64) -> u64 {
        if self.folded {
            return 0;
        }
        let live = self.live.get_or_insert_with(Default::default);
        let start = start.max(live.floor);
        if start >= end {
            return 0;
        }
        let map = &mut live.map;
        // the usual case, in-order data: the new bytes extend (or lie in) the one range that
        // starts at or before them and reaches them; no other range can touch them (ranges are
        // disjoint and never adjacent), so that range grows in place
        if let Some((&rs, re)) = map.range_mut(..=end).next_back() {
            if rs <= start && *re >= start {
                let already = (*re).min(end) - start;
                *re = (*re).max(end);
                return (end - start) - already;
            }
        }
        let mut s = start;
        let mut e = end;
        let mut already = 0;
        while let Some((&rs, &re)) = map.range(..=end).next_back() {
            if re < start {
                break;
            }
            already += re.min(end).saturating_sub(rs.max(start));
            s = s.min(rs);
            e = e.max(re);
            map.remove(&rs);
        }
        map.insert(s, e);
        (end - start) - already
    }

    /// The ranges held.
    fn map(&self) -> Option<&BTreeMap<u64, u64>> {
        self.live.as_ref().map(|l| &l.map)
    }

    /// Bytes in the set (dropped ranges included).
    pub fn len(&self) -> u64 {
        self.dropped
            + self
                .map()
                .map_or(0, |m| m.iter().map(|(s, e)| e - s).sum::<u64>())
    }

    /// Number of ranges held in memory.
    pub fn ranges(&self) -> usize {
        self.map().map_or(0, BTreeMap::len)
    }

    /// Move the part below `cut` out of the set (it stays counted in [`RangeSet::len`]) and
    /// raise the floor to `cut`.
    pub fn split_below(&mut self, cut: u64) -> RangeSet {
        if self.folded {
            return RangeSet::default();
        }
        let live = self.live.get_or_insert_with(Default::default);
        let mut high = live.map.split_off(&cut);
        let mut low = std::mem::take(&mut live.map);
        if let Some((&s, &e)) = low.iter().next_back() {
            if e > cut {
                low.insert(s, cut);
                high.insert(cut, e);
            }
        }
        live.map = high;
        live.floor = live.floor.max(cut);
        let out = RangeSet {
            live: Some(Box::new(Live { map: low, floor: 0 })),
            dropped: 0,
            folded: false,
        };
        self.dropped += out.len();
        out
    }

    /// Keep only the count: every range is dropped (still counted in [`RangeSet::len`]) and
    /// the memory freed.
    pub fn fold(&mut self) {
        self.dropped = self.len();
        self.live = None;
        self.folded = true;
    }

    pub fn is_empty(&self) -> bool {
        self.ranges() == 0
    }

    /// Bytes of `self` that are in none of `others` (O(n log n): the others are merged once,
    /// then each range of `self` visits only the ranges that can overlap it).
    pub fn minus_len<'a>(&self, others: impl Iterator<Item = &'a RangeSet>) -> u64 {
        use std::ops::Bound::{Excluded, Unbounded};
        let mut union = RangeSet::default();
        for o in others {
            for (&s, &e) in o.map().into_iter().flatten() {
                union.insert(s, e);
            }
        }
        let none = BTreeMap::new();
        let umap = union.map().unwrap_or(&none);
        let mut total = 0;
        for (&s, &e) in self.map().into_iter().flatten() {
            let before = umap.range(..=s).next_back();
            let inside = umap
                .range((Excluded(s), Unbounded))
                .take_while(|(&os, _)| os < e);
            let covered: u64 = before
                .into_iter()
                .chain(inside)
                .map(|(&os, &oe)| oe.min(e).saturating_sub(os.max(s)))
                .sum();
            total += (e - s) - covered;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_set_counts_new_bytes() {
        let mut r = RangeSet::default();
        assert_eq!(r.insert(0, 10), 10);
        assert_eq!(r.insert(5, 15), 5);
        assert_eq!(r.insert(20, 30), 10);
        assert_eq!(r.insert(0, 30), 5);
        assert_eq!(r.len(), 30);
        assert_eq!(r.ranges(), 1);
    }

    #[test]
    fn exclusive_bytes() {
        let mut a = RangeSet::default();
        a.insert(0, 100);
        let mut b = RangeSet::default();
        b.insert(50, 60);
        let mut c = RangeSet::default();
        c.insert(55, 70);
        assert_eq!(a.minus_len([&b, &c].into_iter()), 80);
    }

    proptest::proptest! {
        #[test]
        fn range_sets_agree_with_a_bitmap(
            a in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            b in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            c in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            cut in 0u64..240,
        ) {
            let mut bits = [[false; 240]; 3];
            let mut sets = [RangeSet::default(), RangeSet::default(), RangeSet::default()];
            for (k, v) in [&a, &b, &c].into_iter().enumerate() {
                for &(s, l) in v {
                    let fresh = (s..s + l).filter(|&i| !bits[k][i as usize]).count() as u64;
                    proptest::prop_assert_eq!(sets[k].insert(s, s + l), fresh);
                    for i in s..s + l {
                        bits[k][i as usize] = true;
                    }
                }
                proptest::prop_assert_eq!(sets[k].len(), bits[k].iter().filter(|x| **x).count() as u64);
            }
            let only_a = (0..240).filter(|&i| bits[0][i] && !bits[1][i] && !bits[2][i]).count() as u64;
            proptest::prop_assert_eq!(sets[0].minus_len([&sets[1], &sets[2]].into_iter()), only_a);
            // settling a prefix keeps the counts: exclusive bytes below + above the cut
            let [mut x, mut y, mut z] = sets;
            let before = x.len();
            let (lx, ly, lz) = (x.split_below(cut), y.split_below(cut), z.split_below(cut));
            proptest::prop_assert_eq!(x.len(), before);
            proptest::prop_assert_eq!(lx.len() + x.map().into_iter().flatten().map(|(s, e)| e - s).sum::<u64>(), before);
            let split = lx.minus_len([&ly, &lz].into_iter()) + x.minus_len([&y, &z].into_iter());
            proptest::prop_assert_eq!(split, only_a);
            // and bytes below the floor count as present
            proptest::prop_assert_eq!(x.insert(0, cut), 0);
        }
    }
}
