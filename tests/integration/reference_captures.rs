//! The public reference captures of ../shared/pcaps reproduce the numbers of their README.

use crate::util::*;
use serde_json::Value;

fn subflow_ids(conn: &Value) -> Vec<u64> {
    conn["subflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["tcp_stream"].as_u64().unwrap())
        .collect()
}

#[test]
fn client_2_mptcp_membership_keys_and_tokens() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        let v = env.json_with(backend, &["list", "mptcp", s(&pcap), "--format", "json"]);
        let conns = v.as_array().unwrap();
        assert_eq!(conns.len(), 4, "{backend}");
        let expected: [&[u64]; 4] = [
            &[0, 1, 2, 6],
            &[3, 4, 5, 7],
            &[8, 9, 10, 11],
            &[12, 13, 14, 15],
        ];
        for (i, c) in conns.iter().enumerate() {
            assert_eq!(c["mptcp_stream"].as_u64(), Some(i as u64), "{backend}");
            assert_eq!(subflow_ids(c), expected[i], "{backend} mptcp {i}");
            assert_eq!(c["version"].as_u64(), Some(0));
            assert_eq!(c["fallback"].as_bool(), Some(false));
            let subs = c["subflows"].as_array().unwrap();
            // the first subflow is the master, and the client opened every subflow
            assert_eq!(
                subs[0]["master"].as_bool(),
                Some(true),
                "{backend} mptcp {i}"
            );
            assert!(subs[1..].iter().all(|s| s["master"] == false));
            assert!(subs.iter().all(|s| s["opened_by"] == "client"), "{backend}");
        }
        let c0 = &conns[0];
        assert_eq!(c0["client_key"].as_u64(), Some(14568871653868829995));
        assert_eq!(c0["client_token"].as_u64(), Some(2280993044));
        assert_eq!(c0["server_key"].as_u64(), Some(12070231261294881532));
        assert_eq!(c0["server_token"].as_u64(), Some(804647408));
        let s = &c0["subflows"];
        let tuples: Vec<String> = s
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                format!(
                    "{}:{} -> {}:{}",
                    x["client_ip"].as_str().unwrap(),
                    x["client_port"],
                    x["server_ip"].as_str().unwrap(),
                    x["server_port"]
                )
            })
            .collect();
        assert_eq!(
            tuples,
            [
                "10.0.0.1:59482 -> 10.0.0.2:5201",
                "11.0.0.1:60453 -> 11.0.0.2:5201",
                "10.0.0.1:49807 -> 11.0.0.2:5201",
                "11.0.0.1:55233 -> 10.0.0.2:5201"
            ]
        );
    }
}

#[test]
fn server_2_has_the_same_keys_and_a_stray_subflow() {
    let (Some(client), Some(server)) = (shared_pcap("client_2.pcap"), shared_pcap("server_2.pcap"))
    else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        let c = env.json_with(backend, &["list", "mptcp", s(&client), "-f", "json"]);
        let v = env.json_with(backend, &["list", "mptcp", s(&server), "-f", "json"]);
        let conns = v.as_array().unwrap();
        assert_eq!(
            conns.len(),
            5,
            "{backend}: 5 MPTCP streams in Wireshark's numbering"
        );
        let keys = |v: &Value| -> Vec<(u64, u64)> {
            v.as_array()
                .unwrap()
                .iter()
                .filter_map(|c| Some((c["client_key"].as_u64()?, c["server_key"].as_u64()?)))
                .collect()
        };
        let mut ck = keys(&c);
        let mut sk = keys(&v);
        ck.sort();
        sk.sort();
        assert_eq!(ck, sk, "{backend}: same four connections on both sides");
        // the stray subflow has no MP_CAPABLE handshake
        let stray: Vec<&Value> = conns.iter().filter(|c| c["client_key"].is_null()).collect();
        assert_eq!(stray.len(), 1, "{backend}");
        assert_eq!(stray[0]["handshake_seen"].as_bool(), Some(false));
    }
}

#[test]
fn client_2_tcp_list() {
    let Some(pcap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        let v = env.json_with(backend, &["list", "tcp", s(&pcap), "--format", "json"]);
        let conns = v.as_array().unwrap();
        assert_eq!(conns.len(), 16);
        let t0 = &conns[0];
        assert_eq!(t0["tcp_stream"], 0);
        assert_eq!(t0["client_ip"], "10.0.0.1");
        assert_eq!(t0["client_port"], 59482);
        assert_eq!(t0["server_ip"], "10.0.0.2");
        assert_eq!(t0["server_port"], 5201);
        // README: MPTCP 0 subflow payload, TCP 0 = 154 bytes to the server, 2 to the client
        assert_eq!(t0["bytes_to_server"], 154);
        assert_eq!(t0["bytes_to_client"], 2);
        assert_eq!(conns[2]["bytes_to_server"], 302);
        assert_eq!(conns[2]["bytes_to_client"], 306);
        // MPTCP 1 towards the server: TCP 3 = 1,100,001, TCP 4 = 1,322,692, TCP 5 = 38,556, TCP 7 = 0
        for (id, bytes) in [(3, 1_100_001), (4, 1_322_692), (5, 38_556), (7, 0)] {
            assert_eq!(conns[id]["bytes_to_server"], bytes, "{backend} tcp {id}");
        }
        let total: u64 = conns.iter().map(|c| c["packets"].as_u64().unwrap()).sum();
        // tshark -Y tcp: 2,858 of the 2,884 frames are TCP
        assert_eq!(total, 2_858, "{backend}");
    }
}

#[test]
fn tcp_only_capture_has_no_mptcp_connection() {
    let Some(pcap) = shared_pcap("client_1_tcp_only.pcap") else {
        return;
    };
    let env = Env::new();
    for backend in backends() {
        let v = env.json_with(backend, &["list", "mptcp", s(&pcap), "--format", "json"]);
        assert_eq!(v.as_array().unwrap().len(), 0, "{backend}");
        let t = env.json_with(backend, &["list", "tcp", s(&pcap), "--format", "json"]);
        assert_eq!(t.as_array().unwrap().len(), 4, "{backend}");
    }
}
