//! `pcap2csv CAPTURE [-o FILE|-] [--tcp N | --mptcp N]`: one CSV row per TCP packet.

use super::{check_filter, loaded, Context, Plan};
use crate::analysis::PacketFilter;
use crate::error::Result;
use crate::output;
use crate::pipeline::{self, Capture, Settings, Source, Want};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Pcap2csvPlan {
    capture: PathBuf,
    /// The output file (None: stdout).
    dest: Option<PathBuf>,
    filter: Option<PacketFilter>,
}

impl Pcap2csvPlan {
    pub fn new(
        capture: PathBuf,
        output: Option<PathBuf>,
        tcp: Option<u64>,
        mptcp: Option<u64>,
    ) -> Result<Self> {
        let filter = match (tcp, mptcp) {
            (Some(t), _) => Some(PacketFilter::Tcp(t)),
            (_, Some(m)) => Some(PacketFilter::Mptcp(m)),
            _ => None,
        };
        Ok(Pcap2csvPlan {
            capture,
            // `-o -` is stdout, as usual on the command line
            dest: output.filter(|p| p.as_os_str() != "-"),
            filter,
        })
    }

    fn write(&self, ctx: &Context, c: &Capture, w: &mut dyn Write) -> Result<()> {
        check_filter(c, self.filter)?;
        // the header only once the id is known to exist: an error leaves the output empty
        // the second pass's own warnings (the first pass's were printed when it was loaded)
        let mut warn = |m: &str| ctx.warn_lines(c, &[m.to_string()]);
        pipeline::pcap2csv::write(
            c,
            self.filter,
            ctx.delimiter(),
            w,
            ctx.progress(),
            &mut warn,
        )
    }
}

impl Plan for Pcap2csvPlan {
    fn capture(&self) -> Option<&Path> {
        Some(&self.capture)
    }

    fn want(&self, src: &Source, settings: &Settings) -> Want {
        pipeline::pcap2csv::want(src, settings)
    }

    fn run(&self, ctx: &Context, capture: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        let c = loaded(capture)?;
        match &self.dest {
            Some(path) => output::write_atomic(path, |w| self.write(ctx, c, w)),
            None => self.write(ctx, c, out),
        }
    }
}
