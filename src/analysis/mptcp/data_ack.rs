//! Data ACKs: the 64-bit data ACK of each packet (expanded from 32 bits when needed), made
//! relative to the base of the peer's data sequence space (the data it acknowledges).

use crate::analysis::enrich::Enricher;
use crate::analysis::keys::expand32;
use crate::model::{Packet, Side};

impl Enricher {
    /// Fill `p.data_ack`, sent by `side`.
    pub(in crate::analysis) fn data_ack(&mut self, ci: usize, p: &mut Packet, side: Side) {
        let Some(raw) = p.data_ack_raw else {
            return;
        };
        let c = &mut self.conns[ci];
        let peer = side.other();
        let full = if p.data_ack8 == Some(true) {
            raw
        } else {
            match c.last_dack[side.idx()]
                .or(c.idsn[peer.idx()])
                .or(c.last_dsn[peer.idx()])
            {
                Some(r) => expand32(r, raw as u32),
                None => raw,
            }
        };
        c.last_dack[side.idx()] = Some(full);
        p.data_ack = c.base(peer).map(|b| full.wrapping_sub(b) as i64);
    }
}
