//! Sets of byte ranges: what the statistics count as seen, in sequence or data sequence space.

use std::collections::BTreeMap;

/// A set of disjoint half-open ranges, coalescing neighbours (memory stays small for
/// in-order data). Ranges below a floor can be dropped ([`RangeSet::split_below`]) to bound
/// memory: their bytes stay counted, and bytes below the floor count as present.
///
/// A set that has only ever held one range (in-order data, the usual case) keeps it inline,
/// with no allocation; the second range apart from it, or a floor, moves the ranges to a boxed
/// B-tree. A set without any (not used yet, or folded: [`RangeSet::fold`]) holds only the count
/// of what it held.
#[derive(Debug, Default, Clone)]
pub struct RangeSet {
    /// The one range `start..end` while `live` is `None` (empty when `start == end`); unused
    /// (empty) once `live` holds the ranges.
    one: (u64, u64),
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
        if self.folded || start >= end {
            return 0;
        }
        if self.live.is_none() {
            let (rs, re) = self.one;
            if rs == re {
                self.one = (start, end);
                return end - start;
            }
            // overlapping or adjacent: still one range
            if start <= re && end >= rs {
                let already = re.min(end).saturating_sub(rs.max(start));
                self.one = (rs.min(start), re.max(end));
                return (end - start) - already;
            }
            self.spill();
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

    /// Move the inline range (if any) to a boxed B-tree of floor 0.
    fn spill(&mut self) {
        let mut map = BTreeMap::new();
        let (rs, re) = std::mem::take(&mut self.one);
        if rs < re {
            map.insert(rs, re);
        }
        self.live = Some(Box::new(Live { map, floor: 0 }));
    }

    /// The ranges held, in order.
    fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let (rs, re) = self.one;
        let one = (rs < re).then_some((rs, re));
        let many = self
            .live
            .iter()
            .flat_map(|l| l.map.iter().map(|(&s, &e)| (s, e)));
        one.into_iter().chain(many)
    }

    /// Bytes in the set (dropped ranges included).
    pub fn len(&self) -> u64 {
        self.dropped + self.iter().map(|(s, e)| e - s).sum::<u64>()
    }

    /// Number of ranges held in memory.
    pub fn ranges(&self) -> usize {
        match &self.live {
            Some(l) => l.map.len(),
            None => usize::from(self.one.0 < self.one.1),
        }
    }

    /// Move the part below `cut` out of the set (it stays counted in [`RangeSet::len`]) and
    /// raise the floor to `cut`.
    pub fn split_below(&mut self, cut: u64) -> RangeSet {
        if self.folded {
            return RangeSet::default();
        }
        if self.live.is_none() && cut == u64::MAX {
            // every range goes: a floor at the end of the space takes no byte any more, as
            // a folded set (and a connection's end settles its sets this way: no B-tree made)
            let out = RangeSet {
                one: std::mem::take(&mut self.one),
                ..RangeSet::default()
            };
            self.dropped += out.len();
            self.folded = true;
            return out;
        }
        if self.live.is_none() {
            self.spill();
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
        let out = match low.len() {
            0 => RangeSet::default(),
            1 => RangeSet {
                one: low.pop_first().unwrap_or_default(),
                ..RangeSet::default()
            },
            _ => RangeSet {
                live: Some(Box::new(Live { map: low, floor: 0 })),
                ..RangeSet::default()
            },
        };
        self.dropped += out.len();
        out
    }

    /// Keep only the count: every range is dropped (still counted in [`RangeSet::len`]) and
    /// the memory freed.
    pub fn fold(&mut self) {
        self.dropped = self.len();
        self.one = (0, 0);
        self.live = None;
        self.folded = true;
    }

    pub fn is_empty(&self) -> bool {
        self.ranges() == 0
    }

    /// Bytes of `self` that are in none of `others` (O(n log n): the others are merged once,
    /// then each range of `self` visits only the ranges that can overlap it).
    pub fn minus_len<'a>(&self, others: impl Iterator<Item = &'a RangeSet>) -> u64 {
        let mut union = RangeSet::default();
        for o in others {
            for (s, e) in o.iter() {
                union.insert(s, e);
            }
        }
        self.iter()
            .map(|(s, e)| (e - s) - union.covered(s, e))
            .sum()
    }

    /// Bytes of `[s, e)` in the ranges held.
    fn covered(&self, s: u64, e: u64) -> u64 {
        use std::ops::Bound::{Excluded, Unbounded};
        let overlap = |(os, oe): (u64, u64)| oe.min(e).saturating_sub(os.max(s));
        let Some(live) = &self.live else {
            return overlap(self.one);
        };
        let before = live.map.range(..=s).next_back();
        let inside = live
            .map
            .range((Excluded(s), Unbounded))
            .take_while(|(&os, _)| os < e);
        before
            .into_iter()
            .chain(inside)
            .map(|(&os, &oe)| overlap((os, oe)))
            .sum()
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

    #[test]
    fn in_order_data_stays_inline_until_a_gap() {
        let mut r = RangeSet::default();
        for k in 0..100 {
            assert_eq!(r.insert(k * 10, k * 10 + 10), 10);
        }
        assert_eq!(
            r.insert(0, 5),
            0,
            "adjacent and repeated bytes merge into the one range"
        );
        assert!(r.live.is_none(), "{r:?}");
        assert_eq!((r.len(), r.ranges()), (1000, 1));
        assert_eq!(r.insert(2000, 2010), 10);
        assert!(r.live.is_some(), "a second range apart: the B-tree");
        assert_eq!((r.len(), r.ranges()), (1010, 2));
        // the end of a connection settles an inline set without making a B-tree
        let mut one = RangeSet::default();
        one.insert(5, 50);
        let low = one.split_below(u64::MAX);
        assert!(one.live.is_none() && low.live.is_none());
        assert_eq!((low.len(), one.len(), one.ranges()), (45, 45, 0));
        assert_eq!(
            one.insert(0, 100),
            0,
            "nothing is taken above a floor at the end"
        );
        assert_eq!(one.split_below(u64::MAX).len(), 0);
    }

    proptest::proptest! {
        #[test]
        fn range_sets_agree_with_a_bitmap(
            a in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            b in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            c in proptest::collection::vec((0u64..200, 1u64..30), 0..20),
            cut in proptest::prop_oneof![0u64..240, proptest::strategy::Just(u64::MAX)],
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
            proptest::prop_assert_eq!(lx.len() + x.iter().map(|(s, e)| e - s).sum::<u64>(), before);
            let split = lx.minus_len([&ly, &lz].into_iter()) + x.minus_len([&y, &z].into_iter());
            proptest::prop_assert_eq!(split, only_a);
            // and bytes below the floor count as present
            proptest::prop_assert_eq!(x.insert(0, cut), 0);
        }
    }
}
