//! Renderings of `list tcp` and `list mptcp`: the connections' and subflows' columns are
//! declared once; JSON objects, CSV rows and tables come from them.

#[cfg(feature = "application")]
use super::columns::Value;
use super::columns::{object, pick, Column, Flat, Type, Unit};
use super::Report;
use crate::analysis::connections::{MptcpConnection, Subflow, SubflowEnd, TcpConnection};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// `list tcp` output: an array of connections.
#[derive(Debug)]
pub struct TcpList(pub Vec<TcpConnection>);

impl Serialize for TcpList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cols = tcp_columns();
        s.collect_seq(self.0.iter().map(|c| object(&cols, c)))
    }
}

/// `ip:port` of a connection's client or server.
#[cfg(feature = "application")]
fn ep(ip: &std::net::IpAddr, port: u16) -> Value {
    super::endpoint(ip, port).into()
}

/// The table of `list tcp`: declared columns, and what only tables show (endpoints as
/// `ip:port`, a `*` on a connection without SYN, the MPTCP connection or `fallback`).
#[cfg(feature = "application")]
fn tcp_table_columns() -> Vec<Column<'static, TcpConnection>> {
    use {Type::*, Unit::None as Id};
    type C = TcpConnection;
    let mut all = tcp_columns();
    all.extend([
        Column::new("tcp", Text, Id, |c: &C| {
            format!("{}{}", c.tcp_stream, if c.syn_seen { "" } else { "*" }).into()
        })
        .label("tcp stream"),
        Column::new("client", Text, Id, |c: &C| ep(&c.client_ip, c.client_port)),
        Column::new("server", Text, Id, |c: &C| ep(&c.server_ip, c.server_port)),
        Column::new("mptcp", Text, Id, |c: &C| {
            if c.mptcp_fallback {
                "fallback".to_string().into()
            } else {
                c.mptcp_stream.map(|m| m.to_string()).into()
            }
        }),
    ]);
    pick(
        all,
        &[
            "tcp",
            "client",
            "server",
            "bytes_to_server",
            "bytes_to_client",
            "duration_s",
            "mptcp",
        ],
    )
}

impl Report for TcpList {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = super::export::table::render(&Flat::of(&tcp_table_columns(), &self.0));
        if self.0.iter().any(|c| !c.syn_seen) {
            out.push_str(
                "* no SYN captured: client and server are guessed (first sender = client)\n",
            );
        }
        out
    }

    fn flat(&self) -> Flat {
        Flat::of(&tcp_columns(), &self.0)
    }
}

/// A number in decimal, or `missing` when there is none.
#[cfg(feature = "application")]
struct Dash(Option<u64>, &'static str);

#[cfg(feature = "application")]
impl std::fmt::Display for Dash {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.0 {
            Some(v) => write!(f, "{v}"),
            None => f.write_str(self.1),
        }
    }
}

/// `list mptcp` output: an array of connections with their subflows.
#[derive(Debug)]
pub struct MptcpList(pub Vec<MptcpConnection>);

/// Decimal string of a 64-bit value: exact where a JSON reader (jq 1.6, JavaScript) rounds
/// integers above 2^53.
pub(crate) fn exact(v: Option<u64>) -> Option<String> {
    v.map(|x| x.to_string())
}

/// A key as 16 lower-case hexadecimal digits (its bytes in the MP_CAPABLE option, in order).
pub(crate) fn hex64(v: Option<u64>) -> Option<String> {
    v.map(|x| format!("{x:016x}"))
}

/// JSON of one connection: its columns, its subflows, then the exact string forms of the
/// 64-bit values.
struct MptcpConnectionJson<'c, 'a>(
    &'c [Column<'static, MptcpConnection>],
    &'c [Column<'static, Subflow>],
    &'a MptcpConnection,
);

impl Serialize for MptcpConnectionJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (conn, sub, c) = (self.0, self.1, self.2);
        let (before, after): (Vec<_>, Vec<_>) = conn.iter().partition(|k| !is_exact(k));
        let mut map = s.serialize_map(None)?;
        for k in before {
            map.serialize_entry(&*k.info.name, &(k.get)(c))?;
        }
        let subs: Vec<_> = c.subflows.iter().map(|f| object(sub, f)).collect();
        map.serialize_entry("subflows", &subs)?;
        for k in after {
            map.serialize_entry(&*k.info.name, &(k.get)(c))?;
        }
        map.end()
    }
}

/// The exact string forms come after the subflows in JSON.
fn is_exact(c: &Column<MptcpConnection>) -> bool {
    c.info.name.ends_with("_str") || c.info.name.ends_with("_hex")
}

