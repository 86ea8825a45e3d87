//! `plot`: the command line's side of the plot registry ([`crate::plot::kinds`]). The plots
//! themselves live in `src/plot/kinds/`; this file resolves a name to a plot (built in or
//! plugin), lists them, and serves captures to them ([`PlotHost`] for [`Context`]).

use super::commands::{check_filter, Context};
use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::pipeline::{self, Capture, Source, Want};
use crate::plot::kinds::plugin::PluginPlot;
use crate::plot::kinds::{self, PlotCall, PlotEntry, PlotHost, PlotKind};
use crate::plugin::{self, Kind, PluginEnv, SearchPath};
use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

impl PlotHost for Context {
    fn time_origin(&self) -> crate::analysis::time::TimeOrigin {
        self.time_origin
    }

    fn load(&self, capture: &Path, filter: PacketFilter) -> Result<Arc<Capture>> {
        let want = Want {
            packets: true,
            reinjections: matches!(filter, PacketFilter::Mptcp(_)),
            filter: Some(filter),
            // the plot reads the packets of its connection only
            focused: true,
            ..Default::default()
        };
        let c = match self.held_capture(capture, |_| want) {
            Some(c) => c,
            None => {
                let c = Capture::load(capture, &self.settings, want, self.progress())?;
                self.warn(&c);
                Arc::new(c)
            }
        };
        check_filter(&c, Some(filter))?;
        Ok(c)
    }

    fn survey(&self, capture: &Path, filter: PacketFilter) -> Result<Arc<Capture>> {
        let held = Want {
            packets: true,
            reinjections: matches!(filter, PacketFilter::Mptcp(_)),
            filter: Some(filter),
            ..Default::default()
        };
        let c = match self.held_capture(capture, |_| held) {
            Some(c) => c,
            None => {
                // the plot's first pass: connections only, the packets stream in `scan`
                let want = Want {
                    filter: Some(filter),
                    ..Default::default()
                };
                let c = Capture::load(capture, &self.settings, want, self.progress())?;
                self.warn(&c);
                Arc::new(c)
            }
        };
        check_filter(&c, Some(filter))?;
        Ok(c)
    }

    fn scan(
        &self,
        capture: &Capture,
        reinjections: bool,
        tap: &mut dyn FnMut(&crate::model::Packet),
    ) -> Result<()> {
        let held = capture.held();
        if held.packets && (held.reinjections || !reinjections) {
            capture.packets().iter().for_each(tap);
            return Ok(());
        }
        // the plot reads only the packets of the connection it surveyed
        let focus = held.filter.and_then(|f| f.mptcp());
        let opts = pipeline::RunOptions {
            reinjections,
            progress: self.progress(),
            focus,
            ..Default::default()
        };
        let mut tap = pipeline::FnTap(|p: &crate::model::Packet, _: &_| {
            tap(p);
            Ok(())
        });
        capture.pass(opts, &mut [&mut tap]).map(|_| ())
    }

    fn write_csv(&self, capture: &Path, filter: PacketFilter, out: &Path) -> Result<()> {
        let want = |src: &Source| pipeline::pcap2csv::want(src, &self.settings);
        let c = match self.held_capture(capture, want) {
            Some(c) => c,
            None => {
                let src = Source::open(capture)?;
                let want = want(&src);
                let c = Capture::from_source(src, &self.settings, want, self.progress())?;
                self.warn(&c);
                Arc::new(c)
            }
        };
        check_filter(&c, Some(filter))?;
        let file = std::fs::File::create(out).map_err(|e| Error::Output {
            path: out.to_path_buf(),
            msg: e.to_string(),
        })?;
        let mut w = std::io::BufWriter::new(file);
        // the documented schema with its default delimiter, whatever the config says
        let mut warn = |m: &str| self.warn_lines(&c, &[m.to_string()]);
        pipeline::pcap2csv::write(&c, Some(filter), b',', &mut w, self.progress(), &mut warn)
            .and_then(|()| w.flush().map_err(Error::stdout))
            .map_err(|e| e.written_to(out))
    }

    fn warn(&self, msg: &str) {
        // the one message scheme (colour, --quiet)
        crate::output::message::warning(msg);
    }

    fn plugin_env(&self) -> PluginEnv {
        Context::plugin_env(self)
    }

    fn viewer(&self) -> Option<String> {
        self.config.viewer.value.clone()
    }

    fn owd(
        &self,
        client: &Path,
        server: &Path,
        filter: PacketFilter,
        dirs: (bool, bool),
        clock_offset: Option<&str>,
    ) -> Result<(crate::analysis::twocap::owd::OwdReport, i64)> {
        use super::commands::owd;
        let offset = owd::parse_offset(clock_offset)?;
        owd::compute(self, client, server, filter, dirs, offset).map(|(r, _, zero)| (r, zero))
    }

    fn reinjections(
        &self,
        sender: &Path,
        receiver: Option<&Path>,
        id: u64,
        dirs: (bool, bool),
    ) -> Result<crate::analysis::twocap::reinject::ReinjectionReport> {
        super::commands::reinjections::compute(self, sender, receiver, id, dirs).map(|(r, _, _)| r)
    }
}

