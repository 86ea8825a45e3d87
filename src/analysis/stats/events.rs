//! Connection-level events of an MPTCP connection (address announcements, priority changes,
//! failures, fast closes, resets, DATA_FIN, fallback), as typed values: their text (`kind`,
//! `detail`) is made in `output::events`.

use super::{ns_to_s, Event, EventKind, MptcpAcc};
use crate::model::{subtype, Packet, Side};

/// Record the events `p` carries, sent by `side`; `first_data_fin` when it carries the first
/// DATA_FIN of its direction.
pub(super) fn events(m: &mut MptcpAcc, p: &Packet, side: Side, first_data_fin: bool) {
    let mut ev = |what: EventKind| {
        m.events.push(Event {
            time_s: ns_to_s(p.rel_time_ns),
            frame: p.frame,
            tcp_stream: p.tcp_stream,
            from: side,
            what,
        })
    };
    for &st in &p.mptcp_subtypes {
        match st {
            subtype::ADD_ADDR => ev(EventKind::AddAddr {
                id: p.addr_id,
                ip: p.add_addr_ip,
                port: p.add_addr_port,
                echo: p.add_addr_echo == Some(true),
            }),
            subtype::REMOVE_ADDR => ev(EventKind::RemoveAddr {
                ids: p.remove_addr_ids.clone(),
            }),
            subtype::MP_PRIO => ev(EventKind::MpPrio {
                backup: p.backup == Some(true),
            }),
            subtype::MP_FAIL => ev(EventKind::MpFail { dsn: p.mp_fail_dsn }),
            subtype::MP_FASTCLOSE => ev(EventKind::FastClose),
            subtype::MP_TCPRST => ev(EventKind::TcpRst {
                reason: p.tcprst_reason,
                flags: p.tcprst_flags,
            }),
            _ => {}
        }
    }
    // the first DATA_FIN of each direction (it is repeated on every subflow and in ACKs)
    if first_data_fin {
        ev(EventKind::DataFin);
    }
}
