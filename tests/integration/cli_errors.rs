//! Error handling, exit codes, cache, config and generated files, as a user meets them.

use crate::util::*;
use predicates::prelude::*;
use std::io::Read;

fn stderr_lines(out: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn missing_file_is_one_line_naming_it() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["list", "tcp", "/nonexistent/x.pcap"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("/nonexistent/x.pcap"), "{lines:?}");
    assert!(out.stdout.is_empty());
}

#[test]
fn not_a_capture_and_empty_file() {
    let env = Env::new();
    let text = env.dir.path().join("notes.pcap");
    std::fs::write(&text, "hello, this is not a capture\n").unwrap();
    let out = env
        .cmd()
        .args(["list", "mptcp", s(&text)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("notes.pcap") && err.contains("not a capture"),
        "{err}"
    );

    let empty = env.dir.path().join("empty.pcapng");
    std::fs::write(&empty, "").unwrap();
    let out = env
        .cmd()
        .args(["list", "mptcp", s(&empty)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));

    // a pcap cut inside its file header: malformed input (3) with either backend
    let bytes = std::fs::read(fixture("mptcp-lossy.pcap")).unwrap();
    let stub = env.dir.path().join("stub.pcap");
    std::fs::write(&stub, &bytes[..10]).unwrap();
    for backend in backends() {
        let out = env
            .cmd()
            .args(["--no-cache", "--backend", backend, "list", "tcp", s(&stub)])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{backend}: {err}");
        assert_eq!(err.lines().count(), 1, "{backend}: {err}");
        assert!(err.contains("stub.pcap"), "{backend}: {err}");
    }
}

#[test]
fn truncated_capture_yields_what_was_read_and_a_warning() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let bytes = std::fs::read(&pcap).unwrap();
    let cut = env.dir.path().join("cut.pcapng");
    std::fs::write(&cut, &bytes[..bytes.len() / 2 + 3]).unwrap();
    for backend in backends() {
        let out = env
            .cmd()
            .args(["--backend", backend, "list", "tcp", s(&cut), "-f", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{backend}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("warning") && err.contains("truncated"),
            "{backend}: {err}"
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // the first half of the file holds the first 8 TCP streams (tshark on the same cut: 0..=7)
        let ids: Vec<u64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["tcp_stream"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, (0..8).collect::<Vec<u64>>(), "{backend}");
    }
}

#[test]
fn unknown_connection_id_exits_5_and_writes_no_file() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let dest = env.dir.path().join("out.csv");
    let out = env
        .cmd()
        .args(["pcap2csv", s(&pcap), "--mptcp", "42", "-o", s(&dest)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no MPTCP connection with id 42"), "{err}");
    assert!(err.contains("ids 0-3"), "{err}");
    assert!(!dest.exists());
    // and no temp file left in the directory
    let left: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
}

#[test]
fn tshark_missing_is_a_clear_error() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let out = env
        .cmd()
        .env("MPTCPANALYZER_TSHARK", "/nonexistent/tshark")
        .args(["--backend", "tshark", "list", "tcp", s(&pcap)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("tshark not found"), "{lines:?}");
}

#[test]
fn config_errors_name_file_key_and_line() {
    let env = Env::new();
    let dir = env.config_home().join("mptcpanalyzer");
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("config");
    std::fs::write(&cfg, "backend = \"tshark\"\nbogus = 3\n").unwrap();
    let out = env.cmd().args(["config", "show"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(s(&cfg)) && err.contains("line 2") && err.contains("bogus"),
        "{err}"
    );

    std::fs::write(&cfg, "backend = \"tshark\"\nformat = \"json\"\n").unwrap();
    let shown = env.stdout(&["config", "show"]);
    assert!(
        shown.contains("backend = \"tshark\"  # config file"),
        "{shown}"
    );
    assert!(
        shown.contains("format = \"json\"  # config file"),
        "{shown}"
    );
    assert!(
        shown.contains("csv_delimiter = \",\"  # default"),
        "{shown}"
    );
    let shown = env.stdout(&["--backend", "native", "config", "show"]);
    assert!(
        shown.contains("backend = \"native\"  # command line"),
        "{shown}"
    );
}

#[test]
fn cache_is_used_invalidated_and_managed() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let copy = env.dir.path().join("c.pcap");
    std::fs::copy(&pcap, &copy).unwrap();
    let path = env.stdout(&["cache", "path"]);
    assert_eq!(path.trim(), s(&env.cache_dir()));
    let first = env.stdout(&["--backend", "tshark", "list", "tcp", s(&copy), "-f", "csv"]);
    let listed = |env: &Env| -> Vec<serde_json::Value> {
        env.json(&["cache", "list", "-f", "json"])
            .as_array()
            .unwrap()
            .clone()
    };
    let entries = listed(&env);
    assert_eq!(entries.len(), 1, "{entries:?}");
    // a hit gives the same answer, even with tshark gone
    let out = env
        .cmd()
        .env("MPTCPANALYZER_TSHARK", "/nonexistent/tshark")
        .args(["--backend", "tshark", "list", "tcp", s(&copy), "-f", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), first);
    // a corrupt entry is detected and rebuilt, with a warning
    let entry = entries[0]["entry"].as_str().unwrap().to_string();
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, &text[..text.len() / 2]).unwrap();
    env.cmd()
        .args(["--backend", "tshark", "list", "tcp", s(&copy), "-f", "csv"])
        .assert()
        .success()
        .stdout(first.clone())
        .stderr(predicate::str::contains("is truncated or damaged"));
    // touching the capture changes the key: a second entry appears
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(10);
    std::fs::File::options()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_modified(later)
        .unwrap();
    env.stdout(&["--backend", "tshark", "list", "tcp", s(&copy)]);
    assert_eq!(listed(&env).len(), 2);
    // --no-cache neither reads nor writes
    env.stdout(&["cache", "clear"]);
    env.stdout(&["--no-cache", "--backend", "tshark", "list", "tcp", s(&copy)]);
    assert_eq!(listed(&env).len(), 0);
}

#[test]
fn completions_are_not_stale() {
    let env = Env::new();
    for (shell, file) in [
        ("bash", "mptcpanalyzer.bash"),
        ("zsh", "_mptcpanalyzer"),
        ("fish", "mptcpanalyzer.fish"),
    ] {
        // the committed files list no plugin: none on PATH (nor in the isolated data dir)
        let out = env
            .cmd()
            .args(["completions", shell])
            .env("PATH", "/nonexistent")
            .output()
            .unwrap();
        assert!(out.status.success());
        let generated = String::from_utf8(out.stdout).unwrap();
        let committed =
            std::fs::read_to_string(root().join("completions").join(file)).unwrap_or_default();
        assert!(
            generated == committed,
            "completions/{file} is stale: run scripts/gen-completions.sh"
        );
    }
    // the man pages: cli_ux::committed_man_pages_are_not_stale
}

#[test]
fn help_lists_the_commands() {
    Env::new()
        .cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("list").and(predicate::str::contains("pcap2csv")));
}

#[test]
fn too_old_tshark_is_a_clear_error() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let fake = env.dir.path().join("tshark");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho 'TShark (Wireshark) 2.6.20 (Git v2.6.20 packaged as 2.6.20-0+deb10u1)'\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = env
        .cmd()
        .args([
            "--backend",
            "tshark",
            "--tshark",
            s(&fake),
            "list",
            "tcp",
            s(&pcap),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("2.6.20 is too old"), "{lines:?}");
}

/// Run with stdout closed after the first `keep` bytes; returns (exit code, stderr).
fn closed_pipe(env: &Env, args: &[&str], keep: usize) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mptcpanalyzer"))
        .args(args)
        .env("XDG_CACHE_HOME", env.dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = vec![0u8; keep];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn broken_pipe_is_success_in_every_format() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    for args in [
        &["list", "tcp", s(&pcap), "-f", "json"][..],
        &["list", "mptcp", s(&pcap), "-f", "json"],
        &["list", "tcp", s(&pcap), "-f", "csv"],
        &["stats", "tcp", s(&pcap), "-f", "json"],
        &["stats", "mptcp", s(&pcap)],
        &["completions", "bash"],
        &["man"],
    ] {
        let (code, err) = closed_pipe(&env, args, 1);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn tshark_flag_beats_the_environment_which_beats_the_config() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let out = env
        .cmd()
        .env("MPTCPANALYZER_TSHARK", "/nonexistent/tshark")
        .args([
            "--no-cache",
            "--backend",
            "tshark",
            "--tshark",
            "tshark",
            "list",
            "tcp",
            s(&pcap),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = env
        .cmd()
        .env("MPTCPANALYZER_TSHARK", "/from/env")
        .args(["config", "show"])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(
        shown.contains("tshark = \"/from/env\"  # environment"),
        "{shown}"
    );
}

#[test]
fn a_capture_without_mptcp_prints_no_data_on_stdout() {
    let Some(pcap) = shared_pcap("client_1_tcp_only.pcap") else {
        return;
    };
    let env = Env::new();
    let out = env
        .cmd()
        .args(["list", "mptcp", s(&pcap)])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no MPTCP connection"));
}

/// A v1 connection declined at the SYN/ACK is not an MPTCP connection: `list mptcp` and
/// `stats mptcp` say so on stderr (tables), and JSON stays pure data.
#[test]
fn a_declined_mptcp_connection_is_named_on_stderr() {
    let cap = fixture("mixed-tcp-fallback.pcap");
    let env = Env::new();
    let tcp = env.json(&["list", "tcp", s(&cap), "-f", "json"]);
    let declined: Vec<String> = tcp
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["mptcp_fallback"] == true)
        .map(|t| t["tcp_stream"].to_string())
        .collect();
    assert_eq!(declined.len(), 1, "{tcp}");
    for cmd in ["list", "stats"] {
        let out = env.cmd().args([cmd, "mptcp", s(&cap)]).output().unwrap();
        assert!(out.status.success());
        // list mptcp: one block per connection, none; the stats mptcp summary: its header
        let lines = if cmd == "list" { 0 } else { 2 };
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).lines().count(),
            lines,
            "{cmd}"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("TCP {} offered MPTCP and fell back", declined[0])),
            "{cmd}: {err}"
        );
        let out = env
            .cmd()
            .args([cmd, "mptcp", s(&cap), "-f", "json"])
            .output()
            .unwrap();
        assert!(out.stderr.is_empty(), "{cmd} json");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "[]",
            "{cmd} json"
        );
    }
}

