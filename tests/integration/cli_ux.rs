//! The command line as a user types it and a script reads it (issue 12 items 6, 7, 9, 10, 11,
//! 15, 16): messages, colour, help, man pages, version, doctor, empty captures, typos.

use crate::util::*;
use std::collections::BTreeSet;
use std::path::Path;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every built-in command path (`["stats"]`, `["plot", "dsn"]`), from `--help` itself.
fn command_paths(env: &Env) -> Vec<Vec<String>> {
    fn subcommands(env: &Env, path: &[String]) -> Vec<String> {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = env.stdout(&args);
        let Some(at) = help.find("\nCommands:\n") else {
            return vec![];
        };
        help[at + 11..]
            .lines()
            .take_while(|l| l.starts_with("  "))
            // a wrapped summary continues on a more indented line
            .filter(|l| !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|n| *n != "help")
            .map(str::to_string)
            .collect()
    }
    let mut all = vec![];
    let mut todo = vec![vec![]];
    while let Some(p) = todo.pop() {
        for s in subcommands(env, &p) {
            let mut q = p.clone();
            q.push(s);
            todo.push(q.clone());
            all.push(q);
        }
    }
    all.sort();
    all
}

#[test]
fn help_puts_global_options_after_the_command_s_own_and_ends_with_examples() {
    let env = Env::new();
    let paths = command_paths(&env);
    assert!(paths.len() >= 20, "{paths:?}");
    assert!(
        paths.contains(&vec!["plot".into(), "dsn".into()]),
        "{paths:?}"
    );
    for p in &paths {
        let mut args: Vec<&str> = p.iter().map(String::as_str).collect();
        args.push("--help");
        let help = env.stdout(&args);
        let global = help
            .find("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("{p:?}: no global options heading:\n{help}"));
        if let Some(own) = help.find("\nOptions:\n") {
            assert!(
                own < global,
                "{p:?}: own options after the global ones:\n{help}"
            );
        }
        let examples = help
            .find("\nExamples:\n")
            .unwrap_or_else(|| panic!("{p:?}: no examples:\n{help}"));
        assert!(global < examples, "{p:?}:\n{help}");
        // each example runs this very command
        let cmd = format!("$ mptcpanalyzer {}", p.join(" "));
        assert!(
            help[examples..]
                .lines()
                .any(|l| l.trim_start().starts_with("$ ")
                    && l.contains(&format!("mptcpanalyzer {}", p.join(" ")))),
            "{p:?}: no example of `{cmd}`:\n{}",
            &help[examples..]
        );
        // the global options are the same everywhere
        assert!(help[global..].contains("--no-progress"), "{p:?}");
        assert!(help[global..].contains("--color <WHEN>"), "{p:?}");
    }
}

#[test]
fn help_names_no_file_of_the_source_tree() {
    let env = Env::new();
    let mut pages = vec![env.stdout(&["--help"])];
    for p in command_paths(&env) {
        let mut args: Vec<&str> = p.iter().map(String::as_str).collect();
        args.push("--help");
        pages.push(env.stdout(&args));
    }
    let re = regex::Regex::new(r"docs/|README|\.md\b|fixtures/").unwrap();
    for page in pages {
        assert!(!re.is_match(&page), "help names a source file:\n{page}");
    }
}

#[test]
fn pcap2csv_help_lists_the_columns_its_output_has() {
    let env = Env::new();
    let help = env.stdout(&["pcap2csv", "--help"]);
    let at = help.find("Columns, in order").expect("no column list");
    let listed: Vec<String> = help[at..]
        .lines()
        .skip(1)
        .flat_map(|l| l.split(','))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    // oracle: the header row pcap2csv writes
    let csv = env.stdout(&["pcap2csv", s(&fixture("mptcp-v4-two-subflows.pcap"))]);
    let header: Vec<String> = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    assert_eq!(listed, header);
}

#[test]
fn help_of_a_stable_command_snapshot() {
    let env = Env::new();
    insta::assert_snapshot!("help_cache_list", env.stdout(&["cache", "list", "--help"]));
    insta::assert_snapshot!("help_doctor_short", env.stdout(&["doctor", "-h"]));
}

/// The man pages the program generates, by file name.
fn generated_man_pages(env: &Env) -> Vec<(String, String)> {
    let dir = env.dir.path().join("man");
    std::fs::create_dir(&dir).unwrap();
    let out = env
        .cmd()
        .args(["man", "--dir", s(&dir)])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn one_man_page_per_command_with_the_sections_and_no_dangling_reference() {
    let env = Env::new();
    let pages = generated_man_pages(&env);
    let names: BTreeSet<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    let mut want: BTreeSet<String> = command_paths(&env)
        .iter()
        .map(|p| format!("mptcpanalyzer-{}.1", p.join("-")))
        .collect();
    want.insert("mptcpanalyzer.1".into());
    assert_eq!(names, want);
    let reference = regex::Regex::new(r"(mptcpanalyzer[a-z0-9\\-]*)\((\d)\)").unwrap();
    for (name, text) in &pages {
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH EXAMPLES",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH \"SEE ALSO\"",
        ] {
            let section = section.replace('"', "");
            assert!(
                text.lines().any(|l| l.replace('"', "") == section),
                "{name}: no {section}"
            );
        }
        assert!(text.contains("\\fBNO_COLOR\\fR"), "{name}");
        for cap in reference.captures_iter(text) {
            let page = format!("{}.{}", cap[1].replace("\\-", "-"), &cap[2]);
            assert!(
                names.contains(&page),
                "{name} refers to {page}, which is not generated"
            );
        }
        // the version, never the commit (the committed pages would be stale at every commit)
        assert!(!text.contains("commit"), "{name}");
    }
    // `man COMMAND` prints the same page as `man --dir` writes
    let stats = env.stdout(&["man", "stats"]);
    assert_eq!(
        Some(&stats),
        pages
            .iter()
            .find(|(n, _)| n == "mptcpanalyzer-stats.1")
            .map(|(_, t)| t)
    );
    let plot_dsn = env.stdout(&["man", "plot", "dsn"]);
    assert!(
        plot_dsn.contains(".TH mptcpanalyzer-plot-dsn 1"),
        "{plot_dsn}"
    );
    let out = env.cmd().args(["man", "nosuch"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn committed_man_pages_are_not_stale() {
    let env = Env::new();
    let pages = generated_man_pages(&env);
    let dir = root().join("docs").join("man");
    let mut committed: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".1"))
                .collect()
        })
        .unwrap_or_default();
    committed.sort();
    let generated: Vec<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        committed, generated,
        "docs/man/ has other pages than the program makes: run scripts/gen-completions.sh"
    );
    for (name, text) in &pages {
        let old = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            &old == text,
            "docs/man/{name} is stale: run scripts/gen-completions.sh"
        );
    }
}

