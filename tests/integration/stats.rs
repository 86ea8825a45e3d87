//! `stats` reproduces the reference numbers of ../shared/pcaps/README.md, with both backends.

use crate::util::*;

#[test]
fn client_2_mptcp_0_reference_numbers() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        // one connection asked for: an array of one, as without an id
        let v = env.json_with(backend, &["stats", "mptcp", s(&pcap), "0", "-f", "json"])[0].clone();
        assert_eq!(v["mptcp_stream"], 0);
        let tc = &v["to_client"];
        assert_eq!(tc["data_bytes"], 308, "{backend}");
        assert_eq!(tc["duration_s"].as_f64(), Some(16.561321343), "{backend}");
        let ts = &v["to_server"];
        assert_eq!(ts["data_bytes"], 456, "{backend}");
        assert_eq!(ts["duration_s"].as_f64(), Some(17.601526824), "{backend}");
        let bytes = |d: &serde_json::Value| -> Vec<(u64, u64)> {
            d["subflows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["tcp_stream"].as_u64().unwrap(),
                        s["payload_bytes"].as_u64().unwrap(),
                    )
                })
                .collect()
        };
        assert_eq!(bytes(tc), [(0, 2), (1, 0), (2, 306), (6, 0)]);
        assert_eq!(bytes(ts), [(0, 154), (1, 0), (2, 302), (6, 0)]);
        let share = ts["subflows"][0]["share"].as_f64().unwrap();
        assert!((share - 154.0 / 456.0).abs() < 1e-12);
        // --dest limits the output to one direction
        let only = env.json_with(
            backend,
            &[
                "stats",
                "mptcp",
                s(&pcap),
                "0",
                "--dest",
                "client",
                "-f",
                "json",
            ],
        )[0]
        .clone();
        assert!(only.get("to_server").is_none());
        assert_eq!(only["to_client"]["data_bytes"], 308);
    }
}

#[test]
fn client_2_mptcp_1_subflow_payload_and_reinjections() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        let all = env.json_with(backend, &["stats", "mptcp", s(&pcap), "-f", "json"]);
        let all = all.as_array().unwrap();
        assert_eq!(all.len(), 4);
        let ts = &all[1]["to_server"];
        assert_eq!(ts["data_bytes"], 2_354_149, "{backend}");
        let payload: Vec<u64> = ts["subflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["payload_bytes"].as_u64().unwrap())
            .collect();
        assert_eq!(payload, [1_100_001, 1_322_692, 38_556, 0], "{backend}");
        // Wireshark's definition finds 45 packets (../shared/pcaps/README.md, one pass), in
        // connections 1, 2 and 3
        let per_conn: Vec<u64> = all
            .iter()
            .map(|c| {
                c["to_server"]["reinjections_packets"].as_u64().unwrap()
                    + c["to_client"]["reinjections_packets"].as_u64().unwrap()
            })
            .collect();
        assert_eq!(per_conn.iter().sum::<u64>(), 45, "{backend}: {per_conn:?}");
        // per connection, from the figures derived from Wireshark's DSNs (oracles.rs)
        let figures = crate::oracles::client_2_overlap_figures();
        let want: Vec<u64> = (0..4)
            .map(|c| {
                figures
                    .iter()
                    .filter(|((conn, _, _), _)| *conn == c)
                    .map(|(_, v)| v[4])
                    .sum()
            })
            .collect();
        assert_eq!(want, [0, 29, 3, 13]);
        assert_eq!(per_conn, want, "{backend}");
        // the same count per packet in pcap2csv
        let csv = env.stdout_with(backend, &["pcap2csv", s(&pcap)]);
        let mut rdr = csv::Reader::from_reader(csv.as_bytes());
        let h = rdr.headers().unwrap().clone();
        let c = h.iter().position(|x| x == "reinjection_of").unwrap();
        let r = h.iter().position(|x| x == "reinjected_in").unwrap();
        let (mut of, mut inn) = (0, 0);
        for rec in rdr.records() {
            let rec = rec.unwrap();
            of += (!rec[c].is_empty()) as u64;
            inn += (!rec[r].is_empty()) as u64;
        }
        assert_eq!(of, 45);
        // the originals: distinct earlier transmissions whose bytes were sent again on another
        // subflow (oracles.rs)
        let originals: u64 = figures.values().map(|v| v[2]).sum();
        assert_eq!(originals, 46);
        assert_eq!(inn, originals, "{backend}");
    }
}

