//! The per-packet rows (`pcap2csv`) as typed cells, for Parquet: the names and types are the
//! model's declaration ([`crate::model::PACKET_COLUMNS`]), the cells are the serde
//! serialisation of each [`Packet`] that the CSV writes too (serialised into [`Value`]s instead
//! of text). So the Parquet file and the CSV cannot drift apart: there is no second list of
//! fields, and a field added to [`Packet`] and [`crate::model::PACKET_COLUMNS`] is in both.

use super::columns::{ColumnInfo, Type, Unit, Value};
use crate::model::{Packet, PACKET_COLUMNS};
use serde::ser::{self, Impossible, Serialize};
use std::borrow::Cow;

/// The schema of the packet rows, with a first column `capture` when `tagged` (a dataset file,
/// or several captures in one file).
pub fn packet_schema(tagged: bool) -> Vec<ColumnInfo> {
    let tag = tagged.then(|| super::many::capture_column().info);
    tag.into_iter()
        .chain(PACKET_COLUMNS.iter().map(|&(name, ty)| ColumnInfo {
            name: Cow::Borrowed(name),
            ty,
            unit: Unit::None,
            label: Cow::Borrowed(name),
        }))
        .collect()
}

/// The cells of `p` in the order of [`PACKET_COLUMNS`], appended to `row`.
pub fn packet_cells(p: &Packet, row: &mut Vec<Value>) -> crate::error::Result<()> {
    let start = row.len();
    p.serialize(RowSer { row, i: 0 }).map_err(|e| {
        crate::error::Error::stdout(std::io::Error::other(format!(
            "internal error: a packet row: {e}"
        )))
    })?;
    debug_assert_eq!(row.len() - start, PACKET_COLUMNS.len());
    Ok(())
}

#[derive(Debug)]
struct SerError(String);

impl std::fmt::Display for SerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

/// Serialises the [`Packet`] struct: each field into one cell, checked against the declared
/// column of its position (name and type).
struct RowSer<'a> {
    row: &'a mut Vec<Value>,
    i: usize,
}

impl ser::SerializeStruct for RowSer<'_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        let Some(&(name, ty)) = PACKET_COLUMNS.get(self.i) else {
            return Err(SerError(format!("field {key}: more fields than columns")));
        };
        if name != key {
            return Err(SerError(format!(
                "field {key} where column {name} is declared"
            )));
        }
        let v = value.serialize(CellSer)?;
        self.row.push(
            typed(v, ty).map_err(|v| SerError(format!("column {name}: {v:?} is not a {ty:?}")))?,
        );
        self.i += 1;
        Ok(())
    }

    fn end(self) -> Result<(), SerError> {
        if self.i != PACKET_COLUMNS.len() {
            return Err(SerError(format!(
                "{} fields for {} columns",
                self.i,
                PACKET_COLUMNS.len()
            )));
        }
        Ok(())
    }
}

/// A serialised field as a cell of column type `ty`: the text serde gives for addresses and
/// lists (what the CSV writes) parsed back into its type.
fn typed(v: Value, ty: Type) -> Result<Value, Value> {
    Ok(match (v, ty) {
        (Value::Text(t), Type::UIntList) => {
            Value::List(crate::model::list::parse::<u64>(&t).map_err(|_| Value::Text(t))?)
        }
        (Value::Text(t), Type::Ip) => match t.parse() {
            Ok(ip) => Value::Ip(ip),
            Err(_) => return Err(Value::Text(t)),
        },
        (v, ty) if v.fits(ty) => v,
        (v, _) => return Err(v),
    })
}

macro_rules! unsupported {
    ($($f:ident($($t:ty),*)),* $(,)?) => {$(
        fn $f(self, $(_: $t),*) -> Result<Value, SerError> {
            Err(SerError(concat!("unsupported in a packet cell: ", stringify!($f)).into()))
        }
    )*};
}

/// Serialises one field's value into a [`Value`].
struct CellSer;

impl ser::Serializer for CellSer {
    type Ok = Value;
    type Error = SerError;
    type SerializeSeq = Impossible<Value, SerError>;
    type SerializeTuple = Impossible<Value, SerError>;
    type SerializeTupleStruct = Impossible<Value, SerError>;
    type SerializeTupleVariant = Impossible<Value, SerError>;
    type SerializeMap = Impossible<Value, SerError>;
    type SerializeStruct = Impossible<Value, SerError>;
    type SerializeStructVariant = Impossible<Value, SerError>;

    fn serialize_bool(self, v: bool) -> Result<Value, SerError> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, SerError> {
        Ok(Value::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, SerError> {
        Ok(Value::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, SerError> {
        Ok(Value::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, SerError> {
        Ok(Value::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, SerError> {
        Ok(Value::UInt(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, SerError> {
        Ok(Value::UInt(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, SerError> {
        Ok(Value::UInt(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, SerError> {
        Ok(Value::UInt(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, SerError> {
        Ok(Value::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, SerError> {
        Ok(Value::Float(v))
    }
    fn serialize_str(self, v: &str) -> Result<Value, SerError> {
        Ok(Value::Text(v.to_string()))
    }
    fn serialize_none(self) -> Result<Value, SerError> {
        Ok(Value::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<Value, SerError> {
        v.serialize(self)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, SerError> {
        Ok(Value::Text(variant.to_string()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Value, SerError> {
        Err(SerError(
            "unsupported in a packet cell: a newtype variant".into(),
        ))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(SerError("unsupported in a packet cell: a sequence".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(SerError("unsupported in a packet cell: a tuple".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(SerError(
            "unsupported in a packet cell: a tuple struct".into(),
        ))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(SerError(
            "unsupported in a packet cell: a tuple variant".into(),
        ))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SerError> {
        Err(SerError("unsupported in a packet cell: a map".into()))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, SerError> {
        Err(SerError("unsupported in a packet cell: a struct".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(SerError(
            "unsupported in a packet cell: a struct variant".into(),
        ))
    }
    unsupported!(
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );
}

/// Only [`Packet`] (a struct) is serialised by [`RowSer`].
impl ser::Serializer for RowSer<'_> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = Impossible<(), SerError>;
    type SerializeTuple = Impossible<(), SerError>;
    type SerializeTupleStruct = Impossible<(), SerError>;
    type SerializeTupleVariant = Impossible<(), SerError>;
    type SerializeMap = Impossible<(), SerError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), SerError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, SerError> {
        Ok(self)
    }

    fn serialize_bool(self, _: bool) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_i8(self, _: i8) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_i16(self, _: i16) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_i32(self, _: i32) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_i64(self, _: i64) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_u8(self, _: u8) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_u16(self, _: u16) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_u32(self, _: u32) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_u64(self, _: u64) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_f32(self, _: f32) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_f64(self, _: f64) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_char(self, _: char) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_str(self, _: &str) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_none(self) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), SerError> {
        Err(not_a_struct())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(not_a_struct())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(not_a_struct())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(not_a_struct())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(not_a_struct())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SerError> {
        Err(not_a_struct())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(not_a_struct())
    }
}

fn not_a_struct() -> SerError {
    SerError("a packet row is a struct".into())
}

#[cfg(test)]
mod tests;
