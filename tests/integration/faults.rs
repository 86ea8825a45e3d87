//! Faults and hostile input (issue 14): nothing from a user-writable place runs, nothing we do
//! not own is removed, damaged input is never silently read as good data.

use crate::util::*;
use std::path::{Path, PathBuf};

/// A Lua script that records that it ran by creating `marker`.
fn hostile_lua(at: &Path, marker: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::fs::write(
        at,
        format!(
            "local f = io.open({:?}, \"w\")\nif f then f:write(\"ran\") f:close() end\n",
            marker.to_str().unwrap()
        ),
    )
    .unwrap();
}

/// The places a hostile `init.lua` or Lua plugin can be put by someone else (`$TMPDIR`) or by
/// a compromised or careless user account, each with the marker its script creates.
struct Hostile {
    tmp: PathBuf,
    home: PathBuf,
    xdg: PathBuf,
    markers: PathBuf,
}

impl Hostile {
    fn new(env: &Env) -> Hostile {
        let root = env.dir.path();
        let h = Hostile {
            tmp: root.join("tmp"),
            home: root.join("home"),
            xdg: env.config_home(),
            markers: root.join("markers"),
        };
        std::fs::create_dir_all(&h.markers).unwrap();
        let m = |name: &str| h.markers.join(name);
        hostile_lua(&h.tmp.join("init.lua"), &m("tmpdir-init"));
        hostile_lua(&h.xdg.join("wireshark/init.lua"), &m("xdg-init"));
        hostile_lua(
            &h.home.join(".config/wireshark/init.lua"),
            &m("home-config-init"),
        );
        hostile_lua(
            &h.home.join(".wireshark/init.lua"),
            &m("dot-wireshark-init"),
        );
        hostile_lua(
            &h.home.join(".local/lib/wireshark/plugins/evil.lua"),
            &m("personal-plugin"),
        );
        hostile_lua(&root.join("wsconf/init.lua"), &m("env-config-dir-init"));
        hostile_lua(&root.join("wsplugins/evil.lua"), &m("env-plugin-dir"));
        h
    }

    /// The user's environment, pointing at those places.
    fn vars(&self, env: &Env) -> Vec<(&'static str, PathBuf)> {
        let root = env.dir.path();
        vec![
            ("TMPDIR", self.tmp.clone()),
            ("HOME", self.home.clone()),
            ("XDG_CONFIG_HOME", self.xdg.clone()),
            ("WIRESHARK_CONFIG_DIR", root.join("wsconf")),
            ("WIRESHARK_PLUGIN_DIR", root.join("wsplugins")),
        ]
    }

    fn ran(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.markers)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

/// Issue 14 item 1: `tshark --version` ran with its configuration directory set to `$TMPDIR`,
/// so anyone who could write `$TMPDIR/init.lua` ran Lua as the next user of `--backend tshark`.
#[test]
fn regression_hostile_init_lua_never_runs() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let h = Hostile::new(&env);

    // The oracle: plain tshark in this environment does run the scripts (so the check below
    // can fail), both with its configuration directory at $TMPDIR (what we did) and as the user.
    let mut plain = std::process::Command::new("tshark");
    plain.arg("--version").envs(h.vars(&env));
    plain.env("WIRESHARK_CONFIG_DIR", &h.tmp);
    assert!(plain.output().unwrap().status.success());
    let mut plain = std::process::Command::new("tshark");
    plain.arg("--version").envs(h.vars(&env));
    plain.env_remove("WIRESHARK_CONFIG_DIR");
    assert!(plain.output().unwrap().status.success());
    let ran = h.ran();
    for m in ["tmpdir-init", "xdg-init", "personal-plugin"] {
        assert!(
            ran.iter().any(|r| r == m),
            "{m} did not run with plain tshark: {ran:?}"
        );
    }
    for e in std::fs::read_dir(&h.markers).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }

    let pcap = fixture("mptcp-v4-two-subflows.pcap");
    for args in [
        vec!["--backend", "tshark", "list", "tcp", s(&pcap)],
        vec![
            "--no-cache",
            "--backend",
            "tshark",
            "list",
            "mptcp",
            s(&pcap),
        ],
    ] {
        let out = env.cmd().envs(h.vars(&env)).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty());
        assert_eq!(h.ran(), Vec::<String>::new(), "Lua ran during {args:?}");
    }
    // and the private directories are gone afterwards
    let left: Vec<_> = std::fs::read_dir(&h.tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "init.lua")
        .collect();
    assert!(left.is_empty(), "left in TMPDIR: {left:?}");
}

