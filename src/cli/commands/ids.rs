//! The connection ids a command is given: checked against the capture's.

use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::pipeline::Capture;

/// An id given with --tcp / --mptcp (or as `stats` id) must exist.
pub(crate) fn check_filter(capture: &Capture, filter: Option<PacketFilter>) -> Result<()> {
    let e = capture.enricher();
    let missing = |kind, id, ids: Vec<u64>| {
        Err(Error::NoSuchConnection {
            path: capture.path().to_path_buf(),
            kind,
            id,
            available: describe_ids(ids.into_iter()),
        })
    };
    match filter {
        Some(PacketFilter::Tcp(id)) if e.tcp_stream(id).is_none() => {
            missing("TCP", id, e.tcp_streams().map(|t| t.tcp_stream).collect())
        }
        Some(PacketFilter::Mptcp(id)) if e.conn_index(id).is_none() => missing(
            "MPTCP",
            id,
            e.mptcp_connections()
                .iter()
                .map(|c| c.mptcp_stream)
                .collect(),
        ),
        _ => Ok(()),
    }
}

/// "ids 0-15" / "ids 0, 2, 5" / "none".
pub fn describe_ids(ids: impl Iterator<Item = u64>) -> String {
    let mut v: Vec<u64> = ids.collect();
    v.sort_unstable();
    v.dedup();
    match v.len() {
        0 => "none".to_string(),
        _ if v.last().copied() == Some(v[0] + v.len() as u64 - 1) && v.len() > 2 => {
            format!("ids {}-{}", v[0], v[v.len() - 1])
        }
        _ => format!(
            "ids {}",
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
