//! Renderings of `list tcp` and `list mptcp`.

use super::{opt, Report};
use crate::analysis::connections::{MptcpConnection, TcpConnection};
use serde::Serialize;
#[cfg(feature = "application")]
use tabled::{builder::Builder, settings::Style};
#[cfg(feature = "application")]
use {super::human_bytes, crate::model::endpoint};

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

    fn csv_rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let header = [
            "tcp_stream",
            "client_ip",
            "client_port",
            "server_ip",
            "server_port",
            "syn_seen",
            "packets",
            "packets_to_server",
            "packets_to_client",
            "bytes_to_server",
            "bytes_to_client",
            "start_s",
            "duration_s",
            "mptcp_stream",
            "mptcp_fallback",
        ];
        let rows = self
            .0
            .iter()
            .map(|c| {
                vec![
                    c.tcp_stream.to_string(),
                    c.client_ip.to_string(),
                    c.client_port.to_string(),
                    c.server_ip.to_string(),
                    c.server_port.to_string(),
                    c.syn_seen.to_string(),
                    c.packets.to_string(),
                    c.packets_to_server.to_string(),
                    c.packets_to_client.to_string(),
                    c.bytes_to_server.to_string(),
                    c.bytes_to_client.to_string(),
                    format!("{:.9}", c.start_s),
                    format!("{:.9}", c.duration_s),
                    opt(c.mptcp_stream),
                    c.mptcp_fallback.to_string(),
                ]
            })
            .collect();
        (header.iter().map(|s| s.to_string()).collect(), rows)
    }
}

/// `list mptcp` output: an array of connections with their subflows.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct MptcpList(pub Vec<MptcpConnection>);

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
        }
        out
    }

    /// One row per subflow, the connection's fields repeated.
    fn csv_rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let header = [
            "mptcp_stream",
            "version",
            "client_key",
            "server_key",
            "client_token",
            "server_token",
            "fallback",
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
        ];
        let mut rows = Vec::new();
        for c in &self.0 {
            for s in &c.subflows {
                rows.push(vec![
                    c.mptcp_stream.to_string(),
                    opt(c.version),
                    opt(c.client_key),
                    opt(c.server_key),
                    opt(c.client_token),
                    opt(c.server_token),
                    c.fallback.to_string(),
                    s.tcp_stream.to_string(),
                    s.client_ip.to_string(),
                    s.client_port.to_string(),
                    s.server_ip.to_string(),
                    s.server_port.to_string(),
                    s.master.to_string(),
                    s.opened_by.unwrap_or("").to_string(),
                    opt(s.client_addr_id),
                    opt(s.server_addr_id),
                    s.backup.to_string(),
                ]);
            }
        }
        (header.iter().map(|s| s.to_string()).collect(), rows)
    }
}
