//! Connection summaries (what `list` prints), built from the state of an [`Enricher`].

use super::enrich::Enricher;
use super::tcp::{Closing, TcpState};
use serde::Serialize;
use std::net::IpAddr;

/// One TCP connection (Wireshark's `tcp.stream`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TcpConnection {
    pub tcp_stream: u64,
    /// Client = the SYN sender; when no SYN was seen, the sender of the first packet.
    pub client_ip: IpAddr,
    pub client_port: u16,
    pub server_ip: IpAddr,
    pub server_port: u16,
    /// False when neither SYN nor SYN/ACK was captured (orientation is then a guess).
    pub syn_seen: bool,
    pub packets: u64,
    pub packets_to_server: u64,
    pub packets_to_client: u64,
    pub bytes_to_server: u64,
    pub bytes_to_client: u64,
    /// Time of the first packet, seconds since the start of the capture.
    pub start_s: f64,
    /// Last packet minus first packet, seconds.
    pub duration_s: f64,
    /// MPTCP connection this TCP connection is a subflow of.
    pub mptcp_stream: Option<u64>,
    /// The client offered MPTCP (v1 MP_CAPABLE SYN) and the server declined it: plain TCP,
    /// with no `mptcp.stream` (as in Wireshark).
    pub mptcp_fallback: bool,
}

/// One subflow of an MPTCP connection.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Subflow {
    pub tcp_stream: u64,
    /// The subflow's TCP client (SYN sender) and server.
    pub client_ip: IpAddr,
    pub client_port: u16,
    pub server_ip: IpAddr,
    pub server_port: u16,
    /// The initial subflow (MP_CAPABLE) rather than an MP_JOIN.
    pub master: bool,
    /// "client" or "server": which MPTCP host opened the subflow; null if unknown.
    pub opened_by: Option<&'static str>,
    /// Address id sent in the MP_JOIN SYN (by the subflow's client) and SYN/ACK (its server).
    pub client_addr_id: Option<u8>,
    pub server_addr_id: Option<u8>,
    pub backup: bool,
    /// The subflow's SYN was captured.
    pub syn_seen: bool,
    /// How the subflow ended.
    #[serde(flatten)]
    pub end: SubflowEnd,
}

/// How a subflow ended (docs/list.md): `reset` (an RST was seen: the first one is described),
/// else `closed` (a FIN each way), `half_closed` (a FIN one way), or `open` at capture end.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubflowEnd {
    /// `reset`, `closed`, `half_closed` or `open` (not `end`: a jq keyword).
    pub end_state: &'static str,
    /// "client" or "server": the MPTCP host that sent the RST, or the first FIN.
    pub end_by: Option<&'static str>,
    pub end_frame: Option<u64>,
    /// Seconds since the start of the capture.
    pub end_s: Option<f64>,
    /// The MP_TCPRST reason code the RST carried (RFC 8684 3.6).
    pub mp_tcprst_reason: Option<u8>,
    /// The RST carried MP_FASTCLOSE (the whole connection was closed abruptly).
    pub fastclose: bool,
}

/// How subflow `t` ended, its closing packets' senders named as MPTCP hosts.
fn subflow_end(t: &TcpState) -> SubflowEnd {
    let client = t.mptcp_client_endpoint();
    let by = |c: &Closing| Some(if c.from == client { "client" } else { "server" });
    let fins: Vec<&Closing> = t.first_fin.iter().flatten().collect();
    let (end, closing) = match (t.first_rst.as_ref(), fins.as_slice()) {
        (Some(r), _) => ("reset", Some(r)),
        (None, [a, b]) => ("closed", Some(if a.frame <= b.frame { *a } else { *b })),
        (None, [a]) => ("half_closed", Some(*a)),
        _ => ("open", None),
    };
    SubflowEnd {
        end_state: end,
        end_by: closing.and_then(by),
        end_frame: closing.map(|c| c.frame),
        end_s: closing.map(|c| secs(c.rel_ns)),
        mp_tcprst_reason: closing.and_then(|c| c.mp_tcprst_reason),
        fastclose: closing.is_some_and(|c| c.fastclose),
    }
}

/// One MPTCP connection (Wireshark's `mptcp.stream`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MptcpConnection {
    pub mptcp_stream: u64,
    pub version: Option<u8>,
    pub client_key: Option<u64>,
    pub server_key: Option<u64>,
    pub client_token: Option<u32>,
    pub server_token: Option<u32>,
    pub client_idsn: Option<u64>,
    pub server_idsn: Option<u64>,
    /// The connection fell back to plain TCP.
    pub fallback: bool,
    /// The MP_CAPABLE handshake is in the capture (its SYN was seen and DSNs are relative to
    /// the IDSNs).
    pub handshake_seen: bool,
    pub subflows: Vec<Subflow>,
}

