//! TCP-level state of one stream (subflow): endpoints and orientation, ISNs, relative sequence
//! and acknowledgement numbers, per-direction counters. The MPTCP layer keeps its per-subflow
//! DSS state here too (anchor, mappings), since it lives exactly as long as the stream.

use super::enrich::ConnIdx;
use super::keys::expand32;
use super::mptcp::dsn::{AnchorBounds, Mapping};
use crate::model::{tcp_flags, Endpoint, Packet, Side};
use std::collections::VecDeque;
use std::net::IpAddr;

/// What the analysis knows of one TCP stream (subflow).
#[derive(Debug, Clone)]
pub struct TcpState {
    pub tcp_stream: u64,
    /// The endpoint that sent the first packet seen.
    pub first_src: Endpoint,
    pub first_dst: Endpoint,
    /// The SYN sender, when a SYN or SYN/ACK was seen.
    pub client: Option<Endpoint>,
    /// ISN per direction (index 0: sent by `first_src`); without a SYN, the first sequence
    /// number seen minus one (as Wireshark does for `tcp.seq`).
    pub(in crate::analysis) isn: [Option<u32>; 2],
    /// The ISN that DSS subflow sequence numbers are relative to: from the SYN, else derived
    /// from the mappings once they pin it down (see [`AnchorBounds`]).
    pub(in crate::analysis) anchor: [Option<u32>; 2],
    /// Last relative sequence / acknowledgement number, to expand them past 4 GiB.
    last_seq: [u64; 2],
    last_ack: [u64; 2],
    /// A SYN (from the client) / SYN/ACK (from the server) was seen.
    pub syn_seen: bool,
    pub synack_seen: bool,
    /// MP_CAPABLE seen on the SYN / on the SYN/ACK.
    pub syn_mp_capable: bool,
    pub synack_mp_capable: bool,
    /// The MPTCP connection this stream is a subflow of.
    pub mptcp: Option<ConnIdx>,
    /// True when the SYN sender is the MPTCP client.
    pub opened_by_mptcp_client: Option<bool>,
    /// Without a usable handshake: which MPTCP host `first_src` is, once evidence decided it.
    pub(in crate::analysis) first_src_side: Option<Side>,
    pub is_join: bool,
    /// Address id announced in the MP_JOIN SYN (by the subflow's client) and SYN/ACK (server).
    pub join_addr_ids: [Option<u8>; 2],
    pub backup: Option<bool>,
    /// The DSS state of the subflow (mappings, anchor bounds), boxed: a stream without DSS
    /// has none, and a folded one keeps it only while an ISN is still unknown.
    pub(in crate::analysis) dss: Option<Box<SubflowDss>>,
    // counters, per direction (index as `isn`)
    pub packets: [u64; 2],
    pub payload_bytes: [u64; 2],
    pub first_ns: i64,
    pub last_ns: i64,
    pub first_rel_ns: i64,
    /// The first FIN sent in each direction (index as `isn`).
    pub first_fin: [Option<Closing>; 2],
    /// The first RST, in either direction.
    pub first_rst: Option<Closing>,
    /// Window scale per direction (index as `isn`), as learnt from the SYNs.
    pub(in crate::analysis) wscale: [WindowScale; 2],
    /// Where the stream is in its lifecycle (see [`super::lifecycle`]).
    pub life: super::lifecycle::Life,
}

/// The DSS state of one subflow, per direction (index as [`TcpState::isn`]).
#[derive(Debug, Clone, Default)]
pub(in crate::analysis) struct SubflowDss {
    /// The latest DSS mappings seen.
    pub(in crate::analysis) mappings: [VecDeque<Mapping>; 2],
    /// Without a SYN: what the mappings seen so far say of the ISN.
    pub(in crate::analysis) bounds: [AnchorBounds; 2],
}

/// What the handshake says of the window scale of one direction, as Wireshark decides it for
/// `tcp.window_size` (checked against tshark on the kernel fixtures and on captures with the
/// option or the SYNs removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WindowScale {
    /// The sender's SYN is not captured (Wireshark's scale factor -1).
    #[default]
    Unknown,
    /// A SYN or SYN/ACK without the window scale option: no scaling in either direction
    /// (Wireshark's -2).
    Off,
    /// The shift the sender announced in its SYN, capped at 14 (RFC 7323 2.3).
    Shift(u8),
}

