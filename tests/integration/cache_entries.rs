//! Cache entries (issue 14 item 5, issue 12 item 14): only an entry made for this very
//! capture, complete and undamaged, is served; anything else is rebuilt with a warning, never
//! fatal, never a hang; the cache is bounded (least recently used entries go); `cache list`
//! says which capture each entry is for.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The entries (`*.csv`) in the cache directory.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "csv"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The one entry whose name starts with `stem`.
fn entry_of(dir: &Path, stem: &str) -> PathBuf {
    let found: Vec<PathBuf> = entries(dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{stem}-tshark-"))
        })
        .collect();
    assert_eq!(found.len(), 1, "{stem}: {found:?}");
    found[0].clone()
}

struct Setup {
    env: Env,
    a: PathBuf,
    b: PathBuf,
    /// `list tcp -f csv` of a and b by the native backend (the oracle: no cache involved).
    want_a: String,
    want_b: String,
}

impl Setup {
    fn new() -> Setup {
        let env = Env::new();
        let a = env.dir.path().join("a.pcap");
        let b = env.dir.path().join("b.pcap");
        std::fs::copy(fixture("mptcp-v4-two-subflows.pcap"), &a).unwrap();
        std::fs::copy(fixture("mptcp-lossy.pcap"), &b).unwrap();
        let want_a = env.stdout(&["list", "tcp", s(&a), "-f", "csv"]);
        let want_b = env.stdout(&["list", "tcp", s(&b), "-f", "csv"]);
        assert_ne!(want_a, want_b);
        Setup {
            env,
            a,
            b,
            want_a,
            want_b,
        }
    }

    /// `--backend tshark list tcp CAPTURE -f csv`: (stdout, stderr), asserting success within
    /// 60 s (a FIFO in place of an entry hung forever).
    fn tshark_list(&self, capture: &Path) -> (String, String) {
        let out = self
            .env
            .cmd()
            .args([
                "--backend",
                "tshark",
                "list",
                "tcp",
                s(capture),
                "-f",
                "csv",
            ])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{}: {err}", capture.display());
        (String::from_utf8(out.stdout).unwrap(), err)
    }
}

