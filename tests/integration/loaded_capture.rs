//! Commands run on a loaded capture (as the shell runs them: `run_command` with a
//! `pipeline::Capture` loaded once, connections only) write exactly what the command line writes
//! for the same arguments, one command after the other on the same capture (which reads the file
//! again only for what it does not hold yet).

use crate::util::{fixture, s, shared_pcap, Env};
use clap::Parser;
use mptcpanalyzer::cli::commands::{run_command, Context};
use mptcpanalyzer::cli::Cli;
use mptcpanalyzer::pipeline::{Capture, Want};

/// Each command line, after the global flags and before the capture's path's position is known:
/// `{}` is replaced by the capture.
const COMMANDS: &[&[&str]] = &[
    &["list", "tcp", "{}"],
    &["list", "mptcp", "{}", "-f", "json"],
    &["stats", "tcp", "{}", "-f", "csv"],
    &["stats", "tcp", "{}", "0", "-f", "json"],
    &["stats", "mptcp", "{}", "-f", "json"],
    &["stats", "mptcp", "{}", "0", "--dest", "server"],
    &["stats", "mptcp", "{}", "0", "-f", "json"],
    &["pcap2csv", "{}", "--mptcp", "0"],
    &["pcap2csv", "{}"],
    &["list", "mptcp", "{}"],
];

#[test]
fn commands_on_a_loaded_capture_write_what_the_command_line_writes() {
    let env = Env::new();
    let config = env.dir.path().join("empty.toml");
    std::fs::write(&config, "").unwrap();
    let mut captures: Vec<_> = [
        "mptcp-lossy.pcap",
        "mptcp-v4-two-subflows.pcap",
        "mptcp-addr-events.pcap",
    ]
    .into_iter()
    .map(fixture)
    .collect();
    // two MPTCP connections, one with reinjections
    captures.extend(shared_pcap("client_2.pcap"));
    for pcap in captures {
        let name = pcap.file_name().unwrap().to_string_lossy().into_owned();
        let global = ["--config", s(&config), "--no-cache"];
        let ctx_cli = Cli::parse_from(["mptcpanalyzer"].iter().chain(&global).chain(&["man"]));
        let ctx = Context::from_cli(&ctx_cli).unwrap();
        let mut capture =
            Capture::load(&pcap, &ctx.settings, Want::default(), None).expect("loads");
        for cmd in COMMANDS {
            let args: Vec<&str> = global
                .iter()
                .copied()
                .chain(cmd.iter().map(|a| if *a == "{}" { s(&pcap) } else { a }))
                .collect();
            let expected = env.stdout(&args);
            let cli = Cli::parse_from(std::iter::once("mptcpanalyzer").chain(args.iter().copied()));
            let ctx = Context::from_cli(&cli).unwrap();
            let mut got = Vec::new();
            run_command(cli.command, &ctx, Some(&mut capture), &mut got)
                .unwrap_or_else(|e| panic!("{name}: {args:?}: {e}"));
            assert_eq!(
                String::from_utf8(got).unwrap(),
                expected,
                "{name}: {args:?} on the loaded capture"
            );
        }
        // what the commands asked for is now held: statistics (of every connection), reinjections
        let held = capture.held();
        assert!(
            held.stats && held.reinjections && held.filter.is_none(),
            "{held:?}"
        );
    }
}
