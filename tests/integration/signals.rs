//! Signals and leftovers (issue 14 item 10): SIGINT/SIGTERM remove our temporary files, kill
//! tshark and exit 130/143, the target file is never partial; what SIGKILL left is removed by
//! the next run and by `cache clear`.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn big_capture(dst: &Path, copies: u64) {
    repeated_capture(dst, "mptcp-v4-two-subflows.pcap", copies);
}

/// Names in `dir` (sorted), or nothing when it does not exist.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn ours(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with(".mptcpanalyzer-"))
        .collect()
}

/// Wait (up to 60 s) until `ready` holds, panicking with `what` otherwise.
fn wait_for(what: &str, child: &mut Child, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{what}: the run ended first ({status})");
        }
        assert!(start.elapsed() < Duration::from_secs(60), "{what}: timeout");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The PIDs of the running tshark children of `parent` reading a capture (`-r`).
fn tshark_children(parent: u32) -> Vec<u32> {
    let mut v = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ...
        let after = &stat[stat.rfind(')').map_or(0, |i| i + 1)..];
        let mut f = after.split_whitespace();
        let (state, ppid) = (f.next(), f.next().and_then(|p| p.parse::<u32>().ok()));
        let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        if ppid == Some(parent)
            && state != Some("Z")
            && cmdline.split(|b| *b == 0).any(|a| a == b"-r")
        {
            v.push(pid);
        }
    }
    v
}

/// Whether `pid` is gone (or a zombie waiting for init).
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => {
            stat[stat.rfind(')').unwrap() + 1..]
                .split_whitespace()
                .next()
                == Some("Z")
        }
    }
}

struct Run {
    env: Env,
    tmp: PathBuf,
    out: PathBuf,
    big: PathBuf,
}

impl Run {
    fn new(copies: u64) -> Run {
        let env = Env::new();
        let tmp = env.dir.path().join("tmp");
        let out = env.dir.path().join("out");
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        let big = env.dir.path().join("big.pcap");
        big_capture(&big, copies);
        Run { env, tmp, out, big }
    }

