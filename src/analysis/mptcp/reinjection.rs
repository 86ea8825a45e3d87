//! Reinjections, as Wireshark defines them (`mptcp.reinjection_of`): a packet is a reinjection
//! when some of its data-level bytes were sent earlier, in any transmission, on **another**
//! subflow of the connection in the same direction; it is a reinjection of every such earlier
//! frame. Each direction of a connection keeps, for the DSN space already sent (within
//! [`REINJECTION_WINDOW`]), every transmission of each byte range.

pub use super::pairs::ReinjectionPairs;
use crate::model::Packet;
use std::collections::{BTreeMap, HashMap};

/// How far behind the highest DSN sent a reinjection is still recognised, in bytes of data
/// sequence space. Older ranges are forgotten so that memory stays bounded on long captures
/// (docs/statistics.md).
pub const REINJECTION_WINDOW: u64 = 64 << 20;

/// At most this many transmissions are remembered for one byte range; older ones are
/// forgotten first (a range sent more often than this is pathological; docs/statistics.md).
pub const MAX_TRANSMISSIONS: usize = 64;

/// One transmission of a range: its subflow, its frame, and whether these bytes of it were
/// already sent again on another subflow (so that they are counted once as reinjected).
#[derive(Debug, Clone, Copy)]
struct Sent {
    stream: u64,
    frame: u64,
    state: State,
}

/// What a slot of [`Transmissions`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A transmission whose bytes no later transmission on another subflow sent again.
    Fresh,
    /// A transmission whose bytes were sent again on another subflow.
    Copied,
    /// Room for a later transmission (a [`Transmissions::Many`] slice grows by doubling).
    Spare,
}

const SPARE: Sent = Sent {
    stream: 0,
    frame: 0,
    state: State::Spare,
};

/// The room of a range's first [`Transmissions::Many`] slice (then doubled up to
/// [`MAX_TRANSMISSIONS`]).
const FIRST_MANY: usize = 4;

/// A range `[start, end)` of DSN space (the map key is `start`) and every transmission of it.
#[derive(Debug, Clone)]
struct Piece {
    end: u64,
    sent: Transmissions,
}

/// The transmissions of a piece, oldest first: most pieces are sent once, and hold that one
/// inline (a vector of one is an allocation more per segment); several are a boxed slice, so
/// that the enum is no larger than one transmission. The slice has room for more (its tail
/// slots are [`State::Spare`]), doubled when full: a range sent 5 times (the copies of a
/// capture merged with itself) allocates twice, not once per transmission.
#[derive(Debug, Clone)]
enum Transmissions {
    One(Sent),
    Many(Box<[Sent]>),
}

const _: () = assert!(std::mem::size_of::<Transmissions>() == std::mem::size_of::<Sent>());

impl Transmissions {
    fn as_mut_slice(&mut self) -> &mut [Sent] {
        match self {
            Transmissions::One(s) => std::slice::from_mut(s),
            Transmissions::Many(v) => {
                let n = held(v);
                &mut v[..n]
            }
        }
    }

    /// Add `new`, forgetting the oldest when [`MAX_TRANSMISSIONS`] are held.
    fn push(&mut self, new: Sent) {
        match self {
            Transmissions::One(old) => {
                let mut v = [SPARE; FIRST_MANY];
                (v[0], v[1]) = (*old, new);
                *self = Transmissions::Many(Box::new(v));
            }
            Transmissions::Many(v) => {
                let n = held(v);
                if n < v.len() {
                    v[n] = new;
                } else if n < MAX_TRANSMISSIONS {
                    let room = (2 * n).min(MAX_TRANSMISSIONS);
                    let grown: Box<[Sent]> = v
                        .iter()
                        .copied()
                        .chain(std::iter::once(new))
                        .chain(std::iter::repeat_n(SPARE, room - n - 1))
                        .collect();
                    *v = grown;
                } else {
                    v.rotate_left(1);
                    v[n - 1] = new;
                }
            }
        }
    }
}

/// How many transmissions a [`Transmissions::Many`] slice holds (the slots before its spare
/// room).
fn held(v: &[Sent]) -> usize {
    v.iter()
        .position(|t| t.state == State::Spare)
        .unwrap_or(v.len())
}

