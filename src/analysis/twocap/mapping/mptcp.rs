//! MPTCP connections of capture A mapped into capture B: by their keys (equal keys are a
//! proof), else by the votes of their subflows' TCP matches.

use super::{map_tcp, round3, TcpMatch};
use crate::analysis::connections::MptcpConnection;
use crate::analysis::twocap::Capture;
use rustc_hash::FxHashMap as FastMap;

/// The match of one subflow of a mapped MPTCP connection.
#[derive(Debug, Clone, PartialEq)]
pub struct SubflowMatch {
    pub tcp_stream: u64,
    pub peer_tcp_stream: Option<u64>,
    pub score: f64,
}

/// A candidate MPTCP connection of B.
#[derive(Debug, Clone, PartialEq)]
pub struct MptcpCandidate {
    pub peer_mptcp_stream: u64,
    pub score: f64,
    /// "keys" (both keys equal), "client key" / "server key" (one equal, the other not
    /// captured on one side), or "subflows N/M" (N of A's M subflows matched into it).
    pub evidence: String,
}

/// The match of one MPTCP connection of A.
#[derive(Debug, Clone, PartialEq)]
pub struct MptcpMatch {
    pub mptcp_stream: u64,
    pub peer_mptcp_stream: Option<u64>,
    pub score: f64,
    pub evidence: Option<String>,
    /// A's subflows, each with its match among the peer connection's subflows.
    pub subflows: Vec<SubflowMatch>,
    /// Every candidate, best first.
    pub candidates: Vec<MptcpCandidate>,
}

/// Map every MPTCP connection of `a` (or only `only`) to `b`.
pub fn map_mptcp(a: &Capture, b: &Capture, only: Option<u64>) -> Vec<MptcpMatch> {
    let tcp = map_tcp(a, b, None);
    let tcp_by: FastMap<u64, &TcpMatch> = tcp.iter().map(|m| (m.tcp_stream, m)).collect();
    let conn_of_b: FastMap<u64, u64> = b
        .mptcp
        .iter()
        .flat_map(|c| {
            c.subflows
                .iter()
                .map(move |s| (s.tcp_stream, c.mptcp_stream))
        })
        .collect();
    let mut out = Vec::new();
    for ca in a.mptcp {
        if only.is_some_and(|o| o != ca.mptcp_stream) {
            continue;
        }
        let mut cands = key_candidates(ca, b);
        vote_candidates(ca, &tcp_by, &conn_of_b, &mut cands);
        cands.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then(x.peer_mptcp_stream.cmp(&y.peer_mptcp_stream))
        });
        let best = cands.first().cloned();
        let peer = best
            .as_ref()
            .and_then(|c| b.mptcp_connection(c.peer_mptcp_stream));
        out.push(MptcpMatch {
            mptcp_stream: ca.mptcp_stream,
            peer_mptcp_stream: best.as_ref().map(|c| c.peer_mptcp_stream),
            score: best.as_ref().map(|c| c.score).unwrap_or(0.0),
            evidence: best.map(|c| c.evidence),
            subflows: subflow_matches(ca, peer, &tcp_by),
            candidates: cands,
        });
    }
    out
}

/// The connections of `b` whose keys are those of `ca` (score 1).
fn key_candidates(ca: &MptcpConnection, b: &Capture) -> Vec<MptcpCandidate> {
    let eq = |x: Option<u64>, y: Option<u64>| match (x, y) {
        (Some(x), Some(y)) => Some(x == y),
        _ => None,
    };
    let mut cands = Vec::new();
    for cb in b.mptcp {
        let ev = match (
            eq(ca.client_key, cb.client_key),
            eq(ca.server_key, cb.server_key),
        ) {
            (Some(false), _) | (_, Some(false)) => None,
            (Some(true), Some(true)) => Some("keys"),
            (Some(true), None) => Some("client key"),
            (None, Some(true)) => Some("server key"),
            (None, None) => None,
        };
        if let Some(ev) = ev {
            cands.push(MptcpCandidate {
                peer_mptcp_stream: cb.mptcp_stream,
                score: 1.0,
                evidence: ev.to_string(),
            });
        }
    }
    cands
}

/// The subflows' matches vote for the connection their peer belongs to: each connection voted
/// for that is not a candidate yet is added, scored by the votes' mean score.
fn vote_candidates(
    ca: &MptcpConnection,
    tcp_by: &FastMap<u64, &TcpMatch>,
    conn_of_b: &FastMap<u64, u64>,
    cands: &mut Vec<MptcpCandidate>,
) {
    let mut votes: FastMap<u64, (u64, f64)> = FastMap::default();
    for sf in &ca.subflows {
        if let Some(m) = tcp_by.get(&sf.tcp_stream) {
            if let Some(c) = m.peer_tcp_stream.and_then(|p| conn_of_b.get(&p)) {
                let e = votes.entry(*c).or_default();
                e.0 += 1;
                e.1 += m.score;
            }
        }
    }
    let n = ca.subflows.len().max(1) as f64;
    for (c, (k, sum)) in votes {
        if cands.iter().any(|x| x.peer_mptcp_stream == c) {
            continue;
        }
        cands.push(MptcpCandidate {
            peer_mptcp_stream: c,
            score: round3(sum / n),
            evidence: format!("subflows {k}/{}", ca.subflows.len()),
        });
    }
}

/// Each subflow of `ca` with its best accepted candidate among the subflows of `peer`.
fn subflow_matches(
    ca: &MptcpConnection,
    peer: Option<&MptcpConnection>,
    tcp_by: &FastMap<u64, &TcpMatch>,
) -> Vec<SubflowMatch> {
    let peer_subflows: Vec<u64> = peer
        .map(|c| c.subflows.iter().map(|s| s.tcp_stream).collect())
        .unwrap_or_default();
    ca.subflows
        .iter()
        .map(|sf| {
            let m = tcp_by.get(&sf.tcp_stream).and_then(|m| {
                m.candidates
                    .iter()
                    .find(|c| c.evidence.accepted() && peer_subflows.contains(&c.peer_tcp_stream))
            });
            SubflowMatch {
                tcp_stream: sf.tcp_stream,
                peer_tcp_stream: m.map(|c| c.peer_tcp_stream),
                score: m.map(|c| c.score).unwrap_or(0.0),
            }
        })
        .collect()
}