    fn spawn(&self, args: &[&str]) -> Child {
        let bin = assert_cmd::cargo::cargo_bin("mptcpanalyzer");
        Command::new(bin)
            .args(args)
            .env("XDG_CACHE_HOME", self.env.dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", self.env.config_home())
            .env("TMPDIR", &self.tmp)
            .env_remove("MPTCPANALYZER_TSHARK")
            .env_remove("MPTCPANALYZER_CONFIG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig}");
}

/// Regression (issue 14 item 10): Ctrl-C or SIGTERM in the middle of `pcap2csv -o` left a
/// hidden `.mptcpanalyzer-*.tmp` of the partial output in the output directory (1.43 GB after
/// 48 kills) and exited as the signal's default action. Now: exit 130/143, the directory as
/// it was (the old output intact), nothing of ours left in TMPDIR.
#[test]
fn regression_sigint_and_sigterm_leave_the_output_directory_as_it_was() {
    let run = Run::new(150);
    let target = run.out.join("rows.csv");
    std::fs::write(&target, "old content\n").unwrap();
    for (sig, code) in [("-INT", 130), ("-TERM", 143)] {
        let mut child = run.spawn(&["pcap2csv", s(&run.big), "-o", s(&target)]);
        wait_for("the staged output", &mut child, || {
            ours(&run.out).iter().any(|n| n.ends_with(".tmp"))
        });
        signal(&child, sig);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{sig}: {out:?}");
        assert_eq!(names(&run.out), ["rows.csv"], "{sig}");
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "old content\n",
            "{sig}"
        );
        assert_eq!(ours(&run.tmp), Vec::<String>::new(), "{sig}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("error"), "{sig}: {err}");
    }
}

/// Regression (issue 14 item 10): a signal during a `--backend tshark` read left tshark
/// running, its sandbox directory in TMPDIR and the cache entry's temp file in the cache
/// directory. Now tshark is killed, both are removed, no entry is written, exit 143.
#[test]
fn regression_sigterm_kills_tshark_and_removes_its_sandbox_and_cache_temp() {
    if !have_tshark() {
        return;
    }
    let run = Run::new(40);
    let cache = run.env.cache_dir();
    for (sig, code) in [("-TERM", 143), ("-INT", 130)] {
        let mut child = run.spawn(&["--backend", "tshark", "list", "tcp", s(&run.big)]);
        let mut tshark = Vec::new();
        let pid = child.id();
        wait_for("tshark reading the capture", &mut child, || {
            tshark = tshark_children(pid);
            !tshark.is_empty() && !ours(&cache).is_empty()
        });
        assert!(ours(&run.tmp)
            .iter()
            .any(|n| n.starts_with(".mptcpanalyzer-tshark-")));
        signal(&child, sig);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{sig}: {out:?}");
        let start = Instant::now();
        while !tshark.iter().all(|p| gone(*p)) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{sig}: tshark {tshark:?} still runs"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(names(&cache), Vec::<String>::new(), "{sig}");
        assert_eq!(ours(&run.tmp), Vec::<String>::new(), "{sig}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("tshark failed"), "{sig}: {err}");
    }
}

/// Set the modification time of `p` (file or directory) `secs` seconds back.
fn age(p: &Path, secs: u64) {
    let ok = Command::new("touch")
        .args(["-h", "-d", &format!("@{}", now_secs() - secs), s(p)])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Regression (issue 14 item 10): after SIGKILL (no handler runs) the staged output, the cache
/// temp file and the tshark sandbox stayed forever, and `cache clear` ignored them. Now the
/// next run removes those of ours whose process is gone (in the output directory it writes,
/// the cache directory and TMPDIR), and so does `cache clear`; a temp name of a live process,
/// a fresh one, or a name that is not ours is kept.
#[test]
fn regression_sigkill_leftovers_are_removed_by_the_next_run_and_cache_clear() {
    let run = Run::new(150);
    let target = run.out.join("rows.csv");
    let mut child = run.spawn(&["pcap2csv", s(&run.big), "-o", s(&target)]);
    wait_for("the staged output", &mut child, || {
        !ours(&run.out).is_empty()
    });
    signal(&child, "-KILL");
    child.wait().unwrap();
    let left = ours(&run.out);
    assert_eq!(left.len(), 1, "SIGKILL leaves the staged file: {left:?}");
    // what must stay: a live process's temp file (this test's PID), a name not ours
    let live = format!(".mptcpanalyzer-{}-abcdef.tmp", std::process::id());
    for keep in [live.as_str(), ".mptcpanalyzer-notes.txt"] {
        std::fs::write(run.out.join(keep), "x").unwrap();
        age(&run.out.join(keep), 3600);
    }
    // a fresh leftover of a dead process is kept too (it might be a run just starting in
    // another PID namespace): only older ones go
    let fresh = run.out.join(&left[0]);
    let small = fixture("mptcp-v4-two-subflows.pcap");
    let other = run.out.join("other.csv");
    run.env
        .cmd()
        .env("TMPDIR", &run.tmp)
        .args(["pcap2csv", s(&small), "-o", s(&other)])
        .assert()
        .success();
    assert!(fresh.exists(), "a fresh leftover is kept");
    age(&fresh, 120);
    let other2 = run.out.join("other2.csv");
    run.env
        .cmd()
        .env("TMPDIR", &run.tmp)
        .args(["pcap2csv", s(&small), "-o", s(&other2)])
        .assert()
        .success();
    let mut want = vec![
        live.clone(),
        ".mptcpanalyzer-notes.txt".to_string(),
        "other.csv".into(),
        "other2.csv".into(),
    ];
    want.sort();
    assert_eq!(names(&run.out), want);

    // cache dir and TMPDIR: leftovers of a killed run (a dead PID), removed by `cache clear`
    // and by the next run that uses them
    let dead = dead_pid();
    let cache = run.env.cache_dir();
    std::fs::create_dir_all(&cache).unwrap();
    let cache_tmp = cache.join(format!(".mptcpanalyzer-cache-{dead}-Xy12Zq.tmp"));
    std::fs::write(&cache_tmp, "partial").unwrap();
    age(&cache_tmp, 120);
    let sandbox = run.tmp.join(format!(".mptcpanalyzer-tshark-{dead}-Ab34Cd"));
    std::fs::create_dir_all(sandbox.join("profile")).unwrap();
    age(&sandbox, 120);
    let spool = run.tmp.join(format!(".mptcpanalyzer-spool-{dead}-Ef56Gh"));
    std::fs::create_dir_all(&spool).unwrap();
    std::fs::write(spool.join("stdin"), "x").unwrap();
    age(&spool, 120);
    let out = run
        .env
        .cmd()
        .env("TMPDIR", &run.tmp)
        .args(["cache", "clear"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(names(&cache), Vec::<String>::new());
    assert_eq!(ours(&run.tmp), Vec::<String>::new());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 stale temporary"), "{err}");
}

/// A PID that no process has (the PID of a finished child, checked).
fn dead_pid() -> u32 {
    let mut c = Command::new("true").spawn().unwrap();
    let pid = c.id();
    c.wait().unwrap();
    assert!(gone(pid));
    pid
}
