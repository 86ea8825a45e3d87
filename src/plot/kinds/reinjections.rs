//! `plot reinjections`: CDF of the reinjection delay; useful and redundant apart with the
//! receiver's capture (docs/two-captures.md).

use super::{parse_args, Dest, FigureArgs, ImageSpec, PlotHost, PlotJob, PlotKind, PlotPlan};
use crate::error::{Error, Result};
use crate::plot::{Panel, Series, SeriesStyle};
use clap::Args;
use std::collections::BTreeMap;
use std::path::PathBuf;

const SUMMARY: &str =
    "CDF of the reinjection delay; useful and redundant apart with the receiver's capture";

pub struct ReinjectionsPlot;

#[derive(Debug, Args)]
struct ReinjectionsPlotArgs {
    /// Capture at the host that sent the reinjections
    sender: PathBuf,
    /// Capture at the receiving host: marks useful and redundant reinjections
    receiver: Option<PathBuf>,
    /// MPTCP connection of the first capture
    #[arg(long, value_name = "ID")]
    mptcp: u64,
    /// Direction of the data [default: both]
    #[arg(long, value_enum)]
    dest: Option<Dest>,
    #[command(flatten)]
    fig: FigureArgs,
}

struct ReinjectionsJob {
    sender: PathBuf,
    receiver: Option<PathBuf>,
    mptcp: u64,
    dest: Dest,
}

impl PlotKind for ReinjectionsPlot {
    fn name(&self) -> &str {
        "reinjections"
    }

    fn summary(&self) -> &str {
        SUMMARY
    }

    fn command(&self) -> clap::Command {
        super::plot_command::<ReinjectionsPlotArgs>(self.name().to_owned(), SUMMARY)
    }

    fn plan(&self, m: &clap::ArgMatches) -> Result<PlotPlan> {
        let a: ReinjectionsPlotArgs = parse_args(m)?;
        Ok(PlotPlan {
            target: a.fig.target()?,
            job: Box::new(ReinjectionsJob {
                sender: a.sender,
                receiver: a.receiver,
                mptcp: a.mptcp,
                dest: a.dest.unwrap_or(Dest::Both),
            }),
        })
    }
}

/// Empirical CDF of `v`: a staircase from (v0, 1/n) to (vmax, 1).
fn cdf(mut v: Vec<f64>) -> Vec<(f64, f64)> {
    v.sort_by(f64::total_cmp);
    let n = v.len() as f64;
    v.iter()
        .enumerate()
        .map(|(i, x)| (*x, (i + 1) as f64 / n))
        .collect()
}

impl PlotJob for ReinjectionsJob {
    /// The CDF of the reinjection delay (time since the original), useful and redundant apart
    /// when the receiver's capture is given.
    fn draw(&self, host: &dyn PlotHost, image: &ImageSpec) -> Result<()> {
        let report = host.reinjections(
            &self.sender,
            self.receiver.as_deref(),
            self.mptcp,
            self.dest.directions(),
        )?;
        let mut groups: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for r in &report.reinjections {
            let Some(d) = r.delay_s else { continue };
            let key = match (self.receiver.is_some(), r.qualification) {
                (false, _) => "reinjections",
                (true, Some(q)) => q,
                (true, None) => "not qualified",
            };
            groups.entry(key).or_default().push(d);
        }
        if groups.is_empty() {
            return Err(Error::Plot(format!(
                "{}: MPTCP connection {} has no reinjection",
                self.sender.display(),
                self.mptcp
            )));
        }
        let mut panel = Panel::new("Delay since the original (s)", "CDF");
        for (k, (name, v)) in groups.into_iter().enumerate() {
            let n = v.len();
            panel.series.push(
                Series::new(format!("{name} ({n})"), SeriesStyle::Step, cdf(v)).with_color(k),
            );
        }
        image.render(
            format!("Reinjection delay, MPTCP connection {}", self.mptcp),
            vec![panel],
        )
    }
}
