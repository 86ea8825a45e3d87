//! The interactive shell (`mptcpanalyzer shell`): batch mode and exit codes, one grammar with
//! the command line, loaded captures, plot display, and a real terminal (pty) for the line
//! editor, completion, history, Ctrl-C and Ctrl-D. Oracles: ../shared/pcaps/README.md numbers and
//! the command line's own output for the same command.

use crate::util::*;
use std::path::Path;
use std::process::Output;

/// `mptcpanalyzer` with the isolated XDG dirs of `env`, its history in `env`, and no display.
fn cmd(env: &Env) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.env("XDG_STATE_HOME", env.dir.path().join("state"))
        .env("TMPDIR", env.dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("MPTCPANALYZER_IMAGE_PROTOCOL")
        .env_remove("KITTY_WINDOW_ID")
        .env_remove("TERM_PROGRAM")
        .env_remove("LC_TERMINAL")
        .env("TERM", "xterm-256color");
    c
}

fn shell_c(env: &Env, extra: &[&str], lines: &str) -> Output {
    cmd(env)
        .arg("shell")
        .args(extra)
        .args(["-c", lines])
        .output()
        .unwrap()
}

/// Every JSON document in `out`, in order.
fn json_docs(out: &[u8]) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_slice(out)
        .into_iter::<serde_json::Value>()
        .map(|v| v.unwrap())
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn subflows(conn: &serde_json::Value) -> Vec<u64> {
    conn["subflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["tcp_stream"].as_u64().unwrap())
        .collect()
}

#[test]
fn shell_c_runs_lines_in_order_and_stops_at_the_first_failure() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let lines = format!(
        "load {}; list mptcp -f json; stats mptcp 9; list tcp -f json",
        s(&pcap)
    );
    let out = shell_c(&env, &[], &lines);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let docs = json_docs(&out.stdout);
    // only the line before the failure ran; README: MPTCP 0 = TCP 0, 1, 2, 6 ... 4 connections
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].as_array().unwrap().len(), 4);
    assert_eq!(subflows(&docs[0][0]), [0, 1, 2, 6]);
    assert_eq!(subflows(&docs[0][3]), [12, 13, 14, 15]);
    // the CLI's one-line message
    let cli = cmd(&env)
        .args(["stats", "mptcp", s(&pcap), "9"])
        .output()
        .unwrap();
    let cli_err = stderr(&cli);
    assert_eq!(cli.status.code(), Some(5));
    assert!(stderr(&out).contains(cli_err.trim()), "{}", stderr(&out));

    // --keep-going: every line, the first failure's code
    let lines = format!(
        "load {}; stats mptcp 9; frobnicate; list tcp -f json",
        s(&pcap)
    );
    let out = shell_c(&env, &["--keep-going"], &lines);
    assert_eq!(out.status.code(), Some(5));
    let docs = json_docs(&out.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].as_array().unwrap().len(), 16);
    let err = stderr(&out);
    assert!(
        err.contains("mptcpanalyzer: error: unknown command \"frobnicate\""),
        "{err}"
    );
    // a usage error first: exit 2
    let out = shell_c(
        &env,
        &["--keep-going"],
        "stats --frob; list tcp /nonexistent.pcap",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("/nonexistent.pcap"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn shell_answers_as_the_command_line_with_the_capture_omitted_or_named() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let two = fixture("mptcp-v4-two-subflows.pcap");
    let lines = format!(
        "load {} as c2; load {}; use c2; stats mptcp 0 -f json; stats mptcp c2 1 --dest server -f json; list tcp mptcp-v4-two-subflows -f json; captures",
        s(&pcap),
        s(&two)
    );
    let out = shell_c(&env, &[], &lines);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let table = text.find("\n  name ").unwrap();
    let docs = json_docs(&out.stdout[..table]);
    assert_eq!(docs.len(), 3, "{text}");
    assert_eq!(
        docs[0],
        env.json(&["stats", "mptcp", s(&pcap), "0", "-f", "json"])
    );
    assert_eq!(
        docs[1],
        env.json(&[
            "stats",
            "mptcp",
            s(&pcap),
            "1",
            "--dest",
            "server",
            "-f",
            "json"
        ])
    );
    assert_eq!(docs[2], env.json(&["list", "tcp", s(&two), "-f", "json"]));
    // README: client_2 has 2,884 frames; `captures` marks the current one
    let row = text.lines().find(|l| l.contains(" c2 ")).unwrap();
    assert!(row.starts_with('*'), "{text}");
    assert!(row.contains(" 2884 "), "{text}");
    // two-capture commands take loaded names too
    let server = shared_pcap("server_2.pcap").unwrap();
    let out = shell_c(
        &env,
        &[],
        &format!(
            "load {} as c; load {} as s; map mptcp c s -f json",
            s(&pcap),
            s(&server)
        ),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        json_docs(&out.stdout),
        [env.json(&["map", "mptcp", s(&pcap), s(&server), "-f", "json"])]
    );
    // help works as on the command line, and names the shell commands
    let out = shell_c(&env, &[], "stats --help");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        env.stdout(&["stats", "--help"])
    );
    let out = shell_c(&env, &[], "help");
    let text = String::from_utf8_lossy(&out.stdout);
    for c in ["load", "captures", "use", "unload", "source", "exit"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(c)),
            "{c}: {text}"
        );
    }
}

