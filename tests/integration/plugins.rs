//! Plugins (docs/plugins.md): the shipped examples run through the host on real captures, the
//! contract (arguments, environment, CSV, search path, exit codes) is checked with small shell
//! plugins written here, and broken plugins never leave an output file.

use crate::util::{fixture, root, s, shared_pcap, skip, Env};
use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn examples() -> PathBuf {
    root().join("examples").join("plugins")
}

/// PATH for the plugin tests: the given directories, then the system's (where `python3` is the
/// one `apt-get install python3-matplotlib` equips; a pyenv shim is not).
fn path_with(dirs: &[&Path]) -> String {
    let mut v: Vec<String> = dirs.iter().map(|d| s(d).to_string()).collect();
    v.extend(["/usr/bin".to_string(), "/bin".to_string()]);
    v.join(":")
}

/// `mptcpanalyzer` with the example plugins (and `extra` directories) on PATH.
fn cmd(env: &Env, extra: &[&Path]) -> Command {
    let ex = examples();
    let mut dirs: Vec<&Path> = extra.to_vec();
    dirs.push(&ex);
    let mut c = env.cmd();
    c.env("PATH", path_with(&dirs));
    c
}

/// True when python3 with matplotlib runs (else skipped, or a failure under CI=true).
fn have_matplotlib() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import matplotlib"])
        .env("PATH", path_with(&[]))
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip("python3 with matplotlib is not installed (apt-get install python3-matplotlib)");
    }
    ok
}

/// Write an executable shell script `name` into `dir`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    p
}

/// A plot plugin script: answers describe with `summary`, otherwise runs `run`.
fn plot_plugin(dir: &Path, name: &str, run: &str) -> PathBuf {
    script(
        dir,
        &format!("mptcpanalyzer-plot-{name}"),
        &format!(
            "if [ \"$1\" = --mptcpanalyzer-describe ]; then\n  \
             echo '{{\"name\": \"{name}\", \"kind\": \"plot\", \"summary\": \"test plot {name}\"}}'\n  \
             exit 0\nfi\n{run}"
        ),
    )
}

/// PNG width and height, decoding every row (fails on a truncated or corrupt file).
fn png_size(p: &Path) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(p).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    (info.width, info.height)
}

/// Files in `dir` other than `keep`.
fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

