//! Issue 14 item 6: `pcap2csv` reads a capture twice (reinjections point forward in time); a
//! capture cut between the passes gave a short CSV, exit 0 and no warning (492,879 of 1M
//! rows). The debug-only hook `MPTCPANALYZER_DEBUG_CUT_BEFORE_PASS2=N` (docs/testing.md) cuts
//! the file to N bytes between the passes, after the stamp check, as a writer racing with it.

use crate::util::*;

/// A copy of a committed fixture in the test's directory (the hook cuts it).
fn copy(env: &Env, name: &str) -> std::path::PathBuf {
    let dst = env.dir.path().join(name);
    std::fs::copy(fixture(name), &dst).unwrap();
    dst
}

#[test]
fn regression_a_capture_cut_between_the_passes_is_an_error_naming_it() {
    let env = Env::new();
    let mut backends = vec!["native"];
    if have_tshark() {
        // with the cache the tshark backend reads twice too (without, it keeps the packets)
        backends.push("tshark");
    }
    for backend in backends {
        let capture = copy(&env, "mptcp-v4-two-subflows.pcap");
        let half = std::fs::metadata(&capture).unwrap().len() / 2;
        let out = env.dir.path().join("rows.csv");
        let run = env
            .cmd()
            .env("MPTCPANALYZER_DEBUG_CUT_BEFORE_PASS2", half.to_string())
            .args(["--backend", backend, "pcap2csv", s(&capture), "-o", s(&out)])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(3), "{backend}: {err}");
        let line = err
            .lines()
            .find(|l| l.contains("error"))
            .unwrap_or_default();
        assert!(
            line.starts_with(&format!(
                "mptcpanalyzer: error: {}: the capture changed",
                capture.display()
            )),
            "{backend}: {err}"
        );
        // the second pass's own warning (the file now ends inside a record) reaches stderr
        assert!(
            err.contains("warning") && err.contains("truncated capture"),
            "{backend}: {err}"
        );
        assert!(!out.exists(), "{backend}: a partial output was left");
        // to stdout: what was written stays, the exit status says it is incomplete
        let capture = copy(&env, "mptcp-v4-two-subflows.pcap");
        let run = env
            .cmd()
            .env("MPTCPANALYZER_DEBUG_CUT_BEFORE_PASS2", half.to_string())
            .args(["--backend", backend, "pcap2csv", s(&capture)])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(3), "{backend}");
    }
}
