//! One CSV cell into its [`Packet`] field, read exactly as the serde deserialisation of a
//! `Packet` through the `csv` crate reads it (the tests compare the two on generated rows):
//! integers as `str::parse` reads them, or hexadecimal after `0x` (the `csv` crate's
//! integer rule); an empty cell is `None` for an optional field and an error for any other
//! number or boolean; booleans are `true` / `false`; addresses as `IpAddr` parses them;
//! lists as [`crate::model::list::parse`]. The error is the message the serde path gave for
//! the cell (without the column, which the caller adds).
//!
//! The columns of a header are resolved once ([`Plan`]), so a row costs one parse per cell,
//! not the name lookups and visitor calls of the generic deserialisation.

use crate::model::kinds::{self, Kinds};
use crate::model::{list, Packet, CSV_COLUMNS};
use std::net::IpAddr;
use std::num::ParseIntError;

/// Where each cell of a row goes: the schema column of every header cell (None: a column
/// the schema does not have, ignored), and the first cell that repeats a column.
pub(super) struct Plan {
    columns: Vec<Option<usize>>,
    /// (cell index, column) of the first repeated column: the serde path fails every row there
    /// ("duplicate field"), after the cells before it.
    repeated: Option<(usize, usize)>,
}

impl Plan {
    pub(super) fn new<'a>(headers: impl IntoIterator<Item = &'a str>) -> Plan {
        let mut seen = [false; CSV_COLUMNS.len()];
        let mut repeated = None;
        let columns = headers
            .into_iter()
            .enumerate()
            .map(|(i, h)| {
                let col = CSV_COLUMNS.iter().position(|c| *c == h)?;
                if std::mem::replace(&mut seen[col], true) && repeated.is_none() {
                    repeated = Some((i, col));
                }
                Some(col)
            })
            .collect();
        Plan { columns, repeated }
    }

    /// The packet of one row (its derived fields left empty: they are checked, not kept).
    /// Err: (schema column, message) of the first cell that does not read.
    ///
    /// The caller checks what the serde path checked before any cell: that the header has
    /// every required column (a missing one would be left at its default here) and that the
    /// row has as many cells as the header (the `csv` reader is not flexible).
    pub(super) fn packet<'a>(
        &self,
        cells: impl IntoIterator<Item = &'a str>,
    ) -> Result<Packet, (usize, String)> {
        let mut p = Packet::default();
        for (i, cell) in cells.into_iter().enumerate() {
            if let Some((at, col)) = self.repeated {
                if i == at {
                    return Err((col, format!("duplicate field `{}`", CSV_COLUMNS[col])));
                }
            }
            if let Some(&Some(col)) = self.columns.get(i) {
                set(&mut p, col, cell).map_err(|msg| (col, msg))?;
            }
        }
        Ok(p)
    }
}

