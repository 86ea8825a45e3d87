//! CSV: the report's declared columns as the header, one record per row.

use super::Exporter;
use crate::error::{Error, Result};
use crate::output::Report;
use std::io::Write;

/// Comma-separated values (or another one-byte delimiter) with a header row.
pub struct Csv {
    pub delimiter: u8,
}

impl Exporter for Csv {
    fn write<R: Report>(&self, report: &R, out: &mut dyn Write) -> Result<()> {
        let flat = report.flat();
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(&mut *out);
        w.write_record(flat.header()).map_err(Error::csv_write)?;
        for row in &flat.rows {
            let cells = row.iter().zip(&flat.columns).map(|(v, c)| v.to_csv(c.unit));
            w.write_record(cells).map_err(Error::csv_write)?;
        }
        w.flush().map_err(Error::stdout)
    }
}
