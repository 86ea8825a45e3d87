//! Scripting through a real shell: the README's own command lines, `jq` on 64-bit fields.
//! Oracles: ../shared/pcaps/README.md (MPTCP 0 of client_2: TCP 0, 1, 2, 6; keys
//! 14568871653868829995 / 12070231261294881532) and tshark 4.0's `mptcp.expected_idsn`.

use crate::util::{backends, fixture, pcap_records, root, s, shared_pcap, tcp_ports_flags, Env};
use std::path::{Path, PathBuf};
use std::process::Output;

/// The directory of the binary under test, to put first in PATH.
fn bin_dir() -> PathBuf {
    assert_cmd::cargo::cargo_bin("mptcpanalyzer")
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `bash -c SCRIPT` (with pipefail) in `cwd`, `mptcpanalyzer` found in PATH, isolated XDG dirs.
pub fn bash(env: &Env, cwd: &Path, script: &str) -> Output {
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("set -o pipefail\n{script}"))
        .current_dir(cwd)
        .env("PATH", path)
        .env("XDG_CACHE_HOME", env.dir.path().join("cache"))
        .env("XDG_CONFIG_HOME", env.config_home())
        .env("TMPDIR", tmpdir(env))
        .env_remove("MPTCPANALYZER_TSHARK")
        .env_remove("MPTCPANALYZER_CONFIG")
        .output()
        .unwrap()
}

