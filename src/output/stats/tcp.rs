//! The `stats tcp` report: its JSON, table and CSV renderings.

use super::*;

/// `stats tcp` output: an array of connections (of one when an id is given).
#[derive(Debug)]
pub struct TcpStatsReport {
    pub stats: Vec<TcpStats>,
    /// (towards the server, towards the client): the directions in the table and CSV.
    pub dirs: (bool, bool),
}

/// The columns of the JSON of `stats tcp`, declared once per report (not once per connection).
pub(super) struct TcpJsonColumns {
    pub(super) conn: Vec<Column<'static, TcpStats>>,
    pub(super) dir: Vec<Column<'static, TcpDirection>>,
}

/// JSON of one TCP connection (by value or by reference): its facts, then both directions.
pub(super) struct TcpStatsJson<'c, B>(pub(super) &'c TcpJsonColumns, pub(super) B);

impl<B: std::borrow::Borrow<TcpStats>> Serialize for TcpStatsJson<'_, B> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (cols, c) = (self.0, self.1.borrow());
        let mut map = s.serialize_map(None)?;
        members(&mut map, &cols.conn, c)?;
        map.serialize_entry("to_server", &object(&cols.dir, &c.to_server))?;
        map.serialize_entry("to_client", &object(&cols.dir, &c.to_client))?;
        map.end()
    }
}

impl Serialize for TcpStatsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cols = TcpJsonColumns {
            conn: tcp_stats_columns(),
            dir: tcp_direction_columns(),
        };
        s.collect_seq(self.stats.iter().map(|c| TcpStatsJson(&cols, c)))
    }
}

/// A direction's name in a table row ("server": towards the server).
#[cfg(feature = "application")]
pub(super) type Dir<'a, T> = (&'static str, &'a T);

/// Lift a direction's column onto a (name, direction) row.
#[cfg(feature = "application")]
pub(super) fn dir_cols<'a, T: 'a>(cols: Vec<Column<'static, T>>) -> Vec<Column<'a, Dir<'a, T>>> {
    let mut v: Vec<Column<'a, Dir<'a, T>>> =
        vec![
            Column::new("direction", Type::Text, Unit::None, |r: &Dir<T>| r.0.into())
                .label("towards"),
        ];
    v.extend(cols.into_iter().map(|c| c.lift(|r: &Dir<'a, T>| r.1)));
    v
}

/// The directions of `s` asked for (`dirs`: towards the server, towards the client).
#[cfg(feature = "application")]
pub(super) fn shown(s: &TcpStats, dirs: (bool, bool)) -> Vec<Dir<'_, TcpDirection>> {
    let mut v = Vec::new();
    if dirs.0 {
        v.push(("server", &s.to_server));
    }
    if dirs.1 {
        v.push(("client", &s.to_client));
    }
    v
}

/// The table of one TCP connection.
#[cfg(feature = "application")]
pub(super) fn tcp_table(s: &TcpStats, dirs: (bool, bool), out: &mut String) {
    use crate::output::export::table::render_transposed;
    out.push_str(&format!(
        "TCP connection {}: {} -> {}{}\n",
        s.tcp_stream,
        s.client,
        s.server,
        s.mptcp_stream
            .map(|m| format!(" (subflow of MPTCP {m})"))
            .unwrap_or_default()
    ));
    let cols = pick(
        dir_cols(tcp_direction_columns()),
        &[
            "direction",
            "packets",
            "payload_bytes",
            "unique_bytes",
            "retransmitted_packets",
            "retransmitted_bytes",
            "duration_s",
            "throughput_bit_s",
        ],
    );
    out.push_str(&render_transposed(
        &Flat::of(&cols, shown(s, dirs)),
        "direction",
        0,
    ));
}

impl Report for TcpStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = String::new();
        for s in &self.stats {
            tcp_table(s, self.dirs, &mut out);
        }
        out
    }

    /// One row per (connection, direction asked for).
    fn flat(&self) -> Flat {
        tcp_flat(&self.stats, self.dirs)
    }
}

/// The CSV rows of `stats tcp` of `stats`: one per (connection, direction asked for).
pub(super) fn tcp_flat<'a>(
    stats: impl IntoIterator<Item = &'a TcpStats>,
    dirs: (bool, bool),
) -> Flat {
    let rows = stats.into_iter().flat_map(|s| {
        [
            ("to_server", &s.to_server, dirs.0),
            ("to_client", &s.to_client, dirs.1),
        ]
        .into_iter()
        .filter(|(_, _, on)| *on)
        .map(move |(name, d, _)| (s, name, d))
    });
    Flat::of(&tcp_columns(), rows)
}

/// A row of `stats tcp`: a connection, the direction's name and its figures.
pub(super) type TcpRow<'a> = (&'a TcpStats, &'static str, &'a TcpDirection);

/// The CSV columns of `stats tcp` (docs/statistics.md).
pub(super) fn tcp_columns<'a>() -> Vec<Column<'a, TcpRow<'a>>> {
    let mut v: Vec<Column<'a, TcpRow<'a>>> = pick(tcp_stats_columns(), &["tcp_stream"])
        .into_iter()
        .map(|c| c.lift(|r: &TcpRow<'a>| r.0))
        .collect();
    v.push(
        Column::new("direction", Type::Text, Unit::None, |r: &TcpRow| r.1.into())
            .about("to_server or to_client"),
    );
    v.extend(
        tcp_direction_columns()
            .into_iter()
            .map(|c| c.lift(|r: &TcpRow<'a>| r.2)),
    );
    v
}