/// Every tshark run gets its own fresh directory (mode 0700) for configuration and home,
/// never `$TMPDIR` itself, and it is removed afterwards.
#[cfg(unix)]
#[test]
fn every_tshark_run_has_a_fresh_private_profile() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let tmp = env.dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let log = env.dir.path().join("log");
    let fake = env.dir.path().join("tshark");
    // a fake tshark: records its environment, then answers like tshark 4.0 with no packet
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\n\
             for d in \"$WIRESHARK_CONFIG_DIR\" \"$HOME\" \"$WIRESHARK_PLUGIN_DIR\"; do\n\
               echo \"$d $(stat -c %a \"$d\") $(stat -c %a \"$d/..\") $(ls -A \"$d\" | wc -l)\" >> {log}\n\
             done\n\
             case \"$1\" in --version) echo 'TShark (Wireshark) 4.0.17.';; esac\n",
            log = log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let pcap = fixture("mptcp-v4-two-subflows.pcap");
    let out = env
        .cmd()
        .env("TMPDIR", &tmp)
        .args(["--no-cache", "--backend", "tshark", "--tshark", s(&fake)])
        .args(["list", "tcp", s(&pcap)])
        .output()
        .unwrap();
    // no TCP packet from the fake: a valid empty result (exit 0), and both runs happened
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<Vec<&str>> = log.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(lines.len(), 6, "{log}");
    let mut sandboxes = std::collections::BTreeSet::new();
    for l in &lines {
        let dir = Path::new(l[0]);
        let sandbox = dir.parent().unwrap();
        assert_eq!(sandbox.parent().unwrap(), tmp, "{log}");
        assert_ne!(dir, tmp, "{log}");
        assert_eq!(l[2], "700", "sandbox mode: {log}");
        assert_eq!(l[3], "0", "not empty: {log}");
        sandboxes.insert(sandbox.to_path_buf());
    }
    assert_eq!(sandboxes.len(), 2, "one fresh sandbox per run: {log}");
    for s in sandboxes {
        assert!(!s.exists(), "{} not removed", s.display());
    }
}

