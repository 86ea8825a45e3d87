//! `plot` subcommands: turn analysed packets into figures rendered by [`crate::plot`].

use super::commands::Context;
use super::Dest;
use crate::error::{Error, Result};
use crate::plot::ImageFormat;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum PlotCommand {
    /// Data sequence numbers of an MPTCP connection against time, one series per subflow
    Dsn {
        /// Capture file
        capture: PathBuf,
        /// MPTCP connection id (mptcp.stream)
        id: u64,
        /// Direction of the data plotted [default: the direction that carried data, or both]
        #[arg(long, value_enum)]
        dest: Option<Dest>,
        /// Also draw the data ACKs (received in that direction) as a line
        #[arg(long)]
        dack: bool,
        #[command(flatten)]
        fig: FigureArgs,
    },
    /// Any numeric column of the CSV schema against time, per subflow and direction
    Attr {
        /// Capture file
        capture: PathBuf,
        /// TCP stream
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "mptcp",
            required_unless_present = "mptcp"
        )]
        tcp: Option<u64>,
        /// MPTCP connection
        #[arg(long, value_name = "ID")]
        mptcp: Option<u64>,
        /// Columns to plot (docs/csv-schema.md), e.g. `window`, `seq`, `dsn`
        #[arg(required = true)]
        fields: Vec<String>,
        #[arg(long, value_enum)]
        dest: Option<Dest>,
        #[command(flatten)]
        fig: FigureArgs,
    },
    /// Throughput per subflow and aggregate, and goodput, over a time window
    Throughput {
        /// Capture file
        capture: PathBuf,
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "mptcp",
            required_unless_present = "mptcp"
        )]
        tcp: Option<u64>,
        #[arg(long, value_name = "ID")]
        mptcp: Option<u64>,
        /// Averaging window in seconds
        #[arg(long, default_value_t = 1.0)]
        window: f64,
        #[arg(long, value_enum)]
        dest: Option<Dest>,
        #[command(flatten)]
        fig: FigureArgs,
    },
}

/// Options shared by every plot.
#[derive(Debug, Args, Clone)]
pub struct FigureArgs {
    /// Output image (.png or .svg); written atomically
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Image format, overriding the extension
    #[arg(long, value_name = "png|svg")]
    pub image_format: Option<ImageFormat>,
    /// Figure title
    #[arg(long)]
    pub title: Option<String>,
    /// Width in pixels
    #[arg(long, default_value_t = 1200)]
    pub width: u32,
    /// Height in pixels
    #[arg(long, default_value_t = 800)]
    pub height: u32,
}

/// Run a plot command.
pub fn run(ctx: &Context, cmd: PlotCommand) -> Result<()> {
    let _ = (ctx, cmd);
    Err(Error::Usage("plots are not implemented yet".into()))
}
