//! `completions SHELL` and `man`: generated from the one clap definition.

use super::{Context, Plan};
use crate::error::{Error, Result};
use crate::pipeline::Capture;
use std::io::Write;

pub struct CompletionsPlan {
    shell: clap_complete::Shell,
}

impl CompletionsPlan {
    pub fn new(shell: clap_complete::Shell) -> Self {
        CompletionsPlan { shell }
    }
}

impl Plan for CompletionsPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        // generate into memory: clap_complete panics on a write error (closed pipe)
        let mut buf = Vec::new();
        // with the plugins found: their commands, plots and flags
        clap_complete::generate(
            self.shell,
            &mut crate::cli::command_with_plugins(ctx),
            "mptcpanalyzer",
            &mut buf,
        );
        buf.extend_from_slice(completion_hook(self.shell).as_bytes());
        out.write_all(&buf).map_err(Error::stdout)
    }
}

/// `man [COMMAND...]` prints one page, `man --dir DIR` writes them all (each atomically).
pub struct ManPlan {
    /// The page's file name (`mptcpanalyzer-plot-dsn.1`), or None: every page into `dir`.
    page: Option<String>,
    dir: Option<std::path::PathBuf>,
}

impl ManPlan {
    pub fn new(name: Vec<String>, dir: Option<std::path::PathBuf>) -> Result<Self> {
        if dir.is_some() {
            return Ok(ManPlan { page: None, dir });
        }
        let words: Vec<&str> = name.iter().flat_map(|n| n.split_whitespace()).collect();
        let file = std::iter::once("mptcpanalyzer")
            .chain(words.iter().copied())
            .collect::<Vec<_>>()
            .join("-")
            + ".1";
        if !crate::cli::help::man_pages()
            .iter()
            .any(|(f, _)| *f == file)
        {
            return Err(Error::Usage(format!(
                "no man page for {:?} (the commands: `mptcpanalyzer --help`)",
                words.join(" ")
            )));
        }
        Ok(ManPlan {
            page: Some(file),
            dir: None,
        })
    }
}

impl Plan for ManPlan {
    fn run(&self, _: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        let pages = crate::cli::help::man_pages();
        if let Some(dir) = &self.dir {
            if !dir.is_dir() {
                return Err(Error::Output {
                    path: dir.clone(),
                    msg: "not a directory".into(),
                });
            }
            for (file, text) in &pages {
                let path = dir.join(file);
                crate::output::write_atomic(&path, |w| {
                    w.write_all(text.as_bytes()).map_err(Error::stdout)
                })?;
            }
            return Ok(());
        }
        let text = pages
            .iter()
            .find(|(f, _)| Some(f) == self.page.as_ref())
            .map(|(_, t)| t.as_str())
            .unwrap_or_default();
        out.write_all(text.as_bytes()).map_err(Error::stdout)
    }
}

/// Appended to the generated completion script of `shell`: asks `mptcpanalyzer complete` first
/// (connection ids of the capture on the line), then the static completion.
fn completion_hook(shell: clap_complete::Shell) -> &'static str {
    match shell {
        clap_complete::Shell::Bash => BASH_HOOK,
        clap_complete::Shell::Zsh => ZSH_HOOK,
        clap_complete::Shell::Fish => FISH_HOOK,
        _ => "",
    }
}

const BASH_HOOK: &str = r#"
# Connection ids of the capture on the line (mptcpanalyzer __complete), else the above.
_mptcpanalyzer_data() {
    local cands
    cands=$("${COMP_WORDS[0]}" __complete --shell bash --cword "$COMP_CWORD" -- "${COMP_WORDS[@]}" 2>/dev/null)
    if [[ -n "$cands" ]]; then
        local line
        COMPREPLY=()
        while IFS= read -r line; do COMPREPLY+=("$line"); done <<< "$cands"
        return 0
    fi
    _mptcpanalyzer "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _mptcpanalyzer_data -o nosort -o bashdefault -o default mptcpanalyzer
else
    complete -F _mptcpanalyzer_data -o bashdefault -o default mptcpanalyzer
fi
"#;

const ZSH_HOOK: &str = r#"
# Connection ids of the capture on the line (mptcpanalyzer __complete), else the above.
_mptcpanalyzer_data() {
    local -a cands
    cands=("${(@f)$(${words[1]} __complete --shell zsh --cword $((CURRENT - 1)) -- "${words[@]}" 2>/dev/null)}")
    if [[ -n "${cands[1]}" ]]; then
        _describe -t ids 'connection id' cands
        return
    fi
    _mptcpanalyzer "$@"
}
compdef _mptcpanalyzer_data mptcpanalyzer
"#;

const FISH_HOOK: &str = r#"
# Connection ids of the capture on the line (mptcpanalyzer __complete).
function __mptcpanalyzer_data
    set -l words (commandline -opc) (commandline -ct)
    $words[1] __complete --shell fish --cword (math (count $words) - 1) -- $words 2>/dev/null
end
complete -c mptcpanalyzer -f -n 'test -n "$(__mptcpanalyzer_data)"' -a '(__mptcpanalyzer_data)'
complete -c mptcpanalyzer -l tcp -l mptcp -x -n 'test -n "$(__mptcpanalyzer_data)"' -a '(__mptcpanalyzer_data)'
"#;
