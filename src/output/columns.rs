//! Typed columns: a report declares its flat view once, as columns (name, type, unit, getter).
//! The CSV exporter, and any columnar one (Parquet, issue 15), iterate these declarations: no
//! report writes a header and its rows as two lists by hand.
//!
//! ```text
//! Column::new("duration_s", Type::Float, Unit::Seconds, |c: &TcpConnection| c.duration_s.into())
//! ```

use std::borrow::Cow;
use std::net::IpAddr;

/// The type of a column's values (what a columnar format declares in its schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    UInt,
    Int,
    Float,
    Bool,
    Text,
    Ip,
}

/// The unit of a column's values. It also fixes how many decimals CSV prints for a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// An id, a count, a flag, a name.
    None,
    Bytes,
    Packets,
    /// Seconds (since the capture started, or a duration): 9 decimals (nanoseconds) in CSV.
    Seconds,
    /// Bytes per second: 3 decimals in CSV.
    BytesPerSecond,
    /// A fraction between 0 and 1: 6 decimals in CSV.
    Ratio,
    /// A match score or evidence fraction between 0 and 1 (two-capture mapping): 3 decimals
    /// in CSV.
    Score,
}

impl Unit {
    /// Decimals of a float of this unit in CSV.
    pub fn decimals(self) -> usize {
        match self {
            Unit::Seconds => 9,
            Unit::BytesPerSecond => 3,
            Unit::Ratio => 6,
            Unit::Score => 3,
            Unit::None | Unit::Bytes | Unit::Packets => 3,
        }
    }
}

/// One cell. `Null` is an absent value (an empty CSV cell).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    UInt(u64),
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
    Ip(IpAddr),
    Null,
}

impl Value {
    /// Whether the value may sit in a column of type `ty`.
    pub fn fits(&self, ty: Type) -> bool {
        matches!(
            (self, ty),
            (Value::Null, _)
                | (Value::UInt(_), Type::UInt)
                | (Value::Int(_), Type::Int)
                | (Value::Float(_), Type::Float)
                | (Value::Bool(_), Type::Bool)
                | (Value::Text(_), Type::Text)
                | (Value::Ip(_), Type::Ip)
        )
    }

    /// The CSV cell, with the decimals of `unit` for a float.
    pub fn to_csv(&self, unit: Unit) -> String {
        match self {
            Value::UInt(v) => v.to_string(),
            Value::Int(v) => v.to_string(),
            Value::Float(v) => format!("{v:.*}", unit.decimals()),
            Value::Bool(v) => v.to_string(),
            Value::Text(v) => v.clone(),
            Value::Ip(v) => v.to_string(),
            Value::Null => String::new(),
        }
    }
}

macro_rules! value_from {
    ($($t:ty => $v:ident as $as:ty),*) => {$(
        impl From<$t> for Value {
            fn from(x: $t) -> Value {
                Value::$v(x as $as)
            }
        }
    )*};
}
value_from!(u64 => UInt as u64, u32 => UInt as u64, u16 => UInt as u64, u8 => UInt as u64,
    i64 => Int as i64, f64 => Float as f64, bool => Bool as bool);

impl From<IpAddr> for Value {
    fn from(x: IpAddr) -> Value {
        Value::Ip(x)
    }
}

impl From<&str> for Value {
    fn from(x: &str) -> Value {
        Value::Text(x.to_string())
    }
}

impl From<String> for Value {
    fn from(x: String) -> Value {
        Value::Text(x)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(x: Option<T>) -> Value {
        x.map_or(Value::Null, Into::into)
    }
}

/// What a column is, without its getter: the schema of a flat view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    pub name: Cow<'static, str>,
    pub ty: Type,
    pub unit: Unit,
}

/// A column of rows of type `R`: its name (the stable CSV header), type, unit and getter.
pub struct Column<R> {
    pub info: ColumnInfo,
    pub get: fn(&R) -> Value,
}

impl<R> Column<R> {
    pub fn new(name: &'static str, ty: Type, unit: Unit, get: fn(&R) -> Value) -> Self {
        Column {
            info: ColumnInfo {
                name: Cow::Borrowed(name),
                ty,
                unit,
            },
            get,
        }
    }
}

/// A report's flat view: the schema and the typed rows, ready for any flat format.
#[derive(Debug, Clone, PartialEq)]
pub struct Flat {
    pub columns: Vec<ColumnInfo>,
    pub rows: Vec<Vec<Value>>,
}

impl Flat {
    /// The rows `rows` seen through `columns`.
    pub fn of<R>(columns: &[Column<R>], rows: impl IntoIterator<Item = R>) -> Flat {
        let rows: Vec<Vec<Value>> = rows
            .into_iter()
            .map(|r| columns.iter().map(|c| (c.get)(&r)).collect())
            .collect();
        for row in &rows {
            for (v, c) in row.iter().zip(columns) {
                debug_assert!(
                    v.fits(c.info.ty),
                    "column {}: {v:?} is not a {:?}",
                    c.info.name,
                    c.info.ty
                );
            }
        }
        Flat {
            columns: columns.iter().map(|c| c.info.clone()).collect(),
            rows,
        }
    }

    /// A flat view of text cells, for reports that do not declare typed columns yet.
    pub fn text(header: Vec<String>, rows: Vec<Vec<String>>) -> Flat {
        Flat {
            columns: header
                .into_iter()
                .map(|h| ColumnInfo {
                    name: Cow::Owned(h),
                    ty: Type::Text,
                    unit: Unit::None,
                })
                .collect(),
            rows: rows
                .into_iter()
                .map(|r| r.into_iter().map(Value::Text).collect())
                .collect(),
        }
    }

    /// The header row.
    pub fn header(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| &*c.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_follow_type_and_unit() {
        assert_eq!(Value::from(1.5f64).to_csv(Unit::Seconds), "1.500000000");
        assert_eq!(Value::from(1.5f64).to_csv(Unit::BytesPerSecond), "1.500");
        assert_eq!(Value::from(0.25f64).to_csv(Unit::Ratio), "0.250000");
        assert_eq!(Value::from(None::<u64>).to_csv(Unit::None), "");
        assert_eq!(Value::from(Some(7u8)).to_csv(Unit::None), "7");
        assert_eq!(Value::from(true).to_csv(Unit::None), "true");
        let ip: IpAddr = "fd00::1".parse().unwrap();
        assert_eq!(Value::from(ip).to_csv(Unit::None), "fd00::1");
    }

    #[test]
    fn a_flat_view_has_one_cell_per_column_and_row() {
        let cols = [
            Column::new("n", Type::UInt, Unit::None, |r: &(u64, f64)| r.0.into()),
            Column::new("s", Type::Float, Unit::Seconds, |r: &(u64, f64)| r.1.into()),
        ];
        let f = Flat::of(&cols, [(1, 0.5), (2, 1.0)]);
        assert_eq!(f.header().collect::<Vec<_>>(), ["n", "s"]);
        assert_eq!(f.rows[1], [Value::UInt(2), Value::Float(1.0)]);
    }
}
