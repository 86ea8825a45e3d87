//! Unit tests of the typed columns: cells by type and unit, labels, flat views.

use super::*;
use std::net::IpAddr;

#[test]
fn csv_cells_follow_type_and_unit() {
    assert_eq!(Value::from(1.5f64).to_csv(Unit::Seconds), "1.500000000");
    assert_eq!(Value::from(1.5f64).to_csv(Unit::BitsPerSecond), "1.500");
    assert_eq!(Value::from(0.25f64).to_csv(Unit::Ratio), "0.250000");
    assert_eq!(Value::from(None::<u64>).to_csv(Unit::None), "");
    assert_eq!(Value::from(Some(7u8)).to_csv(Unit::None), "7");
    assert_eq!(Value::from(true).to_csv(Unit::None), "true");
    let ip: IpAddr = "fd00::1".parse().unwrap();
    assert_eq!(Value::from(ip).to_csv(Unit::None), "fd00::1");
}

#[test]
fn json_and_flat_forms_come_from_one_declaration() {
    type R = (u64, Vec<u64>);
    let cols = [
        Column::new("id", Type::UInt, Unit::None, |r: &R| r.0.into()),
        Column::new("peers", Type::Text, Unit::None, |r: &R| {
            format!("{:?}", r.1).into()
        })
        .json_as(|r| Json::list(r.1.iter().copied())),
        Column::new("exact", Type::Text, Unit::None, |r: &R| {
            r.0.to_string().into()
        })
        .json_only(),
        Column::new("flat", Type::UInt, Unit::None, |r: &R| r.1.len().into()).flat_only(),
    ];
    let row = (7, vec![2, 1]);
    let json = serde_json::to_string(&object(&cols, &row)).unwrap();
    assert_eq!(json, r#"{"id":7,"peers":[2,1],"exact":"7"}"#);
    let nested = serde_json::to_string(&Json::object(&cols, &row)).unwrap();
    assert_eq!(nested, json, "nested objects keep the columns' order");
    let f = Flat::of(&cols, [&row]);
    assert_eq!(f.header().collect::<Vec<_>>(), ["id", "peers", "flat"]);
    assert_eq!(f.rows[0][2], Value::UInt(2));
}

#[test]
fn a_flat_view_has_one_cell_per_column_and_row() {
    let cols = [
        Column::new("n", Type::UInt, Unit::None, |r: &(u64, f64)| r.0.into()),
        Column::new("s", Type::Float, Unit::Seconds, |r: &(u64, f64)| r.1.into()),
    ];
    let f = Flat::of(&cols, [(1, 0.5), (2, 1.0)]);
    assert_eq!(f.header().collect::<Vec<_>>(), ["n", "s"]);
    assert_eq!(f.rows[1], [Value::UInt(2), Value::Float(1.0)]);
}
