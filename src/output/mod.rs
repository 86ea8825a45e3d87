//! Output: table, CSV and JSON behind one trait, chosen at the edge. Analysis code never prints.

pub mod bytes;
pub mod columns;
#[cfg(feature = "application")]
pub mod display;
pub mod events;
pub mod export;
pub mod list;
pub mod many;
pub mod message;
pub mod packets;
pub mod pretty;
#[cfg(feature = "application")]
pub mod progress;
pub mod schema;
pub mod stats;
pub mod twocap;

use crate::error::{Error, Result};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

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
    /// JSON (stable field names).
    Json,
    /// The CSV's columns as Parquet, with real types (binary: never to a terminal).
    #[cfg(feature = "parquet")]
    Parquet,
}

impl OutputFormat {
    /// The extension of a file of this format (`-o DIR`: one file per capture).
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Table => ".txt",
            OutputFormat::Csv => ".csv",
            OutputFormat::Json => ".json",
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => ".parquet",
        }
    }

    /// True for a binary format (not for a terminal).
    pub fn is_binary(self) -> bool {
        #[cfg(feature = "parquet")]
        if self == OutputFormat::Parquet {
            return true;
        }
        false
    }
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
        #[cfg(feature = "parquet")]
        OutputFormat::Parquet => {
            let bytes = export::parquet::write_flat(&report.flat(), Vec::new())?;
            out.write_all(&bytes).map_err(Error::stdout)?;
        }
    }
    out.flush().map_err(Error::stdout)
}

/// Write a file atomically: `write` fills a temp file in the target's directory, which is renamed
/// over `path` only when everything succeeded. No partial file is ever left behind. An existing
/// file keeps its permissions and owner; see [`crate::fsutil`] (links, devices, FIFOs).
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    write_atomic_send(path, |w| write(w))
}

/// [`write_atomic`] for a writer that must be `Send` (the Parquet writer's).
pub fn write_atomic_send(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
) -> Result<()> {
    use crate::fsutil::{OutputFile, Policy};
    let out_err = |e: crate::fsutil::FsError| Error::Output {
        path: path.to_path_buf(),
        msg: e.to_string(),
    };
    let out = OutputFile::create(
        path,
        Policy::UserOutput,
        &crate::fsutil::temp_prefix(""),
        ".tmp",
        0o666,
    )
    .map_err(out_err)?;
    {
        let mut w = std::io::BufWriter::new(out.file());
        write(&mut w).map_err(|e| e.written_to(path))?;
        w.flush().map_err(|e| Error::stdout(e).written_to(path))?;
    }
    out.commit().map_err(out_err)
}

/// `ip:port`, with brackets around IPv6 addresses (`[fd00::1]:80`), as `SocketAddr` shows it.
/// IPv4 written digit by digit (a table of `list mptcp` has two endpoints per subflow, and
/// the formatter machinery cost ~1,600 instructions each).
pub fn endpoint(ip: &std::net::IpAddr, port: u16) -> String {
    match ip {
        std::net::IpAddr::V4(a) => {
            let mut s = String::with_capacity(21);
            for (i, o) in a.octets().into_iter().enumerate() {
                if i > 0 {
                    s.push('.');
                }
                push_decimal(&mut s, o.into());
            }
            s.push(':');
            push_decimal(&mut s, port.into());
            s
        }
        std::net::IpAddr::V6(_) => std::net::SocketAddr::new(*ip, port).to_string(),
    }
}

/// `v` in decimal, appended to `s`.
fn push_decimal(s: &mut String, mut v: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    s.extend(digits[i..].iter().map(|&d| d as char));
}

/// An optional value as a table or CSV cell (empty when absent).
pub fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

pub use columns::{human_bit_rate, human_bytes};

/// The viewer used when the config names none: `xdg-open` when a graphical display is present.
pub fn default_viewer() -> Option<String> {
    let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    (set("DISPLAY") || set("WAYLAND_DISPLAY")).then(|| "xdg-open".to_string())
}

/// The line under a subflow table for a subflow that did not close normally (empty for a
/// `closed` one): "  tcp 1: reset by server: 3 prohibited (frame 32, 1.333 s)".
#[cfg(feature = "application")]
pub(crate) fn subflow_end_line(
    tcp_stream: u64,
    e: &crate::analysis::connections::SubflowEnd,
) -> String {
    if e.end_state == "closed" {
        return String::new();
    }
    let at = match (e.end_frame, e.end_s) {
        (Some(f), Some(t)) => format!(" (frame {f}, {t:.3} s)"),
        _ => String::new(),
    };
    format!("  tcp {tcp_stream}: {}{at}\n", subflow_end_text(e))
}

/// A subflow's end in words: "reset by server: 3 prohibited", "closed",
/// "half-closed by client", "open at capture end".
#[cfg(feature = "application")]
fn subflow_end_text(e: &crate::analysis::connections::SubflowEnd) -> String {
    let by = e.end_by.unwrap_or("?");
    match e.end_state {
        "reset" => {
            let mut why: Vec<String> = Vec::new();
            if e.fastclose {
                why.push("fastclose".into());
            }
            if let Some(r) = e.mp_tcprst_reason {
                why.push(format!("{r} {}", events::tcprst_reason_name(r)));
            }
            if why.is_empty() {
                format!("reset by {by}")
            } else {
                format!("reset by {by}: {}", why.join(", "))
            }
        }
        "half_closed" => format!("half-closed by {by}"),
        "open" => "open at capture end".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

    #[test]
    fn endpoints_are_written_as_socket_addr_shows_them() {
        let mut ips: Vec<IpAddr> = vec![
            Ipv6Addr::LOCALHOST.into(),
            "fd00::1".parse().expect("an address"),
            "2001:db8::ff:0:1".parse().expect("an address"),
        ];
        for a in [0u8, 1, 9, 10, 99, 100, 199, 200, 255] {
            ips.push(Ipv4Addr::new(a, 255 - a, a / 2, 7).into());
        }
        for ip in ips {
            for port in [0u16, 7, 10, 80, 443, 5201, 9999, 10000, 65535] {
                let want = SocketAddr::new(ip, port).to_string();
                assert_eq!(super::endpoint(&ip, port), want);
            }
        }
    }
}
