//! `list`, `stats` and `pcap2csv` over several captures (docs/scale.md): the same rows as one
//! run per capture, each tagged with its capture, in the order of the command line; a bad
//! capture among them is reported by name and the others are still printed.

use crate::util::{fixture, s, Env};
use serde_json::Value;
use std::path::PathBuf;

const FIXTURES: [&str; 4] = [
    "mptcp-lossy.pcap",
    "mptcp-v4-two-subflows.pcap",
    "mptcp-v6-two-subflows.pcap",
    "mixed-tcp-fallback.pcap",
];

fn captures() -> Vec<PathBuf> {
    FIXTURES.iter().map(|f| fixture(f)).collect()
}

fn manifest(capture: &str) -> Value {
    let m = fixture(&capture.replace(".pcap", ".json"));
    serde_json::from_slice(&std::fs::read(m).unwrap()).unwrap()
}

/// `args` with the captures spliced in place of "CAPS".
fn argv<'a>(args: &[&'a str], caps: &'a [PathBuf]) -> Vec<&'a str> {
    let mut v = Vec::new();
    for a in args {
        if *a == "CAPS" {
            v.extend(caps.iter().map(|c| s(c)));
        } else {
            v.push(*a);
        }
    }
    v
}

/// One run per capture, its rows tagged as a run over several captures tags them.
fn one_by_one_json(env: &Env, args: &[&str], caps: &[PathBuf]) -> Vec<Value> {
    let mut all = Vec::new();
    for c in caps {
        let one = [c.clone()];
        let rows = match env.json(&argv(args, &one)) {
            Value::Array(rows) => rows,
            v => vec![v],
        };
        for r in rows {
            let Value::Object(fields) = r else {
                panic!("not an object: {r}")
            };
            let mut m = serde_json::Map::new();
            m.insert("capture".into(), Value::from(s(c)));
            m.extend(fields);
            all.push(Value::Object(m));
        }
    }
    all
}

#[test]
fn list_json_of_several_captures_is_each_capture_rows_in_order() {
    let env = Env::new();
    let caps = captures();
    for kind in ["tcp", "mptcp"] {
        let args = ["list", kind, "-j", "2", "-f", "json", "CAPS"];
        let many = env.json(&argv(&args, &caps));
        let expected = one_by_one_json(&env, &["list", kind, "-f", "json", "CAPS"], &caps);
        assert_eq!(many, Value::Array(expected), "list {kind}");
    }
    // oracle: each capture's first TCP connection is the kernel manifest's first connection
    let many = env.json(&argv(&["list", "tcp", "-f", "json", "CAPS"], &caps));
    for (name, c) in FIXTURES.iter().zip(&caps) {
        let m = manifest(name);
        let first = many
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["capture"] == s(c) && r["tcp_stream"] == 0)
            .unwrap_or_else(|| panic!("{name}: no tcp_stream 0 row"));
        let want = &m["connections"][0]["client"];
        assert_eq!(first["client_ip"], want["ip"], "{name}");
        assert_eq!(first["client_port"], want["port"], "{name}");
    }
}

#[test]
fn stats_csv_of_several_captures_has_a_capture_column_and_the_same_rows() {
    let env = Env::new();
    let caps = captures();
    for kind in ["tcp", "mptcp"] {
        let many = env.stdout(&argv(&["stats", kind, "-f", "csv", "CAPS"], &caps));
        let mut lines = many.lines();
        let header = lines.next().unwrap();
        let mut expected = Vec::new();
        for c in &caps {
            let one = env.stdout(&["stats", kind, "-f", "csv", s(c)]);
            let mut l = one.lines();
            assert_eq!(header, format!("capture,{}", l.next().unwrap()), "{kind}");
            expected.extend(l.map(|row| format!("{},{row}", s(c))));
        }
        assert_eq!(lines.collect::<Vec<_>>(), expected, "stats {kind}");
        assert!(!expected.is_empty());
    }
}

