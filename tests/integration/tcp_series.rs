//! `plot rtt` and `plot flight` series (src/analysis/tcp_series.rs) by value.
//!
//! Oracles: Wireshark 4.0's `tcp.analysis.ack_rtt` (the RTT definition is Wireshark's: every
//! sample of every subflow, to the nanosecond); for the flight size, tshark's own relative
//! `tcp.seq`, `tcp.ack`, `tcp.len` and flags, from which the test computes the documented
//! definition independently of the analysis.

use crate::util::*;
use clap::Parser;
use mptcpanalyzer::analysis::tcp_series;
use mptcpanalyzer::analysis::timeseries::Timeline;
use mptcpanalyzer::analysis::PacketFilter;
use mptcpanalyzer::cli::commands::Context;
use mptcpanalyzer::cli::Cli;
use mptcpanalyzer::model::Side;
use mptcpanalyzer::pipeline::{Capture, Want};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn captures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = [
        "mptcp-lossy.pcap",
        "pair-lossy-client.pcap",
        "pair-lossy-server.pcap",
    ]
    .into_iter()
    .map(fixture)
    .collect();
    v.extend(shared_pcap("client_2.pcap"));
    v
}

/// The capture loaded with its packets, and its MPTCP connection ids.
fn load(env: &Env, cap: &Path) -> (Capture, Vec<u64>) {
    let config = env.dir.path().join("empty.toml");
    std::fs::write(&config, "").unwrap();
    let cli = Cli::parse_from(["mptcpanalyzer", "--config", s(&config), "--no-cache", "man"]);
    let ctx = Context::from_cli(&cli).unwrap();
    let want = Want {
        packets: true,
        ..Want::default()
    };
    let c = Capture::load(cap, &ctx.settings, want, None).unwrap();
    let ids = c
        .mptcp_connections()
        .iter()
        .map(|m| m.mptcp_stream)
        .collect();
    (c, ids)
}

