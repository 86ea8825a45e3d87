//! `receiver`: what the receiver got in order, per direction and subflow.

use super::list;
#[cfg(feature = "application")]
use super::psql;
use crate::output::columns::Flat;
use crate::output::{opt, Report};
use serde::Serialize;
#[cfg(feature = "application")]
use tabled::builder::Builder;

/// `receiver` output.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct ReceiverStatsReport(pub crate::analysis::twocap::receiver::ReceiverReport);

impl Report for ReceiverStatsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let r = &self.0;
        let mut out = format!(
            "MPTCP connection {} (server capture: {})\n",
            r.mptcp_stream,
            r.peer_mptcp_stream
                .map(|x| x.to_string())
                .unwrap_or_else(|| "no match".into())
        );
        for d in &r.directions {
            out.push_str(&format!(
                "{}: delivered {} in order over {:.3} s: goodput {}; head-of-line blocking {:.3} s \
                 ({} waits, at most {} waiting){}\n",
                d.direction.as_str(),
                crate::output::human_bytes(d.delivered_bytes as f64),
                d.duration_s,
                crate::output::human_rate(d.goodput_bps),
                d.hol_time_s,
                d.hol_events,
                crate::output::human_bytes(d.max_waiting_bytes as f64),
                if d.packets_without_dsn > 0 {
                    format!("; {} data packets without DSN", d.packets_without_dsn)
                } else {
                    String::new()
                }
            ));
            let mut b = Builder::default();
            b.push_record([
                "tcp",
                "peer",
                "pkts sent",
                "pkts recv",
                "lost",
                "bytes sent",
                "bytes recv",
                "lost bytes",
            ]);
            for s in &d.subflows {
                b.push_record([
                    s.tcp_stream.to_string(),
                    list(&s.peer_tcp_streams),
                    s.packets_sent.to_string(),
                    s.packets_received.to_string(),
                    s.lost_packets.to_string(),
                    s.payload_bytes_sent.to_string(),
                    s.payload_bytes_received.to_string(),
                    s.lost_payload_bytes.to_string(),
                ]);
            }
            out.push_str(&format!("{}\n", psql(b)));
        }
        out
    }

    // text cells until these columns are declared typed (see output::columns)
    fn flat(&self) -> Flat {
        let (header, rows): (Vec<String>, Vec<Vec<String>>) = {
            let header = [
                "mptcp_stream",
                "peer_mptcp_stream",
                "direction",
                "delivered_bytes",
                "duration_s",
                "goodput_bps",
                "hol_time_s",
                "hol_events",
                "max_waiting_bytes",
                "packets_without_dsn",
                "tcp_stream",
                "peer_tcp_streams",
                "packets_sent",
                "packets_received",
                "lost_packets",
                "payload_bytes_sent",
                "payload_bytes_received",
                "lost_payload_bytes",
            ]
            .map(String::from)
            .to_vec();
            let r = &self.0;
            let mut rows = Vec::new();
            for d in &r.directions {
                for s in &d.subflows {
                    rows.push(vec![
                        r.mptcp_stream.to_string(),
                        opt(r.peer_mptcp_stream),
                        d.direction.as_str().to_string(),
                        d.delivered_bytes.to_string(),
                        format!("{:.9}", d.duration_s),
                        format!("{:.3}", d.goodput_bps),
                        format!("{:.9}", d.hol_time_s),
                        d.hol_events.to_string(),
                        d.max_waiting_bytes.to_string(),
                        d.packets_without_dsn.to_string(),
                        s.tcp_stream.to_string(),
                        list(&s.peer_tcp_streams),
                        s.packets_sent.to_string(),
                        s.packets_received.to_string(),
                        s.lost_packets.to_string(),
                        s.payload_bytes_sent.to_string(),
                        s.payload_bytes_received.to_string(),
                        s.lost_payload_bytes.to_string(),
                    ]);
                }
            }
            (header, rows)
        };
        Flat::text(header, rows)
    }
}
