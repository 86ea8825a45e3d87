//! `map tcp|mptcp`: each connection of the first capture and its match in the second.

use crate::analysis::twocap::mapping::{Evidence, MptcpCandidate, SubflowMatch, TcpCandidate};
use crate::analysis::twocap::mapping::{MptcpMatch, TcpMatch};
use crate::output::columns::{members, object, Column, Flat, Json, Type, Unit, Value};
use crate::output::Report;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

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

/// The columns of the evidence for a TCP candidate.
fn evidence_columns() -> Vec<Column<'static, Evidence>> {
    use {Type::*, Unit::None as Id, Unit::Score as Sc};
    type E = Evidence;
    vec![
        Column::new("segments_common", UInt, Unit::Packets, |e: &E| {
            e.segments_common.into()
        }),
        Column::new("segments_fraction", Float, Sc, |e: &E| {
            e.segments_fraction.into()
        }),
        Column::new("isn", Text, Id, |e: &E| e.isn.into()),
        Column::new("same_4tuple", Bool, Id, |e: &E| e.same_4tuple.into()),
        Column::new("ts_fraction", Float, Sc, |e: &E| e.ts_fraction.into()),
        Column::new("profile", Float, Sc, |e: &E| e.profile.into()),
    ]
}

/// Evidence as a JSON object (null when absent).
fn evidence_json(e: Option<&Evidence>) -> Json {
    e.map_or(Json::Value(Value::Null), |e| {
        Json::object(&evidence_columns(), e)
    })
}

/// The columns of a TCP connection's match (its JSON members before `candidates`).
fn tcp_match_columns() -> Vec<Column<'static, TcpMatch>> {
    use {Type::*, Unit::None as Id};
    type M = TcpMatch;
    vec![
        Column::new("tcp_stream", UInt, Id, |m: &M| m.tcp_stream.into()).label("tcp stream"),
        Column::new("peer_tcp_stream", UInt, Id, |m: &M| {
            m.peer_tcp_stream.into()
        })
        .label("peer tcp stream"),
        Column::new("score", Float, Unit::Score, |m: &M| m.score.into()),
        Column::new("evidence", Text, Id, |m: &M| {
            m.evidence.as_ref().map(Evidence::summary).into()
        })
        .json_as(|m| evidence_json(m.evidence.as_ref())),
    ]
}

/// The columns of a TCP candidate.
fn tcp_candidate_columns() -> Vec<Column<'static, TcpCandidate>> {
    use {Type::*, Unit::None as Id};
    type C = TcpCandidate;
    vec![
        Column::new("peer_tcp_stream", UInt, Id, |c: &C| {
            c.peer_tcp_stream.into()
        })
        .label("peer tcp stream"),
        Column::new("score", Float, Unit::Score, |c: &C| c.score.into()),
        Column::new("evidence", Text, Id, |c: &C| c.evidence.summary().into())
            .json_as(|c| evidence_json(Some(&c.evidence))),
    ]
}

/// The columns of an MPTCP connection's match (its JSON members before `candidates`).
fn mptcp_match_columns() -> Vec<Column<'static, MptcpMatch>> {
    use {Type::*, Unit::None as Id};
    type M = MptcpMatch;
    vec![
        Column::new("mptcp_stream", UInt, Id, |m: &M| m.mptcp_stream.into()),
        Column::new("peer_mptcp_stream", UInt, Id, |m: &M| {
            m.peer_mptcp_stream.into()
        }),
        Column::new("score", Float, Unit::Score, |m: &M| m.score.into()),
        Column::new("evidence", Text, Id, |m: &M| m.evidence.clone().into()),
        Column::new("subflows", Text, Id, |_: &M| Value::Null)
            .json_as(|m| Json::objects(&subflow_columns(), &m.subflows))
            .json_only(),
    ]
}

