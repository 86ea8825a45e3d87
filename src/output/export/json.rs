//! JSON: the report's typed result, serialised with its stable field names (docs/list.md,
//! docs/statistics.md), pretty-printed.

use super::Exporter;
use crate::error::{Error, Result};
use crate::output::Report;
use std::io::Write;

pub struct Json;

impl Exporter for Json {
    fn write<R: Report>(&self, report: &R, out: &mut dyn Write) -> Result<()> {
        serde_json::to_writer_pretty(&mut *out, report).map_err(|e| {
            // keep the I/O error kind: a broken pipe must stay recognisable
            let io = match e.io_error_kind() {
                Some(kind) => std::io::Error::new(kind, e),
                None => std::io::Error::other(e),
            };
            Error::stdout(io)
        })?;
        out.write_all(b"\n").map_err(Error::stdout)
    }
}
