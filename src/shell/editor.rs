//! The interactive loop on rustyline: prompt, history, completion.

use super::complete::{self, Scope};
use super::session::{Session, Snapshot};
use super::words;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::{DefaultHistory, History};
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Editor, Helper};
use std::path::PathBuf;

/// Entries kept in the history file.
pub const HISTORY_SIZE: usize = 2000;

/// `$XDG_STATE_HOME/mptcpanalyzer/history` (default `~/.local/state/...`).
pub fn history_path() -> PathBuf {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().join(".local/state")))
        .unwrap_or_else(|| PathBuf::from(".local/state"));
    state.join("mptcpanalyzer").join("history")
}

struct ShellHelper {
    root: clap::Command,
    known: Snapshot,
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (words, partial, start) = words::partial(&line[..pos]);
        let cands = complete::complete(&self.root, &words, &partial, &self.known, Scope::All);
        let width = cands
            .iter()
            .filter(|c| c.description.is_some())
            .map(|c| c.value.len())
            .max()
            .unwrap_or(0);
        let pairs = cands
            .into_iter()
            .map(|c| Pair {
                display: match &c.description {
                    Some(d) => format!("{:<width$}  {d}", c.value),
                    None => c.value.clone(),
                },
                replacement: if c.partial {
                    words::quote(&c.value)
                } else {
                    format!("{} ", words::quote(&c.value))
                },
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}
impl Highlighter for ShellHelper {}
impl Validator for ShellHelper {}
impl Helper for ShellHelper {}

/// Read lines from the terminal until `exit` or Ctrl-D. History is saved after every line, so
/// that nothing is lost whatever the command does.
pub fn interactive(session: &mut Session) -> u8 {
    let config = Config::builder()
        .max_history_size(HISTORY_SIZE)
        .and_then(|b| b.history_ignore_dups(true))
        .map(|b| {
            b.history_ignore_space(true)
                .completion_type(CompletionType::List)
                .completion_prompt_limit(200)
                .auto_add_history(false)
                .build()
        });
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            crate::output::message::error(format_args!("line editor: {e}"));
            return crate::error::exit::FAILURE;
        }
    };
    let mut rl: Editor<ShellHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(r) => r,
        Err(e) => {
            crate::output::message::error(format_args!("line editor: {e}"));
            return crate::error::exit::FAILURE;
        }
    };
    rl.set_helper(Some(ShellHelper {
        root: session.root().clone(),
        known: session.known(),
    }));
    let history = history_path();
    if history.is_file() {
        if let Err(e) = rl.load_history(&history) {
            crate::output::message::warning(format_args!(
                "{}: cannot read the history: {e}",
                history.display()
            ));
        }
    }
    let mut warned = false;
    loop {
        if let Some(h) = rl.helper_mut() {
            h.known = session.known();
        }
        match rl.readline(&session.prompt()) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = rl.add_history_entry(line.as_str());
                    if let Err(e) = save(&mut rl, &history) {
                        if !warned {
                            crate::output::message::warning(format_args!(
                                "{}: cannot save the history: {e}",
                                history.display()
                            ));
                            warned = true;
                        }
                    }
                }
                if session.line(&line).exit {
                    break;
                }
            }
            // Ctrl-C at the prompt: a fresh line
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                crate::output::message::error(format_args!("line editor: {e}"));
                return crate::error::exit::FAILURE;
            }
        }
    }
    crate::error::exit::OK
}

fn save(
    rl: &mut Editor<ShellHelper, DefaultHistory>,
    path: &std::path::Path,
) -> std::io::Result<()> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d)?;
    }
    // bounded: rustyline keeps at most HISTORY_SIZE entries and writes them all
    debug_assert!(rl.history().len() <= HISTORY_SIZE);
    rl.save_history(path).map_err(std::io::Error::other)
}
