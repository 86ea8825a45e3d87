//! Parquet output (docs/scale.md) read back by real consumers: pyarrow compares every cell with
//! the CSV of the same capture, DuckDB and polars query a dataset of several captures, and the
//! recipes of docs/scale.md run as written. The Python with pyarrow, duckdb and polars is
//! `MPTCPANALYZER_TEST_PYTHON`, else the first of `python3` on PATH and `/usr/bin/python3` that
//! imports the three (.ci/run installs them); none: skipped, or a failure under CI=true.

use crate::util::{fixture, s, skip, Env};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Compares a Parquet file with a CSV cell by cell; prints "ok ROWS COLS" then "name type" lines.
const CHECK: &str = include_str!("parquet_check.py");

const FIXTURES: [&str; 3] = [
    "mptcp-lossy.pcap",
    "mptcp-v6-two-subflows.pcap",
    "mptcp-addr-events.pcap",
];

/// A Python that imports pyarrow, duckdb and polars.
fn python() -> Option<&'static str> {
    static PY: OnceLock<Option<String>> = OnceLock::new();
    let found = PY.get_or_init(|| {
        let mut candidates = Vec::new();
        if let Ok(p) = std::env::var("MPTCPANALYZER_TEST_PYTHON") {
            candidates.push(p);
        }
        candidates.extend(["python3".to_string(), "/usr/bin/python3".to_string()]);
        candidates.into_iter().find(|py| {
            std::process::Command::new(py)
                .args(["-c", "import pyarrow, duckdb, polars"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
    });
    if found.is_none() {
        skip("no python3 with pyarrow, duckdb and polars (pip install pyarrow duckdb polars; .ci/run does)");
    }
    found.as_deref()
}

/// Run `script` with `args`; its stdout, asserting success.
fn py(python: &str, script: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Check `parquet` against `csv` cell for cell; the Arrow type of each column.
fn same_cells(python: &str, parquet: &Path, csv: &Path) -> BTreeMap<String, String> {
    let out = py(python, CHECK, &[s(parquet), s(csv)]);
    let mut lines = out.lines();
    let first = lines.next().unwrap();
    let rows = std::fs::read_to_string(csv).unwrap().lines().count() - 1;
    assert!(first.starts_with(&format!("ok {rows} ")), "{first}");
    lines
        .map(|l| {
            let (n, t) = l.split_once(' ').unwrap();
            (n.to_string(), t.to_string())
        })
        .collect()
}

#[test]
fn pcap2csv_parquet_is_the_csv_cell_for_cell_with_real_types() {
    let Some(python) = python() else { return };
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    for name in FIXTURES {
        let cap = fixture(name);
        let pq = dir.path().join(name.replace(".pcap", ".parquet"));
        let csv = dir.path().join(name.replace(".pcap", ".csv"));
        env.stdout(&["pcap2csv", s(&cap), "-f", "parquet", "-o", s(&pq)]);
        env.stdout(&["pcap2csv", s(&cap), "-o", s(&csv)]);
        let types = same_cells(python, &pq, &csv);
        let header = std::fs::read_to_string(&csv).unwrap();
        let columns = header.lines().next().unwrap().split(',').count();
        assert_eq!(types.len(), columns, "{name}");
        for (col, ty) in [
            ("frame", "uint64"),
            ("abs_time_ns", "timestamp[ns, tz=UTC]"),
            ("rel_time_ns", "int64"),
            ("src_ip", "string"),
            ("tcp_options", "list<element: uint64 not null>"),
            ("reinjected_in", "list<element: uint64 not null>"),
            ("sender_key", "uint64"),
            ("backup", "bool"),
            ("seq", "int64"),
            ("wscale", "uint64"),
            ("rwnd", "uint64"),
        ] {
            assert_eq!(types[col], ty, "{name}: {col}");
        }
        // to stdout: the same file
        let out = env
            .cmd()
            .args(["pcap2csv", s(&cap), "-f", "parquet"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(out.stdout, std::fs::read(&pq).unwrap(), "{name}");
    }
    // one file of several captures: the joined CSV (its `capture` column first), cell for cell
    let caps: Vec<PathBuf> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let all: Vec<&str> = caps.iter().map(|c| s(c)).collect();
    let pq = dir.path().join("all.parquet");
    let csv = dir.path().join("all.csv");
    let mut args = vec!["pcap2csv", "-f", "parquet", "-o", s(&pq)];
    args.extend(&all);
    env.stdout(&args);
    let mut args = vec!["pcap2csv", "-o", s(&csv)];
    args.extend(&all);
    env.stdout(&args);
    let types = same_cells(python, &pq, &csv);
    assert_eq!(types["capture"], "string");
    assert_eq!(types["abs_time_ns"], "timestamp[ns, tz=UTC]");
    // a connection filter keeps its meaning
    let cap = fixture("mptcp-lossy.pcap");
    let pq = dir.path().join("tcp1.parquet");
    let csv = dir.path().join("tcp1.csv");
    env.stdout(&[
        "pcap2csv",
        s(&cap),
        "--tcp",
        "1",
        "-f",
        "parquet",
        "-o",
        s(&pq),
    ]);
    env.stdout(&["pcap2csv", s(&cap), "--tcp", "1", "-o", s(&csv)]);
    same_cells(python, &pq, &csv);
}

#[test]
fn list_and_stats_parquet_are_their_csv_cell_for_cell() {
    let Some(python) = python() else { return };
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let caps: Vec<PathBuf> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let one = vec![s(&caps[0])];
    let all: Vec<&str> = caps.iter().map(|c| s(c)).collect();
    for (i, args) in [
        vec!["list", "tcp"],
        vec!["list", "mptcp"],
        vec!["stats", "tcp"],
        vec!["stats", "mptcp"],
    ]
    .into_iter()
    .enumerate()
    {
        for (k, caps) in [&one, &all].into_iter().enumerate() {
            let run = |format: &str| {
                let out = env
                    .cmd()
                    .args(&args)
                    .args(caps)
                    .args(["-f", format])
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{args:?} {format}");
                out.stdout
            };
            let pq = dir.path().join(format!("{i}-{k}.parquet"));
            let csv = dir.path().join(format!("{i}-{k}.csv"));
            std::fs::write(&pq, run("parquet")).unwrap();
            std::fs::write(&csv, run("csv")).unwrap();
            let types = same_cells(python, &pq, &csv);
            assert_eq!(types.contains_key("capture"), caps.len() > 1, "{args:?}");
            // -o FILE: the same file
            let file = dir.path().join(format!("{i}-{k}-o.parquet"));
            let o = env
                .cmd()
                .args(&args)
                .args(caps)
                .args(["-f", "parquet", "-o", s(&file)])
                .output()
                .unwrap();
            assert!(o.status.success() && o.stdout.is_empty(), "{args:?} -o");
            assert_eq!(std::fs::read(&file).unwrap(), std::fs::read(&pq).unwrap());
        }
        // -o DIR/: a dataset, one file per capture with the `capture` column, each that
        // capture's CSV rows cell for cell
        let out = dir.path().join(format!("dataset-{i}"));
        let o = env
            .cmd()
            .args(&args)
            .args(&all)
            .args(["-f", "parquet", "-o", &format!("{}/", out.display())])
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?} -o DIR/");
        for c in &caps {
            let csv = env.stdout(&[&args[..], &[s(c), "-f", "csv"]].concat());
            let mut lines = csv.lines();
            let mut tagged = format!("capture,{}\n", lines.next().unwrap());
            for l in lines {
                tagged += &format!("{},{l}\n", s(c));
            }
            let name = c.file_stem().unwrap().to_str().unwrap();
            let oracle = dir.path().join(format!("{i}-{name}.csv"));
            std::fs::write(&oracle, tagged).unwrap();
            same_cells(python, &out.join(format!("{name}.parquet")), &oracle);
        }
    }
}

/// Rows, payload bytes and reinjected payload bytes per (capture, tcp_stream), from the CSV
/// of each capture (the oracle of the DuckDB queries).
fn from_csv(env: &Env, caps: &[PathBuf], labels: &[String]) -> Vec<(String, u64, u64, u64, u64)> {
    from_csv_in(env, caps, labels, None)
}

/// [`from_csv`] with the reinjection count as the third figure instead of the row count.
fn reinjections_from_csv(
    env: &Env,
    caps: &[PathBuf],
    labels: &[String],
) -> Vec<(String, u64, u64, u64)> {
    from_csv_in(env, caps, labels, Some(()))
        .into_iter()
        .map(|(c, st, n, _, rb)| (c, st, n, rb))
        .collect()
}

fn from_csv_in(
    env: &Env,
    caps: &[PathBuf],
    labels: &[String],
    count_reinjections: Option<()>,
) -> Vec<(String, u64, u64, u64, u64)> {
    let mut v = Vec::new();
    for (c, label) in caps.iter().zip(labels) {
        let text = env.stdout(&["pcap2csv", s(c)]);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let h = r.headers().unwrap().clone();
        let col = |n: &str| h.iter().position(|x| x == n).unwrap();
        let (stream, len, re) = (col("tcp_stream"), col("payload_len"), col("reinjection_of"));
        let mut per: BTreeMap<u64, (u64, u64, u64)> = BTreeMap::new();
        for row in r.records() {
            let row = row.unwrap();
            let e = per.entry(row[stream].parse().unwrap()).or_default();
            let l: u64 = row[len].parse().unwrap();
            let reinjection = !row[re].is_empty();
            if count_reinjections.is_none() || reinjection {
                e.0 += 1;
            }
            e.1 += l;
            if reinjection {
                e.2 += l;
            }
        }
        for (st, (n, b, rb)) in per {
            v.push((label.clone(), st, n, b, rb));
        }
    }
    v.sort();
    v
}

const QUERY: &str = r#"
import duckdb, sys
rows = duckdb.sql(f"""
    SELECT capture, tcp_stream, count(*), sum(payload_len),
           coalesce(sum(payload_len) FILTER (WHERE len(reinjection_of) > 0), 0)
    FROM read_parquet('{sys.argv[1]}')
    GROUP BY capture, tcp_stream ORDER BY capture, tcp_stream""").fetchall()
for r in rows:
    print("\t".join(str(x) for x in r))
"#;

fn query(python: &str, glob: &str) -> Vec<(String, u64, u64, u64, u64)> {
    py(python, QUERY, &[glob])
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let n = |i: usize| f[i].parse::<u64>().unwrap();
            (f[0].to_string(), n(1), n(2), n(3), n(4))
        })
        .collect()
}

#[test]
fn duckdb_queries_a_parquet_dataset_of_several_captures() {
    let Some(python) = python() else { return };
    let env = Env::new();
    let caps: Vec<PathBuf> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let labels: Vec<String> = caps.iter().map(|c| s(c).to_string()).collect();
    let expected = from_csv(&env, &caps, &labels);
    // mptcp-lossy has reinjections: the query's third sum is not trivially zero
    assert!(expected.iter().any(|r| r.4 > 0));

    // -o DIR: a dataset, one file per capture, each with its capture column
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["pcap2csv", "-f", "parquet", "-o", s(dir.path())];
    args.extend(labels.iter().map(String::as_str));
    env.stdout(&args);
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "mptcp-addr-events.parquet",
            "mptcp-lossy.parquet",
            "mptcp-v6-two-subflows.parquet"
        ]
    );
    let glob = format!("{}/*.parquet", s(dir.path()));
    assert_eq!(query(python, &glob), expected);

    // one file of several captures: the same rows
    let one = dir.path().join("all.parquet.out");
    let mut args = vec!["pcap2csv", "-f", "parquet", "-o", s(&one)];
    args.extend(labels.iter().map(String::as_str));
    env.stdout(&args);
    assert_eq!(query(python, s(&one)), expected);

    // a directory of captures as CAPTURE: its captures in name order, labelled by their paths
    let runs = tempfile::tempdir().unwrap();
    let mut linked = Vec::new();
    for (i, c) in caps.iter().enumerate() {
        let l = runs.path().join(format!("run{i}.pcap"));
        std::os::unix::fs::symlink(c, &l).unwrap();
        linked.push(l);
    }
    std::fs::write(runs.path().join("notes.txt"), "not a capture").unwrap();
    let out = tempfile::tempdir().unwrap();
    env.stdout(&[
        "pcap2csv",
        "-f",
        "parquet",
        s(runs.path()),
        "-o",
        s(out.path()),
    ]);
    let link_labels: Vec<String> = linked.iter().map(|l| s(l).to_string()).collect();
    let glob = format!("{}/*.parquet", s(out.path()));
    assert_eq!(query(python, &glob), from_csv(&env, &caps, &link_labels));
}

#[test]
fn a_new_dataset_directory_appears_complete_or_not_at_all() {
    let Some(python) = python() else { return };
    let env = Env::new();
    let caps: Vec<PathBuf> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let work = tempfile::tempdir().unwrap();
    let junk = work.path().join("junk.pcap");
    std::fs::write(&junk, b"not a capture\n").unwrap();
    // `-o DIR/`, DIR new: made beside, renamed when done; the bad capture is named, skipped
    let ds = work.path().join("ds");
    let out = env
        .cmd()
        .args([
            "pcap2csv",
            "-f",
            "parquet",
            s(&caps[0]),
            s(&junk),
            s(&caps[1]),
        ])
        .args(["-o", &format!("{}/", s(&ds))])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}: ", s(&junk))), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // no temporary directory left beside it
    assert_eq!(names, ["ds", "junk.pcap"]);
    let labels: Vec<String> = [&caps[0], &caps[1]]
        .iter()
        .map(|c| s(c).to_string())
        .collect();
    let glob = format!("{}/*.parquet", s(&ds));
    assert_eq!(
        query(python, &glob),
        from_csv(&env, &[caps[0].clone(), caps[1].clone()], &labels)
    );
    // nothing written: no directory
    let none = work.path().join("none");
    let out = env
        .cmd()
        .args(["pcap2csv", "-f", "parquet", s(&junk), s(&junk), "-o"])
        .arg(format!("{}/", s(&none)))
        .output()
        .unwrap();
    // the same name twice is refused before anything is read
    assert_eq!(out.status.code(), Some(2));
    let out = env
        .cmd()
        .args(["pcap2csv", "-f", "parquet", s(&junk), "-o"])
        .arg(format!("{}/", s(&none)))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(!none.exists());
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 2);
}

