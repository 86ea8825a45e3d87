//! Configuration: `$XDG_CONFIG_HOME/mptcpanalyzer/config` (TOML), overridden by environment
//! variables and command-line flags. `mptcpanalyzer config show` prints the effective values and
//! where each came from.

use crate::error::{Error, Result};
use crate::input::Backend;
use crate::output::OutputFormat;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The config file as written by the user. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub backend: Option<Backend>,
    pub tshark: Option<PathBuf>,
    pub cache_dir: Option<PathBuf>,
    /// Bound of the cache's entries, in MiB (least recently used entries are removed beyond).
    pub cache_max_mb: Option<u64>,
    pub csv_delimiter: Option<String>,
    pub format: Option<OutputFormat>,
    pub viewer: Option<String>,
    /// Directories searched for plugins after `$XDG_DATA_HOME/mptcpanalyzer/plugins` and before
    /// `PATH` (docs/plugins.md). Absolute paths.
    pub plugin_dirs: Option<Vec<PathBuf>>,
    /// Seconds tshark may write nothing before it is killed (1 to 3600).
    pub tshark_timeout: Option<u64>,
    /// Seconds of capture time without a packet after which an ended connection's state is
    /// folded into its summary (`analysis::lifecycle`; 1 to 10^9).
    pub linger_s: Option<u64>,
}

/// Accepted `linger_s` values, in seconds.
pub const LINGER_RANGE: std::ops::RangeInclusive<u64> = 1..=1_000_000_000;

/// Accepted `tshark_timeout` values, in seconds.
pub const TSHARK_TIMEOUT_RANGE: std::ops::RangeInclusive<u64> = 1..=3600;

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Default,
    File,
    Environment,
    #[serde(rename = "command line")]
    CommandLine,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Origin::Default => "default",
            Origin::File => "config file",
            Origin::Environment => "environment",
            Origin::CommandLine => "command line",
        })
    }
}

/// A value and its origin.
#[derive(Debug, Clone, Serialize)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn new(value: T, origin: Origin) -> Self {
        Setting { value, origin }
    }
    fn set(&mut self, value: T, origin: Origin) {
        self.value = value;
        self.origin = origin;
    }
}

/// The effective configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// The config file read (it may not exist).
    pub file: PathBuf,
    pub file_exists: bool,
    pub backend: Setting<Backend>,
    pub tshark: Setting<PathBuf>,
    pub cache_dir: Setting<PathBuf>,
    pub cache_max_mb: Setting<u64>,
    pub csv_delimiter: Setting<char>,
    pub format: Setting<OutputFormat>,
    /// Command showing a plot (`--display viewer`); the image path is appended, or replaces `{}`.
    pub viewer: Setting<Option<String>>,
    pub plugin_dirs: Setting<Vec<PathBuf>>,
    /// How long tshark may write nothing before it is killed (exit 4).
    pub tshark_timeout: Setting<std::time::Duration>,
    /// How long an ended connection keeps its full state without packets, in seconds.
    pub linger_s: Setting<u64>,
}

/// Overrides from the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub backend: Option<Backend>,
    pub tshark: Option<PathBuf>,
    pub cache_dir: Option<PathBuf>,
    /// `--tshark-timeout SECONDS` (checked by the command line's parser).
    pub tshark_timeout: Option<u64>,
}

/// The default config file: `$XDG_CONFIG_HOME/mptcpanalyzer/config`.
pub fn default_file() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(x).join("mptcpanalyzer").join("config");
    }
    directories::BaseDirs::new()
        .map(|d| d.home_dir().join(".config"))
        .unwrap_or_else(|| PathBuf::from(".config"))
        .join("mptcpanalyzer")
        .join("config")
}

/// Parse config text; errors name the file, the key and the line.
pub fn parse(path: &Path, text: &str) -> Result<ConfigFile> {
    let file = parse_toml(path, text)?;
    if let Some(d) = &file.csv_delimiter {
        if delimiter_char(d).is_none() {
            // the line of the key, as for the errors toml reports
            let line = text
                .lines()
                .position(|l| {
                    l.split_once('=')
                        .is_some_and(|(k, _)| k.trim() == "csv_delimiter")
                })
                .map(|i| i + 1);
            let msg = format!(
                "csv_delimiter: {d:?} cannot be used: a CSV written with it could not be read \
                 back (use \",\", \";\", \"|\" or a tab, \"\\t\")"
            );
            return Err(Error::Config {
                path: path.to_path_buf(),
                msg: match line {
                    Some(l) => format!("line {l}: {msg}"),
                    None => msg,
                },
            });
        }
    }
    if let Some(d) = file.plugin_dirs.iter().flatten().find(|d| !d.is_absolute()) {
        let line = text
            .lines()
            .position(|l| {
                l.split_once('=')
                    .is_some_and(|(k, _)| k.trim() == "plugin_dirs")
            })
            .map(|i| format!("line {}: ", i + 1))
            .unwrap_or_default();
        return Err(Error::Config {
            path: path.to_path_buf(),
            msg: format!(
                "{line}plugin_dirs: {:?} is not an absolute path (plugins are never looked for \
                 relative to the current directory)",
                d.display().to_string()
            ),
        });
    }
    if let Some(t) = file
        .tshark_timeout
        .filter(|t| !TSHARK_TIMEOUT_RANGE.contains(t))
    {
        return Err(Error::Config {
            path: path.to_path_buf(),
            msg: format!(
                "{}tshark_timeout: {t} is out of range (1 to 3600 seconds)",
                key_line(text, "tshark_timeout")
            ),
        });
    }
    if let Some(t) = file.linger_s.filter(|t| !LINGER_RANGE.contains(t)) {
        return Err(Error::Config {
            path: path.to_path_buf(),
            msg: format!(
                "{}linger_s: {t} is out of range (1 to 1000000000 seconds)",
                key_line(text, "linger_s")
            ),
        });
    }
    Ok(file)
}

