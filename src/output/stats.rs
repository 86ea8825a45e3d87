//! Renderings of `stats tcp` and `stats mptcp`.

use super::{opt, Report};
use crate::analysis::stats::{MptcpStats, TcpStats};
use serde::Serialize;
#[cfg(feature = "application")]
use tabled::{builder::Builder, settings::Style};
#[cfg(feature = "application")]
use {
    super::{human_bytes, human_rate},
    crate::analysis::stats::{MptcpDirection, TcpDirection},
};

fn secs(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.9}")).unwrap_or_default()
}

/// One connection (object) or every connection (array), as asked.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn items(&self) -> Vec<&T> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(v) => v.iter().collect(),
        }
    }
}

/// `stats tcp` output.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct TcpStatsReport {
    pub stats: OneOrMany<TcpStats>,
    #[serde(skip)]
    pub dirs: (bool, bool),
}

#[cfg(feature = "application")]
fn tcp_dir_rows(b: &mut Builder, name: &str, d: &TcpDirection) {
    b.push_record([
        name.to_string(),
        d.packets.to_string(),
        human_bytes(d.payload_bytes as f64),
        human_bytes(d.unique_bytes as f64),
        format!(
            "{} / {}",
            d.retransmitted_packets,
            human_bytes(d.retransmitted_bytes as f64)
        ),
        format!("{:.3}", d.duration_s),
        human_rate(d.throughput_bps),
    ]);
}

impl Report for TcpStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = String::new();
        for s in self.stats.items() {
            out.push_str(&format!(
                "TCP connection {}: {} -> {}{}\n",
                s.tcp_stream,
                s.client,
                s.server,
                s.mptcp_stream
                    .map(|m| format!(" (subflow of MPTCP {m})"))
                    .unwrap_or_default()
            ));
            let mut b = Builder::default();
            b.push_record([
                "towards",
                "pkts",
                "payload",
                "unique",
                "retrans",
                "dur (s)",
                "throughput",
            ]);
            if self.dirs.0 {
                tcp_dir_rows(&mut b, "server", &s.to_server);
            }
            if self.dirs.1 {
                tcp_dir_rows(&mut b, "client", &s.to_client);
            }
            let mut t = b.build();
            t.with(Style::sharp());
            out.push_str(&t.to_string());
            out.push('\n');
        }
        out
    }

    fn csv_rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let header = [
            "tcp_stream",
            "direction",
            "packets",
            "payload_bytes",
            "unique_bytes",
            "retransmitted_packets",
            "retransmitted_bytes",
            "first_s",
            "last_s",
            "duration_s",
            "throughput_bps",
        ];
        let mut rows = Vec::new();
        for s in self.stats.items() {
            for (name, d, on) in [
                ("to_server", &s.to_server, self.dirs.0),
                ("to_client", &s.to_client, self.dirs.1),
            ] {
                if !on {
                    continue;
                }
                rows.push(vec![
                    s.tcp_stream.to_string(),
                    name.to_string(),
                    d.packets.to_string(),
                    d.payload_bytes.to_string(),
                    d.unique_bytes.to_string(),
                    d.retransmitted_packets.to_string(),
                    d.retransmitted_bytes.to_string(),
                    secs(d.first_s),
                    secs(d.last_s),
                    format!("{:.9}", d.duration_s),
                    format!("{:.3}", d.throughput_bps),
                ]);
            }
        }
        (header.iter().map(|s| s.to_string()).collect(), rows)
    }
}

/// `stats mptcp` output.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct MptcpStatsReport {
    pub stats: OneOrMany<MptcpStats>,
}

#[cfg(feature = "application")]
fn mptcp_dir_table(out: &mut String, name: &str, d: &MptcpDirection) {
    out.push_str(&format!(
        "  towards the {name}: {} of data in {:.3} s, goodput {}, {} pkts\n",
        human_bytes(d.data_bytes as f64),
        d.duration_s,
        human_rate(d.goodput_bps),
        d.packets,
    ));
    out.push_str(&format!(
        "    reinjections {} ({}), out-of-order {}, dup data ACKs {}{}\n",
        d.reinjections_packets,
        human_bytes(d.reinjections_bytes as f64),
        d.out_of_order,
        d.duplicate_data_acks,
        if d.data_fin { ", DATA_FIN" } else { "" },
    ));
    let mut b = Builder::default();
    b.push_record([
        "tcp",
        "pkts",
        "payload",
        "share",
        "exclusive",
        "reinj sent",
        "reinj'd",
    ]);
    for s in &d.subflows {
        b.push_record([
            s.tcp_stream.to_string(),
            s.packets.to_string(),
            human_bytes(s.payload_bytes as f64),
            format!("{:.1} %", s.share * 100.0),
            human_bytes(s.exclusive_bytes as f64),
            format!(
                "{} / {}",
                s.reinjections_packets,
                human_bytes(s.reinjections_bytes as f64)
            ),
            format!(
                "{} / {}",
                s.reinjected_elsewhere_packets,
                human_bytes(s.reinjected_elsewhere_bytes as f64)
            ),
        ]);
    }
    let mut t = b.build();
    t.with(Style::sharp());
    for line in t.to_string().lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
}

