//! Reader for the CSV schema written by `pcap2csv` (see `docs/csv-schema.md`): a CSV in that
//! schema is accepted anywhere a capture is.

use super::{CaptureInfo, Sink};
use crate::error::{Error, Result};
use crate::model::{CSV_COLUMNS, CSV_COLUMNS_ADDED};
use std::path::Path;

mod cells;
#[cfg(test)]
mod tests;

/// The delimiters a CSV in our schema may use (recognised by [`sniff_delimiter`]; config
/// `csv_delimiter` accepts only these, so that what we write can be read back).
pub const DELIMITERS: &[u8] = b",;\t|";

/// The delimiter of a CSV whose header starts with `frame`.
pub fn sniff_delimiter(first_bytes: &[u8]) -> Option<u8> {
    let rest = first_bytes.strip_prefix(b"frame")?;
    match rest.first() {
        Some(&d) if DELIMITERS.contains(&d) => Some(d),
        _ => None,
    }
}

/// Read packets from a CSV in our schema.
pub fn read(path: &Path, sink: &mut Sink<'_>) -> Result<CaptureInfo> {
    read_counted(path, None, sink)
}

/// [`read`], telling `progress` how far it has gone.
pub fn read_counted(
    path: &Path,
    progress: Option<&std::sync::Arc<super::ReadProgress>>,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = [0u8; 8];
    let n = {
        use std::io::Read;
        let mut f = &file;
        f.read(&mut head).map_err(|e| Error::io(path, e))?
    };
    let delimiter = sniff_delimiter(&head[..n]).ok_or_else(|| Error::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    let file = super::open_counted(path, progress)?;
    read_from(path, std::io::BufReader::new(file), delimiter, sink)
}

/// Read packets from any reader (used for the cache too).
pub fn read_from(
    path: &Path,
    reader: impl std::io::Read,
    delimiter: u8,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .comment(Some(b'#'))
        .from_reader(reader);
    let headers = rdr.headers().map_err(|e| csv_error(path, e))?.clone();
    let missing: Vec<&str> = CSV_COLUMNS
        .iter()
        .copied()
        // a CSV written before the columns added since is read with them empty
        .filter(|c| !CSV_COLUMNS_ADDED.contains(c) && !headers.iter().any(|h| h == *c))
        .collect();
    if !missing.is_empty() {
        return Err(Error::BadCsv {
            path: path.to_path_buf(),
            line: 1,
            msg: format!(
                "not in the mptcpanalyzer schema: missing column(s) {}",
                missing.join(", ")
            ),
        });
    }
    let mut info = CaptureInfo {
        has_mptcp_stream: true,
        ..Default::default()
    };
    let plan = cells::Plan::new(&headers);
    let mut record = csv::StringRecord::new();
    let mut last_frame = 0u64;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(path, e)),
        }
        // derived columns are recomputed by the analysis, never trusted from the file
        let mut p = plan.packet(&record).map_err(|(col, msg)| Error::BadCsv {
            path: path.to_path_buf(),
            line: line_of(&record),
            msg: format!("column {}: {msg}", CSV_COLUMNS[col]),
        })?;
        // the analysis is sequential: rows must come in capture order
        if p.frame <= last_frame && info.tcp_packets > 0 {
            return Err(Error::BadCsv {
                path: path.to_path_buf(),
                line: line_of(&record),
                msg: format!(
                    "rows must be in capture order: frame {} comes after frame {last_frame} (sort by the frame column)",
                    p.frame
                ),
            });
        }
        last_frame = p.frame;
        info.tcp_packets += 1;
        info.frames = info.frames.max(p.frame);
        sink(&mut p)?;
    }
    Ok(info)
}

fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(0, |x| x.line())
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let msg = match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(i) => format!(
                "column {}: {}",
                CSV_COLUMNS.get(i as usize).copied().unwrap_or("?"),
                err.kind()
            ),
            None => err.kind().to_string(),
        },
        csv::ErrorKind::Io(err) => err.to_string(),
        _ => e.to_string(),
    };
    Error::BadCsv {
        path: path.to_path_buf(),
        line,
        msg,
    }
}