impl Serialize for MptcpList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (conn, sub) = (mptcp_connection_columns(), subflow_columns());
        s.collect_seq(self.0.iter().map(|c| MptcpConnectionJson(&conn, &sub, c)))
    }
}

/// The columns only tables show: endpoints as `ip:port` and the subflow's role.
#[cfg(feature = "application")]
fn subflow_table_columns() -> Vec<Column<'static, Subflow>> {
    use {Type::*, Unit::None as Id};
    let mut all = subflow_columns();
    all.extend([
        Column::new("client", Text, Id, |s: &Subflow| {
            ep(&s.client_ip, s.client_port)
        }),
        Column::new("server", Text, Id, |s: &Subflow| {
            ep(&s.server_ip, s.server_port)
        }),
        Column::new("role", Text, Id, |s: &Subflow| {
            let mut role = if s.master {
                "initial".to_string()
            } else {
                format!("join by {}", s.opened_by.unwrap_or("?"))
            };
            if !s.syn_seen {
                role.push_str(" (no SYN)");
            }
            if s.backup {
                role.push_str(", backup");
            }
            role.into()
        }),
    ]);
    pick(
        all,
        &[
            "tcp_stream",
            "client",
            "server",
            "role",
            "client_addr_id",
            "server_addr_id",
        ],
    )
}

impl Report for MptcpList {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        // made once: the columns (their labels interned) cost more than a small table
        let columns = subflow_table_columns();
        let grid = super::export::table::Grid::new(&columns, 2);
        for c in &self.0 {
            let _ =
                writeln!(
                out,
                "MPTCP connection {} (v{}{}{})\n  client key {} token {}\n  server key {} token {}",
                c.mptcp_stream,
                Dash(c.version.map(u64::from), "?"),
                if c.fallback { ", fell back to TCP" } else { "" },
                if c.handshake_seen { "" } else { ", handshake not captured" },
                Dash(c.client_key, "-"),
                Dash(c.client_token.map(u64::from), "-"),
                Dash(c.server_key, "-"),
                Dash(c.server_token.map(u64::from), "-"),
            );
            grid.draw(&c.subflows, &mut out);
            for s in &c.subflows {
                out.push_str(&super::subflow_end_line(s.tcp_stream, &s.end));
            }
        }
        out
    }

    /// One row per subflow, the connection's fields repeated.
    fn flat(&self) -> Flat {
        let rows = self
            .0
            .iter()
            .flat_map(|c| c.subflows.iter().map(move |s| (c, s)));
        Flat::of(&mptcp_columns(), rows)
    }
}

/// The columns of `list tcp` (CSV and JSON, docs/list.md).
fn tcp_columns() -> Vec<Column<'static, TcpConnection>> {
    use {Type::*, Unit::None as Id};
    type C = TcpConnection;
    vec![
        Column::new("tcp_stream", UInt, Id, |c: &C| c.tcp_stream.into())
.about("Wireshark's tcp.stream: order of first appearance; a SYN reusing a closed 4-tuple starts a new stream").label("tcp stream"),
        Column::new("client_ip", Ip, Id, |c: &C| c.client_ip.into())
.about("the SYN sender's address (no SYN captured: the first packet's sender)"),
        Column::new("client_port", UInt, Id, |c: &C| c.client_port.into())
.about("the SYN sender's port"),
        Column::new("server_ip", Ip, Id, |c: &C| c.server_ip.into())
.about("the other end's address"),
        Column::new("server_port", UInt, Id, |c: &C| c.server_port.into())
.about("the other end's port"),
        Column::new("syn_seen", Bool, Id, |c: &C| c.syn_seen.into())
.about("a SYN or SYN/ACK of this connection is in the capture").label("SYN seen"),
        Column::new("packets", UInt, Unit::Packets, |c: &C| c.packets.into())
.about("TCP packets, both directions"),
        Column::new("packets_to_server", UInt, Unit::Packets, |c: &C| {
            c.packets_to_server.into()
        })
.about("TCP packets towards the server")
        .label("packets to server"),
        Column::new("packets_to_client", UInt, Unit::Packets, |c: &C| {
            c.packets_to_client.into()
        })
.about("TCP packets towards the client")
        .label("packets to client"),
        Column::new("bytes_to_server", UInt, Unit::Bytes, |c: &C| {
            c.bytes_to_server.into()
        })
.about("TCP payload bytes towards the server, retransmissions included")
        .label("payload to server"),
        Column::new("bytes_to_client", UInt, Unit::Bytes, |c: &C| {
            c.bytes_to_client.into()
        })
.about("TCP payload bytes towards the client, retransmissions included")
        .label("payload to client"),
        Column::new("start_s", Float, Unit::Seconds, |c: &C| c.start_s.into())
.about("first packet, from --time-origin (default: the capture's first frame)"),
        Column::new("duration_s", Float, Unit::Seconds, |c: &C| {
            c.duration_s.into()
        })
.about("last packet minus first packet"),
        Column::new("mptcp_stream", UInt, Id, |c: &C| c.mptcp_stream.into())
.about("the MPTCP connection this is a subflow of (empty: none)").label("mptcp stream"),
        Column::new("mptcp_fallback", Bool, Id, |c: &C| c.mptcp_fallback.into())
.about("MPTCP v1 offered in the SYN and declined by the server: plain TCP").label("fell back"),
    ]
}

