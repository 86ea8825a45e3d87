//! `map tcp|mptcp`: each connection of the first capture and its match in the second.

#[cfg(feature = "application")]
use super::{f3, psql};
use crate::analysis::twocap::mapping::{Evidence, SubflowMatch, TcpCandidate};
use crate::analysis::twocap::mapping::{MptcpMatch, TcpMatch};
use crate::output::columns::{Column, Flat, Type, Unit, Value};
#[cfg(feature = "application")]
use crate::output::opt;
use crate::output::Report;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
#[cfg(feature = "application")]
use tabled::builder::Builder;

/// `map` output: one object per connection of the first capture, its candidates shown only
/// when asked (`--all`).
#[derive(Debug)]
pub struct MapReport<M> {
    pub matches: Vec<M>,
    /// Show every candidate, not only the match.
    pub all: bool,
}

/// `map tcp` output.
pub type TcpMapReport = MapReport<TcpMatch>;
/// `map mptcp` output.
pub type MptcpMapReport = MapReport<MptcpMatch>;

/// A match as `map` shows it in JSON: its own fields, then its candidates.
pub trait MapJson {
    /// The fields before `candidates`, in their order.
    fn entries<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error>;
    type Candidate: Serialize;
    /// The candidates (`--all`).
    fn candidates(&self) -> &[Self::Candidate];
}

impl MapJson for TcpMatch {
    type Candidate = TcpCandidate;

    fn entries<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        map.serialize_entry("tcp_stream", &self.tcp_stream)?;
        map.serialize_entry("peer_tcp_stream", &self.peer_tcp_stream)?;
        map.serialize_entry("score", &self.score)?;
        map.serialize_entry("evidence", &self.evidence)
    }

    fn candidates(&self) -> &[Self::Candidate] {
        &self.candidates
    }
}

impl MapJson for MptcpMatch {
    type Candidate = crate::analysis::twocap::mapping::MptcpCandidate;

    fn entries<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        map.serialize_entry("mptcp_stream", &self.mptcp_stream)?;
        map.serialize_entry("peer_mptcp_stream", &self.peer_mptcp_stream)?;
        map.serialize_entry("score", &self.score)?;
        map.serialize_entry("evidence", &self.evidence)?;
        map.serialize_entry("subflows", &self.subflows)
    }

    fn candidates(&self) -> &[Self::Candidate] {
        &self.candidates
    }
}

impl<M: MapJson> Serialize for MapReport<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.matches.len()))?;
        for m in &self.matches {
            seq.serialize_element(&MatchJson(m, self.all))?;
        }
        seq.end()
    }
}

/// One match in JSON, with its candidates when the bool is set.
struct MatchJson<'a, M>(&'a M, bool);

impl<M: MapJson> Serialize for MatchJson<'_, M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        self.0.entries(&mut map)?;
        if self.1 {
            map.serialize_entry("candidates", &self.0.candidates())?;
        }
        map.end()
    }
}

impl Report for TcpMapReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut b = Builder::default();
        b.push_record(["tcp", "peer tcp", "score", "evidence"]);
        for m in &self.matches {
            match (&m.evidence, self.all) {
                (_, true) if !m.candidates.is_empty() => candidate_rows(&mut b, m),
                (Some(e), _) => b.push_record([
                    m.tcp_stream.to_string(),
                    opt(m.peer_tcp_stream),
                    f3(m.score),
                    e.summary(),
                ]),
                (None, _) => b.push_record([
                    m.tcp_stream.to_string(),
                    "-".into(),
                    f3(0.0),
                    "no match".into(),
                ]),
            }
        }
        format!("{}\n", psql(b))
    }

    /// One row per candidate shown (the match only, unless `all`); a connection without any
    /// has one row of empty cells (score 0).
    fn flat(&self) -> Flat {
        let rows = self.matches.iter().flat_map(|m| {
            let shown: Vec<Option<&TcpCandidate>> = m
                .candidates
                .iter()
                .filter(|c| self.all || Some(c.peer_tcp_stream) == m.peer_tcp_stream)
                .take(if self.all { usize::MAX } else { 1 })
                .map(Some)
                .collect();
            let shown = if shown.is_empty() { vec![None] } else { shown };
            shown.into_iter().map(move |c| (m, c))
        });
        Flat::of(&tcp_map_columns(), rows)
    }
}

