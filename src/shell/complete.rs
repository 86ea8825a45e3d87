//! Completion from the clap definition and the data: subcommands, flags and enum values come
//! from walking `clap::Command`; capture names, connection ids (with a description) and CSV
//! columns from what is loaded. The interactive shell and the static shell completions (through
//! the hidden `complete` subcommand) share this code.

use super::capture::{IdEntry, IdKind};
use super::grammar::{self, CaptureSlot, Walk, CAPTURE};
use clap::{Arg, Command};
use std::path::Path;

/// One completion candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub value: String,
    pub description: Option<String>,
    /// A directory: no space after it, the path goes on.
    pub partial: bool,
}

impl Candidate {
    fn new(value: impl Into<String>, description: Option<String>) -> Self {
        Candidate {
            value: value.into(),
            description: description.filter(|d| !d.is_empty()),
            partial: false,
        }
    }
}

/// What the completer knows besides the clap definition.
pub trait Known {
    /// True in the interactive shell: shell-only commands, and an omitted CAPTURE is the current.
    fn in_shell(&self) -> bool;
    /// Names of the loaded captures.
    fn names(&self) -> Vec<String>;
    fn has_current(&self) -> bool;
    /// Whether a word names a capture (a loaded name or a file).
    fn is_capture(&self, word: &str) -> bool;
    /// The connections of the capture `word` names (None: the current capture).
    fn ids(&self, capture: Option<&str>, kind: IdKind) -> Vec<IdEntry>;
}

/// The shell-only commands and what they do.
pub const SHELL_COMMANDS: [(&str, &str); 7] = [
    ("load", "Load a capture once: load CAPTURE [as NAME]"),
    (
        "captures",
        "List the loaded captures (frames, age; * = current)",
    ),
    ("use", "Make a loaded capture the current one: use NAME"),
    ("unload", "Forget a loaded capture: unload [NAME]"),
    ("source", "Run the lines of a file: source FILE"),
    ("exit", "Leave the shell (also Ctrl-D)"),
    ("quit", "Leave the shell"),
];

/// Which slots [`complete`] answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything (the interactive shell).
    All,
    /// Only what depends on the data: connection ids and CSV columns (the static shell
    /// completions handle the rest themselves).
    DataOnly,
}

/// Candidates for the word `partial` after `words` (without the binary name). `root` must be
/// built (`Command::build`).
pub fn complete(
    root: &Command,
    words: &[String],
    partial: &str,
    known: &dyn Known,
    scope: Scope,
) -> Vec<Candidate> {
    let all = scope == Scope::All;
    if known.in_shell() {
        if words.is_empty() {
            if partial.starts_with('-') {
                return filter(flags(root), partial);
            }
            let mut v: Vec<Candidate> = SHELL_COMMANDS
                .iter()
                .map(|(n, d)| Candidate::new(*n, Some(d.to_string())))
                .collect();
            v.extend(subcommands(root));
            return filter(v, partial);
        }
        if let Some(c) = shell_command(&words[0], &words[1..], partial, known) {
            return if all { c } else { Vec::new() };
        }
    }
    let w = grammar::walk(root, words, known.has_current(), &|s| known.is_capture(s));
    let leaf = grammar::leaf(root, &w.path);
    if let Some(id) = &w.pending {
        return match leaf.get_arguments().find(|a| a.get_id() == id.as_str()) {
            Some(a) => filter(values(a, &w, words, partial, known, scope), partial),
            None => Vec::new(),
        };
    }
    if partial.starts_with('-') {
        return if all {
            filter(flags(leaf), partial)
        } else {
            Vec::new()
        };
    }
    if w.next_positional == 0 && leaf.has_subcommands() {
        return if all {
            filter(subcommands(leaf), partial)
        } else {
            Vec::new()
        };
    }
    let pos = grammar::positionals(leaf);
    let Some(arg) = pos.get(w.next_positional) else {
        return Vec::new();
    };
    if arg.get_id() == CAPTURE && all {
        let mut v = captures(partial, known);
        // the capture may be omitted: what comes after it, for the current capture
        if known.has_current() {
            if let Some(next) = pos.get(w.next_positional + 1) {
                let mut implicit = w.clone();
                implicit.capture = CaptureSlot::Implicit(words.len());
                v.extend(values(next, &implicit, words, partial, known, scope));
            }
        }
        return filter(v, partial);
    }
    filter(values(arg, &w, words, partial, known, scope), partial)
}