/// The largest window scale shift (RFC 7323 2.3): larger values are read as 14.
pub const MAX_WINDOW_SHIFT: u8 = 14;

impl WindowScale {
    /// The scaled window of a non-SYN segment with window field `window`.
    pub fn apply(self, window: u16) -> Option<u64> {
        match self {
            WindowScale::Unknown => None,
            WindowScale::Off => Some(window as u64),
            WindowScale::Shift(s) => Some((window as u64) << s),
        }
    }
}

/// A packet that closes (FIN) or resets (RST) a TCP connection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closing {
    pub frame: u64,
    /// Time since the start of the capture, ns.
    pub rel_ns: i64,
    /// Its sender.
    pub from: Endpoint,
    /// The MP_TCPRST reason it carried (RFC 8684 3.6).
    pub mp_tcprst_reason: Option<u8>,
    /// It carried MP_FASTCLOSE.
    pub fastclose: bool,
}

impl Closing {
    fn of(p: &Packet, from: Endpoint) -> Self {
        Closing {
            frame: p.frame,
            rel_ns: p.rel_time_ns,
            from,
            mp_tcprst_reason: p
                .has_subtype(crate::model::subtype::MP_TCPRST)
                .then_some(p.tcprst_reason)
                .flatten(),
            fastclose: p.has_subtype(crate::model::subtype::MP_FASTCLOSE),
        }
    }
}

impl TcpState {
    /// The state of a stream whose first packet seen is `p`, sent from `src` to `dst`.
    pub(in crate::analysis) fn new(p: &Packet, src: IpAddr, dst: IpAddr) -> Self {
        TcpState {
            tcp_stream: p.tcp_stream,
            first_src: (src, p.src_port),
            first_dst: (dst, p.dst_port),
            client: None,
            isn: [None; 2],
            anchor: [None; 2],
            last_seq: [0; 2],
            last_ack: [0; 2],
            syn_seen: false,
            synack_seen: false,
            syn_mp_capable: false,
            synack_mp_capable: false,
            mptcp: None,
            opened_by_mptcp_client: None,
            first_src_side: None,
            is_join: false,
            join_addr_ids: [None; 2],
            backup: None,
            dss: None,
            packets: [0; 2],
            payload_bytes: [0; 2],
            first_ns: p.abs_time_ns,
            last_ns: p.abs_time_ns,
            first_rel_ns: p.rel_time_ns,
            first_fin: [None; 2],
            first_rst: None,
            wscale: [WindowScale::Unknown; 2],
            life: Default::default(),
        }
    }

    /// Count `p` (sent in direction `dir`, from `src` to `dst`), learn the handshake and fill
    /// its relative sequence and acknowledgement numbers.
    pub(in crate::analysis) fn observe(
        &mut self,
        p: &mut Packet,
        dir: usize,
        (src, dst): (IpAddr, IpAddr),
    ) {
        let syn = p.has_flag(tcp_flags::SYN);
        let ack = p.has_flag(tcp_flags::ACK);
        let mp_capable = p.has_subtype(crate::model::subtype::MP_CAPABLE);
        if syn && !ack {
            self.client = Some((src, p.src_port));
            self.isn[dir] = Some(p.seq_raw);
            self.anchor[dir] = Some(p.seq_raw);
            self.syn_seen = true;
            self.syn_mp_capable |= mp_capable;
        } else if syn {
            self.isn[dir] = Some(p.seq_raw);
            self.anchor[dir] = Some(p.seq_raw);
            if self.client.is_none() {
                self.client = Some((dst, p.dst_port));
            }
            self.synack_seen = true;
            self.synack_mp_capable |= mp_capable;
        }
        p.rwnd = if syn {
            self.learn_window_scale(p, dir);
            Some(p.window as u64) // the window of a SYN is never scaled
        } else {
            self.wscale[dir].apply(p.window)
        };
        let isn = *self.isn[dir].get_or_insert(p.seq_raw.wrapping_sub(1));
        let seq = expand32(self.last_seq[dir], p.seq_raw.wrapping_sub(isn));
        self.last_seq[dir] = seq;
        p.seq = Some(seq as i64);
        p.ack = match (ack, self.isn[1 - dir]) {
            (true, Some(i)) => {
                let a = expand32(self.last_ack[dir], p.ack_raw.wrapping_sub(i));
                self.last_ack[dir] = a;
                Some(a as i64)
            }
            _ => None,
        };
        self.packets[dir] += 1;
        self.payload_bytes[dir] += p.payload_len as u64;
        self.last_ns = p.abs_time_ns;
        if p.has_flag(tcp_flags::FIN) && self.first_fin[dir].is_none() {
            self.first_fin[dir] = Some(Closing::of(p, (src, p.src_port)));
        }
        if p.has_flag(tcp_flags::RST) && self.first_rst.is_none() {
            self.first_rst = Some(Closing::of(p, (src, p.src_port)));
        }
    }