/// The columns of a subflow's match.
fn subflow_columns() -> Vec<Column<'static, SubflowMatch>> {
    use {Type::*, Unit::None as Id};
    type S = SubflowMatch;
    vec![
        Column::new("tcp_stream", UInt, Id, |s: &S| s.tcp_stream.into()).label("subflow"),
        Column::new("peer_tcp_stream", UInt, Id, |s: &S| {
            s.peer_tcp_stream.into()
        })
        .label("peer subflow"),
        Column::new("score", Float, Unit::Score, |s: &S| s.score.into()),
    ]
}

/// The columns of an MPTCP candidate.
fn mptcp_candidate_columns() -> Vec<Column<'static, MptcpCandidate>> {
    use {Type::*, Unit::None as Id};
    type C = MptcpCandidate;
    vec![
        Column::new("peer_mptcp_stream", UInt, Id, |c: &C| {
            c.peer_mptcp_stream.into()
        }),
        Column::new("score", Float, Unit::Score, |c: &C| c.score.into()),
        Column::new("evidence", Text, Id, |c: &C| c.evidence.clone().into()),
    ]
}

/// A match as `map` writes it in JSON: its columns, then (`--all`) its candidates'.
pub trait MapJson: Sized {
    type Candidate;
    fn columns() -> Vec<Column<'static, Self>>;
    fn candidate_columns() -> Vec<Column<'static, Self::Candidate>>;
    fn candidates(&self) -> &[Self::Candidate];
}

impl MapJson for TcpMatch {
    type Candidate = TcpCandidate;
    fn columns() -> Vec<Column<'static, Self>> {
        tcp_match_columns()
    }
    fn candidate_columns() -> Vec<Column<'static, TcpCandidate>> {
        tcp_candidate_columns()
    }
    fn candidates(&self) -> &[TcpCandidate] {
        &self.candidates
    }
}

impl MapJson for MptcpMatch {
    type Candidate = MptcpCandidate;
    fn columns() -> Vec<Column<'static, Self>> {
        mptcp_match_columns()
    }
    fn candidate_columns() -> Vec<Column<'static, MptcpCandidate>> {
        mptcp_candidate_columns()
    }
    fn candidates(&self) -> &[MptcpCandidate] {
        &self.candidates
    }
}

impl<M: MapJson> Serialize for MapReport<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// One match in JSON, with its candidates when asked.
        struct MatchJson<'a, M: MapJson> {
            m: &'a M,
            cols: &'a [Column<'static, M>],
            cand: Option<&'a [Column<'static, M::Candidate>]>,
        }
        impl<M: MapJson> Serialize for MatchJson<'_, M> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                members(&mut map, self.cols, self.m)?;
                if let Some(cc) = self.cand {
                    let v: Vec<_> = self.m.candidates().iter().map(|c| object(cc, c)).collect();
                    map.serialize_entry("candidates", &v)?;
                }
                map.end()
            }
        }
        let (cols, cand) = (M::columns(), M::candidate_columns());
        let mut seq = s.serialize_seq(Some(self.matches.len()))?;
        for m in &self.matches {
            seq.serialize_element(&MatchJson {
                m,
                cols: &cols,
                cand: self.all.then_some(&cand[..]),
            })?;
        }
        seq.end()
    }
}

/// A row of `map tcp`: a connection and one of its candidates (none: empty cells).
type TcpMapRow<'a> = (&'a TcpMatch, Option<&'a TcpCandidate>);

