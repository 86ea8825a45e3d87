//! The writer against the `csv` crate's (the writer it replaces, configured as this program
//! configured it): the same bytes for arbitrary fields, records, packets and delimiters.

use super::*;
use crate::model::Kinds;
use crate::model::Packet;
use proptest::prelude::*;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The delimiters the config accepts, and others that the numbers, booleans and addresses of a
/// packet row contain (the writer's slow path).
const DELIMITERS: &[u8] = b",;\t|0a.:-e| x";

/// The csv crate's writer as this program configured it (`flexible` only lets records of
/// different lengths through, which the tests mix; it does not change the bytes).
fn csv_crate(delimiter: u8) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_writer(vec![])
}

fn ours(
    delimiter: u8,
    write: impl FnOnce(&mut CsvWriter<&mut Vec<u8>>) -> std::io::Result<()>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = CsvWriter::new(&mut out, delimiter);
    write(&mut w).unwrap();
    w.flush().unwrap();
    drop(w);
    out
}

/// Draws values from a list of random words.
struct Words<'a>(std::slice::Iter<'a, u64>);

impl Words<'_> {
    fn next(&mut self) -> u64 {
        *self.0.next().unwrap_or(&0)
    }
    fn some<T>(&mut self, v: T) -> Option<T> {
        (self.next() % 4 != 0).then_some(v)
    }
    fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        let v = f(self);
        self.some(v)
    }
    fn u64(&mut self) -> u64 {
        // small values as often as large ones, and the edges
        match self.next() % 6 {
            0 => 0,
            1 => self.next() % 10,
            2 => self.next() % 1000,
            3 => u64::MAX - self.next() % 3,
            4 => u64::from(u32::MAX) + self.next() % 3 - 1,
            _ => self.next(),
        }
    }
    fn i64(&mut self) -> i64 {
        match self.next() % 4 {
            0 => i64::MIN,
            1 => -((self.next() % 100_000) as i64),
            _ => self.u64() as i64,
        }
    }
    fn bool(&mut self) -> bool {
        self.next() % 2 == 0
    }
    fn ip(&mut self) -> Option<IpAddr> {
        let w = self.next();
        let ip = match w % 4 {
            0 => IpAddr::V4(Ipv4Addr::from(self.next() as u32)),
            1 => IpAddr::V4(Ipv4Addr::new(10, 0, (w >> 8) as u8 % 3, 1)),
            // runs of zero groups, an IPv4-mapped and a compatible address
            2 => {
                let mut g = [0u16; 8];
                for s in g.iter_mut() {
                    let x = self.next();
                    *s = if x % 3 == 0 { 0 } else { (x >> 8) as u16 };
                }
                IpAddr::V6(Ipv6Addr::from(g))
            }
            _ => match w % 3 {
                0 => IpAddr::V6(Ipv4Addr::from(self.next() as u32).to_ipv6_mapped()),
                1 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
                _ => IpAddr::V6(Ipv6Addr::from(u128::from(self.next()))),
            },
        };
        self.some(ip)
    }
    fn kinds(&mut self) -> Kinds {
        let n = (self.next() % 5) as usize;
        let items: Vec<u8> = (0..n).map(|_| self.next() as u8).collect();
        Kinds::try_from(&items[..]).unwrap()
    }
    fn list<T: TryFrom<u64>>(&mut self) -> Vec<T> {
        let n = (self.next() % 4) as usize;
        (0..n)
            .filter_map(|_| T::try_from(self.u64() % 1_000_000).ok())
            .collect()
    }
}

