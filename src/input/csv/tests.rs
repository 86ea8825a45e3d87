//! The CSV reader's cells against the serde deserialisation of a [`Packet`] through the `csv`
//! crate (what the reader did before [`cells::Plan`]): the same packets from the same rows, the
//! same error at the same cell, on generated rows of valid and invalid cells and on the rows
//! pcap2csv writes for the kernel fixtures.

use super::cells::Plan;
use super::*;
use crate::model::Packet;
use proptest::prelude::*;

/// The rows of `data` as the serde path read them: packets with their derived fields
/// cleared, or (line, message) of the first row that does not read.
fn by_serde(data: &[u8]) -> std::result::Result<Vec<Packet>, (u64, String)> {
    let mut rdr = reader(data);
    let headers = rdr.headers().unwrap().clone();
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    while rdr.read_record(&mut record).unwrap() {
        match record.deserialize::<Packet>(Some(&headers)) {
            Ok(mut p) => {
                p.clear_derived();
                out.push(p);
            }
            Err(e) => match csv_error(Path::new("x"), e) {
                Error::BadCsv { line, msg, .. } => return Err((line, msg)),
                other => panic!("{other}"),
            },
        }
    }
    Ok(out)
}

/// The rows of `data` read by a [`Plan`], errors worded as the reader words them.
fn by_plan(data: &[u8]) -> std::result::Result<Vec<Packet>, (u64, String)> {
    let mut rdr = reader(data);
    let plan = Plan::new(rdr.headers().unwrap());
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    while rdr.read_record(&mut record).unwrap() {
        let p = plan.packet(&record).map_err(|(col, msg)| {
            (
                line_of(&record),
                format!("column {}: {msg}", CSV_COLUMNS[col]),
            )
        })?;
        out.push(p);
    }
    Ok(out)
}

fn reader(data: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .comment(Some(b'#'))
        .from_reader(data)
}