/// The flat columns of `map tcp`: the connection's id, then its candidate's (score 0 without
/// a candidate) and whether it is the match.
fn tcp_map_columns<'a>() -> Vec<Column<'a, TcpMapRow<'a>>> {
    use {Type::*, Unit::None as Id};
    let mut it = tcp_match_columns().into_iter();
    let mut cols = vec![it.next().expect("tcp_stream").lift(|r: &TcpMapRow<'a>| r.0)];
    let mut cand = tcp_candidate_columns().into_iter();
    cols.push(
        cand.next()
            .expect("peer_tcp_stream")
            .lift_opt(|r: &TcpMapRow<'a>| r.1),
    );
    cols.push(Column::new("score", Float, Unit::Score, |r: &TcpMapRow| {
        r.1.map_or(0.0, |c| c.score).into()
    }));
    cols.push(Column::new("accepted", Bool, Id, |r: &TcpMapRow| {
        r.1.map(|c| Some(c.peer_tcp_stream) == r.0.peer_tcp_stream)
            .into()
    }));
    cols.extend(
        evidence_columns()
            .into_iter()
            .map(|c| c.lift_opt(|r: &TcpMapRow<'a>| r.1.map(|c| &c.evidence))),
    );
    cols
}

impl TcpMapReport {
    /// The rows shown: per connection, its match (every candidate with `--all`); a
    /// connection without any candidate has one row of empty cells.
    fn rows(&self) -> impl Iterator<Item = TcpMapRow<'_>> {
        self.matches.iter().flat_map(|m| {
            let shown: Vec<Option<&TcpCandidate>> = m
                .candidates
                .iter()
                .filter(|c| self.all || Some(c.peer_tcp_stream) == m.peer_tcp_stream)
                .take(if self.all { usize::MAX } else { 1 })
                .map(Some)
                .collect();
            let shown = if shown.is_empty() { vec![None] } else { shown };
            shown.into_iter().map(move |c| (m, c))
        })
    }
}

impl Report for TcpMapReport {
    /// The connection, its candidate (`other` when it is not the match) and the evidence
    /// in words.
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        use {Type::*, Unit::None as Id};
        let mut cols = tcp_map_columns();
        cols.truncate(3);
        cols.push(Column::new("match", Text, Id, |r: &TcpMapRow| match r.1 {
            None => "no match".into(),
            Some(c) if Some(c.peer_tcp_stream) == r.0.peer_tcp_stream => "yes".into(),
            Some(_) => "other candidate".into(),
        }));
        cols.push(Column::new("evidence", Text, Id, |r: &TcpMapRow| {
            r.1.map(|c| c.evidence.summary()).into()
        }));
        crate::output::export::table::render(&Flat::of(&cols, self.rows()))
    }

    /// One row per candidate shown (the match only, unless `all`); a connection without any
    /// has one row of empty cells (score 0).
    fn flat(&self) -> Flat {
        Flat::of(&tcp_map_columns(), self.rows())
    }
}

/// A row of `map mptcp`: a connection and one of its subflows.
type MptcpMapRow<'a> = (&'a MptcpMatch, &'a SubflowMatch);

/// The flat columns of `map mptcp`: the connection's, then its subflow's (`subflow_score`).
fn mptcp_map_columns<'a>() -> Vec<Column<'a, MptcpMapRow<'a>>> {
    let mut cols: Vec<Column<MptcpMapRow>> = mptcp_match_columns()
        .into_iter()
        .map(|c| c.lift(|r: &MptcpMapRow<'a>| r.0))
        .collect();
    cols.extend(subflow_columns().into_iter().map(|c| {
        let c = c.lift(|r: &MptcpMapRow<'a>| r.1);
        if c.info.name == "score" {
            c.renamed("subflow_score")
        } else {
            c
        }
    }));
    cols
}

impl Report for MptcpMapReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = String::new();
        for m in &self.matches {
            out.push_str(&format!(
                "MPTCP connection {} -> {} (score {:.3}, {})\n",
                m.mptcp_stream,
                m.peer_mptcp_stream
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| "no match".into()),
                m.score,
                m.evidence.as_deref().unwrap_or("no evidence")
            ));
            if self.all {
                for c in m.candidates.iter().skip(1) {
                    out.push_str(&format!(
                        "  other candidate: {} (score {:.3}, {})\n",
                        c.peer_mptcp_stream, c.score, c.evidence
                    ));
                }
            }
            out.push_str(&crate::output::export::table::render_indented(
                &Flat::of(&subflow_columns(), &m.subflows),
                2,
            ));
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
