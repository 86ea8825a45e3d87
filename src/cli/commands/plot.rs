//! `plot dsn|attr|throughput ...`: figures, written to the file named by `-o` (nothing on
//! stdout). The plots themselves are in [`crate::cli::plot`]; they load their own capture.

use super::{Context, Plan};
use crate::cli::plot::PlotCommand;
use crate::error::Result;
use crate::pipeline::Capture;
use std::io::Write;

pub struct PlotPlan {
    plot: PlotCommand,
}

impl PlotPlan {
    pub fn new(plot: PlotCommand) -> Self {
        PlotPlan { plot }
    }
}

impl Plan for PlotPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, _: &mut dyn Write) -> Result<()> {
        crate::cli::plot::run(ctx, self.plot.clone())
    }
}
