//! The typed packet model every backend fills and every command reads.
//!
//! One [`Packet`] is one TCP segment of the capture. The fields split in two groups:
//!
//! * **raw fields**, filled by a backend (native dissector, tshark, CSV reader): what is on the
//!   wire plus Wireshark's `tcp.stream` / `mptcp.stream` numbering;
//! * **derived fields**, filled by the analysis ([`crate::analysis::enrich`]) for every backend alike: relative
//!   TCP sequence numbers, tokens, relative DSN and data ACK, mappings, reinjections.
//!
//! `docs/csv-schema.md` documents every column. The CSV column order is the field order here.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;

pub mod csv_writer;
pub(crate) mod kinds;
pub use kinds::Kinds;

/// Version of the CSV schema / cache layout. Bump on any change of columns or meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// TCP flag bits as in the TCP header (`tcp.flags`).
pub mod tcp_flags {
    pub const FIN: u16 = 0x001;
    pub const SYN: u16 = 0x002;
    pub const RST: u16 = 0x004;
    pub const PSH: u16 = 0x008;
    pub const ACK: u16 = 0x010;
    pub const URG: u16 = 0x020;
    pub const ECE: u16 = 0x040;
    pub const CWR: u16 = 0x080;
}

/// TCP option kinds the analysis reads.
pub mod tcp_option {
    pub const WINDOW_SCALE: u8 = 3;
}

/// MPTCP option subtypes.
pub mod subtype {
    pub const MP_CAPABLE: u8 = 0;
    pub const MP_JOIN: u8 = 1;
    pub const DSS: u8 = 2;
    pub const ADD_ADDR: u8 = 3;
    pub const REMOVE_ADDR: u8 = 4;
    pub const MP_PRIO: u8 = 5;
    pub const MP_FAIL: u8 = 6;
    pub const MP_FASTCLOSE: u8 = 7;
    pub const MP_TCPRST: u8 = 8;
}

