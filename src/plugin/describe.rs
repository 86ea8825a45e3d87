//! The describe document: `mptcpanalyzer-NAME --mptcpanalyzer-describe` prints one JSON object
//! on stdout (schema: `docs/plugin-describe.schema.json`).

use super::{Kind, PluginEnv};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The argument that asks a plugin to describe itself.
pub const DESCRIBE_FLAG: &str = "--mptcpanalyzer-describe";
/// How long a plugin may take to describe itself before it is killed and listed as broken.
pub const DESCRIBE_TIMEOUT: Duration = Duration::from_secs(2);
/// Largest describe document read.
const MAX_DOCUMENT: u64 = 64 * 1024;

/// What a plugin says about itself. Unknown fields are ignored (later versions may add some).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Describe {
    /// The plugin's name: its file name without `mptcpanalyzer-` (and `plot-`).
    pub name: String,
    pub kind: Kind,
    /// One line for listings and help.
    pub summary: String,
    /// The plugin's own flags (for a plot: those given after `--`).
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// CSV schema versions the plugin reads (plot plugins); absent: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv_schema: Option<Vec<u32>>,
}

/// One flag of a plugin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// `--name` (long form, with its dashes).
    pub name: String,
    /// One line of help.
    pub help: String,
    /// The value's placeholder (`MS`); absent for a switch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The accepted values, when there is a fixed set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// Ask the plugin at `path` to describe itself, and check what it says: `Err` is the reason it
/// is broken (does not run, hangs, exits non-zero, prints no valid document, or a document for
/// another kind or name).
pub fn describe(path: &Path, kind: Kind, name: &str, env: &PluginEnv) -> Result<Describe, String> {
    let out = run_with_timeout(path, env)?;
    let doc: Describe = serde_json::from_slice(&out)
        .map_err(|e| format!("its describe document is not valid: {e}"))?;
    check(&doc, kind, name)?;
    Ok(doc)
}

/// The fields' rules (those of the JSON Schema that serde does not check).
pub fn check(doc: &Describe, kind: Kind, name: &str) -> Result<(), String> {
    if doc.kind != kind {
        return Err(format!(
            "it describes itself as a {} plugin, its file name makes it a {} plugin",
            doc.kind.as_str(),
            kind.as_str()
        ));
    }
    if doc.name != name {
        return Err(format!(
            "it describes itself as {:?}, its file name says {name:?}",
            doc.name
        ));
    }
    let one_line = |s: &str| !s.trim().is_empty() && !s.contains(['\n', '\r']) && s.len() <= 200;
    if !one_line(&doc.summary) {
        return Err("its summary must be one non-empty line of at most 200 bytes".into());
    }
    for f in &doc.flags {
        let body = f.name.strip_prefix("--").unwrap_or("");
        if !super::valid_name(body) {
            return Err(format!(
                "flag {:?}: a flag name is -- and [a-z0-9][a-z0-9-]*",
                f.name
            ));
        }
        if !one_line(&f.help) {
            return Err(format!(
                "flag {}: its help must be one non-empty line",
                f.name
            ));
        }
        if !f.choices.is_empty() && f.value.is_none() {
            return Err(format!(
                "flag {}: choices given for a switch (no value)",
                f.name
            ));
        }
    }
    if doc.csv_schema.as_ref().is_some_and(|v| v.is_empty()) {
        return Err("csv_schema is an empty list".into());
    }
    Ok(())
}

/// Run `path --mptcpanalyzer-describe`; its stdout when it exits 0 within the timeout.
fn run_with_timeout(path: &Path, env: &PluginEnv) -> Result<Vec<u8>, String> {
    let mut cmd = Command::new(path);
    cmd.arg(DESCRIBE_FLAG)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    env.apply(&mut cmd);
    let mut child = cmd.spawn().map_err(|e| format!("cannot run it: {e}"))?;
    // read both pipes on threads: a plugin filling a pipe must not block on us
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(p) = pipe {
                let _ = p.take(MAX_DOCUMENT).read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= DESCRIBE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                // the reader threads are left to finish on their own: a grandchild may hold
                // the pipes open
                return Err(format!(
                    "it did not answer {DESCRIBE_FLAG} within {} s (killed)",
                    DESCRIBE_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for it: {e}")),
        }
    };
    let out = stdout.join().unwrap_or_default();
    if !status.success() {
        let err = stderr.join().unwrap_or_default();
        let first = String::from_utf8_lossy(&err)
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(|l| format!(": {}", l.trim()))
            .unwrap_or_default();
        return Err(format!("{DESCRIBE_FLAG} failed ({status}){first}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> Describe {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn checks() {
        let d = doc(
            r#"{"name":"rtt","kind":"plot","summary":"RTT","flags":[{"name":"--max","help":"h","value":"MS"}]}"#,
        );
        assert_eq!(check(&d, Kind::Plot, "rtt"), Ok(()));
        assert!(check(&d, Kind::Command, "rtt")
            .unwrap_err()
            .contains("plot plugin"));
        assert!(check(&d, Kind::Plot, "other")
            .unwrap_err()
            .contains("\"rtt\""));
        let d = doc(r#"{"name":"rtt","kind":"plot","summary":"two\nlines"}"#);
        assert!(check(&d, Kind::Plot, "rtt").is_err());
        let d = doc(
            r#"{"name":"rtt","kind":"plot","summary":"s","flags":[{"name":"max","help":"h"}]}"#,
        );
        assert!(check(&d, Kind::Plot, "rtt").is_err());
        let d = doc(
            r#"{"name":"rtt","kind":"plot","summary":"s","flags":[{"name":"--m","help":"h","choices":["a"]}]}"#,
        );
        assert!(check(&d, Kind::Plot, "rtt").is_err());
        assert!(serde_json::from_str::<Describe>(r#"{"name":"rtt","kind":"plot"}"#).is_err());
        assert!(
            serde_json::from_str::<Describe>(r#"{"name":"r","kind":"chart","summary":"s"}"#)
                .is_err()
        );
    }
}
