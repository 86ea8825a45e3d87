//! Inputs for the whole-pipeline fuzz target (`fuzz/fuzz_targets/pipeline.rs`, docs/fuzzing.md)
//! kept as regression tests, run on stable without libFuzzer: each file of
//! `tests/fuzz-regressions/` goes through the same in-memory pipeline the fuzz target runs
//! (`output::bytes::analyse_bytes`: reader, analysis with reinjections, `stats tcp`/`stats mptcp`
//! as JSON and CSV, the `pcap2csv` rows) and through the command-line tool (`stats mptcp`,
//! `pcap2csv`), with overflow checks on (the test profile). Nothing may panic; the tool exits 0
//! (with warnings) or 3 (damaged input) with one line naming the file.
//!
//! The directory holds the crafted inputs of the arithmetic sites of issue 14 item 14 (pcapng
//! blocks shorter than 12 bytes, in both byte orders; pcapng times at both ends of the range)
//! and every crash input the fuzzer finds, minimised (`cargo +nightly fuzz tmin pipeline FILE`).

use crate::util::{root, s, Env};

fn inputs() -> Vec<std::path::PathBuf> {
    let dir = root().join("tests").join("fuzz-regressions");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "md"))
        .collect();
    v.sort();
    assert!(v.len() >= 3, "{v:?}");
    v
}

#[test]
fn fuzz_regressions_do_not_panic_in_the_pipeline() {
    for path in inputs() {
        let data = std::fs::read(&path).unwrap();
        let r = std::panic::catch_unwind(|| mptcpanalyzer::output::bytes::analyse_bytes(&data));
        assert!(r.is_ok(), "{}: the pipeline panicked", path.display());
    }
}

#[test]
fn fuzz_regressions_are_one_line_errors_or_warnings_in_the_tool() {
    let env = Env::new();
    for path in inputs() {
        for args in [
            vec!["stats", "mptcp", "-f", "json", s(&path)],
            vec!["pcap2csv", s(&path)],
        ] {
            let out = env.cmd().args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            match out.status.code() {
                Some(0) => {}
                Some(3) => {
                    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
                    assert!(err.contains(s(&path)), "{args:?}: {err}");
                }
                c => panic!("{args:?}: exit {c:?}: {err}"),
            }
        }
    }
}
