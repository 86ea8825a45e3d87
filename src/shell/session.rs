//! The shell's state (loaded captures, the current one) and the running of one line: shell-only
//! commands here, everything else through the clap definition of the command line.

use super::capture::{self, IdEntry, IdKind, Loaded};
use super::complete::{Known, SHELL_COMMANDS};
use super::engine::{self, Engine};
use super::grammar::{self, CaptureSlot};
use super::words;
use crate::cli::commands::Context;
use crate::cli::{Cli, Command, GlobalArgs};
use crate::error::{exit, Error, Result};
use clap::Parser;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What running a line or a script gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Exit code: 0, or that of the first failing line.
    pub code: u8,
    /// `exit` was asked.
    pub exit: bool,
}

impl Step {
    const OK: Step = Step {
        code: exit::OK,
        exit: false,
    };
}

/// Commands longer than this print the time they took.
const SLOW: Duration = Duration::from_secs(1);
/// `source` within `source`, at most this deep.
const MAX_DEPTH: usize = 16;

pub struct Session {
    global: GlobalArgs,
    ctx: Context,
    pub captures: Vec<Loaded>,
    pub current: Option<usize>,
    pub keep_going: bool,
    depth: usize,
    root: clap::Command,
}

impl Session {
    pub fn new(global: GlobalArgs, keep_going: bool) -> Result<Session> {
        let ctx = engine::context(&global)?;
        // plugins too: their names, flags and CAPTURE argument (docs/plugins.md)
        let mut root = crate::cli::command_with_plugins(&ctx);
        root.build();
        Ok(Session {
            global,
            ctx,
            captures: Vec::new(),
            current: None,
            keep_going,
            depth: 0,
            root,
        })
    }

    /// The built clap command lines are read with.
    pub fn root(&self) -> &clap::Command {
        &self.root
    }

    /// Run one line: print its output and its error (the CLI's one-line message), never panic.
    pub fn line(&mut self, text: &str) -> Step {
        self.guarded(text, |s| s.dispatch(text))
    }