/// The columns of an MPTCP connection (JSON; CSV repeats those of [`mptcp_columns`]).
fn mptcp_connection_columns() -> Vec<Column<'static, MptcpConnection>> {
    use {Type::*, Unit::None as Id};
    type C = MptcpConnection;
    vec![
        Column::new("mptcp_stream", UInt, Id, |c: &C| c.mptcp_stream.into())
.about("Wireshark's mptcp.stream: numbered at the first MPTCP packet other than a keyless v1 MP_CAPABLE SYN"),
        Column::new("version", UInt, Id, |c: &C| c.version.into())
.about("MPTCP version settled by the handshake (0 or 1)"),
        Column::new("client_key", UInt, Id, |c: &C| c.client_key.into())
.about("the client's MP_CAPABLE key (JSON: exact only as client_key_str; jq rounds above 2^53)"),
        Column::new("server_key", UInt, Id, |c: &C| c.server_key.into())
.about("the server's MP_CAPABLE key (JSON: exact only as server_key_str)"),
        Column::new("client_token", UInt, Id, |c: &C| c.client_token.into())
.about("first 32 bits of SHA-1 (v0) / SHA-256 (v1) of the client's key"),
        Column::new("server_token", UInt, Id, |c: &C| c.server_token.into())
.about("first 32 bits of SHA-1 (v0) / SHA-256 (v1) of the server's key"),
        Column::new("client_idsn", UInt, Id, |c: &C| c.client_idsn.into())
.about("the client's initial data sequence number (last 64 bits of the key's hash)"),
        Column::new("server_idsn", UInt, Id, |c: &C| c.server_idsn.into())
.about("the server's initial data sequence number"),
        Column::new("fallback", Bool, Id, |c: &C| c.fallback.into())
.about("the connection fell back to TCP after Wireshark numbered it"),
        Column::new("handshake_seen", Bool, Id, |c: &C| c.handshake_seen.into())
.about("the MP_CAPABLE handshake is in the capture"),
        Column::new("client_key_str", Text, Id, |c: &C| {
            exact(c.client_key).into()
        })
.about("the client key in decimal, exact (as Wireshark shows it)"),
        Column::new("server_key_str", Text, Id, |c: &C| {
            exact(c.server_key).into()
        })
.about("the server key in decimal, exact"),
        Column::new("client_key_hex", Text, Id, |c: &C| {
            hex64(c.client_key).into()
        })
.about("the client key as 16 lower-case hex digits"),
        Column::new("server_key_hex", Text, Id, |c: &C| {
            hex64(c.server_key).into()
        })
.about("the server key as 16 lower-case hex digits"),
        Column::new("client_idsn_str", Text, Id, |c: &C| {
            exact(c.client_idsn).into()
        })
.about("the client IDSN in decimal, exact"),
        Column::new("server_idsn_str", Text, Id, |c: &C| {
            exact(c.server_idsn).into()
        })
.about("the server IDSN in decimal, exact"),
    ]
}