/// `"line N: "` of the line setting `key`, or nothing.
fn key_line(text: &str, key: &str) -> String {
    text.lines()
        .position(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == key))
        .map(|i| format!("line {}: ", i + 1))
        .unwrap_or_default()
}

/// The CSV delimiter a config value names: one character among those whose CSV our input
/// reads back ([`crate::input::csv::DELIMITERS`]: not `#`, a quote, CR, LF, a digit, a
/// letter...).
fn delimiter_char(d: &str) -> Option<char> {
    let mut chars = d.chars();
    match (chars.next(), chars.next()) {
        (Some(ch), None)
            if ch.is_ascii() && crate::input::csv::DELIMITERS.contains(&(ch as u8)) =>
        {
            Some(ch)
        }
        _ => None,
    }
}

fn parse_toml(path: &Path, text: &str) -> Result<ConfigFile> {
    toml::from_str::<ConfigFile>(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let mut msg = e.message().trim().replace('\n', " ");
        // name the key when the message does not (a bad value)
        if let Some(key) = line
            .and_then(|l| text.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim())
            .filter(|k| !k.is_empty() && !msg.contains(k))
        {
            msg = format!("{key}: {msg}");
        }
        Error::Config {
            path: path.to_path_buf(),
            msg: match line {
                Some(l) => format!("line {l}: {msg}"),
                None => msg,
            },
        }
    })
}

/// The text of a config file. Only a regular file is read: a FIFO, a device or a directory
/// named as the config file is refused at once (opening a FIFO to read would wait for a writer
/// forever; it is opened non-blocking, then checked).
fn read_config_text(file: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let mut f = opts.open(file)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a config file must be a regular file)",
        ));
    }
    let mut text = String::new();
    f.read_to_string(&mut text)?;
    Ok(text)
}

