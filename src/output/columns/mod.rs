//! Typed columns: a report declares its records once, as columns (name, type, unit, getter).
//! Every output format reads these declarations: CSV and any columnar format (Parquet, issue 15)
//! iterate a [`Flat`] view, JSON objects are written from the same columns ([`object`]), and
//! tables take their headers (with units) and cells from them ([`Flat::table_header`],
//! [`Value::to_human`]). No report writes a header and its rows as two lists by hand.
//!
//! ```text
//! Column::new("duration_s", Type::Float, Unit::Seconds, |c: &TcpConnection| c.duration_s.into())
//! ```
//!
//! An entity's columns are declared once over the entity (`Column<TcpDirection>`); a report
//! whose rows join several entities lifts them onto its row type with [`Column::lift`] (and
//! [`Column::lift_as`] where the flat name must differ, e.g. a prefix).
//!
//! The cells (types, units, values and their CSV and human text) are in `value.rs`.

mod fixed;
#[cfg(test)]
mod tests;
mod value;

pub use fixed::{fixed, push_fixed};
pub use value::{human_bit_rate, human_bytes, ns_secs, Type, Unit, Value};

use std::borrow::Cow;

/// What a column is, without its getter: the schema of a flat view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    /// The stable name: CSV header, JSON key, Parquet column.
    pub name: Cow<'static, str>,
    pub ty: Type,
    pub unit: Unit,
    /// The table header, without its unit (derived from the name unless declared).
    pub label: Cow<'static, str>,
}

impl ColumnInfo {
    /// The table header: the label and, for units the cells do not show, the unit
    /// (`duration (s)`).
    pub fn table_header(&self) -> String {
        format!("{}{}", self.label, self.unit.header_suffix())
    }
}

/// The default table label of a column: its name without the unit suffix, `_` as spaces
/// (`payload_bytes` -> `payload`, `duration_s` -> `duration`, `tcp_stream` -> `tcp stream`).
pub fn default_label(name: &str) -> String {
    let base = ["_bytes", "_bit_s", "_s", "_packets"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix).filter(|b| !b.is_empty()))
        .unwrap_or(name);
    base.replace('_', " ")
}

/// [`default_label`] of a declared name, made once per name and kept for the process (names
/// are a fixed set of literals): reports declare their columns for every rendering, and the
/// label is only read by tables.
fn interned_label(name: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static LABELS: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let mut labels = LABELS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    labels
        .entry(name)
        .or_insert_with(|| Box::leak(default_label(name).into_boxed_str()))
}

/// A getter: the value of one column for one row.
pub type Getter<'r, R> = Box<dyn Fn(&R) -> Value + Send + Sync + 'r>;

/// A JSON getter: the JSON member of one column for one row, where it is not the column's
/// value (an array where flat formats join the items in a text, seconds as a JSON number where
/// flat formats hold exact nanoseconds, a nested object).
pub type JsonGetter<'r, R> = Box<dyn Fn(&R) -> Json + Send + Sync + 'r>;

/// A JSON member that is not one [`Value`]: an array, or an object whose members keep their
/// columns' order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Value(Value),
    List(Vec<Json>),
    Object(Vec<(Cow<'static, str>, Json)>),
}

impl Json {
    /// The JSON object of `row` through `columns` (their JSON members, in order).
    pub fn object<R>(columns: &[Column<'_, R>], row: &R) -> Json {
        Json::Object(
            columns
                .iter()
                .filter(|c| c.forms != Forms::Flat)
                .map(|c| (c.info.name.clone(), c.json_value(row)))
                .collect(),
        )
    }

    /// A JSON array of the objects of `rows` through `columns`.
    pub fn objects<'a, R: 'a>(
        columns: &[Column<'_, R>],
        rows: impl IntoIterator<Item = &'a R>,
    ) -> Json {
        Json::List(rows.into_iter().map(|r| Json::object(columns, r)).collect())
    }

    /// A JSON array of values.
    pub fn list<T: Into<Value>>(items: impl IntoIterator<Item = T>) -> Json {
        Json::List(items.into_iter().map(|v| Json::Value(v.into())).collect())
    }
}

impl<T: Into<Value>> From<T> for Json {
    fn from(v: T) -> Json {
        Json::Value(v.into())
    }
}

impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Json::Value(v) => v.serialize(s),
            Json::List(v) => s.collect_seq(v),
            Json::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(&**k, v)?;
                }
                map.end()
            }
        }
    }
}