    /// Learn the window scale of direction `dir` from its SYN or SYN/ACK `p`. Without the
    /// option neither direction scales; a window scale option whose value is unknown (the
    /// option is listed but its value was not read: a CSV of schema version 1) teaches nothing.
    fn learn_window_scale(&mut self, p: &Packet, dir: usize) {
        let listed = p
            .tcp_options
            .contains(&crate::model::tcp_option::WINDOW_SCALE);
        match p.wscale {
            _ if !listed => self.wscale = [WindowScale::Off; 2],
            Some(s) if self.wscale[dir] != WindowScale::Off => {
                self.wscale[dir] = WindowScale::Shift(s.min(MAX_WINDOW_SHIFT))
            }
            _ => {}
        }
    }

    /// Direction index of `p` (0: sent by `first_src`).
    pub(in crate::analysis) fn dir_of(&self, p: &Packet) -> usize {
        match (p.src_ip, self.first_src) {
            (Some(ip), (fip, fport)) if ip == fip && p.src_port == fport => 0,
            _ => 1,
        }
    }

    /// The client endpoint: SYN sender, else the sender of the first packet seen.
    pub fn client_endpoint(&self) -> Endpoint {
        self.client.unwrap_or(self.first_src)
    }

    pub fn server_endpoint(&self) -> Endpoint {
        if self.client_endpoint() == self.first_src {
            self.first_dst
        } else {
            self.first_src
        }
    }

    /// As a subflow: (client, server) endpoints. With a SYN, the TCP client and server; without,
    /// the endpoints of the MPTCP client and server as the analysis decided them (the same
    /// decision that splits the subflow's traffic into the two MPTCP directions), else the TCP
    /// guess.
    pub fn subflow_endpoints(&self) -> (Endpoint, Endpoint) {
        match (self.client, self.first_src_side) {
            (None, Some(Side::Client)) => (self.first_src, self.first_dst),
            (None, Some(Side::Server)) => (self.first_dst, self.first_src),
            _ => (self.client_endpoint(), self.server_endpoint()),
        }
    }

    /// The endpoint the MPTCP client uses on this subflow: the TCP client of a subflow it
    /// opened, the TCP server of one the MPTCP server opened; without a SYN, as decided by the
    /// analysis (else the TCP guess).
    pub fn mptcp_client_endpoint(&self) -> Endpoint {
        // the same order of evidence as `Enricher::side_of`
        match (
            self.client,
            self.opened_by_mptcp_client,
            self.first_src_side,
        ) {
            (Some(c), Some(true), _) => c,
            (Some(_), Some(false), _) => self.server_endpoint(),
            (_, _, Some(Side::Client)) => self.first_src,
            (_, _, Some(Side::Server)) => self.first_dst,
            _ => self.client_endpoint(),
        }
    }

    /// Direction index (as used by the counters) of data sent by the client.
    pub fn client_dir(&self) -> usize {
        if self.client_endpoint() == self.first_src {
            0
        } else {
            1
        }
    }
}
