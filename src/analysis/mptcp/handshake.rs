//! The MPTCP handshake and its bookkeeping: version, keys, tokens and IDSNs (MP_CAPABLE),
//! joins and who opened them (MP_JOIN), backup flags (MP_PRIO), and fallback to plain TCP.

use super::MptcpState;
use crate::analysis::enrich::Enricher;
use crate::analysis::keys::KeyCache;
use crate::analysis::tcp::TcpState;
use crate::model::{subtype, tcp_flags, Packet, Side};
use rustc_hash::FxHashMap as FastMap;

impl Enricher {
    /// Keys, tokens, join and fallback bookkeeping.
    pub(in crate::analysis) fn handshake(&mut self, ci: usize, p: &Packet) {
        let t = self.tcp.get_mut(&p.tcp_stream).expect("known stream");
        let c = &mut self.conns[ci];
        if p.has_subtype(subtype::MP_CAPABLE) {
            mp_capable(t, c, ci, &mut self.by_token, &mut self.keys, p);
        }
        let syn = p.has_flag(tcp_flags::SYN);
        if p.has_subtype(subtype::MP_JOIN) && syn {
            mp_join(t, c, p);
        }
        if p.has_subtype(subtype::MP_PRIO) {
            if let Some(b) = p.backup {
                t.backup = Some(b);
            }
        }
        if syn && !p.has_flag(tcp_flags::ACK) && p.has_subtype(subtype::MP_CAPABLE) {
            c.syn_seen = true;
        }
        fallback(t, c, p);
    }
}

/// An MP_CAPABLE: the version, the keys it carries, and the tokens and IDSNs they give.
fn mp_capable(
    t: &mut TcpState,
    c: &mut MptcpState,
    ci: usize,
    by_token: &mut FastMap<u32, usize>,
    keys: &mut KeyCache,
    p: &Packet,
) {
    let syn = p.has_flag(tcp_flags::SYN);
    let ack = p.has_flag(tcp_flags::ACK);
    if let Some(v) = p.mptcp_version {
        // the SYN proposes a version, the SYN/ACK settles it (RFC 8684 3.1)
        if syn && ack && c.version.is_some_and(|old| old != v) {
            for tok in c.tokens.iter().flatten() {
                by_token.remove(tok);
            }
            c.tokens = [None; 2];
            c.idsn = [None; 2];
            c.version = Some(v);
        }
        c.version.get_or_insert(v);
    }
    if t.opened_by_mptcp_client.is_none() && !t.is_join {
        t.opened_by_mptcp_client = Some(true);
    }
    if c.server_port.is_none() {
        c.server_port = Some(t.server_endpoint().1);
    }
    // the sender of an MP_CAPABLE is the MPTCP client unless it is the SYN/ACK
    let sender = if syn && ack {
        Side::Server
    } else if t.client == p.src_ip.map(|ip| (ip, p.src_port)) || t.client.is_none() {
        Side::Client
    } else {
        Side::Server
    };
    if let Some(k) = p.sender_key {
        c.keys[sender.idx()].get_or_insert(k);
    }
    if let Some(k) = p.receiver_key {
        if !p.has_subtype(subtype::MP_FASTCLOSE) {
            c.keys[sender.other().idx()].get_or_insert(k);
        }
    }
    let version = c.version.unwrap_or(1);
    for s in [Side::Client, Side::Server] {
        if let (Some(k), None) = (c.keys[s.idx()], c.tokens[s.idx()]) {
            let (tok, idsn) = keys.get(k, version);
            c.tokens[s.idx()] = Some(tok);
            c.idsn[s.idx()] = Some(idsn);
            by_token.insert(tok, ci);
        }
    }
}

/// An MP_JOIN SYN or SYN/ACK: address ids, backup flag, and which host opened the subflow.
fn mp_join(t: &mut TcpState, c: &MptcpState, p: &Packet) {
    let ack = p.has_flag(tcp_flags::ACK);
    t.is_join = true;
    let slot = if ack { 1 } else { 0 };
    if p.addr_id.is_some() {
        t.join_addr_ids[slot] = p.addr_id;
    }
    if !ack {
        t.backup = p.backup;
        // the token names the host being joined: the server's token means the
        // MPTCP client opened this subflow
        if let Some(tok) = p.receiver_token {
            if c.tokens[Side::Server.idx()] == Some(tok) {
                t.opened_by_mptcp_client = Some(true);
            } else if c.tokens[Side::Client.idx()] == Some(tok) {
                t.opened_by_mptcp_client = Some(false);
            }
        }
    }
}

/// Fallback: SYN/ACK of the master subflow without MP_CAPABLE, or an infinite mapping.
fn fallback(t: &TcpState, c: &mut MptcpState, p: &Packet) {
    let syn = p.has_flag(tcp_flags::SYN);
    let ack = p.has_flag(tcp_flags::ACK);
    let reason =
        if syn && ack && t.syn_mp_capable && !t.is_join && !p.has_subtype(subtype::MP_CAPABLE) {
            Some("SYN/ACK without MP_CAPABLE")
        } else if p.has_subtype(subtype::DSS) && p.dss_dsn_raw.is_some() && p.dss_length == Some(0)
        {
            Some("infinite mapping")
        } else {
            None
        };
    let Some(reason) = reason else {
        return;
    };
    c.fallback = true;
    if c.fallback_at.is_none() {
        let by_client = t.client == p.src_ip.map(|ip| (ip, p.src_port));
        let by_server = if t.opened_by_mptcp_client == Some(false) {
            by_client
        } else {
            !by_client
        };
        c.fallback_at = Some((p.frame, p.rel_time_ns, p.tcp_stream, by_server, reason));
    }
}
