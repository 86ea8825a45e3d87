//! Renderings of `stats tcp` and `stats mptcp`. Each entity (a TCP direction, an MPTCP
//! direction, a subflow's part of it, a subflow, an event) declares its columns once; JSON
//! objects, the CSV rows and the tables are all made from those declarations.

use super::columns::{members, object, pick, Column, Flat, Type, Unit};
use super::Report;
use crate::analysis::stats::{
    Event, MptcpDirection, MptcpStats, SubflowDirection, SubflowInfo, TcpDirection, TcpStats,
};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// The columns of one direction of a TCP connection or subflow (docs/statistics.md).
pub fn tcp_direction_columns() -> Vec<Column<'static, TcpDirection>> {
    use {Type::*, Unit::*};
    vec![
        Column::new("packets", UInt, Packets, |d: &TcpDirection| {
            d.packets.into()
        })
        .about("packets sent in this direction, with or without payload"),
        Column::new("payload_bytes", UInt, Bytes, |d: &TcpDirection| {
            d.payload_bytes.into()
        })
        .about("sum of the TCP payload lengths, retransmissions included"),
        Column::new("unique_bytes", UInt, Bytes, |d: &TcpDirection| {
            d.unique_bytes.into()
        })
        .about("size of the union of the sequence ranges sent (retransmissions counted once)"),
        Column::new(
            "retransmitted_packets",
            UInt,
            Packets,
            |d: &TcpDirection| d.retransmitted_packets.into(),
        )
        .about("payload packets with a byte already sent")
        .label("retransmitted packets"),
        Column::new("retransmitted_bytes", UInt, Bytes, |d: &TcpDirection| {
            d.retransmitted_bytes.into()
        })
        .about("their bytes already sent (payload_bytes - unique_bytes)"),
        Column::new("first_s", Float, Seconds, |d: &TcpDirection| {
            d.first_s.into()
        })
        .about("first packet in this direction, from --time-origin"),
        Column::new("last_s", Float, Seconds, |d: &TcpDirection| d.last_s.into())
            .about("last packet in this direction, from --time-origin"),
        Column::new("duration_s", Float, Seconds, |d: &TcpDirection| {
            d.duration_s.into()
        })
        .about("last_s - first_s"),
        Column::new(
            "throughput_bit_s",
            Float,
            BitsPerSecond,
            |d: &TcpDirection| d.throughput_bit_s.into(),
        )
        .about("8 * payload_bytes / duration_s (0 when the duration is 0)"),
    ]
}

/// The columns of a TCP connection's own facts (`stats tcp`).
fn tcp_stats_columns() -> Vec<Column<'static, TcpStats>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("tcp_stream", UInt, Id, |s: &TcpStats| s.tcp_stream.into())
            .about("Wireshark's tcp.stream"),
        Column::new("client", Text, Id, |s: &TcpStats| {
            s.client.to_string().into()
        })
        .about("client address:port"),
        Column::new("server", Text, Id, |s: &TcpStats| {
            s.server.to_string().into()
        })
        .about("server address:port"),
        Column::new("mptcp_stream", UInt, Id, |s: &TcpStats| {
            s.mptcp_stream.into()
        })
        .about("the MPTCP connection this is a subflow of (empty: none)"),
    ]
}