#[test]
fn stats_tcp_json_contract() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let v = env.json(&["stats", "tcp", s(&pcap), "3", "-f", "json"])[0].clone();
    assert_eq!(v["tcp_stream"], 3);
    for dir in ["to_server", "to_client"] {
        for k in ["packets", "payload_bytes", "unique_bytes", "duration_s"] {
            assert!(v[dir].get(k).is_some(), "{dir}.{k} missing");
        }
    }
    assert_eq!(v["to_server"]["payload_bytes"], 1_100_001);
    // union of tshark's [tcp.seq, tcp.seq + tcp.len) towards the server on TCP 3
    assert_eq!(v["to_server"]["unique_bytes"], 1_091_433);
    let out = env
        .cmd()
        .args(["stats", "tcp", s(&pcap), "99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
}

#[test]
fn table_snapshots() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    // as on a terminal of 80 columns
    let at80 = |args: &[&str]| {
        let out = env.cmd().env("COLUMNS", "80").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let stats = at80(&["stats", "mptcp", s(&pcap), "0"]);
    insta::assert_snapshot!("stats_mptcp_client_2_conn0", stats);
    let list = at80(&["list", "mptcp", s(&pcap)]);
    insta::assert_snapshot!("list_mptcp_client_2", list);
    let tcp = at80(&["stats", "tcp", s(&pcap), "2"]);
    insta::assert_snapshot!("stats_tcp_client_2_tcp2", tcp);
    let summary = at80(&["stats", "mptcp", s(&pcap)]);
    insta::assert_snapshot!("stats_mptcp_client_2_summary", summary);
    let list_tcp = at80(&["list", "tcp", s(&pcap)]);
    insta::assert_snapshot!("list_tcp_client_2", list_tcp);
    // and on the v1 fixtures (IPv6 addresses are the widest)
    let mut more = String::new();
    for f in [
        "mptcp-v6-two-subflows.pcap",
        "mptcp-addr-events.pcap",
        "mptcp-lossy.pcap",
        "mptcp-resets.pcap",
    ] {
        // COLUMNS=80: a terminal of 80 columns (tables on a pipe are never wrapped)
        for args in [
            &["stats", "mptcp", s(&fixture(f)), "--detail"][..],
            &["stats", "mptcp", s(&fixture(f))],
            &["stats", "tcp", s(&fixture(f))],
            &["list", "mptcp", s(&fixture(f))],
            &["list", "tcp", s(&fixture(f))],
        ] {
            let out = env.cmd().env("COLUMNS", "80").args(args).output().unwrap();
            assert!(out.status.success(), "{args:?}");
            more.push_str(&String::from_utf8(out.stdout).unwrap());
        }
    }
    for line in stats
        .lines()
        .chain(list.lines())
        .chain(tcp.lines())
        .chain(summary.lines())
        .chain(list_tcp.lines())
        .chain(more.lines())
    {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
}

/// Regression: on a subflow captured without its SYN, `stats mptcp` named the first sender the
/// client while counting its bytes towards the client. The subflow's client must be the host
/// whose payload the connection counts towards the server, in `list mptcp` and `stats mptcp`.
#[test]
fn a_subflow_without_syn_is_oriented_as_it_is_counted() {
    let env = Env::new();
    let (linktype, records) = pcap_records(&fixture("mptcp-v4-two-subflows.pcap"));
    // from frame 30 on: the handshakes are gone, and the server happens to send first
    let cut = env.dir.path().join("cut.pcap");
    write_pcap(&cut, linktype, records.into_iter().skip(29));
    let rows = env.stdout(&["pcap2csv", s(&cut)]);
    let mut rdr = csv::Reader::from_reader(rows.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (ct, cs, cp, cl) = (
        col("tcp_stream"),
        col("src_ip"),
        col("src_port"),
        col("payload_len"),
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let sent_by = |stream: u64, ep: &str| -> u64 {
        rows.iter()
            .filter(|r| r[ct].parse::<u64>().unwrap() == stream)
            .filter(|r| format!("{}:{}", &r[cs], &r[cp]) == ep)
            .map(|r| r[cl].parse::<u64>().unwrap())
            .sum()
    };
    let first_sender_is_server = {
        let first = &rows[0];
        first[cp].parse::<u16>().unwrap() == 5201
    };
    assert!(
        first_sender_is_server,
        "the cut no longer starts with the server"
    );
    // the rows of one connection are the same whichever path writes them (tshark without cache
    // keeps the packets, the native backend streams them)
    let ids = env.json(&["list", "mptcp", s(&cut), "-f", "json"]);
    for c in ids.as_array().unwrap() {
        let id = c["mptcp_stream"].to_string();
        let out: Vec<String> = backends()
            .into_iter()
            .map(|b| {
                let args = [
                    "--no-cache",
                    "--backend",
                    b,
                    "pcap2csv",
                    s(&cut),
                    "--mptcp",
                    &id,
                ];
                env.stdout(&args)
            })
            .collect();
        assert!(
            out.windows(2).all(|w| w[0] == w[1]),
            "pcap2csv --mptcp {id} differs"
        );
        assert!(out[0].lines().count() > 10, "{id}");
    }
    for backend in backends() {
        let list = env.json_with(backend, &["list", "mptcp", s(&cut), "-f", "json"]);
        for c in list.as_array().unwrap() {
            let id = c["mptcp_stream"].to_string();
            let st =
                env.json_with(backend, &["stats", "mptcp", s(&cut), &id, "-f", "json"])[0].clone();
            for sf in st["subflows"].as_array().unwrap() {
                let stream = sf["tcp_stream"].as_u64().unwrap();
                let client = sf["client"].as_str().unwrap();
                let server = sf["server"].as_str().unwrap();
                for (dir, ep) in [("to_server", client), ("to_client", server)] {
                    let counted = st[dir]["subflows"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["tcp_stream"] == stream)
                        .map_or(0, |x| x["payload_bytes"].as_u64().unwrap());
                    assert_eq!(
                        counted,
                        sent_by(stream, ep),
                        "{backend} mptcp {id} tcp {stream}: {dir} counts what {ep} sent"
                    );
                }
                // and `list mptcp` says the same
                let listed = c["subflows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["tcp_stream"] == stream)
                    .unwrap();
                let l_client = format!(
                    "{}:{}",
                    listed["client_ip"].as_str().unwrap(),
                    listed["client_port"]
                );
                assert_eq!(l_client, client, "{backend} list mptcp");
            }
        }
    }
}
