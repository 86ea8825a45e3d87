//! Connection-level events of an MPTCP connection (address announcements, priority changes,
//! failures, fast closes, resets, DATA_FIN, fallback).

use super::{ns_to_s, Event, MptcpAcc};
use crate::model::{subtype, Packet, Side};

/// Record the events `p` carries, sent by `side`; `first_data_fin` when it carries the first
/// DATA_FIN of its direction.
pub(super) fn events(m: &mut MptcpAcc, p: &Packet, side: Side, first_data_fin: bool) {
    let mut ev = |kind: &'static str, detail: String| {
        m.events.push(Event {
            time_s: ns_to_s(p.rel_time_ns),
            frame: p.frame,
            tcp_stream: p.tcp_stream,
            from: side,
            kind,
            detail,
        })
    };
    for &st in &p.mptcp_subtypes {
        match st {
            subtype::ADD_ADDR => ev(
                "ADD_ADDR",
                format!(
                    "id {} {}{}{}",
                    p.addr_id.map(|x| x.to_string()).unwrap_or("?".into()),
                    p.add_addr_ip.map(|x| x.to_string()).unwrap_or_default(),
                    p.add_addr_port
                        .map(|x| format!(" port {x}"))
                        .unwrap_or_default(),
                    if p.add_addr_echo == Some(true) {
                        " (echo)"
                    } else {
                        ""
                    }
                ),
            ),
            subtype::REMOVE_ADDR => ev(
                "REMOVE_ADDR",
                format!(
                    "ids {}",
                    p.remove_addr_ids
                        .iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            ),
            subtype::MP_PRIO => ev(
                "MP_PRIO",
                format!("backup {}", p.backup.map(|b| b as u8).unwrap_or(0)),
            ),
            subtype::MP_FAIL => ev(
                "MP_FAIL",
                format!(
                    "dsn {}",
                    p.mp_fail_dsn.map(|x| x.to_string()).unwrap_or_default()
                ),
            ),
            subtype::MP_FASTCLOSE => ev("MP_FASTCLOSE", String::new()),
            subtype::MP_TCPRST => ev(
                "MP_TCPRST",
                format!(
                    "reason {}{}",
                    p.tcprst_reason
                        .map(|r| format!("{r} ({})", tcprst_reason_name(r)))
                        .unwrap_or("?".into()),
                    match p.tcprst_flags {
                        Some(f) if f != 0 => format!(" flags {f:#x}"),
                        _ => String::new(),
                    }
                ),
            ),
            _ => {}
        }
    }
    // the first DATA_FIN of each direction (it is repeated on every subflow and in ACKs)
    if first_data_fin {
        ev("DATA_FIN", String::new());
    }
}

/// The meaning of an MP_TCPRST reason code (RFC 8684 section 3.6), short enough for an
/// 80-column event line.
pub fn tcprst_reason_name(reason: u8) -> &'static str {
    match reason {
        0 => "unspecified",
        1 => "MPTCP error",
        2 => "no resources",
        3 => "prohibited",
        4 => "outstanding data",
        5 => "poor performance",
        6 => "middlebox",
        _ => "unknown",
    }
}
