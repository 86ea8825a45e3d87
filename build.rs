//! Records the git commit the binary is built from, for `mptcpanalyzer --version`.
//!
//! Precedence: the environment variable `MPTCPANALYZER_GIT_COMMIT` (packagers building from a
//! tarball can set it), else `git rev-parse` when the sources are a git checkout (a worktree
//! too), else "unknown" (a release tarball without `.git`: the build never fails for it).

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn main() {
    println!("cargo:rerun-if-env-changed=MPTCPANALYZER_GIT_COMMIT");
    let commit = match std::env::var("MPTCPANALYZER_GIT_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_string(),
        // a tarball unpacked inside some other git checkout is not that checkout's commit
        _ if git(&["rev-parse", "--show-toplevel"]).and_then(|p| std::fs::canonicalize(p).ok())
            != std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).ok() =>
        {
            "unknown".to_string()
        }
        _ => {
            // rebuild when the checked-out commit moves (HEAD, the branch it points to, packed refs)
            let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
            watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
            for name in watched {
                if let Some(p) = git(&["rev-parse", "--git-path", &name]) {
                    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p);
                    println!("cargo:rerun-if-changed={}", p.display());
                }
            }
            match git(&["rev-parse", "--short=12", "HEAD"]) {
                Some(c) => c,
                None => "unknown".to_string(),
            }
        }
    };
    println!("cargo:rustc-env=MPTCPANALYZER_GIT_COMMIT={commit}");
}