#[test]
fn unknown_id_leaves_stdout_empty() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let out = env
        .cmd()
        .args(["pcap2csv", s(&pcap), "--tcp", "99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn output_through_a_symlink_keeps_the_link_and_dash_is_stdout() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let target = env.dir.path().join("target.csv");
    let link = env.dir.path().join("link.csv");
    std::fs::write(&target, "old").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&target, &link).unwrap();
    env.cmd()
        .args(["pcap2csv", s(&pcap), "-o", s(&link)])
        .assert()
        .success();
    assert!(link.is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with("frame,"));
    let dash = env.stdout(&["pcap2csv", s(&pcap), "-o", "-"]);
    assert!(dash.starts_with("frame,"));
    assert!(!std::path::Path::new("-").exists());
}

#[test]
fn csv_rows_out_of_capture_order_are_refused() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let text = env.stdout(&["pcap2csv", s(&pcap)]);
    let mut lines: Vec<&str> = text.lines().collect();
    lines.swap(5, 9);
    let bad = env.dir.path().join("shuffled.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let out = env.cmd().args(["list", "tcp", s(&bad)]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shuffled.csv") && err.contains("capture order"),
        "{err}"
    );
}

/// `-o` naming a FIFO or device (`-o /dev/null`) writes into it and never replaces it with a
/// regular file: a rename over `/dev/null` as root breaks every later program on the machine.
#[cfg(unix)]
#[test]
fn output_into_a_fifo_writes_into_it_and_keeps_it() {
    use std::os::unix::fs::FileTypeExt;
    let pcap = fixture("mptcp-v4-two-subflows.pcap");
    let env = Env::new();
    let fifo = env.dir.path().join("out.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let cases: [&[&str]; 2] = [
        &["pcap2csv", s(&pcap), "-o", s(&fifo)],
        &[
            "plot",
            "dsn",
            s(&pcap),
            "0",
            "--image-format",
            "svg",
            "-o",
            s(&fifo),
        ],
    ];
    for args in cases {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(&fifo).unwrap())
        };
        env.cmd().args(args).assert().success();
        // checked before joining: a reader still waiting on a replaced FIFO never returns
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "{args:?} replaced the FIFO");
        let got = String::from_utf8(reader.join().unwrap()).unwrap();
        assert!(
            got.starts_with("frame,") || got.contains("<svg"),
            "{args:?} wrote {:?}",
            &got[..got.len().min(80)]
        );
    }
}

