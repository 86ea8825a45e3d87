//! Time series of one connection, for the plot commands: packets in, `(seconds, value)` points
//! out. Nothing here draws; `cli::plot` turns these series into a [`crate::plot::Figure`].
//!
//! Time is in seconds since the first packet of the connection (difference of integer
//! nanoseconds, converted to `f64` last). Directions are named by their destination: `Side::Server`
//! is "towards the server", the data sent by the (MPTCP or TCP) client. Definitions are in
//! `docs/plots.md`.

use super::enrich::Enricher;
use super::stats::RangeSet;
use super::PacketFilter;
use crate::model::Packet;
use crate::model::Side;
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// The packets of one connection, each with its direction and time since the connection started.
#[derive(Debug)]
pub struct Timeline<'a> {
    pub filter: PacketFilter,
    /// (packet, destination side, seconds since the first packet), in capture order.
    pub packets: Vec<(&'a Packet, Side, f64)>,
    /// The TCP streams of the connection, sorted (a subflow's index here is its colour).
    pub subflows: Vec<u64>,
}

/// Points of one subflow in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct SubflowPoints {
    pub tcp_stream: u64,
    /// Sender and receiver, as in the packets of this direction.
    pub src: Option<SocketAddr>,
    pub dst: Option<SocketAddr>,
    pub points: Vec<(f64, f64)>,
}

impl SubflowPoints {
    /// `tcp 3: 10.0.0.1:59484 -> 10.0.0.2:5201`
    pub fn label(&self) -> String {
        match (self.src, self.dst) {
            (Some(s), Some(d)) => format!("tcp {}: {s}→{d}", self.tcp_stream),
            _ => format!("tcp {}", self.tcp_stream),
        }
    }
}

impl<'a> Timeline<'a> {
    /// `packets` are the packets kept by an analysis filtered on `filter` (other packets are
    /// ignored). MPTCP connections are oriented by [`Enricher::sender_side`], TCP streams by
    /// [`Enricher::tcp_sender_side`] (SYN sender = client).
    pub fn new(packets: &'a [Packet], enricher: &Enricher, filter: PacketFilter) -> Self {
        Self::with_zero(packets, enricher, filter, None)
    }

    /// [`Timeline::new`] with x counted from the capture-relative time `zero_ns` (see
    /// [`crate::analysis::time::TimeOrigin::zero_ns`]); None: from the connection's first packet.
    pub fn with_zero(
        packets: &'a [Packet],
        enricher: &Enricher,
        filter: PacketFilter,
        zero_ns: Option<i64>,
    ) -> Self {
        let mine: Vec<&Packet> = packets
            .iter()
            .filter(|p| filter.matches_in(p, enricher))
            .collect();
        let t0 = zero_ns.unwrap_or_else(|| mine.iter().map(|p| p.rel_time_ns).min().unwrap_or(0));
        let packets = mine
            .into_iter()
            .filter_map(|p| {
                let sender = match filter {
                    PacketFilter::Mptcp(_) => enricher.sender_side(p),
                    PacketFilter::Tcp(_) => enricher.tcp_sender_side(p),
                }?;
                Some((
                    p,
                    sender.other(),
                    p.rel_time_ns.saturating_sub(t0) as f64 / 1e9,
                ))
            })
            .collect::<Vec<_>>();
        let mut subflows: Vec<u64> = match filter {
            PacketFilter::Tcp(id) => vec![id],
            PacketFilter::Mptcp(id) => enricher
                .mptcp_connections()
                .iter()
                .filter(|c| c.mptcp_stream == id)
                .flat_map(|c| c.subflows.iter().copied())
                .collect(),
        };
        subflows.extend(packets.iter().map(|(p, _, _)| p.tcp_stream));
        subflows.sort_unstable();
        subflows.dedup();
        Timeline {
            filter,
            packets,
            subflows,
        }
    }

    /// Index of a subflow in [`Timeline::subflows`] (its colour in every panel).
    pub fn subflow_index(&self, tcp_stream: u64) -> usize {
        self.subflows
            .iter()
            .position(|&s| s == tcp_stream)
            .unwrap_or(self.subflows.len())
    }

