//! The text of MPTCP connection events (`stats mptcp`): their `kind` and `detail`, in tables
//! and in JSON (docs/statistics.md). The analysis records them as typed values
//! ([`EventKind`]); the words are made here.

use crate::analysis::stats::{Event, EventKind};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The event's name: the option subtype (`ADD_ADDR`, `MP_TCPRST`...), `DATA_FIN` or `FALLBACK`.
pub fn kind(e: &EventKind) -> &'static str {
    match e {
        EventKind::AddAddr { .. } => "ADD_ADDR",
        EventKind::RemoveAddr { .. } => "REMOVE_ADDR",
        EventKind::MpPrio { .. } => "MP_PRIO",
        EventKind::MpFail { .. } => "MP_FAIL",
        EventKind::FastClose => "MP_FASTCLOSE",
        EventKind::TcpRst { .. } => "MP_TCPRST",
        EventKind::DataFin => "DATA_FIN",
        EventKind::Fallback { .. } => "FALLBACK",
    }
}

/// What the event carried, short enough for an 80-column event line.
pub fn detail(e: &EventKind) -> String {
    match e {
        EventKind::AddAddr { id, ip, port, echo } => format!(
            "id {} {}{}{}",
            id.map_or("?".to_string(), |x| x.to_string()),
            ip.map(|x| x.to_string()).unwrap_or_default(),
            port.map(|x| format!(" port {x}")).unwrap_or_default(),
            if *echo { " (echo)" } else { "" }
        ),
        EventKind::RemoveAddr { ids } => format!(
            "ids {}",
            ids.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
        EventKind::MpPrio { backup } => format!("backup {}", *backup as u8),
        EventKind::MpFail { dsn } => {
            format!("dsn {}", dsn.map(|x| x.to_string()).unwrap_or_default())
        }
        EventKind::TcpRst { reason, flags } => format!(
            "reason {}{}",
            reason.map_or("?".to_string(), |r| format!(
                "{r} ({})",
                tcprst_reason_name(r)
            )),
            match flags {
                Some(f) if *f != 0 => format!(" flags {f:#x}"),
                _ => String::new(),
            }
        ),
        EventKind::FastClose | EventKind::DataFin => String::new(),
        EventKind::Fallback { reason } => reason.to_string(),
    }
}

/// The meaning of an MP_TCPRST reason code (RFC 8684 section 3.6).
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

/// `{time_s, frame, tcp_stream, from, kind, detail}`: the JSON of an event (a stable contract).
impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Event", 6)?;
        st.serialize_field("time_s", &self.time_s)?;
        st.serialize_field("frame", &self.frame)?;
        st.serialize_field("tcp_stream", &self.tcp_stream)?;
        st.serialize_field("from", &self.from)?;
        st.serialize_field("kind", kind(&self.what))?;
        st.serialize_field("detail", &detail(&self.what))?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_details_name_what_the_option_carried() {
        let add = EventKind::AddAddr {
            id: Some(2),
            ip: Some("10.0.0.2".parse().unwrap()),
            port: Some(8080),
            echo: true,
        };
        assert_eq!(detail(&add), "id 2 10.0.0.2 port 8080 (echo)");
        let rst = EventKind::TcpRst {
            reason: Some(3),
            flags: Some(0x1),
        };
        assert_eq!(
            (kind(&rst), detail(&rst).as_str()),
            ("MP_TCPRST", "reason 3 (prohibited) flags 0x1")
        );
        let rm = EventKind::RemoveAddr { ids: vec![1, 4] };
        assert_eq!(detail(&rm), "ids 1,4");
        assert_eq!(detail(&EventKind::MpPrio { backup: true }), "backup 1");
        assert_eq!(detail(&EventKind::MpFail { dsn: None }), "dsn ");
    }
}
