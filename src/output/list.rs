//! Renderings of `list tcp` and `list mptcp`.

use super::columns::{Column, Flat, Type, Unit};
use super::Report;
#[cfg(feature = "application")]
use super::{endpoint, human_bytes, opt, subflow_end_line};
use crate::analysis::connections::{MptcpConnection, Subflow, TcpConnection};
use serde::Serialize;
#[cfg(feature = "application")]
use tabled::{builder::Builder, settings::Style};

/// A key or token, or "-" when the capture does not show it.
#[cfg(feature = "application")]
fn key_or_dash<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "-".into())
}

/// `list tcp` output: an array of connections.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct TcpList(pub Vec<TcpConnection>);

impl Report for TcpList {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut b = Builder::default();
        // compact, to stay near 80 columns: "> / <" = towards the server / the client
        b.push_record([
            "tcp",
            "client -> server",
            "pkts > / <",
            "bytes > / <",
            "start",
            "dur (s)",
            "mptcp",
        ]);
        let mut guessed = false;
        for c in &self.0 {
            let mark = if c.syn_seen { "" } else { "*" };
            guessed |= !c.syn_seen;
            b.push_record([
                format!("{}{mark}", c.tcp_stream),
                format!(
                    "{} -> {}",
                    endpoint(&c.client_ip, c.client_port),
                    endpoint(&c.server_ip, c.server_port)
                ),
                format!("{} / {}", c.packets_to_server, c.packets_to_client),
                format!(
                    "{} / {}",
                    human_bytes(c.bytes_to_server as f64),
                    human_bytes(c.bytes_to_client as f64)
                ),
                format!("{:.3}", c.start_s),
                format!("{:.3}", c.duration_s),
                if c.mptcp_fallback {
                    "fallback".to_string()
                } else {
                    opt(c.mptcp_stream)
                },
            ]);
        }
        let mut t = b.build();
        t.with(Style::psql());
        let mut out = format!("{t}\n");
        if guessed {
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

/// One connection in JSON: its fields, then the exact string forms of the 64-bit ones.
#[derive(Serialize)]
struct MptcpConnectionJson<'a> {
    #[serde(flatten)]
    c: &'a MptcpConnection,
    client_key_str: Option<String>,
    server_key_str: Option<String>,
    client_key_hex: Option<String>,
    server_key_hex: Option<String>,
    client_idsn_str: Option<String>,
    server_idsn_str: Option<String>,
}

impl<'a> From<&'a MptcpConnection> for MptcpConnectionJson<'a> {
    fn from(c: &'a MptcpConnection) -> Self {
        MptcpConnectionJson {
            c,
            client_key_str: exact(c.client_key),
            server_key_str: exact(c.server_key),
            client_key_hex: hex64(c.client_key),
            server_key_hex: hex64(c.server_key),
            client_idsn_str: exact(c.client_idsn),
            server_idsn_str: exact(c.server_idsn),
        }
    }
}

impl Serialize for MptcpList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(MptcpConnectionJson::from))
    }
}

