//! Parquet: the declared columns of a flat view (or of the packet export) as a Parquet schema
//! with real types, written through the `arrow`/`parquet` crates (cargo feature `parquet`).
//!
//! | column type | Arrow / Parquet |
//! |---|---|
//! | `UInt` | UInt64 / INT64 (UINT_64) |
//! | `Int`, `Nanos` | Int64 / INT64 |
//! | `Float` | Float64 / DOUBLE |
//! | `Bool` | Boolean / BOOLEAN |
//! | `Text`, `Ip` | Utf8 / BYTE_ARRAY (STRING) |
//! | `EpochNanos` | Timestamp(ns, UTC) / INT64 (TIMESTAMP(NANOS, UTC)) |
//! | `UIntList` | List<UInt64> / LIST of INT64 (UINT_64) |
//!
//! Every column is nullable (an absent value is a null, as the empty CSV cell); a list is never
//! null (empty list). Rows are written in row groups of [`ROW_GROUP`] rows, SNAPPY-compressed.

use crate::error::{Error, Result};
use crate::output::columns::{ColumnInfo, Flat, Type, Value};
use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    TimestampNanosecondBuilder, UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::sync::Arc;

/// Rows per record batch (and per row group, at most).
pub const ROW_GROUP: usize = 65536;

fn err(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::stdout(std::io::Error::other(e))
}

/// The Arrow type of a column type.
pub fn data_type(ty: Type) -> DataType {
    match ty {
        Type::UInt => DataType::UInt64,
        Type::Int | Type::Nanos => DataType::Int64,
        Type::Float => DataType::Float64,
        Type::Bool => DataType::Boolean,
        Type::Text | Type::Ip => DataType::Utf8,
        Type::EpochNanos => DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
        Type::UIntList => DataType::List(Arc::new(Field::new("item", DataType::UInt64, true))),
    }
}

/// The Arrow schema of `columns`.
pub fn schema(columns: &[ColumnInfo]) -> Schema {
    Schema::new(
        columns
            .iter()
            .map(|c| Field::new(c.name.as_ref(), data_type(c.ty), c.ty != Type::UIntList))
            .collect::<Vec<_>>(),
    )
}

/// Streams rows into a Parquet file: [`ParquetRows::push`] each row, then
/// [`ParquetRows::finish`].
pub struct ParquetRows<W: Write + Send> {
    columns: Vec<ColumnInfo>,
    schema: SchemaRef,
    writer: ArrowWriter<W>,
    pending: Vec<Vec<Value>>,
}

