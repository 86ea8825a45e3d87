//! The layering of the library (docs/architecture.md): a module may use only modules of lower
//! layers, never one of its own layer or above. This reads every `crate::` path in `src/` (code,
//! not comments) and fails on an import that goes up or sideways, so no cycle between top-level
//! modules can form. There is no exception list: a new top-level module must be given a layer
//! here (and in docs/architecture.md).
//!
//! It also bounds sizes: no file of `src/` over 500 lines, no function over 80 (Sizes in
//! docs/architecture.md).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Lowest first. Modules of one layer do not use each other.
const LAYERS: &[&[&str]] = &[
    // foundations: typed errors and the packet model
    &["error", "model", "fsutil"],
    // Ctrl-C as a request to stop the running command
    &["interrupt"],
    // capture input: dissectors (native, tshark) and the CSV reader
    &["input"],
    // the analysis shared by every backend: derived fields, connections, statistics
    &["analysis"],
    // the cache of dissected captures (reads through input)
    &["cache"],
    // one pass over a capture with taps, the loaded capture
    &["pipeline"],
    // presentation: reports (table, CSV, JSON), the progress bar, image display; plugin discovery
    &["output", "plugin"],
    // figures: the plot registry (built-in plots and plot plugins)
    &["plot"],
    // the configuration file and its precedence
    &["config"],
    // the command line and the commands
    &["cli"],
    // the interactive shell (runs the commands)
    &["shell"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a source file belongs to (`src/input/csv.rs` -> `input`), None for the
/// crate roots.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main" | "bin")).then(|| name.to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line, without its `//` comment (doc comments included). A `//` inside a string
/// literal is rare in this code base and only hides imports after it on that line.
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// The top-level modules named by the `crate::` paths of `text`: `crate::input::Source`,
/// `use crate::{input, model::Packet}`.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        // not a longer identifier ending in `crate` (e.g. `my_crate::`)
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            // the first segment of each path in the group (nested groups: their first segment)
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != "self" {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn crate_paths_are_found_in_every_form() {
    let text =
        "use crate::input::Source;\nuse crate::{error::Result, model};\nlet x = crate::cache::f();";
    let got: Vec<String> = crate_paths(text).into_iter().collect();
    assert_eq!(got, ["cache", "error", "input", "model"]);
    assert!(crate_paths("use my_crate::output;").is_empty());
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut modules = BTreeSet::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        modules.insert(module.clone());
        let Some(mine) = layer_of(&module) else {
            problems.push(format!(
                "{}: top-level module `{module}` has no layer (add it to LAYERS in tests/integration/layering.rs and to docs/architecture.md)",
                file.display()
            ));
            continue;
        };
        let text: String = std::fs::read_to_string(file)
            .expect("source is readable")
            .lines()
            .map(|l| format!("{}\n", code(l)))
            .collect();
        for used in crate_paths(&text) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(theirs) if theirs < mine => {}
                Some(_) => problems.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which is not below it",
                    file.display()
                )),
                // a crate-root item (`crate::Result`) is a re-export of a foundation
                None if matches!(used.as_str(), "Error" | "Result" | "Packet") => {}
                None => problems.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which is not a known module",
                    file.display()
                )),
            }
        }
    }
    assert!(
        modules.contains("analysis") && modules.contains("input"),
        "the scan found the modules: {modules:?}"
    );
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

/// At most this many lines in a source file of `src/` (tests included).
const MAX_FILE_LINES: usize = 500;
/// At most this many lines in a function, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 80;

