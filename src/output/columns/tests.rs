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

/// A cell written in place is the text cell of [`Value::to_csv`], quoting included, for
/// every kind of value and delimiters that occur in numbers, lists, addresses and texts.
#[test]
fn cells_written_in_place_are_the_text_cells() {
    use crate::model::csv_writer::CsvWriter;
    let ip: IpAddr = "fd00::1".parse().unwrap();
    let values = [
        Value::UInt(u64::MAX),
        Value::Int(-42),
        Value::Float(-1.25),
        Value::Float(f64::NAN),
        Value::Float(f64::INFINITY),
        Value::Bool(false),
        Value::Text("a,b;\"c\"".into()),
        Value::Text(String::new()),
        Value::Ip(ip),
        Value::Ip("10.0.0.1".parse().unwrap()),
        Value::Nanos(-1),
        Value::Nanos(1_529_037_840_578_603_145),
        Value::List(vec![1, 22, 333]),
        Value::List(vec![]),
        Value::Null,
    ];
    let units = [Unit::Seconds, Unit::Ratio, Unit::BitsPerSecond, Unit::None];
    for d in [b',', b';', b'.', b'-', b':', b'1', b'a', b'\t'] {
        for unit in units {
            let write = |in_place: bool| {
                let mut out = Vec::new();
                let mut w = CsvWriter::new(&mut out, d);
                let mut scratch = String::new();
                for v in &values {
                    if in_place {
                        v.write_csv(&mut w, unit, &mut scratch);
                    } else {
                        w.text(&v.to_csv(unit));
                    }
                }
                w.end_record().unwrap();
                // a record of one empty cell: `""`
                if in_place {
                    Value::Null.write_csv(&mut w, unit, &mut scratch);
                } else {
                    w.text("");
                }
                w.end_record().unwrap();
                w.flush().unwrap();
                drop(w);
                out
            };
            assert_eq!(
                write(true),
                write(false),
                "delimiter {:?} {unit:?}",
                d as char
            );
        }
    }
}