/// `map tcp --all` in a table: a row per candidate, the connection's id on the first, the
/// candidates that are not the match marked.
#[cfg(feature = "application")]
fn candidate_rows(b: &mut Builder, m: &TcpMatch) {
    for (k, c) in m.candidates.iter().enumerate() {
        let mark = if Some(c.peer_tcp_stream) == m.peer_tcp_stream {
            ""
        } else {
            " (other)"
        };
        b.push_record([
            if k == 0 {
                m.tcp_stream.to_string()
            } else {
                String::new()
            },
            format!("{}{mark}", c.peer_tcp_stream),
            f3(c.score),
            c.evidence.summary(),
        ]);
    }
}

impl Report for MptcpMapReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = String::new();
        for m in &self.matches {
            out.push_str(&format!(
                "MPTCP connection {} -> {} (score {}, {})\n",
                m.mptcp_stream,
                m.peer_mptcp_stream
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| "no match".into()),
                f3(m.score),
                m.evidence.as_deref().unwrap_or("no evidence")
            ));
            if self.all {
                for c in m.candidates.iter().skip(1) {
                    out.push_str(&format!(
                        "  other candidate: {} (score {}, {})\n",
                        c.peer_mptcp_stream,
                        f3(c.score),
                        c.evidence
                    ));
                }
            }
            let mut b = Builder::default();
            b.push_record(["subflow tcp", "peer tcp", "score"]);
            for s in &m.subflows {
                b.push_record([
                    s.tcp_stream.to_string(),
                    s.peer_tcp_stream
                        .map(|x| x.to_string())
                        .unwrap_or_else(|| "-".into()),
                    f3(s.score),
                ]);
            }
            out.push_str(&format!("{}\n\n", psql(b)));
        }
        out
    }

    /// One row per subflow of each connection.
    fn flat(&self) -> Flat {
        let rows = self
            .matches
            .iter()
            .flat_map(|m| m.subflows.iter().map(move |s| (m, s)));
        Flat::of(&mptcp_map_columns(), rows)
    }
}

/// The columns of `map mptcp`.
fn mptcp_map_columns<'a>() -> Vec<Column<'a, (&'a MptcpMatch, &'a SubflowMatch)>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("mptcp_stream", UInt, Id, |(m, _)| m.mptcp_stream.into()),
        Column::new("peer_mptcp_stream", UInt, Id, |(m, _)| {
            m.peer_mptcp_stream.into()
        }),
        Column::new("score", Float, Unit::Score, |(m, _)| m.score.into()),
        Column::new("evidence", Text, Id, |(m, _)| m.evidence.clone().into()),
        Column::new("tcp_stream", UInt, Id, |(_, s)| s.tcp_stream.into()),
        Column::new("peer_tcp_stream", UInt, Id, |(_, s)| {
            s.peer_tcp_stream.into()
        }),
        Column::new("subflow_score", Float, Unit::Score, |(_, s)| s.score.into()),
    ]
}

/// A row of `map tcp`: a connection and one of its candidates (none: empty cells).
type TcpMapRow<'a> = (&'a TcpMatch, Option<&'a TcpCandidate>);

/// A figure of the row's candidate's evidence, if it has a candidate.
fn ev<T: Into<Value>>(r: &TcpMapRow, get: fn(&Evidence) -> T) -> Value {
    r.1.map(|c| get(&c.evidence)).into()
}

/// The columns of `map tcp`.
fn tcp_map_columns<'a>() -> Vec<Column<'a, TcpMapRow<'a>>> {
    use {Type::*, Unit::None as Id, Unit::Score as Sc};
    vec![
        Column::new("tcp_stream", UInt, Id, |r| r.0.tcp_stream.into()),
        Column::new("peer_tcp_stream", UInt, Id, |r| {
            r.1.map(|c| c.peer_tcp_stream).into()
        }),
        Column::new("score", Float, Sc, |r| r.1.map_or(0.0, |c| c.score).into()),
        Column::new("accepted", Bool, Id, |r| {
            r.1.map(|c| Some(c.peer_tcp_stream) == r.0.peer_tcp_stream)
                .into()
        }),
        Column::new("segments_common", UInt, Unit::Packets, |r| {
            ev(r, |e| e.segments_common)
        }),
        Column::new("segments_fraction", Float, Sc, |r| {
            ev(r, |e| e.segments_fraction)
        }),
        Column::new("isn", Text, Id, |r| ev(r, |e| e.isn)),
        Column::new("same_4tuple", Bool, Id, |r| ev(r, |e| e.same_4tuple)),
        Column::new("ts_fraction", Float, Sc, |r| ev(r, |e| e.ts_fraction)),
        Column::new("profile", Float, Sc, |r| ev(r, |e| e.profile)),
    ]
}
