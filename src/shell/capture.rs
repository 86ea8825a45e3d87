//! A capture loaded in the shell: read and analysed once, kept with what identifies its file
//! on disk (size and modification time) to notice a change.
//!
//! The analysis kept here is a [`crate::pipeline::Capture`]; commands run on it through
//! [`super::engine`].

use super::engine::{self, Engine};
use crate::analysis::connections::{self, MptcpConnection, TcpConnection};
use crate::cli::commands::Context;
use crate::error::{Error, Result};
use crate::output::endpoint;
use crate::output::human_bytes;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

/// Which connection numbering an id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Tcp,
    Mptcp,
}

/// Size and modification time of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime: Option<SystemTime>,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            size: m.len(),
            mtime: m.modified().ok(),
        })
    }
}

/// A connection id and its one-line description, for completion.
#[derive(Debug, Clone, PartialEq)]
pub struct IdEntry {
    pub id: u64,
    pub description: String,
}

/// A loaded capture.
pub struct Loaded {
    pub name: String,
    pub path: PathBuf,
    pub stamp: Option<Stamp>,
    pub loaded_at: Instant,
    /// Time the read and analysis took.
    pub load_time: std::time::Duration,
    pub frames: u64,
    pub tcp_packets: u64,
    pub tcp_ids: Vec<IdEntry>,
    pub mptcp_ids: Vec<IdEntry>,
    pub state: <engine::Current as Engine>::State,
}

impl Loaded {
    /// Read and analyse `path` once.
    pub fn load(ctx: &Context, path: &Path, name: String) -> Result<Loaded> {
        let stamp = Stamp::of(path);
        if stamp.is_none() {
            // the error the commands give for a missing file
            std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        }
        let t = Instant::now();
        let state = engine::Current::load(ctx, path)?;
        let load_time = t.elapsed();
        let (tcp, mptcp) = engine::Current::connections(&state);
        let (frames, tcp_packets) = engine::Current::counts(&state);
        Ok(Loaded {
            name,
            path: path.to_path_buf(),
            stamp,
            loaded_at: Instant::now(),
            load_time,
            frames,
            tcp_packets,
            tcp_ids: tcp_ids(&tcp),
            mptcp_ids: mptcp_ids(&mptcp, &tcp),
            state,
        })
    }

    /// The file changed on disk since it was loaded (size or mtime). A file that disappeared is
    /// not a change: what was loaded is still answered from memory.
    pub fn changed_on_disk(&self) -> bool {
        match Stamp::of(&self.path) {
            Some(now) => Some(now) != self.stamp,
            None => false,
        }
    }

    pub fn ids(&self, kind: IdKind) -> &[IdEntry] {
        match kind {
            IdKind::Tcp => &self.tcp_ids,
            IdKind::Mptcp => &self.mptcp_ids,
        }
    }
}

/// `0  10.1.1.1:60160 -> 10.2.1.2:5201, 120 packets, 2.0 MB, mptcp 0`
pub fn tcp_ids(conns: &[TcpConnection]) -> Vec<IdEntry> {
    conns
        .iter()
        .map(|c| {
            let mut d = format!(
                "{} -> {}, {} packets, {}",
                endpoint(&c.client_ip, c.client_port),
                endpoint(&c.server_ip, c.server_port),
                c.packets,
                human_bytes((c.bytes_to_server + c.bytes_to_client) as f64)
            );
            if let Some(m) = c.mptcp_stream {
                d.push_str(&format!(", mptcp {m}"));
            } else if c.mptcp_fallback {
                d.push_str(", mptcp fallback");
            }
            IdEntry {
                id: c.tcp_stream,
                description: d,
            }
        })
        .collect()
}

/// `0  10.1.1.1:60160 -> 10.2.1.2:5201, 2 subflows, 2.0 MB`
pub fn mptcp_ids(conns: &[MptcpConnection], tcp: &[TcpConnection]) -> Vec<IdEntry> {
    conns
        .iter()
        .map(|c| {
            let bytes: u64 = tcp
                .iter()
                .filter(|t| c.subflows.iter().any(|s| s.tcp_stream == t.tcp_stream))
                .map(|t| t.bytes_to_server + t.bytes_to_client)
                .sum();
            let first = c.subflows.iter().find(|s| s.master).or(c.subflows.first());
            let ends = first
                .map(|s| {
                    format!(
                        "{} -> {}, ",
                        endpoint(&s.client_ip, s.client_port),
                        endpoint(&s.server_ip, s.server_port)
                    )
                })
                .unwrap_or_default();
            let n = c.subflows.len();
            IdEntry {
                id: c.mptcp_stream,
                description: format!(
                    "{ends}{n} subflow{}, {}",
                    if n == 1 { "" } else { "s" },
                    human_bytes(bytes as f64)
                ),
            }
        })
        .collect()
}

/// The connections of an analysis (for the adapter and the completion helper).
pub fn summaries(a: &crate::pipeline::Capture) -> (Vec<TcpConnection>, Vec<MptcpConnection>) {
    (
        connections::tcp_connections(a.enricher()),
        connections::mptcp_connections(a.enricher()),
    )
}

/// A name for a capture loaded from `path`: its file stem, made unique among `taken`.
pub fn name_for(path: &Path, taken: &[&str]) -> String {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capture".into());
    // client_2.pcap.gz -> client_2
    let mut base = stem.as_str();
    for ext in [".gz", ".pcapng", ".pcap", ".csv", ".cap"] {
        if let Some(b) = base.strip_suffix(ext).filter(|b| !b.is_empty()) {
            base = b;
        }
    }
    let base: String = base
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    if !taken.contains(&base.as_str()) {
        return base;
    }
    (2..)
        .map(|i| format!("{base}-{i}"))
        .find(|n| !taken.contains(&n.as_str()))
        .expect("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_files_are_unique() {
        assert_eq!(name_for(Path::new("/x/client_2.pcap"), &[]), "client_2");
        assert_eq!(name_for(Path::new("a.pcapng.gz"), &["a"]), "a-2");
        assert_eq!(name_for(Path::new("a.pcap"), &["a", "a-2"]), "a-3");
    }
}
