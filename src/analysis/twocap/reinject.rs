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
use serde::Serialize;

/// An earlier transmission of a reinjection's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Original {
    pub frame: u64,
    pub tcp_stream: u64,
}

/// One reinjection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reinjection {
    /// Frame and subflow it was sent on (first capture).
    pub frame: u64,
    pub tcp_stream: u64,
    pub direction: Direction,
    /// Time since the start of the first capture, seconds.
    pub time_s: f64,
    /// Relative DSN range [dsn, dsn_end) it carries.
    pub dsn: Option<i64>,
    pub dsn_end: Option<i64>,
    pub payload_len: u32,
    /// The earlier transmissions on other subflows.
    pub originals: Vec<Original>,
    /// Its time minus that of the first original, seconds.
    pub delay_s: Option<f64>,
    #[serde(skip)]
    pub delay_ns: Option<i64>,
    /// With the receiver's capture: whether it arrived, when (receiver's clock, seconds since
    /// the epoch), when the last of its originals' data arrived (None: some never did).
    pub received: Option<bool>,
    pub arrival_s: Option<f64>,
    pub original_arrival_s: Option<f64>,
    /// original_arrival - arrival: positive when the reinjection arrived first.
    pub gain_s: Option<f64>,
    /// "useful" or "redundant"; None without a receiver capture, or when the first capture is
    /// the receiver's for this direction.
    pub qualification: Option<&'static str>,
}

/// Counts per subflow and direction.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    let by_frame: FastMap<u64, usize> = cap
        .packets
        .iter()
        .enumerate()
        .map(|(i, p)| (p.frame, i))
        .collect();
    let start = cap.packets.first().map(|p| p.abs_time_ns).unwrap_or(0);
    let ends: FastMap<u64, super::Endpoint> = cap
        .mptcp_connection(id)
        .map(|c| {
            c.subflows
                .iter()
                .filter_map(|s| client_endpoint(cap, s.tcp_stream).map(|e| (s.tcp_stream, e)))
                .collect()
        })
        .unwrap_or_default();
    let dir = |i: usize| {
        let p = &cap.packets[i];
        ends.get(&p.tcp_stream)
            .map(|e| direction_of(p, *e))
            .unwrap_or(Direction::ToServer)
    };
    // with a peer capture: arrivals, and who is the sender's tap per direction
    let matched = peer.map(|(pc, pairs)| owd::matched_packets(cap, pc, pairs));
    let sender_tap: FastMap<Direction, bool> = match (&matched, peer) {
        (Some(m), Some((pc, _))) => {
            let mut d: FastMap<Direction, Vec<i64>> = FastMap::default();
            for (&i, &j) in m {
                if cap.packets[i].mptcp_stream == Some(id) {
                    d.entry(dir(i))
                        .or_default()
                        .push(pc.packets[j].abs_time_ns - cap.packets[i].abs_time_ns);
                }
            }
            d.into_iter()
                .map(|(k, mut v)| {
                    v.sort_unstable();
                    (k, super::percentile(&v, 50.0).unwrap_or(0) > 0)
                })
                .collect()
        }
        _ => FastMap::default(),
    };
    // exact TCP retransmissions of a packet on its own subflow (same raw seq and length)
    let mut copies: FastMap<(u64, u32, u32, Direction), Vec<usize>> = FastMap::default();
    if matched.is_some() {
        for (i, p) in cap.packets.iter().enumerate() {
            if p.mptcp_stream == Some(id) && p.payload_len > 0 {
                copies
                    .entry((p.tcp_stream, p.seq_raw, p.payload_len, dir(i)))
                    .or_default()
                    .push(i);
            }
        }
    }
    let arrival = |i: usize| -> Option<i64> {
        let (m, (pc, _)) = (matched.as_ref()?, peer?);
        m.get(&i).map(|&j| pc.packets[j].abs_time_ns)
    };
    // when the data of packet i first arrived (itself or a retransmission on its subflow)
    let data_arrival = |i: usize| -> Option<i64> {
        let p = &cap.packets[i];
        copies
            .get(&(p.tcp_stream, p.seq_raw, p.payload_len, dir(i)))
            .into_iter()
            .flatten()
            .filter(|&&k| k >= i)
            .filter_map(|&k| arrival(k))
            .min()
    };
    let mut list = Vec::new();
    for (i, p) in cap.packets.iter().enumerate() {
        if p.mptcp_stream != Some(id) || p.reinjection_of.is_empty() {
            continue;
        }
        let d = dir(i);
        let originals: Vec<(usize, Original)> = p
            .reinjection_of
            .iter()
            .filter_map(|f| by_frame.get(f).copied())
            .map(|k| {
                let o = &cap.packets[k];
                (
                    k,
                    Original {
                        frame: o.frame,
                        tcp_stream: o.tcp_stream,
                    },
                )
            })
            .collect();
        let first = originals
            .iter()
            .map(|(k, _)| cap.packets[*k].abs_time_ns)
            .min();
        let delay_ns = first.map(|t| p.abs_time_ns - t);
        let qualify = matched.is_some() && sender_tap.get(&d) == Some(&true);
        let (mut received, mut arrival_s, mut original_arrival_s, mut gain_s, mut q) =
            (None, None, None, None, None);
        if qualify {
            let a = arrival(i);
            let oa: Option<Vec<i64>> = originals.iter().map(|(k, _)| data_arrival(*k)).collect();
            let last = oa.and_then(|v| v.into_iter().max());
            received = Some(a.is_some());
            arrival_s = a.map(secs);
            original_arrival_s = last.map(secs);
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
        list.push(Reinjection {
            frame: p.frame,
            tcp_stream: p.tcp_stream,
            direction: d,
            time_s: secs(p.abs_time_ns - start),
            dsn: p.dsn,
            dsn_end: p.dsn.map(|x| x + p.payload_len as i64),
            payload_len: p.payload_len,
            originals: originals.into_iter().map(|(_, o)| o).collect(),
            delay_s: delay_ns.map(secs),
            delay_ns,
            received,
            arrival_s,
            original_arrival_s,
            gain_s,
            qualification: q,
        });
    }
    let mut sums: std::collections::BTreeMap<(u64, Direction), ReinjectionSummary> =
        Default::default();
    for r in &list {
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
    let mut qualified: Vec<Direction> = sender_tap
        .iter()
        .filter(|(_, s)| **s)
        .map(|(d, _)| *d)
        .collect();
    qualified.sort();
    ReinjectionReport {
        reinjections: list,
        summary: sums.into_values().collect(),
        qualified_directions: qualified,
    }
}
