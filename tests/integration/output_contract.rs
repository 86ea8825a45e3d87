//! The output contract (issue 12 items 2, 5, 12, 13): rates in bits per second under names that
//! say so, one JSON shape per command, the per-connection summary, one table style with units in
//! the headers and the width of `COLUMNS`. Values come from ../shared/pcaps/README.md and the
//! fixture manifests, never from our own earlier output.

use crate::util::*;

/// `a` equals `b` to the last bits of an f64 (the same formula computed twice).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn mptcp_rates_are_bits_per_second() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        let v = env.json_with(backend, &["stats", "mptcp", s(&pcap), "0", "-f", "json"]);
        let c = &v[0];
        // README: 308 bytes towards the client over 16.561321343 s, 456 towards the server
        // over 17.601526824 s
        for (dir, bytes, secs) in [
            ("to_client", 308.0, 16.561321343),
            ("to_server", 456.0, 17.601526824),
        ] {
            let d = &c[dir];
            let goodput = d["goodput_bit_s"].as_f64().unwrap();
            assert!(
                close(goodput, bytes * 8.0 / secs),
                "{backend} {dir}: {goodput}"
            );
            let payload = d["payload_bytes"].as_f64().unwrap();
            assert_eq!(payload, bytes, "{backend} {dir}: every byte sent once");
            let thr = d["throughput_bit_s"].as_f64().unwrap();
            assert!(close(thr, payload * 8.0 / secs), "{backend} {dir}: {thr}");
            assert!(d.get("goodput_bps").is_none() && d.get("throughput_bps").is_none());
        }
    }
}

#[test]
fn tcp_rates_are_bits_per_second_in_json_and_csv() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let v = env.json(&["stats", "tcp", s(&pcap), "3", "-f", "json"]);
    let d = &v[0]["to_server"];
    // README: TCP 3 carries 1,100,001 payload bytes towards the server
    assert_eq!(d["payload_bytes"], 1_100_001);
    let secs = d["duration_s"].as_f64().unwrap();
    let thr = d["throughput_bit_s"].as_f64().unwrap();
    assert!(close(thr, 1_100_001.0 * 8.0 / secs), "{thr}");
    let csv = env.stdout(&["stats", "tcp", s(&pcap), "3", "-f", "csv"]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let h = rdr.headers().unwrap().clone();
    assert!(!h.iter().any(|c| c.ends_with("_bps")), "{h:?}");
    let i = h.iter().position(|c| c == "throughput_bit_s").unwrap();
    let row = rdr.records().next().unwrap().unwrap();
    let cell: f64 = row[i].parse().unwrap();
    assert!(
        (cell - 1_100_001.0 * 8.0 / secs).abs() < 0.0005 + 1e-9,
        "{cell}"
    );
}

#[test]
fn receiver_goodput_is_bits_per_second() {
    let env = Env::new();
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("pair-two-subflows.json")).unwrap())
            .unwrap();
    let (c, sv) = (
        fixture("pair-two-subflows-client.pcap"),
        fixture("pair-two-subflows-server.pcap"),
    );
    let r = env.json(&["receiver", s(&c), s(&sv), "--mptcp", "0", "-f", "json"]);
    for d in r["directions"].as_array().unwrap() {
        let dir = d["direction"].as_str().unwrap();
        let key = if dir == "to_server" {
            "bytes_to_server"
        } else {
            "bytes_to_client"
        };
        // the manifest: what the applications sent
        let app = m["connections"][0][key].as_f64().unwrap();
        let secs = d["duration_s"].as_f64().unwrap();
        let g = d["goodput_bit_s"].as_f64().unwrap();
        assert!(close(g, app * 8.0 / secs), "{dir}: {g}");
        assert!(d.get("goodput_bps").is_none());
    }
}

/// Cells of a psql table's data rows (after the `---+---` line), trimmed; wrapped lines
/// (first cell empty) are not rows.
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("---"))
        .skip(1)
        .filter(|l| l.contains('|'))
        .map(|l| {
            l.split('|')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|r| !r[0].is_empty())
        .collect()
}