/// The columns of one direction of an MPTCP connection, its subflows aside.
pub fn mptcp_direction_columns() -> Vec<Column<'static, MptcpDirection>> {
    use {Type::*, Unit::*};
    type D = MptcpDirection;
    vec![
        Column::new("data_bytes", UInt, Bytes, |d: &D| d.data_bytes.into())
            .about("data-sequence range sent: highest dsn + payload_len minus lowest dsn")
            .label("data"),
        Column::new("payload_bytes", UInt, Bytes, |d: &D| d.payload_bytes.into())
            .about("TCP payload bytes over every subflow"),
        Column::new("packets", UInt, Packets, |d: &D| d.packets.into())
            .about("packets over every subflow"),
        Column::new("first_s", Float, Seconds, |d: &D| d.first_s.into())
            .about("first packet of the connection in this direction, from --time-origin"),
        Column::new("last_s", Float, Seconds, |d: &D| d.last_s.into())
            .about("last packet of the connection in this direction, from --time-origin"),
        Column::new("duration_s", Float, Seconds, |d: &D| d.duration_s.into())
            .about("last_s - first_s"),
        Column::new("goodput_bit_s", Float, BitsPerSecond, |d: &D| {
            d.goodput_bit_s.into()
        })
        .about("8 * data_bytes / duration_s"),
        Column::new("throughput_bit_s", Float, BitsPerSecond, |d: &D| {
            d.throughput_bit_s.into()
        })
        .about("8 * payload_bytes / duration_s"),
        Column::new("out_of_order", UInt, Packets, |d: &D| d.out_of_order.into())
            .about("payload packets whose DSN is beyond the next expected DSN (a data-level hole)")
            .label("out of order packets"),
        Column::new("duplicate_data_acks", UInt, Packets, |d: &D| {
            d.duplicate_data_acks.into()
        })
        .about("packets without payload repeating the previous data ACK of their host")
        .label("duplicate data ACKs"),
        Column::new("reinjections_packets", UInt, Packets, |d: &D| {
            d.reinjections_packets.into()
        })
        .about("payload packets some of whose data was sent earlier on another subflow")
        .label("reinjected packets"),
        Column::new("reinjections_bytes", UInt, Bytes, |d: &D| {
            d.reinjections_bytes.into()
        })
        .about("their data-level bytes sent earlier on another subflow, each counted once")
        .label("reinjected"),
        Column::new("data_retransmitted_bytes", UInt, Bytes, |d: &D| {
            d.data_retransmitted_bytes.into()
        })
        .about("bytes new on their subflow whose DSN the connection had already sent")
        .label("data resent"),
        Column::new("data_fin", Bool, None, |d: &D| d.data_fin.into())
            .about("a DATA_FIN was sent in this direction")
            .label("DATA_FIN"),
    ]
}

/// The columns of one subflow's part of a direction, its TCP figures aside.
pub fn subflow_direction_columns() -> Vec<Column<'static, SubflowDirection>> {
    use {Type::*, Unit::*};
    type F = SubflowDirection;
    vec![
        Column::new("tcp_stream", UInt, None, |f: &F| f.tcp_stream.into())
            .about("the subflow's tcp.stream")
            .label("subflow"),
        Column::new("packets", UInt, Packets, |f: &F| f.packets.into())
            .about("packets of this subflow in this direction"),
        Column::new("payload_bytes", UInt, Bytes, |f: &F| f.payload_bytes.into())
            .about("TCP payload bytes of this subflow in this direction"),
        Column::new("share", Float, Ratio, |f: &F| f.share.into())
            .about("payload_bytes / the connection's payload_bytes in this direction (0..1)")
            .label("payload share"),
        Column::new("exclusive_bytes", UInt, Bytes, |f: &F| {
            f.exclusive_bytes.into()
        })
        .about("bytes of the subflow's DSN ranges that no other subflow carried")
        .label("data only here"),
        Column::new("data_bytes", UInt, Bytes, |f: &F| f.data_bytes.into())
            .about("size of the union of the DSN ranges this subflow carried")
            .label("data"),
        Column::new("reinjections_packets", UInt, Packets, |f: &F| {
            f.reinjections_packets.into()
        })
        .about("reinjections sent on this subflow")
        .label("reinjections sent"),
        Column::new("reinjections_bytes", UInt, Bytes, |f: &F| {
            f.reinjections_bytes.into()
        })
        .about("their data-level bytes sent earlier on another subflow")
        .label("reinjected here"),
        Column::new("reinjected_elsewhere_packets", UInt, Packets, |f: &F| {
            f.reinjected_elsewhere_packets.into()
        })
        .about("frames of this subflow whose data was later sent again on another subflow")
        .label("packets resent elsewhere"),
        Column::new("reinjected_elsewhere_bytes", UInt, Bytes, |f: &F| {
            f.reinjected_elsewhere_bytes.into()
        })
        .about("those bytes, each byte of each frame counted once")
        .label("resent elsewhere"),
        Column::new("data_retransmitted_bytes", UInt, Bytes, |f: &F| {
            f.data_retransmitted_bytes.into()
        })
        .about("bytes new on this subflow whose DSN the connection had already sent")
        .label("data resent"),
    ]
}

