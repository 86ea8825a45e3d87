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
    fn run(&self, _: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        // generate into memory: clap_complete panics on a write error (closed pipe)
        let mut buf = Vec::new();
        clap_complete::generate(
            self.shell,
            &mut crate::cli::command(),
            "mptcpanalyzer",
            &mut buf,
        );
        buf.extend_from_slice(crate::shell::completion_hook(self.shell).as_bytes());
        out.write_all(&buf).map_err(Error::stdout)
    }
}

pub struct ManPlan;

impl Plan for ManPlan {
    fn run(&self, _: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        clap_mangen::Man::new(crate::cli::command())
            .render(out)
            .map_err(Error::stdout)
    }
}
