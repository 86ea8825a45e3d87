//! Renderings of the two-capture commands (docs/two-captures.md): `map` ([`map`]), `owd`
//! ([`owd`]), `reinjections` ([`reinjections`]) and `receiver` ([`receiver`]).

mod map;
mod owd;
mod receiver;
mod reinjections;

pub use map::{MptcpMapReport, TcpMapReport};
pub use owd::{OwdPacketsReport, OwdSummaryReport};
pub use receiver::ReceiverStatsReport;
pub use reinjections::ReinjectionsReport;

#[cfg(feature = "application")]
fn ms(v: Option<f64>) -> String {
    v.map(|x| format!("{:.3}", x * 1e3)).unwrap_or_default()
}

#[cfg(feature = "application")]
fn f3(x: f64) -> String {
    format!("{x:.3}")
}

/// Stream ids joined with `;`.
fn list(v: &[u64]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(feature = "application")]
fn psql(b: tabled::builder::Builder) -> tabled::Table {
    let mut t = b.build();
    t.with(tabled::settings::Style::psql());
    t
}
