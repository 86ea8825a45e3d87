//! Unit tests of the packet rows.

use super::*;

fn sample() -> Packet {
    Packet {
        frame: 7,
        abs_time_ns: 1_700_000_000_123_456_789,
        rel_time_ns: 5,
        src_ip: Some("10.0.0.1".parse().unwrap()),
        dst_ip: Some("fd00::2".parse().unwrap()),
        tcp_options: crate::model::Kinds::try_from(&[2, 4, 8, 30][..]).unwrap(),
        mptcp_subtypes: crate::model::Kinds::try_from(&[0, 2][..]).unwrap(),
        reinjection_of: vec![3, 5],
        sender_key: Some(u64::MAX),
        backup: Some(false),
        seq: Some(-3),
        data_fin: true,
        ..Default::default()
    }
}

#[test]
fn packet_cells_are_the_csv_cells_typed() {
    let p = sample();
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(vec![]);
    w.serialize(&p).unwrap();
    let line = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let mut row = Vec::new();
    packet_cells(&p, &mut row).unwrap();
    let schema = packet_schema(false);
    let cells: Vec<String> = row
        .iter()
        .zip(&schema)
        .map(|(v, c)| match v {
            // the CSV writes the epoch nanoseconds as the integer they are
            Value::Int(n) => n.to_string(),
            v => v.to_csv(c.unit),
        })
        .collect();
    assert_eq!(line.trim_end(), cells.join(","));
    for (v, c) in row.iter().zip(&schema) {
        assert!(v.fits(c.ty), "{}: {v:?}", c.name);
    }
    let at = |n: &str| &row[schema.iter().position(|c| c.name == n).unwrap()];
    assert_eq!(at("abs_time_ns"), &Value::Int(1_700_000_000_123_456_789));
    assert_eq!(at("tcp_options"), &Value::List(vec![2, 4, 8, 30]));
    assert_eq!(at("reinjected_in"), &Value::List(vec![]));
    assert_eq!(at("sender_key"), &Value::UInt(u64::MAX));
    assert_eq!(at("dst_ip"), &Value::Ip("fd00::2".parse().unwrap()));
    assert_eq!(at("seq"), &Value::Int(-3));
    assert_eq!(at("ts_val"), &Value::Null);
}

#[test]
fn a_tagged_schema_starts_with_the_capture_column() {
    let s = packet_schema(true);
    assert_eq!(s[0].name, crate::model::CAPTURE_COLUMN);
    assert_eq!(s.len(), PACKET_COLUMNS.len() + 1);
    assert_eq!(s[1].name, "frame");
}