/// The columns of a subflow (JSON, and CSV after its connection's).
fn subflow_columns() -> Vec<Column<'static, Subflow>> {
    use {Type::*, Unit::None as Id};
    type S = Subflow;
    vec![
        Column::new("tcp_stream", UInt, Id, |s: &S| s.tcp_stream.into())
            .about("the subflow's tcp.stream")
            .label("subflow"),
        Column::new("client_ip", Ip, Id, |s: &S| s.client_ip.into())
            .about("the subflow's TCP client (SYN sender) address"),
        Column::new("client_port", UInt, Id, |s: &S| s.client_port.into())
            .about("the subflow's TCP client port"),
        Column::new("server_ip", Ip, Id, |s: &S| s.server_ip.into())
            .about("the subflow's TCP server address"),
        Column::new("server_port", UInt, Id, |s: &S| s.server_port.into())
            .about("the subflow's TCP server port"),
        Column::new("master", Bool, Id, |s: &S| s.master.into())
            .about("the initial subflow (MP_CAPABLE) rather than an MP_JOIN")
            .label("initial"),
        Column::new("opened_by", Text, Id, |s: &S| s.opened_by.into())
            .about("the MPTCP host that opened the subflow: client or server")
            .label("opened by"),
        Column::new("client_addr_id", UInt, Id, |s: &S| s.client_addr_id.into())
            .about("address id of the MP_JOIN SYN (0 on the initial subflow)")
            .label("client address id"),
        Column::new("server_addr_id", UInt, Id, |s: &S| s.server_addr_id.into())
            .about("address id of the MP_JOIN SYN/ACK (0 on the initial subflow)")
            .label("server address id"),
        Column::new("backup", Bool, Id, |s: &S| s.backup.into())
            .about("MP_JOIN backup bit, or the last MP_PRIO"),
        Column::new("syn_seen", Bool, Id, |s: &S| s.syn_seen.into())
            .about("the subflow's SYN is in the capture")
            .label("SYN seen"),
    ]
    .into_iter()
    .chain(
        subflow_end_columns()
            .into_iter()
            .map(|c| c.lift(|s: &S| &s.end)),
    )
    .collect()
}

/// The columns of how a subflow ended (docs/list.md), in `list mptcp` and `stats mptcp`.
pub(crate) fn subflow_end_columns() -> Vec<Column<'static, SubflowEnd>> {
    use {Type::*, Unit::None as Id};
    type E = SubflowEnd;
    vec![
        Column::new("end_state", Text, Id, |e: &E| e.end_state.into())
.about("how the subflow ended: reset (an RST), closed (a FIN each way), half_closed (one FIN), open (neither)").label("end"),
        Column::new("end_by", Text, Id, |e: &E| e.end_by.into())
.about("the MPTCP host that sent that RST, or the earlier FIN").label("ended by"),
        Column::new("end_frame", UInt, Id, |e: &E| e.end_frame.into())
.about("frame of that packet").label("end frame"),
        Column::new("end_s", Float, Unit::Seconds, |e: &E| e.end_s.into())
.about("time of that packet, from --time-origin").label("end"),
        Column::new("mp_tcprst_reason", UInt, Id, |e: &E| {
            e.mp_tcprst_reason.into()
        })
.about("MP_TCPRST reason code of the RST (RFC 8684 3.6: 3 prohibited, 5 poor performance, ...)")
        .label("MP_TCPRST reason"),
        Column::new("fastclose", Bool, Id, |e: &E| e.fastclose.into())
.about("the RST carried MP_FASTCLOSE (the whole connection was aborted)"),
    ]
}

/// A row of `list mptcp` CSV: a connection and one of its subflows.
type MptcpRow<'a> = (&'a MptcpConnection, &'a Subflow);

/// The CSV columns of `list mptcp`: one row per subflow, its connection's columns first.
fn mptcp_columns<'a>() -> Vec<Column<'a, MptcpRow<'a>>> {
    let conn = pick(
        mptcp_connection_columns(),
        &[
            "mptcp_stream",
            "version",
            "client_key",
            "server_key",
            "client_token",
            "server_token",
            "fallback",
        ],
    );
    let sub = pick(
        subflow_columns(),
        &[
            "tcp_stream",
            "client_ip",
            "client_port",
            "server_ip",
            "server_port",
            "master",
            "opened_by",
            "client_addr_id",
            "server_addr_id",
            "backup",
            "end_state",
            "end_by",
            "end_frame",
            "end_s",
            "mp_tcprst_reason",
            "fastclose",
        ],
    );
    conn.into_iter()
        .map(|c| c.lift(|r: &MptcpRow<'a>| r.0))
        .chain(sub.into_iter().map(|c| c.lift(|r: &MptcpRow<'a>| r.1)))
        .collect()
}

/// What each CSV column of `list tcp` is (`list tcp --list-columns`).
pub fn tcp_column_docs() -> Vec<super::schema::ColumnDoc> {
    super::schema::docs(&tcp_columns())
}

/// What each CSV column of `list mptcp` is (`list mptcp --list-columns`), then the JSON-only
/// members of a connection (exact forms of its 64-bit values).
pub fn mptcp_column_docs() -> Vec<super::schema::ColumnDoc> {
    use super::schema::{docs, json_only};
    let mut v = docs(&mptcp_columns());
    let conn = json_only(&v, docs(&mptcp_connection_columns()), "");
    let sub = json_only(&v, docs(&subflow_columns()), "subflows[]: ");
    v.extend(conn);
    v.extend(sub);
    v
}
