//! Loading the captures of the two-capture commands (`map`, `owd`, `reinjections`).

use super::Context;
use crate::analysis::connections::{self, MptcpConnection, TcpConnection};
use crate::analysis::twocap::Capture;
use crate::analysis::{AnalyseOptions, Analysis};
use crate::error::Result;
use std::path::Path;

/// A capture read with every packet kept, and its connections.
pub struct Loaded {
    pub analysis: Analysis,
    pub tcp: Vec<TcpConnection>,
    pub mptcp: Vec<MptcpConnection>,
}

impl Loaded {
    pub fn capture(&self) -> Capture<'_> {
        Capture::new(&self.analysis.packets, &self.tcp, &self.mptcp)
    }
}

/// Read and analyse `path`, keeping every packet (reinjections found).
pub fn load(ctx: &Context, path: &Path) -> Result<Loaded> {
    let analysis = ctx.analyse(
        path,
        AnalyseOptions {
            keep_packets: true,
            reinjections: true,
            progress: ctx.progress(),
            filter: None,
        },
    )?;
    let tcp = connections::tcp_connections(&analysis.enricher);
    let mptcp = connections::mptcp_connections(&analysis.enricher);
    Ok(Loaded {
        analysis,
        tcp,
        mptcp,
    })
}