/// One TCP segment of a capture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Packet {
    // ---- frame ----
    /// Frame number as numbered in the capture itself (1-based, never renumbered by filtering).
    pub frame: u64,
    /// Absolute capture time, nanoseconds since the Unix epoch.
    pub abs_time_ns: i64,
    /// Time since the first frame of the capture, nanoseconds.
    pub rel_time_ns: i64,
    /// pcapng interface id (0 for pcap).
    pub interface: u32,

    // ---- IP / TCP (raw) ----
    pub ip_version: u8,
    pub src_ip: Option<IpAddr>,
    pub dst_ip: Option<IpAddr>,
    pub src_port: u16,
    pub dst_port: u16,
    /// Wireshark's `tcp.stream`.
    pub tcp_stream: u64,
    /// TCP flags (`tcp.flags`), see [`tcp_flags`].
    pub tcp_flags: u16,
    /// Absolute sequence number (`tcp.seq_raw`).
    pub seq_raw: u32,
    /// Absolute acknowledgement number as on the wire (`tcp.ack_raw`), even without the ACK flag.
    pub ack_raw: u32,
    /// TCP payload length in bytes from the IP header (`tcp.len`), even for snaplen-truncated frames.
    pub payload_len: u32,
    /// Raw window field (`tcp.window_size_value`), not scaled.
    pub window: u16,
    /// Kinds of the TCP options present, in order (`tcp.option_kind`).
    #[serde(with = "kinds")]
    pub tcp_options: Kinds,
    pub ts_val: Option<u32>,
    pub ts_ecr: Option<u32>,
    /// Window scale option shift as on the wire (`tcp.options.wscale.shift`), when present.
    pub wscale: Option<u8>,

    // ---- IP / TCP (derived) ----
    /// Sequence number relative to the subflow's ISN (`tcp.seq`); the SYN has 0. Negative for
    /// data before the first segment seen when the SYN is not captured.
    pub seq: Option<i64>,
    /// Acknowledgement number relative to the peer's ISN (`tcp.ack`).
    pub ack: Option<i64>,
    /// Scaled receive window (`tcp.window_size`): `window` shifted by the window scale its
    /// sender announced in its SYN (see [`crate::analysis::tcp::WindowScale`]); `window` itself
    /// on a SYN and when the handshake turned scaling off; `None` when the sender's SYN is not
    /// captured (the scale is then unknown).
    pub rwnd: Option<u64>,

    // ---- MPTCP (raw) ----
    /// Wireshark's `mptcp.stream`.
    pub mptcp_stream: Option<u64>,
    /// MPTCP option subtypes present, in order (`tcp.options.mptcp.subtype`).
    #[serde(with = "kinds")]
    pub mptcp_subtypes: Kinds,
    /// MP_CAPABLE version (`tcp.options.mptcp.version`).
    pub mptcp_version: Option<u8>,
    /// MP_CAPABLE sender key (`tcp.options.mptcp.sendkey`).
    pub sender_key: Option<u64>,
    /// MP_CAPABLE receiver key (`tcp.options.mptcp.recvkey`); MP_FASTCLOSE key as well.
    pub receiver_key: Option<u64>,
    /// MP_JOIN SYN token of the host joined (`tcp.options.mptcp.recvtok`).
    pub receiver_token: Option<u32>,
    /// MP_JOIN / ADD_ADDR / MP_PRIO address id (`tcp.options.mptcp.addrid`).
    pub addr_id: Option<u8>,
    /// MP_JOIN backup bit, or MP_PRIO backup bit (`tcp.options.mptcp.backup.flag`).
    pub backup: Option<bool>,
    /// DSS data sequence number as on the wire, 4 or 8 bytes (`tcp.options.mptcp.rawdataseqno`).
    pub dss_dsn_raw: Option<u64>,
    /// True when the DSS DSN is 8 bytes long (`tcp.options.mptcp.dseqn8.flag`).
    pub dss_dsn8: Option<bool>,
    /// DSS subflow sequence number, relative to the subflow ISN (`tcp.options.mptcp.subflowseqno`).
    pub dss_ssn: Option<u32>,
    /// DSS data-level length (`tcp.options.mptcp.datalvllen`).
    pub dss_length: Option<u16>,
    /// DSS checksum (`tcp.options.mptcp.checksum`).
    pub dss_checksum: Option<u16>,
    /// DSS data ACK as on the wire, 4 or 8 bytes (`tcp.options.mptcp.rawdataack`).
    pub data_ack_raw: Option<u64>,
    /// True when the data ACK is 8 bytes long (`tcp.options.mptcp.dataack8.flag`).
    pub data_ack8: Option<bool>,
    /// DSS DATA_FIN flag (`tcp.options.mptcp.datafin.flag`).
    pub data_fin: bool,
    /// ADD_ADDR address (`tcp.options.mptcp.ipv4` / `ipv6`).
    pub add_addr_ip: Option<IpAddr>,
    /// ADD_ADDR port (`tcp.options.mptcp.port`).
    pub add_addr_port: Option<u16>,
    /// ADD_ADDR echo bit, v1 only (`tcp.options.mptcp.echo`).
    pub add_addr_echo: Option<bool>,
    /// REMOVE_ADDR address ids.
    #[serde(with = "list")]
    pub remove_addr_ids: Vec<u8>,
    /// MP_FAIL data sequence number.
    pub mp_fail_dsn: Option<u64>,
    /// MP_TCPRST reason code (`tcp.options.mptcp.rst_reason`).
    pub tcprst_reason: Option<u8>,
    /// MP_TCPRST flags U/V/W/T as a 4-bit value (`tcp.options.mptcp.flag_*`).
    pub tcprst_flags: Option<u8>,

    // ---- MPTCP (derived) ----
    /// Token derived from `sender_key` (`mptcp.expected_token`).
    pub expected_token: Option<u32>,
    /// Relative DSN of the first payload byte of this segment, from the mapping covering it.
    pub dsn: Option<i64>,
    /// Relative data ACK (`mptcp.ack`).
    pub data_ack: Option<i64>,
    /// Frame that carried the mapping covering this segment (`mptcp.related_mapping`).
    pub mapping_frame: Option<u64>,
    /// Earlier frames on other subflows that carried the same data (`mptcp.reinjection_of`).
    #[serde(with = "list")]
    pub reinjection_of: Vec<u64>,
    /// Later frames on other subflows that carried this data again (`mptcp.reinjected_in`).
    #[serde(with = "list")]
    pub reinjected_in: Vec<u64>,
}

