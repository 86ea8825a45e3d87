//! MPTCP-level analysis, one file per job of [`super::enrich::Enricher`]: connection numbering
//! and merging as Wireshark does it ([`numbering`]), keys, tokens, joins and fallback
//! ([`handshake`]), which host sent a packet ([`orientation`]), DSS mappings and relative DSNs
//! ([`dsn`]), data ACKs ([`data_ack`]) and reinjections ([`reinjection`]).

pub mod data_ack;
pub mod dsn;
pub mod handshake;
pub mod numbering;
pub mod orientation;
pub mod pairs;
pub mod reinjection;

use crate::analysis::enrich::ConnIdx;
use crate::analysis::lifecycle::Life;
use crate::model::Side;
use reinjection::SentRanges;
use std::net::IpAddr;

/// What the analysis knows of one MPTCP connection.
#[derive(Debug, Clone)]
pub struct MptcpState {
    /// Wireshark's `mptcp.stream`; meaningful only when [`MptcpState::numbered`].
    pub mptcp_stream: u64,
    /// Wireshark numbers a connection at its first MPTCP packet other than a keyless (v1)
    /// MP_CAPABLE SYN, normally the SYN/ACK: a v1 connection that falls back during the
    /// handshake never gets a number, and is not an MPTCP connection for `list`/`stats`.
    pub numbered: bool,
    pub version: Option<u8>,
    /// Keys, tokens and IDSNs indexed by [`Side`].
    pub keys: [Option<u64>; 2],
    pub tokens: [Option<u32>; 2],
    pub idsn: [Option<u64>; 2],
    /// Subflows in order of appearance (TCP stream ids).
    pub subflows: Vec<u64>,
    /// The master subflow's server endpoint (used to orient subflows without a handshake).
    pub server_port: Option<u16>,
    /// DSN corresponding to relative 0 when the IDSN is unknown (handshake not captured).
    pub(in crate::analysis) dsn_base: [Option<u64>; 2],
    pub(in crate::analysis) last_dsn: [Option<u64>; 2],
    pub(in crate::analysis) last_dack: [Option<u64>; 2],
    /// The DSN ranges sent by each side, indexed by [`Side`] (boxed: only with reinjections
    /// tracked, and freed at the fold).
    pub(in crate::analysis) sent: Option<Box<[SentRanges; 2]>>,
    /// The connection fell back to plain TCP (MP_CAPABLE not echoed, or infinite mapping).
    pub fallback: bool,
    /// Where the fallback showed: (frame, time since capture start in ns, TCP stream, sent by
    /// the server, reason).
    pub fallback_at: Option<(u64, i64, u64, bool, &'static str)>,
    /// The MP_CAPABLE SYN of the connection was captured.
    pub syn_seen: bool,
    /// Addresses each host is known to use, indexed by [`Side`].
    pub addrs: [Vec<IpAddr>; 2],
    /// The MP_CAPABLE handshake is not in the capture: DSNs are relative to the first seen.
    pub no_handshake: bool,
    /// Wireshark put this connection's subflows (seen only through keyless MP_CAPABLE SYNs so
    /// far) into that other connection: a key whose token it knew, or its `mptcp.stream`.
    pub merged_into: Option<ConnIdx>,
    /// A DATA_FIN was sent by each side, indexed by [`Side`]; an MP_FASTCLOSE was sent.
    pub(in crate::analysis) data_fin_seen: [bool; 2],
    pub(in crate::analysis) fastclose_seen: bool,
    /// Where the connection is in its lifecycle (open, ended, folded).
    pub life: Life,
}

impl MptcpState {
    pub(in crate::analysis) fn new(id: Option<u64>) -> Self {
        MptcpState {
            mptcp_stream: id.unwrap_or(u64::MAX),
            numbered: id.is_some(),
            version: None,
            keys: [None; 2],
            tokens: [None; 2],
            idsn: [None; 2],
            subflows: Vec::new(),
            server_port: None,
            dsn_base: [None; 2],
            last_dsn: [None; 2],
            last_dack: [None; 2],
            sent: None,
            fallback: false,
            fallback_at: None,
            syn_seen: false,
            addrs: Default::default(),
            no_handshake: false,
            merged_into: None,
            data_fin_seen: [false; 2],
            fastclose_seen: false,
            life: Life::default(),
        }
    }

    /// `mptcp.stream`, once Wireshark would have numbered the connection.
    pub fn id(&self) -> Option<u64> {
        self.numbered.then_some(self.mptcp_stream)
    }

    /// The DSN that relative DSNs sent by `side` count from: its IDSN, else the first DSN seen.
    pub(in crate::analysis) fn base(&self, side: Side) -> Option<u64> {
        self.idsn[side.idx()].or(self.dsn_base[side.idx()])
    }
}
