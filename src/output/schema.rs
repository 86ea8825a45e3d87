//! What each column of an output is: name, type, unit and meaning, printed by `--list-columns`
//! (`pcap2csv`, `list`, `stats`). For `list` and `stats` they come from the reports' column
//! declarations ([`Column::about`]); for `pcap2csv`, whose rows are the packet model itself,
//! from [`crate::model::PACKET_COLUMNS`] (names, types) and [`PACKET_COLUMN_MEANINGS`] (units,
//! meanings; a test checks that the names are the same, in order).

use super::columns::{Column, Flat, Type, Unit};
use super::Report;
use serde::Serialize;

/// One column of an output, described.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnDoc {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub unit: String,
    pub meaning: String,
}

/// The name of a column type as `--list-columns` prints it.
pub fn type_name(t: Type) -> &'static str {
    match t {
        Type::UInt => "uint",
        Type::Int => "int",
        Type::Float => "float",
        Type::Bool => "bool",
        Type::Text => "text",
        Type::Ip => "IP address",
        Type::Nanos => "decimal (ns exact)",
        Type::EpochNanos => "int (ns since the epoch)",
        Type::UIntList => "list of uint",
    }
}

/// The name of a unit as `--list-columns` prints it.
pub fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::None => "",
        Unit::Bytes => "bytes",
        Unit::Packets => "packets",
        Unit::Seconds => "s",
        Unit::BitsPerSecond => "bit/s",
        Unit::Ratio | Unit::Score => "0..1",
    }
}

/// The descriptions of the flat view (CSV) of `columns`.
pub fn docs<R>(columns: &[Column<'_, R>]) -> Vec<ColumnDoc> {
    columns
        .iter()
        .filter(|c| c.forms != super::columns::Forms::Json)
        .map(|c| ColumnDoc {
            name: c.info.name.to_string(),
            ty: type_name(c.info.ty).into(),
            unit: unit_name(c.info.unit).into(),
            meaning: c.about.into(),
        })
        .collect()
}

/// The members of `docs` that `flat` does not hold, marked as JSON only (`where`: the JSON
/// array they are in, e.g. `subflows[]: `).
pub fn json_only(flat: &[ColumnDoc], docs: Vec<ColumnDoc>, place: &str) -> Vec<ColumnDoc> {
    docs.into_iter()
        .filter(|d| !flat.iter().any(|c| c.name == d.name))
        .map(|mut d| {
            d.name = format!("{place}{}", d.name);
            d.meaning = format!("JSON only: {}", d.meaning);
            d
        })
        .collect()
}

/// `--list-columns` output.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct ColumnList(pub Vec<ColumnDoc>);

fn doc_columns() -> Vec<Column<'static, ColumnDoc>> {
    use {Type::Text, Unit::None as Id};
    vec![
        Column::new("name", Text, Id, |d: &ColumnDoc| d.name.clone().into()).label("column"),
        Column::new("type", Text, Id, |d: &ColumnDoc| d.ty.clone().into()),
        Column::new("unit", Text, Id, |d: &ColumnDoc| d.unit.clone().into()),
        Column::new("meaning", Text, Id, |d: &ColumnDoc| {
            d.meaning.clone().into()
        }),
    ]
}

impl Report for ColumnList {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        super::export::table::render(&self.flat())
    }

    fn flat(&self) -> Flat {
        Flat::of(&doc_columns(), &self.0)
    }
}

/// `list|stats --list-columns` without a KIND: the listing of every kind, one section each.
/// A table per kind under a `==> list tcp <==` line; CSV, JSON and Parquet: the rows of every
/// kind, each with a first column `kind`.
#[derive(Debug)]
pub struct KindColumnLists {
    /// The command (`list`, `stats`): the sections' titles are `COMMAND KIND`.
    pub command: &'static str,
    /// (kind, its columns), in the order printed.
    pub kinds: Vec<(&'static str, Vec<ColumnDoc>)>,
}

impl Serialize for KindColumnLists {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.flat().json_rows().serialize(s)
    }
}

impl Report for KindColumnLists {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut t = String::new();
        for (i, (kind, docs)) in self.kinds.iter().enumerate() {
            let sep = if i == 0 { "" } else { "\n" };
            let table = ColumnList(docs.clone()).to_table();
            t += &format!("{sep}==> {} {kind} <==\n{table}", self.command);
        }
        t
    }

    fn flat(&self) -> Flat {
        type Row = (&'static str, ColumnDoc);
        let mut columns = vec![Column::new("kind", Type::Text, Unit::None, |r: &Row| {
            r.0.into()
        })];
        columns.extend(doc_columns().into_iter().map(|c| c.lift(|r: &Row| &r.1)));
        let rows = self
            .kinds
            .iter()
            .flat_map(|(k, docs)| docs.iter().map(|d| (*k, d.clone())));
        Flat::of(&columns, rows.collect::<Vec<Row>>())
    }
}