impl Packet {
    pub fn has_flag(&self, flag: u16) -> bool {
        self.tcp_flags & flag != 0
    }
    pub fn is_syn(&self) -> bool {
        self.has_flag(tcp_flags::SYN)
    }
    // a loop, not `contains`: on bytes that is core's `memchr`, costly for one or two items
    // (called several times per packet)
    #[allow(clippy::manual_contains)]
    pub fn has_subtype(&self, st: u8) -> bool {
        self.mptcp_subtypes.iter().any(|&k| k == st)
    }
    /// Forget every derived field (a CSV read back is analysed again from its raw fields).
    pub fn clear_derived(&mut self) {
        self.seq = None;
        self.ack = None;
        self.rwnd = None;
        self.expected_token = None;
        self.dsn = None;
        self.data_ack = None;
        self.mapping_frame = None;
        self.reinjection_of.clear();
        self.reinjected_in.clear();
    }

    /// True when the segment carries a DSS mapping (DSN present).
    pub fn has_mapping(&self) -> bool {
        self.dss_dsn_raw.is_some()
    }
}

/// A TCP endpoint: address and port.
pub type Endpoint = (IpAddr, u16);

/// Which side of a connection: the client (SYN sender, or MPTCP client) or the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Client = 0,
    Server = 1,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }

    /// Index into per-side arrays (`[client, server]`).
    pub fn idx(self) -> usize {
        self as usize
    }
}

/// The name of the column (CSV, Parquet) and field (JSON) saying which capture a row comes from,
/// in the output of a command over several captures (`crate::output::many` declares the column).
pub const CAPTURE_COLUMN: &str = "capture";

/// Columns added to schema 1 after its first release (adding columns keeps the version, see
/// docs/plugins.md): a CSV written before them is still read, with these fields empty.
pub const CSV_COLUMNS_ADDED: &[&str] = &["wscale", "rwnd"];

/// The type of a column's values (what a columnar format declares in its schema), for the
/// packet columns here and every report's columns (`crate::output::columns`, as `Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    UInt,
    Int,
    Float,
    Bool,
    Text,
    Ip,
    /// An instant or a duration held exactly as integer nanoseconds (`Value::Nanos`): CSV and
    /// tables write exact decimal seconds; Parquet an Int64 of nanoseconds.
    Nanos,
    /// An instant as integer nanoseconds since the Unix epoch, written as that integer in CSV
    /// and as a nanosecond UTC timestamp in Parquet (`abs_time_ns`).
    EpochNanos,
    /// A list of unsigned integers: `;`-separated in one CSV cell, a Parquet list of UInt64.
    UIntList,
}

