//! Thin binary: parse arguments, run the library, map errors to exit codes.

// `deny`, not `forbid`: the one exception is the constructor below, whose body is safe code
#![deny(unsafe_code)]

use mptcpanalyzer::cli::{self, commands, Command};
use mptcpanalyzer::interrupt;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether standard output was closed when the process started (`>&-`). Rust's runtime puts
/// /dev/null in place of a closed descriptor before `main` runs, so that a write would
/// silently succeed; an ELF constructor (run before the runtime starts) looks first.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // placing a function in .init_array; the function itself is safe code
#[used]
#[link_section = ".init_array"]
static CHECK_STDOUT: extern "C" fn() = check_stdout;

#[cfg(target_os = "linux")]
extern "C" fn check_stdout() {
    // with /proc mounted, a closed descriptor has no entry in /proc/self/fd
    let fds = std::path::Path::new("/proc/self/fd");
    if fds.is_dir() && std::fs::symlink_metadata(fds.join("1")).is_err() {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

fn main() -> ExitCode {
    // no command on a terminal: the interactive shell
    if std::env::args_os().len() == 1
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
    {
        mptcpanalyzer::output::message::note(
            "no command given, starting the interactive shell (`help` lists the commands, Ctrl-D leaves)",
        );
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
        mptcpanalyzer::output::message::warning(format_args!("cannot catch SIGINT/SIGTERM: {e}"));
    }
    let result = if STDOUT_CLOSED.load(Ordering::Relaxed) {
        commands::run_to(cli, &mut commands::ClosedStdout)
    } else {
        commands::run(cli)
    };
    // an error caused by a signal (tshark killed) is not reported: the signal's exit code is
    interrupt::wait_if_ending();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `mptcpanalyzer ... | head` closes the pipe early: that is success.
        Err(e) if mptcpanalyzer::error::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            mptcpanalyzer::output::message::error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