impl Report for MptcpStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let mut out = String::new();
        for s in self.stats.items() {
            out.push_str(&format!(
                "MPTCP connection {} (v{}){}\n",
                s.mptcp_stream,
                s.version.map_or("?".to_string(), |v| v.to_string()),
                if s.fallback { ", fell back to TCP" } else { "" }
            ));
            if let Some(d) = &s.to_server {
                mptcp_dir_table(&mut out, "server", d);
            }
            if let Some(d) = &s.to_client {
                mptcp_dir_table(&mut out, "client", d);
            }
            let mut b = Builder::default();
            b.push_record(["tcp", "client -> server", "role", "ids", "bkp", "life s"]);
            for f in &s.subflows {
                b.push_record([
                    f.tcp_stream.to_string(),
                    format!("{} -> {}", f.client, f.server),
                    if f.master { "master" } else { "join" }.to_string(),
                    match (f.client_addr_id, f.server_addr_id) {
                        (None, None) => String::new(),
                        (a, b) => format!("{}/{}", opt(a), opt(b)),
                    },
                    if f.backup { "yes" } else { "" }.to_string(),
                    format!("{:.3}", f.lifetime_s),
                ]);
            }
            let mut t = b.build();
            t.with(Style::sharp());
            out.push_str("  subflows:\n");
            for line in t.to_string().lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
            if !s.events.is_empty() {
                out.push_str("  events:\n");
                for e in &s.events {
                    let line = format!(
                        "  {:>10.6} s  frame {:<6} tcp {:<2} {:<6} {} {}",
                        e.time_s,
                        e.frame,
                        e.tcp_stream,
                        format!("{:?}", e.from).to_lowercase(),
                        e.kind,
                        e.detail
                    );
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
            }
        }
        out
    }

    /// One row per (connection, direction, subflow).
    fn csv_rows(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let header = [
            "mptcp_stream",
            "direction",
            "data_bytes",
            "duration_s",
            "goodput_bps",
            "out_of_order",
            "duplicate_data_acks",
            "data_fin",
            "tcp_stream",
            "packets",
            "payload_bytes",
            "share",
            "data_bytes_subflow",
            "exclusive_bytes",
            "reinjections_packets",
            "reinjections_bytes",
            "reinjected_elsewhere_packets",
            "reinjected_elsewhere_bytes",
            "data_retransmitted_bytes",
            "unique_bytes",
            "retransmitted_packets",
            "retransmitted_bytes",
            "first_s",
            "last_s",
            "subflow_duration_s",
            "throughput_bps",
        ];
        let mut rows = Vec::new();
        for s in self.stats.items() {
            for (name, d) in [("to_server", &s.to_server), ("to_client", &s.to_client)] {
                let Some(d) = d else { continue };
                for f in &d.subflows {
                    let mut row = vec![
                        s.mptcp_stream.to_string(),
                        name.to_string(),
                        d.data_bytes.to_string(),
                        format!("{:.9}", d.duration_s),
                        format!("{:.3}", d.goodput_bps),
                        d.out_of_order.to_string(),
                        d.duplicate_data_acks.to_string(),
                        d.data_fin.to_string(),
                        f.tcp_stream.to_string(),
                        f.packets.to_string(),
                        f.payload_bytes.to_string(),
                        format!("{:.6}", f.share),
                        f.data_bytes.to_string(),
                        f.exclusive_bytes.to_string(),
                        f.reinjections_packets.to_string(),
                        f.reinjections_bytes.to_string(),
                        f.reinjected_elsewhere_packets.to_string(),
                        f.reinjected_elsewhere_bytes.to_string(),
                        f.data_retransmitted_bytes.to_string(),
                    ];
                    let t = f.tcp.clone().unwrap_or_default();
                    row.extend([
                        t.unique_bytes.to_string(),
                        t.retransmitted_packets.to_string(),
                        t.retransmitted_bytes.to_string(),
                        opt(t.first_s.map(|x| format!("{x:.9}"))),
                        opt(t.last_s.map(|x| format!("{x:.9}"))),
                        format!("{:.9}", t.duration_s),
                        format!("{:.3}", t.throughput_bps),
                    ]);
                    rows.push(row);
                }
            }
        }
        (header.iter().map(|s| s.to_string()).collect(), rows)
    }
}