/// `text` with comments, string and character literals blanked (newlines kept), so that what
/// is left of braces and keywords is code.
fn blank_non_code(text: &str) -> Vec<char> {
    let c: Vec<char> = text.chars().collect();
    let mut out = c.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for x in out.iter_mut().take(to.min(c.len())).skip(from) {
            if *x != '\n' {
                *x = ' ';
            }
        }
    };
    let ident = |i: usize| i < c.len() && (c[i].is_alphanumeric() || c[i] == '_');
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        let end = if c[i] == '/' && next == Some('/') {
            (i..c.len()).find(|&k| c[k] == '\n').unwrap_or(c.len())
        } else if c[i] == '/' && next == Some('*') {
            let (mut depth, mut k) = (1, i + 2);
            while k < c.len() && depth > 0 {
                match (c[k], c.get(k + 1)) {
                    ('/', Some('*')) => (depth, k) = (depth + 1, k + 2),
                    ('*', Some('/')) => (depth, k) = (depth - 1, k + 2),
                    _ => k += 1,
                }
            }
            k
        } else if c[i] == 'r'
            && (i == 0 || !ident(i - 1) || (c[i - 1] == 'b' && (i < 2 || !ident(i - 2))))
            && matches!(next, Some('"') | Some('#'))
        {
            let hashes = c[i + 1..].iter().take_while(|&&x| x == '#').count();
            if c.get(i + 1 + hashes) != Some(&'"') {
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let from = i + 2 + hashes;
            (from..c.len())
                .find(|&k| c[k..].starts_with(&close))
                .map_or(c.len(), |k| k + close.len())
        } else if c[i] == '"' {
            let mut k = i + 1;
            while k < c.len() && c[k] != '"' {
                k += if c[k] == '\\' { 2 } else { 1 };
            }
            k + 1
        } else if c[i] == '\'' && next == Some('\\') {
            (i + 2..c.len())
                .find(|&k| c[k] == '\'')
                .map_or(c.len(), |k| k + 1)
        } else if c[i] == '\'' && c.get(i + 2) == Some(&'\'') {
            i + 3
        } else {
            i += 1;
            continue;
        };
        blank(&mut out, i, end);
        i = end;
    }
    out
}

/// (name, first line, number of lines) of every function with a body in `text`.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let code = blank_non_code(text);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(
            code.iter()
                .enumerate()
                .filter(|(_, &ch)| ch == '\n')
                .map(|(k, _)| k + 1),
        )
        .collect();
    let line_of = |pos: usize| line_starts.partition_point(|&s| s <= pos);
    let mut found = Vec::new();
    for (n, &start) in line_starts.iter().enumerate() {
        let end = line_starts.get(n + 1).map_or(code.len(), |e| e - 1);
        let line: String = code[start..end.max(start)].iter().collect();
        let mut words = line.split_whitespace().skip_while(|w| {
            matches!(
                *w,
                "pub" | "const" | "async" | "unsafe" | "extern" | "default"
            ) || w.starts_with("pub(")
        });
        if words.next() != Some("fn") {
            continue;
        }
        let name: String = words
            .next()
            .unwrap_or("")
            .chars()
            .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
            .collect();
        // the body: the first `{` outside parentheses, unless a `;` (no body) comes first
        let mut parens = 0i32;
        let mut open = None;
        for (k, &ch) in code.iter().enumerate().skip(start) {
            match ch {
                '(' | '[' => parens += 1,
                ')' | ']' => parens -= 1,
                ';' if parens == 0 => break,
                '{' if parens == 0 => {
                    open = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let Some(open) = open else { continue };
        let mut depth = 0;
        let close = (open..code.len()).find(|&k| {
            match code[k] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            depth == 0
        });
        let close = close.unwrap_or(code.len() - 1);
        found.push((name, n + 1, line_of(close) - n));
    }
    found
}

#[test]
fn function_sizes_are_measured_on_code_only() {
    let text = "fn a() {\n    let s = \"}\"; // }\n    let c = '{';\n}\n\n\
                pub(crate) fn b<T>(x: T) -> T\nwhere\n    T: Copy,\n{\n    /* { */ x\n}\n\
                fn c();\nfn d() { r#\"{\"# ; 'a' ; }\n";
    assert_eq!(
        functions(text),
        [
            ("a".to_string(), 1, 4),
            ("b".to_string(), 6, 6),
            ("d".to_string(), 13, 1)
        ]
    );
}

#[test]
fn no_source_file_over_500_lines_and_no_function_over_80() {
    let src = crate::util::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "src/ has {} Rust files", files.len());
    let mut over = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let rel = f.strip_prefix(&src).unwrap().display();
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            over.push(format!(
                "src/{rel}: {lines} lines (at most {MAX_FILE_LINES})"
            ));
        }
        for (name, line, n) in functions(&text) {
            if n > MAX_FN_LINES {
                over.push(format!(
                    "src/{rel}:{line}: fn {name}: {n} lines (at most {MAX_FN_LINES})"
                ));
            }
        }
    }
    assert!(
        over.is_empty(),
        "split these (docs/architecture.md, Sizes):\n{}",
        over.join("\n")
    );
}
