//! Reassembly at the receiver: TCP per subflow direction, then the MPTCP data level with
//! its head-of-line blocking accounting.

use std::collections::BTreeMap;

/// Data-level reassembly with head-of-line accounting.
#[derive(Debug, Default)]
pub struct DataLevel {
    next: Option<i64>,
    start: Option<i64>,
    /// Waiting ranges start -> end, disjoint, all beyond `next`.
    waiting: BTreeMap<i64, i64>,
    waiting_bytes: u64,
    blocked_since: Option<i64>,
    pub hol_ns: i64,
    pub hol_events: u64,
    pub max_waiting: u64,
    pub last_advance_ns: Option<i64>,
}

impl DataLevel {
    /// Start at data sequence number `first` (1 when the handshake was seen), or at the first
    /// range delivered when None.
    pub fn new(first: Option<i64>) -> Self {
        DataLevel {
            next: first,
            start: first,
            ..Default::default()
        }
    }

    /// Its subflow delivers data [a, b) at time `t`.
    pub fn deliver(&mut self, a: i64, b: i64, t: i64) {
        let next = *self.next.get_or_insert(a);
        self.start.get_or_insert(a);
        if b <= next {
            return;
        }
        let a = a.max(next);
        // merge [a, b) into the waiting ranges
        let (mut lo, mut hi) = (a, b);
        let over: Vec<(i64, i64)> = self
            .waiting
            .range(..=hi)
            .filter(|(_, &e)| e >= lo)
            .map(|(&s, &e)| (s, e))
            .collect();
        for (s, e) in over {
            self.waiting.remove(&s);
            self.waiting_bytes -= (e - s) as u64;
            lo = lo.min(s);
            hi = hi.max(e);
        }
        self.waiting.insert(lo, hi);
        self.waiting_bytes += (hi - lo) as u64;
        let mut advanced = false;
        while let Some((&s, &e)) = self.waiting.iter().next() {
            let n = self.next.unwrap_or(s);
            if s > n {
                break;
            }
            self.waiting.remove(&s);
            self.waiting_bytes -= (e - s) as u64;
            self.next = Some(n.max(e));
            advanced = true;
        }
        if advanced {
            self.last_advance_ns = Some(t);
        }
        self.max_waiting = self.max_waiting.max(self.waiting_bytes);
        match (self.waiting.is_empty(), self.blocked_since) {
            (false, None) => {
                self.blocked_since = Some(t);
                self.hol_events += 1;
            }
            (true, Some(s0)) => {
                self.hol_ns += t - s0;
                self.blocked_since = None;
            }
            _ => {}
        }
    }

    /// The receiver acknowledged the data below `dack` at time `t` (DATA_ACK): delivered, even
    /// the parts its tap did not capture.
    pub fn ack(&mut self, dack: i64, t: i64) {
        let Some(next) = self.next else { return };
        if dack <= next {
            return;
        }
        self.next = Some(dack);
        self.last_advance_ns = Some(t);
        let below: Vec<(i64, i64)> = self.waiting.range(..dack).map(|(&s, &e)| (s, e)).collect();
        for (s, e) in below {
            self.waiting.remove(&s);
            self.waiting_bytes -= (e - s) as u64;
            if e > dack {
                self.waiting.insert(dack, e);
                self.waiting_bytes += (e - dack) as u64;
            }
        }
        // what waited beyond the acknowledged point may now be contiguous
        while let Some((&s, &e)) = self.waiting.iter().next() {
            let n = self.next.unwrap_or(s);
            if s > n {
                break;
            }
            self.waiting.remove(&s);
            self.waiting_bytes -= (e - s) as u64;
            self.next = Some(n.max(e));
        }
        if self.waiting.is_empty() {
            if let Some(s0) = self.blocked_since.take() {
                self.hol_ns += t - s0;
            }
        }
    }

    /// Close the accounting at time `t` (a wait still open counts until then).
    pub fn finish(&mut self, t: i64) {
        if let Some(s0) = self.blocked_since.take() {
            self.hol_ns += (t - s0).max(0);
        }
    }

    pub fn delivered(&self) -> u64 {
        match (self.start, self.next) {
            (Some(s), Some(n)) => (n - s).max(0) as u64,
            _ => 0,
        }
    }
}

/// TCP reassembly of one subflow direction: hands data to the MPTCP level once in order.
#[derive(Debug, Default)]
pub(super) struct SubflowLevel {
    next: Option<i64>,
    /// seq -> (end, dsn of seq)
    pending: BTreeMap<i64, (i64, i64)>,
}

impl SubflowLevel {
    pub(super) fn push(&mut self, seq: i64, len: u32, dsn: i64, dl: &mut DataLevel, t: i64) {
        let end = seq + len as i64;
        let next = *self.next.get_or_insert(seq);
        if end <= next {
            return;
        }
        self.pending.entry(seq).or_insert((end, dsn));
        while let Some((&s, &(e, d))) = self.pending.iter().next() {
            let n = self.next.unwrap_or(s);
            if s > n {
                break;
            }
            self.pending.remove(&s);
            if e > n {
                dl.deliver(d + (n - s), d + (e - s), t);
                self.next = Some(e);
            }
        }
    }
}
