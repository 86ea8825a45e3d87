//! Bounds of plot arguments (issue 14 item 8): `plot throughput --window 1.79e308` looped forever
//! inside plotters, and plot time grew with the square of the `--title` length (16,384
//! characters: 29 s). Out-of-range values are command-line errors (exit 2, one message, no file),
//! checked before the capture is read; values at the bounds draw in bounded time.

use crate::util::{fixture, s, texts, Env};
use std::time::{Duration, Instant};

const CAPTURE: &str = "mptcp-v4-two-subflows.pcap";
/// Far above what a plot of the fixture takes, far below forever.
const LIMIT: Duration = Duration::from_secs(120);

/// Run `args` with `-o out`, killed after [`LIMIT`]: (exit code, stderr).
fn run(env: &Env, args: &[&str], out: &std::path::Path) -> (Option<i32>, String) {
    let o = env
        .cmd()
        .args(args)
        .args(["-o", s(out)])
        .timeout(LIMIT)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn throughput_window_out_of_range_is_a_usage_error() {
    let env = Env::new();
    let cap = fixture(CAPTURE);
    let out = env.dir.path().join("tp.svg");
    for w in [
        "1.79e308",
        "1e10",
        "1000000001",
        "inf",
        "NaN",
        "0",
        "-1",
        "1e-10",
        "5e-324",
        "abc",
    ] {
        let t = Instant::now();
        let (code, err) = run(
            &env,
            &[
                "plot",
                "throughput",
                s(&cap),
                "--mptcp",
                "0",
                &format!("--window={w}"),
            ],
            &out,
        );
        assert_eq!(code, Some(2), "--window {w}: {err}");
        assert!(err.contains("--window"), "{w}: {err}");
        assert!(err.contains("seconds"), "{w}: {err}");
        assert!(!out.exists());
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "{w}: {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn throughput_windows_at_the_bounds_draw() {
    let env = Env::new();
    let cap = fixture(CAPTURE);
    for (i, w) in ["1e9", "1e-9"].into_iter().enumerate() {
        let out = env.dir.path().join(format!("tp{i}.svg"));
        let (code, err) = run(
            &env,
            &["plot", "throughput", s(&cap), "--mptcp", "0", "--window", w],
            &out,
        );
        assert_eq!(code, Some(0), "--window {w}: {err}");
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(texts(&svg).iter().any(|t| t == "Throughput (bit/s)"), "{w}");
    }
}

#[test]
fn a_title_longer_than_512_characters_is_a_usage_error() {
    let env = Env::new();
    let cap = fixture(CAPTURE);
    let out = env.dir.path().join("dsn.svg");
    // 513 characters, multi-byte ones included: the bound counts characters, not bytes
    let long: String = "é".repeat(13) + &"t".repeat(500);
    assert_eq!(long.chars().count(), 513);
    for args in [
        vec!["dsn", s(&cap), "0"],
        vec!["throughput", s(&cap), "--mptcp", "0"],
    ] {
        let kind = args[0];
        let mut all = vec!["plot"];
        all.extend(args);
        all.extend(["--title", &long]);
        let (code, err) = run(&env, &all, &out);
        assert_eq!(code, Some(2), "{kind}: {err}");
        assert!(err.contains("513 characters"), "{err}");
        assert!(err.contains("512"), "{err}");
        assert!(!out.exists());
    }
    // 512 is fine, and the title is drawn
    let ok: String = "é".repeat(12) + &"t".repeat(500);
    let (code, err) = run(&env, &["plot", "dsn", s(&cap), "0", "--title", &ok], &out);
    assert_eq!(code, Some(0), "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    // (cut to the width of the image with an ellipsis)
    let head: String = ok.chars().take(40).collect();
    assert!(
        texts(&svg).iter().any(|t| t.starts_with(&head)),
        "title not drawn"
    );
}