impl Config {
    /// Load the effective configuration: defaults < config file < environment < command line.
    pub fn load(ov: &Overrides) -> Result<Config> {
        let (file, explicit) = match &ov.config_file {
            Some(f) => (f.clone(), true),
            None => match std::env::var_os("MPTCPANALYZER_CONFIG") {
                Some(f) => (PathBuf::from(f), true),
                None => (default_file(), false),
            },
        };
        let parsed = match read_config_text(&file) {
            Ok(text) => Some(parse(&file, &text)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => None,
            Err(e) => {
                return Err(Error::Config {
                    path: file,
                    msg: e.to_string(),
                })
            }
        };
        let mut c = Config {
            file_exists: parsed.is_some(),
            file: file.clone(),
            backend: Setting::new(Backend::Native, Origin::Default),
            tshark: Setting::new(PathBuf::from("tshark"), Origin::Default),
            cache_dir: Setting::new(crate::cache::default_dir(), Origin::Default),
            cache_max_mb: Setting::new(crate::cache::DEFAULT_MAX_MB, Origin::Default),
            csv_delimiter: Setting::new(',', Origin::Default),
            format: Setting::new(OutputFormat::Table, Origin::Default),
            viewer: Setting::new(None, Origin::Default),
            plugin_dirs: Setting::new(Vec::new(), Origin::Default),
            tshark_timeout: Setting::new(crate::input::tshark::DEFAULT_TIMEOUT, Origin::Default),
            linger_s: Setting::new(
                (crate::analysis::lifecycle::LINGER_NS / 1_000_000_000) as u64,
                Origin::Default,
            ),
        };
        if let Some(f) = parsed {
            c.apply_file(f);
        }
        if let Some(t) = std::env::var_os("MPTCPANALYZER_TSHARK") {
            c.tshark.set(PathBuf::from(t), Origin::Environment);
        }
        if let Some(b) = ov.backend {
            c.backend.set(b, Origin::CommandLine);
        }
        if let Some(t) = &ov.tshark {
            c.tshark.set(t.clone(), Origin::CommandLine);
        }
        if let Some(d) = &ov.cache_dir {
            c.cache_dir.set(d.clone(), Origin::CommandLine);
        }
        if let Some(t) = ov.tshark_timeout {
            c.tshark_timeout
                .set(std::time::Duration::from_secs(t), Origin::CommandLine);
        }
        Ok(c)
    }

    /// Take the values the config file `f` sets.
    fn apply_file(&mut self, f: ConfigFile) {
        let c = self;
        if let Some(b) = f.backend {
            c.backend.set(b, Origin::File);
        }
        if let Some(t) = f.tshark {
            c.tshark.set(t, Origin::File);
        }
        if let Some(d) = f.cache_dir {
            c.cache_dir.set(d, Origin::File);
        }
        if let Some(m) = f.cache_max_mb {
            c.cache_max_mb.set(m, Origin::File);
        }
        // `parse` has checked it
        if let Some(ch) = f.csv_delimiter.as_deref().and_then(delimiter_char) {
            c.csv_delimiter.set(ch, Origin::File);
        }
        if let Some(fm) = f.format {
            c.format.set(fm, Origin::File);
        }
        if let Some(v) = f.viewer {
            c.viewer.set(Some(v), Origin::File);
        }
        if let Some(d) = f.plugin_dirs {
            c.plugin_dirs.set(d, Origin::File);
        }
        if let Some(t) = f.tshark_timeout {
            c.tshark_timeout
                .set(std::time::Duration::from_secs(t), Origin::File);
        }
        if let Some(l) = f.linger_s {
            c.linger_s.set(l, Origin::File);
        }
    }

    /// Human-readable listing for `config show`.
    pub fn show(&self) -> String {
        let mut s = format!(
            "# config file: {} ({})\n",
            self.file.display(),
            if self.file_exists {
                "read"
            } else {
                "not present"
            }
        );
        for (k, v, o) in self.rows() {
            s.push_str(&format!("{k} = {v}  # {o}\n"));
        }
        s
    }

    /// Each key of `config show`, its value as TOML and its origin.
    fn rows(&self) -> [(&'static str, String, Origin); 10] {
        [
            (
                "backend",
                format!("{:?}", self.backend.value.to_string()),
                self.backend.origin,
            ),
            (
                "tshark",
                format!("{:?}", self.tshark.value.display().to_string()),
                self.tshark.origin,
            ),
            (
                "cache_dir",
                format!("{:?}", self.cache_dir.value.display().to_string()),
                self.cache_dir.origin,
            ),
            (
                "cache_max_mb",
                self.cache_max_mb.value.to_string(),
                self.cache_max_mb.origin,
            ),
            (
                "csv_delimiter",
                format!("{:?}", self.csv_delimiter.value.to_string()),
                self.csv_delimiter.origin,
            ),
            (
                "format",
                format!("{:?}", format!("{:?}", self.format.value).to_lowercase()),
                self.format.origin,
            ),
            (
                "viewer",
                format!(
                    "{:?}",
                    self.viewer
                        .value
                        .clone()
                        .or_else(crate::output::default_viewer)
                        .unwrap_or_default()
                ),
                self.viewer.origin,
            ),
            (
                "plugin_dirs",
                format!(
                    "{:?}",
                    self.plugin_dirs
                        .value
                        .iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                ),
                self.plugin_dirs.origin,
            ),
            (
                "tshark_timeout",
                self.tshark_timeout.value.as_secs().to_string(),
                self.tshark_timeout.origin,
            ),
            (
                "linger_s",
                self.linger_s.value.to_string(),
                self.linger_s.origin,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_and_line() {
        let e = parse(Path::new("cfg"), "backend = \"tshark\"\n\ncolour = 1\n").unwrap_err();
        let m = e.to_string();
        assert!(m.starts_with("cfg: line 3:"), "{m}");
        assert!(m.contains("colour"), "{m}");
    }

    #[test]
    fn bad_value_is_reported() {
        let e = parse(Path::new("cfg"), "backend = \"wireshark\"\n").unwrap_err();
        let m = e.to_string();
        assert!(m.contains("line 1"), "{m}");
        assert!(m.contains("wireshark"), "{m}");
    }

    #[test]
    fn bad_csv_delimiter_names_key_and_line() {
        let e = parse(
            Path::new("cfg"),
            "backend = \"native\"\ncsv_delimiter = \";;\"\n",
        )
        .unwrap_err();
        let m = e.to_string();
        assert!(m.starts_with("cfg: line 2: csv_delimiter:"), "{m}");
    }

    #[test]
    fn relative_plugin_dirs_are_refused() {
        let e = parse(Path::new("cfg"), "plugin_dirs = [\"/opt/p\", \"p\"]\n").unwrap_err();
        let m = e.to_string();
        assert!(m.starts_with("cfg: line 1: plugin_dirs: \"p\""), "{m}");
        let c = parse(Path::new("cfg"), "plugin_dirs = [\"/opt/p\"]\n").unwrap();
        assert_eq!(c.plugin_dirs, Some(vec![PathBuf::from("/opt/p")]));
    }

    #[test]
    fn good_file_parses() {
        let c = parse(
            Path::new("cfg"),
            "backend = \"tshark\"\ntshark = \"/opt/tshark\"\ncsv_delimiter = \";\"\nformat = \"json\"\n",
        )
        .unwrap();
        assert_eq!(c.backend, Some(Backend::Tshark));
        assert_eq!(c.format, Some(OutputFormat::Json));
    }
}