#[test]
fn shell_reads_stdin_and_source_files() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let script = env.dir.path().join("script.txt");
    std::fs::write(
        &script,
        "# a comment\nstats mptcp 0 --dest server -f json\nuse nothing\nlist tcp -f json\n",
    )
    .unwrap();
    let input = format!(
        "load {}\nsource {}\nlist mptcp -f json\n",
        s(&pcap),
        s(&script)
    );
    let out = cmd(&env).arg("shell").write_stdin(input).output().unwrap();
    // `use nothing` fails (usage, 2): the rest of the file and of stdin does not run
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let docs = json_docs(&out.stdout);
    assert_eq!(docs.len(), 1, "{}", String::from_utf8_lossy(&out.stdout));
    // README: MPTCP 0 towards the server: TCP 0 = 154 bytes, TCP 2 = 302
    let text = docs[0].to_string();
    assert!(text.contains("154") && text.contains("302"), "{text}");
    assert!(
        stderr(&out).contains("no loaded capture named \"nothing\""),
        "{}",
        stderr(&out)
    );
    // no prompt in batch mode
    assert!(!String::from_utf8_lossy(&out.stdout).contains("mptcpanalyzer>"));
    // an empty script succeeds
    let out = cmd(&env).arg("shell").write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// A shell reading piped stdin line by line, with its stdout read line by line.
struct Piped {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl Piped {
    fn new(env: &Env) -> Piped {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mptcpanalyzer"))
            .arg("shell")
            .env("XDG_CACHE_HOME", env.dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", env.config_home())
            .env("XDG_STATE_HOME", env.dir.path().join("state"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        Piped {
            stdin: child.stdin.take(),
            stdout: std::io::BufReader::new(child.stdout.take().unwrap()),
            child,
        }
    }

    fn send(&mut self, line: &str) {
        use std::io::Write;
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// The next JSON document on stdout (pretty-printed: it ends with a line `]` or `}`).
    fn json(&mut self) -> serde_json::Value {
        use std::io::BufRead;
        let mut text = String::new();
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "stdout ended: {text}"
            );
            text.push_str(&line);
            if line == "]\n" || line == "}\n" {
                return serde_json::from_str(&text).unwrap();
            }
        }
    }

    fn finish(mut self) -> Output {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        let mut err = Vec::new();
        use std::io::Read;
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_end(&mut err)
            .unwrap();
        let mut rest = Vec::new();
        self.stdout.read_to_end(&mut rest).unwrap();
        Output {
            status,
            stdout: rest,
            stderr: err,
        }
    }
}

#[test]
fn shell_reloads_a_capture_changed_on_disk() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let copy = env.dir.path().join("cap.pcap");
    std::fs::copy(&pcap, &copy).unwrap();
    let mut sh = Piped::new(&env);
    sh.send(&format!("load {}", s(&copy)));
    sh.send("list mptcp -f json");
    // README: 4 MPTCP connections
    assert_eq!(sh.json().as_array().unwrap().len(), 4);
    // the file is replaced by another capture (other size)
    std::fs::copy(fixture("mptcp-v4-two-subflows.pcap"), &copy).unwrap();
    sh.send("list mptcp -f json");
    let after = sh.json();
    let out = sh.finish();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(after, env.json(&["list", "mptcp", s(&copy), "-f", "json"]));
    assert_ne!(after.as_array().unwrap().len(), 4);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cap: {} changed on disk, reloading", s(&copy))),
        "{err}"
    );
}

/// A fake tshark that answers `--version` and then hangs (a long read).
fn hanging_tshark(env: &Env) -> std::path::PathBuf {
    let fake = env.dir.path().join("tshark");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'TShark (Wireshark) 4.0.17'; exit 0; fi\ntouch '{}'\nexec sleep 60\n",
            s(&env.dir.path().join("tshark-started"))
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    fake
}

/// PNG bytes in the kitty graphics sequences of `out`.
fn kitty_payload(out: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(out.to_vec()).unwrap();
    let mut b64 = String::new();
    for chunk in text.split("\x1b_G").skip(1) {
        let body = chunk.split("\x1b\\").next().unwrap();
        let (_, data) = body.split_once(';').unwrap();
        b64.push_str(data);
    }
    base64_decode(&b64)
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    } as u32;
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &c)| acc | val(c) << (18 - 6 * i));
        for k in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    out
}

