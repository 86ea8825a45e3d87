//! `pcap2csv|list|stats --list-columns`: what each column of the output is, from the reports'
//! column declarations (no capture is read).

use super::{Context, Plan};
use crate::error::Result;
use crate::output::schema::{ColumnDoc, ColumnList};
use crate::output::{self, OutputFormat};
use crate::pipeline::Capture;
use std::io::Write;

pub struct ColumnsPlan {
    docs: Vec<ColumnDoc>,
    format: OutputFormat,
}

impl ColumnsPlan {
    pub fn new(docs: Vec<ColumnDoc>, format: OutputFormat) -> Self {
        ColumnsPlan { docs, format }
    }
}

impl Plan for ColumnsPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        output::write_report(
            &ColumnList(self.docs.clone()),
            self.format,
            ctx.delimiter(),
            out,
        )
    }
}