/// The packet columns (`pcap2csv`, the cache, the CSV reader): name and type, in the order of
/// the [`Packet`] fields (checked by a test), declared once. The CSV writes the serde
/// serialisation of a [`Packet`] under these names; Parquet (`crate::output::packets`) the same
/// serialisation with these types.
pub const PACKET_COLUMNS: &[(&str, ColumnType)] = {
    use ColumnType::*;
    &[
        ("frame", UInt),
        ("abs_time_ns", EpochNanos),
        ("rel_time_ns", Int),
        ("interface", UInt),
        ("ip_version", UInt),
        ("src_ip", Ip),
        ("dst_ip", Ip),
        ("src_port", UInt),
        ("dst_port", UInt),
        ("tcp_stream", UInt),
        ("tcp_flags", UInt),
        ("seq_raw", UInt),
        ("ack_raw", UInt),
        ("payload_len", UInt),
        ("window", UInt),
        ("tcp_options", UIntList),
        ("ts_val", UInt),
        ("ts_ecr", UInt),
        ("wscale", UInt),
        ("seq", Int),
        ("ack", Int),
        ("rwnd", UInt),
        ("mptcp_stream", UInt),
        ("mptcp_subtypes", UIntList),
        ("mptcp_version", UInt),
        ("sender_key", UInt),
        ("receiver_key", UInt),
        ("receiver_token", UInt),
        ("addr_id", UInt),
        ("backup", Bool),
        ("dss_dsn_raw", UInt),
        ("dss_dsn8", Bool),
        ("dss_ssn", UInt),
        ("dss_length", UInt),
        ("dss_checksum", UInt),
        ("data_ack_raw", UInt),
        ("data_ack8", Bool),
        ("data_fin", Bool),
        ("add_addr_ip", Ip),
        ("add_addr_port", UInt),
        ("add_addr_echo", Bool),
        ("remove_addr_ids", UIntList),
        ("mp_fail_dsn", UInt),
        ("tcprst_reason", UInt),
        ("tcprst_flags", UInt),
        ("expected_token", UInt),
        ("dsn", Int),
        ("data_ack", Int),
        ("mapping_frame", UInt),
        ("reinjection_of", UIntList),
        ("reinjected_in", UIntList),
    ]
};

/// The packet columns' names: the CSV header.
pub const CSV_COLUMNS: &[&str] = &{
    let mut names = [""; PACKET_COLUMNS.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = PACKET_COLUMNS[i].0;
        i += 1;
    }
    names
};

/// Lists are written as `;`-separated integers in one CSV cell (empty cell = empty list).
pub(crate) mod list {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use std::fmt::Display;
    use std::str::FromStr;

    pub fn serialize<S: Serializer, T: Display>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
        let mut out = String::new();
        for (i, x) in v.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(&x.to_string());
        }
        s.serialize_str(&out)
    }

    pub fn deserialize<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr,
        T::Err: Display,
    {
        let s = String::deserialize(d)?;
        parse(&s).map_err(D::Error::custom)
    }

    /// Parse `"1;2;3"` (tshark uses `,` for aggregated fields: accept both).
    pub fn parse<T: FromStr>(s: &str) -> Result<Vec<T>, String>
    where
        T::Err: Display,
    {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Vec::new());
        }
        s.split([';', ','])
            .map(|x| {
                x.trim()
                    .parse::<T>()
                    .map_err(|e| format!("bad list item {x:?}: {e}"))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_match_struct_fields() {
        let mut w = csv::Writer::from_writer(vec![]);
        w.serialize(Packet::default()).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let header = out.lines().next().unwrap();
        assert_eq!(header, CSV_COLUMNS.join(","));
    }

    #[test]
    fn csv_round_trip() {
        let p = Packet {
            frame: 7,
            src_ip: Some("10.0.0.1".parse().unwrap()),
            dst_ip: Some("fd00::2".parse().unwrap()),
            tcp_options: Kinds::try_from(&[2, 4, 8, 30][..]).unwrap(),
            mptcp_subtypes: Kinds::try_from(&[0, 2][..]).unwrap(),
            reinjection_of: vec![3, 5],
            sender_key: Some(u64::MAX),
            data_fin: true,
            ..Default::default()
        };
        let mut w = csv::Writer::from_writer(vec![]);
        w.serialize(&p).unwrap();
        let data = w.into_inner().unwrap();
        let mut r = csv::Reader::from_reader(&data[..]);
        let back: Packet = r.deserialize().next().unwrap().unwrap();
        assert_eq!(back, p);
    }
}