fn secs(ns: i64) -> f64 {
    ns as f64 / 1e9
}

pub fn tcp_connection(t: &TcpState) -> TcpConnection {
    let (cip, cport) = t.client_endpoint();
    let (sip, sport) = t.server_endpoint();
    let cd = t.client_dir();
    TcpConnection {
        tcp_stream: t.tcp_stream,
        client_ip: cip,
        client_port: cport,
        server_ip: sip,
        server_port: sport,
        syn_seen: t.syn_seen || t.synack_seen,
        packets: t.packets[0] + t.packets[1],
        packets_to_server: t.packets[cd],
        packets_to_client: t.packets[1 - cd],
        bytes_to_server: t.payload_bytes[cd],
        bytes_to_client: t.payload_bytes[1 - cd],
        start_s: secs(t.first_rel_ns),
        duration_s: secs(t.last_ns - t.first_ns),
        mptcp_stream: None,
        mptcp_fallback: false,
    }
}

/// Every TCP connection, in `tcp.stream` order.
pub fn tcp_connections(e: &Enricher) -> Vec<TcpConnection> {
    let mut v: Vec<TcpConnection> = e
        .tcp_streams()
        .map(|t| {
            let mut c = tcp_connection(t);
            let conn = t.mptcp.map(|ci| e.conn(ci));
            c.mptcp_stream = conn.and_then(|m| m.id());
            c.mptcp_fallback = conn.is_some_and(|m| !m.numbered && m.fallback);
            c
        })
        .collect();
    v.sort_by_key(|c| c.tcp_stream);
    v
}

/// The TCP streams that offered MPTCP and fell back during the handshake (as
/// [`TcpConnection::mptcp_fallback`] of [`tcp_connections`]), in `tcp.stream` order; those of
/// released connections left out (a released connection has its number: none fell back so).
pub fn fell_back_streams(e: &Enricher) -> Vec<u64> {
    let mut v: Vec<u64> = e
        .tcp_streams()
        .filter(|t| {
            t.mptcp
                .and_then(|ci| e.try_conn(ci))
                .is_some_and(|m| !m.numbered && m.fallback)
        })
        .map(|t| t.tcp_stream)
        .collect();
    v.sort_unstable();
    v
}

/// Every MPTCP connection, in `mptcp.stream` order.
pub fn mptcp_connections(e: &Enricher) -> Vec<MptcpConnection> {
    mptcp_connections_each(e).collect()
}

/// [`mptcp_connections`], each summary made when it is asked for.
pub fn mptcp_connections_each(e: &Enricher) -> impl Iterator<Item = MptcpConnection> + '_ {
    e.mptcp_connections()
        .into_iter()
        .map(move |c| mptcp_connection(e, c))
}

/// The summary of one MPTCP connection of `e` (as [`mptcp_connections`] gives it).
pub fn mptcp_connection(e: &Enricher, c: &crate::analysis::mptcp::MptcpState) -> MptcpConnection {
    {
        let mut subflows: Vec<Subflow> =
            c.subflows
                .iter()
                .filter_map(|id| e.tcp_stream(*id))
                .map(|t| {
                    let ((cip, cport), (sip, sport)) = t.subflow_endpoints();
                    let master = !t.is_join && t.syn_mp_capable;
                    Subflow {
                        tcp_stream: t.tcp_stream,
                        client_ip: cip,
                        client_port: cport,
                        server_ip: sip,
                        server_port: sport,
                        master,
                        opened_by: t.opened_by_mptcp_client.map(|b| {
                            if b {
                                "client"
                            } else {
                                "server"
                            }
                        }),
                        // the initial subflow's addresses have id 0 (RFC 8684 3.4.1)
                        client_addr_id: if master { Some(0) } else { t.join_addr_ids[0] },
                        server_addr_id: if master { Some(0) } else { t.join_addr_ids[1] },
                        backup: t.backup.unwrap_or(false),
                        syn_seen: t.syn_seen,
                        end: subflow_end(t),
                    }
                })
                .collect();
        subflows.sort_by_key(|s| s.tcp_stream);
        MptcpConnection {
            mptcp_stream: c.mptcp_stream,
            version: c.version,
            client_key: c.keys[0],
            server_key: c.keys[1],
            client_token: c.tokens[0],
            server_token: c.tokens[1],
            client_idsn: c.idsn[0],
            server_idsn: c.idsn[1],
            fallback: c.fallback,
            handshake_seen: c.syn_seen && !c.no_handshake,
            subflows,
        }
    }
}
