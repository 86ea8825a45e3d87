//! The shell's state (loaded captures, the current one) and the running of one line: shell-only
//! commands here, everything else through the clap definition of the command line.

use super::capture::Loaded;
use super::complete::SHELL_COMMANDS;
use super::engine::{self, Engine};
use super::grammar::{self, CaptureSlot};
pub use super::snapshot::{Entry, Snapshot};

mod loaded;
use super::words;
use crate::cli::commands::Context;
use crate::cli::{Command, GlobalArgs};
use crate::error::{exit, Error, Result};
use std::io::Write;
use std::path::PathBuf;
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
                    crate::output::message::error(&e);
                }
                Step {
                    code: e.exit_code(),
                    exit: false,
                }
            }
            Err(_) => {
                crate::output::message::error(
                    "internal error: the command panicked (the shell goes on)",
                );
                Step {
                    code: exit::FAILURE,
                    exit: false,
                }
            }
        };
        let took = start.elapsed();
        if took > SLOW && !matches!(text.split_whitespace().next(), Some("source")) {
            crate::output::message::note(format_args!("took {:.1} s", took.as_secs_f64()));
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
            "load" => self.load_command(rest),
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
                self.unload(rest.first())
            }
            "source" => self.source(rest),
            // test-only (docs/testing.md): a command that panics, in debug builds only and with
            // MPTCPANALYZER_TEST_PANIC set
            #[cfg(debug_assertions)]
            "__panic" if std::env::var_os("MPTCPANALYZER_TEST_PANIC").is_some() => {
                panic!("__panic: the test-only panic (MPTCPANALYZER_TEST_PANIC)")
            }
            _ => {
                self.run_command(words)?;
                Ok(Step::OK)
            }
        }
    }

    /// `load CAPTURE [as NAME]`
    fn load_command(&mut self, rest: &[String]) -> Result<Step> {
        let (path, name) = match rest {
            [p] => (p, None),
            [p, as_, n] if as_ == "as" => (p, Some(n.clone())),
            _ => return Err(Error::Usage("usage: load CAPTURE [as NAME]".into())),
        };
        let path = expand(path);
        let i = self.load(&path, name)?;
        self.current = Some(i);
        let c = &self.captures[i];
        crate::output::message::note(format_args!(
            "{}: {} frames, {} TCP connections, {} MPTCP connections ({:.2} s)",
            c.name,
            c.frames,
            c.tcp_ids.len(),
            c.mptcp_ids.len(),
            c.load_time.as_secs_f64()
        ));
        Ok(Step::OK)
    }

    /// `unload [NAME]`: the current capture by default; the last loaded becomes current.
    fn unload(&mut self, name: Option<&String>) -> Result<Step> {
        let i = match name {
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

    /// `source FILE`
    fn source(&mut self, rest: &[String]) -> Result<Step> {
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
        let cli = match crate::cli::try_parse_from(argv) {
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
pub(super) fn expand(p: &str) -> PathBuf {
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
        no_progress: line.no_progress || shell.no_progress,
        color: line.color.or(shell.color),
        time_origin: line.time_origin.or(shell.time_origin),
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
