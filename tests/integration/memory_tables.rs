//! Memory of the `stats mptcp` table, of several captures, and of `-o DIR` by number of
//! connections (issue 14 item 9), through the command itself: each run is this test binary
//! again, in a process of its own ([`child`]), where the allocator counts the bytes of every
//! thread (the workers of several captures too) and their peak; the run is the command line's
//! (`run_to`) on synthetic captures of N and 4N sequential MPTCP connections (`gen_capture`,
//! 5 ms between frames, `linger_s = 1`: a few connections open or lingering at a time). The
//! difference of the peaks over the difference of the connections is what each further
//! finished connection costs.

use crate::memory::{Hashing, ALL_LIVE, ALL_PEAK};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

// the benchmarks' generator (it holds its own copy of the frame builders, `synth`)
#[path = "../../examples/gen_capture.rs"]
#[allow(dead_code, clippy::duplicate_mod)]
mod gen_capture;

/// The command line of the child's run, its arguments separated by US (0x1f).
const CHILD: &str = "MPA_MEMORY_TABLES_ARGS";
/// The connections of the two runs.
const CONNECTIONS: [u32; 2] = [1000, 4000];
/// What a further finished connection may cost at the peak through the command with the
/// native backend, bytes (each table run, several captures per connection): what streamed
/// `-f json` costs too (measured 1,682 B on one CPU: what the analysis keeps of a released
/// connection, mostly its Wireshark numbering: keys, tokens, the maps of streams and
/// connections), plus what a table keeps of it: measured 1,723 B for the summary table (its
/// row packed as text), 1,682 B with `--detail` and for `stats tcp` (blocks written as they
/// finish), 1,720-1,727 B per connection for two captures on two workers, 1,723-1,751 B for
/// two captures on two workers into `-o DIR`; 3.8-4.8 KB when tables are made of the loaded
/// capture (every record kept, as before), 2.7 KB when the streamed read keeps the records
/// (`release: false`).
const TABLE_B: f64 = 1900.0;
/// What a table may add to the streamed JSON, bytes (measured 41 B for the summary table).
const ROW_B: f64 = 120.0;

/// The capture of `n` connections of 2 subflows each, 30 frames each.
fn capture(dir: &Path, n: u32) -> PathBuf {
    use clap::Parser;
    let out = dir.join(format!("conns-{n}.pcap"));
    let args = gen_capture::Args::parse_from([
        "gen_capture".to_string(),
        format!("--packets={}", 30 * n as u64),
        format!("--connections={n}"),
        "--joins=1".into(),
        "--payload=100".into(),
        "--frame-us=5000".into(),
        format!("--out={}", out.display()),
    ]);
    gen_capture::run(&args).unwrap();
    // a second capture of the same connections, under another name (CAPTURE2)
    std::fs::copy(&out, second(&out)).unwrap();
    out
}

/// The copy of `capture` that CAPTURE2 names.
fn second(capture: &Path) -> PathBuf {
    capture.with_extension("b.pcap")
}

/// The run of one command in the child: prints its peak (every thread's bytes, above those
/// held before it).
#[test]
#[ignore = "a child run of the tests below (a process of its own)"]
fn child() {
    let Ok(args) = std::env::var(CHILD) else {
        return;
    };
    let argv: Vec<&str> = args.split('\u{1f}').collect();
    let cli = mptcpanalyzer::cli::try_parse_from(&argv).unwrap();
    let base = ALL_LIVE.load(Ordering::Relaxed);
    ALL_PEAK.store(base, Ordering::Relaxed);
    let mut out = Hashing(std::hash::DefaultHasher::new());
    mptcpanalyzer::cli::commands::run_to(cli, &mut out).unwrap();
    let peak = ALL_PEAK.load(Ordering::Relaxed) - base;
    println!("\nMPA_PEAK={peak}");
}