#[test]
fn stats_of_one_connection_id_across_captures() {
    let env = Env::new();
    let caps = captures();
    let many = env.json(&argv(&["stats", "tcp", "-f", "json", "CAPS", "1"], &caps));
    let rows = many.as_array().unwrap();
    // every fixture has a TCP stream 1 (a join, or the second connection of mixed-tcp-fallback)
    assert_eq!(rows.len(), caps.len());
    for (r, c) in rows.iter().zip(&caps) {
        // stats JSON is always an array: here of the one connection asked for
        let one = env.json(&["stats", "tcp", "-f", "json", s(c), "1"]);
        let one = one.as_array().unwrap();
        assert_eq!(one.len(), 1, "{}", s(c));
        let one = one[0].as_object().unwrap();
        assert_eq!(r["capture"], s(c));
        assert_eq!(r["tcp_stream"], 1);
        for (k, v) in one.iter() {
            assert_eq!(&r[k], v, "{}: {k}", s(c));
        }
        assert_eq!(r.as_object().unwrap().len(), one.len() + 1, "{}", s(c));
    }
    // list takes an id the same way: connection 0 of each capture, its client from the manifest
    let many = env.json(&argv(&["list", "tcp", "-f", "json", "CAPS", "0"], &caps));
    let rows = many.as_array().unwrap();
    assert_eq!(rows.len(), caps.len());
    for ((r, c), name) in rows.iter().zip(&caps).zip(FIXTURES) {
        assert_eq!(r["capture"], s(c));
        assert_eq!(r["tcp_stream"], 0);
        let want = &manifest(name)["connections"][0]["client"];
        assert_eq!(r["client_ip"], want["ip"], "{name}");
        assert_eq!(r["client_port"], want["port"], "{name}");
    }
}

#[test]
fn tables_of_several_captures_have_a_header_per_capture() {
    let env = Env::new();
    let caps = captures();
    let many = env.stdout(&argv(&["list", "tcp", "-f", "table", "CAPS"], &caps));
    let mut expected = String::new();
    for (i, c) in caps.iter().enumerate() {
        if i > 0 {
            expected.push('\n');
        }
        expected.push_str(&format!("==> {} <==\n", s(c)));
        expected.push_str(&env.stdout(&["list", "tcp", "-f", "table", s(c)]));
    }
    assert_eq!(many, expected);
}

#[test]
fn a_bad_capture_among_several_is_named_and_the_others_still_printed() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.pcap");
    std::fs::write(&junk, b"this is not a capture file at all\n").unwrap();
    let missing = dir.path().join("missing.pcap");
    let good = captures();
    let caps = vec![
        good[0].clone(),
        junk.clone(),
        good[1].clone(),
        missing.clone(),
    ];
    let out = env
        .cmd()
        .args(argv(&["list", "tcp", "-f", "json", "CAPS"], &caps))
        .output()
        .unwrap();
    // the input error's exit code (3), as for one bad capture
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with(&format!("mptcpanalyzer: error: {}: ", s(&junk))),
        "{err}"
    );
    assert!(lines[0].contains("not a capture file"), "{err}");
    assert!(
        lines[1].starts_with(&format!("mptcpanalyzer: error: {}: ", s(&missing))),
        "{err}"
    );
    assert_eq!(
        lines[2],
        "mptcpanalyzer: error: 2 of 4 captures failed (reported above)"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let good_only = [good[0].clone(), good[1].clone()];
    let expected = one_by_one_json(&env, &["list", "tcp", "-f", "json", "CAPS"], &good_only);
    assert_eq!(v, Value::Array(expected));

    // the same for pcap2csv into a directory: the good captures' files are written
    let out_dir = tempfile::tempdir().unwrap();
    let out = env
        .cmd()
        .args(argv(&["pcap2csv", "CAPS", "-o", s(out_dir.path())], &caps))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let mut names: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["mptcp-lossy.csv", "mptcp-v4-two-subflows.csv"]);
}

#[test]
fn pcap2csv_of_several_captures_one_csv_or_one_file_each() {
    let env = Env::new();
    let caps = captures();
    let singles: Vec<String> = caps
        .iter()
        .map(|c| env.stdout(&["pcap2csv", s(c)]))
        .collect();

    // one CSV with a first column `capture`, rows in argument order
    let joined = env.stdout(&argv(&["pcap2csv", "-j", "3", "CAPS"], &caps));
    let mut expected = String::new();
    for (i, (one, c)) in singles.iter().zip(&caps).enumerate() {
        let mut l = one.lines();
        let header = l.next().unwrap();
        if i == 0 {
            expected.push_str(&format!("capture,{header}\n"));
        }
        for row in l {
            expected.push_str(&format!("{},{row}\n", s(c)));
        }
    }
    assert_eq!(joined, expected);

    // -o FILE: the same bytes, written atomically
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.csv");
    env.stdout(&argv(&["pcap2csv", "CAPS", "-o", s(&file)], &caps));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);

    // -o DIR: one file per capture, each exactly the single run's output
    let out_dir = tempfile::tempdir().unwrap();
    env.stdout(&argv(&["pcap2csv", "CAPS", "-o", s(out_dir.path())], &caps));
    for (name, one) in FIXTURES.iter().zip(&singles) {
        let f = out_dir.path().join(name.replace(".pcap", ".csv"));
        assert_eq!(&std::fs::read_to_string(&f).unwrap(), one, "{name}");
    }

    // two captures of the same name cannot share a directory
    let out = env
        .cmd()
        .args([
            "pcap2csv",
            s(&caps[0]),
            s(&caps[0]),
            "-o",
            s(out_dir.path()),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("two captures would be written"));
}

