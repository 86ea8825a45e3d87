//! How the shell runs a parsed command against a loaded capture: the one seam between the
//! shell and the command implementations.
//!
//! [`Engine`] is what the shell needs from a loaded capture. [`Current`] is the implementation in
//! use; the shell never calls the pipeline by another way.

use crate::analysis::connections::{MptcpConnection, TcpConnection};
use crate::cli::commands::{self, Context};
use crate::cli::{Cli, Command, GlobalArgs};
use crate::error::Result;
use std::io::Write;
use std::path::Path;

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
    /// Run a parsed command; `state` is the loaded capture its CAPTURE names, if any.
    fn run(cli: Cli, state: Option<&Self::State>, out: &mut dyn Write) -> Result<()>;
}

/// The engine in use.
pub type Current = Interim;

/// Interim engine: keeps the analysis for completion and `captures`, and runs commands through
/// [`commands::run`], which reads the capture again.
pub struct Interim;

impl Engine for Interim {
    type State = crate::analysis::Analysis;

    fn load(ctx: &Context, path: &Path) -> Result<Self::State> {
        ctx.analyse(
            path,
            crate::analysis::AnalyseOptions {
                progress: ctx.progress(),
                ..Default::default()
            },
        )
    }

    fn connections(state: &Self::State) -> (Vec<TcpConnection>, Vec<MptcpConnection>) {
        super::capture::summaries(state)
    }

    fn counts(state: &Self::State) -> (u64, u64) {
        (state.info.frames, state.info.tcp_packets)
    }

    fn run(cli: Cli, _state: Option<&Self::State>, out: &mut dyn Write) -> Result<()> {
        out.flush().ok();
        commands::run(cli)
    }
}

/// The settings of global flags, as `Context::from_cli` resolves them.
pub fn context(global: &GlobalArgs) -> Result<Context> {
    Context::from_cli(&Cli {
        global: global.clone(),
        command: Command::Man,
    })
}
