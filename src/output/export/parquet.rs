//! Parquet: the declared columns of a flat view (a report's, or the packet rows') as a Parquet
//! schema with real types, written through the `parquet` crate's column writers (cargo feature
//! `parquet`; no Arrow: the arrow crates tripled the dependencies' build time for nothing we
//! use). One writer for every table: [`ParquetRows`] takes [`ColumnInfo`]s and rows of
//! [`Value`]s, the same cells CSV writes.
//!
//! | column type | Parquet physical type (logical annotation) | Arrow readers see |
//! |---|---|---|
//! | `UInt` | INT64 (INTEGER(64, unsigned)) | uint64 |
//! | `Int`, `Nanos` | INT64 (INTEGER(64, signed)) | int64 |
//! | `Float` | DOUBLE | double |
//! | `Bool` | BOOLEAN | bool |
//! | `Text`, `Ip` | BYTE_ARRAY (STRING) | string |
//! | `EpochNanos` | INT64 (TIMESTAMP(NANOS, UTC)) | timestamp[ns, tz=UTC] |
//! | `UIntList` | required LIST of required INT64 (INTEGER(64, unsigned)) | list<element: uint64> |
//!
//! Every scalar column is optional (an absent value is a null, as the empty CSV cell); a list
//! is never null (an empty list). Rows are written in row groups of [`ROW_GROUP`] rows,
//! SNAPPY-compressed. A file of several captures is made of each capture's own Parquet file
//! (a part, written by a worker) by copying their row groups ([`ParquetRows::append`]): one
//! path from the cells to Parquet.

use crate::error::{Error, Result};
use crate::output::columns::{ColumnInfo, Flat, Type, Value};
use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::types::{Type as Schema, TypePtr};
use std::io::Write;
use std::sync::Arc;

/// Rows per row group.
pub const ROW_GROUP: usize = 65536;

fn err(e: impl std::fmt::Display) -> Error {
    Error::stdout(std::io::Error::other(format!("Parquet: {e}")))
}

fn unsigned() -> Option<LogicalType> {
    Some(LogicalType::Integer {
        bit_width: 64,
        is_signed: false,
    })
}

/// The Parquet field of a column.
fn field(c: &ColumnInfo) -> Result<TypePtr> {
    let name = c.name.as_ref();
    let scalar = |physical, logical| {
        Schema::primitive_type_builder(name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
    };
    let t = match c.ty {
        Type::UInt => scalar(Physical::INT64, unsigned()),
        Type::Int | Type::Nanos => scalar(
            Physical::INT64,
            Some(LogicalType::Integer {
                bit_width: 64,
                is_signed: true,
            }),
        ),
        Type::Float => scalar(Physical::DOUBLE, None),
        Type::Bool => scalar(Physical::BOOLEAN, None),
        Type::Text | Type::Ip => scalar(Physical::BYTE_ARRAY, Some(LogicalType::String)),
        Type::EpochNanos => scalar(
            Physical::INT64,
            Some(LogicalType::Timestamp {
                is_adjusted_to_u_t_c: true,
                unit: TimeUnit::NANOS,
            }),
        ),
        Type::UIntList => {
            // the standard three levels: LIST group, repeated `list`, its `element`
            let element = Schema::primitive_type_builder("element", Physical::INT64)
                .with_repetition(Repetition::REQUIRED)
                .with_logical_type(unsigned())
                .build()
                .map_err(err)?;
            let list = Schema::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![Arc::new(element)])
                .build()
                .map_err(err)?;
            Schema::group_type_builder(name)
                .with_repetition(Repetition::REQUIRED)
                .with_logical_type(Some(LogicalType::List))
                .with_fields(vec![Arc::new(list)])
                .build()
        }
    };
    Ok(Arc::new(t.map_err(err)?))
}

/// The Parquet schema of `columns`.
pub fn schema(columns: &[ColumnInfo]) -> Result<TypePtr> {
    let fields = columns.iter().map(field).collect::<Result<Vec<_>>>()?;
    Ok(Arc::new(
        Schema::group_type_builder("schema")
            .with_fields(fields)
            .build()
            .map_err(err)?,
    ))
}

/// Streams rows into a Parquet file: [`ParquetRows::push`] each row, then
/// [`ParquetRows::finish`].
pub struct ParquetRows<W: Write + Send> {
    columns: Vec<ColumnInfo>,
    writer: SerializedFileWriter<W>,
    /// The cells of the rows not written yet, one typed buffer per column (what its column
    /// writer takes: a few bytes a cell, not a [`Value`] a cell).
    pending: Vec<Pending>,
    /// Rows in `pending`.
    rows: usize,
}

/// One column's cells of the pending row group: values and definition levels (repetition
/// levels for a list), as the column writer takes them.
#[derive(Default)]
struct Pending {
    ints: Vec<i64>,
    floats: Vec<f64>,
    bools: Vec<bool>,
    bytes: Vec<ByteArray>,
    defs: Vec<i16>,
    reps: Vec<i16>,
}

impl Pending {
    /// Add the cell `v` of column `c`.
    fn push(&mut self, c: &ColumnInfo, v: Value) -> Result<()> {
        if c.ty == Type::UIntList {
            match v {
                Value::List(items) => self.list(&items),
                Value::Null => self.list(&[]),
                v => return Err(mismatch(c, &v)),
            }
            return Ok(());
        }
        if v == Value::Null {
            self.defs.push(0);
            return Ok(());
        }
        match (v, c.ty) {
            // unsigned values keep their bits: the column's annotation says unsigned
            (Value::UInt(x), Type::UInt) => self.ints.push(x as i64),
            (Value::Int(x), Type::Int | Type::EpochNanos) | (Value::Nanos(x), Type::Nanos) => {
                self.ints.push(x)
            }
            (Value::Float(x), Type::Float) => self.floats.push(x),
            (Value::Bool(x), Type::Bool) => self.bools.push(x),
            (Value::Text(x), Type::Text) => self.bytes.push(ByteArray::from(x.into_bytes())),
            (Value::Ip(x), Type::Ip) => {
                self.bytes.push(ByteArray::from(x.to_string().into_bytes()))
            }
            (v, _) => return Err(mismatch(c, &v)),
        }
        self.defs.push(1);
        Ok(())
    }

