//! Splitting shell lines into words with POSIX shell quoting rules.
//!
//! Whole lines go through the `shlex` crate; the completer needs the words of an unfinished line
//! (an open quote, the byte where the last word starts), which [`partial`] tells.

/// The words of a complete line, or a one-line error (an open quote).
pub fn split(line: &str) -> Result<Vec<String>, String> {
    shlex::split(line).ok_or_else(|| "unbalanced quotes in the line".to_string())
}

/// Split a script (`shell -c`, a file, stdin) into statements: one per line, and `;` outside
/// quotes separates statements on a line. `#` at the start of a word starts a comment.
/// Each statement is returned with its 1-based line number.
pub fn statements(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut line = 1;
    let mut start_line = 1;
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    let mut word_start = true;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (Some('"'), '\\') => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    if n == '\n' {
                        line += 1;
                    }
                    cur.push(n);
                }
            }
            (Some(_), c) => {
                if c == '\n' {
                    line += 1;
                }
                cur.push(c);
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                cur.push(c);
                word_start = false;
            }
            (None, '\\') => {
                match chars.next() {
                    // a line continuation
                    Some('\n') => line += 1,
                    Some(n) => {
                        cur.push('\\');
                        cur.push(n);
                    }
                    None => cur.push('\\'),
                }
                word_start = false;
            }
            (None, '#') if word_start => {
                // a comment: up to the end of the line
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            (None, ';' | '\n') => {
                if !cur.trim().is_empty() {
                    out.push((start_line, std::mem::take(&mut cur)));
                }
                cur.clear();
                if c == '\n' {
                    line += 1;
                }
                start_line = line;
                word_start = true;
            }
            (None, c) => {
                word_start = c.is_whitespace();
                cur.push(c);
            }
        }
    }
    if !cur.trim().is_empty() {
        out.push((start_line, cur));
    }
    out
}

/// The words of an unfinished line: the complete words before the last one, the last (partial,
/// unquoted) word, and the byte offset in `line` where that last word starts.
pub fn partial(line: &str) -> (Vec<String>, String, usize) {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut start = line.len();
    let mut quote: Option<char> = None;
    let mut it = line.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some((_, n)) = it.next() {
                    cur.push(n);
                }
            }
            (Some(_), c) => cur.push(c),
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                if !in_word {
                    in_word = true;
                    start = i;
                }
                match c {
                    '\'' | '"' => quote = Some(c),
                    '\\' => {
                        if let Some((_, n)) = it.next() {
                            cur.push(n);
                        }
                    }
                    c => cur.push(c),
                }
            }
        }
    }
    if in_word {
        (words, cur, start)
    } else {
        (words, String::new(), line.len())
    }
}

/// `word` quoted for a shell line when it needs it.
pub fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,+@%~".contains(c))
    {
        word.to_string()
    } else {
        shlex::try_quote(word)
            .map(|q| q.into_owned())
            .unwrap_or_else(|_| word.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_on_semicolons_outside_quotes() {
        let s = statements("load x.pcap; list mptcp\n# comment\nplot attr --title 'a; b' seq\n");
        let v: Vec<(usize, &str)> = s.iter().map(|(l, t)| (*l, t.trim())).collect();
        assert_eq!(
            v,
            [
                (1, "load x.pcap"),
                (1, "list mptcp"),
                (3, "plot attr --title 'a; b' seq")
            ]
        );
    }

    #[test]
    fn partial_words_and_start() {
        assert_eq!(
            partial("stats mptcp "),
            (vec!["stats".into(), "mptcp".into()], String::new(), 12)
        );
        assert_eq!(
            partial("load 'my dir/x"),
            (vec!["load".into()], "my dir/x".into(), 5)
        );
        assert_eq!(partial("st"), (vec![], "st".into(), 0));
    }

    #[test]
    fn quote_only_when_needed() {
        assert_eq!(quote("a/b.pcap"), "a/b.pcap");
        assert_eq!(quote("a b"), "'a b'");
    }
}