/// The `$TMPDIR` of [`bash`]'s commands (created empty).
fn tmpdir(env: &Env) -> PathBuf {
    let d = env.dir.path().join("tmp");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run and return stdout, asserting success.
pub fn bash_ok(env: &Env, cwd: &Path, script: &str) -> String {
    let out = bash(env, cwd, script);
    assert!(
        out.status.success(),
        "`{script}` failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The README's `$ mptcpanalyzer ...` lines (console blocks), except the interactive shell.
fn readme_command_lines() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("$ "))
        .filter(|l| l.starts_with("mptcpanalyzer ") && !l.starts_with("mptcpanalyzer shell"))
        .map(str::to_string)
        .collect()
}

#[test]
fn readme_examples_run_as_written() {
    let Some(_) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let work = tempfile::tempdir().unwrap();
    // the README runs from the checkout, ../shared next to it; here from a scratch directory
    // (files it writes land there), with ../shared/ spelt out
    let shared = root().join("../shared/");
    let lines = readme_command_lines();
    assert!(lines.len() >= 5, "README command lines: {lines:?}");
    let mut seen_jq = 0;
    for line in &lines {
        let script = line.replace("../shared/", &format!("{}/", shared.display()));
        let out = bash_ok(&env, work.path(), &script);
        if line.contains(".subflows[].tcp_stream") {
            seen_jq += 1;
            assert_eq!(out, "0\n1\n2\n6\n", "{line}");
        } else if line.contains("client_key_str") {
            seen_jq += 1;
            assert_eq!(out, "14568871653868829995\n", "{line}");
        } else if line.contains("goodput_bit_s") {
            seen_jq += 1;
            // ../shared/pcaps/README.md: MPTCP 0 towards the server, 456 bytes over
            // 17.601526824 s, in bits per second
            let v: f64 = out.trim().parse().unwrap();
            assert!(
                (v - 456.0 * 8.0 / 17.601526824).abs() < 1e-9,
                "{line}: {out}"
            );
        } else if line.contains("-o ") {
            let file = line
                .rsplit("-o ")
                .next()
                .unwrap()
                .split(' ')
                .next()
                .unwrap();
            let meta = std::fs::metadata(work.path().join(file))
                .unwrap_or_else(|e| panic!("{line}: {file}: {e}"));
            assert!(meta.len() > 0, "{line}: {file} is empty");
        } else {
            assert!(!out.is_empty(), "{line}: no output");
        }
    }
    assert_eq!(seen_jq, 3, "README jq lines: {lines:?}");
    // conn0.csv: MPTCP 0's packets only, every row of one of its subflows
    let csv = std::fs::read_to_string(work.path().join("conn0.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let col = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "tcp_stream")
        .unwrap();
    let streams: std::collections::BTreeSet<String> =
        r.records().map(|x| x.unwrap()[col].to_string()).collect();
    assert_eq!(streams, ["0", "1", "2", "6"].map(String::from).into());
}

#[test]
fn jq_reads_64_bit_keys_and_idsns_exactly_from_the_string_fields() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        let script = format!(
            "mptcpanalyzer --backend {backend} list mptcp '{}' -f json | jq -r '.[0] | \
             .client_key_str, .server_key_str, .client_key_hex, .server_key_hex, \
             .client_idsn_str, (.client_key | type)'",
            pcap.display()
        );
        let out = bash_ok(&env, &root(), &script);
        let v: Vec<&str> = out.lines().collect();
        assert_eq!(v.len(), 6, "{backend}: {out}");
        assert_eq!(v[0], "14568871653868829995", "{backend}");
        assert_eq!(v[1], "12070231261294881532", "{backend}");
        assert_eq!(u64::from_str_radix(v[2], 16).unwrap(), 14568871653868829995);
        assert_eq!(u64::from_str_radix(v[3], 16).unwrap(), 12070231261294881532);
        assert_eq!(v[2].len(), 16);
        // tshark 4.0: mptcp.expected_idsn of MPTCP 0's client = 5947950023132234492
        assert_eq!(v[4], "5947950023132234492", "{backend}");
        // the integer field stays (fields are added, never removed)
        assert_eq!(v[5], "number", "{backend}");
    }
}

/// `-` and `/dev/stdin` on a pipe read the capture from standard input (spooled to a private
/// temporary file, removed at exit): the same result as the file itself, whose numbers are the
/// kernel manifest's (one MPTCP connection, 2 subflows, 200000 / 50000 bytes), both backends,
/// plain or gzip-compressed, one-pass and two-pass (pcap2csv) commands.
#[test]
fn a_capture_piped_into_dash_or_dev_stdin_is_read_like_the_file() {
    let env = Env::new();
    let f = fixture("mptcp-v4-two-subflows.pcap");
    let f = s(&f);
    for backend in backends() {
        let b = format!("mptcpanalyzer --backend {backend}");
        let from_file = bash_ok(&env, &root(), &format!("{b} list mptcp '{f}' -f json"));
        let cached = entries(&env.cache_dir());
        let v: serde_json::Value = serde_json::from_str(&from_file).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 1, "{backend}");
        assert_eq!(v[0]["subflows"].as_array().unwrap().len(), 2, "{backend}");
        for script in [
            format!("cat '{f}' | {b} list mptcp - -f json"),
            format!("cat '{f}' | {b} list mptcp /dev/stdin -f json"),
            format!("gzip -c '{f}' | {b} list mptcp - -f json"),
            format!("gzip -c '{f}' | zcat | {b} list mptcp - -f json"),
            format!("{b} list mptcp - -f json < '{f}'"),
        ] {
            assert_eq!(bash_ok(&env, &root(), &script), from_file, "{script}");
        }
        let stats_file = bash_ok(&env, &root(), &format!("{b} stats mptcp '{f}' 0 -f json"));
        let stats_pipe = bash_ok(
            &env,
            &root(),
            &format!("cat '{f}' | {b} stats mptcp - 0 -f json"),
        );
        assert_eq!(stats_pipe, stats_file, "{backend}: stats from a pipe");
        let csv_file = bash_ok(&env, &root(), &format!("{b} pcap2csv '{f}' --mptcp 0"));
        // the capture holds one MPTCP connection: every TCP record of the file is one of its rows
        let (lt, recs) = pcap_records(Path::new(f));
        let tcp = recs
            .iter()
            .filter(|(_, d, _)| tcp_ports_flags(lt, d).is_some())
            .count();
        assert_eq!(
            csv_file.lines().count(),
            tcp + 1,
            "{backend}: header + the file's TCP records"
        );
        let csv_pipe = bash_ok(
            &env,
            &root(),
            &format!("cat '{f}' | {b} pcap2csv - --mptcp 0"),
        );
        assert_eq!(csv_pipe, csv_file, "{backend}: pcap2csv from a pipe");
        // the spool is gone, nothing cached for a stream
        let left: Vec<_> = std::fs::read_dir(tmpdir(&env)).unwrap().collect();
        assert!(left.is_empty(), "{backend}: left in TMPDIR: {left:?}");
        assert_eq!(
            entries(&env.cache_dir()),
            cached,
            "{backend}: a stream was cached"
        );
    }
}

fn entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

/// Standard input that is empty or not a capture: one line naming `-`, exit 3, no spool left.
#[test]
fn bad_standard_input_names_dash() {
    let env = Env::new();
    for (script, want) in [
        (": | mptcpanalyzer list mptcp -", "-: empty file"),
        ("echo hello | mptcpanalyzer list tcp -", "-"),
    ] {
        let out = bash(&env, &root(), script);
        assert_eq!(out.status.code(), Some(3), "{script}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{script}: {err}");
        assert!(err.contains(want), "{script}: {err}");
        assert!(
            !err.contains(".mptcpanalyzer-"),
            "{script}: names the spool: {err}"
        );
        assert!(out.stdout.is_empty(), "{script}");
    }
    assert_eq!(std::fs::read_dir(tmpdir(&env)).unwrap().count(), 0);
}
