//! Unit tests of the packet matching and delays on synthetic packets.

use super::*;
use crate::analysis::connections::TcpConnection;

fn pkt(frame: u64, t: i64, seq: u32, len: u32, ts: u32, to_server: bool) -> Packet {
    let (c, s) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
    Packet {
        frame,
        abs_time_ns: t,
        src_ip: Some(if to_server { c } else { s }),
        dst_ip: Some(if to_server { s } else { c }),
        src_port: if to_server { 40000 } else { 80 },
        dst_port: if to_server { 80 } else { 40000 },
        seq_raw: seq,
        ack_raw: 7,
        payload_len: len,
        ts_val: Some(ts),
        tcp_flags: crate::model::tcp_flags::ACK,
        ..Default::default()
    }
}

fn conn() -> TcpConnection {
    TcpConnection {
        tcp_stream: 0,
        client_ip: "10.0.0.1".parse().unwrap(),
        client_port: 40000,
        server_ip: "10.0.0.2".parse().unwrap(),
        server_port: 80,
        syn_seen: true,
        packets: 0,
        packets_to_server: 0,
        packets_to_client: 0,
        bytes_to_server: 0,
        bytes_to_client: 0,
        start_s: 0.0,
        duration_s: 0.0,
        mptcp_stream: None,
        mptcp_fallback: false,
    }
}

/// The delays of one subflow (stream 0 in both captures, [`conn`]) seen as `client` and `server`.
fn delays(client: &[Packet], server: &[Packet], opts: OwdOptions) -> OwdReport {
    let tcp = [conn()];
    let (c, s) = (
        Capture::new(client, &tcp, &[]),
        Capture::new(server, &tcp, &[]),
    );
    let pairs = [SubflowPair {
        tcp_stream: 0,
        peer_tcp_streams: vec![0],
    }];
    one_way_delays(&c, &s, &pairs, opts)
}

#[test]
fn retransmissions_are_told_apart_by_ts_and_matched_once() {
    // the client sends bytes 1000..1100 three times (TS 1, 2, 3); the server sees the
    // second and third copies only
    let client = vec![
        pkt(1, 0, 1000, 100, 1, true),
        pkt(2, 300, 1000, 100, 2, true),
        pkt(3, 900, 1000, 100, 3, true),
    ];
    let server = vec![
        pkt(10, 310, 1000, 100, 2, true),
        pkt(11, 905, 1000, 100, 3, true),
    ];
    let m = match_packets(&client, &[0, 1, 2], &server, &[0, 1]);
    assert_eq!(m, vec![Some(1), Some(2)]);
    let r = delays(&client, &server, OwdOptions::default());
    let f = &r.flows[0];
    assert_eq!((f.sent, f.received, f.lost, f.unmatched), (3, 2, 1, 0));
    assert_eq!(r.packets[0].owd_ns, 10);
    assert_eq!(r.packets[1].owd_ns, 5);
    assert!(r.packets[0].retransmission && r.packets[1].retransmission);
}

#[test]
fn identical_copies_match_in_order_and_negative_delays_are_kept() {
    // two identical pure ACKs (same TS tick): first to first, second to second
    let client = vec![pkt(1, 1000, 5, 0, 9, true), pkt(2, 1002, 5, 0, 9, true)];
    // the server's clock is 1 us behind: negative raw delays
    let server = vec![pkt(1, 0, 5, 0, 9, true), pkt(2, 3, 5, 0, 9, true)];
    let r = delays(&client, &server, OwdOptions::default());
    let owd: Vec<i64> = r.packets.iter().map(|p| p.owd_ns).collect();
    assert_eq!(owd, vec![-1000, -999]);
    assert_eq!(r.flows[0].negative, 2);
    assert_eq!(r.flows[0].owd_min_s, Some(-1e-6));
    // an offset of -1 us (server behind) makes them positive
    let r = delays(
        &client,
        &server,
        OwdOptions {
            clock_offset_ns: -1000,
            ..Default::default()
        },
    );
    let owd: Vec<i64> = r.packets.iter().map(|p| p.owd_ns).collect();
    assert_eq!(owd, vec![0, 1]);
}

#[test]
fn clock_offset_estimate_from_the_two_directions() {
    // true delays 10 each way, server clock 100 ahead
    let client = vec![pkt(1, 0, 1, 10, 1, true), pkt(2, 200, 50, 10, 2, false)];
    let server = vec![pkt(1, 110, 1, 10, 1, true), pkt(2, 290, 50, 10, 2, false)];
    let r = delays(&client, &server, OwdOptions::default());
    assert_eq!(r.clock_offset_estimate_s, Some(100e-9));
    let d: Vec<(Direction, i64)> = r.packets.iter().map(|p| (p.direction, p.owd_ns)).collect();
    assert_eq!(
        d,
        vec![(Direction::ToServer, 110), (Direction::ToClient, -90)]
    );
}
