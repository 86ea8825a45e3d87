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