fn filter(v: Vec<Candidate>, partial: &str) -> Vec<Candidate> {
    let mut v: Vec<Candidate> = v
        .into_iter()
        .filter(|c| c.value.starts_with(partial))
        .collect();
    let mut seen = std::collections::HashSet::new();
    v.retain(|c| seen.insert(c.value.clone()));
    v
}

fn subcommands(cmd: &Command) -> Vec<Candidate> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| Candidate::new(s.get_name(), s.get_about().map(|a| a.to_string())))
        .collect()
}

fn flags(cmd: &Command) -> Vec<Candidate> {
    let mut v: Vec<Candidate> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .flat_map(|a| {
            let help = a.get_help().map(|h| h.to_string());
            let mut names: Vec<String> =
                a.get_long().map(|l| format!("--{l}")).into_iter().collect();
            if let Some(aliases) = a.get_visible_aliases() {
                names.extend(aliases.into_iter().map(|l| format!("--{l}")));
            }
            names
                .into_iter()
                .map(move |n| Candidate::new(n, help.clone()))
        })
        .collect();
    v.push(Candidate::new("--help", Some("Print help".into())));
    v
}

/// Candidates for the value of `arg`.
fn values(
    arg: &Arg,
    w: &Walk,
    words: &[String],
    partial: &str,
    known: &dyn Known,
    scope: Scope,
) -> Vec<Candidate> {
    let id = arg.get_id().as_str();
    let capture = match w.capture {
        CaptureSlot::Given(i) => Some(words[i].as_str()),
        // two-capture commands: the ids of the first capture (`map`'s CAPTURE1, `owd`'s CLIENT)
        _ => w
            .positional(words, "capture1")
            .or_else(|| w.positional(words, "client")),
    };
    let kind = match id {
        "tcp" => Some(IdKind::Tcp),
        "mptcp" => Some(IdKind::Mptcp),
        "id" => Some(match w.positional(words, "kind") {
            Some("tcp") => IdKind::Tcp,
            _ => IdKind::Mptcp,
        }),
        _ => None,
    };
    if let Some(kind) = kind {
        if capture.is_none()
            && (!known.has_current() || w.path.first().is_some_and(|c| c == "map" || c == "owd"))
        {
            return Vec::new();
        }
        return known
            .ids(capture, kind)
            .into_iter()
            .map(|e| Candidate::new(e.id.to_string(), Some(e.description)))
            .collect();
    }
    if id == "fields" {
        return crate::analysis::timeseries::numeric_columns()
            .into_iter()
            .map(|c| Candidate::new(c, None))
            .collect();
    }
    if scope == Scope::DataOnly {
        return Vec::new();
    }
    let possible = arg.get_possible_values();
    if !possible.is_empty() {
        return possible
            .iter()
            .filter(|p| !p.is_hide_set())
            .map(|p| Candidate::new(p.get_name(), p.get_help().map(|h| h.to_string())))
            .collect();
    }
    match id {
        CAPTURE => captures(partial, known),
        id if grammar::OTHER_CAPTURES.contains(&id) => captures(partial, known),
        "output" | "config" | "tshark" => files(partial, false),
        "cache_dir" => files(partial, true),
        _ => Vec::new(),
    }
}

fn captures(partial: &str, known: &dyn Known) -> Vec<Candidate> {
    let mut v: Vec<Candidate> = known
        .names()
        .into_iter()
        .map(|n| Candidate::new(n, Some("loaded capture".into())))
        .collect();
    // with a current capture, files only once the word looks like a path
    if !known.has_current()
        || partial.contains('/')
        || partial.starts_with('.')
        || partial.starts_with('~')
        || v.iter().all(|c| !c.value.starts_with(partial)) && !partial.is_empty()
    {
        v.extend(files(partial, false));
    }
    v
}