/// In which outputs a column appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forms {
    /// JSON, and the flat view (CSV, tables, columnar formats).
    All,
    /// JSON only (an exact form a flat cell already holds, a nested array).
    Json,
    /// The flat view only (a nested JSON member flattened into a text cell).
    Flat,
}

/// A column of rows of type `R`: its name (the stable CSV header and JSON key), type, unit,
/// table label and getter. `'r`: how long the getter may be kept (rows that borrow, such as
/// tuples of references, bound it; a column of an owned type can be `Column<'static, T>`).
pub struct Column<'r, R> {
    pub info: ColumnInfo,
    pub get: Getter<'r, R>,
    /// The JSON member when it is not [`Column::get`]'s value ([`Column::json_as`]).
    pub json: Option<JsonGetter<'r, R>>,
    /// Where the column appears ([`Column::json_only`], [`Column::flat_only`]).
    pub forms: Forms,
    /// What the column is, in a line (`--list-columns`); empty when the name says it.
    pub about: &'static str,
}

impl<'r, R: 'r> Column<'r, R> {
    pub fn new(name: &'static str, ty: Type, unit: Unit, get: fn(&R) -> Value) -> Self {
        Self::from_fn(name, ty, unit, get)
    }

    /// [`Column::new`] with a getter that may capture (a column made by a helper).
    pub fn from_fn(
        name: &'static str,
        ty: Type,
        unit: Unit,
        get: impl Fn(&R) -> Value + Send + Sync + 'r,
    ) -> Self {
        Column {
            info: ColumnInfo {
                name: Cow::Borrowed(name),
                ty,
                unit,
                label: Cow::Borrowed(interned_label(name)),
            },
            get: Box::new(get),
            json: None,
            forms: Forms::All,
            about: "",
        }
    }

    /// The same column, described (`--list-columns` prints it).
    pub fn about(mut self, about: &'static str) -> Self {
        self.about = about;
        self
    }

    /// The same column, its JSON member made by `json` instead of its value.
    pub fn json_as(mut self, json: fn(&R) -> Json) -> Self {
        self.json = Some(Box::new(json));
        self
    }

    /// The same column, in JSON only.
    pub fn json_only(mut self) -> Self {
        self.forms = Forms::Json;
        self
    }

    /// The same column, in the flat view only.
    pub fn flat_only(mut self) -> Self {
        self.forms = Forms::Flat;
        self
    }

    /// The JSON member of `row`.
    pub fn json_value(&self, row: &R) -> Json {
        match &self.json {
            Some(j) => j(row),
            None => Json::Value((self.get)(row)),
        }
    }

    /// The same column with another table label (the name, type and unit are kept).
    pub fn label(mut self, label: &'static str) -> Self {
        self.info.label = Cow::Borrowed(label);
        self
    }

    /// The same column over rows of type `S`, from which `proj` picks the `R`.
    pub fn lift<S: 'r>(self, proj: impl Fn(&S) -> &R + Send + Sync + 'r) -> Column<'r, S> {
        let proj = std::sync::Arc::new(proj);
        let (get, p) = (self.get, proj.clone());
        Column {
            info: self.info,
            get: Box::new(move |s| get(p(s))),
            json: self
                .json
                .map(|j| -> JsonGetter<'r, S> { Box::new(move |s| j(proj(s))) }),
            forms: self.forms,
            about: self.about,
        }
    }

    /// [`Column::lift`] where the row may lack the `R`: the cell is then empty.
    pub fn lift_opt<S: 'r>(
        self,
        proj: impl Fn(&S) -> Option<&R> + Send + Sync + 'r,
    ) -> Column<'r, S> {
        let proj = std::sync::Arc::new(proj);
        let (get, p) = (self.get, proj.clone());
        Column {
            info: self.info,
            get: Box::new(move |s| p(s).map_or(Value::Null, &get)),
            json: self.json.map(|j| -> JsonGetter<'r, S> {
                Box::new(move |s| proj(s).map_or(Json::Value(Value::Null), &j))
            }),
            forms: self.forms,
            about: self.about,
        }
    }

    /// [`Column::lift`] under another name (a flat view joining entities whose columns share
    /// a name: `data_bytes` of a subflow becomes `data_bytes_subflow`).
    pub fn lift_as<S: 'r>(
        self,
        name: &'static str,
        proj: impl Fn(&S) -> &R + Send + Sync + 'r,
    ) -> Column<'r, S> {
        let mut c = self.lift(proj);
        c.info.name = Cow::Borrowed(name);
        c
    }

    /// The same column under another name (the label is kept).
    pub fn renamed(mut self, name: &'static str) -> Self {
        self.info.name = Cow::Borrowed(name);
        self
    }
}

