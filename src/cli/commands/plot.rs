//! `plot ...`, `plugins` and command plugins: the plots themselves are the registry of
//! [`crate::plot::kinds`] (built in and plugin), run by [`crate::cli::plot`]; plugins are
//! [`crate::cli::plugins`]. Plots load their own captures, or use those the caller holds
//! ([`Context::held`]).

use super::{Context, Plan};
use crate::error::Result;
use crate::output::OutputFormat;
use crate::pipeline::Capture;
use crate::plot::kinds::PlotCall;
use std::ffi::OsString;
use std::io::Write;

pub struct PlotPlan {
    list: bool,
    call: Option<PlotCall>,
}

impl PlotPlan {
    pub fn new(list: bool, call: Option<PlotCall>) -> Self {
        PlotPlan { list, call }
    }
}

impl Plan for PlotPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, _: &mut dyn Write) -> Result<()> {
        crate::cli::plot::run(ctx, self.list, self.call.clone())
    }
}

/// `plugins [-f FORMAT]`
pub struct PluginsPlan {
    format: OutputFormat,
}

impl PluginsPlan {
    pub fn new(format: OutputFormat) -> Self {
        PluginsPlan { format }
    }
}

impl Plan for PluginsPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        crate::cli::plugins::list(ctx, self.format, out)
    }
}

/// `NAME ARGS...` in the interactive shell (the command line replaces itself by the plugin
/// before getting here: [`crate::cli::plugins::exec_external`]).
pub struct ExternalPlan {
    args: Vec<OsString>,
}

impl ExternalPlan {
    pub fn new(args: Vec<OsString>) -> Self {
        ExternalPlan { args }
    }
}

impl Plan for ExternalPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        out.flush().ok();
        crate::cli::plugins::run_external(ctx, self.args.clone())
    }
}