/// A CSV of `header` and `rows` (quoted where the cells need it).
fn csv_of(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

/// Cells of every kind the schema's columns meet, valid for some columns and not others.
fn cell() -> impl Strategy<Value = String> {
    const ODD: &[&str] = &[
        "",
        "0",
        "-0",
        "+7",
        " 7",
        "7 ",
        "0x1f",
        "0xFFFFFFFFFFFFFFFF",
        "0x",
        "0x-1",
        "1e3",
        "1.5",
        "-1",
        "256",
        "65536",
        "4294967296",
        "18446744073709551616",
        "-9223372036854775809",
        "true",
        "false",
        "TRUE",
        "1",
        "10.0.0.1",
        "fd00::2",
        "::ffff:10.1.2.3",
        "10.0.0",
        "1;2;3",
        "1,2",
        " 1 ; 2 ",
        "1;;2",
        "2;300",
        "a",
        "\"",
        "é",
        "0;1;2;3;4;5;6;7;8;9;0;1;2;3;4;5;6;7;8;9;0;1;2;3;4;5;6;7;8;9;0;1;2;3;4;5;6;7;8;9;0",
        "007",
        "0x100",
        "0x0",
        "99999999999999999999",
        "123456789012345678901",
        "00000000000000000000000042",
        "9223372036854775808",
        "18446744073709551615",
        "1;2;3;4;5;6;7;8;9;0;1;2;3;4;5;6;7;8;9;0;1;2;3;4;5;6;7;8;9;0;1;2;3;4;5;6;7;8;9;0",
        "1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1",
    ];
    prop_oneof![
        4 => prop::sample::select(ODD).prop_map(str::to_string),
        2 => any::<u64>().prop_map(|v| v.to_string()),
        2 => any::<i64>().prop_map(|v| v.to_string()),
        2 => (0u64..300).prop_map(|v| v.to_string()),
        1 => prop::collection::vec(0u8..=255, 0..4)
            .prop_map(|v| v.iter().map(u8::to_string).collect::<Vec<_>>().join(";")),
    ]
}

/// A row whose cells are mostly what pcap2csv writes, some of them generated: `odd` of the
/// 51 cells replaced.
fn row() -> impl Strategy<Value = Vec<String>> {
    // a data segment of the corpus and a SYN/ACK of the same connection
    const ROWS: [&str; 2] = [
        "14,1796353808289380000,2485000,0,4,10.11.0.1,10.21.0.2,44054,5801,0,16,1487211032,\
         153891959,1424,63,1;1;8;30;1;1,570522635,1745881310,,1,1,64512,0,2,,,,,,,\
         6600913621133310726,true,1,8192,,1151706292,false,false,,,,,,,,,1,1,14,,",
        "4,1796353808287101000,206000,0,4,10.21.0.2,10.11.0.1,5801,44054,0,18,153891958,\
         1487211032,0,65160,2;4;8;1;3;30,1745881310,570522632,10,0,1,65160,0,0,1,\
         5009102659967036802,,,,,,,,,,,,false,,,,,,,,3375246296,,,,,",
    ];
    let bases: Vec<Vec<String>> = ROWS
        .iter()
        .map(|r| r.split(',').map(str::to_string).collect())
        .collect();
    for b in &bases {
        assert_eq!(b.len(), CSV_COLUMNS.len());
    }
    (
        0..2usize,
        prop::collection::vec((0..CSV_COLUMNS.len(), cell()), 0..4),
    )
        .prop_map(move |(k, odd)| {
            let mut r = bases[k].clone();
            for (i, c) in odd {
                r[i] = c;
            }
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// In the schema's order: the same packets, or the same error (line, column, message;
    /// the serde path did not name the column of a bad address or list, the reader does).
    #[test]
    fn cells_read_as_serde_reads_them(rows in prop::collection::vec(row(), 1..6)) {
        let data = csv_of(CSV_COLUMNS, &rows);
        match (by_plan(&data), by_serde(&data)) {
            (Err((la, ma)), Err((lb, mb))) => {
                prop_assert_eq!(la, lb);
                if mb.starts_with("column ") {
                    prop_assert_eq!(ma, mb);
                } else {
                    prop_assert_eq!(ma.split_once(": ").map(|(_, m)| m), Some(&mb[..]));
                }
            }
            (plan, serde) => prop_assert_eq!(plan, serde),
        }
    }

    /// Columns in another order, one the schema lacks, one repeated, the added ones left out:
    /// the same packets, or the same error on the same line (the serde path named the column
    /// by its position in the schema, not in the header: the column is not compared).
    #[test]
    fn any_header_reads_as_serde_reads_it(
        rows in prop::collection::vec(row(), 1..4),
        order in Just((0..CSV_COLUMNS.len()).collect::<Vec<_>>()).prop_shuffle(),
        extra in any::<bool>(),
        repeat in prop::option::of((0..CSV_COLUMNS.len(), any::<prop::sample::Index>())),
        drop_added in any::<bool>(),
    ) {
        let mut cols: Vec<usize> = order
            .into_iter()
            .filter(|&c| !(drop_added && CSV_COLUMNS_ADDED.contains(&CSV_COLUMNS[c])))
            .collect();
        // a column repeated anywhere: the serde path fails at its second cell, or earlier
        if let Some((c, at)) = repeat {
            let i = at.index(cols.len() + 1);
            cols.insert(i, c);
        }
        let at = cols.len() / 2;
        let mut header: Vec<&str> = cols.iter().map(|&c| CSV_COLUMNS[c]).collect();
        if extra {
            header.insert(at, "comment");
        }
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut cells: Vec<String> = cols.iter().map(|&c| r[c].clone()).collect();
                if extra {
                    cells.insert(at, "x,y".into());
                }
                cells
            })
            .collect();
        let data = csv_of(&header, &rows);
        let (plan, serde) = (by_plan(&data), by_serde(&data));
        match (&plan, &serde) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            // the same line and the same error (a duplicate, a bad digit...) after the column
            (Err((la, ma)), Err((lb, mb))) => {
                prop_assert_eq!(la, lb);
                let tail = |m: &str| match m.strip_prefix("column ") {
                    Some(rest) => rest.split_once(": ").map_or(m.to_string(), |(_, t)| t.to_string()),
                    None => m.to_string(),
                };
                prop_assert_eq!(tail(ma), tail(mb));
            }
            _ => prop_assert!(false, "plan {:?}\nserde {:?}", plan, serde),
        }
    }
}

/// The rows pcap2csv writes for every kernel fixture (every option and subtype the kernel
/// sends, ADD_ADDR, REMOVE_ADDR, MP_TCPRST, reinjections) read back the same both ways, and as
/// the packets the native reader made (derived fields aside).
#[test]
fn fixture_rows_read_as_serde_reads_them() {
    use crate::model::csv_writer::CsvWriter;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "pcap") {
            continue;
        }
        let mut native = Vec::new();
        let src = crate::input::Source::open(&path).unwrap();
        let opts = crate::input::InputOptions::default();
        crate::input::read(&src, &opts, &mut |p: &mut Packet| {
            native.push(p.clone());
            Ok(())
        })
        .unwrap();
        let mut csv = CsvWriter::new(Vec::new(), b',');
        csv.record(CSV_COLUMNS).unwrap();
        for p in &native {
            csv.packet(p);
            csv.end_record().unwrap();
        }
        let data = csv.into_inner().unwrap();
        let read = by_plan(&data).unwrap();
        assert_eq!(read, by_serde(&data).unwrap(), "{}", path.display());
        for p in native.iter_mut() {
            p.clear_derived();
        }
        assert_eq!(read, native, "{}", path.display());
        seen += 1;
    }
    assert_eq!(seen, 12, "the kernel fixtures (fixtures/*.pcap)");
}
