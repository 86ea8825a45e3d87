//! Loading the captures of the two-capture commands (`map`, `owd`, `reinjections`).

use super::Context;
use crate::analysis::connections::{self, MptcpConnection, TcpConnection};
use crate::analysis::twocap;
use crate::error::Result;
use crate::pipeline::{Capture, Want};
use std::path::Path;

/// A capture loaded with every packet kept, and its connections.
pub struct Loaded {
    pub capture: Capture,
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

/// Read and analyse `path`, keeping every packet (reinjections found).
pub fn load(ctx: &Context, path: &Path) -> Result<Loaded> {
    let capture = Capture::load(path, &ctx.settings, WANT, ctx.progress())?;
    ctx.warn(&capture);
    Ok(Loaded::from(capture))
}

impl From<Capture> for Loaded {
    fn from(capture: Capture) -> Loaded {
        let tcp = connections::tcp_connections(capture.enricher());
        let mptcp = connections::mptcp_connections(capture.enricher());
        Loaded {
            capture,
            tcp,
            mptcp,
        }
    }
}