/// The columns of a subflow's facts that do not depend on the direction.
pub fn subflow_columns() -> Vec<Column<'static, SubflowInfo>> {
    use {Type::*, Unit::None as Id};
    type S = SubflowInfo;
    vec![
        Column::new("tcp_stream", UInt, Id, |f: &S| f.tcp_stream.into())
            .about("the subflow's tcp.stream")
            .label("subflow"),
        Column::new("client", Text, Id, |f: &S| f.client.to_string().into())
            .about("the subflow's TCP client address:port"),
        Column::new("server", Text, Id, |f: &S| f.server.to_string().into())
            .about("the subflow's TCP server address:port"),
        Column::new("master", Bool, Id, |f: &S| f.master.into())
            .about("the initial subflow (MP_CAPABLE) rather than an MP_JOIN")
            .label("initial"),
        Column::new("client_addr_id", UInt, Id, |f: &S| f.client_addr_id.into())
            .about("address id of the MP_JOIN SYN (0 on the initial subflow)")
            .label("client address id"),
        Column::new("server_addr_id", UInt, Id, |f: &S| f.server_addr_id.into())
            .about("address id of the MP_JOIN SYN/ACK (0 on the initial subflow)")
            .label("server address id"),
        Column::new("backup", Bool, Id, |f: &S| f.backup.into())
            .about("MP_JOIN backup bit, or the last MP_PRIO"),
        Column::new("lifetime_s", Float, Unit::Seconds, |f: &S| {
            f.lifetime_s.into()
        })
        .about("last packet minus first packet of the subflow"),
        Column::new("start_s", Float, Unit::Seconds, |f: &S| f.start_s.into())
            .about("first packet of the subflow, from --time-origin"),
    ]
    .into_iter()
    .chain(
        super::list::subflow_end_columns()
            .into_iter()
            .map(|c| c.lift(|f: &S| &f.end)),
    )
    .collect()
}

/// The columns of an event (`{time_s, frame, tcp_stream, from, kind, detail}`).
pub fn event_columns() -> Vec<Column<'static, Event>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("time_s", Float, Unit::Seconds, |e: &Event| e.time_s.into())
.about("when, from --time-origin").label("time"),
        Column::new("frame", UInt, Id, |e: &Event| e.frame.into())
.about("the packet's frame"),
        Column::new("tcp_stream", UInt, Id, |e: &Event| e.tcp_stream.into())
.about("the subflow it was seen on").label("subflow"),
        Column::new("from", Text, Id, |e: &Event| side(e.from).into())
.about("the MPTCP host that sent it: client or server"),
        Column::new("kind", Text, Id, |e: &Event| {
            super::events::kind(&e.what).into()
        })
.about("ADD_ADDR, REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST, DATA_FIN, FALLBACK, ...")
        .label("event"),
        Column::new("detail", Text, Id, |e: &Event| {
            super::events::detail(&e.what).into()
        })
.about("its content in words (address id and address, reason, ...)"),
    ]
}

fn side(s: crate::model::Side) -> &'static str {
    match s {
        crate::model::Side::Client => "client",
        crate::model::Side::Server => "server",
    }
}

/// The columns of an MPTCP connection's own facts.
fn mptcp_stats_columns() -> Vec<Column<'static, MptcpStats>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("mptcp_stream", UInt, Id, |s: &MptcpStats| {
            s.mptcp_stream.into()
        })
        .about("Wireshark's mptcp.stream"),
        Column::new("version", UInt, Id, |s: &MptcpStats| s.version.into())
            .about("MPTCP version (0 or 1)"),
        Column::new("fallback", Bool, Id, |s: &MptcpStats| s.fallback.into())
            .about("the connection fell back to TCP"),
    ]
}

/// The per-connection summary of `stats mptcp` (the table without an id).
pub fn mptcp_summary_columns() -> Vec<Column<'static, MptcpStats>> {
    use {Type::*, Unit::*};
    type S = MptcpStats;
    vec![
        Column::new("mptcp_stream", UInt, None, |s: &S| s.mptcp_stream.into())
            .label("mptcp stream"),
        Column::new("subflows", UInt, None, |s: &S| s.subflows.len().into()),
        Column::new("data_to_server_bytes", UInt, Bytes, |s: &S| {
            s.to_server.as_ref().map(|d| d.data_bytes).into()
        })
        .label("data to server"),
        Column::new("data_to_client_bytes", UInt, Bytes, |s: &S| {
            s.to_client.as_ref().map(|d| d.data_bytes).into()
        })
        .label("data to client"),
        Column::new("duration_s", Float, Seconds, |s: &S| duration(s).into()),
        Column::new("reinjections_packets", UInt, Packets, |s: &S| {
            dirs(s).map(|d| d.reinjections_packets).sum::<u64>().into()
        })
        .label("reinjected packets"),
        Column::new("events", UInt, None, |s: &S| s.events.len().into()),
    ]
}