/// Regression (issue 14 item 5): validation only counted lines, so another capture's entry was
/// served silently in 5 of 18 damage types, two types exited 3 on every run and a FIFO in place
/// of an entry hung forever. Every damage type now gives the right rows (the native backend's),
/// a warning naming the entry, and a valid entry again for the next run.
#[test]
fn regression_damaged_entries_are_rebuilt_with_a_warning_never_served() {
    if !have_tshark() {
        return;
    }
    let t = Setup::new();
    let cache = t.env.cache_dir();
    assert_eq!(t.tshark_list(&t.b).0, t.want_b);
    assert_eq!(t.tshark_list(&t.a).0, t.want_a);
    let (ea, eb) = (entry_of(&cache, "a.pcap"), entry_of(&cache, "b.pcap"));
    let good_a = std::fs::read(&ea).unwrap();
    let good_b = std::fs::read(&eb).unwrap();
    // a hit is silent, and served from the entry (tshark gone)
    let out = t
        .env
        .cmd()
        .env("MPTCPANALYZER_TSHARK", "/nonexistent/tshark")
        .args(["--backend", "tshark", "list", "tcp", s(&t.a), "-f", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), t.want_a);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");

    let header_len = good_a.iter().position(|&b| b == b'\n').unwrap() + 1;
    // the last digit of the header's body length (`body=` and 20 digits)
    let body_digit = String::from_utf8_lossy(&good_a[..header_len])
        .find("body=")
        .unwrap()
        + 5
        + 19;
    let flip = |at: usize| {
        let mut d = good_a.clone();
        d[at] ^= 0x01;
        d
    };
    let replace = |from: &str, to: &str| {
        let text = String::from_utf8(good_a.clone()).unwrap();
        assert!(text[..header_len].contains(from), "{from}");
        text.replacen(from, to, 1).into_bytes()
    };
    let user_file = t.env.dir.path().join("user.txt");
    std::fs::write(&user_file, "the user's file\n").unwrap();
    type Damage<'a> = (&'a str, Box<dyn Fn(&Path) + 'a>, &'a str);
    let write = |bytes: Vec<u8>| move |p: &Path| std::fs::write(p, &bytes).unwrap();
    let damages: Vec<Damage> = vec![
        ("empty", Box::new(write(Vec::new())), "header"),
        (
            "cut in half",
            Box::new(write(good_a[..good_a.len() / 2].to_vec())),
            "truncated",
        ),
        (
            "last byte cut",
            Box::new(write(good_a[..good_a.len() - 1].to_vec())),
            "truncated",
        ),
        (
            "header only",
            Box::new(write(good_a[..header_len].to_vec())),
            "truncated",
        ),
        (
            "bytes appended",
            Box::new(write([&good_a[..], b"1,2,3\n"].concat())),
            "truncated",
        ),
        (
            "byte flipped in a row",
            Box::new(write(flip(good_a.len() / 2))),
            "checksum",
        ),
        (
            "byte flipped in the CSV header",
            Box::new(write(flip(header_len + 3))),
            "checksum",
        ),
        (
            "byte flipped in the trailer",
            Box::new(write(flip(good_a.len() - 3))),
            "checksum",
        ),
        (
            "header's length changed",
            Box::new(write(flip(body_digit))),
            "truncated",
        ),
        (
            "another capture's entry",
            Box::new(write(good_b.clone())),
            "another capture",
        ),
        (
            "another version's entry",
            Box::new(write(replace(
                &format!("\"version\":\"{}\"", env!("CARGO_PKG_VERSION")),
                "\"version\":\"0.0.1\"",
            ))),
            "written by mptcpanalyzer 0.0.1",
        ),
        (
            "another schema's entry",
            Box::new(write(replace("\"schema\":", "\"schema\":9"))),
            "schema",
        ),
        (
            "another entry format",
            Box::new(write(replace(
                "#mptcpanalyzer-cache 3 ",
                "#mptcpanalyzer-cache 4 ",
            ))),
            "format 4",
        ),
        (
            // format 2 had no wscale/rwnd columns: read back, rwnd would be empty
            "an entry of the format before the window columns",
            Box::new(write(replace(
                "#mptcpanalyzer-cache 3 ",
                "#mptcpanalyzer-cache 2 ",
            ))),
            "entry format 2, not 3",
        ),
        (
            "format 1 entry (no header)",
            Box::new(write(good_a[header_len..].to_vec())),
            "older format",
        ),
        (
            "not ours at all",
            Box::new(write(b"frame,time\n1,2\n".to_vec())),
            "header",
        ),
        (
            "symlink to another capture's entry",
            Box::new(|p: &Path| {
                std::fs::remove_file(p).ok();
                std::os::unix::fs::symlink(&eb, p).unwrap();
            }),
            "symbolic link",
        ),
        (
            "symlink to a user's file",
            Box::new(|p: &Path| {
                std::fs::remove_file(p).ok();
                std::os::unix::fs::symlink(&user_file, p).unwrap();
            }),
            "symbolic link",
        ),
        (
            "FIFO",
            Box::new(|p: &Path| {
                std::fs::remove_file(p).ok();
                let ok = std::process::Command::new("mkfifo")
                    .arg(p)
                    .status()
                    .unwrap()
                    .success();
                assert!(ok);
            }),
            "not a regular file",
        ),
    ];
    for (what, damage, why) in &damages {
        std::fs::remove_file(&ea).ok();
        damage(&ea);
        let (rows, err) = t.tshark_list(&t.a);
        assert_eq!(rows, t.want_a, "{what}: wrong rows served");
        assert!(
            err.contains("cache entry")
                && err.contains("not used, rebuilding it")
                && err.contains(why),
            "{what}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{what}: one warning line: {err}");
        // rebuilt: a regular file again, served silently next time
        assert!(!ea.is_symlink() && ea.is_file(), "{what}");
        let (rows, err) = t.tshark_list(&t.a);
        assert_eq!(
            (rows.as_str(), err.as_str()),
            (t.want_a.as_str(), ""),
            "{what}"
        );
        // what a link pointed to is untouched
        assert_eq!(std::fs::read(&eb).unwrap(), good_b, "{what}");
        assert_eq!(
            std::fs::read_to_string(&user_file).unwrap(),
            "the user's file\n",
            "{what}"
        );
    }
    // a directory in place of an entry: read from the capture, with a warning, every time
    std::fs::remove_file(&ea).unwrap();
    std::fs::create_dir(&ea).unwrap();
    for _ in 0..2 {
        let (rows, err) = t.tshark_list(&t.a);
        assert_eq!(rows, t.want_a);
        assert!(
            err.contains("is a directory") && err.contains("not caching"),
            "{err}"
        );
    }
    assert!(ea.is_dir(), "a directory is not removed");
}

