//! Which MPTCP host sent a packet. With the handshake captured this follows from the SYN and
//! the MP_JOIN token; without, the analysis decides once per subflow from the evidence (known
//! addresses, data sequence space, the server's port), so that every packet of the subflow gets
//! the same orientation.

use super::MptcpState;
use crate::analysis::enrich::Enricher;
use crate::analysis::tcp::TcpState;
use crate::model::{subtype, tcp_flags, Packet, Side};
use std::net::IpAddr;

impl Enricher {
    /// The MPTCP side that sent `p` on subflow `t` of connection `c`.
    pub(in crate::analysis) fn side_of(&self, t: &TcpState, c: &MptcpState, p: &Packet) -> Side {
        let src = p.src_ip.map(|ip| (ip, p.src_port));
        let from_tcp_client = t.client.map(|cl| Some(cl) == src);
        match (from_tcp_client, t.opened_by_mptcp_client) {
            (Some(fc), Some(by_client)) => {
                if fc == by_client {
                    Side::Client
                } else {
                    Side::Server
                }
            }
            _ if t.first_src_side.is_some() => {
                let first = t.first_src_side.unwrap_or(Side::Client);
                if t.dir_of(p) == 0 {
                    first
                } else {
                    first.other()
                }
            }
            // a subflow of unknown orientation (no SYN, or a token not seen): the addresses each
            // host is known to use (its subflows, its ADD_ADDRs), then the server's port
            _ => match (
                p.src_ip
                    .is_some_and(|ip| c.addrs[Side::Client.idx()].contains(&ip)),
                p.src_ip
                    .is_some_and(|ip| c.addrs[Side::Server.idx()].contains(&ip)),
                c.server_port,
            ) {
                (true, false, _) => Side::Client,
                (false, true, _) => Side::Server,
                (_, _, Some(port)) if p.src_port == port => Side::Server,
                (_, _, Some(_)) => Side::Client,
                (_, _, None) => {
                    if t.dir_of(p) == 0 {
                        Side::Client
                    } else {
                        Side::Server
                    }
                }
            },
        }
    }

    /// Decide, once, which MPTCP host is which on a subflow whose handshake does not tell (capture
    /// started late, SYN lost): by the addresses each host is known to use, else by the data
    /// sequence space (a host's DSNs on every subflow are close to each other, and its data ACKs
    /// close to the peer's DSNs), else by the server's port, else (first subflow of a connection
    /// seen without any handshake) the lower port is the server's. Every packet of the subflow then
    /// gets the same orientation, consistent with the connection's other subflows.
    pub(in crate::analysis) fn orient(&mut self, ci: usize, p: &Packet) {
        let Some(t) = self.tcp.get(&p.tcp_stream) else {
            return;
        };
        if (t.client.is_some() && t.opened_by_mptcp_client.is_some()) || t.first_src_side.is_some()
        {
            return;
        }
        let c = &self.conns[ci];
        let near = |a: u64, b: Option<u64>| {
            b.is_some_and(|b| ((a as u32).wrapping_sub(b as u32) as i32).unsigned_abs() < 1 << 28)
        };
        let by_addr =
            |ip: Option<IpAddr>, s: Side| ip.is_some_and(|ip| c.addrs[s.idx()].contains(&ip));
        let no_evidence = c.last_dsn.iter().all(Option::is_none)
            && c.addrs.iter().all(Vec::is_empty)
            && c.server_port.is_none();
        let sender = if by_addr(p.src_ip, Side::Client) != by_addr(p.src_ip, Side::Server) {
            Some(if by_addr(p.src_ip, Side::Client) {
                Side::Client
            } else {
                Side::Server
            })
        } else if let Some(d) = p.dss_dsn_raw.filter(|_| p.payload_len > 0) {
            match (near(d, c.last_dsn[0]), near(d, c.last_dsn[1])) {
                (true, false) => Some(Side::Client),
                (false, true) => Some(Side::Server),
                _ => None,
            }
        } else if let Some(a) = p.data_ack_raw {
            match (near(a, c.last_dsn[1]), near(a, c.last_dsn[0])) {
                (true, false) => Some(Side::Client),
                (false, true) => Some(Side::Server),
                _ => None,
            }
        } else {
            None
        };
        let sender = sender.or(match c.server_port {
            Some(port) if p.src_port == port && p.dst_port != port => Some(Side::Server),
            Some(port) if p.dst_port == port && p.src_port != port => Some(Side::Client),
            _ if no_evidence => Some(if p.src_port < p.dst_port {
                Side::Server
            } else {
                Side::Client
            }),
            _ => None,
        });
        if let Some(s) = sender {
            let from_first = t.dir_of(p) == 0;
            if let Some(t) = self.tcp.get_mut(&p.tcp_stream) {
                t.first_src_side = Some(if from_first { s } else { s.other() });
            }
        }
    }

    /// Remember which addresses each host uses: the source of its handshake packets and the
    /// addresses it announces.
    pub(in crate::analysis) fn learn_addresses(&mut self, ci: usize, p: &Packet, side: Side) {
        let known = self
            .tcp
            .get(&p.tcp_stream)
            .is_some_and(|t| t.opened_by_mptcp_client.is_some());
        if !known {
            return;
        }
        let c = &mut self.conns[ci];
        let mut add = |s: Side, ip: Option<IpAddr>| {
            if let Some(ip) = ip {
                let v = &mut c.addrs[s.idx()];
                if !v.contains(&ip) && v.len() < 16 {
                    v.push(ip);
                }
            }
        };
        if p.has_flag(tcp_flags::SYN) {
            add(side, p.src_ip);
            add(side.other(), p.dst_ip);
        }
        if p.has_subtype(subtype::ADD_ADDR) && p.add_addr_echo != Some(true) {
            add(side, p.add_addr_ip);
        }
    }
}
