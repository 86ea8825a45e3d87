//! One report per capture, printed as one output (`list`, `stats` over several captures).
//!
//! Each capture's report is rendered on its own ([`render`], on any worker thread), then
//! [`write_many`] joins them in the order of the captures on the command line:
//!
//! * table: a `==> CAPTURE <==` header line before each capture's tables (as `head` and `tail`
//!   show several files);
//! * CSV (and Parquet): one header, a first column `capture`, then the report's own columns;
//! * JSON: one array of every capture's rows (a one-object report is one row), each object with
//!   a first field `"capture"`.

use super::columns::{Column, ColumnInfo, Flat, Type, Unit};
use super::{OutputFormat, Report};
use crate::error::{Error, Result};
use std::io::Write;

/// One capture's report, rendered for one format.
#[derive(Debug, Clone, PartialEq)]
pub enum Rendered {
    Table(String),
    Flat(Flat),
    Json(serde_json::Value),
}

/// Render `report` for `format` (`write_many` joins the renderings).
pub fn render<R: Report>(report: &R, format: OutputFormat) -> Result<Rendered> {
    Ok(match format {
        #[cfg(feature = "application")]
        OutputFormat::Table => Rendered::Table(report.to_table()),
        #[cfg(not(feature = "application"))]
        OutputFormat::Table => {
            return Err(Error::Usage(
                "the table format needs the `application` feature".into(),
            ))
        }
        OutputFormat::Csv => Rendered::Flat(report.flat()),
        #[cfg(feature = "parquet")]
        OutputFormat::Parquet => Rendered::Flat(report.flat()),
        OutputFormat::Json => Rendered::Json(
            serde_json::to_value(report).map_err(|e| Error::stdout(std::io::Error::other(e)))?,
        ),
    })
}

/// The name of the column (CSV, Parquet) and field (JSON) that says which capture a row comes
/// from: the path as given on the command line.
pub use crate::model::CAPTURE_COLUMN;

/// The `capture` column, declared once: every format of a run over several captures (and the
/// packet CSV of `pcap2csv`) takes its name, type and cell from here.
pub fn capture_column() -> Column<'static, String> {
    Column::new(CAPTURE_COLUMN, Type::Text, Unit::None, |c: &String| {
        c.as_str().into()
    })
}

/// The flat views of several captures as one: a first column `capture`, then the columns
/// every part shares (the first part's; a part with other columns is an internal error).
pub fn tag_flat(parts: Vec<(String, Flat)>) -> Result<Flat> {
    let tag = capture_column();
    let mut columns = vec![tag.info.clone()];
    let mut rows = Vec::new();
    let mut schema: Option<Vec<ColumnInfo>> = None;
    for (capture, flat) in parts {
        match &schema {
            None => schema = Some(flat.columns.clone()),
            Some(s) if *s != flat.columns => {
                return Err(Error::Usage(format!(
                    "{capture}: its report has other columns than the other captures'"
                )))
            }
            Some(_) => {}
        }
        for row in flat.rows {
            let mut r = Vec::with_capacity(row.len() + 1);
            r.push((tag.get)(&capture));
            r.extend(row);
            rows.push(r);
        }
    }
    columns.extend(schema.unwrap_or_default());
    Ok(Flat { columns, rows })
}

/// Every part's JSON rows in one array, each object with a first field `capture`.
pub fn tag_json(parts: Vec<(String, serde_json::Value)>) -> Result<serde_json::Value> {
    let tag = capture_column();
    let key = tag.info.name.to_string();
    let mut all = Vec::new();
    for (capture, v) in parts {
        let cell = serde_json::to_value((tag.get)(&capture))
            .map_err(|e| Error::stdout(std::io::Error::other(e)))?;
        let rows = match v {
            serde_json::Value::Array(rows) => rows,
            one => vec![one],
        };
        for row in rows {
            all.push(match row {
                serde_json::Value::Object(fields) => {
                    let mut m = serde_json::Map::with_capacity(fields.len() + 1);
                    m.insert(key.clone(), cell.clone());
                    m.extend(fields);
                    serde_json::Value::Object(m)
                }
                other => serde_json::json!({ key.as_str(): cell, "value": other }),
            });
        }
    }
    Ok(serde_json::Value::Array(all))
}

/// Write the renderings of several captures (in the order given) as one output.
pub fn write_many(
    parts: Vec<(String, Rendered)>,
    format: OutputFormat,
    delimiter: u8,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        OutputFormat::Table => {
            for (i, (capture, r)) in parts.into_iter().enumerate() {
                let Rendered::Table(t) = r else {
                    return Err(mixed());
                };
                let sep = if i == 0 { "" } else { "\n" };
                write!(out, "{sep}==> {capture} <==\n{t}").map_err(Error::stdout)?;
            }
        }
        OutputFormat::Csv => {
            super::export::write_flat_csv(&tag_flat(flats(parts)?)?, delimiter, out)?;
        }
        #[cfg(feature = "parquet")]
        OutputFormat::Parquet => {
            let bytes = super::export::parquet::write_flat(&tag_flat(flats(parts)?)?, Vec::new())?;
            out.write_all(&bytes).map_err(Error::stdout)?;
        }
        OutputFormat::Json => {
            let vals = parts
                .into_iter()
                .map(|(c, r)| match r {
                    Rendered::Json(v) => Ok((c, v)),
                    _ => Err(mixed()),
                })
                .collect::<Result<Vec<_>>>()?;
            serde_json::to_writer_pretty(&mut *out, &tag_json(vals)?)
                .map_err(|e| Error::stdout(std::io::Error::other(e)))?;
            out.write_all(b"\n").map_err(Error::stdout)?;
        }
    }
    out.flush().map_err(Error::stdout)
}

fn flats(parts: Vec<(String, Rendered)>) -> Result<Vec<(String, Flat)>> {
    parts
        .into_iter()
        .map(|(c, r)| match r {
            Rendered::Flat(f) => Ok((c, f)),
            _ => Err(mixed()),
        })
        .collect()
}

fn mixed() -> Error {
    Error::Usage("internal error: captures rendered in different formats".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::columns::Value;

    #[test]
    fn json_rows_get_their_capture_first() {
        let a = serde_json::json!([{"id": 1, "b": 2}, {"id": 2, "b": 3}]);
        let b = serde_json::json!({"id": 7, "b": 0});
        let v = tag_json(vec![("a.pcap".into(), a), ("b.pcap".into(), b)]).unwrap();
        let text = serde_json::to_string(&v).unwrap();
        assert_eq!(
            text,
            r#"[{"capture":"a.pcap","id":1,"b":2},{"capture":"a.pcap","id":2,"b":3},{"capture":"b.pcap","id":7,"b":0}]"#
        );
    }

    #[test]
    fn flat_views_share_one_header_with_a_capture_column() {
        let cols = [super::super::columns::Column::new(
            "n",
            Type::UInt,
            Unit::None,
            |r: &u64| (*r).into(),
        )];
        let f = tag_flat(vec![
            ("x".into(), Flat::of(&cols, [1u64, 2])),
            ("y".into(), Flat::of(&cols, [3u64])),
        ])
        .unwrap();
        assert_eq!(f.header().collect::<Vec<_>>(), ["capture", "n"]);
        assert_eq!(f.rows[2], [Value::Text("y".into()), Value::UInt(3)]);
        assert_eq!(f.rows.len(), 3);
    }
}