/// Set the field of column `col` (an index into [`CSV_COLUMNS`]) from `s`.
fn set(p: &mut Packet, col: usize, s: &str) -> Result<(), String> {
    match col {
        c::FRAME => p.frame = int(s)?,
        c::ABS_TIME_NS => p.abs_time_ns = int(s)?,
        c::REL_TIME_NS => p.rel_time_ns = int(s)?,
        c::INTERFACE => p.interface = int(s)?,
        c::IP_VERSION => p.ip_version = int(s)?,
        c::SRC_IP => p.src_ip = ip(s)?,
        c::DST_IP => p.dst_ip = ip(s)?,
        c::SRC_PORT => p.src_port = int(s)?,
        c::DST_PORT => p.dst_port = int(s)?,
        c::TCP_STREAM => p.tcp_stream = int(s)?,
        c::TCP_FLAGS => p.tcp_flags = int(s)?,
        c::SEQ_RAW => p.seq_raw = int(s)?,
        c::ACK_RAW => p.ack_raw = int(s)?,
        c::PAYLOAD_LEN => p.payload_len = int(s)?,
        c::WINDOW => p.window = int(s)?,
        c::TCP_OPTIONS => p.tcp_options = kinds_of(s)?,
        c::TS_VAL => p.ts_val = opt(s)?,
        c::TS_ECR => p.ts_ecr = opt(s)?,
        c::WSCALE => p.wscale = opt(s)?,
        c::MPTCP_STREAM => p.mptcp_stream = opt(s)?,
        c::MPTCP_SUBTYPES => p.mptcp_subtypes = kinds_of(s)?,
        c::MPTCP_VERSION => p.mptcp_version = opt(s)?,
        c::SENDER_KEY => p.sender_key = opt(s)?,
        c::RECEIVER_KEY => p.receiver_key = opt(s)?,
        c::RECEIVER_TOKEN => p.receiver_token = opt(s)?,
        c::ADDR_ID => p.addr_id = opt(s)?,
        c::BACKUP => p.backup = opt_bool(s)?,
        c::DSS_DSN_RAW => p.dss_dsn_raw = opt(s)?,
        c::DSS_DSN8 => p.dss_dsn8 = opt_bool(s)?,
        c::DSS_SSN => p.dss_ssn = opt(s)?,
        c::DSS_LENGTH => p.dss_length = opt(s)?,
        c::DSS_CHECKSUM => p.dss_checksum = opt(s)?,
        c::DATA_ACK_RAW => p.data_ack_raw = opt(s)?,
        c::DATA_ACK8 => p.data_ack8 = opt_bool(s)?,
        c::DATA_FIN => p.data_fin = boolean(s)?,
        c::ADD_ADDR_IP => p.add_addr_ip = ip(s)?,
        c::ADD_ADDR_PORT => p.add_addr_port = opt(s)?,
        c::ADD_ADDR_ECHO => p.add_addr_echo = opt_bool(s)?,
        c::REMOVE_ADDR_IDS => p.remove_addr_ids = list::parse(s)?,
        c::MP_FAIL_DSN => p.mp_fail_dsn = opt(s)?,
        c::TCPRST_REASON => p.tcprst_reason = opt(s)?,
        c::TCPRST_FLAGS => p.tcprst_flags = opt(s)?,
        _ => check_derived(col, s)?,
    }
    Ok(())
}

/// A derived column's cell: read as the serde path reads it (so that a bad one is the same
/// error), then dropped (the analysis computes these again).
fn check_derived(col: usize, s: &str) -> Result<(), String> {
    match col {
        c::SEQ | c::ACK | c::DSN | c::DATA_ACK => opt::<i64>(s).map(drop),
        c::RWND | c::MAPPING_FRAME => opt::<u64>(s).map(drop),
        c::EXPECTED_TOKEN => opt::<u32>(s).map(drop), // expected_token
        c::REINJECTION_OF | c::REINJECTED_IN => list::parse::<u64>(s).map(drop),
        _ => unreachable!("column {col} is not in the schema"),
    }
}

/// The index of every column in [`CSV_COLUMNS`], worked out at compile time (a column renamed
/// or removed from the schema fails the build here).
mod c {
    use crate::model::CSV_COLUMNS;

    const fn at(name: &str) -> usize {
        let mut i = 0;
        while i < CSV_COLUMNS.len() {
            if eq(CSV_COLUMNS[i].as_bytes(), name.as_bytes()) {
                return i;
            }
            i += 1;
        }
        panic!("not a column of the schema")
    }

