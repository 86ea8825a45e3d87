//! Thin binary: parse arguments, run the library, map errors to exit codes.

#![forbid(unsafe_code)]

use clap::Parser;
use mptcpanalyzer::cli::{commands, Cli};
use mptcpanalyzer::error::exit;

fn main() {
    let cli = Cli::parse();
    let code = match commands::run(cli) {
        Ok(()) => exit::OK,
        // `mptcpanalyzer ... | head` closes the pipe early: that is success.
        Err(e) if e.is_broken_pipe() => exit::OK,
        Err(e) => {
            eprintln!("mptcpanalyzer: error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