/// Issue 14 item 2: `cache clear` removed every `*.csv` of the cache directory and followed a
/// symlinked one (`--cache-dir .` removed a user's CSVs). Only entries we wrote go.
#[cfg(unix)]
#[test]
fn regression_cache_clear_removes_only_our_entries() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let work = env.dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let pcap = work.join("trace.pcap");
    std::fs::copy(fixture("mptcp-v4-two-subflows.pcap"), &pcap).unwrap();
    let in_work = |args: &[&str]| {
        let out = env.cmd().current_dir(&work).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    // the user's files: a CSV, a pcap2csv export, and the export renamed like an entry
    std::fs::write(work.join("notes.csv"), "a,b\n1,2\n").unwrap();
    in_work(&["pcap2csv", "trace.pcap", "-o", "trace.csv"]);
    let lookalike = "trace.pcap-tshark-0123456789abcdef0123456789abcdef.csv";
    std::fs::copy(work.join("trace.csv"), work.join(lookalike)).unwrap();
    // one entry of ours, made in the same directory
    in_work(&[
        "--cache-dir",
        ".",
        "--backend",
        "tshark",
        "list",
        "tcp",
        "trace.pcap",
    ]);
    let out = in_work(&["--cache-dir", ".", "cache", "list", "-f", "json"]);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let ours = work.join(listed[0]["entry"].as_str().unwrap());
    assert!(ours.is_file());
    let names = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let before = names(&work);
    assert_eq!(before.len(), 5, "{before:?}");

    // a symlinked cache directory is not followed out: refused, nothing removed
    let link = env.dir.path().join("cachelink");
    std::os::unix::fs::symlink(&work, &link).unwrap();
    let out = env
        .cmd()
        .args(["--cache-dir", s(&link), "cache", "clear"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("symbolic link") && err.contains(s(&link)),
        "{err}"
    );
    assert_eq!(names(&work), before);

    let out = in_work(&["--cache-dir", ".", "cache", "clear"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed 1 cache entry"));
    let mut expected = before.clone();
    expected.retain(|n| *n != ours.file_name().unwrap().to_string_lossy());
    assert_eq!(names(&work), expected);
    assert_eq!(names(&work).len(), 4);
}

/// A gzip-compressed copy of a committed fixture, and the uncompressed bytes.
fn gzipped_fixture(env: &Env) -> (Vec<u8>, Vec<u8>) {
    use std::io::Write;
    let raw = std::fs::read(fixture("mptcp-v4-two-subflows.pcap")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&raw).unwrap();
    let _ = env;
    (raw, gz.finish().unwrap())
}

/// Issue 14 item 3: the native reader dropped gzip errors (the read-ahead thread's error was
/// swallowed after the data before it): a bit flip or a bad CRC gave exit 0 and no warning.
/// A corrupt gzip is an input error (exit 3, one line naming the file) on both backends.
#[test]
fn regression_corrupt_gzip_is_an_input_error() {
    let env = Env::new();
    let (_, gz) = gzipped_fixture(&env);
    let n = gz.len();
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut crc = gz.clone();
    crc[n - 6] ^= 1; // the CRC-32 of the trailer
    cases.push(("bad-crc", crc));
    let mut size = gz.clone();
    size[n - 2] ^= 1; // ISIZE, the length modulo 2^32
    cases.push(("bad-length", size));
    for at in [n / 3, n / 2, 2 * n / 3] {
        let mut flip = gz.clone();
        flip[at] ^= 0x10;
        cases.push(("bit-flip", flip));
    }
    for (name, bytes) in cases {
        let path = env.dir.path().join(format!("{name}.pcap.gz"));
        std::fs::write(&path, bytes).unwrap();
        for backend in backends() {
            let out = env
                .cmd()
                .args(["--no-cache", "--backend", backend, "list", "tcp", s(&path)])
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{name} {backend}: {err}");
            assert_eq!(err.lines().count(), 1, "{name} {backend}: {err}");
            assert!(err.contains(s(&path)), "{name} {backend}: {err}");
            assert!(out.stdout.is_empty(), "{name} {backend}");
        }
    }
}

/// A truncated `.gz` is a truncated capture: what could be read, the warning a truncated pcap
/// gives, exit 0. Cutting only the gzip trailer (all packet data there) used to pass silently.
#[test]
fn regression_truncated_gzip_is_a_truncated_capture() {
    use std::io::Read;
    let env = Env::new();
    let (raw, gz) = gzipped_fixture(&env);
    let full = env.stdout(&["pcap2csv", s(&fixture("mptcp-v4-two-subflows.pcap"))]);
    for cut in [gz.len() - 8, gz.len() - 3, gz.len() * 2 / 3, gz.len() / 4] {
        // the oracle: the bytes that inflate from the cut file, as a plain (cut) pcap
        let mut prefix = Vec::new();
        let mut d = flate2::read::GzDecoder::new(&gz[..cut]);
        let mut buf = [0u8; 4096];
        loop {
            match d.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(k) => prefix.extend_from_slice(&buf[..k]),
            }
        }
        assert!(raw.starts_with(&prefix) && prefix.len() > 24);
        let gz_path = env.dir.path().join("cut.pcap.gz");
        let pcap_path = env.dir.path().join("cut.pcap");
        std::fs::write(&gz_path, &gz[..cut]).unwrap();
        std::fs::write(&pcap_path, &prefix).unwrap();
        // complete records in the prefix (every frame of this fixture is TCP)
        let mut records = 0;
        let mut off = 24;
        while off + 16 <= prefix.len() {
            let caplen = u32::from_le_bytes(prefix[off + 8..off + 12].try_into().unwrap());
            off += 16 + caplen as usize;
            if off <= prefix.len() {
                records += 1;
            }
        }
        let run = |p: &Path| {
            let out = env
                .cmd()
                .args(["--no-cache", "pcap2csv", s(p)])
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            (out.stdout, String::from_utf8(out.stderr).unwrap())
        };
        let (gz_rows, gz_err) = run(&gz_path);
        let (pcap_rows, pcap_err) = run(&pcap_path);
        // the rows of the whole capture's frames among those records
        let expected: Vec<&str> = full
            .lines()
            .enumerate()
            .filter(|(i, l)| {
                *i == 0 || l.split(',').next().unwrap().parse::<usize>().unwrap() <= records
            })
            .map(|(_, l)| l)
            .collect();
        assert_eq!(
            String::from_utf8_lossy(&gz_rows)
                .lines()
                .collect::<Vec<_>>(),
            expected,
            "cut {cut}"
        );
        assert_eq!(gz_rows, pcap_rows, "cut {cut}");
        let warning = |e: &str, p: &Path| e.replace(s(p), "FILE");
        let gz_warn = warning(&gz_err, &gz_path);
        if prefix.len() < raw.len() {
            assert_eq!(gz_warn, warning(&pcap_err, &pcap_path), "cut {cut}");
        }
        assert!(gz_warn.contains("truncated capture"), "cut {cut}: {gz_err}");
        assert_eq!(gz_warn.lines().count(), 1, "cut {cut}: {gz_err}");
    }
}

/// `mptcpanalyzer ARGS` run with `umask UMASK` (through sh, which sets it before exec).
#[cfg(unix)]
fn with_umask(env: &Env, umask: &str, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("mptcpanalyzer");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .env("XDG_CACHE_HOME", env.dir.path().join("cache"))
        .env("XDG_CONFIG_HOME", env.config_home())
        .output()
        .unwrap()
}

#[cfg(unix)]
fn mode_uid_gid(p: &Path) -> (u32, u32, u32) {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(p).unwrap();
    (m.mode() & 0o7777, m.uid(), m.gid())
}

/// Issue 14 item 4: `-o` over an existing file changed its mode and owner (a 0600 file became
/// 0644 and root-owned), and new files ignored the umask (always 0644). Every file output
/// (pcap2csv, plots) keeps an existing file's mode and owner; a new file is 0666 less the umask.
#[cfg(unix)]
#[test]
fn regression_output_files_keep_mode_and_owner_and_honour_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let pcap = fixture("mptcp-v4-two-subflows.pcap");
    let d = env.dir.path();
    let outputs: Vec<(PathBuf, Vec<&str>)> = vec![
        (d.join("p.csv"), vec!["pcap2csv", s(&pcap), "-o"]),
        (
            d.join("l.csv"),
            vec!["list", "mptcp", s(&pcap), "-f", "csv", "-o"],
        ),
        (
            d.join("s.json"),
            vec!["stats", "mptcp", s(&pcap), "-f", "json", "-o"],
        ),
        (d.join("p.svg"), vec!["plot", "dsn", s(&pcap), "0", "-o"]),
        (d.join("p.png"), vec!["plot", "dsn", s(&pcap), "0", "-o"]),
    ];
    let run = |umask: &str, args: &[&str], out: &Path| {
        let mut all = args.to_vec();
        all.push(s(out));
        let o = with_umask(&env, umask, &all);
        assert!(
            o.status.success(),
            "{all:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    // new files: 0666 less the umask
    for (umask, mode) in [("002", 0o664), ("027", 0o640), ("077", 0o600)] {
        for (out, args) in &outputs {
            let _ = std::fs::remove_file(out);
            run(umask, args, out);
            assert_eq!(
                mode_uid_gid(out).0,
                mode,
                "{} with umask {umask}",
                out.display()
            );
        }
    }
    // an existing 0600 file stays 0600 (and 0640 stays 0640), whatever the umask
    for mode in [0o600, 0o640] {
        for (out, args) in &outputs {
            std::fs::set_permissions(out, std::fs::Permissions::from_mode(mode)).unwrap();
            run("022", args, out);
            assert_eq!(mode_uid_gid(out).0, mode, "{}", out.display());
        }
    }
    // a file chown'd to someone else keeps its owner and group (root may set them)
    let probe = d.join("probe");
    std::fs::write(&probe, "").unwrap();
    if mode_uid_gid(&probe).1 != 0 {
        eprintln!("SKIPPED (owner part): not running as root, cannot chown to another user");
        return;
    }
    for (out, args) in &outputs {
        std::os::unix::fs::chown(out, Some(1234), Some(5678)).unwrap();
        std::fs::set_permissions(out, std::fs::Permissions::from_mode(0o640)).unwrap();
        run("022", args, out);
        assert_eq!(mode_uid_gid(out), (0o640, 1234, 5678), "{}", out.display());
    }
    // nothing left behind
    let left: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".mptcpanalyzer"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Issue 14 item 13: a capture whose name begins with `-` (`-x.pcap` after `--`, `./-`)
/// reaches tshark as a file, never as an option or as standard input (tshark is given the
/// absolute path); `-` alone is standard input (issue 12 item 8).
#[test]
fn a_capture_named_with_a_leading_dash_reaches_tshark_as_a_file() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    let work = env.dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let src = fixture("mptcp-v4-two-subflows.pcap");
    for name in ["-x.pcap", "-", "-r"] {
        std::fs::copy(&src, work.join(name)).unwrap();
    }
    let want = env.stdout(&["list", "tcp", s(&src), "-f", "csv"]);
    let cases: [&[&str]; 5] = [
        &["--", "-x.pcap"],
        &["./-x.pcap"],
        &["./-"],
        &["--", "-r"],
        &["--", "-"],
    ];
    for cache in [true, false] {
        for capture in cases {
            let mut args = vec!["--backend", "tshark", "list", "tcp", "-f", "csv"];
            if !cache {
                args.insert(0, "--no-cache");
            }
            args.extend_from_slice(capture);
            let stdin = if capture.last() == Some(&"-") {
                std::fs::read(&src).unwrap()
            } else {
                Vec::new()
            };
            let out = env
                .cmd()
                .current_dir(&work)
                .args(&args)
                .write_stdin(stdin)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{args:?}");
        }
    }
}

/// Regression (issue 14 item 13): `csv_delimiter` accepted `#`, CR, digits and letters, whose
/// CSV cannot be read back. Only the delimiters our CSV input reads are accepted, each read
/// back to the same rows; anything else is a config error (exit 2) naming the key and line.
#[test]
fn regression_csv_delimiter_refuses_what_cannot_be_read_back() {
    let env = Env::new();
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let config = env.dir.path().join("config.toml");
    for bad in [
        "#", "\\r", "\\n", "\\\"", "0", "7", "a", "Z", " ", ":", ".", "-", "é",
    ] {
        std::fs::write(
            &config,
            format!("format = \"csv\"\ncsv_delimiter = \"{bad}\"\n"),
        )
        .unwrap();
        let out = env
            .cmd()
            .args(["--config", s(&config), "list", "tcp", s(&cap)])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(out.stdout.is_empty(), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("line 2: csv_delimiter:") && err.contains("could not be read back"),
            "{bad}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let want = env.stdout(&["list", "tcp", s(&cap), "-f", "csv"]);
    for good in [",", ";", "|", "\\t"] {
        std::fs::write(&config, format!("csv_delimiter = \"{good}\"\n")).unwrap();
        let csv = env.dir.path().join("rows.csv");
        env.stdout(&["--config", s(&config), "pcap2csv", s(&cap), "-o", s(&csv)]);
        // read back: the same connections as from the capture
        assert_eq!(
            env.stdout(&["list", "tcp", s(&csv), "-f", "csv"]),
            want,
            "{good}"
        );
    }
}
