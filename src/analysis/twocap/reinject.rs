//! Reinjections of an MPTCP connection (data sent again on another subflow) and, with a capture
//! of the other end, whether each helped (docs/two-captures.md).
//!
//! The list comes from one capture: every packet whose data was first sent on another subflow
//! (`Packet::reinjection_of`, from the shared analysis). The qualification needs the receiver's
//! capture: a reinjection is **useful** when it reached the receiver and some of its data had
//! not arrived otherwise yet (an original, or its TCP retransmission on the same subflow, arrived
//! later or never); **redundant** otherwise (also when the reinjection itself was lost).

use super::owd::{self, SubflowPair};
use super::{client_endpoint, direction_of, secs, Capture, Direction};
use rustc_hash::FxHashMap as FastMap;

/// An earlier transmission of a reinjection's data.
#[derive(Debug, Clone, PartialEq)]
pub struct Original {
    pub frame: u64,
    pub tcp_stream: u64,
}

/// One reinjection.
#[derive(Debug, Clone, PartialEq)]
pub struct Reinjection {
    /// Frame and subflow it was sent on (first capture).
    pub frame: u64,
    pub tcp_stream: u64,
    pub direction: Direction,
    /// Its capture time, nanoseconds since the Unix epoch (an output counts it from the
    /// origin asked, `--time-origin`).
    pub time_ns: i64,
    /// Relative DSN range [dsn, dsn_end) it carries.
    pub dsn: Option<i64>,
    pub dsn_end: Option<i64>,
    pub payload_len: u32,
    /// The earlier transmissions on other subflows.
    pub originals: Vec<Original>,
    /// Its time minus that of the first original, seconds.
    pub delay_s: Option<f64>,
    pub delay_ns: Option<i64>,
    /// With the receiver's capture: whether it arrived, when (receiver's clock, nanoseconds
    /// since the epoch), when the last of its originals' data arrived (None: some never did).
    pub received: Option<bool>,
    pub arrival_ns: Option<i64>,
    pub original_arrival_ns: Option<i64>,
    /// original_arrival - arrival: positive when the reinjection arrived first.
    pub gain_s: Option<f64>,
    /// "useful" or "redundant"; None without a receiver capture, or when the first capture is
    /// the receiver's for this direction.
    pub qualification: Option<&'static str>,
}

/// Counts per subflow and direction.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReinjectionSummary {
    pub tcp_stream: u64,
    pub direction: Option<Direction>,
    pub reinjections: u64,
    pub bytes: u64,
    pub useful: Option<u64>,
    pub useful_bytes: Option<u64>,
    pub redundant: Option<u64>,
    pub redundant_bytes: Option<u64>,
}

/// The result for one connection.
#[derive(Debug, Clone, PartialEq)]
pub struct ReinjectionReport {
    pub reinjections: Vec<Reinjection>,
    pub summary: Vec<ReinjectionSummary>,
    /// Directions for which the first capture was found to be the sender's tap (qualified).
    pub qualified_directions: Vec<Direction>,
}

/// Reinjections of MPTCP connection `id` of `cap`; qualified when `peer` (a capture of the other
/// end) is given: `pairs` are the subflows of `cap` with their streams in `peer`.
pub fn reinjections(
    cap: &Capture,
    id: u64,
    peer: Option<(&Capture, &[SubflowPair])>,
) -> ReinjectionReport {
    let scan = Scan::new(cap, id, peer);
    let list: Vec<Reinjection> = cap
        .packets
        .iter()
        .enumerate()
        .filter(|(_, p)| p.mptcp_stream == Some(id) && !p.reinjection_of.is_empty())
        .map(|(i, _)| scan.reinjection(i))
        .collect();
    let mut qualified: Vec<Direction> = scan
        .sender_tap
        .iter()
        .filter(|(_, s)| **s)
        .map(|(d, _)| *d)
        .collect();
    qualified.sort();
    ReinjectionReport {
        summary: summary(&list),
        reinjections: list,
        qualified_directions: qualified,
    }
}

/// What qualifying the reinjections of one connection needs.
struct Scan<'a> {
    cap: &'a Capture<'a>,
    /// Index of each frame in `cap.packets`.
    by_frame: FastMap<u64, usize>,
    /// The client's end of each subflow.
    ends: FastMap<u64, super::Endpoint>,
    /// With a peer capture: the peer and each packet's match in it (indexes).
    peer: Option<(&'a Capture<'a>, FastMap<usize, usize>)>,
    /// Per direction: is `cap` the sender's tap (its packets arrive later in the peer)?
    sender_tap: FastMap<Direction, bool>,
    /// Exact TCP retransmissions of a packet on its own subflow (same raw seq and length).
    copies: FastMap<(u64, u32, u32, Direction), Vec<usize>>,
}

