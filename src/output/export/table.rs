//! Tables for humans (tabled): each report's own layout ([`Report::to_table`]).

use super::Exporter;
use crate::error::{Error, Result};
use crate::output::Report;
use std::io::Write;

pub struct Table;

impl Exporter for Table {
    fn write<R: Report>(&self, report: &R, out: &mut dyn Write) -> Result<()> {
        out.write_all(report.to_table().as_bytes())
            .map_err(Error::stdout)
    }
}
