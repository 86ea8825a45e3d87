//! Output: table, CSV and JSON behind one trait, chosen at the edge. Analysis code never prints.

pub mod columns;
#[cfg(feature = "application")]
pub mod display;
pub mod events;
pub mod export;
pub mod list;
#[cfg(feature = "application")]
pub mod progress;
pub mod stats;
pub mod twocap;

use crate::error::{Error, Result};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output format of data commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "application", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// Aligned table for humans.
    #[default]
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// JSON (stable field names, see README).
    Json,
}

/// Something a command prints as data: a typed result (its JSON is the serialised value),
/// its flat view from declared [`columns::Column`]s (CSV and columnar formats), and its human
/// layout (tables, with the `application` feature).
pub trait Report: Serialize {
    /// Human-readable rendering (may span several tables).
    #[cfg(feature = "application")]
    fn to_table(&self) -> String;
    /// The flat view: typed columns and one row per record.
    fn flat(&self) -> columns::Flat;
}

/// Write `report` in `format` to `out`: the exporter is chosen here, at the edge.
pub fn write_report<R: Report>(
    report: &R,
    format: OutputFormat,
    delimiter: u8,
    out: &mut dyn Write,
) -> Result<()> {
    use export::Exporter;
    match format {
        #[cfg(feature = "application")]
        OutputFormat::Table => export::Table.write(report, out)?,
        #[cfg(not(feature = "application"))]
        OutputFormat::Table => {
            return Err(Error::Usage(
                "the table format needs the `application` feature".into(),
            ))
        }
        OutputFormat::Json => export::Json.write(report, out)?,
        OutputFormat::Csv => export::Csv { delimiter }.write(report, out)?,
    }
    out.flush().map_err(Error::stdout)
}

/// Write a file atomically: `write` fills a temp file in the target's directory, which is renamed
/// over `path` only when everything succeeded. No partial file is ever left behind.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    // a symbolic link: replace what it points to, keep the link
    if path.is_symlink() {
        if let Ok(target) = std::fs::canonicalize(path) {
            return write_atomic(&target, write);
        }
    }
    // a device, FIFO or socket (`-o /dev/null`): write to it, it cannot be replaced
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() && !meta.is_dir() {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::Output {
                    path: path.to_path_buf(),
                    msg: e.to_string(),
                })?;
            let mut w = std::io::BufWriter::new(f);
            write(&mut w).map_err(|e| e.written_to(path))?;
            return w.flush().map_err(|e| Error::stdout(e).written_to(path));
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let out_err = |msg: String| Error::Output {
        path: path.to_path_buf(),
        msg,
    };
    if !dir.is_dir() {
        return Err(out_err(format!(
            "the directory {} does not exist",
            dir.display()
        )));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mptcpanalyzer-").suffix(".tmp");
    // a data file, readable like any other (tempfile would make it 0600)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| out_err(format!("cannot create a file in {}: {e}", dir.display())))?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        write(&mut w).map_err(|e| e.written_to(path))?;
        w.flush().map_err(|e| Error::stdout(e).written_to(path))?;
    }
    tmp.persist(path)
        .map_err(|e| out_err(e.error.to_string()))?;
    Ok(())
}

/// `ip:port`, with brackets around IPv6 addresses (`[fd00::1]:80`), as `SocketAddr` shows it.
pub fn endpoint(ip: &std::net::IpAddr, port: u16) -> String {
    std::net::SocketAddr::new(*ip, port).to_string()
}

/// An optional value as a table or CSV cell (empty when absent).
pub fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Format bytes for humans: 1.5 kB, 2.3 MB (SI units).
pub fn human_bytes(b: f64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = b;
    let mut i = 0;
    while v.abs() >= 1000.0 && i < UNITS.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    if i == 0 {
        format!("{} B", b as i64)
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}

/// Format a rate in bytes per second for humans.
pub fn human_rate(bps: f64) -> String {
    format!("{}/s", human_bytes(bps))
}

/// The viewer used when the config names none: `xdg-open` when a graphical display is present.
pub fn default_viewer() -> Option<String> {
    let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    (set("DISPLAY") || set("WAYLAND_DISPLAY")).then(|| "xdg-open".to_string())
}
