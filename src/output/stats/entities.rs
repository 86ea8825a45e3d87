//! The columns each entity of the statistics declares once (docs/statistics.md): a TCP
//! direction, an MPTCP direction, a subflow's part of it, a subflow, an event, an MPTCP
//! connection's facts and its summary.

use super::super::columns::{Column, Type, Unit, Value};
use crate::analysis::stats::{
    Event, MptcpDirection, MptcpStats, SubflowDirection, SubflowInfo, TcpDirection, TcpStats,
};

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
pub(super) fn tcp_stats_columns() -> Vec<Column<'static, TcpStats>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("tcp_stream", UInt, Id, |s: &TcpStats| s.tcp_stream.into())
            .about("Wireshark's tcp.stream"),
        Column::new("client", Text, Id, |s: &TcpStats| addr(&s.client))
            .about("client address:port"),
        Column::new("server", Text, Id, |s: &TcpStats| addr(&s.server))
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
        Column::new("client", Text, Id, |f: &S| addr(&f.client))
            .about("the subflow's TCP client address:port"),
        Column::new("server", Text, Id, |f: &S| addr(&f.server))
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
        super::super::list::subflow_end_columns()
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
            super::super::events::kind(&e.what).into()
        })
.about("ADD_ADDR, REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST, DATA_FIN, FALLBACK, ...")
        .label("event"),
        Column::new("detail", Text, Id, |e: &Event| {
            super::super::events::detail(&e.what).into()
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
pub(super) fn mptcp_stats_columns() -> Vec<Column<'static, MptcpStats>> {
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

/// `address:port` as `SocketAddr` writes it, without the formatting machinery (4 per
/// connection of 2 subflows: ~1,600 instructions each through `to_string`).
fn addr(a: &std::net::SocketAddr) -> Value {
    crate::output::endpoint(&a.ip(), a.port()).into()
}
