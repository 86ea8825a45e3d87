//! Unit tests of the output files and temporary names.

use super::temp::parse_temp_name;
use super::*;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

fn write(path: &Path, policy: Policy, text: &str) {
    let out = OutputFile::create(path, policy, ".t-", ".tmp", 0o666).unwrap();
    out.file().write_all(text.as_bytes()).unwrap();
    out.commit().unwrap();
}

#[test]
fn existing_mode_is_kept_and_nothing_is_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("out.csv");
    std::fs::write(&p, "old").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    write(&p, Policy::UserOutput, "new");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    assert_eq!(std::fs::metadata(&p).unwrap().mode() & 0o7777, 0o640);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn dropped_without_commit_leaves_the_target_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("out.csv");
    std::fs::write(&p, "old").unwrap();
    let out = OutputFile::create(&p, Policy::UserOutput, ".t-", ".tmp", 0o666).unwrap();
    out.file().write_all(b"half").unwrap();
    drop(out);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn replace_never_follows_a_link_or_writes_into_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::write(&elsewhere, "keep me").unwrap();
    let link = dir.path().join("entry");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    write(&link, Policy::Replace, "entry");
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me");
    assert!(!link.is_symlink());
    assert_eq!(std::fs::read_to_string(&link).unwrap(), "entry");
    // and a user output through the link replaces its target
    let link2 = dir.path().join("out");
    std::os::unix::fs::symlink(&elsewhere, &link2).unwrap();
    write(&link2, Policy::UserOutput, "through");
    assert!(link2.is_symlink());
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "through");
}

#[test]
fn temp_names_of_ours_are_recognised_with_their_pid() {
    assert_eq!(
        parse_temp_name(".mptcpanalyzer-123-aB3dE9.tmp"),
        Some(Some(123))
    );
    assert_eq!(
        parse_temp_name(".mptcpanalyzer-plot-7-aB3dE9.png"),
        Some(Some(7))
    );
    assert_eq!(
        parse_temp_name(".mptcpanalyzer-tshark-42-zzzzzz"),
        Some(Some(42))
    );
    // names of earlier versions, without a PID
    assert_eq!(parse_temp_name(".mptcpanalyzer-aB3dE9.tmp"), Some(None));
    assert_eq!(
        parse_temp_name(".mptcpanalyzer-cache-aB3dE9.tmp"),
        Some(None)
    );
    for not_ours in [
        ".mptcpanalyzer-notes.txt",
        ".mptcpanalyzer-123-aB3dE9.csv",
        ".mptcpanalyzer-12x-aB3dE9.tmp",
        ".mptcpanalyzer-123-aB3.tmp",
        "mptcpanalyzer-123-aB3dE9.tmp",
        ".mptcpanalyzer-history",
    ] {
        assert_eq!(parse_temp_name(not_ours), None, "{not_ours}");
    }
    let p = temp_prefix("cache-");
    assert_eq!(
        parse_temp_name(&format!("{p}Q1w2E3.tmp")),
        Some(Some(std::process::id()))
    );
}

#[test]
fn a_directory_target_or_a_missing_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let e = OutputFile::create(dir.path(), Policy::UserOutput, ".t-", ".tmp", 0o666);
    assert!(matches!(e, Err(FsError::IsDirectory)));
    let e = OutputFile::create(
        &dir.path().join("no/such/file"),
        Policy::UserOutput,
        ".t-",
        ".tmp",
        0o666,
    );
    assert!(matches!(e, Err(FsError::NoDirectory(_))));
}

/// A signal arriving while a temporary file is being made (issue 14 item 10): the removal
/// waits for the file to be listed and removes it, and a file made after the removal is
/// removed at once, so no moment leaves one behind.
#[test]
fn a_removal_during_creation_leaves_no_temporary_file() {
    use super::temp::Registry;
    use std::sync::{mpsc, Arc};
    let dir = tempfile::tempdir().unwrap();
    let reg = Arc::new(Registry::new());
    let path = dir.path().join(".mptcpanalyzer-1-race");
    let (tx, rx) = mpsc::channel();
    let remover = {
        let reg = Arc::clone(&reg);
        std::thread::spawn(move || {
            rx.recv().unwrap();
            reg.remove_all()
        })
    };
    let (made, _id) = reg
        .create(
            || {
                // the "signal" arrives between the creation and the listing
                tx.send(()).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(100));
                std::fs::write(&path, "partial")?;
                Ok(path.clone())
            },
            |p| p.as_path(),
        )
        .unwrap();
    assert_eq!(
        remover.join().unwrap(),
        1,
        "the removal waited and removed it"
    );
    assert!(!made.exists());
    // made after the removal: refused and removed
    let late = dir.path().join(".mptcpanalyzer-1-late");
    let err = reg
        .create(
            || std::fs::write(&late, "x").map(|()| late.clone()),
            |p| p.as_path(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::Interrupted);
    assert!(!late.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
