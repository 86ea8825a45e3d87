//! The numeric columns of the CSV schema, as plottable values.

use crate::model::Packet;

/// Getter of a numeric CSV column (`docs/csv-schema.md`): `None` for columns that are not
/// numbers (addresses, booleans, lists) or unknown names. The getter gives `None` for a packet
/// where the column is empty.
pub fn numeric_field(name: &str) -> Option<fn(&Packet) -> Option<f64>> {
    macro_rules! plain {
        ($f:ident) => {
            Some((|p: &Packet| Some(p.$f as f64)) as fn(&Packet) -> Option<f64>)
        };
    }
    macro_rules! opt {
        ($f:ident) => {
            Some((|p: &Packet| p.$f.map(|v| v as f64)) as fn(&Packet) -> Option<f64>)
        };
    }
    match name {
        "frame" => plain!(frame),
        "abs_time_ns" => plain!(abs_time_ns),
        "rel_time_ns" => plain!(rel_time_ns),
        "interface" => plain!(interface),
        "ip_version" => plain!(ip_version),
        "src_port" => plain!(src_port),
        "dst_port" => plain!(dst_port),
        "tcp_stream" => plain!(tcp_stream),
        "tcp_flags" => plain!(tcp_flags),
        "seq_raw" => plain!(seq_raw),
        "ack_raw" => plain!(ack_raw),
        "payload_len" => plain!(payload_len),
        "window" => plain!(window),
        "ts_val" => opt!(ts_val),
        "ts_ecr" => opt!(ts_ecr),
        "wscale" => opt!(wscale),
        "seq" => opt!(seq),
        "ack" => opt!(ack),
        "rwnd" => opt!(rwnd),
        "mptcp_stream" => opt!(mptcp_stream),
        "mptcp_version" => opt!(mptcp_version),
        "sender_key" => opt!(sender_key),
        "receiver_key" => opt!(receiver_key),
        "receiver_token" => opt!(receiver_token),
        "addr_id" => opt!(addr_id),
        "dss_dsn_raw" => opt!(dss_dsn_raw),
        "dss_ssn" => opt!(dss_ssn),
        "dss_length" => opt!(dss_length),
        "dss_checksum" => opt!(dss_checksum),
        "data_ack_raw" => opt!(data_ack_raw),
        "add_addr_port" => opt!(add_addr_port),
        "mp_fail_dsn" => opt!(mp_fail_dsn),
        "tcprst_reason" => opt!(tcprst_reason),
        "tcprst_flags" => opt!(tcprst_flags),
        "expected_token" => opt!(expected_token),
        "dsn" => opt!(dsn),
        "data_ack" => opt!(data_ack),
        "mapping_frame" => opt!(mapping_frame),
        _ => None,
    }
}

/// The numeric CSV columns, in schema order.
pub fn numeric_columns() -> Vec<&'static str> {
    crate::model::CSV_COLUMNS
        .iter()
        .copied()
        .filter(|c| numeric_field(c).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_fields_match_the_csv_values() {
        // Every column filled with a distinct value; serde gives what the CSV would hold.
        let p = Packet {
            frame: 1,
            abs_time_ns: 2,
            rel_time_ns: 3,
            interface: 4,
            ip_version: 5,
            src_ip: Some("10.0.0.1".parse().unwrap()),
            dst_ip: Some("10.0.0.2".parse().unwrap()),
            src_port: 6,
            dst_port: 7,
            tcp_stream: 8,
            tcp_flags: 9,
            seq_raw: 10,
            ack_raw: 11,
            payload_len: 12,
            window: 13,
            tcp_options: crate::model::Kinds::try_from(&[1, 2][..]).unwrap(),
            ts_val: Some(14),
            ts_ecr: Some(15),
            wscale: Some(37),
            seq: Some(16),
            ack: Some(17),
            rwnd: Some(38),
            mptcp_stream: Some(18),
            mptcp_subtypes: crate::model::Kinds::try_from(&[2][..]).unwrap(),
            mptcp_version: Some(19),
            sender_key: Some(20),
            receiver_key: Some(21),
            receiver_token: Some(22),
            addr_id: Some(23),
            backup: Some(true),
            dss_dsn_raw: Some(24),
            dss_dsn8: Some(true),
            dss_ssn: Some(25),
            dss_length: Some(26),
            dss_checksum: Some(27),
            data_ack_raw: Some(28),
            data_ack8: Some(false),
            data_fin: true,
            add_addr_ip: Some("10.0.0.3".parse().unwrap()),
            add_addr_port: Some(29),
            add_addr_echo: Some(false),
            remove_addr_ids: vec![3],
            mp_fail_dsn: Some(30),
            tcprst_reason: Some(31),
            tcprst_flags: Some(32),
            expected_token: Some(33),
            dsn: Some(34),
            data_ack: Some(35),
            mapping_frame: Some(36),
            reinjection_of: vec![4],
            reinjected_in: vec![5],
        };
        let json = serde_json::to_value(&p).unwrap();
        let obj = json.as_object().unwrap();
        let numeric = numeric_columns();
        assert_eq!(numeric.len(), 38);
        for col in crate::model::CSV_COLUMNS {
            let v = &obj[*col];
            match numeric_field(col) {
                Some(get) => {
                    assert_eq!(get(&p), v.as_f64(), "{col}");
                    assert_eq!(
                        get(&Packet::default()).unwrap_or(0.0),
                        0.0,
                        "{col} of a default packet"
                    );
                }
                None => assert!(!v.is_number(), "{col} is a number but not plottable"),
            }
        }
    }
}
