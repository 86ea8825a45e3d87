//! pcap2csv writes the documented schema, and that CSV is accepted back as a capture.

use crate::util::*;

#[test]
fn csv_gives_the_same_listing_as_the_capture() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        let csv = env.dir.path().join(format!("c2-{backend}.csv"));
        env.cmd()
            .args(["--backend", backend, "pcap2csv", s(&pcap), "-o", s(&csv)])
            .assert()
            .success();
        for kind in ["tcp", "mptcp"] {
            let a = env.stdout_with(backend, &["list", kind, s(&pcap), "-f", "json"]);
            let b = env.stdout(&["list", kind, s(&csv), "-f", "json"]);
            assert_eq!(a, b, "{backend} {kind}");
        }
        // header is the schema; one row per TCP packet
        let text = std::fs::read_to_string(&csv).unwrap();
        let header = text.lines().next().unwrap();
        assert!(header.starts_with("frame,abs_time_ns,rel_time_ns,interface,"));
        let rows = text.lines().count() - 1;
        let list: serde_json::Value =
            serde_json::from_str(&env.stdout(&["list", "tcp", s(&csv), "-f", "json"])).unwrap();
        let packets: u64 = list
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["packets"].as_u64().unwrap())
            .sum();
        assert_eq!(rows as u64, packets);
    }
}

#[test]
fn filtered_csv_holds_one_connection() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let out = env.stdout(&["pcap2csv", s(&pcap), "--mptcp", "1"]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == "mptcp_stream").unwrap();
    let tcol = headers.iter().position(|h| h == "tcp_stream").unwrap();
    let mut n = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        assert_eq!(&r[col], "1");
        assert!(["3", "4", "5", "7"].contains(&&r[tcol]), "{:?}", &r[tcol]);
        n += 1;
    }
    assert!(n > 1000, "{n}");
}
