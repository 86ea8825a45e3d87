//! MPTCP connection numbering as Wireshark does it (`mptcp.stream`): which connection a
//! subflow belongs to, when a connection gets its number, and merging the subflows Wireshark
//! attaches to an existing connection (a key whose token it knows, or the backend's number).

use super::MptcpState;
use crate::analysis::enrich::{ConnIdx, Enricher};
use crate::model::{subtype, tcp_flags, Packet};

impl Enricher {
    /// The connection of the first MPTCP packet of a subflow: an existing one (the backend's
    /// `mptcp_stream`, or the token of an MP_JOIN), or a new one, numbered unless the packet is
    /// the MP_CAPABLE SYN (see [`MptcpState::numbered`]).
    pub(in crate::analysis) fn associate(&mut self, p: &Packet) -> usize {
        if !self.assign_mptcp_streams {
            if let Some(id) = p.mptcp_stream {
                if let Some(&i) = self.conn_by_id.get(&id) {
                    return i;
                }
                return self.new_conn(Some(id));
            }
        }
        if let Some(i) = self.conn_of_key(p) {
            return i;
        }
        let join_token = p.receiver_token.filter(|_| p.has_subtype(subtype::MP_JOIN));
        if let Some(tok) = join_token {
            if let Some(&i) = self.by_token.get(&tok) {
                return i;
            }
        }
        if !self.assign_mptcp_streams || is_mp_capable_syn(p) {
            return self.new_conn(None);
        }
        let id = self.next_mptcp_id;
        let i = self.new_conn(Some(id));
        if let Some(tok) = join_token {
            // a join to a connection whose keys were not captured: Wireshark makes it a new
            // connection that owns the token, and later joins with that token attach to it
            self.by_token.insert(tok, i);
        }
        i
    }

    /// The connection that already owns the token of a key this MP_CAPABLE carries (Wireshark
    /// attaches the subflow to it).
    fn conn_of_key(&mut self, p: &Packet) -> Option<usize> {
        if !p.has_subtype(subtype::MP_CAPABLE) {
            return None;
        }
        let v = p.mptcp_version?;
        let receiver = p
            .receiver_key
            .filter(|_| !p.has_subtype(subtype::MP_FASTCLOSE));
        let keys = &mut self.keys;
        [p.sender_key, receiver]
            .into_iter()
            .flatten()
            .find_map(|k| self.by_token.get(&keys.get(k, v).0).copied())
    }

    /// Move the subflows of `from` (an unnumbered connection) into `to`; returns `to`.
    fn merge_into(&mut self, from: usize, to: usize) -> usize {
        if from == to {
            return to;
        }
        let subflows = std::mem::take(&mut self.conns[from].subflows);
        if self.conns.get(to).is_none() {
            // a released connection: its new subflows are released too
            for s in subflows {
                self.join_released(to, s);
            }
            self.conns[from].merged_into = Some(ConnIdx(to));
            return to;
        }
        for s in &subflows {
            if let Some(t) = self.tcp.get_mut(s) {
                t.mptcp = Some(ConnIdx(to));
            }
        }
        let syn_seen = self.conns[from].syn_seen;
        let c = &mut self.conns[to];
        c.syn_seen |= syn_seen;
        for s in subflows {
            if !c.subflows.contains(&s) {
                c.subflows.push(s);
            }
        }
        self.conns[from].merged_into = Some(ConnIdx(to));
        to
    }

    fn new_conn(&mut self, id: Option<u64>) -> usize {
        self.conns.push(Box::new(MptcpState::new(None)));
        let i = self.conns.len() - 1;
        if let Some(id) = id {
            self.set_number(i, id);
        }
        i
    }

    fn set_number(&mut self, ci: usize, id: u64) {
        // `mptcp_stream` comes from the backend (CSV, tshark): u64::MAX has no successor, and
        // the next number we would assign then stays u64::MAX (saturating, never a panic)
        self.next_mptcp_id = self.next_mptcp_id.max(id.saturating_add(1));
        let c = &mut self.conns[ci];
        c.mptcp_stream = id;
        c.numbered = true;
        self.conn_by_id.insert(id, ci);
    }

    /// Number a connection as Wireshark does: the backend's `mptcp_stream` when it gives one,
    /// otherwise the next number at the first MPTCP packet that is not a keyless MP_CAPABLE SYN,
    /// unless that packet carries a key whose token belongs to another connection, which the
    /// subflow then joins (as it does when the backend's number is another connection's).
    /// Returns the connection the packet belongs to.
    pub(in crate::analysis) fn number(&mut self, ci: usize, p: &Packet) -> usize {
        if !self.assign_mptcp_streams {
            if let Some(id) = p.mptcp_stream {
                match self.conn_by_id.get(&id) {
                    Some(&j) => return self.merge_into(ci, j),
                    None => self.set_number(ci, id),
                }
            }
        } else if !p.mptcp_subtypes.is_empty() && !is_mp_capable_syn(p) {
            if let Some(j) = self.conn_of_key(p) {
                return self.merge_into(ci, j);
            }
            let id = self.next_mptcp_id;
            self.set_number(ci, id);
        }
        ci
    }
}

/// The v1 MP_CAPABLE SYN: no key yet, and Wireshark does not number the connection at it (a v0
/// SYN carries the client's key and is numbered).
fn is_mp_capable_syn(p: &Packet) -> bool {
    p.has_flag(tcp_flags::SYN)
        && !p.has_flag(tcp_flags::ACK)
        && p.has_subtype(subtype::MP_CAPABLE)
        && p.sender_key.is_none()
}