/// A packet with every field drawn from `words` (each optional one present or not).
fn packet(words: &[u64]) -> Packet {
    let mut r = Words(words.iter());
    Packet {
        frame: r.u64(),
        abs_time_ns: r.i64(),
        rel_time_ns: r.i64(),
        interface: r.u64() as u32,
        ip_version: r.u64() as u8,
        src_ip: r.ip(),
        dst_ip: r.ip(),
        src_port: r.u64() as u16,
        dst_port: r.u64() as u16,
        tcp_stream: r.u64(),
        tcp_flags: r.u64() as u16,
        seq_raw: r.u64() as u32,
        ack_raw: r.u64() as u32,
        payload_len: r.u64() as u32,
        window: r.u64() as u16,
        tcp_options: r.kinds(),
        ts_val: r.opt(|r| r.u64() as u32),
        ts_ecr: r.opt(|r| r.u64() as u32),
        wscale: r.opt(|r| r.u64() as u8),
        seq: r.opt(|r| r.i64()),
        ack: r.opt(|r| r.i64()),
        rwnd: r.opt(|r| r.u64()),
        mptcp_stream: r.opt(|r| r.u64()),
        mptcp_subtypes: r.kinds(),
        mptcp_version: r.opt(|r| r.u64() as u8),
        sender_key: r.opt(|r| r.u64()),
        receiver_key: r.opt(|r| r.u64()),
        receiver_token: r.opt(|r| r.u64() as u32),
        addr_id: r.opt(|r| r.u64() as u8),
        backup: r.opt(|r| r.bool()),
        dss_dsn_raw: r.opt(|r| r.u64()),
        dss_dsn8: r.opt(|r| r.bool()),
        dss_ssn: r.opt(|r| r.u64() as u32),
        dss_length: r.opt(|r| r.u64() as u16),
        dss_checksum: r.opt(|r| r.u64() as u16),
        data_ack_raw: r.opt(|r| r.u64()),
        data_ack8: r.opt(|r| r.bool()),
        data_fin: r.bool(),
        add_addr_ip: r.ip(),
        add_addr_port: r.opt(|r| r.u64() as u16),
        add_addr_echo: r.opt(|r| r.bool()),
        remove_addr_ids: r.list(),
        mp_fail_dsn: r.opt(|r| r.u64()),
        tcprst_reason: r.opt(|r| r.u64() as u8),
        tcprst_flags: r.opt(|r| r.u64() as u8),
        expected_token: r.opt(|r| r.u64() as u32),
        dsn: r.opt(|r| r.i64()),
        data_ack: r.opt(|r| r.i64()),
        mapping_frame: r.opt(|r| r.u64()),
        reinjection_of: r.list(),
        reinjected_in: r.list(),
    }
}

/// Fields of the bytes the quoting rules are about, and any other text.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[,;\t|\"\r\n a0.:-]{0,6}",
        "[a-z0-9 ]{0,3}[,;\"\r\n|\t]?[a-z0-9]{0,3}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn text_records_are_the_csv_crates(
        records in prop::collection::vec(prop::collection::vec(field(), 0..5), 0..6),
        d in prop::sample::select(DELIMITERS),
    ) {
        let mut theirs = csv::WriterBuilder::new()
            .delimiter(d)
            .flexible(true)
            .has_headers(false)
            .from_writer(vec![]);
        for r in &records {
            theirs.write_record(r).unwrap();
        }
        let want = theirs.into_inner().unwrap();
        let got = ours(d, |w| {
            for r in &records {
                w.record(r)?;
            }
            Ok(())
        });
        prop_assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want));
    }

    #[test]
    fn packet_rows_are_the_csv_crates(
        rows in prop::collection::vec(prop::collection::vec(any::<u64>(), 140), 1..4),
        label in field(),
        tagged in any::<bool>(),
        d in prop::sample::select(DELIMITERS),
    ) {
        let packets: Vec<Packet> = rows.iter().map(|w| packet(w)).collect();
        let mut theirs = csv_crate(d);
        for p in &packets {
            if tagged {
                theirs.serialize((&label, p)).unwrap();
            } else {
                theirs.serialize(p).unwrap();
            }
        }
        let want = theirs.into_inner().unwrap();
        let got = ours(d, |w| {
            for p in &packets {
                if tagged {
                    w.text(&label);
                }
                w.packet(p);
                w.end_record()?;
            }
            Ok(())
        });
        prop_assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want));
    }

    #[test]
    fn integers_are_written_as_display_writes_them(u in any::<u64>(), i in any::<i64>(), s in any::<u32>()) {
        for v in [u, u >> 32, u >> 48, u64::from(s), u64::from(s) % 1000] {
            prop_assert_eq!(one_field(|w| w.u64(v)), v.to_string());
        }
        prop_assert_eq!(one_field(|w| w.i64(i)), i.to_string());
        prop_assert_eq!(one_field(|w| w.opt_u64(Some(s as u8))), (s as u8).to_string());
    }
}

/// What the writer writes for one field (without the record's end).
fn one_field(write: impl FnOnce(&mut CsvWriter<&mut Vec<u8>>)) -> String {
    let out = ours(b',', |w| {
        write(w);
        w.end_record()
    });
    String::from_utf8(out)
        .unwrap()
        .strip_suffix('\n')
        .unwrap()
        .to_string()
}

