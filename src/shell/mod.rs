//! `mptcpanalyzer shell`: an interpreter that loads captures once and answers many commands from
//! memory, with completion that knows the data (docs/shell.md).
//!
//! Every line goes through the same clap definition as the command line ([`crate::cli::Cli`]);
//! only `load`, `captures`, `use`, `unload`, `source` and `exit` are the shell's own.

pub mod capture;
pub mod complete;
pub mod editor;
pub mod engine;
pub mod grammar;
pub mod session;
pub mod snapshot;
pub mod words;

use crate::cli::GlobalArgs;
use crate::error::{exit, Error, Result};
use capture::{IdEntry, IdKind};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

pub use crate::cli::ShellArgs;

/// Run the shell; returns the exit code.
pub fn main(global: &GlobalArgs, args: &ShellArgs) -> u8 {
    let mut session = match session::Session::new(global.clone(), args.keep_going) {
        Ok(s) => s,
        Err(e) => {
            crate::output::message::error(&e);
            return e.exit_code();
        }
    };
    if let Err(e) = crate::interrupt::install(crate::interrupt::OnSigint::Cancel) {
        crate::output::message::warning(format_args!("cannot catch Ctrl-C: {e}"));
    }
    let batch = args.command.is_some() || !std::io::stdin().is_terminal();
    let mut first_failure = exit::OK;
    for c in &args.captures {
        let line = format!("load {}", words::quote(&c.display().to_string()));
        let s = session.line(&line);
        if s.code != exit::OK && first_failure == exit::OK {
            first_failure = s.code;
            if batch && !args.keep_going {
                return first_failure;
            }
        }
    }
    let code = if let Some(text) = &args.command {
        session.script(text).code
    } else if batch {
        stdin_script(&mut session)
    } else {
        editor::interactive(&mut session)
    };
    if first_failure != exit::OK {
        first_failure
    } else {
        code
    }
}

/// Run stdin line by line as it comes (a program may feed the shell): the first failing
/// line's code, stopping there unless `--keep-going`.
fn stdin_script(session: &mut session::Session) -> u8 {
    let mut first = exit::OK;
    for line in std::io::stdin().lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                crate::output::message::error(format_args!("<stdin>: {e}"));
                return exit::INPUT;
            }
        };
        let step = session.script(&line);
        if step.code != exit::OK && first == exit::OK {
            first = step.code;
        }
        if step.exit
            || step.code != exit::OK && (!session.keep_going || step.code == exit::INTERRUPTED)
        {
            break;
        }
    }
    first
}

/// The shell a completion is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompleteShell {
    Bash,
    Zsh,
    Fish,
}

/// First argument of the completion scripts' helper (`mptcpanalyzer __complete ...`), which
/// `main` handles before the command line is parsed: it is no subcommand of the clap tree, so no
/// completion script, help or man page shows it.
pub const COMPLETE_HELPER: &str = "__complete";

/// `mptcpanalyzer __complete`: the data-dependent candidates (connection ids of the capture on
/// the line, CSV columns) for the static completion scripts. Prints nothing when it has nothing
/// to add, and the script falls back to its static candidates.
#[derive(Debug, clap::Parser, Clone)]
#[command(name = "mptcpanalyzer __complete", no_binary_name = false)]
pub struct CompleteArgs {
    /// Format of the candidates
    #[arg(long, value_enum, default_value_t = CompleteShell::Bash)]
    pub shell: CompleteShell,
    /// Index in WORDS of the word being completed
    #[arg(long)]
    pub cword: usize,
    /// The words of the line, the program name first
    #[arg(last = true, allow_hyphen_values = true)]
    pub words: Vec<String>,
}

/// TCP and MPTCP ids of one capture.
type Ids = (Vec<IdEntry>, Vec<IdEntry>);

/// Completion for the static scripts: files named on the line are read (quietly) for their ids.
struct OnDisk {
    cache: RefCell<HashMap<PathBuf, Ids>>,
}

impl complete::Known for OnDisk {
    fn in_shell(&self) -> bool {
        false
    }
    fn names(&self) -> Vec<String> {
        Vec::new()
    }
    fn has_current(&self) -> bool {
        false
    }
    fn is_capture(&self, word: &str) -> bool {
        std::path::Path::new(word).is_file()
    }
    fn ids(&self, capture: Option<&str>, kind: IdKind) -> Vec<IdEntry> {
        let Some(path) = capture.map(PathBuf::from) else {
            return Vec::new();
        };
        let mut cache = self.cache.borrow_mut();
        if !cache.contains_key(&path) {
            let Ok(ctx) = engine::context(&GlobalArgs::default()) else {
                return Vec::new();
            };
            let Ok(a) =
                crate::pipeline::Capture::load(&path, &ctx.settings, Default::default(), None)
            else {
                return Vec::new();
            };
            let (tcp, mptcp) = capture::summaries(&a);
            cache.insert(
                path.clone(),
                (capture::tcp_ids(&tcp), capture::mptcp_ids(&mptcp, &tcp)),
            );
        }
        let (tcp, mptcp) = &cache[&path];
        match kind {
            IdKind::Tcp => tcp.clone(),
            IdKind::Mptcp => mptcp.clone(),
        }
    }
}

/// Run the helper on its arguments (the first is [`COMPLETE_HELPER`]); returns the exit code.
pub fn complete_entry(args: impl Iterator<Item = std::ffi::OsString>) -> u8 {
    use clap::Parser;
    let args = match CompleteArgs::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return exit::USAGE;
        }
    };
    let stdout = std::io::stdout();
    match complete_main(&args, &mut stdout.lock()) {
        Ok(()) => exit::OK,
        Err(e) if crate::error::is_broken_pipe(&e) => exit::OK,
        Err(e) => {
            crate::output::message::error(&e);
            e.exit_code()
        }
    }
}

/// The candidates of [`CompleteArgs`], one a line.
pub fn complete_main(args: &CompleteArgs, out: &mut dyn Write) -> Result<()> {
    let words: Vec<String> = args.words.iter().skip(1).cloned().collect();
    let cword = args.cword.saturating_sub(1);
    let before = &words[..cword.min(words.len())];
    let partial = words.get(cword).map(String::as_str).unwrap_or("");
    let mut root = crate::cli::command();
    root.build();
    let known = OnDisk {
        cache: RefCell::new(HashMap::new()),
    };
    let cands = complete::complete(&root, before, partial, &known, complete::Scope::DataOnly);
    let io = Error::stdout;
    for c in cands {
        let d = c.description.unwrap_or_default();
        match args.shell {
            CompleteShell::Bash => writeln!(out, "{}", c.value),
            CompleteShell::Zsh => writeln!(out, "{}:{}", c.value.replace(':', "\\:"), d),
            CompleteShell::Fish => writeln!(out, "{}\t{}", c.value, d),
        }
        .map_err(io)?;
    }
    out.flush().map_err(io)
}