/// The peak bytes of `stats ARGS` run by the child, with `linger_s = 1`.
fn peak(dir: &Path, args: &[&str]) -> f64 {
    let config = dir.join("linger.toml");
    std::fs::write(&config, "linger_s = 1\n").unwrap();
    let mut argv = vec![
        "mptcpanalyzer",
        "--no-cache",
        "--no-progress",
        "-q",
        "--config",
    ];
    let config = config.to_str().unwrap();
    argv.push(config);
    argv.push("stats");
    argv.extend_from_slice(args);
    // on one CPU (`taskset`, util-linux, Essential in Debian): the statistics read then has no
    // dissection thread (`stats` starts one only with a core to spare). With it, the peak of
    // the same run at 4,000 connections came out 1.3 MB apart from run to run (whether a
    // transient met the peak: 1,253 or 1,691 B per further connection for `-f json`), which
    // no slope can tell from a connection's cost; the thread's own memory is a fixed pool of
    // batches, the same for every capture (`input::native::ahead`). `-j 2` still runs two
    // workers.
    let out = std::process::Command::new("taskset")
        .args(["-c", "0"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "memory_tables::child",
            "--ignored",
            "--nocapture",
        ])
        .args(["--test-threads", "1"])
        .env(CHILD, argv.join("\u{1f}"))
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, tail) = text
        .split_once("MPA_PEAK=")
        .unwrap_or_else(|| panic!("no peak in {text}"));
    tail.split_whitespace().next().unwrap().parse().unwrap()
}

/// The cost at the peak of each further connection of `stats ARGS` (CAPTURE in ARGS: the
/// capture of N, then 4N connections).
fn slope(dir: &Path, caps: &[PathBuf; 2], args: &[&str], per_run: u32) -> f64 {
    let peaks: Vec<f64> = caps
        .iter()
        .map(|c| {
            let c2 = second(c);
            let (c, c2) = (c.to_str().unwrap(), c2.to_str().unwrap());
            let a: Vec<&str> = args
                .iter()
                .map(|a| match *a {
                    "CAPTURE" => c,
                    "CAPTURE2" => c2,
                    a => a,
                })
                .collect();
            peak(dir, &a)
        })
        .collect();
    let conns = per_run as f64 * (CONNECTIONS[1] - CONNECTIONS[0]) as f64;
    let per_conn = (peaks[1] - peaks[0]) / conns;
    eprintln!("stats {args:?}: peaks {peaks:?} B: {per_conn:.0} B per further connection");
    per_conn
}

/// The table of `stats mptcp` (issue 14 item 9): written as the connections finish, the
/// analysis releasing each finished connection's records, as streamed `-f json` is; so each
/// further finished connection costs its summary row and the numbering (TABLE_B), for one
/// capture, for two (per connection, on two workers), and with `--detail` (DETAIL_B).
/// Mutation checks: the table made of the loaded capture (`streams` false for tables), or the
/// records kept (`release: false` in the command's streamed read), costs more than TABLE_B.
#[test]
fn tables_cost_their_rows_and_the_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let caps = CONNECTIONS.map(|n| capture(dir.path(), n));
    let json = slope(dir.path(), &caps, &["mptcp", "CAPTURE", "-f", "json"], 1);
    let one = slope(dir.path(), &caps, &["mptcp", "CAPTURE"], 1);
    let detail = slope(dir.path(), &caps, &["mptcp", "CAPTURE", "--detail"], 1);
    let tcp = slope(dir.path(), &caps, &["tcp", "CAPTURE"], 1);
    let two = slope(
        dir.path(),
        &caps,
        &["mptcp", "-j", "2", "CAPTURE", "CAPTURE"],
        2,
    );
    let dir_out = dir.path().join("out/");
    let to_dir = slope(
        dir.path(),
        &caps,
        &[
            "mptcp",
            "-j",
            "2",
            "CAPTURE",
            "CAPTURE2",
            "-o",
            dir_out.to_str().unwrap(),
        ],
        2,
    );
    for (what, b) in [
        ("table", one),
        ("--detail", detail),
        ("tcp", tcp),
        ("two captures", two),
        ("-o DIR", to_dir),
    ] {
        assert!(
            b <= TABLE_B,
            "{what}: {b:.0} B per further connection (at most {TABLE_B} B)"
        );
        assert!(
            b <= json + ROW_B,
            "{what}: {b:.0} B per further connection, {json:.0} B streamed as JSON"
        );
    }
}