/// The directions present (`--dest` may leave one out).
fn dirs(s: &MptcpStats) -> impl Iterator<Item = &MptcpDirection> {
    s.to_server.iter().chain(s.to_client.iter())
}

/// From the first to the last packet of the connection in the directions shown, seconds.
fn duration(s: &MptcpStats) -> Option<f64> {
    let first = dirs(s).filter_map(|d| d.first_s).reduce(f64::min)?;
    let last = dirs(s).filter_map(|d| d.last_s).reduce(f64::max)?;
    Some(last - first)
}

/// `stats tcp` output: an array of connections (of one when an id is given).
#[derive(Debug)]
pub struct TcpStatsReport {
    pub stats: Vec<TcpStats>,
    /// (towards the server, towards the client): the directions in the table and CSV.
    pub dirs: (bool, bool),
}

/// JSON of one TCP connection: its facts, then both directions.
struct TcpStatsJson<'a>(&'a TcpStats);

impl Serialize for TcpStatsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = tcp_direction_columns();
        let mut map = s.serialize_map(None)?;
        members(&mut map, &tcp_stats_columns(), self.0)?;
        map.serialize_entry("to_server", &object(&d, &self.0.to_server))?;
        map.serialize_entry("to_client", &object(&d, &self.0.to_client))?;
        map.end()
    }
}

impl Serialize for TcpStatsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.stats.iter().map(TcpStatsJson))
    }
}

/// A direction's name in a table row ("server": towards the server).
#[cfg(feature = "application")]
type Dir<'a, T> = (&'static str, &'a T);

/// Lift a direction's column onto a (name, direction) row.
#[cfg(feature = "application")]
fn dir_cols<'a, T: 'a>(cols: Vec<Column<'static, T>>) -> Vec<Column<'a, Dir<'a, T>>> {
    let mut v: Vec<Column<'a, Dir<'a, T>>> =
        vec![
            Column::new("direction", Type::Text, Unit::None, |r: &Dir<T>| r.0.into())
                .label("towards"),
        ];
    v.extend(cols.into_iter().map(|c| c.lift(|r: &Dir<'a, T>| r.1)));
    v
}

#[cfg(feature = "application")]
impl TcpStatsReport {
    fn shown<'a>(&self, s: &'a TcpStats) -> Vec<Dir<'a, TcpDirection>> {
        let mut v = Vec::new();
        if self.dirs.0 {
            v.push(("server", &s.to_server));
        }
        if self.dirs.1 {
            v.push(("client", &s.to_client));
        }
        v
    }
}

impl Report for TcpStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        use super::export::table::render_transposed;
        let mut out = String::new();
        for s in &self.stats {
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
                &Flat::of(&cols, self.shown(s)),
                "direction",
                0,
            ));
        }
        out
    }

    /// One row per (connection, direction asked for).
    fn flat(&self) -> Flat {
        let rows = self.stats.iter().flat_map(|s| {
            [
                ("to_server", &s.to_server, self.dirs.0),
                ("to_client", &s.to_client, self.dirs.1),
            ]
            .into_iter()
            .filter(|(_, _, on)| *on)
            .map(move |(name, d, _)| (s, name, d))
        });
        Flat::of(&tcp_columns(), rows)
    }
}

/// A row of `stats tcp`: a connection, the direction's name and its figures.
type TcpRow<'a> = (&'a TcpStats, &'static str, &'a TcpDirection);

/// The CSV columns of `stats tcp` (docs/statistics.md).
fn tcp_columns<'a>() -> Vec<Column<'a, TcpRow<'a>>> {
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

/// `stats mptcp` output: an array of connections (of one when an id is given).
#[derive(Debug)]
pub struct MptcpStatsReport {
    pub stats: Vec<MptcpStats>,
    /// Tables: every figure of each connection (an id was given, or `--detail`), else one
    /// summary row per connection.
    pub detail: bool,
}

struct MptcpDirectionJson<'a>(&'a MptcpDirection);