/// Files and directories whose path starts with `partial`.
pub fn files(partial: &str, dirs_only: bool) -> Vec<Candidate> {
    let (dir, prefix) = match partial.rfind('/') {
        Some(i) => (&partial[..=i], &partial[i + 1..]),
        None => ("", partial),
    };
    let fs_dir = if dir.is_empty() {
        std::path::PathBuf::from(".")
    } else if let Some(rest) = dir.strip_prefix("~/") {
        directories::BaseDirs::new()
            .map(|b| b.home_dir().join(rest))
            .unwrap_or_else(|| dir.into())
    } else {
        std::path::PathBuf::from(dir)
    };
    let Ok(rd) = std::fs::read_dir(&fs_dir) else {
        return Vec::new();
    };
    let mut v: Vec<Candidate> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(prefix) || name.starts_with('.') && !prefix.starts_with('.') {
                return None;
            }
            let is_dir = Path::new(&fs_dir).join(&name).is_dir();
            if dirs_only && !is_dir {
                return None;
            }
            Some(Candidate {
                value: format!("{dir}{name}{}", if is_dir { "/" } else { "" }),
                description: None,
                partial: is_dir,
            })
        })
        .collect();
    v.sort_by(|a, b| a.value.cmp(&b.value));
    v
}

/// Arguments of the shell-only commands; None when `first` is not one.
fn shell_command(
    first: &str,
    rest: &[String],
    partial: &str,
    known: &dyn Known,
) -> Option<Vec<Candidate>> {
    let names = || {
        known
            .names()
            .into_iter()
            .map(|n| Candidate::new(n, Some("loaded capture".into())))
            .collect::<Vec<_>>()
    };
    let v = match (first, rest.len()) {
        ("load", 0) | ("source", 0) => files(partial, false),
        ("load", 1) => vec![Candidate::new("as", Some("name it: as NAME".into()))],
        ("use" | "unload", 0) => names(),
        ("load" | "source" | "use" | "unload" | "captures" | "exit" | "quit", _) => Vec::new(),
        _ => return None,
    };
    Some(filter(v, partial))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct K;
    impl Known for K {
        fn in_shell(&self) -> bool {
            true
        }
        fn names(&self) -> Vec<String> {
            vec!["c2".into()]
        }
        fn has_current(&self) -> bool {
            true
        }
        fn is_capture(&self, w: &str) -> bool {
            w == "c2"
        }
        fn ids(&self, _: Option<&str>, kind: IdKind) -> Vec<IdEntry> {
            let d = if kind == IdKind::Tcp { "tcp" } else { "mptcp" };
            vec![IdEntry {
                id: 0,
                description: d.into(),
            }]
        }
    }

    fn run(line: &str) -> Vec<(String, Option<String>)> {
        let mut root = crate::cli::command();
        root.build();
        let (words, partial, _) = crate::shell::words::partial(line);
        complete(&root, &words, &partial, &K, Scope::All)
            .into_iter()
            .map(|c| (c.value, c.description))
            .collect()
    }

    #[test]
    fn values_come_from_the_clap_definition() {
        let v: Vec<String> = run("stats mptcp --dest ")
            .into_iter()
            .map(|c| c.0)
            .collect();
        assert_eq!(v, ["client", "server", "both"]);
        let v: Vec<String> = run("plot ").into_iter().map(|c| c.0).collect();
        assert_eq!(
            v,
            [
                "dsn",
                "attr",
                "throughput",
                "ofo",
                "owd",
                "reinjections",
                "rtt",
                "flight",
                "help"
            ]
        );
    }

    #[test]
    fn ids_follow_the_kind() {
        assert!(run("stats tcp ").contains(&("0".into(), Some("tcp".into()))));
        assert!(run("stats mptcp c2 ").contains(&("0".into(), Some("mptcp".into()))));
        assert!(run("plot attr --tcp ").contains(&("0".into(), Some("tcp".into()))));
        // the capture name is offered where the capture goes
        assert!(run("stats mptcp ").iter().any(|c| c.0 == "c2"));
        assert_eq!(run("use "), [("c2".into(), Some("loaded capture".into()))]);
    }
}
