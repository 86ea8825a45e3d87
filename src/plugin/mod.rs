//! Third-party plugins: executables named `mptcpanalyzer-NAME` (commands, run as
//! `mptcpanalyzer NAME ARGS...`) and `mptcpanalyzer-plot-NAME` (plots, run by `plot NAME`).
//! The contract (search path, arguments, environment, describe document, exit codes) is
//! `docs/plugins.md`; this module finds plugins, asks them to describe themselves and builds
//! their environment. Running a plot plugin is [`crate::plot::kinds::plugin`].

mod describe;

pub use describe::{describe, Describe, Flag, DESCRIBE_FLAG, DESCRIBE_TIMEOUT};

use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The prefix of every plugin executable.
pub const PREFIX: &str = "mptcpanalyzer-";
/// The prefix of plot plugins, after [`PREFIX`].
pub const PLOT_PREFIX: &str = "plot-";

/// What a plugin extends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `mptcpanalyzer NAME ARGS...` runs `mptcpanalyzer-NAME ARGS...`.
    Command,
    /// `mptcpanalyzer plot NAME ...` runs `mptcpanalyzer-plot-NAME --csv ... --output ...`.
    Plot,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Command => "command",
            Kind::Plot => "plot",
        }
    }

    /// The executable's file name for plugin `name` of this kind.
    pub fn file_name(self, name: &str) -> String {
        match self {
            Kind::Command => format!("{PREFIX}{name}"),
            Kind::Plot => format!("{PREFIX}{PLOT_PREFIX}{name}"),
        }
    }
}

/// A plugin name: `[a-z0-9][a-z0-9-]*`.
pub fn valid_name(name: &str) -> bool {
    let mut b = name.bytes();
    b.next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// The kind and name of a plugin executable from its file name, if it is one.
pub fn parse_file_name(file: &str) -> Option<(Kind, &str)> {
    let rest = file.strip_prefix(PREFIX)?;
    let (kind, name) = match rest.strip_prefix(PLOT_PREFIX) {
        Some(name) => (Kind::Plot, name),
        None => (Kind::Command, rest),
    };
    valid_name(name).then_some((kind, name))
}

/// The directories searched for plugins, in order: `$XDG_DATA_HOME/mptcpanalyzer/plugins`
/// (default `~/.local/share/mptcpanalyzer/plugins`), the config's `plugin_dirs`, then `PATH`.
/// Only absolute directories: never the current directory (an empty or relative `PATH` entry).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchPath {
    pub dirs: Vec<PathBuf>,
}

impl SearchPath {
    /// The search path of the running program, with the config's `plugin_dirs`.
    pub fn new(plugin_dirs: &[PathBuf]) -> SearchPath {
        let mut dirs = vec![data_dir()];
        dirs.extend(plugin_dirs.iter().cloned());
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        let mut out: Vec<PathBuf> = Vec::new();
        for d in dirs {
            if d.is_absolute() && !out.contains(&d) {
                out.push(d);
            }
        }
        SearchPath { dirs: out }
    }

    /// The first executable for plugin `name` of `kind`.
    pub fn find(&self, kind: Kind, name: &str) -> Option<PathBuf> {
        if !valid_name(name) {
            return None;
        }
        let file = kind.file_name(name);
        self.dirs
            .iter()
            .map(|d| d.join(&file))
            .find(|p| is_executable(p))
    }

    /// Every plugin found, the first of each kind and name (later ones are shadowed), sorted by
    /// kind and name.
    pub fn discover(&self) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        for dir in &self.dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut here: Vec<Found> = entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let file = e.file_name();
                    let (kind, name) = parse_file_name(file.to_str()?)?;
                    let path = e.path();
                    is_executable(&path).then(|| Found {
                        kind,
                        name: name.to_string(),
                        path,
                    })
                })
                .collect();
            here.retain(|f| !found.iter().any(|g| g.kind == f.kind && g.name == f.name));
            found.extend(here);
        }
        found.sort_by(|a, b| (a.kind.as_str(), &a.name).cmp(&(b.kind.as_str(), &b.name)));
        found
    }
}

/// `$XDG_DATA_HOME/mptcpanalyzer/plugins`.
pub fn data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("/nonexistent"));
    base.join("mptcpanalyzer").join("plugins")
}

fn is_executable(p: &Path) -> bool {
    let Ok(m) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        m.is_file() && m.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        m.is_file()
    }
}

/// A plugin executable found on the search path.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub kind: Kind,
    pub name: String,
    pub path: PathBuf,
}

/// A plugin and what it said when asked to describe itself.
#[derive(Debug, Clone)]
pub struct Plugin {
    pub kind: Kind,
    pub name: String,
    pub path: PathBuf,
    /// The describe document, or why the plugin is broken.
    pub status: std::result::Result<Describe, String>,
}

impl Plugin {
    pub fn summary(&self) -> &str {
        match &self.status {
            Ok(d) => &d.summary,
            Err(_) => "",
        }
    }

    pub fn broken_reason(&self) -> Option<&str> {
        self.status.as_ref().err().map(String::as_str)
    }