/// The DSN ranges already sent in one direction of a connection: disjoint pieces, each with
/// every transmission that carried all of it.
#[derive(Debug, Default, Clone)]
pub(in crate::analysis) struct SentRanges {
    map: BTreeMap<u64, Piece>,
    /// Highest range end recorded.
    front: u64,
    /// Prune when the map grows past this many pieces.
    prune_at: usize,
    /// The first DSN recorded: ranges are kept as offsets from it plus 2^63 ([`Self::key`]),
    /// so that a DSN space wrapping past 2^64 (legal: the IDSN is random) stays in order.
    origin: Option<u64>,
    /// [`Self::record`]'s list of the new range's gaps, kept between calls (empty): no
    /// allocation per segment.
    gaps: Vec<(u64, u64)>,
}

/// What [`SentRanges::record`] found about one transmission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reinjection {
    /// The earlier transmissions on other subflows, by frame.
    pub earlier: Vec<Overlap>,
    /// Data-level bytes of the packet sent earlier on another subflow (each byte once).
    pub bytes: u64,
}

impl SentRanges {
    /// Forget the pieces that end more than [`REINJECTION_WINDOW`] below the front.
    fn prune(&mut self) {
        let cut = self.front.saturating_sub(REINJECTION_WINDOW);
        if cut == 0 {
            return;
        }
        let kept = self.map.split_off(&cut);
        let last = self.map.pop_last();
        self.map = kept;
        if let Some((s, p)) = last {
            if p.end > cut {
                self.map.insert(s, p);
            }
        }
    }

    /// Split the piece that strictly contains `at`, so that a piece starts at `at`.
    fn split_at(&mut self, at: u64) {
        let Some((&s, p)) = self.map.range_mut(..at).next_back() else {
            return;
        };
        if p.end <= at || s == at {
            return;
        }
        let tail = Piece {
            end: p.end,
            sent: p.sent.clone(),
        };
        p.end = at;
        self.map.insert(at, tail);
    }

    /// Where the absolute 64-bit `dsn` sits in the map: its distance from the first DSN
    /// recorded, modulo 2^64, shifted by 2^63, so that DSNs up to 2^63 bytes on either side of
    /// the first one keep their order across a wrap of the DSN space.
    fn key(&mut self, dsn: u64) -> u64 {
        let origin = *self.origin.get_or_insert(dsn);
        dsn.wrapping_sub(origin) ^ (1 << 63)
    }

    /// Record the `len` bytes from absolute DSN `dsn` sent in `frame` on `stream`, as
    /// [`Self::record`] does.
    pub(in crate::analysis) fn record_dsn(
        &mut self,
        dsn: u64,
        len: u32,
        stream: u64,
        frame: u64,
    ) -> Reinjection {
        let start = self.key(dsn);
        // more than 2^63 bytes past the first DSN: not a sequence space, end at its top
        let end = start.saturating_add(u64::from(len));
        self.record(start, end, stream, frame)
    }

    /// Record `[start, end)` (keys) sent in `frame` on `stream`; return the earlier
    /// transmissions on other streams of some of these bytes (with the bytes in common) and how
    /// many of the packet's bytes they cover.
    fn record(&mut self, start: u64, end: u64, stream: u64, frame: u64) -> Reinjection {
        let mut found = Reinjection::default();
        if end <= start {
            return found;
        }
        let new = Sent {
            stream,
            frame,
            state: State::Fresh,
        };
        // new data beyond every range recorded (the usual case): one new piece, nothing sent
        // before to look at, nothing to split
        if start >= self.front || self.map.is_empty() {
            self.map.insert(
                start,
                Piece {
                    end,
                    sent: Transmissions::One(new),
                },
            );
            return self.recorded(found, end);
        }
        // the very range of one earlier piece (a retransmission of the same segment)
        if let Some(piece) = self.map.get_mut(&start) {
            if piece.end == end {
                visit(piece, end - start, new, &mut found);
                found.earlier.sort_unstable_by_key(|o| o.frame);
                return self.recorded(found, end);
            }
        }
        self.split_at(start);
        self.split_at(end);
        if self.map.range(start..end).next().is_none() {
            // new data in a hole below the front
            self.map.insert(
                start,
                Piece {
                    end,
                    sent: Transmissions::One(new),
                },
            );
            return self.recorded(found, end);
        }
        let mut gaps = std::mem::take(&mut self.gaps);
        let mut cursor = start;
        for (&s, piece) in self.map.range_mut(start..end) {
            if s > cursor {
                gaps.push((cursor, s));
            }
            visit(piece, piece.end - s, new, &mut found);
            cursor = piece.end;
        }
        if cursor < end {
            gaps.push((cursor, end));
        }
        for (s, e) in gaps.drain(..) {
            self.map.insert(
                s,
                Piece {
                    end: e,
                    sent: Transmissions::One(new),
                },
            );
        }
        self.gaps = gaps;
        found.earlier.sort_unstable_by_key(|o| o.frame);
        self.recorded(found, end)
    }

