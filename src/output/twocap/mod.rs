//! Renderings of the two-capture commands (docs/two-captures.md): `map` ([`map`]), `owd`
//! ([`owd`]), `reinjections` ([`reinjections`]) and `receiver` ([`receiver`]).
//!
//! As for `list` and `stats`, each entity's columns (name, type, unit, getter, table label) are
//! declared once; the JSON objects ([`crate::output::columns::members`], nested arrays of
//! [`crate::output::columns::object`]s), the flat view (CSV and columnar formats) and the
//! tables (in the one style of [`crate::output::export::table`]) are made from them.
//!
//! Times: every time these reports print counts from one zero, `zero_ns` (nanoseconds since
//! the Unix epoch that print as 0: `--time-origin`, resolved by the command on the first
//! capture it names), whichever capture the time was taken in.

mod map;
mod owd;
mod receiver;
mod reinjections;

pub use map::{MptcpMapReport, TcpMapReport};
pub use owd::{OwdPacketsReport, OwdSummaryReport};
pub use receiver::ReceiverStatsReport;
pub use reinjections::ReinjectionsReport;

use crate::output::columns::{Column, Json, Type, Unit};

/// Stream ids joined with `;` (a flat cell).
fn list(v: &[u64]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

/// Stream ids as a JSON array.
fn ids_json(v: &[u64]) -> Json {
    Json::list(v.iter().copied())
}

/// An instant as seconds since `zero_ns`.
fn secs_since(ns: i64, zero_ns: i64) -> f64 {
    ns.saturating_sub(zero_ns) as f64 / 1e9
}

/// `row` seen from a report's time zero: the rows of a report that prints times.
pub struct At<'a, T> {
    pub x: &'a T,
    /// Nanoseconds since the epoch that print as 0.
    pub zero_ns: i64,
}

impl<T> Clone for At<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for At<'_, T> {}

/// A table-only column of seconds shown in milliseconds (`min (ms)`): one-way delays and
/// reinjection delays are a few milliseconds, which seconds with 3 decimals would hide.
#[cfg(feature = "application")]
fn ms_column<'r, R: 'r>(
    label: &'static str,
    get: impl Fn(&R) -> Option<f64> + Send + Sync + 'r,
) -> Column<'r, R> {
    Column::from_fn("ms", Type::Float, Unit::None, move |r| {
        get(r).map(|s| s * 1e3).into()
    })
    .label(label)
}

/// The `direction` column (`to_server` / `to_client`) of an entity.
fn direction<'r, R: 'r>(get: fn(&R) -> crate::analysis::twocap::Direction) -> Column<'r, R> {
    Column::from_fn("direction", Type::Text, Unit::None, move |r| {
        get(r).as_str().into()
    })
}
