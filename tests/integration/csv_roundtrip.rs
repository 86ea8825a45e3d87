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
    // tshark: 2,003 frames have tcp.stream 3, 4, 5 or 7
    assert_eq!(n, 2_003);
}

/// `pcap2csv --mptcp N` holds every packet of the connection's subflows, the v1 MP_CAPABLE SYN
/// included (its `mptcp_stream` is empty, as in Wireshark: the number comes with the SYN/ACK),
/// and both backends write the same rows (tshark without cache takes another code path).
#[test]
fn filtered_csv_of_a_v1_connection_starts_with_its_syn() {
    let cap = fixture("mptcp-v4-two-subflows.pcap");
    let env = Env::new();
    let list = env.json(&["list", "mptcp", s(&cap), "-f", "json"]);
    let tcp = env.json(&["list", "tcp", s(&cap), "-f", "json"]);
    let subflows: Vec<u64> = list[0]["subflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["tcp_stream"].as_u64().unwrap())
        .collect();
    let packets: u64 = tcp
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| subflows.contains(&t["tcp_stream"].as_u64().unwrap()))
        .map(|t| t["packets"].as_u64().unwrap())
        .sum();
    let mut outputs = Vec::new();
    for backend in backends() {
        let out = env.stdout(&[
            "--no-cache",
            "--backend",
            backend,
            "pcap2csv",
            s(&cap),
            "--mptcp",
            "0",
        ]);
        let mut rdr = csv::Reader::from_reader(out.as_bytes());
        let h = rdr.headers().unwrap().clone();
        let col = |n: &str| h.iter().position(|x| x == n).unwrap();
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len() as u64, packets, "{backend}");
        let first = &rows[0];
        assert_eq!(
            &first[col("tcp_flags")],
            "2",
            "{backend}: the first row is the SYN"
        );
        assert_eq!(&first[col("mptcp_stream")], "", "{backend}");
        assert!(
            rows[1..].iter().all(|r| &r[col("mptcp_stream")] == "0"),
            "{backend}"
        );
        outputs.push(out);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "backends differ");
}