/// The columns of `cols` named in `names`, in that order: a table or a flat view shows a
/// selection of an entity's declared columns. Panics on a name that is not declared (every
/// report's tests run it).
pub fn pick<'r, R>(cols: Vec<Column<'r, R>>, names: &[&str]) -> Vec<Column<'r, R>> {
    let mut cols: Vec<Option<Column<R>>> = cols.into_iter().map(Some).collect();
    names
        .iter()
        .map(|n| {
            let i = cols
                .iter()
                .position(|c| c.as_ref().is_some_and(|c| c.info.name == *n))
                .unwrap_or_else(|| panic!("no column {n}"));
            cols[i].take().expect("each column picked once")
        })
        .collect()
}

/// Serialize `row` as the JSON members of `columns` (in their order, under their names; those
/// of the flat view only left out, [`Column::json`] where set) into an open map: reports write their objects with this, then add their nested members.
pub fn members<M: serde::ser::SerializeMap, R>(
    map: &mut M,
    columns: &[Column<'_, R>],
    row: &R,
) -> Result<(), M::Error> {
    for c in columns.iter().filter(|c| c.forms != Forms::Flat) {
        match &c.json {
            Some(j) => map.serialize_entry(&*c.info.name, &j(row))?,
            None => map.serialize_entry(&*c.info.name, &(c.get)(row))?,
        }
    }
    Ok(())
}

/// A JSON object of one row: its columns only.
pub struct Object<'c, 'g, 'r, R> {
    pub columns: &'c [Column<'g, R>],
    pub row: &'r R,
}

/// [`Object`] of `row` through `columns`.
pub fn object<'c, 'g, 'r, R>(columns: &'c [Column<'g, R>], row: &'r R) -> Object<'c, 'g, 'r, R> {
    Object { columns, row }
}

impl<R> serde::Serialize for Object<'_, '_, '_, R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        members(&mut map, self.columns, self.row)?;
        map.end()
    }
}

/// The table cells of `row` through `columns` (those of the flat view), as [`Flat::of`] and
/// [`Value::to_human`] would make them, without making the flat rows.
pub fn human_cells<R>(columns: &[Column<'_, R>], row: &R) -> Vec<String> {
    columns
        .iter()
        .filter(|c| c.forms != Forms::Json)
        .map(|c| (c.get)(row).into_human(c.info.unit))
        .collect()
}

/// A report's flat view: the schema and the typed rows, ready for any flat format.
#[derive(Debug, Clone, PartialEq)]
pub struct Flat {
    pub columns: Vec<ColumnInfo>,
    pub rows: Vec<Vec<Value>>,
}

impl Flat {
    /// The rows `rows` seen through `columns`.
    /// Rows may be given by value or by reference.
    pub fn of<R, B: std::borrow::Borrow<R>>(
        columns: &[Column<'_, R>],
        rows: impl IntoIterator<Item = B>,
    ) -> Flat {
        let columns: Vec<&Column<R>> = columns.iter().filter(|c| c.forms != Forms::Json).collect();
        let rows: Vec<Vec<Value>> = rows
            .into_iter()
            .map(|r| columns.iter().map(|c| (c.get)(r.borrow())).collect())
            .collect();
        for row in &rows {
            for (v, c) in row.iter().zip(&columns) {
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

    /// The header row.
    pub fn header(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| &*c.name)
    }

    /// The JSON array of this view: one object per row, the columns' names as keys.
    pub fn json_rows(&self) -> FlatJson<'_> {
        FlatJson(self)
    }
}

/// [`Flat::json_rows`].
pub struct FlatJson<'a>(&'a Flat);

impl serde::Serialize for FlatJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Row<'a>(&'a [ColumnInfo], &'a [Value]);
        impl serde::Serialize for Row<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (c, v) in self.0.iter().zip(self.1) {
                    map.serialize_entry(&*c.name, v)?;
                }
                map.end()
            }
        }
        s.collect_seq(self.0.rows.iter().map(|r| Row(&self.0.columns, r)))
    }
}