impl Report for MptcpList {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = String::new();
        for c in &self.0 {
            let version = c
                .version
                .map(|v| format!("v{v}"))
                .unwrap_or_else(|| "v?".into());
            out.push_str(&format!(
                "MPTCP connection {} ({version}{}{})\n  client key {} token {}\n  server key {} token {}\n",
                c.mptcp_stream,
                if c.fallback { ", fell back to TCP" } else { "" },
                if c.handshake_seen { "" } else { ", handshake not captured" },
                key_or_dash(c.client_key),
                key_or_dash(c.client_token),
                key_or_dash(c.server_key),
                key_or_dash(c.server_token),
            ));
            let mut b = Builder::default();
            b.push_record(["tcp", "client -> server", "role", "by", "ids", "bkp"]);
            for s in &c.subflows {
                b.push_record([
                    s.tcp_stream.to_string(),
                    format!(
                        "{} -> {}",
                        endpoint(&s.client_ip, s.client_port),
                        endpoint(&s.server_ip, s.server_port)
                    ),
                    if s.master {
                        "master"
                    } else if s.syn_seen {
                        "join"
                    } else {
                        "join (no SYN)"
                    }
                    .to_string(),
                    s.opened_by.unwrap_or("?").to_string(),
                    match (s.client_addr_id, s.server_addr_id) {
                        (None, None) => String::new(),
                        (a, b) => format!("{}/{}", opt(a), opt(b)),
                    },
                    if s.backup { "yes" } else { "" }.to_string(),
                ]);
            }
            let mut t = b.build();
            t.with(Style::rounded());
            for line in t.to_string().lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
            for s in &c.subflows {
                out.push_str(&subflow_end_line(s.tcp_stream, &s.end));
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

/// The columns of `list tcp` (CSV; JSON has the same names, docs/list.md).
fn tcp_columns<'a>() -> Vec<Column<&'a TcpConnection>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("tcp_stream", UInt, Id, |c| c.tcp_stream.into()),
        Column::new("client_ip", Ip, Id, |c| c.client_ip.into()),
        Column::new("client_port", UInt, Id, |c| c.client_port.into()),
        Column::new("server_ip", Ip, Id, |c| c.server_ip.into()),
        Column::new("server_port", UInt, Id, |c| c.server_port.into()),
        Column::new("syn_seen", Bool, Id, |c| c.syn_seen.into()),
        Column::new("packets", UInt, Unit::Packets, |c| c.packets.into()),
        Column::new("packets_to_server", UInt, Unit::Packets, |c| {
            c.packets_to_server.into()
        }),
        Column::new("packets_to_client", UInt, Unit::Packets, |c| {
            c.packets_to_client.into()
        }),
        Column::new("bytes_to_server", UInt, Unit::Bytes, |c| {
            c.bytes_to_server.into()
        }),
        Column::new("bytes_to_client", UInt, Unit::Bytes, |c| {
            c.bytes_to_client.into()
        }),
        Column::new("start_s", Float, Unit::Seconds, |c| c.start_s.into()),
        Column::new("duration_s", Float, Unit::Seconds, |c| c.duration_s.into()),
        Column::new("mptcp_stream", UInt, Id, |c| c.mptcp_stream.into()),
        Column::new("mptcp_fallback", Bool, Id, |c| c.mptcp_fallback.into()),
    ]
}

/// The columns of `list mptcp`: one row per subflow, its connection's fields first.
fn mptcp_columns<'a>() -> Vec<Column<(&'a MptcpConnection, &'a Subflow)>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("mptcp_stream", UInt, Id, |(c, _)| c.mptcp_stream.into()),
        Column::new("version", UInt, Id, |(c, _)| c.version.into()),
        Column::new("client_key", UInt, Id, |(c, _)| c.client_key.into()),
        Column::new("server_key", UInt, Id, |(c, _)| c.server_key.into()),
        Column::new("client_token", UInt, Id, |(c, _)| c.client_token.into()),
        Column::new("server_token", UInt, Id, |(c, _)| c.server_token.into()),
        Column::new("fallback", Bool, Id, |(c, _)| c.fallback.into()),
        Column::new("tcp_stream", UInt, Id, |(_, s)| s.tcp_stream.into()),
        Column::new("client_ip", Ip, Id, |(_, s)| s.client_ip.into()),
        Column::new("client_port", UInt, Id, |(_, s)| s.client_port.into()),
        Column::new("server_ip", Ip, Id, |(_, s)| s.server_ip.into()),
        Column::new("server_port", UInt, Id, |(_, s)| s.server_port.into()),
        Column::new("master", Bool, Id, |(_, s)| s.master.into()),
        Column::new("opened_by", Text, Id, |(_, s)| s.opened_by.into()),
        Column::new("client_addr_id", UInt, Id, |(_, s)| s.client_addr_id.into()),
        Column::new("server_addr_id", UInt, Id, |(_, s)| s.server_addr_id.into()),
        Column::new("backup", Bool, Id, |(_, s)| s.backup.into()),
        Column::new("end_state", Text, Id, |(_, s)| s.end.end_state.into()),
        Column::new("end_by", Text, Id, |(_, s)| s.end.end_by.into()),
        Column::new("end_frame", UInt, Id, |(_, s)| s.end.end_frame.into()),
        Column::new("end_s", Float, Unit::Seconds, |(_, s)| s.end.end_s.into()),
        Column::new("mp_tcprst_reason", UInt, Id, |(_, s)| {
            s.end.mp_tcprst_reason.into()
        }),
        Column::new("fastclose", Bool, Id, |(_, s)| s.end.fastclose.into()),
    ]
}
