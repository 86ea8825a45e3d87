//! Reading a line through the clap definition: which subcommand, which argument each word fills,
//! and where the CAPTURE positional is. The shell uses it to put the current capture in when it is
//! omitted, and the completer to know what the word under the cursor is.

use clap::{Arg, Command};

/// The arg id of the capture positional of every command that reads a capture.
pub const CAPTURE: &str = "capture";

/// The capture positionals of the commands that read two captures (`map`, `owd`, `receiver`,
/// `reinjections`, `plot owd|reinjections`): a loaded name is accepted there too, but they are
/// never omitted.
pub const OTHER_CAPTURES: [&str; 6] = [
    "capture1", "capture2", "client", "server", "sender", "receiver",
];

/// Where a line's capture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureSlot {
    /// The command takes no capture, or the line stops before its position.
    None,
    /// The word at this index is the capture.
    Given(usize),
    /// Omitted: the current capture goes in before the word at this index (or at the end).
    Implicit(usize),
}

/// The result of reading the words of a line (without the binary name).
#[derive(Debug, Clone)]
pub struct Walk {
    /// The names of the subcommands, root excluded (`["plot", "dsn"]`).
    pub path: Vec<String>,
    /// (word index, arg id) of each positional word.
    pub positionals: Vec<(usize, String)>,
    /// (word index, arg id) of the value of each flag.
    pub values: Vec<(usize, String)>,
    pub capture: CaptureSlot,
    /// The last word is a flag waiting for its value: that flag's id.
    pub pending: Option<String>,
    /// Index of the next positional of the innermost command.
    pub next_positional: usize,
}

impl Walk {
    /// The word given for positional `id`.
    pub fn positional<'w>(&self, words: &'w [String], id: &str) -> Option<&'w str> {
        self.positionals
            .iter()
            .find(|(_, a)| a == id)
            .map(|(i, _)| words[*i].as_str())
    }
}

/// The innermost command named by `path`.
pub fn leaf<'c>(root: &'c Command, path: &[String]) -> &'c Command {
    let mut cmd = root;
    for name in path {
        match cmd.find_subcommand(name) {
            Some(s) => cmd = s,
            None => break,
        }
    }
    cmd
}

/// The positionals of `cmd`, in order.
pub fn positionals(cmd: &Command) -> Vec<&Arg> {
    let mut v: Vec<&Arg> = cmd.get_positionals().collect();
    v.sort_by_key(|a| a.get_index().unwrap_or(usize::MAX));
    v
}

fn takes_value(a: &Arg) -> bool {
    a.get_action().takes_values()
}

/// Read `words` through the (built) clap command `root`. `implicit_capture` tells whether a
/// current capture may stand in for an omitted CAPTURE; `is_capture` whether a word names one.
pub fn walk(
    root: &Command,
    words: &[String],
    implicit_capture: bool,
    is_capture: &dyn Fn(&str) -> bool,
) -> Walk {
    let mut w = Walk {
        path: Vec::new(),
        positionals: Vec::new(),
        values: Vec::new(),
        capture: CaptureSlot::None,
        pending: None,
        next_positional: 0,
    };
    let mut cmd = root;
    let mut only_positionals = false;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        if !only_positionals && word == "--" {
            only_positionals = true;
            i += 1;
        } else if !only_positionals && word.starts_with("--") && word.len() > 2 {
            i = w.long_flag(cmd, words, i);
        } else if !only_positionals && word.starts_with('-') && word.len() > 1 && !is_number(word) {
            i = w.short_flags(cmd, words, i);
        } else if let Some(sub) = (w.next_positional == 0 && cmd.has_subcommands())
            .then(|| cmd.find_subcommand(word))
            .flatten()
        {
            w.path.push(sub.get_name().to_string());
            cmd = sub;
            i += 1;
        } else {
            w.fill_positional(cmd, i, &|| implicit_capture && !is_capture(word));
            i += 1;
        }
    }
    // the line stops before the capture: the current one goes at the end
    if w.capture == CaptureSlot::None && implicit_capture {
        let pos = positionals(cmd);
        if pos
            .iter()
            .skip(w.next_positional)
            .any(|a| a.get_id() == CAPTURE)
            && pos
                .get(w.next_positional)
                .is_some_and(|a| a.get_id() == CAPTURE)
        {
            w.capture = CaptureSlot::Implicit(words.len());
        }
    }
    w
}