impl Serialize for MptcpDirectionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let (fcols, tcols) = (subflow_direction_columns(), tcp_direction_columns());
        let mut map = s.serialize_map(None)?;
        members(&mut map, &mptcp_direction_columns(), d)?;
        struct Sub<'c, 'a>(
            &'c [Column<'static, SubflowDirection>],
            &'c [Column<'static, TcpDirection>],
            &'a SubflowDirection,
        );
        impl Serialize for Sub<'_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                members(&mut map, self.0, self.2)?;
                map.serialize_entry("tcp", &self.2.tcp.as_ref().map(|t| object(self.1, t)))?;
                map.end()
            }
        }
        let subs: Vec<Sub> = d.subflows.iter().map(|f| Sub(&fcols, &tcols, f)).collect();
        map.serialize_entry("subflows", &subs)?;
        map.end()
    }
}

struct MptcpStatsJson<'a>(&'a MptcpStats);

impl Serialize for MptcpStatsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let (scols, ecols) = (subflow_columns(), event_columns());
        let mut map = s.serialize_map(None)?;
        members(&mut map, &mptcp_stats_columns(), c)?;
        if let Some(d) = &c.to_server {
            map.serialize_entry("to_server", &MptcpDirectionJson(d))?;
        }
        if let Some(d) = &c.to_client {
            map.serialize_entry("to_client", &MptcpDirectionJson(d))?;
        }
        let subs: Vec<_> = c.subflows.iter().map(|f| object(&scols, f)).collect();
        map.serialize_entry("subflows", &subs)?;
        let events: Vec<_> = c.events.iter().map(|e| object(&ecols, e)).collect();
        map.serialize_entry("events", &events)?;
        map.end()
    }
}

impl Serialize for MptcpStatsReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.stats.iter().map(MptcpStatsJson))
    }
}

#[cfg(feature = "application")]
impl MptcpStatsReport {
    fn detail_table(s: &MptcpStats, out: &mut String) {
        use super::export::table::{render_indented, render_transposed};
        out.push_str(&format!(
            "MPTCP connection {} (v{}){}\n",
            s.mptcp_stream,
            s.version.map_or("?".to_string(), |v| v.to_string()),
            if s.fallback { ", fell back to TCP" } else { "" }
        ));
        let shown: Vec<Dir<MptcpDirection>> = [("server", &s.to_server), ("client", &s.to_client)]
            .into_iter()
            .filter_map(|(n, d)| d.as_ref().map(|d| (n, d)))
            .collect();
        let cols = pick(
            dir_cols(mptcp_direction_columns()),
            &[
                "direction",
                "data_bytes",
                "duration_s",
                "goodput_bit_s",
                "packets",
                "reinjections_packets",
                "reinjections_bytes",
                "out_of_order",
                "duplicate_data_acks",
                "data_fin",
            ],
        );
        out.push_str(&render_transposed(&Flat::of(&cols, &shown), "direction", 2));
        for (name, d) in &shown {
            let cols = pick(
                subflow_direction_columns(),
                &[
                    "tcp_stream",
                    "packets",
                    "payload_bytes",
                    "share",
                    "exclusive_bytes",
                    "reinjections_packets",
                    "reinjections_bytes",
                    "reinjected_elsewhere_bytes",
                ],
            );
            out.push_str(&format!("  subflows, towards the {name}:\n"));
            out.push_str(&render_transposed(
                &Flat::of(&cols, &d.subflows),
                "tcp_stream",
                2,
            ));
        }
        out.push_str("  subflows:\n");
        let mut cols = subflow_columns();
        cols.push(Column::new(
            "role",
            Type::Text,
            Unit::None,
            |f: &SubflowInfo| {
                match (f.master, f.backup) {
                    (true, false) => "initial",
                    (true, true) => "initial, backup",
                    (false, false) => "join",
                    (false, true) => "join, backup",
                }
                .into()
            },
        ));
        let cols = pick(
            cols,
            &[
                "tcp_stream",
                "client",
                "server",
                "role",
                "client_addr_id",
                "server_addr_id",
                "lifetime_s",
            ],
        );
        out.push_str(&render_indented(&Flat::of(&cols, &s.subflows), 2));
        for f in &s.subflows {
            out.push_str(&super::subflow_end_line(f.tcp_stream, &f.end));
        }
        if !s.events.is_empty() {
            out.push_str("  events:\n");
            out.push_str(&render_indented(&Flat::of(&event_columns(), &s.events), 2));
        }
    }
}