/// The fenced blocks of the "### Recipes" section of docs/scale.md: (language, text).
fn recipes() -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(crate::util::root().join("docs/scale.md")).unwrap();
    let section = doc.split("### Recipes").nth(1).expect("a Recipes section");
    let section = section.split("\n## ").next().unwrap();
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(l) = lines.next() {
        if let Some(lang) = l.strip_prefix("```").filter(|x| !x.is_empty()) {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            blocks.push((lang.to_string(), body.join("\n") + "\n"));
        }
    }
    blocks
}

/// Rows printed tab-separated, as (capture, tcp_stream, a, b) with missing sums as 0.
fn rows4(text: &str) -> Vec<(String, u64, u64, u64)> {
    text.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{l}");
            let n = |i: usize| match f[i] {
                "None" => 0,
                x => x.parse::<u64>().unwrap_or_else(|_| panic!("{l}")),
            };
            (f[0].to_string(), n(1), n(2), n(3))
        })
        .collect()
}

#[test]
fn docs_scale_recipes_run_as_written() {
    let Some(python) = python() else { return };
    let env = Env::new();
    let work = tempfile::tempdir().unwrap();
    let runs = work.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    let mut caps = Vec::new();
    let mut labels = Vec::new();
    for (i, f) in FIXTURES.iter().enumerate() {
        let l = runs.join(format!("run{i}.pcap"));
        std::os::unix::fs::symlink(fixture(f), &l).unwrap();
        caps.push(l);
        labels.push(format!("runs/run{i}.pcap"));
    }
    let blocks = recipes();
    let langs: Vec<&str> = blocks.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(langs, ["console", "sql", "python", "sql", "python"]);

    // the commands, run in the directory holding runs/
    for line in blocks[0].1.lines() {
        let cmd = line
            .strip_prefix("$ mptcpanalyzer ")
            .expect("a command line");
        let (args, to) = match cmd.split_once(" > ") {
            Some((a, f)) => (a, Some(f)),
            None => (cmd, None),
        };
        let out = env
            .cmd()
            .current_dir(work.path())
            .args(args.split_whitespace())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(f) = to {
            std::fs::write(work.path().join(f), &out.stdout).unwrap();
        }
    }
    let run_py = |code: &str| {
        let out = std::process::Command::new(python)
            .current_dir(work.path())
            .arg("-c")
            .arg(code)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{code}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let sql = |q: &str| {
        let code = format!(
            "import duckdb\nfor r in duckdb.sql({q:?}).fetchall():\n    print('\\t'.join(str(x) for x in r))\n"
        );
        rows4(&run_py(&code))
    };

    // the oracle: reinjected segments and their payload per subflow, from each capture's CSV
    let expected = reinjections_from_csv(&env, &caps, &labels);
    assert!(expected.iter().any(|r| r.2 > 0 && r.3 > 0));
    assert_eq!(sql(&blocks[1].1), expected, "the DuckDB recipe");

    // polars: the block as written (it prints its frame), then its rows
    let code = format!(
        "{}\nprint('--rows--')\nfor r in reinjected.iter_rows():\n    print('\\t'.join(str(x) for x in r))\n",
        blocks[2].1
    );
    let out = run_py(&code);
    let rows = out.split("--rows--\n").nth(1).unwrap();
    assert_eq!(rows4(rows), expected, "the polars recipe");

    // the stats table: the same reinjection counts; the bytes as `stats -f json` gives them
    let from_stats = sql(&blocks[3].1);
    let counts: Vec<(String, u64, u64)> =
        from_stats.iter().map(|r| (r.0.clone(), r.1, r.2)).collect();
    let want: Vec<(String, u64, u64)> = expected.iter().map(|r| (r.0.clone(), r.1, r.2)).collect();
    assert_eq!(counts, want, "the stats recipe");
    let mut bytes = Vec::new();
    for (c, label) in caps.iter().zip(&labels) {
        let v = env.json(&["stats", "mptcp", s(c), "-f", "json"]);
        let mut per: BTreeMap<u64, u64> = BTreeMap::new();
        for conn in v.as_array().unwrap() {
            for dir in ["to_server", "to_client"] {
                for sf in conn[dir]["subflows"].as_array().into_iter().flatten() {
                    *per.entry(sf["tcp_stream"].as_u64().unwrap()).or_default() +=
                        sf["reinjections_bytes"].as_u64().unwrap();
                }
            }
        }
        bytes.extend(per.into_iter().map(|(st, b)| (label.clone(), st, b)));
    }
    let got: Vec<(String, u64, u64)> = from_stats.iter().map(|r| (r.0.clone(), r.1, r.3)).collect();
    assert_eq!(got, bytes, "the stats recipe's bytes");

    // the PySpark recipe is documented, not run (no Java here)
    assert!(blocks[4].1.contains("pyspark"));
}

/// One Parquet file of several captures is their own files' row groups copied (no second
/// path from the cells to Parquet): cell for cell the joined CSV; its row groups, in order,
/// those of each capture (a capture of more than 65,536 packets has two), each equal to the
/// capture's file in a dataset.
#[test]
fn a_joined_parquet_file_is_each_captures_row_groups_in_order() {
    let Some(python) = python() else { return };
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    // 383 TCP packets (399 frames), 180 times: 68,940 rows, more than one row group
    let big = dir.path().join("big.pcap");
    crate::util::repeated_capture(&big, "mptcp-v4-two-subflows.pcap", 180);
    let caps = [big.clone(), fixture(FIXTURES[0]), fixture(FIXTURES[1])];
    let all: Vec<&str> = caps.iter().map(|c| s(c)).collect();
    let run = |extra: &[&str]| {
        let mut args = vec!["pcap2csv", "-j", "2"];
        args.extend(&all);
        args.extend(extra);
        env.stdout(&args);
    };
    let (pq, csv, ds) = (
        dir.path().join("all.parquet"),
        dir.path().join("all.csv"),
        dir.path().join("ds"),
    );
    run(&["-f", "parquet", "-o", s(&pq)]);
    run(&["-o", s(&csv)]);
    run(&["-f", "parquet", "-o", &format!("{}/", ds.display())]);
    same_cells(python, &pq, &csv);
    let rows: Vec<usize> = caps
        .iter()
        .map(|c| env.stdout(&["pcap2csv", s(c)]).lines().count() - 1)
        .collect();
    let one = env.stdout(&["pcap2csv", s(&fixture("mptcp-v4-two-subflows.pcap"))]);
    assert_eq!(rows[0], 180 * (one.lines().count() - 1));
    assert!(rows[0] > 65536);
    let mut want = vec![65536, rows[0] - 65536];
    want.extend(&rows[1..]);
    let parts: Vec<String> = caps
        .iter()
        .map(|c| {
            let n = c.file_stem().unwrap().to_str().unwrap();
            s(&ds.join(format!("{n}.parquet"))).to_string()
        })
        .collect();
    let script = r#"
import sys, pyarrow.parquet as pq
joined = pq.ParquetFile(sys.argv[1])
groups = [joined.metadata.row_group(i).num_rows for i in range(joined.num_row_groups)]
print(" ".join(map(str, groups)))
at = 0
for part in sys.argv[2:]:
    f = pq.ParquetFile(part)
    for i in range(f.num_row_groups):
        assert joined.read_row_group(at).equals(f.read_row_group(i)), (part, i)
        at += 1
assert at == joined.num_row_groups
print("same")
"#;
    let mut args = vec![s(&pq)];
    args.extend(parts.iter().map(String::as_str));
    let out = py(python, script, &args);
    let want: Vec<String> = want.iter().map(|n| n.to_string()).collect();
    assert_eq!(out, format!("{}\nsame\n", want.join(" ")));
}
