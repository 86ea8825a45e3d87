//! How the shell runs a parsed command against a loaded capture: the one seam between the
//! shell and the command implementations.
//!
//! [`Engine`] is what the shell needs from a loaded capture. [`Current`] is the implementation in
//! use; the shell never calls the pipeline by another way.

use crate::analysis::connections::{MptcpConnection, TcpConnection};
use crate::cli::commands::{self, Context};
use crate::cli::{Cli, GlobalArgs};
use crate::error::Result;
use crate::pipeline::{Capture, Want};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// What the shell needs of the loaded-capture machinery.
pub trait Engine {
    /// What is kept in memory for one capture.
    type State;
    /// Read and analyse a capture once.
    fn load(ctx: &Context, path: &Path) -> Result<Self::State>;
    /// Its connections (ids and descriptions for completion).
    fn connections(state: &Self::State) -> (Vec<TcpConnection>, Vec<MptcpConnection>);
    /// (frames, TCP packets) read.
    fn counts(state: &Self::State) -> (u64, u64);
    /// Run a parsed command on the loaded captures its CAPTURE arguments name (`held`): it
    /// answers from them, not from their files.
    fn run(cli: Cli, held: Vec<Self::State>, out: &mut dyn Write) -> Result<()>;
}

/// The engine in use.
pub type Current = Core;

/// The core engine: a loaded capture is a [`Capture`] read once with everything the commands
/// query (statistics, reinjections, packets), and commands (plots and two-capture commands
/// included) run on it through [`commands::run_command`] and [`Context::held`] without
/// reading the file again.
pub struct Core;

impl Engine for Core {
    type State = Arc<Capture>;

    fn load(ctx: &Context, path: &Path) -> Result<Self::State> {
        let all = Want {
            reinjections: true,
            stats: true,
            packets: true,
            filter: None,
            focused: false,
        };
        let c = Capture::load(path, &ctx.settings, all, ctx.progress())?;
        ctx.warn(&c);
        Ok(Arc::new(c))
    }

    fn connections(state: &Self::State) -> (Vec<TcpConnection>, Vec<MptcpConnection>) {
        (state.tcp_connections(), state.mptcp_connections())
    }

    fn counts(state: &Self::State) -> (u64, u64) {
        (state.info().frames, state.info().tcp_packets)
    }

    fn run(cli: Cli, held: Vec<Self::State>, out: &mut dyn Write) -> Result<()> {
        let mut ctx = Context::from_cli(&cli)?;
        ctx.held = held;
        commands::run_command(cli.command, &ctx, None, out)
    }
}

/// The settings of global flags, as `Context::from_cli` resolves them.
pub fn context(global: &GlobalArgs) -> Result<Context> {
    Context::from_global(global)
}