    /// Run `f` for the line `text`: its error printed, a panic caught, its time shown if slow.
    fn guarded(&mut self, text: &str, f: impl FnOnce(&mut Self) -> Result<Step>) -> Step {
        crate::interrupt::clear();
        let start = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self)));
        let step = match result {
            Ok(Ok(step)) => step,
            Ok(Err(e)) => {
                let e = if crate::interrupt::requested() {
                    Error::Interrupted
                } else {
                    e
                };
                if !crate::error::is_broken_pipe(&e) {
                    eprintln!("mptcpanalyzer: error: {e}");
                }
                Step {
                    code: e.exit_code(),
                    exit: false,
                }
            }
            Err(_) => {
                eprintln!("mptcpanalyzer: error: internal error: the command panicked (the shell goes on)");
                Step {
                    code: exit::FAILURE,
                    exit: false,
                }
            }
        };
        let took = start.elapsed();
        if took > SLOW && !matches!(text.split_whitespace().next(), Some("source")) {
            eprintln!("({:.1} s)", took.as_secs_f64());
        }
        crate::interrupt::clear();
        step
    }

    /// Run the statements of a script in order: stop at the first failure unless
    /// `--keep-going`; an interrupted line stops the script in any case.
    pub fn script(&mut self, text: &str) -> Step {
        let mut first = Step::OK;
        for (_, stmt) in words::statements(text) {
            let s = self.line(&stmt);
            if s.code != exit::OK && first.code == exit::OK {
                first.code = s.code;
            }
            if s.exit {
                first.exit = true;
                break;
            }
            if s.code != exit::OK && (!self.keep_going || s.code == exit::INTERRUPTED) {
                break;
            }
        }
        first
    }

    fn dispatch(&mut self, text: &str) -> Result<Step> {
        let words = words::split(text).map_err(Error::Usage)?;
        let Some(first) = words.first() else {
            return Ok(Step::OK);
        };
        let rest = &words[1..];
        match first.as_str() {
            "exit" | "quit" => {
                no_more(first, rest, 0)?;
                Ok(Step {
                    code: exit::OK,
                    exit: true,
                })
            }
            "load" => {
                let (path, name) = match rest {
                    [p] => (p, None),
                    [p, as_, n] if as_ == "as" => (p, Some(n.clone())),
                    _ => return Err(Error::Usage("usage: load CAPTURE [as NAME]".into())),
                };
                let path = expand(path);
                let i = self.load(&path, name)?;
                self.current = Some(i);
                let c = &self.captures[i];
                eprintln!(
                    "{}: {} frames, {} TCP connections, {} MPTCP connections ({:.2} s)",
                    c.name,
                    c.frames,
                    c.tcp_ids.len(),
                    c.mptcp_ids.len(),
                    c.load_time.as_secs_f64()
                );
                Ok(Step::OK)
            }
            "captures" => {
                no_more(first, rest, 0)?;
                self.print_captures()?;
                Ok(Step::OK)
            }
            "use" => {
                let [name] = rest else {
                    return Err(Error::Usage("usage: use NAME".into()));
                };
                self.current = Some(self.find(name)?);
                Ok(Step::OK)
            }
            "unload" => {
                no_more(first, rest, 1)?;
                let i = match rest.first() {
                    Some(n) => self.find(n)?,
                    None => self
                        .current
                        .ok_or_else(|| Error::Usage("unload: no capture is loaded".into()))?,
                };
                self.captures.remove(i);
                self.current = match self.current {
                    Some(c) if c == i => self.captures.len().checked_sub(1),
                    Some(c) if c > i => Some(c - 1),
                    c => c,
                };
                Ok(Step::OK)
            }
            "source" => {
                let [file] = rest else {
                    return Err(Error::Usage("usage: source FILE".into()));
                };
                if self.depth >= MAX_DEPTH {
                    return Err(Error::Usage(format!(
                        "source {file}: nested more than {MAX_DEPTH} deep"
                    )));
                }
                let path = expand(file);
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                self.depth += 1;
                let step = self.script(&text);
                self.depth -= 1;
                Ok(step)
            }
            _ => {
                self.run_command(words)?;
                Ok(Step::OK)
            }
        }
    }

    /// A command of the command line, with CAPTURE resolved: a loaded name, a file (loaded now
    /// and kept), or omitted for the current capture.
    fn run_command(&mut self, mut words: Vec<String>) -> Result<()> {
        let w = grammar::walk(&self.root, &words, self.current.is_some(), &|s| {
            self.is_capture(s)
        });
        let target = match w.capture {
            CaptureSlot::Given(i) => {
                let idx = self.resolve(&words[i])?;
                words[i] = self.captures[idx].path.display().to_string();
                Some(idx)
            }
            CaptureSlot::Implicit(i) => {
                let idx = self.current.expect("implicit only with a current capture");
                words.insert(i, self.captures[idx].path.display().to_string());
                Some(idx)
            }
            CaptureSlot::None => None,
        };
        let mut used: Vec<usize> = target.into_iter().collect();
        // the captures of two-capture commands: a loaded name or a file (loaded now and kept)
        for (i, id) in &w.positionals {
            if grammar::OTHER_CAPTURES.contains(&id.as_str()) && self.is_capture(&words[*i]) {
                let idx = self.resolve(&words[*i])?;
                words[*i] = self.captures[idx].path.display().to_string();
                used.push(idx);
            }
        }
        for &idx in &used {
            self.refresh(idx)?;
        }
        let argv = std::iter::once("mptcpanalyzer".to_string()).chain(words.iter().cloned());
        let cli = match Cli::try_parse_from(argv) {
            Ok(cli) => cli,
            Err(e) => return self.clap_error(e, &words),
        };
        let mut cli = cli;
        if matches!(cli.command, Command::Shell(_)) {
            return Err(Error::Usage("already in the shell".into()));
        }
        cli.global = merge(&self.global, &cli.global);
        let stdout = std::io::stdout();
        let mut out = crate::interrupt::Writer(stdout.lock());
        let held = used
            .iter()
            .map(|&i| self.captures[i].state.clone())
            .collect();
        engine::Current::run(cli, held, &mut out)
    }

    /// Help and version are output; other clap errors become the CLI's one-line message.
    fn clap_error(&self, e: clap::Error, words: &[String]) -> Result<()> {
        use clap::error::ErrorKind;
        match e.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let io = Error::stdout;
                let mut out = std::io::stdout().lock();
                write!(out, "{}", e.render()).map_err(io)?;
                // `help` alone: the shell-only commands too
                if words.len() == 1 && words[0] == "help" {
                    writeln!(out, "\nShell commands:").map_err(io)?;
                    for (n, d) in SHELL_COMMANDS {
                        writeln!(out, "  {n:<9} {d}").map_err(io)?;
                    }
                }
                out.flush().map_err(io)
            }
            _ => {
                let text = e.render().to_string();
                let line = text.lines().next().unwrap_or("invalid command");
                Err(Error::Usage(
                    line.strip_prefix("error: ").unwrap_or(line).to_string(),
                ))
            }
        }
    }

    fn is_capture(&self, word: &str) -> bool {
        self.captures.iter().any(|c| c.name == word) || Path::new(&expand(word)).is_file()
    }

    /// The loaded capture a word names, loading a file on first use.
    fn resolve(&mut self, word: &str) -> Result<usize> {
        if let Some(i) = self.captures.iter().position(|c| c.name == word) {
            return Ok(i);
        }
        let path = expand(word);
        self.load(&path, None)
    }

    fn find(&self, name: &str) -> Result<usize> {
        self.captures
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "no loaded capture named {name:?} (loaded: {})",
                    self.names_list()
                ))
            })
    }

    fn names_list(&self) -> String {
        if self.captures.is_empty() {
            "none".into()
        } else {
            self.captures
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// Load `path` (already loaded from the same file: that one) and return its index.
    pub fn load(&mut self, path: &Path, name: Option<String>) -> Result<usize> {
        let canon = std::fs::canonicalize(path).ok();
        if let Some(i) = self
            .captures
            .iter()
            .position(|c| canon.is_some() && std::fs::canonicalize(&c.path).ok() == canon)
        {
            if let Some(n) = name {
                if self.captures.iter().any(|c| c.name == n) && self.captures[i].name != n {
                    return Err(Error::Usage(format!("a capture is already named {n:?}")));
                }
                self.captures[i].name = n;
            }
            self.refresh(i)?;
            return Ok(i);
        }
        if let Some(n) = &name {
            if self.captures.iter().any(|c| &c.name == n) {
                return Err(Error::Usage(format!(
                    "a capture is already named {n:?} (unload it first)"
                )));
            }
            if n.is_empty() || n.contains(char::is_whitespace) {
                return Err(Error::Usage(format!("bad capture name {n:?}")));
            }
        }
        let name = name.unwrap_or_else(|| {
            let taken: Vec<&str> = self.captures.iter().map(|c| c.name.as_str()).collect();
            capture::name_for(path, &taken)
        });
        let loaded = Loaded::load(&self.ctx, path, name)?;
        self.captures.push(loaded);
        Ok(self.captures.len() - 1)
    }

    /// Reload a capture whose file changed on disk since it was loaded.
    fn refresh(&mut self, i: usize) -> Result<()> {
        if !self.captures[i].changed_on_disk() {
            return Ok(());
        }
        let c = &self.captures[i];
        eprintln!(
            "{}: {} changed on disk, reloading",
            c.name,
            c.path.display()
        );
        let fresh = Loaded::load(&self.ctx, &c.path.clone(), c.name.clone())?;
        self.captures[i] = fresh;
        Ok(())
    }

    fn print_captures(&self) -> Result<()> {
        let io = Error::stdout;
        let mut out = std::io::stdout().lock();
        if self.captures.is_empty() {
            eprintln!("no capture loaded (load CAPTURE [as NAME])");
            return Ok(());
        }
        let width = self
            .captures
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            out,
            "  {:<width$}  {:>8}  {:>8}  {:>7}  path",
            "name", "frames", "tcp pkts", "age"
        )
        .map_err(io)?;
        for (i, c) in self.captures.iter().enumerate() {
            let mark = if Some(i) == self.current { '*' } else { ' ' };
            writeln!(
                out,
                "{mark} {:<width$}  {:>8}  {:>8}  {:>7}  {}",
                c.name,
                c.frames,
                c.tcp_packets,
                age(c.loaded_at.elapsed()),
                c.path.display()
            )
            .map_err(io)?;
        }
        out.flush().map_err(io)
    }

    /// What the completer needs, detached from the session.
    pub fn known(&self) -> Snapshot {
        Snapshot {
            entries: self
                .captures
                .iter()
                .map(|c| Entry {
                    name: c.name.clone(),
                    path: c.path.clone(),
                    tcp: c.tcp_ids.clone(),
                    mptcp: c.mptcp_ids.clone(),
                })
                .collect(),
            current: self.current,
        }
    }

    /// The prompt: the current capture's name.
    pub fn prompt(&self) -> String {
        match self.current {
            Some(i) => format!("mptcpanalyzer [{}]> ", self.captures[i].name),
            None => "mptcpanalyzer> ".into(),
        }
    }
}