#[test]
fn plot_display_inline_kitty_and_iterm2_carry_the_rendered_png() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let file = env.dir.path().join("dsn.png");
    cmd(&env)
        .args(["plot", "dsn", s(&pcap), "1", "-o", s(&file)])
        .assert()
        .success();
    let png = std::fs::read(&file).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // the command line, TERM=xterm-kitty
    let out = cmd(&env)
        .env("TERM", "xterm-kitty")
        .args(["plot", "dsn", s(&pcap), "1", "--display", "inline"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"\x1b_Gf=100,a=T,m=1;"));
    assert_eq!(kitty_payload(&out.stdout), png);
    // the shell, same figure
    let out = cmd(&env)
        .env("TERM", "xterm-kitty")
        .args([
            "shell",
            "-c",
            &format!("load {}; plot dsn 1 --display inline", s(&pcap)),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(kitty_payload(&out.stdout), png);
    // iTerm2
    let out = cmd(&env)
        .env("TERM_PROGRAM", "iTerm.app")
        .args(["plot", "dsn", s(&pcap), "1", "--display", "inline"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let head = format!(
        "\x1b]1337;File=inline=1;size={};preserveAspectRatio=1:",
        png.len()
    );
    assert!(text.starts_with(&head), "{:?}", &text[..60.min(text.len())]);
    let b64 = text[head.len()..].trim_end().trim_end_matches('\x07');
    assert_eq!(base64_decode(b64), png);
    // sixel: the raster size is the figure's
    let out = cmd(&env)
        .env("TERM", "foot")
        .args([
            "plot",
            "dsn",
            s(&pcap),
            "1",
            "--display",
            "inline",
            "--width",
            "300",
            "--height",
            "200",
        ])
        .output()
        .unwrap();
    assert!(
        out.stdout.starts_with(b"\x1bPq\"1;1;300;200#0;2;0;0;0"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.ends_with(b"\x1b\\\n"));
    // -o FILE writes the file and shows it
    let file2 = env.dir.path().join("again.png");
    let out = cmd(&env)
        .env("TERM", "xterm-kitty")
        .args([
            "plot",
            "dsn",
            s(&pcap),
            "1",
            "-o",
            s(&file2),
            "--display",
            "inline",
        ])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&file2).unwrap(), png);
    assert_eq!(kitty_payload(&out.stdout), png);
}

#[test]
fn plot_display_none_writes_nothing_and_no_terminal_prints_the_path() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let plots = env.dir.path().join("mptcpanalyzer-plots");
    let out = cmd(&env)
        .env("TERM", "xterm-kitty")
        .args(["plot", "dsn", s(&pcap), "1", "--display", "none"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(!plots.exists() || std::fs::read_dir(&plots).unwrap().count() == 0);
    // -o with --display none: the file only
    let file = env.dir.path().join("x.png");
    let out = cmd(&env)
        .env("TERM", "xterm-kitty")
        .args([
            "plot",
            "dsn",
            s(&pcap),
            "1",
            "-o",
            s(&file),
            "--display",
            "none",
        ])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    assert!(file.is_file());
    // not a terminal, no display, no viewer: the path of the rendered image on stdout
    let out = cmd(&env)
        .env("TERM", "xterm-kitty")
        .args(["plot", "dsn", s(&pcap), "1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let path = String::from_utf8(out.stdout).unwrap();
    let path = Path::new(path.trim());
    assert!(path.starts_with(&plots), "{}", path.display());
    assert_eq!(std::fs::read(path).unwrap(), std::fs::read(&file).unwrap());
    // the configured viewer gets the path
    let log = env.dir.path().join("viewer.log");
    let viewer = env.dir.path().join("viewer.sh");
    std::fs::write(&viewer, format!("#!/bin/sh\necho \"$@\" > {}\n", s(&log))).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&viewer, std::fs::Permissions::from_mode(0o755)).unwrap();
    let cfg = env.config_home().join("mptcpanalyzer");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("config"),
        format!("viewer = \"{} --flag\"\n", s(&viewer)),
    )
    .unwrap();
    let out = cmd(&env)
        .args(["plot", "dsn", s(&pcap), "1", "--display", "viewer"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // the viewer runs detached: wait for its line (up to 30 s on a loaded machine)
    for _ in 0..300 {
        if std::fs::read_to_string(&log).is_ok_and(|t| t.ends_with('\n')) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let args = std::fs::read_to_string(&log).unwrap();
    let shown = args.trim().strip_prefix("--flag ").unwrap();
    assert_eq!(std::fs::read(shown).unwrap(), std::fs::read(&file).unwrap());
    // without any viewer, --display viewer is a clear error
    std::fs::remove_file(cfg.join("config")).unwrap();
    let out = cmd(&env)
        .args(["plot", "dsn", s(&pcap), "1", "--display", "viewer"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}

#[test]
fn bash_completion_script_completes_connection_ids_of_client_2() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("mptcpanalyzer");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = root().join("completions").join("mptcpanalyzer.bash");
    let complete = |words: &[&str]| -> Vec<String> {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let prog = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; _mptcpanalyzer_data mptcpanalyzer \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            quoted.join(" "),
            words.len() - 1
        );
        let out = std::process::Command::new("bash")
            .args(["--norc", "-c", &prog])
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    // README: 4 MPTCP connections, 16 TCP connections
    assert_eq!(
        complete(&["mptcpanalyzer", "stats", "mptcp", s(&pcap), ""]),
        ["0", "1", "2", "3"]
    );
    let tcp: Vec<String> = (0..16).map(|i| i.to_string()).collect();
    assert_eq!(
        complete(&["mptcpanalyzer", "plot", "attr", s(&pcap), "--tcp", ""]),
        tcp
    );
    assert_eq!(
        complete(&["mptcpanalyzer", "plot", "dsn", s(&pcap), "1"]),
        ["1"]
    );
    // anything else: the static completion, which does not offer the helper
    assert!(complete(&["mptcpanalyzer", "sta"]).contains(&"stats".to_string()));
    let all = complete(&["mptcpanalyzer", ""]);
    assert!(all.contains(&"shell".to_string()), "{all:?}");
    assert!(!all.iter().any(|c| c.contains("complete")), "{all:?}");
    let dest = complete(&[
        "mptcpanalyzer",
        "stats",
        "mptcp",
        s(&pcap),
        "0",
        "--dest",
        "",
    ]);
    assert_eq!(dest, ["client", "server", "both"]);
}

#[test]
fn complete_helper_describes_ids_for_zsh_and_fish() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let out = env.stdout(&[
        "__complete",
        "--shell",
        "fish",
        "--cword",
        "4",
        "--",
        "mptcpanalyzer",
        "stats",
        "mptcp",
        s(&pcap),
        "",
    ]);
    // README: MPTCP 0 = TCP 0, 1, 2, 6, master TCP 0 10.0.0.1:59482 -> 10.0.0.2:5201; its payload
    // 154 + 302 (towards the server) + 2 + 306 (towards the client) = 764 bytes
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "0\t10.0.0.1:59482 -> 10.0.0.2:5201, 4 subflows, 764 B"
    );
    assert_eq!(out.lines().count(), 4);
    let out = env.stdout(&[
        "__complete",
        "--shell",
        "zsh",
        "--cword",
        "4",
        "--",
        "mptcpanalyzer",
        "stats",
        "tcp",
        s(&pcap),
        "",
    ]);
    assert!(
        out.starts_with("0:10.0.0.1:59482 -> 10.0.0.2:5201, "),
        "{out}"
    );
    assert_eq!(out.lines().count(), 16);
    // nothing to add elsewhere (the script falls back to its static completion)
    assert_eq!(
        env.stdout(&["__complete", "--cword", "1", "--", "mptcpanalyzer", "st"]),
        ""
    );
}

/// The shell in a pseudo-terminal.
fn pty(env: &Env, args: &[&str], term: &str) -> rexpect::session::PtySession {
    pty_with(env, args, term, &[])
}

/// [`pty`] with more environment variables.
fn pty_with(
    env: &Env,
    args: &[&str],
    term: &str,
    vars: &[(&str, &str)],
) -> rexpect::session::PtySession {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("mptcpanalyzer"));
    c.envs(vars.iter().copied());
    c.args(args)
        .env("XDG_CACHE_HOME", env.dir.path().join("cache"))
        .env("XDG_CONFIG_HOME", env.config_home())
        .env("XDG_STATE_HOME", env.dir.path().join("state"))
        .env("TMPDIR", env.dir.path())
        .env("TERM", term)
        // messages are coloured on a terminal: these tests read the plain text
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("MPTCPANALYZER_IMAGE_PROTOCOL")
        .env_remove("KITTY_WINDOW_ID")
        .env_remove("TERM_PROGRAM")
        .env_remove("LC_TERMINAL");
    rexpect::session::spawn_command(c, Some(20_000)).unwrap()
}

const UP: &str = "\x1b[A";

fn send(p: &mut rexpect::session::PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

#[test]
fn pty_tab_completes_ids_values_and_names_history_and_ctrl_d() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let mut p = pty(&env, &["shell", s(&pcap)], "xterm");
    p.exp_string("mptcpanalyzer [client_2]> ").unwrap();
    // two Tabs list the candidates: the MPTCP ids, described. README: MPTCP 0's master is
    // TCP 0, 10.0.0.1:59482 -> 10.0.0.2:5201, 4 subflows, 154 + 302 + 2 + 306 = 764 bytes
    send(&mut p, "stats mptcp \t\t");
    p.exp_string("0         10.0.0.1:59482 -> 10.0.0.2:5201, 4 subflows, 764 B")
        .unwrap();
    p.exp_string("3  ").unwrap();
    // one candidate: Tab completes it (`0` then a space)
    // (`--de` is shared by --dest and --detail)
    send(&mut p, "0 --des\t");
    p.exp_string("--dest ").unwrap();
    send(&mut p, "\t\t");
    p.exp_string("client").unwrap();
    p.exp_string("both").unwrap();
    send(&mut p, "se\t");
    p.exp_string("server ").unwrap();
    p.send_line("").unwrap();
    // README: MPTCP 0 towards the server: 456 bytes
    p.exp_string("| towards server\r\n").unwrap();
    p.exp_string("data                 | 456 B\r\n").unwrap();
    p.exp_string("mptcpanalyzer [client_2]> ").unwrap();
    // history: Up brings the line back
    send(&mut p, UP);
    p.send_line("").unwrap();
    p.exp_string("| towards server\r\n").unwrap();
    p.exp_string("data                 | 456 B\r\n").unwrap();
    p.exp_string("mptcpanalyzer [client_2]> ").unwrap();
    // capture names
    let two = fixture("mptcp-v4-two-subflows.pcap");
    p.send_line(&format!("load {} as two", s(&two))).unwrap();
    p.exp_string("mptcpanalyzer [two]> ").unwrap();
    send(&mut p, "use \t\t");
    p.exp_string("client_2").unwrap();
    p.exp_string("loaded capture").unwrap();
    send(&mut p, "cl\t");
    p.exp_string("client_2 ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("mptcpanalyzer [client_2]> ").unwrap();
    // a bad line: the CLI's one-line message, and the shell goes on
    p.send_line("stats mptcp 42").unwrap();
    p.exp_string("no MPTCP connection with id 42 (the capture has ids 0-3)")
        .unwrap();
    p.exp_string("mptcpanalyzer [client_2]> ").unwrap();
    // Ctrl-D leaves
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    let history =
        std::fs::read_to_string(env.dir.path().join("state/mptcpanalyzer/history")).unwrap();
    assert!(
        history.lines().any(|l| l == "stats mptcp 0 --dest server "),
        "{history}"
    );
    assert!(history.lines().any(|l| l == "stats mptcp 42"), "{history}");
}

#[test]
fn pty_ctrl_c_cancels_a_long_read_and_leaves_no_partial_file() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let fake = hanging_tshark(&env);
    let mut p = pty(
        &env,
        &[
            "--no-cache",
            "--backend",
            "tshark",
            "--tshark",
            s(&fake),
            "shell",
        ],
        "xterm",
    );
    p.exp_string("mptcpanalyzer> ").unwrap();
    let out = env.dir.path().join("out.csv");
    p.send_line(&format!("pcap2csv {} -o {}", s(&pcap), s(&out)))
        .unwrap();
    // Ctrl-C once the (fake) tshark read is under way
    let started = env.dir.path().join("tshark-started");
    for _ in 0..200 {
        if started.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(started.exists(), "the fake tshark never started");
    std::thread::sleep(std::time::Duration::from_millis(100));
    p.send_control('c').unwrap();
    p.exp_string("mptcpanalyzer: error: interrupted").unwrap();
    p.exp_string("mptcpanalyzer> ").unwrap();
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".mptcpanalyzer"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Ctrl-C at the prompt: a fresh line; the shell still answers
    send(&mut p, "half a line");
    p.exp_string("half a line").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("mptcpanalyzer> ").unwrap();
    p.send_line("--backend native list mptcp ../nonexistent.pcap")
        .unwrap();
    // wait for the message and the next prompt: a line typed while the prompt is being set
    // up can be swallowed by the line editor's cursor-position query (rustyline reads up to
    // 100 ms of input looking for the terminal's answer, which a bare pty never gives)
    p.exp_string("../nonexistent.pcap: No such file or directory")
        .unwrap();
    p.exp_string("mptcpanalyzer> ").unwrap();
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn pty_plot_without_output_shows_inline_in_kitty() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let mut p = pty(&env, &["shell", s(&pcap)], "xterm-kitty");
    p.exp_string("mptcpanalyzer [client_2]> ").unwrap();
    p.send_line("plot dsn 1 --width 300 --height 200").unwrap();
    p.exp_string("\x1b_Gf=100,a=T,m=").unwrap();
    p.exp_string("mptcpanalyzer [client_2]> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    // shown inline, the temporary image is gone
    let plots = env.dir.path().join("mptcpanalyzer-plots");
    assert!(!plots.exists() || std::fs::read_dir(&plots).unwrap().count() == 0);
}

#[test]
fn no_command_starts_the_shell_on_a_terminal_and_prints_help_otherwise() {
    let env = Env::new();
    // no terminal: the help on stderr and exit 2, as before the shell existed
    let out = cmd(&env).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("Usage: mptcpanalyzer"), "{err}");
    assert!(err.contains("shell"), "{err}");
    // a terminal: a one-line hint, then the prompt
    let mut p = pty(&env, &[], "xterm");
    p.exp_string("starting the interactive shell").unwrap();
    p.exp_string("mptcpanalyzer> ").unwrap();
    send(&mut p, "exit\r");
    p.exp_eof().unwrap();
}

#[test]
fn slow_lines_print_their_time_and_the_display_default_opens_xdg_open() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    // a tshark that takes 1.3 s and fails
    let slow = env.dir.path().join("slow-tshark");
    std::fs::write(
        &slow,
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'TShark (Wireshark) 4.0.17'; exit 0; fi\nsleep 1.3\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = shell_c(
        &env,
        &["--no-cache", "--backend", "tshark", "--tshark", s(&slow)],
        &format!(
            "list tcp {}; --backend native list tcp {} -f json",
            s(&pcap),
            s(&pcap)
        ),
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    let times: Vec<&str> = err
        .lines()
        .filter_map(|l| {
            l.strip_prefix("mptcpanalyzer: note: took ")?
                .strip_suffix(" s")
        })
        .collect();
    assert_eq!(times.len(), 1, "{err}");
    let secs: f64 = times[0].parse().unwrap();
    assert!((1.3..5.0).contains(&secs), "{err}");
    // a display and no viewer configured: xdg-open gets the image
    let bin = env.dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = env.dir.path().join("xdg-open.log");
    std::fs::write(
        bin.join("xdg-open"),
        format!("#!/bin/sh\necho \"$@\" > {}\n", s(&log)),
    )
    .unwrap();
    std::fs::set_permissions(bin.join("xdg-open"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = cmd(&env)
        .env(
            "PATH",
            format!("{}:{}", s(&bin), std::env::var("PATH").unwrap_or_default()),
        )
        .env("DISPLAY", ":99")
        .args(["plot", "dsn", s(&pcap), "1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    // the viewer runs detached: wait for its line (up to 30 s on a loaded machine)
    for _ in 0..300 {
        if std::fs::read_to_string(&log).is_ok_and(|t| t.ends_with('\n')) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let shown = std::fs::read_to_string(&log).unwrap();
    let png = std::fs::read(shown.trim()).unwrap();
    assert_eq!(&png[1..4], b"PNG");
}

#[test]
fn shell_answers_from_memory_after_the_file_is_removed() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let copy = env.dir.path().join("gone.pcap");
    std::fs::copy(&pcap, &copy).unwrap();
    let mut sh = Piped::new(&env);
    sh.send(&format!("load {}", s(&copy)));
    sh.send("list mptcp -f json");
    let before = sh.json();
    // README: 4 MPTCP connections
    assert_eq!(before.as_array().unwrap().len(), 4);
    std::fs::remove_file(&copy).unwrap();
    // every command on the loaded capture answers without the file
    let expect = |args: &[&str]| {
        let mut all = args.to_vec();
        all.insert(2, s(&pcap));
        env.json(&all)
    };
    sh.send("list mptcp -f json");
    assert_eq!(sh.json(), before);
    sh.send("list tcp -f json");
    assert_eq!(sh.json(), expect(&["list", "tcp", "-f", "json"]));
    sh.send("stats mptcp 1 --dest server -f json");
    assert_eq!(
        sh.json(),
        expect(&["stats", "mptcp", "1", "--dest", "server", "-f", "json"])
    );
    sh.send("stats tcp -f json");
    assert_eq!(sh.json(), expect(&["stats", "tcp", "-f", "json"]));
    sh.send("captures");
    let out = sh.finish();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("gone.pcap:"), "{}", stderr(&out));
    // the capture is still listed
    assert!(String::from_utf8_lossy(&out.stdout).contains(" gone "));
}

#[test]
fn two_capture_commands_plots_and_pcap2csv_answer_from_loaded_captures() {
    let (Some(client), Some(server)) = (shared_pcap("client_2.pcap"), shared_pcap("server_2.pcap"))
    else {
        return;
    };
    let env = Env::new();
    let dir = env.dir.path().join("caps");
    std::fs::create_dir(&dir).unwrap();
    let (c, sv) = (dir.join("client_2.pcap"), dir.join("server_2.pcap"));
    std::fs::copy(&client, &c).unwrap();
    std::fs::copy(&server, &sv).unwrap();
    // (shell line with the loaded names, the command line's arguments), JSON on stdout
    let json_lines: [(&str, Vec<&str>); 7] = [
        ("map tcp c s -f json", vec!["map", "tcp", s(&c), s(&sv)]),
        (
            "map mptcp c s 1 --all -f json",
            vec!["map", "mptcp", s(&c), s(&sv), "1", "--all"],
        ),
        (
            "owd c s --mptcp 1 -f json",
            vec!["owd", s(&c), s(&sv), "--mptcp", "1"],
        ),
        (
            "owd c s --tcp 0 --per-packet -f json",
            vec!["owd", s(&c), s(&sv), "--tcp", "0", "--per-packet"],
        ),
        (
            "reinjections c s --mptcp 1 -f json",
            vec!["reinjections", s(&c), s(&sv), "--mptcp", "1"],
        ),
        (
            "reinjections c --mptcp 1 -f json",
            vec!["reinjections", s(&c), "--mptcp", "1"],
        ),
        (
            "receiver c s --mptcp 1 --dest server -f json",
            vec![
                "receiver",
                s(&c),
                s(&sv),
                "--mptcp",
                "1",
                "--dest",
                "server",
            ],
        ),
    ];
    // (shell line without its output, the command line's arguments), files written with -o
    let file_lines: [(&str, Vec<&str>, &str); 7] = [
        (
            "pcap2csv --mptcp 1",
            vec!["pcap2csv", s(&c), "--mptcp", "1"],
            "csv",
        ),
        ("pcap2csv s", vec!["pcap2csv", s(&sv)], "csv"),
        (
            "plot dsn 1 --dack",
            vec!["plot", "dsn", s(&c), "1", "--dack"],
            "svg",
        ),
        (
            "plot throughput --tcp 2",
            vec!["plot", "throughput", s(&c), "--tcp", "2"],
            "svg",
        ),
        (
            "plot attr --tcp 2 seq payload_len",
            vec!["plot", "attr", s(&c), "--tcp", "2", "seq", "payload_len"],
            "svg",
        ),
        (
            "plot owd c s --mptcp 1",
            vec!["plot", "owd", s(&c), s(&sv), "--mptcp", "1"],
            "svg",
        ),
        (
            "plot reinjections c s --mptcp 1",
            vec!["plot", "reinjections", s(&c), s(&sv), "--mptcp", "1"],
            "svg",
        ),
    ];
    let expected_json: Vec<serde_json::Value> = json_lines
        .iter()
        .map(|(_, args)| {
            let mut a = args.clone();
            a.extend(["-f", "json"]);
            env.json(&a)
        })
        .collect();
    let expected_files: Vec<Vec<u8>> = file_lines
        .iter()
        .enumerate()
        .map(|(i, (_, args, ext))| {
            let out = env.dir.path().join(format!("cli-{i}.{ext}"));
            let o = cmd(&env).args(args).args(["-o", s(&out)]).output().unwrap();
            assert!(o.status.success(), "{args:?}: {}", stderr(&o));
            std::fs::read(&out).unwrap()
        })
        .collect();

    let mut sh = Piped::new(&env);
    sh.send(&format!("load {} as s", s(&sv)));
    sh.send(&format!("load {} as c", s(&c)));
    sh.send("list mptcp -f json");
    // README: 4 MPTCP connections
    assert_eq!(sh.json().as_array().unwrap().len(), 4);
    std::fs::remove_file(&c).unwrap();
    std::fs::remove_file(&sv).unwrap();
    for ((line, _), want) in json_lines.iter().zip(&expected_json) {
        sh.send(line);
        assert_eq!(&sh.json(), want, "{line}");
    }
    for (i, (line, _, ext)) in file_lines.iter().enumerate() {
        let out = env.dir.path().join(format!("shell-{i}.{ext}"));
        sh.send(&format!("{line} -o {}", s(&out)));
    }
    // the lines run in order: once this answers, every file above is written
    sh.send("list tcp -f json");
    sh.json();
    let done = sh.finish();
    assert!(done.status.success(), "{}", stderr(&done));
    for (i, ((line, _, ext), want)) in file_lines.iter().zip(&expected_files).enumerate() {
        let got = std::fs::read(env.dir.path().join(format!("shell-{i}.{ext}")))
            .unwrap_or_else(|e| panic!("{line}: {e}\n{}", stderr(&done)));
        assert!(&got == want, "{line}: not the command line's file");
    }
    // nothing was read again (a read of a removed file would have failed the line)
    assert!(!stderr(&done).contains("error"), "{}", stderr(&done));
}

/// A capture of `copies` back-to-back copies of a kernel fixture (time-shifted, frames cut to
/// 160 bytes: every header kept), large enough that reading it takes seconds in a debug build.
fn large_capture(out: &Path, copies: u64) {
    let (linktype, recs) = pcap_records(&fixture("mptcp-v4-two-subflows.pcap"));
    let first = recs.first().unwrap().0;
    let span = recs.last().unwrap().0 - first + 1_000_000_000;
    let all = (0..copies).flat_map(|k| {
        recs.iter().map(move |(ns, data, orig)| {
            (ns + k * span, data[..data.len().min(160)].to_vec(), *orig)
        })
    });
    write_pcap(out, linktype, all);
}

#[test]
fn pty_ctrl_c_during_a_long_native_read_returns_to_the_prompt_and_leaves_no_file() {
    let env = Env::new();
    // 1000 copies of 399 frames: 399,000 frames, about 55 MB
    let big = env.dir.path().join("big.pcap");
    large_capture(&big, 1000);
    let mut p = pty(&env, &["shell"], "xterm");
    p.exp_string("mptcpanalyzer> ").unwrap();
    let out = env.dir.path().join("out.csv");
    p.send_line(&format!("pcap2csv {} -o {}", s(&big), s(&out)))
        .unwrap();
    // the progress bar says the read is under way: Ctrl-C
    p.exp_string("reading big.pcap").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("mptcpanalyzer: error: interrupted").unwrap();
    p.exp_string("mptcpanalyzer> ").unwrap();
    // nothing written: no output, no temporary file, no cache entry (complete or partial)
    assert!(!out.exists());
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
            if e.file_type().unwrap().is_dir() {
                files(&e.path(), out);
            } else {
                out.push(e.path());
            }
        }
    }
    let mut left = Vec::new();
    files(env.dir.path(), &mut left);
    let history = env.dir.path().join("state/mptcpanalyzer/history");
    left.retain(|f| *f != big && *f != history);
    assert!(left.is_empty(), "{left:?}");
    // the capture was not kept, and the next command works
    p.send_line("captures").unwrap();
    p.exp_string("no capture loaded").unwrap();
    p.exp_string("mptcpanalyzer> ").unwrap();
    let two = fixture("mptcp-v4-two-subflows.pcap");
    p.send_line(&format!("list mptcp {}", s(&two))).unwrap();
    // the fixture's manifest: one MPTCP connection, numbered 0
    p.exp_string("MPTCP connection 0").unwrap();
    p.exp_string("mptcpanalyzer> ").unwrap();
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn pty_a_panicking_command_loses_no_history() {
    let env = Env::new();
    let two = fixture("mptcp-v4-two-subflows.pcap");
    // the test-only `__panic` line (debug builds, MPTCPANALYZER_TEST_PANIC set: docs/testing.md)
    let mut p = pty_with(
        &env,
        &["shell", s(&two)],
        "xterm",
        &[("MPTCPANALYZER_TEST_PANIC", "1")],
    );
    let prompt = "mptcpanalyzer [mptcp-v4-two-subflows]> ";
    p.exp_string(prompt).unwrap();
    p.send_line("list mptcp").unwrap();
    // the fixture's manifest: one MPTCP connection, numbered 0
    p.exp_string("MPTCP connection 0").unwrap();
    p.exp_string(prompt).unwrap();
    p.send_line("__panic").unwrap();
    p.exp_string("internal error: the command panicked (the shell goes on)")
        .unwrap();
    p.exp_string(prompt).unwrap();
    // the shell goes on, its history in memory too: Up brings the panicking line back
    send(&mut p, UP);
    p.exp_string("__panic").unwrap();
    p.send_control('c').unwrap();
    p.exp_string(prompt).unwrap();
    p.send_line("stats mptcp 0").unwrap();
    p.exp_string("towards the server").unwrap();
    p.exp_string(prompt).unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    let history =
        std::fs::read_to_string(env.dir.path().join("state/mptcpanalyzer/history")).unwrap();
    let lines: Vec<&str> = history.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        ["list mptcp", "__panic", "stats mptcp 0"],
        "{history}"
    );
    // without the variable the word is no command at all
    let out = shell_c(&env, &[], "__panic");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// `PATH` with the binary under test first.
fn path_with_binary() -> String {
    let bin = assert_cmd::cargo::cargo_bin("mptcpanalyzer");
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn fish_completion_script_completes_described_connection_ids_of_client_2() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    if !have_program("fish") {
        return;
    }
    let script = root().join("completions").join("mptcpanalyzer.fish");
    // fish's own completion engine (`complete -C`) on a command line, with our script loaded
    let complete = |line: &str| -> Vec<String> {
        let out = std::process::Command::new("fish")
            .args(["--no-config", "-c"])
            .arg(format!(
                "source '{}'; complete -C '{line}'",
                script.display()
            ))
            .env("PATH", path_with_binary())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    };
    // README: 4 MPTCP connections; MPTCP 0's master is TCP 0, 10.0.0.1:59482 -> 10.0.0.2:5201,
    // 4 subflows, 154 + 302 + 2 + 306 = 764 bytes of payload
    let got = complete(&format!("mptcpanalyzer stats mptcp {} ", s(&pcap)));
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(
        got[0],
        "0\t10.0.0.1:59482 -> 10.0.0.2:5201, 4 subflows, 764 B"
    );
    let ids: Vec<&str> = got.iter().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(ids, ["0", "1", "2", "3"]);
    // after --tcp (an option's value): the 16 TCP ids; those starting with 1 for `1`
    // (README: 16 TCP connections; TCP 0 is 10.0.0.1:59482 -> 10.0.0.2:5201)
    let got = complete(&format!("mptcpanalyzer plot attr {} --tcp ", s(&pcap)));
    assert_eq!(got.len(), 16, "{got:?}");
    assert!(
        got[0].starts_with("0\t10.0.0.1:59482 -> 10.0.0.2:5201, "),
        "{got:?}"
    );
    let got = complete(&format!("mptcpanalyzer plot attr {} --tcp 1", s(&pcap)));
    let ids: Vec<&str> = got.iter().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(ids, ["1", "10", "11", "12", "13", "14", "15"]);
    // elsewhere the static completion answers
    let got = complete("mptcpanalyzer sta");
    assert!(got.iter().any(|l| l.starts_with("stats\t")), "{got:?}");
}

#[test]
fn zsh_completion_script_completes_described_connection_ids_of_client_2() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    if !have_program("zsh") {
        return;
    }
    // an interactive zsh in a terminal, its completion system on, our script loaded; Tab
    let mut c = std::process::Command::new("zsh");
    c.args(["-f", "-i"])
        .current_dir(root())
        .env("PATH", path_with_binary())
        .env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(c, Some(20_000)).unwrap();
    p.send_line(
        "PS1='zsh> '; autoload -U compinit; compinit -u -D; source completions/_mptcpanalyzer",
    )
    .unwrap();
    p.exp_string("zsh> ").unwrap();
    send(
        &mut p,
        &format!("mptcpanalyzer stats mptcp {} \t", s(&pcap)),
    );
    // README: MPTCP 0's master is TCP 0, 10.0.0.1:59482 -> 10.0.0.2:5201, 4 subflows, 764 bytes
    p.exp_string("0  -- 10.0.0.1:59482 -> 10.0.0.2:5201, 4 subflows, 764 B")
        .unwrap();
    p.exp_string("3  -- ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("zsh> ").unwrap();
    // after --tcp 1: the TCP ids starting with 1 (README: TCP 1 is 11.0.0.1:60453 ->
    // 11.0.0.2:5201), 1 and 10 to 15
    send(
        &mut p,
        &format!("mptcpanalyzer plot attr {} --tcp 1\t", s(&pcap)),
    );
    p.exp_string("1   -- 11.0.0.1:60453 -> 11.0.0.2:5201, ")
        .unwrap();
    p.exp_string("15  -- ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("zsh> ").unwrap();
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

/// The shell's status lines (a capture loaded, none loaded) are notes in the one message
/// scheme (`mptcpanalyzer: note: ...` on stderr), silenced by `-q` as every note; stdout
/// stays data.
#[test]
fn shell_status_lines_are_notes_of_the_one_message_scheme() {
    let env = Env::new();
    let two = fixture("mptcp-v4-two-subflows.pcap");
    let out = shell_c(&env, &[], "captures");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "mptcpanalyzer: note: no capture loaded (load CAPTURE [as NAME])\n"
    );
    assert!(out.stdout.is_empty());
    let out = shell_c(&env, &[], &format!("load {} as two", s(&two)));
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    // the fixture's manifest: one MPTCP connection over two subflows (TCP connections)
    assert!(
        err.starts_with("mptcpanalyzer: note: two: ")
            && err.contains(" frames, 2 TCP connections, 1 MPTCP connections ("),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty());
    let out = shell_c(&env, &["-q"], &format!("load {} as two; captures", s(&two)));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    // an error in the shell has the same scheme
    let out = shell_c(&env, &[], "stats mptcp nothing 0");
    // no such file: an input error (exit 3)
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("mptcpanalyzer: error: "),
        "{}",
        stderr(&out)
    );
}