    fn towards(&self, dest: Side) -> impl Iterator<Item = &(&'a Packet, Side, f64)> + '_ {
        self.packets.iter().filter(move |(_, d, _)| *d == dest)
    }

    /// True when some packet towards `dest` carries payload (with a DSN, for `with_dsn`).
    pub fn has_data(&self, dest: Side, with_dsn: bool) -> bool {
        self.towards(dest)
            .any(|(p, _, _)| p.payload_len > 0 && (!with_dsn || p.dsn.is_some()))
    }

    /// One series per subflow that has at least one point, in subflow order: `value` of the
    /// packets towards `dest` for which it is `Some`.
    pub fn per_subflow(
        &self,
        dest: Side,
        value: impl Fn(&Packet) -> Option<f64>,
    ) -> Vec<SubflowPoints> {
        let mut out: Vec<SubflowPoints> = Vec::new();
        for &(p, _, t) in self.towards(dest) {
            let Some(v) = value(p) else { continue };
            let i = match out.iter().position(|s| s.tcp_stream == p.tcp_stream) {
                Some(i) => i,
                None => {
                    out.push(SubflowPoints {
                        tcp_stream: p.tcp_stream,
                        src: p.src_ip.map(|ip| SocketAddr::new(ip, p.src_port)),
                        dst: p.dst_ip.map(|ip| SocketAddr::new(ip, p.dst_port)),
                        points: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            out[i].points.push((t, v));
        }
        out.sort_by_key(|s| self.subflow_index(s.tcp_stream));
        out
    }
}

/// What `plot dsn` draws in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct DsnSeries {
    /// (t, relative DSN) of each packet with payload and a DSN, per subflow.
    pub subflows: Vec<SubflowPoints>,
    /// (t, relative DSN) of the packets that are reinjections (non-empty `reinjection_of`).
    pub reinjections: Vec<(f64, f64)>,
    /// (t, relative data ACK) of the packets sent the other way, which acknowledge this data.
    pub data_acks: Vec<(f64, f64)>,
}

/// Data sequence numbers towards `dest`.
pub fn dsn(tl: &Timeline, dest: Side) -> DsnSeries {
    let has_data = |p: &Packet| p.payload_len > 0;
    let subflows = tl.per_subflow(dest, |p| p.dsn.filter(|_| has_data(p)).map(|d| d as f64));
    let reinjections = tl
        .towards(dest)
        .filter(|(p, _, _)| has_data(p) && !p.reinjection_of.is_empty())
        .filter_map(|&(p, _, t)| Some((t, p.dsn? as f64)))
        .collect();
    let data_acks = tl
        .towards(dest.other())
        .filter_map(|&(p, _, t)| Some((t, p.data_ack? as f64)))
        .collect();
    DsnSeries {
        subflows,
        reinjections,
        data_acks,
    }
}

/// Getter of a numeric CSV column (`docs/csv-schema.md`): `None` for columns that are not
/// numbers (addresses, booleans, lists) or unknown names. The getter gives `None` for a packet
/// where the column is empty.
pub fn numeric_field(name: &str) -> Option<fn(&Packet) -> Option<f64>> {
    macro_rules! plain {
        ($f:ident) => {
            Some((|p: &Packet| Some(p.$f as f64)) as fn(&Packet) -> Option<f64>)
        };
    }
    macro_rules! opt {
        ($f:ident) => {
            Some((|p: &Packet| p.$f.map(|v| v as f64)) as fn(&Packet) -> Option<f64>)
        };
    }
    match name {
        "frame" => plain!(frame),
        "abs_time_ns" => plain!(abs_time_ns),
        "rel_time_ns" => plain!(rel_time_ns),
        "interface" => plain!(interface),
        "ip_version" => plain!(ip_version),
        "src_port" => plain!(src_port),
        "dst_port" => plain!(dst_port),
        "tcp_stream" => plain!(tcp_stream),
        "tcp_flags" => plain!(tcp_flags),
        "seq_raw" => plain!(seq_raw),
        "ack_raw" => plain!(ack_raw),
        "payload_len" => plain!(payload_len),
        "window" => plain!(window),
        "ts_val" => opt!(ts_val),
        "ts_ecr" => opt!(ts_ecr),
        "seq" => opt!(seq),
        "ack" => opt!(ack),
        "mptcp_stream" => opt!(mptcp_stream),
        "mptcp_version" => opt!(mptcp_version),
        "sender_key" => opt!(sender_key),
        "receiver_key" => opt!(receiver_key),
        "receiver_token" => opt!(receiver_token),
        "addr_id" => opt!(addr_id),
        "dss_dsn_raw" => opt!(dss_dsn_raw),
        "dss_ssn" => opt!(dss_ssn),
        "dss_length" => opt!(dss_length),
        "dss_checksum" => opt!(dss_checksum),
        "data_ack_raw" => opt!(data_ack_raw),
        "add_addr_port" => opt!(add_addr_port),
        "mp_fail_dsn" => opt!(mp_fail_dsn),
        "tcprst_reason" => opt!(tcprst_reason),
        "tcprst_flags" => opt!(tcprst_flags),
        "expected_token" => opt!(expected_token),
        "dsn" => opt!(dsn),
        "data_ack" => opt!(data_ack),
        "mapping_frame" => opt!(mapping_frame),
        _ => None,
    }
}

/// The numeric CSV columns, in schema order.
pub fn numeric_columns() -> Vec<&'static str> {
    crate::model::CSV_COLUMNS
        .iter()
        .copied()
        .filter(|c| numeric_field(c).is_some())
        .collect()
}

/// What `plot throughput` draws in one direction; values in bits per second.
#[derive(Debug, Clone, PartialEq)]
pub struct ThroughputSeries {
    /// Payload of each subflow (retransmissions included).
    pub subflows: Vec<SubflowPoints>,
    /// Payload of all subflows together.
    pub aggregate: Vec<(f64, f64)>,
    /// Data bytes never seen before in this direction: new DSN ranges for MPTCP, new sequence
    /// ranges for TCP.
    pub goodput: Vec<(f64, f64)>,
}

/// Throughput towards `dest` over a sliding window of `window_s` seconds: at time `t`, the payload
/// bytes of the packets with time in `(t - window_s, t]`, times 8, divided by `window_s`. Points
/// are at every time the value changes (a packet enters or leaves the window): a step function.
pub fn throughput(tl: &Timeline, dest: Side, window_s: f64) -> ThroughputSeries {
    let data: Vec<(&Packet, f64)> = tl
        .towards(dest)
        .filter(|(p, _, _)| p.payload_len > 0)
        .map(|&(p, _, t)| (p, t))
        .collect();
    // The rate only changes when a packet enters the window (t) or leaves it (t + window):
    // evaluated at these times and drawn as a staircase, the curve is exact.
    let mut times: Vec<f64> = data.iter().flat_map(|&(_, t)| [t, t + window_s]).collect();
    times.sort_by(f64::total_cmp);
    times.dedup();

    let mut per_stream: BTreeMap<u64, Vec<(f64, f64)>> = BTreeMap::new();
    let mut all = Vec::with_capacity(data.len());
    let mut new_bytes = Vec::with_capacity(data.len());
    let mut seen: BTreeMap<u64, RangeSet> = BTreeMap::new();
    for &(p, t) in &data {
        let bytes = p.payload_len as f64;
        per_stream.entry(p.tcp_stream).or_default().push((t, bytes));
        all.push((t, bytes));
        // Data-level position of the payload: the DSN for MPTCP, the sequence number of the
        // subflow for TCP (one range set per TCP stream: sequence spaces differ).
        let (space, start) = match tl.filter {
            PacketFilter::Mptcp(_) => (0, p.dsn),
            PacketFilter::Tcp(_) => (p.tcp_stream, p.seq),
        };
        if let Some(start) = start.map(super::stats::ordered) {
            let n = seen
                .entry(space)
                .or_default()
                .insert(start, start + p.payload_len as u64);
            new_bytes.push((t, n as f64));
        }
    }
    let rate = |events: &mut Vec<(f64, f64)>| {
        events.sort_by(|a, b| a.0.total_cmp(&b.0));
        sliding_rate(events, &times, window_s)
    };
    let mut subflows = tl.per_subflow(dest, |p| (p.payload_len > 0).then_some(0.0));
    for s in &mut subflows {
        s.points = rate(
            per_stream
                .get_mut(&s.tcp_stream)
                .expect("subflow with data"),
        );
    }
    ThroughputSeries {
        subflows,
        aggregate: rate(&mut all),
        goodput: rate(&mut new_bytes),
    }
}

/// `(t, bits/s)` at each of `times` (sorted) for `events` (time, bytes) sorted by time: the sum of
/// the bytes of the events in `(t - window, t]`, times 8, over `window`.
fn sliding_rate(events: &[(f64, f64)], times: &[f64], window: f64) -> Vec<(f64, f64)> {
    let mut sum = 0.0;
    let (mut head, mut tail) = (0, 0);
    times
        .iter()
        .map(|&t| {
            while head < events.len() && events[head].0 <= t {
                sum += events[head].1;
                head += 1;
            }
            while tail < head && events[tail].0 <= t - window {
                sum -= events[tail].1;
                tail += 1;
            }
            if tail == head {
                sum = 0.0; // no drift from float subtraction
            }
            (t, sum * 8.0 / window)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_set_counts_new_bytes() {
        let mut r = RangeSet::default();
        assert_eq!(r.insert(1, 11), 10);
        assert_eq!(r.insert(1, 11), 0);
        assert_eq!(r.insert(5, 15), 4);
        assert_eq!(r.insert(20, 30), 10);
        assert_eq!(r.insert(0, 40), 40 - 14 - 10);
        assert_eq!(r.insert(0, 40), 0);
        assert_eq!(r.ranges(), 1);
        let mut r = RangeSet::default();
        assert_eq!(r.insert(10, 20), 10);
        assert_eq!(r.insert(20, 30), 10); // adjacent
        assert_eq!(r.insert(5, 10), 5);
        assert_eq!(r.ranges(), 1);
    }

    #[test]
    fn sliding_rate_sums_the_window() {
        let ev = [(0.0, 100.0), (0.5, 100.0), (1.0, 100.0), (2.5, 50.0)];
        let times = [0.0, 0.5, 1.0, 2.5];
        let r = sliding_rate(&ev, &times, 1.0);
        // window (t-1, t]
        assert_eq!(r[0], (0.0, 800.0));
        assert_eq!(r[1], (0.5, 1600.0));
        assert_eq!(r[2], (1.0, 1600.0)); // 0.0 is out, 0.5 and 1.0 in
        assert_eq!(r[3], (2.5, 400.0));
    }

    #[test]
    fn numeric_fields_match_the_csv_values() {
        // Every column filled with a distinct value; serde gives what the CSV would hold.
        let p = Packet {
            frame: 1,
            abs_time_ns: 2,
            rel_time_ns: 3,
            interface: 4,
            ip_version: 5,
            src_ip: Some("10.0.0.1".parse().unwrap()),
            dst_ip: Some("10.0.0.2".parse().unwrap()),
            src_port: 6,
            dst_port: 7,
            tcp_stream: 8,
            tcp_flags: 9,
            seq_raw: 10,
            ack_raw: 11,
            payload_len: 12,
            window: 13,
            tcp_options: vec![1, 2],
            ts_val: Some(14),
            ts_ecr: Some(15),
            seq: Some(16),
            ack: Some(17),
            mptcp_stream: Some(18),
            mptcp_subtypes: vec![2],
            mptcp_version: Some(19),
            sender_key: Some(20),
            receiver_key: Some(21),
            receiver_token: Some(22),
            addr_id: Some(23),
            backup: Some(true),
            dss_dsn_raw: Some(24),
            dss_dsn8: Some(true),
            dss_ssn: Some(25),
            dss_length: Some(26),
            dss_checksum: Some(27),
            data_ack_raw: Some(28),
            data_ack8: Some(false),
            data_fin: true,
            add_addr_ip: Some("10.0.0.3".parse().unwrap()),
            add_addr_port: Some(29),
            add_addr_echo: Some(false),
            remove_addr_ids: vec![3],
            mp_fail_dsn: Some(30),
            tcprst_reason: Some(31),
            tcprst_flags: Some(32),
            expected_token: Some(33),
            dsn: Some(34),
            data_ack: Some(35),
            mapping_frame: Some(36),
            reinjection_of: vec![4],
            reinjected_in: vec![5],
        };
        let json = serde_json::to_value(&p).unwrap();
        let obj = json.as_object().unwrap();
        let numeric = numeric_columns();
        assert_eq!(numeric.len(), 36);
        for col in crate::model::CSV_COLUMNS {
            let v = &obj[*col];
            match numeric_field(col) {
                Some(get) => {
                    assert_eq!(get(&p), v.as_f64(), "{col}");
                    assert_eq!(
                        get(&Packet::default()).unwrap_or(0.0),
                        0.0,
                        "{col} of a default packet"
                    );
                }
                None => assert!(!v.is_number(), "{col} is a number but not plottable"),
            }
        }
    }
}
