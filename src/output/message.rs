//! Messages on stderr, all through here: one prefix scheme (`mptcpanalyzer: error: ...`,
//! `mptcpanalyzer: warning: ...`, `mptcpanalyzer: note: ...`), one switch for `--quiet` (which
//! silences warnings and notes, never errors) and one for colour (`--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE`).
//!
//! The settings are process-wide (set once from the command line by `cli::commands::Context`):
//! messages come from every layer above the analysis, which has no context to pass them.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// The program name every message starts with.
pub const PREFIX: &str = "mptcpanalyzer";

/// When to colour messages and help: `auto` (stderr or stdout is a terminal, and `NO_COLOR`
/// is unset or empty; `CLICOLOR_FORCE` set and not `0` forces it), `always`, `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "application", derive(clap::ValueEnum))]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to a stream that is (`terminal`) or is not a terminal,
    /// with the environment variable lookup `env` (`NO_COLOR`, `CLICOLOR_FORCE`).
    pub fn resolve(self, terminal: bool, env: impl Fn(&str) -> Option<String>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                    false
                } else if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                    true
                } else {
                    terminal
                }
            }
        }
    }

    /// [`ColorChoice::resolve`] for stderr with the process environment.
    pub fn for_stderr(self) -> bool {
        self.resolve(std::io::stderr().is_terminal(), |k| std::env::var(k).ok())
    }
}

const COLOR_UNSET: u8 = 0;
const COLOR_OFF: u8 = 1;
const COLOR_ON: u8 = 2;

static QUIET: AtomicBool = AtomicBool::new(false);
static COLOR: AtomicU8 = AtomicU8::new(COLOR_UNSET);

/// Set `--quiet` and the colour choice for every later message.
pub fn configure(quiet: bool, color: ColorChoice) {
    QUIET.store(quiet, Ordering::Relaxed);
    let on = color.for_stderr();
    COLOR.store(if on { COLOR_ON } else { COLOR_OFF }, Ordering::Relaxed);
}

/// Whether `--quiet` was given (warnings and notes are not printed).
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

fn color() -> bool {
    match COLOR.load(Ordering::Relaxed) {
        COLOR_ON => true,
        COLOR_OFF => false,
        _ => ColorChoice::Auto.for_stderr(),
    }
}

/// How serious a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    fn word(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }

    /// SGR colour of the level word: bold red, bold yellow, bold cyan.
    fn sgr(self) -> &'static str {
        match self {
            Level::Error => "1;31",
            Level::Warning => "1;33",
            Level::Note => "1;36",
        }
    }
}

/// `mptcpanalyzer: LEVEL: msg` (the level word coloured when `color`).
pub fn format(level: Level, msg: &str, color: bool) -> String {
    if color {
        format!(
            "{PREFIX}: \x1b[{}m{}:\x1b[0m {msg}",
            level.sgr(),
            level.word()
        )
    } else {
        format!("{PREFIX}: {}: {msg}", level.word())
    }
}

/// Print one message on stderr (warnings and notes not under `--quiet`). A failed write to
/// stderr is ignored: there is nowhere left to say it.
pub fn emit(level: Level, msg: &str) {
    if level != Level::Error && quiet() {
        return;
    }
    let line = format(level, msg, color());
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

pub fn error(msg: impl std::fmt::Display) {
    emit(Level::Error, &msg.to_string());
}

pub fn warning(msg: impl std::fmt::Display) {
    emit(Level::Warning, &msg.to_string());
}

pub fn note(msg: impl std::fmt::Display) {
    emit(Level::Note, &msg.to_string());
}

/// Suggestions for a mistyped name (a command, a plot type, a column).
/// Edits between `a` and `b`: insertions, deletions, substitutions and transpositions of two
/// neighbours (`dns` is one edit from `dsn`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, v) in d[0].iter_mut().enumerate() {
        *v = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to a mistyped `name` (at most two edits, fewer than `name` has
/// letters); ties go to the one with the same first letter, then to the first listed.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let first = name.chars().next();
    candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let d = edit_distance(name, c);
            (d, c.chars().next() != first, i, c)
        })
        .filter(|(d, ..)| *d <= 2 && *d < name.chars().count() && *d > 0)
        .min()
        .map(|(.., c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_suggest_the_nearest_name() {
        assert_eq!(edit_distance("dns", "dsn"), 1);
        assert_eq!(did_you_mean("dns", ["dsn", "attr", "owd"]), Some("dsn"));
        assert_eq!(did_you_mean("lst", ["plot", "list", "stats"]), Some("list"));
        assert_eq!(did_you_mean("xyz", ["list", "map"]), None);
        assert_eq!(
            did_you_mean("ab", ["map"]),
            None,
            "two edits of two letters is anything"
        );
    }

    #[test]
    fn the_prefix_scheme_with_and_without_colour() {
        assert_eq!(
            format(Level::Note, "x.pcap: no TCP packet", false),
            "mptcpanalyzer: note: x.pcap: no TCP packet"
        );
        assert_eq!(
            format(Level::Error, "boom", true),
            "mptcpanalyzer: \x1b[1;31merror:\x1b[0m boom"
        );
    }

    #[test]
    fn no_color_and_clicolor_force() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let auto = ColorChoice::Auto;
        assert!(auto.resolve(true, env(&[])));
        assert!(!auto.resolve(false, env(&[])));
        assert!(!auto.resolve(true, env(&[("NO_COLOR", "1")])));
        assert!(auto.resolve(true, env(&[("NO_COLOR", "")])), "empty: unset");
        assert!(auto.resolve(false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!auto.resolve(false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(
            !auto.resolve(false, env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])),
            "NO_COLOR wins"
        );
        assert!(ColorChoice::Always.resolve(false, env(&[("NO_COLOR", "1")])));
        assert!(!ColorChoice::Never.resolve(true, env(&[("CLICOLOR_FORCE", "1")])));
    }
}