/// What each packet column (`pcap2csv`) is: (name, unit, meaning), in the order of
/// [`crate::model::PACKET_COLUMNS`] (which declares the names and types; a test checks).
pub const PACKET_COLUMN_MEANINGS: &[(&str, &str, &str)] = &[
    ("frame", "", "frame number in the capture (1-based), Wireshark's frame.number"),
    ("abs_time_ns", "ns", "capture time since the Unix epoch (frame.time_epoch), exact"),
    ("rel_time_ns", "ns", "time since the capture's first frame (frame.time_relative)"),
    ("interface", "", "pcapng interface id (0 for pcap)"),
    ("ip_version", "", "4 or 6"),
    ("src_ip", "", "source address (inner header when tunnelled)"),
    ("dst_ip", "", "destination address"),
    ("src_port", "", "TCP source port"),
    ("dst_port", "", "TCP destination port"),
    ("tcp_stream", "", "TCP conversation index, Wireshark's tcp.stream"),
    ("tcp_flags", "bit field", "TCP flags: FIN 0x1, SYN 0x2, RST 0x4, PSH 0x8, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80, AE 0x100"),
    ("seq_raw", "", "absolute sequence number (tcp.seq_raw)"),
    ("ack_raw", "", "absolute acknowledgement number, as on the wire (tcp.ack_raw)"),
    ("payload_len", "bytes", "TCP payload length from the IP header (tcp.len)"),
    ("window", "", "window field, not scaled"),
    ("tcp_options", "", "TCP option kinds in order, ';'-separated"),
    ("ts_val", "", "timestamp option TSval"),
    ("ts_ecr", "", "timestamp option TSecr"),
    ("wscale", "", "window scale option shift as on the wire (SYNs carrying it)"),
    ("seq", "", "derived: sequence number relative to the ISN (first payload byte = 1)"),
    ("ack", "", "derived: acknowledgement relative to the peer's ISN"),
    ("rwnd", "bytes", "derived: scaled receive window (window << the sender's SYN wscale); empty without that SYN"),
    ("mptcp_stream", "", "MPTCP connection index, Wireshark's mptcp.stream, on every packet of a subflow"),
    ("mptcp_subtypes", "", "MPTCP option subtypes present: 0 MP_CAPABLE, 1 MP_JOIN, 2 DSS, 3 ADD_ADDR, 4 REMOVE_ADDR, 5 MP_PRIO, 6 MP_FAIL, 7 MP_FASTCLOSE, 8 MP_TCPRST"),
    ("mptcp_version", "", "MP_CAPABLE version (0 or 1)"),
    ("sender_key", "", "MP_CAPABLE sender's key (64-bit unsigned)"),
    ("receiver_key", "", "MP_CAPABLE receiver's key; MP_FASTCLOSE key"),
    ("receiver_token", "", "MP_JOIN SYN: token of the host joined"),
    ("addr_id", "", "address id of MP_JOIN, ADD_ADDR or MP_PRIO"),
    ("backup", "", "MP_JOIN SYN or MP_PRIO backup bit"),
    ("dss_dsn_raw", "", "DSS data sequence number as on the wire (4-byte values: low 32 bits)"),
    ("dss_dsn8", "", "the DSS DSN is 8 bytes long"),
    ("dss_ssn", "", "DSS subflow sequence number (relative to the subflow ISN)"),
    ("dss_length", "bytes", "DSS data-level length"),
    ("dss_checksum", "", "DSS (or MP_CAPABLE) checksum"),
    ("data_ack_raw", "", "data ACK as on the wire (4-byte values: low 32 bits)"),
    ("data_ack8", "", "the data ACK is 8 bytes long"),
    ("data_fin", "", "DSS DATA_FIN flag (false also without DSS)"),
    ("add_addr_ip", "", "ADD_ADDR address"),
    ("add_addr_port", "", "ADD_ADDR port, when present"),
    ("add_addr_echo", "", "ADD_ADDR echo bit (v1)"),
    ("remove_addr_ids", "", "REMOVE_ADDR address ids, ';'-separated"),
    ("mp_fail_dsn", "", "MP_FAIL data sequence number"),
    ("tcprst_reason", "", "MP_TCPRST reason code"),
    ("tcprst_flags", "bit field", "MP_TCPRST flags: U 8, V 4, W 2, T 1"),
    ("expected_token", "", "derived: token of sender_key (SHA-1 v0, SHA-256 v1) on MP_CAPABLE packets"),
    ("dsn", "", "derived: relative DSN of the first payload byte (first data byte = 1), from its mapping"),
    ("data_ack", "", "derived: relative data ACK (minus the peer's IDSN)"),
    ("mapping_frame", "", "derived: frame that carried the mapping used for dsn"),
    ("reinjection_of", "", "derived: earlier frames on other subflows carrying some of this packet's data"),
    ("reinjected_in", "", "derived: later frames on other subflows carrying some of this packet's data"),
];

/// `pcap2csv --list-columns`.
pub fn packet_docs() -> Vec<ColumnDoc> {
    crate::model::PACKET_COLUMNS
        .iter()
        .zip(PACKET_COLUMN_MEANINGS)
        .map(|((n, t), (_, u, m))| ColumnDoc {
            name: n.to_string(),
            ty: type_name(*t).into(),
            unit: u.to_string(),
            meaning: m.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_packet_columns_are_the_csv_columns_in_order() {
        let names: Vec<&str> = super::PACKET_COLUMN_MEANINGS.iter().map(|c| c.0).collect();
        assert_eq!(names, crate::model::CSV_COLUMNS);
    }
}
