//! Plot plugins: `plot NAME CAPTURE --tcp|--mptcp ID -o OUT [-- ARGS]` runs
//! `mptcpanalyzer-plot-NAME` on the connection's packets as CSV (contract: `docs/plugins.md`).
//!
//! The host does what every plot needs (read the capture, check the id, write the CSV), the
//! plugin draws into a temporary file, and the host checks that it is a PNG or SVG before
//! renaming it onto the output: a failing or misbehaving plugin leaves no file.

use super::{
    describe, parse_args, ConnArgs, Dest, FigureArgs, ImageSpec, PlotHost, PlotJob, PlotKind,
    PlotPlan,
};
use crate::analysis::PacketFilter;
use crate::error::{Error, Result};
use crate::plot::ImageFormat;
use crate::plugin::{Kind, Plugin};
use clap::Args;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A plot plugin that described itself.
#[derive(Debug, Clone)]
pub struct PluginPlot {
    pub name: String,
    pub path: PathBuf,
    pub describe: crate::plugin::Describe,
}

impl PluginPlot {
    /// The plot of a described plugin; a broken plugin (or another kind) is an error naming why.
    pub fn new(plugin: Plugin) -> Result<PluginPlot> {
        if plugin.kind != Kind::Plot {
            return Err(Error::Usage(format!(
                "{} is not a plot plugin",
                plugin.path.display()
            )));
        }
        match plugin.status {
            Ok(describe) => Ok(PluginPlot {
                name: plugin.name,
                path: plugin.path,
                describe,
            }),
            Err(why) => Err(Error::Plot(format!(
                "plot plugin {} ({}) is broken: {why}",
                plugin.name,
                plugin.path.display()
            ))),
        }
    }
}

/// The arguments of every plugin plot.
#[derive(Debug, Args)]
struct PluginArgs {
    /// Capture file
    capture: PathBuf,
    #[command(flatten)]
    conn: ConnArgs,
    /// Direction of the data plotted (passed to the plugin) [default: both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    #[command(flatten)]
    fig: FigureArgs,
    /// The plugin's own arguments, after `--`
    #[arg(last = true, value_name = "PLUGIN_ARGS")]
    plugin_args: Vec<OsString>,
}

struct PluginJob {
    plot: PluginPlot,
    capture: PathBuf,
    filter: PacketFilter,
    dest: Dest,
    plugin_args: Vec<OsString>,
}

impl PlotKind for PluginPlot {
    fn name(&self) -> &str {
        &self.name
    }

    fn summary(&self) -> &str {
        &self.describe.summary
    }

    fn command(&self) -> clap::Command {
        let mut after = format!("Plugin: {}\n", self.path.display());
        if !self.describe.flags.is_empty() {
            after.push_str("\nPlugin options (after --):\n");
            for f in &self.describe.flags {
                let value = f
                    .value
                    .as_deref()
                    .map(|v| format!(" <{v}>"))
                    .unwrap_or_default();
                let choices = if f.choices.is_empty() {
                    String::new()
                } else {
                    format!(" [possible values: {}]", f.choices.join(", "))
                };
                after.push_str(&format!(
                    "  {}{value}\n          {}{choices}\n",
                    f.name, f.help
                ));
            }
        }
        super::plot_command::<PluginArgs>(self.name.clone(), self.describe.summary.clone())
            .after_help(after)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: PluginArgs = parse_args(m)?;
        if let Some(v) = &self.describe.csv_schema {
            let ours = crate::model::SCHEMA_VERSION;
            if !v.contains(&ours) {
                return Err(Error::Plot(format!(
                    "plot plugin {} reads CSV schema {v:?}, this mptcpanalyzer writes schema {ours}",
                    self.name
                )));
            }
        }
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(PluginJob {
                plot: self.clone(),
                filter: a.conn.filter()?,
                capture: a.capture,
                dest: a.dest.unwrap_or(Dest::Both),
                plugin_args: a.plugin_args,
            }),
        })
    }
}

