//! The cells of a column: its type, its unit, a value, and their CSV and human text.

use super::fixed::{fixed, push_fixed};
use crate::model::csv_writer::CsvWriter;
use std::net::IpAddr;

/// The type of a column's values (what a columnar format declares in its schema), declared in
/// the model with the packet columns.
pub use crate::model::ColumnType as Type;

/// The unit of a column's values. It fixes how many decimals CSV prints for a float, and the
/// unit a table header names (or its cells carry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// An id, a count, a flag, a name.
    None,
    Bytes,
    Packets,
    /// Seconds (since the capture started, or a duration): 9 decimals (nanoseconds) in CSV.
    Seconds,
    /// Bits per second (rates; `*_bit_s` fields): 3 decimals in CSV.
    BitsPerSecond,
    /// A fraction between 0 and 1: 6 decimals in CSV, a percentage in tables.
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
            Unit::BitsPerSecond => 3,
            Unit::Ratio => 6,
            Unit::Score => 3,
            Unit::None | Unit::Bytes | Unit::Packets => 3,
        }
    }

    /// What a table header adds after the column's label, for units its cells do not show
    /// (`duration (s)`); bytes, rates and ratios are written with their unit in each cell.
    pub fn header_suffix(self) -> &'static str {
        match self {
            Unit::Seconds => " (s)",
            _ => "",
        }
    }
}

/// One cell. `Null` is an absent value (an empty CSV cell, `null` in JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    UInt(u64),
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
    Ip(IpAddr),
    /// Integer nanoseconds (a [`Type::Nanos`] column).
    Nanos(i64),
    /// A [`Type::UIntList`] cell.
    List(Vec<u64>),
    Null,
}

/// Integer nanoseconds as exact decimal seconds (`-0.000000001`, `1529037840.578603145`).
pub fn ns_secs(ns: i64) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let a = ns.unsigned_abs();
    format!("{sign}{}.{:09}", a / 1_000_000_000, a % 1_000_000_000)
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
                | (Value::Nanos(_), Type::Nanos)
                | (Value::Int(_), Type::EpochNanos)
                | (Value::List(_), Type::UIntList)
        )
    }

    /// The CSV cell, with the decimals of `unit` for a float.
    pub fn to_csv(&self, unit: Unit) -> String {
        match self {
            Value::UInt(v) => v.to_string(),
            Value::Int(v) => v.to_string(),
            Value::Float(v) => fixed(*v, unit.decimals()),
            Value::Bool(v) => v.to_string(),
            Value::Text(v) => v.clone(),
            Value::Ip(v) => v.to_string(),
            Value::Nanos(v) => ns_secs(*v),
            Value::List(v) => {
                let cells: Vec<String> = v.iter().map(u64::to_string).collect();
                cells.join(";")
            }
            Value::Null => String::new(),
        }
    }

    /// [`Value::to_csv`] written as the next field of `w` (the same bytes as
    /// `w.text(&self.to_csv(unit))`), numbers in place: no text made per cell; a float or
    /// nanoseconds are formatted in `scratch`.
    pub fn write_csv<W: std::io::Write>(
        &self,
        w: &mut CsvWriter<W>,
        unit: Unit,
        scratch: &mut String,
    ) {
        match self {
            Value::UInt(v) => w.u64(*v),
            Value::Int(v) => w.i64(*v),
            Value::Bool(v) => w.bool(*v),
            Value::Text(v) => w.text(v),
            Value::Ip(v) => w.opt_ip(Some(*v)),
            Value::List(v) => w.list(v),
            Value::Null => w.empty(),
            Value::Float(v) => {
                scratch.clear();
                push_fixed(scratch, *v, unit.decimals());
                w.text(scratch);
            }
            Value::Nanos(v) => w.text(&ns_secs(*v)),
        }
    }

    /// [`Value::to_human`] of a value no longer needed: a text is moved, not copied.
    pub fn into_human(self, unit: Unit) -> String {
        match self {
            Value::Text(t) => t,
            v => v.to_human(unit),
        }
    }

    /// The table cell for humans: bytes and rates with an SI prefix and their unit (`1.3 MB`,
    /// `640.2 kbit/s`), ratios in percent, seconds with 3 decimals, flags as `yes` / empty.
    pub fn to_human(&self, unit: Unit) -> String {
        match (self, unit) {
            (Value::Null, _) => String::new(),
            (Value::Bool(b), _) => if *b { "yes" } else { "" }.to_string(),
            (Value::UInt(v), Unit::Bytes) => human_bytes(*v as f64),
            (Value::Int(v), Unit::Bytes) => human_bytes(*v as f64),
            (Value::Float(v), Unit::BitsPerSecond) => human_bit_rate(*v),
            (Value::Float(v), Unit::Ratio) => with_unit(v * 100.0, "%"),
            (Value::Float(v), _) => fixed(*v, 3),
            (Value::Nanos(v), _) => ns_secs(*v),
            (v, u) => v.to_csv(u),
        }
    }
}

/// Bytes for humans: `306 B`, `1.5 kB`, `2.3 MB` (SI prefixes).
pub fn human_bytes(b: f64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = b;
    let mut i = 0;
    while v.abs() >= 1000.0 && i < UNITS.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    if i == 0 {
        format!("{} B", b as i64)
    } else {
        with_unit(v, UNITS[i])
    }
}

/// A rate in bits per second for humans: `148.8 bit/s`, `1.2 Mbit/s` (SI prefixes).
pub fn human_bit_rate(bit_s: f64) -> String {
    const UNITS: [&str; 5] = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"];
    let mut v = bit_s;
    let mut i = 0;
    while v.abs() >= 1000.0 && i < UNITS.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    with_unit(v, UNITS[i])
}

/// `v` with one decimal, a space and `unit` (`1.5 kB`).
fn with_unit(v: f64, unit: &str) -> String {
    let mut s = String::with_capacity(16);
    push_fixed(&mut s, v, 1);
    s.push(' ');
    s.push_str(unit);
    s
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
    usize => UInt as u64, i64 => Int as i64, f64 => Float as f64, bool => Bool as bool);

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

impl serde::Serialize for Value {
    /// JSON keeps the type: numbers stay numbers (a non-finite float is `null`), addresses
    /// and texts are strings, nanoseconds an integer.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::UInt(v) => s.serialize_u64(*v),
            Value::Int(v) | Value::Nanos(v) => s.serialize_i64(*v),
            Value::Float(v) if v.is_finite() => s.serialize_f64(*v),
            Value::Float(_) | Value::Null => s.serialize_none(),
            Value::Bool(v) => s.serialize_bool(*v),
            Value::Text(v) => s.serialize_str(v),
            Value::Ip(v) => s.collect_str(v),
            Value::List(v) => s.collect_seq(v),
        }
    }
}
