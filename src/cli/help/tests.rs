//! Unit tests of the help texts: examples of every command, man pages.

use super::*;

#[test]
fn every_command_has_examples_and_every_example_a_command() {
    let cmd = super::super::command();
    let mut paths = vec![String::new()];
    fn walk(c: &Command, path: &str, out: &mut Vec<String>) {
        for s in c.get_subcommands().filter(|s| !s.is_hide_set()) {
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path} {}", s.get_name())
            };
            out.push(p.clone());
            walk(s, &p, out);
        }
    }
    walk(&cmd, "", &mut paths);
    for p in &paths {
        assert!(examples(p).is_some(), "no examples for `{p}`");
    }
    for (p, _) in EXAMPLES {
        assert!(
            paths.iter().any(|q| q == p),
            "examples of an unknown command `{p}`"
        );
    }
}

#[test]
fn roff_escapes_dashes_quotes_and_leading_dots() {
    assert_eq!(roff_escape(".a-b'c\\"), "\\&.a\\-b\\*(Aqc\\e");
}