impl Report for MptcpStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        // no connection: the summary's header (one row per connection, none here), nothing in
        // detail (one block per connection); the command says why on stderr
        if !self.detail {
            return super::export::table::render(&Flat::of(&mptcp_summary_columns(), &self.stats));
        }
        let mut out = String::new();
        for s in &self.stats {
            Self::detail_table(s, &mut out);
        }
        out
    }

    /// One row per (connection, direction, subflow).
    fn flat(&self) -> Flat {
        let rows = self.stats.iter().flat_map(|s| {
            [("to_server", &s.to_server), ("to_client", &s.to_client)]
                .into_iter()
                .filter_map(|(name, d)| d.as_ref().map(|d| (name, d)))
                .flat_map(move |(name, d)| d.subflows.iter().map(move |f| (s, name, d, f)))
        });
        Flat::of(&mptcp_columns(), rows)
    }
}

/// A row of `stats mptcp`: a connection, the direction's name, its figures and one subflow's.
type MptcpRow<'a> = (
    &'a MptcpStats,
    &'static str,
    &'a MptcpDirection,
    &'a SubflowDirection,
);

/// The CSV columns of `stats mptcp` (docs/statistics.md): the entities' columns joined, the
/// subflow's under the names that tell them from the connection's.
fn mptcp_columns<'a>() -> Vec<Column<'a, MptcpRow<'a>>> {
    let conn = pick(mptcp_stats_columns(), &["mptcp_stream"])
        .into_iter()
        .map(|c| c.lift(|r: &MptcpRow<'a>| r.0));
    let dir = pick(
        mptcp_direction_columns(),
        &[
            "data_bytes",
            "duration_s",
            "goodput_bit_s",
            "out_of_order",
            "duplicate_data_acks",
            "data_fin",
        ],
    )
    .into_iter()
    .map(|c| c.lift(|r: &MptcpRow<'a>| r.2));
    let sub = pick(
        subflow_direction_columns(),
        &[
            "tcp_stream",
            "packets",
            "payload_bytes",
            "share",
            "data_bytes",
            "exclusive_bytes",
            "reinjections_packets",
            "reinjections_bytes",
            "reinjected_elsewhere_packets",
            "reinjected_elsewhere_bytes",
            "data_retransmitted_bytes",
        ],
    )
    .into_iter()
    .map(|c| {
        let rename = c.info.name == "data_bytes";
        let c = c.lift(|r: &MptcpRow<'a>| r.3);
        if rename {
            c.renamed("data_bytes_subflow")
        } else {
            c
        }
    });
    let tcp = pick(
        tcp_direction_columns(),
        &[
            "unique_bytes",
            "retransmitted_packets",
            "retransmitted_bytes",
            "first_s",
            "last_s",
            "duration_s",
            "throughput_bit_s",
        ],
    )
    .into_iter()
    .map(|c| {
        let rename = c.info.name == "duration_s";
        // a subflow without packets in this direction has the figures of no packet
        let c = c.lift(|r: &MptcpRow<'a>| r.3.tcp.as_ref().unwrap_or(no_packets()));
        if rename {
            c.renamed("subflow_duration_s")
        } else {
            c
        }
    });
    let mut v: Vec<Column<'a, MptcpRow<'a>>> = conn.collect();
    v.push(
        Column::new("direction", Type::Text, Unit::None, |r: &MptcpRow| {
            r.1.into()
        })
        .about("to_server or to_client"),
    );
    v.extend(dir);
    v.extend(sub);
    v.extend(tcp);
    v
}

/// The figures of a direction without packets.
fn no_packets() -> &'static TcpDirection {
    static NONE: std::sync::OnceLock<TcpDirection> = std::sync::OnceLock::new();
    NONE.get_or_init(TcpDirection::default)
}

/// What each CSV column of `stats tcp` is (`stats tcp --list-columns`).
pub fn tcp_column_docs() -> Vec<super::schema::ColumnDoc> {
    super::schema::docs(&tcp_columns())
}

/// What each CSV column of `stats mptcp` is (`stats mptcp --list-columns`), then the members
/// only JSON has (a connection's, its subflows' and its events').
pub fn mptcp_column_docs() -> Vec<super::schema::ColumnDoc> {
    use super::schema::{docs, json_only};
    let mut v = docs(&mptcp_columns());
    let conn = json_only(&v, docs(&mptcp_stats_columns()), "");
    let sub = json_only(&[], docs(&subflow_columns()), "subflows[]: ");
    let events = json_only(&[], docs(&event_columns()), "events[]: ");
    v.extend(conn);
    v.extend(sub);
    v.extend(events);
    v
}