    /// After recording a range ending at `end`: move the front, prune when due.
    fn recorded(&mut self, found: Reinjection, end: u64) -> Reinjection {
        self.front = self.front.max(end);
        if self.map.len() > self.prune_at.max(4096) {
            self.prune();
            self.prune_at = 2 * self.map.len();
        }
        found
    }
}

/// One earlier piece (`len` bytes) met by the transmission `new`: its transmissions on other
/// subflows go into `found` (marked as copied), then `new` joins them.
fn visit(piece: &mut Piece, len: u64, new: Sent, found: &mut Reinjection) {
    let mut elsewhere = false;
    for t in piece
        .sent
        .as_mut_slice()
        .iter_mut()
        .filter(|t| t.stream != new.stream)
    {
        elsewhere = true;
        let fresh = if t.state == State::Copied { 0 } else { len };
        t.state = State::Copied;
        match found.earlier.iter_mut().find(|o| o.frame == t.frame) {
            Some(o) => {
                o.bytes += len;
                o.fresh_bytes += fresh;
            }
            None => found.earlier.push(Overlap {
                frame: t.frame,
                tcp_stream: t.stream,
                bytes: len,
                fresh_bytes: fresh,
            }),
        }
    }
    if elsewhere {
        found.bytes += len;
    }
    piece.sent.push(new);
}

/// An earlier transmission, on another subflow, of data a reinjection carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// Frame of the earlier transmission.
    pub frame: u64,
    /// Its subflow.
    pub tcp_stream: u64,
    /// Data-level bytes in common.
    pub bytes: u64,
    /// Of those, the bytes of that frame no earlier reinjection had sent again on another
    /// subflow: summed over reinjections, each byte of an original counts once.
    pub fresh_bytes: u64,
}

