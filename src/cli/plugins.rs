//! `plugins` (list what is installed) and external commands (`mptcpanalyzer NAME ARGS...` runs
//! the plugin `mptcpanalyzer-NAME`). The contract is docs/plugins.md.

use super::commands::Context;
use crate::error::{Error, Result};
use crate::output::columns::{Column, Flat, Unit, Value};
use crate::output::{self, OutputFormat, Report};
use crate::plugin::{self, Flag, Kind, Plugin};
use serde::Serialize;
use std::ffi::OsString;
use std::io::Write;

/// One row of `plugins`.
#[derive(Debug, Serialize)]
pub struct PluginRow {
    pub kind: Kind,
    pub name: String,
    pub path: String,
    /// `ok` or `broken`
    pub status: &'static str,
    pub summary: String,
    /// Why the plugin is broken (absent when it is not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub flags: Vec<Flag>,
}

/// `plugins` output: an array of plugins, sorted by kind and name.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct PluginList(pub Vec<PluginRow>);

impl PluginList {
    pub fn new(plugins: Vec<Plugin>) -> PluginList {
        let builtin_commands: Vec<String> = super::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        PluginList(
            plugins
                .into_iter()
                .map(|p| {
                    let shadowed = match p.kind {
                        Kind::Command if builtin_commands.contains(&p.name) => {
                            Some(format!("shadowed by the built-in command {}", p.name))
                        }
                        Kind::Plot if crate::plot::kinds::builtin(&p.name).is_some() => {
                            Some(format!("shadowed by the built-in plot {}", p.name))
                        }
                        _ => None,
                    };
                    let reason = shadowed.or_else(|| p.broken_reason().map(str::to_string));
                    PluginRow {
                        kind: p.kind,
                        name: p.name.clone(),
                        path: p.path.display().to_string(),
                        status: if reason.is_some() { "broken" } else { "ok" },
                        summary: p.summary().to_string(),
                        flags: p.flags().to_vec(),
                        reason,
                    }
                })
                .collect(),
        )
    }
}

impl Report for PluginList {
    fn to_table(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        let mut b = tabled::builder::Builder::default();
        b.push_record(["kind", "name", "summary", "path"]);
        for r in &self.0 {
            let summary = match &r.reason {
                Some(why) => format!("BROKEN: {why}"),
                None => r.summary.clone(),
            };
            b.push_record([r.kind.as_str(), &r.name, &summary, &r.path]);
        }
        let mut t = b.build();
        t.with(tabled::settings::Style::psql());
        format!("{t}\n")
    }

    fn flat(&self) -> Flat {
        use crate::output::columns::Type::Text;
        let columns: Vec<Column<&PluginRow>> = vec![
            Column::new("kind", Text, Unit::None, |r| r.kind.as_str().into()),
            Column::new("name", Text, Unit::None, |r| r.name.as_str().into()),
            Column::new("status", Text, Unit::None, |r| r.status.into()),
            Column::new("summary", Text, Unit::None, |r| r.summary.as_str().into()),
            Column::new("reason", Text, Unit::None, |r| match &r.reason {
                Some(why) => why.as_str().into(),
                None => Value::Null,
            }),
            Column::new("path", Text, Unit::None, |r| r.path.as_str().into()),
        ];
        Flat::of(&columns, &self.0)
    }
}

/// The plugins found, each described (never fails; broken plugins are listed with the reason).
pub fn plugins(ctx: &Context) -> Vec<Plugin> {
    plugin::discover_described(&ctx.plugin_search(), &ctx.plugin_env())
}

/// `plugins [-f table|csv|json]`.
pub fn list(ctx: &Context, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    let list = PluginList::new(plugins(ctx));
    if list.0.is_empty() && format == OutputFormat::Table && !ctx.quiet {
        crate::output::message::note(format_args!(
            "no plugin found in {}",
            super::plot::describe_dirs(&ctx.plugin_search())
        ));
    }
    output::write_report(&list, format, ctx.delimiter(), out)
}

/// The command plugin `args[0]` and its arguments; an unknown or invalid name is a usage error.
fn find_external(ctx: &Context, args: &[OsString]) -> Result<(std::path::PathBuf, Vec<OsString>)> {
    let name = args.first().cloned().unwrap_or_default();
    let name = name.to_string_lossy().into_owned();
    // the suggestion first: it is what the user most likely wants
    let unknown = |why: String| {
        let hint = did_you_mean(&name)
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        Error::Usage(format!(
            "unknown command {name:?}: {hint}({why}; see --help)"
        ))
    };
    if !plugin::valid_name(&name) {
        return Err(unknown(
            "a plugin name is made of a-z, 0-9 and -, starting with a letter or digit".into(),
        ));
    }
    if let Some(plot) = name.strip_prefix(plugin::PLOT_PREFIX) {
        return Err(unknown(format!(
            "plot plugins run as `mptcpanalyzer plot {plot} ...`"
        )));
    }
    let search = ctx.plugin_search();
    let Some(path) = search.find(Kind::Command, &name) else {
        return Err(unknown(format!(
            "no built-in command and no executable {} in {}",
            Kind::Command.file_name(&name),
            super::plot::describe_dirs(&search)
        )));
    };
    Ok((path, args[1..].to_vec()))
}

/// A built-in command whose name is one or two edits away from `name`.
fn did_you_mean(name: &str) -> Option<String> {
    let cmd = super::command();
    let names: Vec<&str> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name())
        .collect();
    crate::output::message::did_you_mean(name, names).map(str::to_string)
}

/// `mptcpanalyzer NAME ARGS...` on the command line: this process becomes
/// `mptcpanalyzer-NAME ARGS...` (its exit status is the plugin's).
pub fn exec_external(cli: &super::Cli, args: &[OsString]) -> std::process::ExitCode {
    let fail = |e: Error| {
        crate::output::message::error(&e);
        std::process::ExitCode::from(e.exit_code())
    };
    let ctx = match Context::from_cli(cli) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let (path, rest) = match find_external(&ctx, args) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    match plugin::exec_command(&path, &rest, &ctx.plugin_env()) {
        Ok(code) => std::process::ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => fail(Error::Plot(format!(
            "cannot run the plugin {}: {e}",
            path.display()
        ))),
    }
}

/// A command plugin run from the interactive shell: a child process; a non-zero exit is an
/// error naming the plugin and its status.
pub fn run_external(ctx: &Context, args: Vec<OsString>) -> Result<()> {
    let (path, rest) = find_external(ctx, &args)?;
    let status = plugin::run_command(&path, &rest, &ctx.plugin_env())
        .map_err(|e| Error::Plot(format!("cannot run the plugin {}: {e}", path.display())))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Plot(format!(
            "plugin {} failed ({status})",
            path.display()
        )))
    }
}