#[test]
fn integer_edges() {
    let mut edges = vec![0, u64::MAX, u64::MAX - 1];
    for k in 1..20 {
        let p = 10u64.pow(k);
        edges.extend([p - 1, p, p + 1]);
    }
    edges.extend([4_294_967_295, 4_294_967_296]);
    for v in edges {
        assert_eq!(one_field(|w| w.u64(v)), v.to_string());
        if let Ok(i) = i64::try_from(v) {
            assert_eq!(one_field(|w| w.i64(-i)), (-i).to_string());
        }
    }
    for v in [i64::MIN, -1, 0, i64::MAX] {
        assert_eq!(one_field(|w| w.i64(v)), v.to_string());
    }
    for v in [0u8, 9, 10, 99, 100, 255] {
        let a = Ipv4Addr::new(v, 0, v, 1);
        assert_eq!(one_field(|w| w.opt_ip(Some(a.into()))), a.to_string());
    }
    let longest: Ipv6Addr = "1111:2222:3333:4444:5555:6666:7777:8888".parse().unwrap();
    assert_eq!(
        one_field(|w| w.opt_ip(Some(longest.into()))),
        longest.to_string()
    );
}

#[test]
fn quoting_by_hand() {
    // known answers, not only the csv crate's: quotes doubled, CR/LF and the delimiter quoted,
    // one empty field written as `""`, the other delimiters left alone
    let got = ours(b';', |w| {
        w.record(["a;b", "say \"hi\"", "x,y", "l1\nl2", "cr\r", "t\tu"])?;
        w.record([""])?;
        w.record(["", ""])?;
        w.list(&[1u8, 2]);
        w.list::<u8>(&[]);
        w.u64(3);
        w.end_record()
    });
    assert_eq!(
        String::from_utf8(got).unwrap(),
        "\"a;b\";\"say \"\"hi\"\"\";x,y;\"l1\nl2\";\"cr\r\";t\tu\n\"\"\n;\n\"1;2\";;3\n"
    );
}

/// Records each `write` call.
struct Log<'a>(&'a std::cell::RefCell<Vec<Vec<u8>>>);

impl Write for Log<'_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().push(b.to_vec());
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn rows_reach_the_output_in_chunks() {
    let p = packet(&[7; 140]);
    let mut one = csv_crate(b',');
    one.serialize(&p).unwrap();
    let row = one.into_inner().unwrap();
    let rows = 3 * CHUNK / row.len() + 5;
    let calls = std::cell::RefCell::new(Vec::new());
    let mut log = Log(&calls);
    let mut w = CsvWriter::new(&mut log, b',');
    for _ in 0..rows {
        w.packet(&p);
        w.end_record().unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let calls = calls.into_inner();
    // whole rows, one write per chunk of at least CHUNK bytes, then the rest at the flush
    assert_eq!(
        calls.len(),
        4,
        "{:?}",
        calls.iter().map(Vec::len).collect::<Vec<_>>()
    );
    for c in &calls[..3] {
        assert!(c.len() >= CHUNK && c.len() < CHUNK + row.len());
        assert_eq!(c.len() % row.len(), 0);
    }
    assert_eq!(calls.concat(), row.repeat(rows));
}

#[test]
fn long_rows_and_long_fields_grow_the_buffer() {
    // the longest fixed fields, the longest option lists, long reinjection lists, a label
    // longer than a chunk: the same bytes as the csv crate's, for every delimiter
    let ip6: IpAddr = "1111:2222:3333:4444:5555:6666:7777:8888".parse().unwrap();
    let full = Kinds::try_from(&[255u8; Kinds::CAPACITY][..]).unwrap();
    let mut p = packet(&[3; 140]);
    p.src_ip = Some(ip6);
    p.dst_ip = Some(ip6);
    p.add_addr_ip = Some(ip6);
    p.tcp_options = full;
    p.mptcp_subtypes = full;
    p.sender_key = Some(u64::MAX);
    p.seq = Some(i64::MIN);
    let label = "x,y;z\"\t|".repeat(CHUNK / 4);
    for &d in DELIMITERS {
        let mut theirs = csv_crate(d);
        let got = ours(d, |w| {
            for i in 0..300u64 {
                let mut q = p.clone();
                q.reinjected_in = (0..i * 7).map(|k| u64::MAX - k).collect();
                q.remove_addr_ids = (0..(i % 50) as u8).collect();
                if i % 100 == 7 {
                    theirs.serialize((&label, &q)).unwrap();
                    w.text(&label);
                } else {
                    theirs.serialize(&q).unwrap();
                }
                w.packet(&q);
                w.end_record()?;
            }
            Ok(())
        });
        let want = theirs.into_inner().unwrap();
        assert!(got == want, "delimiter {:?}", d as char);
    }
}