    /// A list cell: an empty list is one level (definition 0); each element has definition 1,
    /// repetition 0 for a row's first, 1 for the others.
    fn list(&mut self, items: &[u64]) {
        if items.is_empty() {
            self.defs.push(0);
            self.reps.push(0);
        }
        for (k, x) in items.iter().enumerate() {
            self.ints.push(*x as i64);
            self.defs.push(1);
            self.reps.push(i16::from(k > 0));
        }
    }

    /// Write the cells to `col` (of column type `ty`) and empty the buffers.
    fn write(&mut self, col: &mut SerializedColumnWriter<'_>, ty: Type) -> Result<()> {
        let defs = Some(&self.defs[..]);
        match ty {
            Type::UInt | Type::Int | Type::Nanos | Type::EpochNanos => {
                col.typed::<Int64Type>().write_batch(&self.ints, defs, None)
            }
            Type::UIntList => {
                col.typed::<Int64Type>()
                    .write_batch(&self.ints, defs, Some(&self.reps))
            }
            Type::Float => col
                .typed::<DoubleType>()
                .write_batch(&self.floats, defs, None),
            Type::Bool => col.typed::<BoolType>().write_batch(&self.bools, defs, None),
            Type::Text | Type::Ip => {
                col.typed::<ByteArrayType>()
                    .write_batch(&self.bytes, defs, None)
            }
        }
        .map_err(err)?;
        *self = Pending::default();
        Ok(())
    }
}

impl<W: Write + Send> ParquetRows<W> {
    pub fn new(columns: Vec<ColumnInfo>, out: W) -> Result<Self> {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(ROW_GROUP)
            .set_created_by(format!("mptcpanalyzer {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer =
            SerializedFileWriter::new(out, schema(&columns)?, Arc::new(props)).map_err(err)?;
        let pending = columns.iter().map(|_| Pending::default()).collect();
        Ok(ParquetRows {
            columns,
            writer,
            pending,
            rows: 0,
        })
    }

    /// Add one row (one value per column, in order).
    pub fn push(&mut self, row: Vec<Value>) -> Result<()> {
        if row.len() != self.columns.len() {
            return Err(err(format!(
                "internal error: a row of {} cells for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        for ((v, c), p) in row.into_iter().zip(&self.columns).zip(&mut self.pending) {
            p.push(c, v)?;
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }

    /// Write the pending rows as one row group.
    fn flush_group(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group().map_err(err)?;
        for (c, p) in self.columns.iter().zip(&mut self.pending) {
            let mut col = group
                .next_column()
                .map_err(err)?
                .ok_or_else(|| err("internal error: fewer columns than declared"))?;
            p.write(&mut col, c.ty)?;
            col.close().map_err(err)?;
        }
        group.close().map_err(err)?;
        self.rows = 0;
        Ok(())
    }

    /// Append the rows of `part`, a Parquet file written by a [`ParquetRows`] of the same
    /// columns, after the rows pushed so far: its row groups are copied as they are (column
    /// chunks, statistics and page indexes; nothing is decoded), so its cells are exactly the
    /// ones its writer made. Memory holds one part's footer, never its rows.
    pub fn append(&mut self, part: &std::fs::File) -> Result<()> {
        use parquet::column::writer::ColumnCloseResult;
        use parquet::file::metadata::{PageIndexPolicy, ParquetMetaDataReader};
        self.flush_group()?;
        let meta = ParquetMetaDataReader::new()
            .with_page_index_policy(PageIndexPolicy::Optional)
            .parse_and_finish(part)
            .map_err(err)?;
        if meta.file_metadata().schema_descr().root_schema()
            != self.writer.schema_descr().root_schema()
        {
            return Err(err("internal error: a part with other columns"));
        }
        for (i, rg) in meta.row_groups().iter().enumerate() {
            let index = |j: usize| {
                let col = meta.column_index().and_then(|c| c.get(i)?.get(j).cloned());
                let off = meta.offset_index().and_then(|o| o.get(i)?.get(j).cloned());
                (col, off)
            };
            let mut group = self.writer.next_row_group().map_err(err)?;
            for (j, chunk) in rg.columns().iter().enumerate() {
                let (column_index, offset_index) = index(j);
                let close = ColumnCloseResult {
                    bytes_written: chunk.compressed_size() as u64,
                    rows_written: rg.num_rows() as u64,
                    metadata: chunk.clone(),
                    bloom_filter: None,
                    column_index,
                    offset_index,
                };
                group.append_column(part, close).map_err(err)?;
            }
            group.close().map_err(err)?;
        }
        Ok(())
    }

    /// Write what is pending and the file footer; returns the writer.
    pub fn finish(mut self) -> Result<W> {
        self.flush_group()?;
        self.writer.into_inner().map_err(err)
    }
}

fn mismatch(c: &ColumnInfo, v: &Value) -> Error {
    err(format!(
        "internal error: column {}: {v:?} is not a {:?}",
        c.name, c.ty
    ))
}

/// A flat view as one Parquet file.
pub fn write_flat<W: Write + Send>(flat: &Flat, out: W) -> Result<W> {
    let mut w = ParquetRows::new(flat.columns.clone(), out)?;
    for row in &flat.rows {
        w.push(row.clone())?;
    }
    w.finish()
}
