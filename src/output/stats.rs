//! Renderings of `stats tcp` and `stats mptcp`.

use super::columns::{Column, Flat, Type, Unit};
use super::Report;
#[cfg(feature = "application")]
use super::{human_bytes, human_rate, opt};
use crate::analysis::stats::{
    MptcpDirection, MptcpStats, SubflowDirection, TcpDirection, TcpStats,
};
use serde::Serialize;
#[cfg(feature = "application")]
use tabled::{builder::Builder, settings::Style};

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

    /// One row per (connection, direction asked for).
    fn flat(&self) -> Flat {
        let rows = self.stats.items().into_iter().flat_map(|s| {
            [
                ("to_server", &s.to_server, self.dirs.0),
                ("to_client", &s.to_client, self.dirs.1),
            ]
            .into_iter()
            .filter(|(_, _, on)| *on)
            .map(move |(name, d, _)| (s, name, d))
        });
        Flat::of(&tcp_columns(), rows)
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
            for f in &s.subflows {
                out.push_str(&super::subflow_end_line(f.tcp_stream, &f.end));
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
                        super::events::kind(&e.what),
                        super::events::detail(&e.what)
                    );
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
            }
        }
        out
    }

    /// One row per (connection, direction, subflow).
    fn flat(&self) -> Flat {
        let rows = self.stats.items().into_iter().flat_map(|s| {
            [("to_server", &s.to_server), ("to_client", &s.to_client)]
                .into_iter()
                .filter_map(|(name, d)| d.as_ref().map(|d| (name, d)))
                .flat_map(move |(name, d)| d.subflows.iter().map(move |f| (s, name, d, f)))
        });
        Flat::of(&mptcp_columns(), rows)
    }
}

/// A row of `stats tcp`: a connection, the direction's name and its figures.
type TcpRow<'a> = (&'a TcpStats, &'static str, &'a TcpDirection);

/// The columns of `stats tcp` (docs/statistics.md).
fn tcp_columns<'a>() -> Vec<Column<TcpRow<'a>>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("tcp_stream", UInt, Id, |(s, _, _)| s.tcp_stream.into()),
        Column::new("direction", Text, Id, |(_, name, _)| (*name).into()),
        Column::new("packets", UInt, Unit::Packets, |(_, _, d)| d.packets.into()),
        Column::new("payload_bytes", UInt, Unit::Bytes, |(_, _, d)| {
            d.payload_bytes.into()
        }),
        Column::new("unique_bytes", UInt, Unit::Bytes, |(_, _, d)| {
            d.unique_bytes.into()
        }),
        Column::new("retransmitted_packets", UInt, Unit::Packets, |(_, _, d)| {
            d.retransmitted_packets.into()
        }),
        Column::new("retransmitted_bytes", UInt, Unit::Bytes, |(_, _, d)| {
            d.retransmitted_bytes.into()
        }),
        Column::new("first_s", Float, Unit::Seconds, |(_, _, d)| {
            d.first_s.into()
        }),
        Column::new("last_s", Float, Unit::Seconds, |(_, _, d)| d.last_s.into()),
        Column::new("duration_s", Float, Unit::Seconds, |(_, _, d)| {
            d.duration_s.into()
        }),
        Column::new(
            "throughput_bps",
            Float,
            Unit::BytesPerSecond,
            |(_, _, d)| d.throughput_bps.into(),
        ),
    ]
}

/// A row of `stats mptcp`: a connection, the direction's name, its figures and one subflow's.
type MptcpRow<'a> = (
    &'a MptcpStats,
    &'static str,
    &'a MptcpDirection,
    &'a SubflowDirection,
);

/// A subflow's TCP-level figure, as `stats tcp` gives it (those of no packet when absent).
fn sf_tcp<T>(f: &SubflowDirection, get: impl Fn(&TcpDirection) -> T) -> T {
    get(f.tcp.as_ref().unwrap_or(&TcpDirection::default()))
}

/// The columns of `stats mptcp` (docs/statistics.md).
fn mptcp_columns<'a>() -> Vec<Column<MptcpRow<'a>>> {
    use {Type::*, Unit::None as Id};
    vec![
        Column::new("mptcp_stream", UInt, Id, |r| r.0.mptcp_stream.into()),
        Column::new("direction", Text, Id, |r| r.1.into()),
        Column::new("data_bytes", UInt, Unit::Bytes, |r| r.2.data_bytes.into()),
        Column::new("duration_s", Float, Unit::Seconds, |r| {
            r.2.duration_s.into()
        }),
        Column::new("goodput_bps", Float, Unit::BytesPerSecond, |r| {
            r.2.goodput_bps.into()
        }),
        Column::new("out_of_order", UInt, Unit::Packets, |r| {
            r.2.out_of_order.into()
        }),
        Column::new("duplicate_data_acks", UInt, Unit::Packets, |r| {
            r.2.duplicate_data_acks.into()
        }),
        Column::new("data_fin", Bool, Id, |r| r.2.data_fin.into()),
        Column::new("tcp_stream", UInt, Id, |r| r.3.tcp_stream.into()),
        Column::new("packets", UInt, Unit::Packets, |r| r.3.packets.into()),
        Column::new("payload_bytes", UInt, Unit::Bytes, |r| {
            r.3.payload_bytes.into()
        }),
        Column::new("share", Float, Unit::Ratio, |r| r.3.share.into()),
        Column::new("data_bytes_subflow", UInt, Unit::Bytes, |r| {
            r.3.data_bytes.into()
        }),
        Column::new("exclusive_bytes", UInt, Unit::Bytes, |r| {
            r.3.exclusive_bytes.into()
        }),
        Column::new("reinjections_packets", UInt, Unit::Packets, |r| {
            r.3.reinjections_packets.into()
        }),
        Column::new("reinjections_bytes", UInt, Unit::Bytes, |r| {
            r.3.reinjections_bytes.into()
        }),
        Column::new("reinjected_elsewhere_packets", UInt, Unit::Packets, |r| {
            r.3.reinjected_elsewhere_packets.into()
        }),
        Column::new("reinjected_elsewhere_bytes", UInt, Unit::Bytes, |r| {
            r.3.reinjected_elsewhere_bytes.into()
        }),
        Column::new("data_retransmitted_bytes", UInt, Unit::Bytes, |r| {
            r.3.data_retransmitted_bytes.into()
        }),
        Column::new("unique_bytes", UInt, Unit::Bytes, |r| {
            sf_tcp(r.3, |t| t.unique_bytes).into()
        }),
        Column::new("retransmitted_packets", UInt, Unit::Packets, |r| {
            sf_tcp(r.3, |t| t.retransmitted_packets).into()
        }),
        Column::new("retransmitted_bytes", UInt, Unit::Bytes, |r| {
            sf_tcp(r.3, |t| t.retransmitted_bytes).into()
        }),
        Column::new("first_s", Float, Unit::Seconds, |r| {
            sf_tcp(r.3, |t| t.first_s).into()
        }),
        Column::new("last_s", Float, Unit::Seconds, |r| {
            sf_tcp(r.3, |t| t.last_s).into()
        }),
        Column::new("subflow_duration_s", Float, Unit::Seconds, |r| {
            sf_tcp(r.3, |t| t.duration_s).into()
        }),
        Column::new("throughput_bps", Float, Unit::BytesPerSecond, |r| {
            sf_tcp(r.3, |t| t.throughput_bps).into()
        }),
    ]
}