    /// The flags the plugin declares (none when broken).
    pub fn flags(&self) -> &[Flag] {
        match &self.status {
            Ok(d) => &d.flags,
            Err(_) => &[],
        }
    }
}

/// Every plugin on `search`, each described (in parallel, each within [`DESCRIBE_TIMEOUT`]).
/// Never fails: a plugin that cannot describe itself is listed with the reason.
pub fn discover_described(search: &SearchPath, env: &PluginEnv) -> Vec<Plugin> {
    let found = search.discover();
    std::thread::scope(|s| {
        let handles: Vec<_> = found
            .iter()
            .map(|f| s.spawn(|| describe(&f.path, f.kind, &f.name, env)))
            .collect();
        found
            .iter()
            .zip(handles)
            .map(|(f, h)| Plugin {
                kind: f.kind,
                name: f.name.clone(),
                path: f.path.clone(),
                status: h
                    .join()
                    .unwrap_or_else(|_| Err("describing it failed".to_string())),
            })
            .collect()
    })
}

/// The plugin `name` of `kind` on `search`, described.
pub fn find_described(
    search: &SearchPath,
    kind: Kind,
    name: &str,
    env: &PluginEnv,
) -> Option<Plugin> {
    let path = search.find(kind, name)?;
    let status = describe(&path, kind, name, env);
    Some(Plugin {
        kind,
        name: name.to_string(),
        path,
        status,
    })
}

/// The environment given to every plugin process (docs/plugins.md): variables set, and
/// variables removed.
#[derive(Debug, Clone, Default)]
pub struct PluginEnv {
    pub set: Vec<(String, OsString)>,
    pub remove: Vec<String>,
}

impl PluginEnv {
    /// The environment for a plugin of the running program.
    ///
    /// `config_file` is the config file read (`None` when there is none: the variable is then
    /// removed, so that the plugin's calls to `$MPTCPANALYZER` read no file either).
    pub fn new(config_file: Option<&Path>, cache_dir: &Path, backend: &str) -> PluginEnv {
        let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("mptcpanalyzer"));
        let mut env = PluginEnv::default();
        let mut set = |k: &str, v: OsString| env.set.push((k.to_string(), v));
        set("MPTCPANALYZER", exe.into_os_string());
        set("MPTCPANALYZER_VERSION", env!("CARGO_PKG_VERSION").into());
        set(
            "MPTCPANALYZER_CSV_SCHEMA",
            crate::model::SCHEMA_VERSION.to_string().into(),
        );
        set("MPTCPANALYZER_CACHE_DIR", cache_dir.as_os_str().to_owned());
        set("MPTCPANALYZER_BACKEND", backend.into());
        match config_file {
            Some(f) => set("MPTCPANALYZER_CONFIG", f.as_os_str().to_owned()),
            None => env.remove.push("MPTCPANALYZER_CONFIG".to_string()),
        }
        env
    }

    /// Apply to a command about to be spawned.
    pub fn apply(&self, cmd: &mut std::process::Command) {
        for k in &self.remove {
            cmd.env_remove(k);
        }
        for (k, v) in &self.set {
            cmd.env(k, v);
        }
    }
}

/// Run the command plugin `path` with `args` as the rest of this process: on Unix the process
/// is replaced (exit status and signals are the plugin's), so this returns only on failure;
/// elsewhere the plugin's exit code is returned.
pub fn exec_command(path: &Path, args: &[OsString], env: &PluginEnv) -> std::io::Result<i32> {
    let mut cmd = std::process::Command::new(path);
    cmd.args(args);
    env.apply(&mut cmd);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        Err(cmd.exec())
    }
    #[cfg(not(unix))]
    {
        let status = cmd.status()?;
        Ok(status.code().unwrap_or(1))
    }
}

/// Run the command plugin `path` with `args` as a child (in the interactive shell) and wait.
pub fn run_command(
    path: &Path,
    args: &[OsString],
    env: &PluginEnv,
) -> std::io::Result<std::process::ExitStatus> {
    let mut cmd = std::process::Command::new(path);
    cmd.args(args);
    env.apply(&mut cmd);
    cmd.status()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["rtt", "a", "0", "reinjection-report", "x-1"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", "-x", "Rtt", "a_b", "a.py", "a b", "../x", "é"] {
            assert!(!valid_name(bad), "{bad}");
        }
        assert_eq!(
            parse_file_name("mptcpanalyzer-plot-rtt"),
            Some((Kind::Plot, "rtt"))
        );
        assert_eq!(
            parse_file_name("mptcpanalyzer-reinjection-report"),
            Some((Kind::Command, "reinjection-report"))
        );
        assert_eq!(parse_file_name("mptcpanalyzer-plot-"), None);
        assert_eq!(parse_file_name("mptcpanalyzer-x.py"), None);
        assert_eq!(parse_file_name("mptcpanalyzer"), None);
    }

    #[test]
    fn search_path_skips_relative_dirs() {
        let sp = SearchPath::new(&[PathBuf::from("rel"), PathBuf::from("/abs")]);
        assert!(sp.dirs.iter().all(|d| d.is_absolute()));
        assert!(sp.dirs.contains(&PathBuf::from("/abs")));
        assert_eq!(sp.dirs[0], data_dir());
    }
}