impl Walk {
    /// The flag `a` at word `i` takes the next word as its value (or waits for it at the end).
    /// Returns the index of the word after the value.
    fn value(&mut self, a: &Arg, words: &[String], i: usize) -> usize {
        if i + 1 < words.len() {
            self.values.push((i + 1, a.get_id().to_string()));
            i + 2
        } else {
            self.pending = Some(a.get_id().to_string());
            i + 1
        }
    }

    /// `--name` or `--name=value` at word `i`; returns the index of the next word.
    fn long_flag(&mut self, cmd: &Command, words: &[String], i: usize) -> usize {
        let word = &words[i];
        let name = word[2..].split('=').next().unwrap_or("");
        let arg = cmd
            .get_arguments()
            .find(|a| a.get_long() == Some(name) || has_alias(a, name));
        match arg.filter(|a| takes_value(a)) {
            Some(a) if !word.contains('=') => self.value(a, words, i),
            _ => i + 1,
        }
    }

    /// A cluster of short flags at word `i` (the first that takes a value ends it, its value
    /// the rest of the word or the next word); returns the index of the next word.
    fn short_flags(&mut self, cmd: &Command, words: &[String], i: usize) -> usize {
        let word = &words[i];
        for (k, ch) in word[1..].char_indices() {
            let arg = cmd.get_arguments().find(|a| a.get_short() == Some(ch));
            if let Some(a) = arg.filter(|a| takes_value(a)) {
                if 1 + k + ch.len_utf8() == word.len() {
                    return self.value(a, words, i);
                }
                break;
            }
        }
        i + 1
    }

    /// Word `i` is the next positional of `cmd`. At the CAPTURE's place, `implicit()` tells
    /// that the word is not a capture: the current capture goes in before it, and the word
    /// fills the next positional.
    fn fill_positional(&mut self, cmd: &Command, i: usize, implicit: &dyn Fn() -> bool) {
        let pos = positionals(cmd);
        let mut slot = self.next_positional;
        if let Some(a) = pos.get(slot) {
            if a.get_id() == CAPTURE {
                if implicit() {
                    self.capture = CaptureSlot::Implicit(i);
                    slot += 1;
                } else {
                    self.capture = CaptureSlot::Given(i);
                }
            }
        }
        match pos.get(slot) {
            Some(a) => {
                self.positionals.push((i, a.get_id().to_string()));
                let many = a.get_num_args().is_some_and(|n| n.max_values() > 1);
                self.next_positional = if many { slot } else { slot + 1 };
            }
            None => self.next_positional = slot + 1,
        }
    }
}

fn has_alias(a: &Arg, name: &str) -> bool {
    a.get_all_aliases().is_some_and(|v| v.contains(&name))
}

fn is_number(w: &str) -> bool {
    w[1..].parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> Command {
        let mut c = crate::cli::command();
        c.build();
        c
    }

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn omitted_capture_goes_before_the_id() {
        let r = root();
        let v = words("stats mptcp 0 --dest server");
        let w = walk(&r, &v, true, &|_| false);
        assert_eq!(w.path, ["stats"]);
        assert_eq!(w.capture, CaptureSlot::Implicit(2));
        assert_eq!(w.positional(&v, "id"), Some("0"));
        assert_eq!(w.values, [(4, "dest".to_string())]);
    }

    #[test]
    fn given_capture_is_kept() {
        let r = root();
        let v = words("plot dsn c2 1");
        let w = walk(&r, &v, true, &|s| s == "c2");
        assert_eq!(w.path, ["plot", "dsn"]);
        assert_eq!(w.capture, CaptureSlot::Given(2));
        assert_eq!(w.positional(&v, "id"), Some("1"));
    }

    #[test]
    fn capture_at_the_end_and_pending_flag() {
        let r = root();
        let v = words("list mptcp");
        assert_eq!(
            walk(&r, &v, true, &|_| false).capture,
            CaptureSlot::Implicit(2)
        );
        let v = words("plot attr --mptcp");
        let w = walk(&r, &v, true, &|_| false);
        assert_eq!(w.pending.as_deref(), Some("mptcp"));
        let v = words("--backend tshark plot attr -o x.png --mptcp 0 seq");
        let w = walk(&r, &v, true, &|_| false);
        assert_eq!(w.capture, CaptureSlot::Implicit(8));
        assert_eq!(w.positional(&v, "fields"), Some("seq"));
    }
}