/// "42 s", "3 min", "2 h"
fn age(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        _ => format!("{} h", s / 3600),
    }
}

fn no_more(cmd: &str, rest: &[String], max: usize) -> Result<()> {
    if rest.len() > max {
        return Err(Error::Usage(format!(
            "{cmd}: unexpected argument {:?}",
            rest[max]
        )));
    }
    Ok(())
}

/// `~/x` is in the home directory.
fn expand(p: &str) -> PathBuf {
    match p.strip_prefix("~/") {
        Some(rest) => directories::BaseDirs::new()
            .map(|b| b.home_dir().join(rest))
            .unwrap_or_else(|| PathBuf::from(p)),
        None => PathBuf::from(p),
    }
}

/// The line's global flags over the shell's.
fn merge(shell: &GlobalArgs, line: &GlobalArgs) -> GlobalArgs {
    GlobalArgs {
        config: line.config.clone().or_else(|| shell.config.clone()),
        backend: line.backend.or(shell.backend),
        tshark: line.tshark.clone().or_else(|| shell.tshark.clone()),
        cache_dir: line.cache_dir.clone().or_else(|| shell.cache_dir.clone()),
        tshark_timeout: line.tshark_timeout.or(shell.tshark_timeout),
        no_cache: line.no_cache || shell.no_cache && !line.regen,
        regen: line.regen || shell.regen && !line.no_cache,
        quiet: line.quiet || shell.quiet,
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_command_is_a_failed_line_and_the_session_goes_on() {
        let mut s = Session::new(GlobalArgs::default(), false).unwrap();
        let step = s.guarded("boom", |_| panic!("a bug in a command"));
        assert_eq!(
            step,
            Step {
                code: exit::FAILURE,
                exit: false
            }
        );
        assert_eq!(
            s.line("exit"),
            Step {
                code: exit::OK,
                exit: true
            }
        );
    }
}
