//! CSV: the report's declared columns as the header, one record per row.

use super::Exporter;
use crate::error::{Error, Result};
use crate::model::csv_writer::CsvWriter;
use crate::output::columns::Flat;
use crate::output::Report;
use std::io::Write;

/// Comma-separated values (or another one-byte delimiter) with a header row.
pub struct Csv {
    pub delimiter: u8,
}

impl Exporter for Csv {
    fn write<R: Report>(&self, report: &R, out: &mut dyn Write) -> Result<()> {
        write_flat_csv(&report.flat(), self.delimiter, out)
    }
}

/// A flat view as CSV: its header, then one record per row.
pub fn write_flat_csv(flat: &Flat, delimiter: u8, out: &mut dyn Write) -> Result<()> {
    let mut w = CsvWriter::new(&mut *out, delimiter);
    w.record(flat.header()).map_err(Error::stdout)?;
    let mut scratch = String::new();
    for row in &flat.rows {
        for (v, c) in row.iter().zip(&flat.columns) {
            v.write_csv(&mut w, c.unit, &mut scratch);
        }
        w.end_record().map_err(Error::stdout)?;
    }
    w.flush().map_err(Error::stdout)
}