    const fn eq(a: &[u8], b: &[u8]) -> bool {
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    pub const FRAME: usize = at("frame");
    pub const ABS_TIME_NS: usize = at("abs_time_ns");
    pub const REL_TIME_NS: usize = at("rel_time_ns");
    pub const INTERFACE: usize = at("interface");
    pub const IP_VERSION: usize = at("ip_version");
    pub const SRC_IP: usize = at("src_ip");
    pub const DST_IP: usize = at("dst_ip");
    pub const SRC_PORT: usize = at("src_port");
    pub const DST_PORT: usize = at("dst_port");
    pub const TCP_STREAM: usize = at("tcp_stream");
    pub const TCP_FLAGS: usize = at("tcp_flags");
    pub const SEQ_RAW: usize = at("seq_raw");
    pub const ACK_RAW: usize = at("ack_raw");
    pub const PAYLOAD_LEN: usize = at("payload_len");
    pub const WINDOW: usize = at("window");
    pub const TCP_OPTIONS: usize = at("tcp_options");
    pub const TS_VAL: usize = at("ts_val");
    pub const TS_ECR: usize = at("ts_ecr");
    pub const WSCALE: usize = at("wscale");
    pub const SEQ: usize = at("seq");
    pub const ACK: usize = at("ack");
    pub const RWND: usize = at("rwnd");
    pub const MPTCP_STREAM: usize = at("mptcp_stream");
    pub const MPTCP_SUBTYPES: usize = at("mptcp_subtypes");
    pub const MPTCP_VERSION: usize = at("mptcp_version");
    pub const SENDER_KEY: usize = at("sender_key");
    pub const RECEIVER_KEY: usize = at("receiver_key");
    pub const RECEIVER_TOKEN: usize = at("receiver_token");
    pub const ADDR_ID: usize = at("addr_id");
    pub const BACKUP: usize = at("backup");
    pub const DSS_DSN_RAW: usize = at("dss_dsn_raw");
    pub const DSS_DSN8: usize = at("dss_dsn8");
    pub const DSS_SSN: usize = at("dss_ssn");
    pub const DSS_LENGTH: usize = at("dss_length");
    pub const DSS_CHECKSUM: usize = at("dss_checksum");
    pub const DATA_ACK_RAW: usize = at("data_ack_raw");
    pub const DATA_ACK8: usize = at("data_ack8");
    pub const DATA_FIN: usize = at("data_fin");
    pub const ADD_ADDR_IP: usize = at("add_addr_ip");
    pub const ADD_ADDR_PORT: usize = at("add_addr_port");
    pub const ADD_ADDR_ECHO: usize = at("add_addr_echo");
    pub const REMOVE_ADDR_IDS: usize = at("remove_addr_ids");
    pub const MP_FAIL_DSN: usize = at("mp_fail_dsn");
    pub const TCPRST_REASON: usize = at("tcprst_reason");
    pub const TCPRST_FLAGS: usize = at("tcprst_flags");
    pub const EXPECTED_TOKEN: usize = at("expected_token");
    pub const DSN: usize = at("dsn");
    pub const DATA_ACK: usize = at("data_ack");
    pub const MAPPING_FRAME: usize = at("mapping_frame");
    pub const REINJECTION_OF: usize = at("reinjection_of");
    pub const REINJECTED_IN: usize = at("reinjected_in");
}

/// The integers of the schema, read as the `csv` crate's deserialiser reads them.
trait Int: Sized + std::str::FromStr<Err = ParseIntError> + TryFrom<u64> {
    fn from_hex(digits: &str) -> Result<Self, ParseIntError>;
}

macro_rules! int_types {
    ($($t:ty),*) => {$(
        impl Int for $t {
            fn from_hex(digits: &str) -> Result<Self, ParseIntError> {
                <$t>::from_str_radix(digits, 16)
            }
        }
    )*};
}

int_types!(u8, u16, u32, u64, i64);

/// `s` as `str::parse` reads it, or in hexadecimal after `0x`; plain decimal digits that fit
/// (nearly every cell) without the generic parser.
#[inline]
fn int<T: Int>(s: &str) -> Result<T, String> {
    if let Some(v) = digits(s.as_bytes()).and_then(|v| T::try_from(v).ok()) {
        return Ok(v);
    }
    match s.strip_prefix("0x") {
        Some(digits) => T::from_hex(digits),
        None => s.parse(),
    }
    .map_err(|e| e.to_string())
}

/// The value of a non-empty run of decimal digits, None if it is not one or exceeds u64.
#[inline]
fn digits(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 20 {
        return None;
    }
    b.iter().try_fold(0u64, |v, &d| {
        let d = d.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v.checked_mul(10)?.checked_add(u64::from(d))
    })
}

fn opt<T: Int>(s: &str) -> Result<Option<T>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    int(s).map(Some)
}

/// A list of option kinds or subtypes as [`kinds::parse`] reads it: items of plain digits
/// straight into the [`Kinds`], anything else (spaces, signs, bad items, too many) by
/// [`kinds::parse`] itself, for its value or its error.
fn kinds_of(s: &str) -> Result<Kinds, String> {
    let mut k = Kinds::new();
    if s.is_empty() {
        return Ok(k);
    }
    for item in s.split([';', ',']) {
        match digits(item.as_bytes()).and_then(|v| u8::try_from(v).ok()) {
            Some(v) if k.push(v) => {}
            _ => return kinds::parse(s),
        }
    }
    Ok(k)
}

fn boolean(s: &str) -> Result<bool, String> {
    s.parse()
        .map_err(|e: std::str::ParseBoolError| e.to_string())
}

fn opt_bool(s: &str) -> Result<Option<bool>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    boolean(s).map(Some)
}

fn ip(s: &str) -> Result<Option<IpAddr>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|e: std::net::AddrParseError| e.to_string())
}