impl<W: Write + Send> ParquetRows<W> {
    pub fn new(columns: Vec<ColumnInfo>, out: W) -> Result<Self> {
        let schema: SchemaRef = Arc::new(schema(&columns));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(ROW_GROUP)
            .set_created_by(format!("mptcpanalyzer {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(err)?;
        Ok(ParquetRows {
            columns,
            schema,
            writer,
            pending: Vec::with_capacity(ROW_GROUP.min(8192)),
        })
    }

    /// Add one row (one value per column, in order).
    pub fn push(&mut self, row: Vec<Value>) -> Result<()> {
        self.pending.push(row);
        if self.pending.len() >= ROW_GROUP {
            self.flush_batch()?;
        }
        Ok(())
    }

    /// Append a record batch of this schema (read back from another file of the same columns).
    pub fn push_batch(&mut self, batch: &RecordBatch) -> Result<()> {
        self.flush_batch()?;
        let batch =
            RecordBatch::try_new(self.schema.clone(), batch.columns().to_vec()).map_err(err)?;
        self.writer.write(&batch).map_err(err)
    }

    fn flush_batch(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = record_batch(&self.schema, &self.columns, &self.pending)?;
        self.pending.clear();
        self.writer.write(&batch).map_err(err)
    }

    /// Write what is pending and the file footer; returns the writer.
    pub fn finish(mut self) -> Result<W> {
        self.flush_batch()?;
        self.writer.into_inner().map_err(err)
    }
}

/// A flat view as one Parquet file.
pub fn write_flat<W: Write + Send>(flat: &Flat, out: W) -> Result<W> {
    let mut w = ParquetRows::new(flat.columns.clone(), out)?;
    for row in &flat.rows {
        w.push(row.clone())?;
    }
    w.finish()
}

fn mismatch(c: &ColumnInfo, v: &Value) -> Error {
    Error::stdout(std::io::Error::other(format!(
        "internal error: column {}: {v:?} is not a {:?}",
        c.name, c.ty
    )))
}

/// The rows as one record batch of `schema`.
fn record_batch(
    schema: &SchemaRef,
    columns: &[ColumnInfo],
    rows: &[Vec<Value>],
) -> Result<RecordBatch> {
    let n = rows.len();
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len());
    for (i, c) in columns.iter().enumerate() {
        let cells = rows.iter().map(|r| &r[i]);
        let array: ArrayRef = match c.ty {
            Type::UInt => {
                let mut b = UInt64Builder::with_capacity(n);
                for v in cells {
                    match v {
                        Value::UInt(x) => b.append_value(*x),
                        Value::Null => b.append_null(),
                        v => return Err(mismatch(c, v)),
                    }
                }
                Arc::new(b.finish())
            }
            Type::Int | Type::Nanos | Type::EpochNanos => {
                let ints = cells.map(|v| match v {
                    Value::Int(x) | Value::Nanos(x) => Ok(Some(*x)),
                    Value::Null => Ok(None),
                    v => Err(mismatch(c, v)),
                });
                if c.ty != Type::EpochNanos {
                    let mut b = Int64Builder::with_capacity(n);
                    for x in ints {
                        b.append_option(x?);
                    }
                    Arc::new(b.finish())
                } else {
                    let mut b = TimestampNanosecondBuilder::with_capacity(n).with_timezone("UTC");
                    for x in ints {
                        b.append_option(x?);
                    }
                    Arc::new(b.finish())
                }
            }
            Type::Float => {
                let mut b = Float64Builder::with_capacity(n);
                for v in cells {
                    match v {
                        Value::Float(x) => b.append_value(*x),
                        Value::Null => b.append_null(),
                        v => return Err(mismatch(c, v)),
                    }
                }
                Arc::new(b.finish())
            }
            Type::Bool => {
                let mut b = BooleanBuilder::with_capacity(n);
                for v in cells {
                    match v {
                        Value::Bool(x) => b.append_value(*x),
                        Value::Null => b.append_null(),
                        v => return Err(mismatch(c, v)),
                    }
                }
                Arc::new(b.finish())
            }
            Type::Text | Type::Ip => {
                let mut b = StringBuilder::with_capacity(n, n * 8);
                for v in cells {
                    match v {
                        Value::Text(x) => b.append_value(x),
                        Value::Ip(x) => b.append_value(x.to_string()),
                        Value::Null => b.append_null(),
                        v => return Err(mismatch(c, v)),
                    }
                }
                Arc::new(b.finish())
            }
            Type::UIntList => {
                let mut b = ListBuilder::with_capacity(UInt64Builder::new(), n);
                for v in cells {
                    match v {
                        Value::List(x) => b.values().append_slice(x),
                        Value::Null => {}
                        v => return Err(mismatch(c, v)),
                    }
                    b.append(true);
                }
                Arc::new(b.finish())
            }
        };
        debug_assert_eq!(array.len(), n);
        arrays.push(array);
    }
    RecordBatch::try_new(schema.clone(), arrays).map_err(err)
}

/// Parquet files of `columns` (written by [`ParquetRows`]) joined into one, in order, batch by
/// batch (memory holds one batch).
pub fn concat<W: Write + Send>(
    columns: Vec<ColumnInfo>,
    parts: Vec<std::fs::File>,
    out: W,
) -> Result<W> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let mut w = ParquetRows::new(columns, out)?;
    for f in parts {
        let reader = ParquetRecordBatchReaderBuilder::try_new(f)
            .map_err(err)?
            .with_batch_size(ROW_GROUP)
            .build()
            .map_err(err)?;
        for batch in reader {
            w.push_batch(&batch.map_err(err)?)?;
        }
    }
    w.finish()
}
