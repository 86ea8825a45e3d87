//! `cache path|list|clear`: the cache of dissected captures.

use super::{Context, Plan};
use crate::cache::{Cache, EntryInfo};
use crate::cli::CacheAction;
use crate::error::{Error, Result};
use crate::output::columns::{Column, Flat, Type, Unit};
use crate::output::{OutputFormat, Report};
use crate::pipeline::Capture;
use serde::Serialize;
use std::io::Write;
use std::time::SystemTime;

pub struct CachePlan {
    action: CacheAction,
    format: OutputFormat,
}

impl CachePlan {
    pub fn new(action: CacheAction, format: OutputFormat) -> Self {
        CachePlan { action, format }
    }
}

/// One entry as `cache list` shows it (JSON field names are stable).
#[derive(Debug, Clone, Serialize)]
pub struct ListedEntry {
    /// The capture the entry was made for (canonical path); None for an entry of an older
    /// format (no header).
    pub capture: Option<String>,
    pub backend: Option<String>,
    pub packets: Option<u64>,
    /// Size of the entry file.
    pub size_bytes: u64,
    /// When it was written, seconds since the epoch.
    pub created: Option<u64>,
    /// Seconds since it was written.
    pub age_s: Option<u64>,
    /// Seconds since it was last used (read or written).
    pub last_used_s: Option<u64>,
    /// `current` (the capture is as it was), `capture changed`, `capture missing` or `old
    /// format` (rebuilt on its next use).
    pub state: &'static str,
    /// The entry file.
    pub entry: String,
}

impl ListedEntry {
    fn of(e: &EntryInfo, now: SystemTime) -> ListedEntry {
        let secs_since = |t: SystemTime| now.duration_since(t).map_or(0, |d| d.as_secs());
        let now_s = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let h = e.header.as_ref();
        let state = match h {
            None => "old format",
            Some(h) => match std::fs::metadata(&h.key.capture) {
                Err(_) => "capture missing",
                Ok(m) => {
                    let mtime_ns = m
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
                    if m.len() == h.key.size && mtime_ns == h.key.mtime_ns {
                        "current"
                    } else {
                        "capture changed"
                    }
                }
            },
        };
        ListedEntry {
            capture: h.map(|h| h.key.capture.display().to_string()),
            backend: h.map(|h| h.key.backend.to_string()),
            packets: h.map(|h| h.packets),
            size_bytes: e.size,
            created: h.map(|h| h.created),
            age_s: h.map(|h| now_s.saturating_sub(h.created)),
            last_used_s: e.used.map(secs_since),
            state,
            entry: e.path.display().to_string(),
        }
    }
}

/// `cache list`: the entries.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CacheList(pub Vec<ListedEntry>);

/// "42 s", "5 min", "3 h", "2 d".
fn human_age(s: u64) -> String {
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s / 60),
        7200..=172_799 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86400),
    }
}

impl Report for CacheList {
    fn to_table(&self) -> String {
        let mut b = tabled::builder::Builder::default();
        b.push_record([
            "capture", "backend", "packets", "size", "age", "used", "state",
        ]);
        let dash = || "-".to_string();
        for e in &self.0 {
            b.push_record([
                e.capture.clone().unwrap_or_else(|| e.entry.clone()),
                e.backend.clone().unwrap_or_else(dash),
                e.packets.map_or_else(dash, |p| p.to_string()),
                crate::output::human_bytes(e.size_bytes as f64),
                e.age_s.map_or_else(dash, human_age),
                e.last_used_s
                    .map_or_else(dash, |s| format!("{} ago", human_age(s))),
                e.state.to_string(),
            ]);
        }
        let mut t = b.build();
        t.with(tabled::settings::Style::blank());
        format!("{t}\n")
    }

    fn flat(&self) -> Flat {
        let columns = [
            Column::new("capture", Type::Text, Unit::None, |e: &ListedEntry| {
                e.capture.clone().into()
            }),
            Column::new("backend", Type::Text, Unit::None, |e: &ListedEntry| {
                e.backend.clone().into()
            }),
            Column::new("packets", Type::UInt, Unit::Packets, |e: &ListedEntry| {
                e.packets.into()
            }),
            Column::new("size_bytes", Type::UInt, Unit::Bytes, |e: &ListedEntry| {
                e.size_bytes.into()
            }),
            Column::new("created", Type::UInt, Unit::None, |e: &ListedEntry| {
                e.created.into()
            }),
            Column::new("age_s", Type::UInt, Unit::None, |e: &ListedEntry| {
                e.age_s.into()
            }),
            Column::new("last_used_s", Type::UInt, Unit::None, |e: &ListedEntry| {
                e.last_used_s.into()
            }),
            Column::new("state", Type::Text, Unit::None, |e: &ListedEntry| {
                e.state.into()
            }),
            Column::new("entry", Type::Text, Unit::None, |e: &ListedEntry| {
                e.entry.clone().into()
            }),
        ];
        Flat::of(&columns, self.0.iter().cloned())
    }
}

impl Plan for CachePlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        let cache = Cache::new(ctx.config.cache_dir.value.clone());
        let io = Error::stdout;
        match self.action {
            CacheAction::Path => writeln!(out, "{}", cache.dir.display()).map_err(io),
            CacheAction::List { .. } => {
                let now = SystemTime::now();
                let list = CacheList(
                    cache
                        .list()?
                        .iter()
                        .map(|e| ListedEntry::of(e, now))
                        .collect(),
                );
                if list.0.is_empty() {
                    // a note, not data: JSON still gets its empty array, CSV its header
                    crate::output::message::note(format_args!(
                        "cache is empty ({})",
                        cache.dir.display()
                    ));
                    if self.format == OutputFormat::Table {
                        return Ok(());
                    }
                }
                crate::output::write_report(&list, self.format, ctx.delimiter(), out)
            }
            CacheAction::Clear => {
                let n = cache.clear()?;
                // and what interrupted runs left: in the cache directory and in TMPDIR
                let stale = crate::fsutil::sweep_stale_now(&cache.dir)
                    + crate::fsutil::sweep_stale_now(&std::env::temp_dir());
                if !ctx.quiet {
                    let s = if n == 1 { "y" } else { "ies" };
                    crate::output::message::note(format_args!(
                        "removed {n} cache entr{s} from {}",
                        cache.dir.display()
                    ));
                    if stale > 0 {
                        let s = if stale == 1 { "" } else { "s" };
                        crate::output::message::note(format_args!(
                            "removed {stale} stale temporary file{s} or director{} of interrupted runs",
                            if stale == 1 { "y" } else { "ies" }
                        ));
                    }
                }
                Ok(())
            }
        }
    }
}