/// The progress bar is drawn on a terminal (a pseudo-terminal from `script`), on stderr, and
/// nothing is drawn when stderr is a pipe.
#[test]
fn progress_is_shown_on_a_terminal_only() {
    let cap = fixture("mptcp-lossy.pcap");
    let env = Env::new();
    let piped = env.cmd().args(["list", "mptcp", s(&cap)]).output().unwrap();
    assert!(piped.status.success());
    assert!(
        piped.stderr.is_empty(),
        "stderr is not a terminal, yet: {}",
        String::from_utf8_lossy(&piped.stderr)
    );

    let have_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_script {
        skip("`script` (util-linux) is not installed: no pseudo-terminal for the TTY case");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("mptcpanalyzer");
    let typescript = env.dir.path().join("typescript");
    // stdout to /dev/null inside the terminal: only stderr (the bar) reaches the typescript
    let line = format!("'{}' list mptcp '{}' >/dev/null", bin.display(), s(&cap));
    let out = std::process::Command::new("script")
        .args(["-qefc", &line, s(&typescript)])
        .env("XDG_CACHE_HOME", env.dir.path().join("cache"))
        .env("XDG_CONFIG_HOME", env.config_home())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let drawn = String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).into_owned();
    assert!(
        drawn.contains("reading mptcp-lossy.pcap"),
        "no progress drawn on the terminal: {drawn:?}"
    );
}