impl Context {
    /// Where plugins are looked for.
    pub fn plugin_search(&self) -> SearchPath {
        SearchPath::new(&self.config.plugin_dirs.value)
    }

    /// The environment of plugin processes.
    pub fn plugin_env(&self) -> PluginEnv {
        let c = &self.config;
        PluginEnv::new(
            c.file_exists.then_some(c.file.as_path()),
            &c.cache_dir.value,
            &c.backend.value.to_string(),
        )
    }
}

/// A plot type resolved by name.
pub enum AnyPlot {
    Builtin(&'static dyn PlotKind),
    Plugin(PluginPlot),
}

impl AnyPlot {
    pub fn kind(&self) -> &dyn PlotKind {
        match self {
            AnyPlot::Builtin(k) => *k,
            AnyPlot::Plugin(p) => p,
        }
    }
}

/// The plot named `name`: a built-in plot, else the plot plugin `mptcpanalyzer-plot-NAME`
/// (described first: a broken plugin is an error saying why). Unknown: a usage error.
pub fn plot_kind(ctx: &Context, name: &str) -> Result<AnyPlot> {
    if let Some(k) = kinds::builtin(name) {
        return Ok(AnyPlot::Builtin(k));
    }
    let builtins: Vec<&str> = kinds::BUILTINS.iter().map(|k| k.name()).collect();
    let unknown = |why: String| {
        let hint = crate::output::message::did_you_mean(name, builtins.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        Error::Usage(format!(
            "unknown plot type {name:?}: {hint}({why}; built-in plots: {}; `plot --list` lists plugins too)",
            builtins.join(", ")
        ))
    };
    if !plugin::valid_name(name) {
        return Err(unknown(
            "a plugin name is made of a-z, 0-9 and -, starting with a letter or digit".into(),
        ));
    }
    let search = ctx.plugin_search();
    match plugin::find_described(&search, Kind::Plot, name, &ctx.plugin_env()) {
        Some(p) => Ok(AnyPlot::Plugin(PluginPlot::new(p)?)),
        None => Err(unknown(format!(
            "no executable {} in {}",
            Kind::Plot.file_name(name),
            describe_dirs(&search)
        ))),
    }
}

/// "/home/u/.local/share/mptcpanalyzer/plugins, the config's plugin_dirs or PATH"
pub(super) fn describe_dirs(_search: &SearchPath) -> String {
    format!(
        "{}, the config's plugin_dirs or PATH",
        plugin::data_dir().display()
    )
}

/// Every plot type with its summary (built in, then plugins), for listings and completion.
pub fn plot_catalog(ctx: &Context) -> Vec<PlotEntry> {
    kinds::catalog(&ctx.plugin_search(), &ctx.plugin_env())
}

/// Run `plot ...`.
pub fn run(ctx: &Context, list: bool, call: Option<PlotCall>) -> Result<()> {
    let call = match call {
        Some(c) if !list => c,
        _ => return print_list(ctx),
    };
    let plan = match call {
        PlotCall::Builtin { name, matches } => {
            let kind = kinds::builtin(&name).expect("parsed as a built-in plot");
            kind.plan(&matches)?
        }
        PlotCall::External { name, args } => {
            let plot = plot_kind(ctx, &name)?;
            let kind = plot.kind();
            let Some(matches) = parse_external(kind, &name, args)? else {
                return Ok(());
            };
            kind.plan(&matches)?
        }
    };
    plan.run(ctx)
}

/// Parse the arguments of a plugin plot as clap would have. `None`: help was asked for and
/// printed. Never exits the process (the interactive shell runs this too).
fn parse_external(
    kind: &dyn PlotKind,
    name: &str,
    args: Vec<OsString>,
) -> Result<Option<clap::ArgMatches>> {
    use clap::error::ErrorKind;
    let bin = format!("mptcpanalyzer plot {name}");
    let cmd = kind
        .command()
        .bin_name(bin.clone())
        .name(bin)
        .max_term_width(100);
    let argv = std::iter::once(OsString::from(name)).chain(args);
    match cmd.try_get_matches_from(argv) {
        Ok(m) => Ok(Some(m)),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let mut out = std::io::stdout().lock();
            write!(out, "{}", e.render()).map_err(Error::stdout)?;
            out.flush().map_err(Error::stdout)?;
            Ok(None)
        }
        Err(e) => {
            let text = e.render().to_string();
            let text = text.trim_end();
            Err(Error::Usage(
                text.strip_prefix("error: ").unwrap_or(text).to_string(),
            ))
        }
    }
}

fn print_list(ctx: &Context) -> Result<()> {
    let entries = plot_catalog(ctx);
    let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for e in &entries {
        let summary = match (&e.broken, &e.plugin) {
            (Some(why), _) => format!("BROKEN: {why}"),
            (None, _) => e.summary.clone(),
        };
        let from = match &e.plugin {
            Some(p) => format!("  (plugin {})", p.display()),
            None => String::new(),
        };
        text.push_str(&format!("{:width$}  {summary}{from}\n", e.name));
    }
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(Error::stdout)
}