impl<'a> Scan<'a> {
    fn new(cap: &'a Capture<'a>, id: u64, peer: Option<(&'a Capture<'a>, &[SubflowPair])>) -> Self {
        let ends: FastMap<u64, super::Endpoint> = cap
            .mptcp_connection(id)
            .map(|c| {
                c.subflows
                    .iter()
                    .filter_map(|s| client_endpoint(cap, s.tcp_stream).map(|e| (s.tcp_stream, e)))
                    .collect()
            })
            .unwrap_or_default();
        let mut scan = Scan {
            cap,
            by_frame: cap
                .packets
                .iter()
                .enumerate()
                .map(|(i, p)| (p.frame, i))
                .collect(),
            ends,
            peer: peer.map(|(pc, pairs)| (pc, owd::matched_packets(cap, pc, pairs))),
            sender_tap: FastMap::default(),
            copies: FastMap::default(),
        };
        // with a peer capture: arrivals, and who is the sender's tap per direction
        if let Some((pc, m)) = &scan.peer {
            let mut d: FastMap<Direction, Vec<i64>> = FastMap::default();
            for (&i, &j) in m {
                if cap.packets[i].mptcp_stream == Some(id) {
                    d.entry(scan.dir(i))
                        .or_default()
                        .push(pc.packets[j].abs_time_ns - cap.packets[i].abs_time_ns);
                }
            }
            scan.sender_tap = d
                .into_iter()
                .map(|(k, mut v)| {
                    v.sort_unstable();
                    (k, super::percentile(&v, 50.0).unwrap_or(0) > 0)
                })
                .collect();
            for (i, p) in cap.packets.iter().enumerate() {
                if p.mptcp_stream == Some(id) && p.payload_len > 0 {
                    let key = (p.tcp_stream, p.seq_raw, p.payload_len, scan.dir(i));
                    scan.copies.entry(key).or_default().push(i);
                }
            }
        }
        scan
    }

    /// Direction of packet `i`.
    fn dir(&self, i: usize) -> Direction {
        let p = &self.cap.packets[i];
        self.ends
            .get(&p.tcp_stream)
            .map(|e| direction_of(p, *e))
            .unwrap_or(Direction::ToServer)
    }

    /// When packet `i` arrived in the peer capture.
    fn arrival(&self, i: usize) -> Option<i64> {
        let (pc, m) = self.peer.as_ref()?;
        m.get(&i).map(|&j| pc.packets[j].abs_time_ns)
    }

    /// When the data of packet `i` first arrived (itself or a retransmission on its subflow).
    fn data_arrival(&self, i: usize) -> Option<i64> {
        let p = &self.cap.packets[i];
        self.copies
            .get(&(p.tcp_stream, p.seq_raw, p.payload_len, self.dir(i)))
            .into_iter()
            .flatten()
            .filter(|&&k| k >= i)
            .filter_map(|&k| self.arrival(k))
            .min()
    }

    /// The reinjection that packet `i` is.
    fn reinjection(&self, i: usize) -> Reinjection {
        let p = &self.cap.packets[i];
        let d = self.dir(i);
        let originals: Vec<usize> = p
            .reinjection_of
            .iter()
            .filter_map(|f| self.by_frame.get(f).copied())
            .collect();
        let first = originals
            .iter()
            .map(|k| self.cap.packets[*k].abs_time_ns)
            .min();
        let delay_ns = first.map(|t| p.abs_time_ns - t);
        let qualify = self.peer.is_some() && self.sender_tap.get(&d) == Some(&true);
        let (mut received, mut arrival_ns, mut original_arrival_ns, mut gain_s, mut q) =
            (None, None, None, None, None);
        if qualify {
            let a = self.arrival(i);
            let oa: Option<Vec<i64>> = originals.iter().map(|k| self.data_arrival(*k)).collect();
            let last = oa.and_then(|v| v.into_iter().max());
            received = Some(a.is_some());
            arrival_ns = a;
            original_arrival_ns = last;
            gain_s = match (a, last) {
                (Some(a), Some(l)) => Some(secs(l - a)),
                _ => None,
            };
            q = Some(match (a, last) {
                (Some(_), None) => "useful",
                (Some(a), Some(l)) if a < l => "useful",
                _ => "redundant",
            });
        }
        Reinjection {
            frame: p.frame,
            tcp_stream: p.tcp_stream,
            direction: d,
            time_ns: p.abs_time_ns,
            dsn: p.dsn,
            dsn_end: p.dsn.map(|x| x + p.payload_len as i64),
            payload_len: p.payload_len,
            originals: originals
                .iter()
                .map(|&k| Original {
                    frame: self.cap.packets[k].frame,
                    tcp_stream: self.cap.packets[k].tcp_stream,
                })
                .collect(),
            delay_s: delay_ns.map(secs),
            delay_ns,
            received,
            arrival_ns,
            original_arrival_ns,
            gain_s,
            qualification: q,
        }
    }
}

/// The reinjections of `list` counted per subflow and direction.
fn summary(list: &[Reinjection]) -> Vec<ReinjectionSummary> {
    let mut sums: std::collections::BTreeMap<(u64, Direction), ReinjectionSummary> =
        Default::default();
    for r in list {
        let s = sums
            .entry((r.tcp_stream, r.direction))
            .or_insert_with(|| ReinjectionSummary {
                tcp_stream: r.tcp_stream,
                direction: Some(r.direction),
                ..Default::default()
            });
        s.reinjections += 1;
        s.bytes += r.payload_len as u64;
        if let Some(q) = r.qualification {
            let (n, b) = if q == "useful" {
                (&mut s.useful, &mut s.useful_bytes)
            } else {
                (&mut s.redundant, &mut s.redundant_bytes)
            };
            *n.get_or_insert(0) += 1;
            *b.get_or_insert(0) += r.payload_len as u64;
            for (n, b) in [
                (&mut s.useful, &mut s.useful_bytes),
                (&mut s.redundant, &mut s.redundant_bytes),
            ] {
                n.get_or_insert(0);
                b.get_or_insert(0);
            }
        }
    }
    sums.into_values().collect()
}