#[test]
fn stats_mptcp_without_id_is_one_summary_row_per_connection() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let table = env.stdout(&["stats", "mptcp", s(&pcap)]);
    let header = table.lines().next().unwrap();
    for h in [
        "mptcp stream",
        "subflows",
        "data to server",
        "data to client",
        "duration (s)",
        "reinjected packets",
        "events",
    ] {
        assert!(header.contains(h), "{h}: {header}");
    }
    let rows = table_rows(&table);
    // README: 4 MPTCP connections with 4 subflows each; MPTCP 0: 456 bytes towards the server,
    // 308 towards the client; MPTCP 1: 2,354,149 bytes towards the server
    assert_eq!(rows.len(), 4, "{table}");
    assert_eq!(rows[0][..4], ["0", "4", "456 B", "308 B"]);
    assert_eq!(rows[1][..3], ["1", "4", "2.4 MB"]);
    let json = env.json(&["stats", "mptcp", s(&pcap), "-f", "json"]);
    for (row, c) in rows.iter().zip(json.as_array().unwrap()) {
        let reinj = c["to_server"]["reinjections_packets"].as_u64().unwrap()
            + c["to_client"]["reinjections_packets"].as_u64().unwrap();
        assert_eq!(row[5], reinj.to_string(), "{row:?}");
        assert_eq!(row[6], c["events"].as_array().unwrap().len().to_string());
        assert_eq!(c["subflows"].as_array().unwrap().len(), 4);
    }
    // the detail: with an id (of that connection only), or --detail (every connection)
    let one = env.stdout(&["stats", "mptcp", s(&pcap), "1"]);
    assert_eq!(one.matches("MPTCP connection ").count(), 1, "{one}");
    assert!(one.contains("MPTCP connection 1 (v0)") && one.contains("goodput"));
    let all = env.stdout(&["stats", "mptcp", s(&pcap), "--detail"]);
    assert_eq!(all.matches("MPTCP connection ").count(), 4);
    // JSON and CSV always carry every figure
    let csv = env.stdout(&["stats", "mptcp", s(&pcap), "-f", "csv"]);
    assert_eq!(
        csv.lines().count(),
        1 + 4 * 2 * 4,
        "a row per connection, direction, subflow"
    );
}

#[test]
fn list_with_an_id_shows_one_connection() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    // README: MPTCP 0 = TCP 0, 1, 2, 6 (master 0)
    let v = env.json(&["list", "mptcp", s(&pcap), "0", "-f", "json"]);
    let v = v.as_array().unwrap();
    assert_eq!(v.len(), 1);
    let subs: Vec<u64> = v[0]["subflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["tcp_stream"].as_u64().unwrap())
        .collect();
    assert_eq!(subs, [0, 1, 2, 6]);
    assert_eq!(v[0]["client_key_str"], "14568871653868829995");
    let table = env.stdout(&["list", "mptcp", s(&pcap), "0"]);
    assert_eq!(table.matches("MPTCP connection ").count(), 1, "{table}");
    let ids: Vec<String> = table_rows(&table)
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(ids, ["0", "1", "2", "6"]);
    // TCP 2: 10.0.0.1:49807 -> 11.0.0.2:5201
    let t = env.json(&["list", "tcp", s(&pcap), "2", "-f", "json"]);
    assert_eq!(t.as_array().unwrap().len(), 1);
    assert_eq!(t[0]["client_port"], 49807);
    assert_eq!(t[0]["server_ip"], "11.0.0.2");
    let csv = env.stdout(&["list", "tcp", s(&pcap), "2", "-f", "csv"]);
    assert_eq!(csv.lines().count(), 2);
    // an unknown id: exit 5, one line naming the ids there are, nothing on stdout
    for kind in ["tcp", "mptcp"] {
        let out = env
            .cmd()
            .args(["list", kind, s(&pcap), "99"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{kind}");
        assert!(out.stdout.is_empty());
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
}

#[test]
fn tables_explain_their_headers_and_follow_columns() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let commands: [&[&str]; 5] = [
        &["list", "tcp", s(&pcap)],
        &["list", "mptcp", s(&pcap)],
        &["stats", "tcp", s(&pcap), "2"],
        &["stats", "mptcp", s(&pcap), "0"],
        &["stats", "mptcp", s(&pcap)],
    ];
    let mut all = String::new();
    for args in commands {
        all.push_str(&env.stdout(args));
    }
    // the abbreviations issue 12 item 13 names are gone; units are in headers or cells
    for old in [
        "pkts", "> / <", "reinj'd", "bkp", "ids ", "dur (s)", "life s", "B/s",
    ] {
        assert!(!all.contains(old), "{old:?} still in a table:\n{all}");
    }
    for new in [
        "duration (s)",
        "bit/s",
        "payload to server",
        "client address id",
    ] {
        assert!(all.contains(new), "{new:?} missing:\n{all}");
    }
    // one style: every table is psql (`---+---` under its header), none uses box drawing
    assert!(!all.contains('│') && !all.contains('─'), "{all}");
    // COLUMNS narrows every line; a pipe without COLUMNS is never wrapped
    for args in commands {
        for cols in [60usize, 80, 100] {
            let out = env
                .cmd()
                .env("COLUMNS", cols.to_string())
                .args(args)
                .output()
                .unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            // the tables' lines (a title line is prose, not a table)
            for line in text
                .lines()
                .filter(|l| l.contains(" | ") || l.contains("-+-"))
            {
                assert!(
                    line.chars().count() <= cols,
                    "{args:?} COLUMNS={cols}: {line}"
                );
            }
        }
    }
    let wide = env.stdout(&["list", "tcp", s(&pcap)]);
    let first = wide.lines().next().unwrap();
    assert!(
        first.contains("payload to server"),
        "not wrapped on a pipe: {first}"
    );
    assert!(first.chars().count() > 80);
}
