//! One exporter per output format behind one trait, chosen at the edge ([`super::write_report`]).
//! A new format (e.g. Parquet over [`super::columns::Flat`]) is one file here plus one match arm.

mod csv;
mod json;
#[cfg(feature = "parquet")]
pub mod parquet;
#[cfg(feature = "application")]
mod psql;
#[cfg(feature = "application")]
pub mod table;
#[cfg(feature = "application")]
pub mod table_rows;

pub use self::csv::{write_flat_csv, Csv};
pub use self::json::Json;
#[cfg(feature = "application")]
pub use self::table::Table;

use super::Report;
use crate::error::Result;
use std::io::Write;

/// Writes a report in one format.
pub trait Exporter {
    fn write<R: Report>(&self, report: &R, out: &mut dyn Write) -> Result<()>;
}