/// A failed write of the output is exit code 1 ("cannot write the output"), naming the output,
/// not 3 (input problem) with `<stdout>`: `> /dev/full` and `-o /dev/full`.
#[cfg(target_os = "linux")]
#[test]
fn regression_full_output_device_is_an_output_failure() {
    let pcap = fixture("mptcp-v4-two-subflows.pcap");
    let env = Env::new();
    for args in [
        &["list", "mptcp", s(&pcap)][..],
        &["stats", "mptcp", s(&pcap), "0", "-f", "json"][..],
        &["pcap2csv", s(&pcap)][..],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("mptcpanalyzer"))
            .env("XDG_CACHE_HOME", env.dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", env.config_home())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {:?}", out);
    }
    let out = env
        .cmd()
        .args(["pcap2csv", s(&pcap), "-o", "/dev/full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("/dev/full") && !lines[0].contains("<stdout>"),
        "{lines:?}"
    );
}

/// `pcap2csv MISSING -o FILE` names the missing capture (exit 3), not the output file.
#[test]
fn regression_missing_input_with_output_file_names_the_input() {
    let env = Env::new();
    let out_file = env.dir.path().join("out.csv");
    let out = env
        .cmd()
        .args(["pcap2csv", "/nonexistent/x.pcap", "-o", s(&out_file)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("/nonexistent/x.pcap"), "{lines:?}");
    assert!(!out_file.exists());
}

/// Regression (issue 14 item 13): with standard output closed (`>&-`) the data went nowhere
/// and the exit code was 0 (Rust's runtime puts /dev/null in place of a closed descriptor).
/// Now, as with `> /dev/full`: exit 1 and one message naming standard output; a command that
/// prints nothing (`pcap2csv -o FILE`) still succeeds, and `> /dev/null` is still fine.
#[cfg(target_os = "linux")]
#[test]
fn regression_closed_stdout_is_an_output_failure() {
    let pcap = fixture("mptcp-v4-two-subflows.pcap");
    let env = Env::new();
    let bin = assert_cmd::cargo::cargo_bin("mptcpanalyzer");
    let run = |redirect: &str, args: &[&str]| {
        std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("exec \"$0\" \"$@\" {redirect}"))
            .arg(&bin)
            .args(args)
            .env("XDG_CACHE_HOME", env.dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", env.config_home())
            .output()
            .unwrap()
    };
    for args in [
        &["list", "mptcp", s(&pcap)][..],
        &["stats", "mptcp", s(&pcap), "0", "-f", "json"][..],
        &["pcap2csv", s(&pcap)][..],
        &["cache", "path"][..],
    ] {
        let out = run(">&-", args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.trim(),
            "mptcpanalyzer: error: <stdout>: standard output is closed (nothing can be written: \
             redirect it, e.g. > /dev/null)",
            "{args:?}"
        );
        let out = run(">/dev/null", args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    }
    let csv = env.dir.path().join("rows.csv");
    let out = run(">&-", &["pcap2csv", s(&pcap), "-o", s(&csv)]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("frame,"));
}
