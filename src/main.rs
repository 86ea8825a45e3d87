//! Thin binary: parse arguments, run the library, map errors to exit codes.

#![forbid(unsafe_code)]

use clap::Parser;
use mptcpanalyzer::cli::{commands, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `mptcpanalyzer ... | head` closes the pipe early: that is success.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mptcpanalyzer: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Whether a broken pipe is anywhere in the error's chain of sources.
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(err) = cause {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        cause = err.source();
    }
    false
}
