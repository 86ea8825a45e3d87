//! The loaded captures as the completer sees them: a copy detached from the session (names,
//! paths, connection ids), taken before each line is read.

use super::capture::{IdEntry, IdKind};
use super::complete::Known;
use super::session::expand;
use std::path::{Path, PathBuf};

/// The loaded captures as the completer sees them.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub entries: Vec<Entry>,
    pub current: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub tcp: Vec<IdEntry>,
    pub mptcp: Vec<IdEntry>,
}

impl Known for Snapshot {
    fn in_shell(&self) -> bool {
        true
    }

    fn names(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.name.clone()).collect()
    }

    fn has_current(&self) -> bool {
        self.current.is_some()
    }

    fn is_capture(&self, word: &str) -> bool {
        self.entries.iter().any(|e| e.name == word) || Path::new(&expand(word)).is_file()
    }

    fn ids(&self, capture: Option<&str>, kind: IdKind) -> Vec<IdEntry> {
        let entry = match capture {
            None => self.current.and_then(|i| self.entries.get(i)),
            Some(w) => self.entries.iter().find(|e| e.name == w).or_else(|| {
                let canon = std::fs::canonicalize(expand(w)).ok();
                self.entries
                    .iter()
                    .find(|e| canon.is_some() && std::fs::canonicalize(&e.path).ok() == canon)
            }),
        };
        entry
            .map(|e| match kind {
                IdKind::Tcp => e.tcp.clone(),
                IdKind::Mptcp => e.mptcp.clone(),
            })
            .unwrap_or_default()
    }
}