/// Regression (issue 14 item 5): a capture rewritten with the same size and mtime was served
/// its stale entry. The header's hash of the capture's first and last 64 KiB notices it.
#[test]
fn regression_a_capture_rewritten_with_the_same_size_and_mtime_is_not_served_stale() {
    if !have_tshark() {
        return;
    }
    let t = Setup::new();
    assert_eq!(t.tshark_list(&t.a).0, t.want_a);
    let mtime = std::fs::metadata(&t.a).unwrap().modified().unwrap();
    // change the source port of the last TCP packet (in the last 64 KiB): one more connection
    let (linktype, records) = pcap_records(&t.a);
    let mut d = std::fs::read(&t.a).unwrap();
    let mut end = d.len();
    let mut at = None;
    for (_, data, _) in records.iter().rev() {
        if let Some(tcp) = tcp_offset(linktype, data) {
            at = Some(end - data.len() + tcp + 1);
            break;
        }
        end -= data.len() + 16;
    }
    let at = at.expect("a TCP packet");
    assert!(d.len() - at < 64 * 1024);
    d[at] ^= 0x40;
    std::fs::write(&t.a, &d).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&t.a)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let want = t.env.stdout(&["list", "tcp", s(&t.a), "-f", "csv"]);
    assert_ne!(want, t.want_a, "the edit changes the connections");
    let (rows, err) = t.tshark_list(&t.a);
    assert_eq!(rows, want);
    assert!(
        err.contains("rewritten with the same size and mtime"),
        "{err}"
    );
}

fn config(env: &Env, name: &str, text: &str) -> PathBuf {
    let c = env.dir.path().join(name);
    std::fs::write(&c, text).unwrap();
    c
}