#[test]
fn version_names_the_commit() {
    let env = Env::new();
    let long = env.stdout(&["--version"]);
    let short = env.stdout(&["-V"]);
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(short, format!("mptcpanalyzer {version}\n"));
    // oracle: git itself, when the tests run in a checkout (else the build says "unknown")
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match head {
        Some(h) if std::env::var_os("MPTCPANALYZER_GIT_COMMIT").is_none() => {
            // a commit made since the build would be newer: the build records the one it saw
            let re = regex::Regex::new(&format!(
                r"^mptcpanalyzer {} \(commit [0-9a-f]{{12}}\)\n$",
                regex::escape(version)
            ))
            .unwrap();
            assert!(re.is_match(&long), "{long:?} (HEAD {h})");
        }
        _ => assert!(
            long.starts_with(&format!("mptcpanalyzer {version} (commit ")),
            "{long}"
        ),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn help_and_version_into_a_full_device_fail() {
    let env = Env::new();
    for args in [
        &["--help"][..],
        &["--version"],
        &["stats", "--help"],
        &["-V"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_mptcpanalyzer"))
            .env("XDG_CONFIG_HOME", env.config_home())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(
            err.lines().collect::<Vec<_>>(),
            ["mptcpanalyzer: error: <stdout>: No space left on device (os error 28)"],
            "{args:?}"
        );
    }
    // and into a closed pipe: success, no message
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            &format!(
                "set -o pipefail; {} --help | head -c1 >/dev/null",
                env!("CARGO_BIN_EXE_mptcpanalyzer")
            ),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn usage_errors_warnings_and_notes_share_one_prefix() {
    let env = Env::new();
    let out = env.cmd().args(["list", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("mptcpanalyzer: error: unexpected argument '--bogus'"),
        "{}",
        stderr(&out)
    );
    let out = env
        .cmd()
        .args(["list", "tcp", "/nonexistent/x.pcap"])
        .output()
        .unwrap();
    assert!(stderr(&out).starts_with("mptcpanalyzer: error: /nonexistent/x.pcap: "));
    // a TCP-only capture has no MPTCP connection: a note
    let tcp_only = fixture("pair-tcp-client.pcap");
    let out = env
        .cmd()
        .args(["list", "mptcp", s(&tcp_only)])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stderr(&out),
        format!(
            "mptcpanalyzer: note: {}: no MPTCP connection in this capture\n",
            tcp_only.display()
        )
    );
    let out = env
        .cmd()
        .args(["-q", "list", "mptcp", s(&tcp_only)])
        .output()
        .unwrap();
    assert_eq!(stderr(&out), "", "-q silences notes");
}

#[test]
fn color_follows_the_flag_then_no_color_then_clicolor_force() {
    let env = Env::new();
    let red = "mptcpanalyzer: \x1b[1;31merror:\x1b[0m /nonexistent/x.pcap";
    let plain = "mptcpanalyzer: error: /nonexistent/x.pcap";
    let run = |flag: Option<&str>, vars: &[(&str, &str)]| {
        let mut c = env.cmd();
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in vars {
            c.env(k, v);
        }
        if let Some(f) = flag {
            c.args(["--color", f]);
        }
        let out = c
            .args(["list", "tcp", "/nonexistent/x.pcap"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        stderr(&out)
    };
    // stderr is a pipe here: auto means no colour
    assert!(run(None, &[]).starts_with(plain));
    assert!(run(Some("always"), &[]).starts_with(red));
    assert!(run(Some("always"), &[("NO_COLOR", "1")]).starts_with(red));
    assert!(run(None, &[("CLICOLOR_FORCE", "1")]).starts_with(red));
    assert!(run(None, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).starts_with(plain));
    assert!(run(Some("never"), &[("CLICOLOR_FORCE", "1")]).starts_with(plain));
    // clap's usage errors follow the same choice
    let out = env
        .cmd()
        .env_remove("NO_COLOR")
        .args(["--color", "always", "list", "--bogus"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).starts_with("mptcpanalyzer: \x1b["),
        "{:?}",
        stderr(&out)
    );
    let out = env
        .cmd()
        .args(["--color", "never", "list", "--bogus"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!stderr(&out).contains('\x1b'), "{:?}", stderr(&out));
}

#[test]
fn doctor_reports_the_tshark_found_and_its_version() {
    let env = Env::new();
    if !have_tshark() {
        return;
    }
    // oracle: tshark's own first line, "TShark (Wireshark) 4.0.17 (Git ...)."
    let v = std::process::Command::new("tshark")
        .arg("--version")
        .output()
        .unwrap();
    let first = String::from_utf8_lossy(&v.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let version = first
        .split_whitespace()
        .nth(2)
        .unwrap()
        .trim_end_matches('.');
    let out = env.stdout(&["--tshark", "/usr/bin/tshark", "doctor"]);
    assert!(
        out.contains("tshark: /usr/bin/tshark (command line)\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!("tshark version: {version}\n")),
        "{out}"
    );
    assert!(out.contains("tshark usable: yes"), "{out}");
    assert!(out.contains("backend: native (default)\n"), "{out}");
    // a missing tshark: reported; an error only when it is the backend
    let missing = Path::new("/nonexistent/tshark");
    let out = env.stdout(&["--tshark", s(missing), "doctor"]);
    assert!(
        out.contains("tshark: /nonexistent/tshark (command line), not found\n"),
        "{out}"
    );
    assert!(out.contains("tshark usable: no: tshark not found"), "{out}");
    let out = env
        .cmd()
        .args(["--backend", "tshark", "--tshark", s(missing), "doctor"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("tshark usable: no"));
}

/// A one-frame classic pcap of link type `linktype`.
fn one_frame_pcap(path: &Path, linktype: u32, frame: Vec<u8>) {
    let len = frame.len() as u32;
    write_pcap(path, linktype, [(1_000_000_000u64, frame, len)]);
}

#[test]
fn a_capture_without_tcp_is_an_empty_result_on_both_backends() {
    let env = Env::new();
    // an Ethernet ARP request: a valid capture, no TCP
    let mut arp = vec![0xff; 6];
    arp.extend([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x06]);
    arp.extend([0u8; 28]);
    let pcap = env.dir.path().join("arp.pcap");
    one_frame_pcap(&pcap, 1, arp);
    let header_only = env.dir.path().join("header-only.pcap");
    write_pcap(&header_only, 1, []);
    let csv_header = env
        .stdout(&["pcap2csv", s(&fixture("mptcp-v4-two-subflows.pcap"))])
        .lines()
        .next()
        .unwrap()
        .to_string();
    // the CSV header of each report, from a capture that has rows
    let two = fixture("mptcp-v4-two-subflows.pcap");
    let header_of = |args: &[&str]| {
        let mut a = args.to_vec();
        a.push(s(&two));
        a.extend(["-f", "csv"]);
        format!("{}\n", env.stdout(&a).lines().next().unwrap())
    };
    let csv_headers = [
        header_of(&["list", "tcp"]),
        header_of(&["list", "mptcp"]),
        header_of(&["stats", "tcp"]),
        header_of(&["stats", "mptcp"]),
    ];
    for backend in backends() {
        for capture in [&pcap, &header_only] {
            let note = format!(
                "mptcpanalyzer: note: {}: no TCP packet in this capture: the result is empty\n",
                capture.display()
            );
            for (args, want) in [
                (
                    &["list", "tcp", "CAP", "-f", "json"][..],
                    "[]\n".to_string(),
                ),
                (&["list", "mptcp", "CAP", "-f", "json"], "[]\n".to_string()),
                (&["stats", "tcp", "CAP", "-f", "json"], "[]\n".to_string()),
                (&["stats", "mptcp", "CAP", "-f", "json"], "[]\n".to_string()),
                (&["pcap2csv", "CAP"], format!("{csv_header}\n")),
                // CSV: the header line only
                (&["list", "tcp", "CAP", "-f", "csv"], csv_headers[0].clone()),
                (
                    &["list", "mptcp", "CAP", "-f", "csv"],
                    csv_headers[1].clone(),
                ),
                (
                    &["stats", "tcp", "CAP", "-f", "csv"],
                    csv_headers[2].clone(),
                ),
                (
                    &["stats", "mptcp", "CAP", "-f", "csv"],
                    csv_headers[3].clone(),
                ),
                // a table of one block per connection: nothing
                (&["stats", "tcp", "CAP"], String::new()),
            ] {
                let mut all = vec!["--no-cache", "--backend", backend];
                all.extend(
                    args.iter()
                        .map(|a| if *a == "CAP" { s(capture) } else { a }),
                );
                let out = env.cmd().args(&all).output().unwrap();
                assert_eq!(out.status.code(), Some(0), "{all:?}: {}", stderr(&out));
                assert_eq!(String::from_utf8_lossy(&out.stdout), want, "{all:?}");
                assert_eq!(stderr(&out), note, "{all:?}");
            }
            // tables of one row per connection (list tcp, the stats mptcp summary): the
            // header, no row, exit 0; stats mptcp also notes that there is no MPTCP connection
            for (cmd, head) in [
                (["list", "tcp"], "tcp stream | client | server"),
                (["stats", "mptcp"], " mptcp stream | subflows |"),
            ] {
                let mut all = vec!["--no-cache", "--backend", backend];
                all.extend(cmd);
                all.push(s(capture));
                let out = env.cmd().args(&all).output().unwrap();
                assert!(out.status.success(), "{all:?}");
                let table = String::from_utf8_lossy(&out.stdout);
                assert_eq!(table.lines().count(), 2, "header and rule only: {table}");
                assert!(table.contains(head), "{table}");
                let err = stderr(&out);
                assert!(err.starts_with(&note), "{err}");
                if cmd[0] == "stats" {
                    assert!(
                        err.ends_with("no MPTCP connection in this capture\n"),
                        "{err}"
                    );
                }
            }
        }
    }
}

#[test]
fn an_unsupported_link_type_says_which_on_both_backends() {
    let env = Env::new();
    // an IEEE 802.11 frame (link type 105): a beacon-sized header of zeros
    let wifi = env.dir.path().join("wifi.pcap");
    one_frame_pcap(&wifi, 105, vec![0u8; 24]);
    for backend in backends() {
        let out = env
            .cmd()
            .args([
                "--no-cache",
                "--backend",
                backend,
                "list",
                "mptcp",
                s(&wifi),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{backend}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!(
                "mptcpanalyzer: error: {}: link type 105 (IEEE 802.11) is not supported",
                wifi.display()
            )),
            "{backend}: {err}"
        );
    }
}

#[test]
fn typos_suggest_the_intended_name_first() {
    let env = Env::new();
    let pcap = fixture("mptcp-v4-two-subflows.pcap");
    let run = |args: &[&str]| {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        stderr(&out)
    };
    assert!(
        run(&["lst", "mptcp", s(&pcap)])
            .starts_with("mptcpanalyzer: error: unknown command \"lst\": did you mean `list`? ("),
        "{}",
        run(&["lst"])
    );
    let err = run(&["plot", "dns", s(&pcap), "0"]);
    assert!(
        err.starts_with("mptcpanalyzer: error: unknown plot type \"dns\": did you mean `dsn`? ("),
        "{err}"
    );
    let out = env.dir.path().join("x.png");
    let err = run(&[
        "plot",
        "attr",
        s(&pcap),
        "dns",
        "--mptcp",
        "0",
        "-o",
        s(&out),
    ]);
    assert!(
        err.starts_with("mptcpanalyzer: error: cannot plot field \"dns\": did you mean `dsn`? ("),
        "{err}"
    );
    // the receive window under another usual name: the `rwnd` column
    let err = run(&[
        "plot",
        "attr",
        s(&pcap),
        "rcv_wnd",
        "--mptcp",
        "0",
        "-o",
        s(&out),
    ]);
    assert!(
        err.starts_with(
            "mptcpanalyzer: error: cannot plot field \"rcv_wnd\": did you mean `rwnd`? ("
        ),
        "{err}"
    );
}

/// `stats mptcp F ID -f json` as one object, whichever JSON shape the command has.
fn one(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Array(mut a) => {
            assert_eq!(a.len(), 1, "{a:?}");
            a.remove(0)
        }
        o => o,
    }
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn time_origin_moves_every_printed_time_by_one_offset() {
    let pcap = fixture("mptcp-addr-events.pcap");
    let env = Env::new();
    // oracles: the file's first record (the capture's first frame, epoch) and the start of
    // connection 1's first subflow as `list tcp` gives it (capture-relative)
    let (_, records) = pcap_records(&pcap);
    let capture_start = records[0].0 as f64 / 1e9;
    let list = env.json(&["list", "tcp", s(&pcap), "-f", "json"]);
    let conn_start = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["mptcp_stream"] == 0)
        .map(|t| f(&t["start_s"]))
        .reduce(f64::min)
        .unwrap();
    assert!(
        conn_start > 1.0,
        "the connection starts after the first frame: {conn_start}"
    );
    for backend in backends() {
        let stats = |origin: &str| {
            one(env.json_with(
                backend,
                &[
                    "--time-origin",
                    origin,
                    "stats",
                    "mptcp",
                    s(&pcap),
                    "0",
                    "-f",
                    "json",
                ],
            ))
        };
        let times = |v: &serde_json::Value| -> Vec<f64> {
            let mut t = vec![
                f(&v["to_server"]["first_s"]),
                f(&v["to_server"]["last_s"]),
                f(&v["to_client"]["first_s"]),
                f(&v["to_server"]["subflows"][0]["tcp"]["first_s"]),
            ];
            t.extend(
                v["subflows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| f(&s["start_s"])),
            );
            t.extend(
                v["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| f(&e["time_s"])),
            );
            t
        };
        let default = times(&stats("capture"));
        assert_eq!(
            default,
            times(&one(env.json_with(
                backend,
                &["stats", "mptcp", s(&pcap), "0", "-f", "json"]
            ))),
            "capture is the default"
        );
        assert!(default.len() > 8, "{default:?}");
        let connection = times(&stats("connection"));
        let epoch = times(&stats("epoch"));
        for ((c, k), e) in default.iter().zip(&connection).zip(&epoch) {
            assert!(
                (k - (c - conn_start)).abs() < 1e-9,
                "{backend}: {c} {k} {conn_start}"
            );
            assert!(
                (e - (c + capture_start)).abs() < 1e-6,
                "{backend}: {c} {e} {capture_start}"
            );
        }
        assert_eq!(connection.iter().copied().reduce(f64::min), Some(0.0));
        // list tcp's start column too
        let starts = |origin: &str| -> Vec<f64> {
            env.json_with(
                backend,
                &[
                    "--time-origin",
                    origin,
                    "list",
                    "tcp",
                    s(&pcap),
                    "-f",
                    "json",
                ],
            )
            .as_array()
            .unwrap()
            .iter()
            .map(|t| f(&t["start_s"]))
            .collect()
        };
        assert!(starts("connection").iter().all(|t| *t == 0.0));
        for (c, e) in starts("capture").iter().zip(starts("epoch")) {
            assert!((e - (c + capture_start)).abs() < 1e-6, "{backend}: {c} {e}");
        }
    }
}

#[test]
fn time_origin_moves_the_plot_time_axis() {
    let pcap = fixture("mptcp-addr-events.pcap");
    let env = Env::new();
    let ticks = |origin: &str| -> Vec<f64> {
        let out = env.dir.path().join(format!("dsn-{origin}.svg"));
        let mut cmd = env.cmd();
        if !origin.is_empty() {
            cmd.args(["--time-origin", origin]);
        }
        let run = cmd
            .args(["plot", "dsn", s(&pcap), "0", "-o", s(&out)])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        let svg = std::fs::read_to_string(&out).unwrap();
        // the x axis' tick labels: centred under the axis (the y axis' are right-aligned)
        let tick = regex::Regex::new(
            r#"<text [^>]*dy="0.76em" text-anchor="middle"[^>]*>\s*(-?[0-9.]+)\s*</text>"#,
        )
        .unwrap();
        tick.captures_iter(&svg)
            .map(|c| c[1].parse::<f64>().unwrap())
            .collect()
    };
    let (_, records) = pcap_records(&pcap);
    let capture_start = records[0].0 as f64 / 1e9;
    // the connection starts at 0; from the capture, at its start (1.14 s); from the epoch, at
    // the capture's first frame plus that
    let connection = ticks("connection");
    assert!(connection.contains(&0.0), "{connection:?}");
    let capture = ticks("capture");
    assert_eq!(capture, ticks(""), "capture is the default");
    assert!(
        !capture.is_empty() && capture.iter().all(|t| *t >= 1.0),
        "{capture:?}"
    );
    let epoch = ticks("epoch");
    assert!(
        !epoch.is_empty() && epoch.iter().all(|t| *t >= capture_start + 1.0),
        "{epoch:?} vs {capture_start}"
    );
}

/// `--list-columns` (issue 12 item 10: the field lists in the program, not in files an
/// installed user lacks): for each report, the CSV columns of a real run in order, each with a
/// type, a meaning and the unit its name states; then the members only JSON has, each found in
/// a real run's JSON. No capture is read.
#[test]
fn list_columns_describes_every_column_of_the_output() {
    let env = Env::new();
    let two = fixture("mptcp-v4-two-subflows.pcap");
    let cases: [(&[&str], Option<&str>); 5] = [
        (&["list", "tcp"], None),
        (&["list", "mptcp"], Some("subflows")),
        (&["stats", "tcp"], None),
        (&["stats", "mptcp"], Some("subflows")),
        (&["pcap2csv"], None),
    ];
    for (cmd, nested) in cases {
        let mut a = cmd.to_vec();
        a.extend(["--list-columns", "-f", "json"]);
        if cmd[0] == "pcap2csv" {
            a.truncate(2); // pcap2csv has no -f: its listing is a table
        }
        let listing: Vec<serde_json::Value> = if cmd[0] == "pcap2csv" {
            // the table: column | type | unit | meaning
            env.stdout(&a)
                .lines()
                .skip(2)
                .map(|l| {
                    let f: Vec<&str> = l.split('|').map(str::trim).collect();
                    serde_json::json!({"name": f[0], "type": f[1], "unit": f[2], "meaning": f[3]})
                })
                .collect()
        } else {
            env.json(&a).as_array().unwrap().clone()
        };
        let mut run = cmd.to_vec();
        run.push(s(&two));
        if cmd[0] != "pcap2csv" {
            run.extend(["-f", "csv"]);
        }
        let csv = env.stdout(&run);
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let names: Vec<&str> = listing
            .iter()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names[..header.len()],
            header[..],
            "{cmd:?}: the CSV columns in order"
        );
        for d in &listing {
            let (name, unit) = (d["name"].as_str().unwrap(), d["unit"].as_str().unwrap());
            assert!(!d["meaning"].as_str().unwrap().is_empty(), "{cmd:?}: {d}");
            assert!(!d["type"].as_str().unwrap().is_empty(), "{cmd:?}: {d}");
            // the unit the name states
            let base = name.rsplit(": ").next().unwrap();
            let want = if base.ends_with("_bit_s") {
                "bit/s"
            } else if base.ends_with("_bytes") {
                "bytes"
            } else if base.ends_with("_ns") {
                "ns"
            } else if base.ends_with("_s") {
                "s"
            } else {
                unit
            };
            assert_eq!(unit, want, "{cmd:?}: {d}");
        }
        // the JSON-only members are in a real run's JSON (top level, or in `nested[]`)
        if cmd[0] != "pcap2csv" {
            let mut j = cmd.to_vec();
            j.extend([s(&two), "-f", "json"]);
            let v = env.json(&j);
            for d in &listing[header.len()..] {
                let name = d["name"].as_str().unwrap();
                assert!(
                    d["meaning"].as_str().unwrap().starts_with("JSON only: "),
                    "{d}"
                );
                let found = match name.split_once("[]: ") {
                    Some((arr, field)) => v[0][arr][0].get(field).is_some(),
                    None => v[0].get(name).is_some(),
                };
                assert!(
                    found,
                    "{cmd:?}: {name} is not in the JSON (nested: {nested:?})"
                );
            }
        }
    }
    // the man pages hold the same descriptions (COLUMNS), and --help points to them
    let page = env.stdout(&["man", "stats"]);
    let at = page.find(".SH COLUMNS").expect("a COLUMNS section");
    let cols = &page[at..];
    for d in env
        .json(&["stats", "mptcp", "--list-columns", "-f", "json"])
        .as_array()
        .unwrap()
    {
        let name = d["name"].as_str().unwrap().replace('-', "\\-");
        assert!(
            cols.contains(&format!("\\fB{name}\\fR")),
            "{name} not in man stats"
        );
    }
    assert!(env
        .stdout(&["stats", "--help"])
        .contains("Manual: mptcpanalyzer man stats | man -l -"));
    // known values: a few columns by type and unit
    let v = env.json(&["stats", "mptcp", "--list-columns", "-f", "json"]);
    let get = |n: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(get("goodput_bit_s")["type"], "float");
    assert_eq!(get("share")["unit"], "0..1");
    assert_eq!(get("tcp_stream")["type"], "uint");
}

/// The field names of the `## `list KIND`` section of docs/list.md (its tables' first column,
/// every `name` in backticks; the subflow table's names too): written by hand, not made from
/// the declarations.
fn documented_list_fields(kind: &str) -> BTreeSet<String> {
    let doc = std::fs::read_to_string(root().join("docs/list.md")).unwrap();
    let head = format!("## `list {kind}`\n");
    let at = doc.find(&head).expect("a section per kind") + head.len();
    let section = &doc[at..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .flat_map(|l| {
            let cell = l.split('|').nth(1).unwrap();
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `list --list-columns` and `stats --list-columns` without a KIND (a newcomer's first try,
/// as `pcap2csv --list-columns` needs nothing): the columns of every kind, tcp then mptcp, each
/// kind's exactly what `CMD KIND --list-columns` prints, its CSV columns those of a real run's
/// CSV header in order, and (list) the very fields docs/list.md documents for that kind.
#[test]
fn list_columns_without_a_kind_lists_every_kind() {
    let env = Env::new();
    let two = fixture("mptcp-v4-two-subflows.pcap");
    for cmd in ["list", "stats"] {
        let all = env.json(&[cmd, "--list-columns", "-f", "json"]);
        let all = all.as_array().unwrap();
        let kinds: Vec<&str> = all.iter().map(|d| d["kind"].as_str().unwrap()).collect();
        let mut order = kinds.clone();
        order.dedup();
        assert_eq!(
            order,
            ["tcp", "mptcp"],
            "{cmd}: one section per kind, in order"
        );
        for kind in ["tcp", "mptcp"] {
            let section: Vec<serde_json::Value> = all
                .iter()
                .filter(|d| d["kind"] == kind)
                .map(|d| {
                    let mut d = d.clone();
                    let fields = d.as_object_mut().unwrap();
                    assert_eq!(fields.keys().next().unwrap(), "kind", "{cmd}: kind first");
                    fields.remove("kind");
                    d
                })
                .collect();
            let one = env.json(&[cmd, kind, "--list-columns", "-f", "json"]);
            assert_eq!(&section, one.as_array().unwrap(), "{cmd} {kind}");
            let csv = env.stdout(&[cmd, kind, s(&two), "-f", "csv"]);
            let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
            let names: Vec<&str> = section
                .iter()
                .map(|d| d["name"].as_str().unwrap())
                .collect();
            assert_eq!(
                names[..header.len()],
                header[..],
                "{cmd} {kind}: the CSV columns"
            );
            if cmd == "list" {
                // `subflows[]: NAME` is the subflow member NAME; docs/list.md names the array
                let listed: BTreeSet<String> = names
                    .iter()
                    .map(|n| n.strip_prefix("subflows[]: ").unwrap_or(n).to_string())
                    .chain((kind == "mptcp").then(|| "subflows[]".to_string()))
                    .collect();
                assert_eq!(
                    listed,
                    documented_list_fields(kind),
                    "list {kind} vs docs/list.md"
                );
            }
        }
        // known names where they belong
        let of = |kind: &str| -> Vec<&str> {
            all.iter()
                .filter(|d| d["kind"] == kind)
                .map(|d| d["name"].as_str().unwrap())
                .collect()
        };
        assert_eq!(of("tcp")[0], "tcp_stream", "{cmd}");
        assert_eq!(of("mptcp")[0], "mptcp_stream", "{cmd}");
        assert!(!of("tcp").contains(&"mptcp_stream") || cmd == "list");
        if cmd == "stats" {
            assert!(of("mptcp").contains(&"goodput_bit_s"));
            assert!(of("tcp").contains(&"throughput_bit_s"));
            assert!(!of("tcp").contains(&"goodput_bit_s"));
        }
        // CSV: the same rows, a first column `kind`; the table: a section per kind
        let csv = env.stdout(&[cmd, "--list-columns", "-f", "csv"]);
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(
            rows.headers().unwrap().iter().collect::<Vec<_>>(),
            ["kind", "name", "type", "unit", "meaning"]
        );
        let pairs: Vec<(String, String)> = rows
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_string(), r[1].to_string())
            })
            .collect();
        let want: Vec<(String, String)> = all
            .iter()
            .map(|d| {
                (
                    d["kind"].as_str().unwrap().into(),
                    d["name"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(pairs, want, "{cmd}: CSV rows");
        let table = env.stdout(&[cmd, "--list-columns"]);
        let heads: Vec<&str> = table.lines().filter(|l| l.starts_with("==> ")).collect();
        assert_eq!(
            heads,
            [format!("==> {cmd} tcp <=="), format!("==> {cmd} mptcp <==")]
        );
        for kind in ["tcp", "mptcp"] {
            // each section is that kind's own table
            let own = env.stdout(&[cmd, kind, "--list-columns"]);
            let head = format!("==> {cmd} {kind} <==\n");
            assert!(
                table.contains(&format!("{head}{own}")),
                "{cmd} {kind}: its table"
            );
        }
        // a KIND given: that kind only, as before
        let mptcp = env.json(&[cmd, "mptcp", "--list-columns", "-f", "json"]);
        assert!(mptcp
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d.get("kind").is_none()));
    }
    // `-o FILE` holds what standard output gets; a directory is refused (one listing)
    for args in [
        &["list", "--list-columns", "-f", "csv"][..],
        &["stats", "mptcp", "--list-columns", "-f", "json"],
        &["pcap2csv", "--list-columns"],
    ] {
        let file = env.dir.path().join("columns.out");
        let _ = std::fs::remove_file(&file);
        let stdout = env.stdout(args);
        let o = env
            .cmd()
            .args(args)
            .args(["-o", s(&file)])
            .output()
            .unwrap();
        assert!(o.status.success() && o.stdout.is_empty(), "{args:?} -o");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            stdout,
            "{args:?} -o"
        );
        let o = env
            .cmd()
            .args(args)
            .args(["-o", s(env.dir.path())])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?} -o DIR");
        assert!(stderr(&o).contains("give -o FILE"), "{}", stderr(&o));
    }
}
