//! Thin binary: parse arguments, run the library, map errors to exit codes.

#![forbid(unsafe_code)]

use mptcpanalyzer::cli::{self, commands, Command};
use mptcpanalyzer::interrupt;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    // no command on a terminal: the interactive shell
    if std::env::args_os().len() == 1
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
    {
        eprintln!("mptcpanalyzer: no command given, starting the interactive shell (`help` lists the commands, Ctrl-D leaves)");
        let code = mptcpanalyzer::shell::main(&Default::default(), &Default::default());
        interrupt::wait_if_ending();
        return ExitCode::from(code);
    }
    // the completion scripts' helper: outside the clap tree, so that no script offers it
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == mptcpanalyzer::shell::COMPLETE_HELPER)
    {
        return ExitCode::from(mptcpanalyzer::shell::complete_entry(
            std::env::args_os().skip(1),
        ));
    }
    let cli = cli::parse();
    if let Command::Shell(args) = &cli.command {
        let code = mptcpanalyzer::shell::main(&cli.global, args);
        interrupt::wait_if_ending();
        return ExitCode::from(code);
    }
    // a command plugin: this process becomes the plugin
    if let Command::External(args) = &cli.command {
        return cli::plugins::exec_external(&cli, args);
    }
    // SIGINT/SIGTERM: temp files removed, tshark killed, exit 130/143
    if let Err(e) = interrupt::install(interrupt::OnSigint::Exit) {
        eprintln!("mptcpanalyzer: warning: cannot catch SIGINT/SIGTERM: {e}");
    }
    let result = commands::run(cli);
    // an error caused by a signal (tshark killed) is not reported: the signal's exit code is
    interrupt::wait_if_ending();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `mptcpanalyzer ... | head` closes the pipe early: that is success.
        Err(e) if mptcpanalyzer::error::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mptcpanalyzer: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
