//! Loading the captures of the two-capture commands (`map`, `owd`, `reinjections`).

use super::Context;
use crate::analysis::connections::{self, MptcpConnection, TcpConnection};
use crate::analysis::twocap;
use crate::error::Result;
use crate::pipeline::{Capture, Want};
use std::path::Path;
use std::sync::Arc;

/// A capture loaded with every packet kept, and its connections.
pub struct Loaded {
    pub capture: Arc<Capture>,
    pub tcp: Vec<TcpConnection>,
    pub mptcp: Vec<MptcpConnection>,
}

impl Loaded {
    pub fn capture(&self) -> twocap::Capture<'_> {
        twocap::Capture::new(self.capture.packets(), &self.tcp, &self.mptcp)
    }
}

/// What the two-capture commands need of each capture: every packet, reinjections found.
pub const WANT: Want = Want {
    reinjections: true,
    stats: false,
    packets: true,
    filter: None,
    focused: false,
};

/// Read and analyse `path`, keeping every packet (reinjections found); a capture of that file
/// held by the caller ([`Context::held_capture`]) is used as it is.
pub fn load(ctx: &Context, path: &Path) -> Result<Loaded> {
    if let Some(c) = ctx.held_capture(path, |_| WANT) {
        return Ok(Loaded::from(c));
    }
    let capture = Capture::load(path, &ctx.settings, WANT, ctx.progress())?;
    ctx.warn(&capture);
    Ok(Loaded::from(Arc::new(capture)))
}

impl From<Arc<Capture>> for Loaded {
    fn from(capture: Arc<Capture>) -> Loaded {
        let tcp = connections::tcp_connections(capture.enricher());
        let mptcp = connections::mptcp_connections(capture.enricher());
        Loaded {
            capture,
            tcp,
            mptcp,
        }
    }
}

/// The instant (nanoseconds since the epoch) that a two-capture command prints as 0
/// (`--time-origin`, docs/two-captures.md "Times"): the first frame of `first`, the first
/// capture the command names (`capture`); the first packet of connection `conn` in it
/// (`connection`); the Unix epoch (`epoch`). Every time of the output counts from it, the
/// other capture's too (on that capture's clock).
pub fn time_zero_ns(
    ctx: &Context,
    first: &Loaded,
    conn: Option<crate::analysis::PacketFilter>,
) -> i64 {
    use crate::analysis::time::TimeOrigin;
    use crate::analysis::PacketFilter;
    let start = first.capture.info().start_ns.unwrap_or(0);
    match ctx.time_origin {
        TimeOrigin::Epoch => 0,
        TimeOrigin::Capture => start,
        TimeOrigin::Connection => {
            let streams: Vec<u64> = match conn {
                Some(PacketFilter::Tcp(id)) => vec![id],
                Some(PacketFilter::Mptcp(id)) => first
                    .mptcp
                    .iter()
                    .filter(|m| m.mptcp_stream == id)
                    .flat_map(|m| m.subflows.iter().map(|s| s.tcp_stream))
                    .collect(),
                None => Vec::new(),
            };
            first
                .capture
                .packets()
                .iter()
                .find(|p| streams.contains(&p.tcp_stream))
                .map_or(start, |p| p.abs_time_ns)
        }
    }
}