impl PlotJob for PluginJob {
    fn draw(&self, host: &dyn PlotHost, image: &ImageSpec) -> Result<()> {
        let name = &self.plot.name;
        // listed for removal if a signal ends the run while the plugin works
        let (work, _work_guard) = crate::fsutil::create_tracked(
            || {
                tempfile::Builder::new()
                    .prefix("mptcpanalyzer-plugin-")
                    .tempdir()
            },
            |d| d.path(),
        )
        .map_err(|e| Error::Plot(format!("cannot create a temporary directory: {e}")))?;
        let csv = work.path().join("packets.csv");
        host.write_csv(&self.capture, self.filter, &csv)?;

        let staged = crate::plot::stage_image(&image.path, image.format)?;
        let tmp = staged
            .temp_path()
            .expect("a staged file has a path")
            .to_path_buf();

        let mut cmd = Command::new(&self.plot.path);
        cmd.arg("--csv")
            .arg(&csv)
            .arg("--output")
            .arg(&*tmp)
            .arg("--format")
            .arg(image.format.extension())
            .arg("--width")
            .arg(image.width.to_string())
            .arg("--height")
            .arg(image.height.to_string())
            .arg("--title")
            .arg(image.title_or(describe(&self.capture, self.filter)))
            .arg("--dest")
            .arg(self.dest.as_str())
            .args(&self.plugin_args)
            .stdin(Stdio::null())
            // stdout carries data only: the plugin's messages go to stderr
            .stdout(Stdio::from(std::io::stderr()));
        host.plugin_env().apply(&mut cmd);
        let who = format!("plot plugin {name} ({})", self.plot.path.display());
        let status = cmd
            .status()
            .map_err(|e| Error::Plot(format!("{who}: cannot run it: {e}")))?;
        if !status.success() {
            let msg = format!("{who} failed ({status}); no image written");
            return Err(
                if status.code() == Some(i32::from(crate::error::exit::USAGE)) {
                    Error::Usage(msg)
                } else {
                    Error::Plot(msg)
                },
            );
        }
        check_image(&tmp, image.format).map_err(|why| {
            Error::Plot(format!(
                "{who} did not write a valid {}: {why}; no image written",
                image.format.extension().to_uppercase()
            ))
        })?;
        crate::plot::commit_image(staged, &image.path)
    }
}

/// Whether `path` holds a complete image of `format`: a PNG that decodes, or an SVG document
/// whose root element is `<svg>`.
pub fn check_image(path: &Path, format: ImageFormat) -> std::result::Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    match format {
        ImageFormat::Png => check_png(file),
        ImageFormat::Svg => {
            let mut text = String::new();
            file.take(64 * 1024 * 1024)
                .read_to_string(&mut text)
                .map_err(|_| "it is not UTF-8 text".to_string())?;
            check_svg(&text)
        }
    }
}

fn check_png(file: std::fs::File) -> std::result::Result<(), String> {
    let mut head = [0u8; 8];
    let mut r = std::io::BufReader::new(file);
    r.read_exact(&mut head)
        .map_err(|_| "it is empty or too short for a PNG".to_string())?;
    if head != *b"\x89PNG\r\n\x1a\n" {
        return Err("it does not start with the PNG signature".into());
    }
    let chained = std::io::Cursor::new(head).chain(r);
    let mut decoder = png::Decoder::new(chained);
    decoder.set_limits(png::Limits { bytes: 1 << 30 });
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("PNG header: {e}"))?;
    let info = reader.info();
    let (w, h) = (info.width, info.height);
    if w == 0 || h == 0 {
        return Err("the PNG has no pixel".into());
    }
    while let Some(_row) = reader.next_row().map_err(|e| format!("PNG data: {e}"))? {}
    reader.finish().map_err(|e| format!("PNG end: {e}"))?;
    Ok(())
}

/// An SVG document: optional BOM, XML declaration, comments, processing instructions and a
/// DOCTYPE, then the root element `<svg ...>`, closed at the end.
pub fn check_svg(text: &str) -> std::result::Result<(), String> {
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    loop {
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            rest.find('>').map(|i| i + 1)
        } else {
            break;
        };
        let Some(n) = skip else {
            return Err("an unterminated XML prolog".into());
        };
        rest = rest[n..].trim_start();
    }
    let is_root = rest
        .strip_prefix("<svg")
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/'));
    if !is_root {
        return Err("its root element is not <svg>".into());
    }
    let end = text.trim_end();
    if !(end.ends_with("</svg>") || end.ends_with("/>") && !rest[4..].contains('<')) {
        return Err("the <svg> element is not closed at the end (truncated?)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_root() {
        assert_eq!(check_svg("<svg xmlns=\"x\"><g/></svg>\n"), Ok(()));
        assert_eq!(
            check_svg("\u{feff}<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE svg>\n<svg>\n</svg>"),
            Ok(())
        );
        assert_eq!(check_svg("<svg width=\"1\"/>"), Ok(()));
        assert!(check_svg("<html><svg></svg></html>").is_err());
        assert!(check_svg("<svgx></svgx>").is_err());
        assert!(check_svg("<svg><g>").is_err());
        assert!(check_svg("").is_err());
        assert!(check_svg("not an image").is_err());
    }
}