/// Regression (issue 14 item 5): old entries were never evicted. With `cache_max_mb`, the
/// least recently used entries go (a hit counts as a use); an entry larger than the bound is
/// not stored.
#[test]
fn regression_cache_max_mb_evicts_least_recently_used_entries() {
    if !have_tshark() {
        return;
    }
    let t = Setup::new();
    let cache = t.env.cache_dir();
    let caps: Vec<PathBuf> = (0..4)
        .map(|i| {
            let p = t.env.dir.path().join(format!("c{i}.pcap"));
            repeated_capture(&p, "mptcp-v4-two-subflows.pcap", 6);
            p
        })
        .collect();
    let want = t.env.stdout(&["list", "tcp", s(&caps[0]), "-f", "csv"]);
    // the size of one entry: 2 fit in 1 MiB and 3 do not (checked, the fixture may change)
    let cfg = config(&t.env, "one.toml", "cache_max_mb = 1\n");
    let run = |p: &Path| {
        let out = t
            .env
            .cmd()
            .args([
                "--config",
                s(&cfg),
                "--backend",
                "tshark",
                "list",
                "tcp",
                s(p),
                "-f",
                "csv",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
        String::from_utf8(out.stderr).unwrap()
    };
    run(&caps[0]);
    let one = std::fs::metadata(entry_of(&cache, "c0.pcap"))
        .unwrap()
        .len();
    assert!(2 * one <= 1 << 20 && 3 * one > 1 << 20, "entry size {one}");
    let stems = || -> Vec<String> {
        entries(&cache)
            .iter()
            .map(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .split("-tshark-")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    run(&caps[1]);
    assert_eq!(stems(), ["c0.pcap", "c1.pcap"]);
    std::thread::sleep(Duration::from_millis(20));
    run(&caps[0]); // a hit: c0 is now the most recently used
    std::thread::sleep(Duration::from_millis(20));
    run(&caps[2]);
    assert_eq!(
        stems(),
        ["c0.pcap", "c2.pcap"],
        "c1 was the least recently used"
    );
    std::thread::sleep(Duration::from_millis(20));
    run(&caps[3]);
    assert_eq!(stems(), ["c2.pcap", "c3.pcap"]);
    // an entry larger than the bound is not stored, and says so
    let cfg0 = config(&t.env, "zero.toml", "cache_max_mb = 0\n");
    t.env.stdout(&["cache", "clear"]);
    let out = t
        .env
        .cmd()
        .args([
            "--config",
            s(&cfg0),
            "--backend",
            "tshark",
            "list",
            "tcp",
            s(&t.a),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(entries(&cache), Vec::<PathBuf>::new());
    // a bad value is a config error naming the key
    let bad = config(&t.env, "bad.toml", "cache_max_mb = -1\n");
    t.env
        .cmd()
        .args(["--config", s(&bad), "cache", "list"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cache_max_mb"));
    let shown = t.env.stdout(&["--config", s(&cfg), "config", "show"]);
    assert!(shown.contains("cache_max_mb = 1  # config file"), "{shown}");
}

/// Issue 12 item 14: `cache list` says which capture, backend, size and age each entry
/// belongs to (from the entry's header), `-f json`, and "cache is empty" on stderr.
#[test]
fn cache_list_names_capture_backend_size_and_age() {
    if !have_tshark() {
        return;
    }
    let t = Setup::new();
    let out = t.env.cmd().args(["cache", "list"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cache is empty"));
    let out = t
        .env
        .cmd()
        .args(["cache", "list", "-f", "json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cache is empty"));

    t.tshark_list(&t.a);
    t.tshark_list(&t.b);
    let listed = t.env.json(&["cache", "list", "-f", "json"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    // packets: the rows pcap2csv writes (native backend, the oracle), minus its header
    let packets = |p: &Path| t.env.stdout(&["pcap2csv", s(p)]).lines().count() as u64 - 1;
    for (cap, e) in [(&t.a, &listed[0]), (&t.b, &listed[1])] {
        let canon = std::fs::canonicalize(cap).unwrap();
        assert_eq!(e["capture"], s(&canon), "{e}");
        assert_eq!(e["backend"], "tshark");
        assert_eq!(e["packets"], packets(cap), "{e}");
        let entry = PathBuf::from(e["entry"].as_str().unwrap());
        assert_eq!(e["size_bytes"], std::fs::metadata(&entry).unwrap().len());
        assert!(e["age_s"].as_u64().unwrap() < 600, "{e}");
        assert_eq!(e["state"], "current");
    }
    // the table names the captures too
    let table = t.env.stdout(&["cache", "list"]);
    assert!(
        table.contains(s(&std::fs::canonicalize(&t.a).unwrap())),
        "{table}"
    );
    assert!(
        table.contains("tshark") && table.contains("current"),
        "{table}"
    );
    // a changed capture is shown as such
    let later = std::time::SystemTime::now() + Duration::from_secs(10);
    std::fs::File::options()
        .write(true)
        .open(&t.b)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let listed = t.env.json(&["cache", "list", "-f", "json"]);
    assert_eq!(listed[1]["state"], "capture changed");
    std::fs::remove_file(&t.a).unwrap();
    let listed = t.env.json(&["cache", "list", "-f", "json"]);
    assert_eq!(listed[0]["state"], "capture missing");
}
