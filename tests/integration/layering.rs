//! The layering of the library (docs/architecture.md): a module may use only modules of lower
//! layers, never one of its own layer or above. This reads every `crate::` path in `src/` (code,
//! not comments) and fails on an import that goes up or sideways, so no cycle between top-level
//! modules can form. There is no exception list: a new top-level module must be given a layer
//! here (and in docs/architecture.md).

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