/// tshark's rows of `cap` with `fields` (TCP packets only).
fn fields(env: &Env, cap: &Path, fields: &[&str]) -> Vec<Vec<String>> {
    let mut cmd = std::process::Command::new("tshark");
    cmd.args(["-r", s(cap), "-Y", "tcp", "-T", "fields"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = cmd
        .env("WIRESHARK_CONFIG_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn rtt_samples_are_wiresharks_ack_rtt() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    for cap in captures() {
        // (tcp stream, RTT in ns) of every ACK Wireshark gives an RTT
        let mut want: BTreeMap<u64, Vec<i64>> = BTreeMap::new();
        for r in fields(&env, &cap, &["tcp.stream", "tcp.analysis.ack_rtt"]) {
            if !r[1].is_empty() {
                let ns = (r[1].parse::<f64>().unwrap() * 1e9).round() as i64;
                want.entry(r[0].parse().unwrap()).or_default().push(ns);
            }
        }
        let (c, ids) = load(&env, &cap);
        let mut got: BTreeMap<u64, Vec<i64>> = BTreeMap::new();
        for id in ids {
            let f = PacketFilter::Mptcp(id);
            let tl = Timeline::new(c.packets(), c.enricher(), f);
            for d in [Side::Server, Side::Client] {
                for sf in tcp_series::rtt(&tl, d) {
                    let v = got.entry(sf.tcp_stream).or_default();
                    v.extend(sf.points.iter().map(|p| (p.1 * 1e9).round() as i64));
                }
            }
        }
        // only the subflows of MPTCP connections
        want.retain(|k, _| {
            got.contains_key(k)
                || c.enricher()
                    .tcp_stream(*k)
                    .is_some_and(|t| t.mptcp.is_some())
        });
        for v in want.values_mut().chain(got.values_mut()) {
            v.sort_unstable();
        }
        assert!(
            want.values().map(Vec::len).sum::<usize>() > 100,
            "{}",
            cap.display()
        );
        let differ: Vec<_> = want
            .keys()
            .chain(got.keys())
            .filter(|k| got.get(k) != want.get(k))
            .map(|k| (k, got.get(k), want.get(k)))
            .collect();
        assert!(
            differ.is_empty(),
            "{}: (stream, ours, Wireshark's): {differ:?}",
            cap.display()
        );
    }
}

/// The flight size series of each subflow direction, computed from tshark's fields with the
/// definition of docs/plots.md: at each segment occupying sequence space sent towards the
/// destination and each ACK from it (once something was sent), highest end sent minus highest
/// ACK received (the first sequence number before any ACK), at least 0.
fn flight_from_tshark(rows: &[Vec<String>]) -> BTreeMap<(u64, u16), Vec<i64>> {
    // (stream, sender port) -> (highest end sent, highest ack received)
    let mut edge: BTreeMap<(u64, u16), (Option<i64>, Option<i64>)> = BTreeMap::new();
    let mut series: BTreeMap<(u64, u16), Vec<i64>> = BTreeMap::new();
    let mut ports: BTreeMap<u64, Vec<u16>> = BTreeMap::new();
    for r in rows {
        let n = |i: usize| r[i].parse::<i64>().unwrap_or(0);
        let flag = |i: usize| r[i] == "1" || r[i] == "True";
        let (stream, sport) = (n(0) as u64, n(1) as u16);
        let p = ports.entry(stream).or_default();
        if !p.contains(&sport) {
            p.push(sport);
        }
        let dport = n(2) as u16;
        let (seq, len) = (n(3), n(5));
        let end = seq + len + (flag(6) || flag(7)) as i64;
        if end > seq {
            let e = edge.entry((stream, sport)).or_default();
            e.1.get_or_insert(seq);
            e.0 = Some(e.0.map_or(end, |x: i64| x.max(end)));
            series
                .entry((stream, sport))
                .or_default()
                .push((e.0.unwrap() - e.1.unwrap()).max(0));
        }
        if flag(8) && !r[4].is_empty() {
            // an ACK of the data the other end sends
            let e = edge.entry((stream, dport)).or_default();
            if let Some(sent) = e.0 {
                e.1 = Some(e.1.map_or(n(4), |a| a.max(n(4))));
                series
                    .entry((stream, dport))
                    .or_default()
                    .push((sent - e.1.unwrap()).max(0));
            }
        }
    }
    series
}

#[test]
fn flight_size_follows_tsharks_sequence_numbers() {
    if !have_tshark() {
        return;
    }
    let env = Env::new();
    for cap in captures() {
        let rows = fields(
            &env,
            &cap,
            &[
                "tcp.stream",
                "tcp.srcport",
                "tcp.dstport",
                "tcp.seq",
                "tcp.ack",
                "tcp.len",
            ],
        );
        let flags = fields(
            &env,
            &cap,
            &["tcp.flags.syn", "tcp.flags.fin", "tcp.flags.ack"],
        );
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .zip(flags)
            .map(|(mut a, b)| {
                a.extend(b);
                a
            })
            .collect();
        let want = flight_from_tshark(&rows);
        let (c, ids) = load(&env, &cap);
        let mut checked = 0;
        for id in ids {
            let f = PacketFilter::Mptcp(id);
            let tl = Timeline::new(c.packets(), c.enricher(), f);
            for d in [Side::Server, Side::Client] {
                let fl = tcp_series::flight(&tl, d);
                for sf in &fl.subflows {
                    let port = sf.src.unwrap().port();
                    let got: Vec<i64> = sf.points.iter().map(|p| p.1 as i64).collect();
                    assert_eq!(
                        Some(&got),
                        want.get(&(sf.tcp_stream, port)),
                        "{} stream {} from port {port}",
                        cap.display(),
                        sf.tcp_stream
                    );
                    checked += got.len();
                }
                // the total is the sum of the subflows' latest values after each packet
                let mut latest: BTreeMap<u64, f64> = BTreeMap::new();
                let mut events: Vec<(f64, u64, f64)> = fl
                    .subflows
                    .iter()
                    .flat_map(|s| s.points.iter().map(move |p| (p.0, s.tcp_stream, p.1)))
                    .collect();
                events.sort_by(|a, b| a.0.total_cmp(&b.0));
                if fl.subflows.len() > 1 {
                    let last = fl.total.last().unwrap().1;
                    for (_, s, v) in events {
                        latest.insert(s, v);
                    }
                    assert_eq!(last, latest.values().sum::<f64>(), "{}", cap.display());
                }
            }
        }
        assert!(checked > 100, "{}", cap.display());
    }
}

/// Both plots draw, and each subflow's series is in the SVG legend.
#[test]
fn rtt_and_flight_plots_render() {
    let env = Env::new();
    let cap = fixture("mptcp-lossy.pcap");
    for plot in ["rtt", "flight"] {
        let out = env.dir.path().join(format!("{plot}.svg"));
        env.stdout(&["plot", plot, s(&cap), "--mptcp", "0", "-o", s(&out)]);
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(
            svg.contains("tcp 0: 10.1.0.1:48936→10.1.0.2:5401"),
            "{plot}"
        );
        assert!(
            svg.contains("tcp 1: 10.2.0.1:41887→10.2.0.2:5401"),
            "{plot}"
        );
        let total = svg.lines().any(|l| l.trim() == "total");
        assert_eq!(total, plot == "flight", "{plot}");
    }
}

/// What the plots draw: the series streamed into per-column buckets ([`TcpSeriesCollector`],
/// no packet kept) are the whole-capture series when the buckets outnumber the points, and
/// with few buckets keep each series' first, last, lowest and highest point in at most
/// [`POINTS_PER_BUCKET`] points per bucket (plot memory independent of the capture size).
#[test]
fn streamed_series_are_the_whole_capture_series() {
    use mptcpanalyzer::analysis::tcp_series::{TcpSeries, TcpSeriesCollector, TcpSeriesKind};
    use mptcpanalyzer::analysis::timeseries::{ConnView, Reduced, POINTS_PER_BUCKET};
    let env = Env::new();
    let mut compared = 0;
    for cap in captures() {
        let (c, ids) = load(&env, &cap);
        for id in ids {
            let f = PacketFilter::Mptcp(id);
            let view = ConnView::new(c.enricher(), f).unwrap();
            let tl = Timeline::new(c.packets(), c.enricher(), f);
            for kind in [TcpSeriesKind::Rtt, TcpSeriesKind::Flight] {
                let stream = |buckets: usize| {
                    let r = Reduced::new(view.range(), buckets);
                    let mut col = TcpSeriesCollector::new(&view, kind, r);
                    for p in c.packets() {
                        col.push(p);
                    }
                    let data = [Side::Server, Side::Client].map(|d| col.has_data(d));
                    (col.finish(), data)
                };
                let (whole, has_data) = stream(1 << 22);
                let (small, _) = stream(10);
                for (i, d) in [Side::Server, Side::Client].into_iter().enumerate() {
                    let want_data = tl
                        .packets
                        .iter()
                        .any(|(p, dd, _)| *dd == d && p.payload_len > 0);
                    assert_eq!(has_data[i], want_data, "{}", cap.display());
                    let (got, few) = (whole.get(d).clone(), small.get(d).clone());
                    let (want, reduced) = match (kind, got, few) {
                        (TcpSeriesKind::Rtt, TcpSeries::Rtt(g), TcpSeries::Rtt(s)) => {
                            assert_eq!(g, tcp_series::rtt(&tl, d), "{}", cap.display());
                            (g, s)
                        }
                        (TcpSeriesKind::Flight, TcpSeries::Flight(g), TcpSeries::Flight(s)) => {
                            let want = tcp_series::flight(&tl, d);
                            assert_eq!(g, want, "{}", cap.display());
                            let mut all = g.subflows;
                            all.push(mptcpanalyzer::analysis::timeseries::SubflowPoints {
                                tcp_stream: u64::MAX,
                                src: None,
                                dst: None,
                                points: want.total,
                            });
                            let mut few = s.subflows;
                            few.push(mptcpanalyzer::analysis::timeseries::SubflowPoints {
                                tcp_stream: u64::MAX,
                                src: None,
                                dst: None,
                                points: s.total,
                            });
                            (all, few)
                        }
                        _ => panic!("series of another kind"),
                    };
                    assert_eq!(want.len(), reduced.len());
                    for (w, r) in want.iter().zip(&reduced) {
                        assert!(r.points.len() <= 10 * POINTS_PER_BUCKET);
                        assert_eq!(r.points.first(), w.points.first());
                        assert_eq!(r.points.last(), w.points.last());
                        let max = |v: &[(f64, f64)]| v.iter().map(|p| p.1).fold(f64::MIN, f64::max);
                        let min = |v: &[(f64, f64)]| v.iter().map(|p| p.1).fold(f64::MAX, f64::min);
                        assert_eq!(max(&r.points), max(&w.points));
                        assert_eq!(min(&r.points), min(&w.points));
                        compared += w.points.len();
                    }
                }
            }
        }
    }
    assert!(compared > 1000, "{compared}");
}
