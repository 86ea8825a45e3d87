//! Issue 14 item 7: no unbounded wait or size around tshark. Fake `tshark` scripts (given with
//! `--tshark`) sleep, spew or leave a grandchild holding the pipes; every run ends within a few
//! seconds with exit 4 naming the cause, tshark's whole process group killed, no cache entry.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What the fake prints for `--version` (then it exits), unless its body handles it.
const VERSION: &str = "TShark (Wireshark) 4.0.17 (fake).";

/// A fake tshark: `body` runs for the read (and for `--version` when `version_too`).
fn fake(env: &Env, name: &str, body: &str, version_too: bool) -> PathBuf {
    let path = env.dir.path().join(name);
    let version = if version_too {
        String::new()
    } else {
        format!("if [ \"$1\" = --version ]; then echo '{VERSION}'; exit 0; fi\n")
    };
    std::fs::write(&path, format!("#!/bin/sh\n{version}{body}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Run `list tcp` on a fixture with the fake and a 1 s timeout; returns (exit code, stderr,
/// seconds taken).
fn run(env: &Env, tshark: &Path, extra: &[&str]) -> (i32, String, f64) {
    let capture = fixture("mptcp-resets.pcap");
    let start = Instant::now();
    let out = env
        .cmd()
        .args(["--backend", "tshark", "--tshark", s(tshark)])
        .args(extra)
        .args(["list", "tcp", s(&capture)])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed().as_secs_f64(),
    )
}

/// The cache directory holds no entry (nothing at all but maybe the directory itself).
fn no_cache_entry(env: &Env) {
    let entries: Vec<_> = std::fs::read_dir(env.cache_dir())
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(entries.is_empty(), "cache entries left: {entries:?}");
}

/// True while process `pid` exists (a zombie counts as gone).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
}

#[test]
fn regression_a_tshark_sleeping_at_version_is_killed_after_the_timeout() {
    let env = Env::new();
    let t = fake(&env, "tshark", "sleep 30", true);
    let (code, err, secs) = run(&env, &t, &["--tshark-timeout", "1"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("no output for 1 s"), "{err}");
    assert!(secs < 10.0, "took {secs} s");
}

#[test]
fn regression_a_tshark_silent_before_or_during_its_output_is_killed() {
    let env = Env::new();
    // before any output, and after one line (half a row: no newline yet)
    for (name, body) in [
        ("before", "sleep 30"),
        ("during", "printf '1\\t2'; sleep 30"),
    ] {
        let t = fake(&env, name, body, false);
        let (code, err, secs) = run(&env, &t, &["--tshark-timeout", "1"]);
        assert_eq!(code, 4, "{name}: {err}");
        assert!(
            err.contains("tshark failed: no output for 1 s"),
            "{name}: {err}"
        );
        assert!(err.contains("killed"), "{name}: {err}");
        assert!(secs < 10.0, "{name}: took {secs} s");
        no_cache_entry(&env);
    }
}

#[test]
fn regression_the_timeout_comes_from_the_config_file_too() {
    let env = Env::new();
    let t = fake(&env, "tshark", "sleep 30", false);
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "tshark_timeout = 1\n").unwrap();
    let (code, err, secs) = run(&env, &t, &["--config", s(&cfg)]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("no output for 1 s"), "{err}");
    assert!(secs < 10.0, "took {secs} s");
    let shown = env
        .stdout(&["--config", s(&cfg), "config", "show"])
        .lines()
        .find(|l| l.starts_with("tshark_timeout"))
        .map(str::to_string);
    assert_eq!(shown.as_deref(), Some("tshark_timeout = 1  # config file"));
    // out of range, in the file and on the command line: refused (exit 2)
    std::fs::write(&cfg, "backend = \"native\"\ntshark_timeout = 0\n").unwrap();
    let out = env
        .cmd()
        .args(["--config", s(&cfg), "config", "show"])
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(
        e.contains("line 2: tshark_timeout: 0 is out of range"),
        "{e}"
    );
    let out = env
        .cmd()
        .args(["--tshark-timeout", "0", "config", "show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn regression_the_whole_process_group_is_killed() {
    let env = Env::new();
    let pids = env.dir.path().join("pids");
    // tshark starts a helper (same process group) and both go quiet
    let body = format!("sleep 300 & echo $! > {}; sleep 300", s(&pids));
    let t = fake(&env, "tshark", &body, false);
    let (code, err, secs) = run(&env, &t, &["--tshark-timeout", "1"]);
    assert_eq!(code, 4, "{err}");
    assert!(secs < 10.0, "took {secs} s");
    let pid: u32 = std::fs::read_to_string(&pids)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!alive(pid), "the grandchild {pid} survived");
}

/// A tshark whose child keeps stdout and stderr open after tshark itself exited used to hang
/// us forever; its output is complete, and the result is the real one (checked against the
/// native backend).
#[test]
fn regression_a_grandchild_holding_the_pipes_does_not_hang_us() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let pids = env.dir.path().join("pids");
    let capture = fixture("mptcp-resets.pcap");
    let native = env.stdout(&["list", "tcp", "-f", "csv", s(&capture)]);
    // in the group, and out of it (setsid: out of our reach, left behind; its pid is killed
    // at the end of the test)
    for (name, spawn) in [("group", "sleep 300"), ("setsid", "setsid sleep 20")] {
        let body = format!(
            "{spawn} & echo $! > {}\nexec /usr/bin/tshark \"$@\"",
            s(&pids)
        );
        let t = fake(&env, name, &body, false);
        let start = Instant::now();
        let out = env
            .cmd()
            .args(["--no-cache", "--backend", "tshark", "--tshark", s(&t)])
            .args(["list", "tcp", "-f", "csv", s(&capture)])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let secs = start.elapsed().as_secs_f64();
        let pid: u32 = std::fs::read_to_string(&pids)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let _ = std::process::Command::new("kill")
            .arg(pid.to_string())
            .status();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), native, "{name}");
        assert!(secs < 15.0, "{name}: took {secs} s");
    }
}

#[test]
fn regression_huge_version_stderr_or_lines_are_bounded() {
    let env = Env::new();
    let cases = [
        // (name, body, version too, expected cause)
        (
            "version",
            "yes 'TShark (Wireshark) 4.0.17' | head -c 100000000",
            true,
            "`--version` output longer than",
        ),
        (
            "stderr",
            "yes 'tshark: warning' | head -c 100000000 >&2",
            false,
            "error output longer than",
        ),
        (
            "tabs",
            "yes '' | tr '\\n' '\\t' | head -c 100000000",
            false,
            "an output line longer than",
        ),
    ];
    for (name, body, version_too, cause) in cases {
        let t = fake(&env, name, body, version_too);
        let (code, err, secs) = run(&env, &t, &["--tshark-timeout", "5"]);
        assert_eq!(code, 4, "{name}: {err}");
        assert!(err.contains(cause), "{name}: {err}");
        assert!(err.contains("killed"), "{name}: {err}");
        assert!(secs < 20.0, "{name}: took {secs} s");
        no_cache_entry(&env);
    }
}

/// A FIFO named as the config file made every command wait for a writer forever.
#[test]
fn regression_a_fifo_as_config_file_is_refused_at_once() {
    let env = Env::new();
    let fifo = env.dir.path().join("config.fifo");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(ok.success());
    let start = Instant::now();
    let out = env
        .cmd()
        .args(["--config", s(&fifo), "config", "show"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{}: not a regular file", fifo.display())),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    // through the environment variable too
    let out = env
        .cmd()
        .env("MPTCPANALYZER_CONFIG", &fifo)
        .args(["config", "show"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