#[test]
fn rtt_plugin_draws_png_of_client_2_and_v1_fixture() {
    let Some(cap) = shared_pcap("client_2.pcap") else {
        return;
    };
    if !have_matplotlib() {
        return;
    }
    let env = Env::new();
    let out = env.dir.path().join("rtt.png");
    let o = cmd(&env, &[])
        .args(["plot", "rtt-ts", s(&cap), "--mptcp", "1", "-o", s(&out)])
        .args(["--width", "900", "--height", "600"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty(), "stdout is for data only");
    assert_eq!(png_size(&out), (900, 600));

    let v1 = fixture("mptcp-v4-two-subflows.pcap");
    let out = env.dir.path().join("v1.png");
    let o = cmd(&env, &[])
        .args(["plot", "rtt-ts", s(&v1), "--mptcp", "0", "-o", s(&out)])
        .args(["--", "--method", "seq"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(png_size(&out), (1200, 800));

    let svg = env.dir.path().join("v1.svg");
    let o = cmd(&env, &[])
        .args(["plot", "rtt-ts", s(&v1), "--tcp", "1", "-o", s(&svg)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg"), "{}", &text[..200.min(text.len())]);
    // the title the host gave: capture file name and connection
    assert!(text.contains("mptcp-v4-two-subflows.pcap: TCP stream 1"));
    assert_eq!(
        others(
            env.dir.path(),
            &["rtt.png", "v1.png", "v1.svg", "cache", "config", "data"]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn plot_plugin_gets_the_pcap2csv_rows_its_arguments_and_environment() {
    let env = Env::new();
    let dir = env.dir.path().join("bin");
    std::fs::create_dir(&dir).unwrap();
    let seen = env.dir.path().join("seen");
    std::fs::create_dir(&seen).unwrap();
    // records what it got, then writes a minimal SVG where it was told to
    plot_plugin(
        &dir,
        "record",
        &format!(
            "cd {seen:?}\nprintf '%s\\n' \"$@\" > args\n\
             while [ $# -gt 0 ]; do case $1 in --csv) cp \"$2\" rows.csv;; --output) o=$2;; esac; shift; done\n\
             env | grep '^MPTCPANALYZER' | sort > env\n\
             echo '<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>' > \"$o\""
        ),
    );
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let out = env.dir.path().join("r.svg");
    // a config whose delimiter is not the schema's: the plugin still gets commas
    std::fs::create_dir_all(env.config_home().join("mptcpanalyzer")).unwrap();
    let config = env.config_home().join("mptcpanalyzer").join("config");
    std::fs::write(&config, "csv_delimiter = \";\"\n").unwrap();
    let o = cmd(&env, &[&dir])
        .args([
            "plot",
            "record",
            s(&cap),
            "--mptcp",
            "0",
            "-o",
            s(&out),
            "--dest",
            "client",
        ])
        .args(["--title", "T", "--", "--flag", "a b"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("<svg"));

    let args: Vec<String> = std::fs::read_to_string(seen.join("args"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let after = |flag: &str| {
        let i = args
            .iter()
            .position(|a| a == flag)
            .unwrap_or_else(|| panic!("{flag} missing: {args:?}"));
        args[i + 1].clone()
    };
    assert_eq!(after("--format"), "svg");
    assert_eq!(after("--width"), "1200");
    assert_eq!(after("--height"), "800");
    assert_eq!(after("--title"), "T");
    assert_eq!(after("--dest"), "client");
    // the temporary image is next to the output, so that the rename is atomic
    let tmp = PathBuf::from(after("--output"));
    assert_eq!(tmp.parent(), out.parent());
    assert!(!tmp.exists());
    assert!(
        !Path::new(&after("--csv")).exists(),
        "the CSV is removed afterwards"
    );
    assert_eq!(
        &args[args.len() - 2..],
        ["--flag", "a b"],
        "plugin args last, unchanged"
    );

    // the CSV is exactly what pcap2csv writes for the connection (with the default delimiter)
    let rows = std::fs::read_to_string(seen.join("rows.csv")).unwrap();
    let env2 = Env::new();
    let expected = env2.stdout(&["pcap2csv", s(&cap), "--mptcp", "0"]);
    assert_eq!(rows, expected);

    let vars = std::fs::read_to_string(seen.join("env")).unwrap();
    let exe = assert_cmd::cargo::cargo_bin("mptcpanalyzer");
    for line in [
        format!("MPTCPANALYZER={}", exe.display()),
        format!("MPTCPANALYZER_VERSION={}", env!("CARGO_PKG_VERSION")),
        format!(
            "MPTCPANALYZER_CSV_SCHEMA={}",
            mptcpanalyzer::model::SCHEMA_VERSION
        ),
        "MPTCPANALYZER_BACKEND=native".to_string(),
        format!("MPTCPANALYZER_CACHE_DIR={}", env.cache_dir().display()),
        format!("MPTCPANALYZER_CONFIG={}", config.display()),
    ] {
        assert!(vars.lines().any(|l| l == line), "{line} not in:\n{vars}");
    }
}

#[test]
fn plot_plugin_is_not_run_for_an_unknown_id() {
    let env = Env::new();
    let dir = env.dir.path().join("bin");
    std::fs::create_dir(&dir).unwrap();
    let ran = env.dir.path().join("ran");
    plot_plugin(&dir, "mark", &format!("touch {ran:?}; exit 1"));
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let out = env.dir.path().join("x.png");
    let o = cmd(&env, &[&dir])
        .args(["plot", "mark", s(&cap), "--mptcp", "3", "-o", s(&out)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(5));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no MPTCP connection with id 3"), "{err}");
    assert!(!ran.exists() && !out.exists());
    // and a missing id is a usage error, as for the built-in plots
    let o = cmd(&env, &[&dir])
        .args(["plot", "mark", s(&cap), "-o", s(&out)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn broken_plot_plugins_give_a_clear_error_and_no_file() {
    let env = Env::new();
    let dir = env.dir.path().join("bin");
    std::fs::create_dir(&dir).unwrap();
    script(
        &dir,
        "mptcpanalyzer-plot-exit1",
        "echo 'cannot start' >&2; exit 1",
    );
    script(&dir, "mptcpanalyzer-plot-hang", "exec sleep 30");
    script(
        &dir,
        "mptcpanalyzer-plot-garbage",
        "echo 'Usage: garbage [options]'",
    );
    // describe right, then fail after writing half an image
    plot_plugin(
        &dir,
        "fails",
        "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && printf '\\211PNG' > \"$2\"; shift; done; exit 1",
    );
    plot_plugin(
        &dir,
        "nonimage",
        "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && echo 'not an image' > \"$2\"; shift; done",
    );
    // a PNG signature followed by garbage: the decoder must refuse it
    plot_plugin(
        &dir,
        "badpng",
        "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && printf '\\211PNG\\r\\n\\032\\n0000garbage' > \"$2\"; shift; done",
    );
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let out_dir = env.dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    for (name, why) in [
        (
            "exit1",
            "--mptcpanalyzer-describe failed (exit status: 1): cannot start",
        ),
        (
            "hang",
            "did not answer --mptcpanalyzer-describe within 2 s (killed)",
        ),
        ("garbage", "its describe document is not valid"),
        ("fails", "failed (exit status: 1); no image written"),
        (
            "nonimage",
            "did not write a valid PNG: it does not start with the PNG signature",
        ),
        ("badpng", "did not write a valid PNG: PNG"),
    ] {
        let out = out_dir.join("plot.png");
        let start = Instant::now();
        let o = cmd(&env, &[&dir])
            .args(["plot", name, s(&cap), "--mptcp", "0", "-o", s(&out)])
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{name} took {:?}",
            start.elapsed()
        );
        assert_eq!(o.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with(&format!("mptcpanalyzer: error: plot plugin {name} ("))
                && err.contains(why),
            "{name}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert_eq!(
            others(&out_dir, &[]),
            Vec::<String>::new(),
            "{name} left a file"
        );
    }
    // an existing output is left as it was
    let out = out_dir.join("plot.png");
    std::fs::write(&out, "old").unwrap();
    let o = cmd(&env, &[&dir])
        .args(["plot", "nonimage", s(&cap), "--mptcp", "0", "-o", s(&out)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    // an SVG asked for, a PNG written: refused
    let svg = out_dir.join("p.svg");
    plot_plugin(
        &dir,
        "pngonly",
        &format!(
            "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && cp {:?} \"$2\"; shift; done",
            root().join("docs/img/dsn.png")
        ),
    );
    let o = cmd(&env, &[&dir])
        .args(["plot", "pngonly", s(&cap), "--mptcp", "0", "-o", s(&svg)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("did not write a valid SVG: it is not UTF-8 text"));
    assert!(!svg.exists());
    // ... and the same plugin is fine when a PNG is asked for
    let o = cmd(&env, &[&dir])
        .args(["plot", "pngonly", s(&cap), "--mptcp", "0", "-o", s(&out)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(png_size(&out), png_size(&root().join("docs/img/dsn.png")));
}

#[test]
fn plugins_lists_examples_and_broken_ones_and_plot_help_shows_them() {
    let env = Env::new();
    let dir = env.dir.path().join("bin");
    std::fs::create_dir(&dir).unwrap();
    script(&dir, "mptcpanalyzer-plot-hang", "exec sleep 30");
    script(
        &dir,
        "mptcpanalyzer-wrongname",
        "echo '{\"name\": \"other\", \"kind\": \"command\", \"summary\": \"s\"}'",
    );
    // not plugins: not executable, a name outside [a-z0-9-]
    std::fs::write(dir.join("mptcpanalyzer-plot-noexec"), "#!/bin/sh\n").unwrap();
    script(&dir, "mptcpanalyzer-Upper", "exit 0");
    let start = Instant::now();
    let o = cmd(&env, &[&dir])
        .args(["plugins", "-f", "json"])
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(6),
        "describes run in parallel, 2 s each at most"
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows: Vec<(String, String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
                p["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |k: &str, n: &str, st: &str| (k.to_string(), n.to_string(), st.to_string());
    assert_eq!(
        rows,
        [
            expect("command", "reinjection-report", "ok"),
            expect("command", "wrongname", "broken"),
            expect("plot", "hang", "broken"),
            expect("plot", "rtt-ts", "ok"),
        ]
    );
    let by_name = |n: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == n)
            .unwrap()
            .clone()
    };
    let rtt = by_name("rtt-ts");
    assert_eq!(
        rtt["path"],
        s(&examples().join("mptcpanalyzer-plot-rtt-ts"))
    );
    assert_eq!(
        rtt["summary"],
        "Round-trip time of each subflow over time (TCP timestamps or seq/ack matching)"
    );
    assert_eq!(rtt["flags"][0]["name"], "--method");
    assert_eq!(
        rtt["flags"][0]["choices"],
        serde_json::json!(["auto", "ts", "seq"])
    );
    assert!(by_name("hang")["reason"]
        .as_str()
        .unwrap()
        .contains("within 2 s"));
    assert!(by_name("wrongname")["reason"]
        .as_str()
        .unwrap()
        .contains("\"other\""));

    // plot --help and plot --list: the built-in plots, then the plugins, each with its summary
    let help = cmd(&env, &[]).args(["plot", "--help"]).output().unwrap();
    assert!(help.status.success());
    let help = String::from_utf8(help.stdout).unwrap();
    let line = |name: &str| {
        help.lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .map(str::trim)
            .map(String::from)
    };
    let words = |l: Option<String>| l.map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
    assert_eq!(
        words(line("rtt-ts")).as_deref(),
        Some(
            "rtt-ts Round-trip time of each subflow over time (TCP timestamps or seq/ack matching)"
        )
    );
    assert!(line("dsn").is_some_and(|l| l.contains("Data sequence numbers")));
    let list = cmd(&env, &[]).args(["plot", "--list"]).output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    let names: Vec<&str> = list
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "dsn",
            "attr",
            "throughput",
            "ofo",
            "owd",
            "reinjections",
            "rtt",
            "flight",
            "rtt-ts"
        ]
    );
    // the plugin's own options in its help
    let h = cmd(&env, &[])
        .args(["plot", "rtt-ts", "--help"])
        .output()
        .unwrap();
    assert!(h.status.success());
    let h = String::from_utf8(h.stdout).unwrap();
    assert!(
        h.contains("--method <METHOD>") && h.contains("[possible values: auto, ts, seq]"),
        "{h}"
    );
    // and in the completions generated with the plugins installed
    let c = cmd(&env, &[])
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let c = String::from_utf8(c.stdout).unwrap();
    assert!(c.contains("reinjection-report") && c.contains("rtt"));
}

#[test]
fn external_commands_search_order_environment_and_exit_code() {
    let env = Env::new();
    let data = env
        .dir
        .path()
        .join("data")
        .join("mptcpanalyzer")
        .join("plugins");
    let conf_dir = env.dir.path().join("conf-plugins");
    let path_dir = env.dir.path().join("path");
    let cwd = env.dir.path().join("cwd");
    for d in [&data, &conf_dir, &path_dir, &cwd] {
        std::fs::create_dir_all(d).unwrap();
    }
    let dump = "echo \"$0\"; printf '%s\\n' \"$@\"; echo \"V=$MPTCPANALYZER_VERSION S=$MPTCPANALYZER_CSV_SCHEMA B=$MPTCPANALYZER_BACKEND\"; exit 7";
    script(&data, "mptcpanalyzer-who", dump);
    script(&path_dir, "mptcpanalyzer-who", "echo path; exit 0");
    script(&conf_dir, "mptcpanalyzer-fromconf", "echo conf");
    script(&path_dir, "mptcpanalyzer-fromconf", "echo path");
    script(&cwd, "mptcpanalyzer-here", "echo cwd");
    std::fs::create_dir_all(env.config_home().join("mptcpanalyzer")).unwrap();
    std::fs::write(
        env.config_home().join("mptcpanalyzer").join("config"),
        format!("plugin_dirs = [{:?}]\n", s(&conf_dir)),
    )
    .unwrap();
    let run = |args: &[&str]| {
        env.cmd()
            .args(args)
            .current_dir(&cwd)
            // an empty entry and "." would be the current directory: never searched
            .env("PATH", format!(":.:{}:/usr/bin:/bin", s(&path_dir)))
            .output()
            .unwrap()
    };
    let o = run(&["--backend", "tshark", "who", "a b", "--x"]);
    assert_eq!(o.status.code(), Some(7), "the plugin's exit code");
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        format!(
            "{}\na b\n--x\nV={} S={} B=tshark\n",
            data.join("mptcpanalyzer-who").display(),
            env!("CARGO_PKG_VERSION"),
            mptcpanalyzer::model::SCHEMA_VERSION
        )
    );
    assert_eq!(
        String::from_utf8(run(&["fromconf"]).stdout).unwrap(),
        "conf\n"
    );
    let o = run(&["here"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown command \"here\"") && err.contains("mptcpanalyzer-here"),
        "{err}"
    );
    for bad in ["Who", "../who", "-who"] {
        let o = run(&[bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
    // a plot plugin is not a command
    let o = run(&["plot-rtt-ts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mptcpanalyzer plot rtt-ts"));
}

#[test]
fn reinjection_report_counts_match_wireshark_and_stats() {
    let Some(cap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let o = cmd(&env, &[])
        .args(["reinjection-report", s(&cap)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let totals: u64 = rows
        .iter()
        .filter(|r| r[1] == "total")
        .map(|r| r[3].parse::<u64>().unwrap())
        .sum();
    // ../shared/pcaps/README.md: Wireshark 4.0 (one pass) flags 45 reinjections
    assert_eq!(totals, 45);
    // per subflow of MPTCP 1, as stats counts them (towards the server: all its data)
    let stats = env.json(&["stats", "mptcp", s(&cap), "1", "-f", "json"])[0].clone();
    for sf in stats["to_server"]["subflows"].as_array().unwrap() {
        let t = sf["tcp_stream"].to_string();
        let Some(r) = rows.iter().find(|r| r[0] == "1" && r[1] == t) else {
            assert_eq!(
                sf["payload_bytes"], 0,
                "tcp {t} is not in the report: no payload"
            );
            continue;
        };
        assert_eq!(r[3], sf["reinjections_packets"].to_string(), "tcp {t}");
        assert_eq!(
            r[5],
            sf["reinjected_elsewhere_packets"].to_string(),
            "tcp {t}"
        );
    }
    // the host's errors and exit codes come through
    let o = cmd(&env, &[])
        .args(["reinjection-report", s(&cap), "--mptcp", "9"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(5));
}

/// A light JSON Schema check (the keywords docs/plugin-describe.schema.json uses): type,
/// required, properties, additionalProperties, enum, items, pattern, maxLength, minItems.
fn validate(schema: &serde_json::Value, v: &serde_json::Value, at: &str) -> Vec<String> {
    use serde_json::Value;
    let mut errs = Vec::new();
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_u64() || v.is_i64(),
            "boolean" => v.is_boolean(),
            _ => panic!("schema type {t} not handled by this check"),
        };
        if !ok {
            return vec![format!("{at}: not a {t}")];
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errs.push(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let (Some(p), Some(s)) = (schema.get("pattern").and_then(Value::as_str), v.as_str()) {
        if !regex::Regex::new(p).unwrap().is_match(s) {
            errs.push(format!("{at}: {s:?} does not match {p}"));
        }
    }
    if let (Some(m), Some(s)) = (schema.get("maxLength").and_then(Value::as_u64), v.as_str()) {
        if s.chars().count() as u64 > m {
            errs.push(format!("{at}: longer than {m}"));
        }
    }
    if let Some(obj) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(r.as_str().unwrap()) {
                errs.push(format!("{at}: {r} missing"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, x) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(sub) => errs.extend(validate(sub, x, &format!("{at}.{k}"))),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errs.push(format!("{at}: unexpected {k}"))
                }
                None => {}
            }
        }
    }
    if let Some(a) = v.as_array() {
        if let Some(m) = schema.get("minItems").and_then(Value::as_u64) {
            if (a.len() as u64) < m {
                errs.push(format!("{at}: fewer than {m} items"));
            }
        }
        if let Some(items) = schema.get("items") {
            for (i, x) in a.iter().enumerate() {
                errs.extend(validate(items, x, &format!("{at}[{i}]")));
            }
        }
    }
    errs
}

#[test]
fn describe_documents_follow_the_json_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs").join("plugin-describe.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["required"],
        serde_json::json!(["name", "kind", "summary"])
    );
    for name in [
        "mptcpanalyzer-plot-rtt-ts",
        "mptcpanalyzer-reinjection-report",
    ] {
        let o = std::process::Command::new(examples().join(name))
            .arg("--mptcpanalyzer-describe")
            .env("PATH", path_with(&[]))
            .output()
            .unwrap();
        assert!(o.status.success(), "{name}");
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(validate(&schema, &doc, name), Vec::<String>::new());
    }
    // the check itself catches what the schema forbids
    let bad = serde_json::json!({"name": "Bad_name", "kind": "chart", "flags": [{"name": "x"}]});
    let errs = validate(&schema, &bad, "bad");
    for e in [
        "bad.name",
        "bad.kind",
        "bad: \"summary\" missing",
        "bad.flags[0].name",
        "bad.flags[0]: \"help\" missing",
    ] {
        assert!(errs.iter().any(|x| x.contains(e)), "{e} not in {errs:?}");
    }
}

#[test]
fn the_examples_of_docs_plugins_md_work() {
    let Some(cap) = shared_pcap("client_2.pcap") else {
        return;
    };
    if !have_matplotlib() {
        return;
    }
    let doc = std::fs::read_to_string(root().join("docs").join("plugins.md")).unwrap();
    let block = |lang: &str, start: &str| -> String {
        doc.split(&format!("```{lang}\n"))
            .skip(1)
            .map(|b| b.split("```").next().unwrap())
            .find(|b| b.starts_with(start))
            .unwrap_or_else(|| panic!("no {lang} block starting with {start:?}"))
            .to_string()
    };
    let env = Env::new();
    let dir = env.dir.path().join("bin");
    std::fs::create_dir(&dir).unwrap();
    let write = |name: &str, text: String| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    let py = block("python", "#!/usr/bin/env python3");
    assert!(py.lines().count() <= 20, "the Python example is 20 lines");
    write("mptcpanalyzer-plot-payload", py);
    write("mptcpanalyzer-subflow-packets", block("sh", "#!/bin/sh"));
    let out = env.dir.path().join("payload.png");
    let o = cmd(&env, &[&dir])
        .args(["plot", "payload", s(&cap), "--mptcp", "1", "-o", s(&out)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(png_size(&out), (1200, 800));
    let o = cmd(&env, &[&dir])
        .args(["subflow-packets", s(&cap), "1"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut lines: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines.sort();
    // packets per subflow of MPTCP 1, as list tcp counts them (both directions)
    let tcp = env.json(&["list", "tcp", s(&cap), "-f", "json"]);
    let mut expected: Vec<String> = tcp
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["mptcp_stream"] == 1)
        .map(|c| {
            let n =
                c["packets_to_server"].as_u64().unwrap() + c["packets_to_client"].as_u64().unwrap();
            format!("tcp {}: {n}", c["tcp_stream"])
        })
        .collect();
    expected.sort();
    assert_eq!(lines, expected);
}

#[test]
fn the_shell_runs_plugins_and_continues() {
    let env = Env::new();
    let dir = env.dir.path().join("bin");
    std::fs::create_dir(&dir).unwrap();
    script(
        &dir,
        "mptcpanalyzer-hello",
        "echo \"hello $1\"; exit ${2:-0}",
    );
    let shell = |lines: &str| {
        cmd(&env, &[&dir])
            .args(["shell", "--keep-going", "-c", lines])
            .output()
            .unwrap()
    };
    // a command plugin is a child of the shell: the next line still runs
    let o = shell("hello a; hello b 7; hello c");
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "hello a\nhello b\nhello c\n"
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "the plugin's failure is the first failure"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mptcpanalyzer-hello failed (exit status: 7)"),
        "{err}"
    );

    // a plot plugin in the shell, on a loaded capture, without -o and --display none: no file
    plot_plugin(
        &dir,
        "mark",
        &format!(
            "touch {:?}; while [ $# -gt 0 ]; do [ \"$1\" = --output ] && cp {:?} \"$2\"; shift; done",
            env.dir.path().join("ran"),
            root().join("docs/img/dsn.png")
        ),
    );
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let out = env.dir.path().join("m.png");
    let o = shell(&format!(
        "load {}; plot mark --mptcp 0 -o {}",
        s(&cap),
        s(&out)
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(png_size(&out), png_size(&root().join("docs/img/dsn.png")));
    // a plugin's help or usage error does not end the shell
    let o = shell("plot mark --help; plot mark --bogus; hello z");
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("test plot mark") && text.ends_with("hello z\n"),
        "{text}"
    );
    assert_eq!(o.status.code(), Some(2), "the usage error");
    // without -o, not on a terminal and without a viewer: the temporary PNG's path is printed
    let o = cmd(&env, &[&dir])
        .args(["plot", "mark", s(&cap), "--mptcp", "0"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("TMPDIR", env.dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let shown = PathBuf::from(String::from_utf8(o.stdout).unwrap().trim());
    assert!(
        shown.starts_with(env.dir.path().join("mptcpanalyzer-plots")),
        "{}",
        shown.display()
    );
    assert_eq!(png_size(&shown), png_size(&root().join("docs/img/dsn.png")));
}

#[test]
fn a_typo_of_a_command_suggests_it() {
    let env = Env::new();
    let o = cmd(&env, &[])
        .args(["lsit", "mptcp", "x.pcap"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown command \"lsit\"") && err.contains("did you mean `list`?"),
        "{err}"
    );
}

/// A plugin's image goes through the one atomic-write helper, as built-in plots do: an existing
/// output keeps its mode (a 0600 file stays 0600, instead of the 0644 of the temp file).
#[cfg(unix)]
#[test]
fn plot_plugin_output_keeps_the_mode_of_an_existing_file() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let dir = env.dir.path().join("bin");
    std::fs::create_dir(&dir).unwrap();
    plot_plugin(
        &dir,
        "tiny",
        "while [ $# -gt 0 ]; do case $1 in --output) o=$2;; esac; shift; done\n\
         echo '<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>' > \"$o\"",
    );
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let out = env.dir.path().join("t.svg");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = cmd(&env, &[&dir])
        .args(["plot", "tiny", s(&cap), "--mptcp", "0", "-o", s(&out)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("<svg"));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600);
}
