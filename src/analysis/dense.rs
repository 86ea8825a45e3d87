//! [`StreamMap`]: per-TCP-stream state indexed by the stream id without hashing.

use rustc_hash::FxHashMap;

/// How far past the end of the vector an id may be and still extend it (ids are dense from 0
/// with both dissectors; a CSV file may carry any id, which must not allocate gigabytes).
const SLACK: usize = 4096;

/// A map from TCP stream ids to values. Stream ids are numbered from 0 in order of appearance,
/// so the values live in a vector indexed by the id (one bounds check per lookup instead of a
/// hash); an id far beyond the vector goes to a hash map. Invariant: every key of `sparse` is
/// at least `dense.len()`.
#[derive(Debug, Clone)]
pub struct StreamMap<V> {
    dense: Vec<Option<V>>,
    sparse: FxHashMap<u64, V>,
}

impl<V> Default for StreamMap<V> {
    fn default() -> Self {
        StreamMap {
            dense: Vec::new(),
            sparse: FxHashMap::default(),
        }
    }
}

impl<V> StreamMap<V> {
    fn slot(&self, id: u64) -> Option<usize> {
        usize::try_from(id).ok().filter(|&i| i < self.dense.len())
    }

    pub fn get(&self, id: &u64) -> Option<&V> {
        match self.slot(*id) {
            Some(i) => self.dense[i].as_ref(),
            None if self.sparse.is_empty() => None,
            None => self.sparse.get(id),
        }
    }

    pub fn get_mut(&mut self, id: &u64) -> Option<&mut V> {
        match self.slot(*id) {
            Some(i) => self.dense[i].as_mut(),
            None if self.sparse.is_empty() => None,
            None => self.sparse.get_mut(id),
        }
    }

    /// The value of `id`, inserted with `make` if missing.
    pub fn get_or_insert_with(&mut self, id: u64, make: impl FnOnce() -> V) -> &mut V {
        let near = usize::try_from(id)
            .ok()
            .filter(|&i| i < self.dense.len().saturating_add(SLACK));
        match near {
            Some(i) => {
                if i >= self.dense.len() {
                    self.dense.resize_with(i + 1, || None);
                    if !self.sparse.is_empty() {
                        let len = self.dense.len() as u64;
                        let moved: Vec<u64> =
                            self.sparse.keys().copied().filter(|&k| k < len).collect();
                        for k in moved {
                            self.dense[k as usize] = self.sparse.remove(&k);
                        }
                    }
                }
                self.dense[i].get_or_insert_with(make)
            }
            None => self.sparse.entry(id).or_insert_with(make),
        }
    }
}

impl<V> StreamMap<V> {
    /// Take the value of `id` out (its slot in the vector stays, empty).
    pub fn remove(&mut self, id: &u64) -> Option<V> {
        match self.slot(*id) {
            Some(i) => self.dense[i].take(),
            None => self.sparse.remove(id),
        }
    }
}

impl<V> std::ops::Index<&u64> for StreamMap<V> {
    type Output = V;
    fn index(&self, id: &u64) -> &V {
        self.get(id).expect("known stream")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_sparse_and_moved_ids() {
        let mut m = StreamMap::default();
        *m.get_or_insert_with(2, || 20) += 1;
        assert_eq!(m.get(&2), Some(&21));
        assert_eq!((m.get(&0), m.get(&1), m.get(&3)), (None, None, None));
        // far away: in the hash map, not a huge vector
        *m.get_or_insert_with(1 << 40, || 7) += 1;
        *m.get_or_insert_with(5000, || 50) += 1;
        assert!(m.dense.len() < 10_000, "{}", m.dense.len());
        assert_eq!((m.get(&(1 << 40)), m.get(&5000)), (Some(&8), Some(&51)));
        // the vector grows past 5000: that entry moves into it, keeping its value
        for id in 3..6000 {
            m.get_or_insert_with(id, || 0);
        }
        assert_eq!(m.get(&5000), Some(&51));
        assert_eq!(m.sparse.len(), 1);
        assert_eq!(m[&2], 21);
        *m.get_mut(&(1 << 40)).unwrap() = 9;
        assert_eq!(m.get(&(1 << 40)), Some(&9));
        assert_eq!(m.get(&u64::MAX), None);
        m.get_or_insert_with(u64::MAX, || 1);
        assert_eq!(m.get(&u64::MAX), Some(&1));
        assert_eq!(
            (m.remove(&2), m.remove(&2), m.get(&2)),
            (Some(21), None, None)
        );
        assert_eq!((m.remove(&u64::MAX), m.get(&u64::MAX)), (Some(1), None));
    }
}