/// `list` and `stats` take `-o FILE|DIR|-` with pcap2csv's rules (docs/scale.md): a file holds
/// byte for byte what standard output gets, for one capture and several, in every text format;
/// `-o DIR` one file per capture, each exactly that capture's own output; a failure leaves no
/// file (and an existing one as it was); a bad capture among several leaves the others' rows.
#[test]
fn list_and_stats_write_to_a_file_or_a_directory_as_pcap2csv_does() {
    let env = Env::new();
    let caps = captures();
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| env.cmd().args(args).output().unwrap();
    for cmd in [
        ["list", "tcp"],
        ["list", "mptcp"],
        ["stats", "tcp"],
        ["stats", "mptcp"],
    ] {
        for format in ["csv", "json", "table"] {
            for (k, some) in [&caps[..1], &caps[..]].into_iter().enumerate() {
                let mut args = cmd.to_vec();
                args.extend(some.iter().map(|c| s(c)));
                args.extend(["-f", format]);
                let stdout = run(&args);
                assert!(stdout.status.success(), "{args:?}");
                assert!(!stdout.stdout.is_empty(), "{args:?}");
                let file = dir
                    .path()
                    .join(format!("{}-{}-{format}-{k}", cmd[0], cmd[1]));
                let mut to_file = args.clone();
                to_file.extend(["-o", s(&file)]);
                let o = run(&to_file);
                assert!(o.status.success(), "{to_file:?}");
                assert!(o.stdout.is_empty(), "{to_file:?}: data on stdout");
                assert_eq!(std::fs::read(&file).unwrap(), stdout.stdout, "{to_file:?}");
                // `-o -` is standard output
                let mut dash = args.clone();
                dash.extend(["-o", "-"]);
                assert_eq!(run(&dash).stdout, stdout.stdout, "{dash:?}");
            }
            // -o DIR/ (new): one file per capture, each that capture's own output
            let out = dir.path().join(format!("{}-{}-{format}", cmd[0], cmd[1]));
            let slash = format!("{}/", out.display());
            let mut args = cmd.to_vec();
            args.extend(caps.iter().map(|c| s(c)));
            args.extend(["-f", format, "-o", &slash]);
            let o = run(&args);
            assert!(o.status.success(), "{args:?}");
            let ext = if format == "table" { "txt" } else { format };
            let mut names: Vec<String> = std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            let mut want: Vec<String> = FIXTURES
                .iter()
                .map(|f| f.replace(".pcap", &format!(".{ext}")))
                .collect();
            want.sort();
            assert_eq!(names, want, "{args:?}");
            for c in &caps {
                let mut one = cmd.to_vec();
                one.extend([s(c), "-f", format]);
                let name = c.file_name().unwrap().to_str().unwrap();
                let f = out.join(name.replace(".pcap", &format!(".{ext}")));
                assert_eq!(std::fs::read(&f).unwrap(), run(&one).stdout, "{one:?}");
            }
        }
    }

    // a failure leaves no file, and an existing file as it was
    let lossy = s(&caps[0]);
    let file = dir.path().join("failed.csv");
    let o = run(&["stats", "mptcp", lossy, "99", "-f", "csv", "-o", s(&file)]);
    assert_eq!(o.status.code(), Some(5));
    assert!(!file.exists(), "a file was left by a failed run");
    std::fs::write(&file, "before\n").unwrap();
    let o = run(&["list", "mptcp", lossy, "99", "-o", s(&file)]);
    assert_eq!(o.status.code(), Some(5));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "before\n");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".mptcpanalyzer"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");

    // a bad capture among several: the others' rows are written, the exit code is its own
    let missing = dir.path().join("missing.pcap");
    let args = ["stats", "tcp", lossy, s(&missing), s(&caps[1]), "-f", "csv"];
    let stdout = run(&args);
    assert_eq!(stdout.status.code(), Some(3));
    let mut to_file = args.to_vec();
    to_file.extend(["-o", s(&file)]);
    assert_eq!(run(&to_file).status.code(), Some(3));
    assert_eq!(std::fs::read(&file).unwrap(), stdout.stdout);
    let good = run(&["stats", "tcp", lossy, s(&caps[1]), "-f", "csv"]).stdout;
    assert_eq!(
        stdout.stdout, good,
        "the rows of the captures that could be read"
    );
}