/// Fill `reinjected_in` of the originals from the (original, reinjection) pairs of an analysis.
pub fn apply_reinjected_in(packets: &mut [Packet], pairs: &ReinjectionPairs) {
    if pairs.is_empty() {
        return;
    }
    let index: HashMap<u64, usize> = packets
        .iter()
        .enumerate()
        .map(|(i, p)| (p.frame, i))
        .collect();
    for (orig, re) in pairs.iter() {
        if let Some(&i) = index.get(&orig) {
            if !packets[i].reinjected_in.contains(&re) {
                packets[i].reinjected_in.push(re);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (frame, bytes, fresh bytes) of each earlier transmission, and the packet's bytes.
    fn found(r: Reinjection) -> (Vec<(u64, u64, u64)>, u64) {
        let v = r.earlier.iter().map(|o| (o.frame, o.bytes, o.fresh_bytes));
        (v.collect(), r.bytes)
    }

    #[test]
    fn every_earlier_transmission_on_another_subflow_is_listed() {
        let mut r = SentRanges::default();
        assert_eq!(found(r.record(0, 100, 1, 10)), (vec![], 0));
        assert_eq!(found(r.record(100, 200, 2, 11)), (vec![], 0));
        // retransmission on the same stream: not a reinjection
        assert_eq!(found(r.record(0, 50, 1, 12)), (vec![], 0));
        // reinjection of part of both
        let both = (vec![(10, 50, 50), (11, 50, 50)], 100);
        assert_eq!(found(r.record(50, 150, 3, 13)), both);
        // beyond: new data
        assert_eq!(found(r.record(200, 300, 3, 14)), (vec![], 0));
        assert_eq!(found(r.record(250, 260, 1, 15)), (vec![(14, 10, 10)], 10));
        // every earlier transmission elsewhere, the same-stream retransmission 12 included;
        // frame 10's bytes 50..100 were already sent again by 13: not fresh
        let all = (vec![(10, 100, 50), (12, 50, 50), (13, 50, 50)], 100);
        assert_eq!(found(r.record(0, 100, 2, 16)), all);
        // a TCP retransmission on stream 1 of data since reinjected on stream 2 is a
        // reinjection of that copy (Wireshark's definition), not of its own stream's frames
        assert_eq!(found(r.record(0, 50, 1, 17)), (vec![(16, 50, 50)], 50));
        // bytes covered by several earlier frames count once in the packet's bytes
        let r2 = r.record(0, 20, 3, 18);
        assert_eq!(r2.bytes, 20);
        assert_eq!(r2.earlier.len(), 4, "{r2:?}"); // 10, 12, 16, 17
    }

    #[test]
    fn a_range_keeps_a_bounded_number_of_transmissions() {
        let mut r = SentRanges::default();
        for f in 0..(MAX_TRANSMISSIONS as u64 + 10) {
            r.record(0, 10, 1, f);
        }
        let got = r.record(0, 10, 2, 1000);
        assert_eq!(got.earlier.len(), MAX_TRANSMISSIONS);
        assert_eq!(got.earlier[0].frame, 10);
    }
    /// The same record, byte by byte: each byte's transmissions (stream, frame, copied), at
    /// most [`MAX_TRANSMISSIONS`], oldest forgotten first; the oracle of the piece-wise map.
    fn bytewise(
        bytes: &mut std::collections::BTreeMap<u64, Vec<(u64, u64, bool)>>,
        (start, end, stream, frame): (u64, u64, u64, u64),
    ) -> (Vec<(u64, u64, u64)>, u64) {
        let mut earlier: std::collections::BTreeMap<u64, (u64, u64)> = Default::default();
        let mut total = 0;
        for b in start..end {
            let sent = bytes.entry(b).or_default();
            let mut elsewhere = false;
            for t in sent.iter_mut().filter(|t| t.0 != stream) {
                elsewhere = true;
                let e = earlier.entry(t.1).or_default();
                e.0 += 1;
                e.1 += u64::from(!t.2);
                t.2 = true;
            }
            total += u64::from(elsewhere);
            if sent.len() == MAX_TRANSMISSIONS {
                sent.remove(0);
            }
            sent.push((stream, frame, false));
        }
        let v = earlier.into_iter().map(|(f, (b, fr))| (f, b, fr)).collect();
        (v, total)
    }

    /// Record `sends` (start, length, stream; frame = index) and compare each answer with the
    /// byte-by-byte record's.
    fn agree_with_bytewise(
        sends: Vec<(u64, u64, u64)>,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut r = SentRanges::default();
        let mut bytes = Default::default();
        for (frame, (start, len, stream)) in sends.into_iter().enumerate() {
            let s = (start, start + len, stream, frame as u64);
            let want = bytewise(&mut bytes, s);
            proptest::prop_assert_eq!(found(r.record(s.0, s.1, s.2, s.3)), want);
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn pieces_agree_with_a_byte_by_byte_record(
            sends in proptest::collection::vec((0u64..120, 1u64..40, 0u64..3), 1..150),
        ) {
            agree_with_bytewise(sends)?;
        }

        /// Few bytes sent many times: past [`MAX_TRANSMISSIONS`] per byte.
        #[test]
        fn pieces_sent_often_agree_with_a_byte_by_byte_record(
            sends in proptest::collection::vec((0u64..6, 1u64..4, 0u64..3), 100..300),
        ) {
            agree_with_bytewise(sends)?;
        }
    }
}
