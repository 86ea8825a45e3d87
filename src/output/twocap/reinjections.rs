//! `reinjections`: each reinjection of a connection, qualified with the receiver's capture.

#[cfg(feature = "application")]
use super::{ms, psql};
use crate::analysis::twocap::reinject::ReinjectionReport;
use crate::output::columns::Flat;
use crate::output::{opt, Report};
use serde::Serialize;
#[cfg(feature = "application")]
use tabled::builder::Builder;

/// `reinjections` output.
#[derive(Debug, Serialize)]
pub struct ReinjectionsReport {
    pub mptcp_stream: u64,
    /// With a second capture: the matching connection in it (null: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer_mptcp_stream: Option<Option<u64>>,
    #[serde(flatten)]
    pub report: ReinjectionReport,
}

fn originals(r: &crate::analysis::twocap::reinject::Reinjection) -> (String, String) {
    (
        r.originals
            .iter()
            .map(|o| o.frame.to_string())
            .collect::<Vec<_>>()
            .join(";"),
        r.originals
            .iter()
            .map(|o| o.tcp_stream.to_string())
            .collect::<Vec<_>>()
            .join(";"),
    )
}

impl Report for ReinjectionsReport {
    #[cfg(feature = "application")]
    fn to_table(&self) -> String {
        let r = &self.report;
        let two = self.peer_mptcp_stream.is_some();
        let mut out = format!(
            "MPTCP connection {}: {} reinjection(s){}\n",
            self.mptcp_stream,
            r.reinjections.len(),
            match self.peer_mptcp_stream {
                Some(Some(p)) => format!(", receiver's connection {p}"),
                Some(None) => ", no matching connection in the receiver's capture".into(),
                None => String::new(),
            }
        );
        let mut b = Builder::default();
        let mut head = vec![
            "frame",
            "tcp",
            "direction",
            "time",
            "dsn",
            "len",
            "original (frame@tcp)",
            "delay ms",
        ];
        if two {
            head.extend(["received", "gain ms", "qualification"]);
        }
        b.push_record(head);
        for x in &r.reinjections {
            let mut row = vec![
                x.frame.to_string(),
                x.tcp_stream.to_string(),
                x.direction.as_str().to_string(),
                format!("{:.6}", x.time_s),
                match (x.dsn, x.dsn_end) {
                    (Some(a), Some(e)) => format!("{a}-{e}"),
                    _ => String::new(),
                },
                x.payload_len.to_string(),
                x.originals
                    .iter()
                    .map(|o| format!("{}@{}", o.frame, o.tcp_stream))
                    .collect::<Vec<_>>()
                    .join(" "),
                ms(x.delay_s),
            ];
            if two {
                row.extend([
                    x.received.map(|v| v.to_string()).unwrap_or_default(),
                    ms(x.gain_s),
                    x.qualification.unwrap_or("").to_string(),
                ]);
            }
            b.push_record(row);
        }
        out.push_str(&format!("{}\n", psql(b)));
        out.push_str(&format!("{}\n", psql(summary_table(r, two))));
        out
    }

    // text cells until these columns are declared typed (see output::columns)
    fn flat(&self) -> Flat {
        let (header, rows): (Vec<String>, Vec<Vec<String>>) = {
            let header = [
                "frame",
                "tcp_stream",
                "direction",
                "time_s",
                "dsn",
                "dsn_end",
                "payload_len",
                "original_frames",
                "original_tcp_streams",
                "delay_s",
                "received",
                "arrival_s",
                "original_arrival_s",
                "gain_s",
                "qualification",
            ]
            .map(String::from)
            .to_vec();
            let s9 = |v: Option<f64>| v.map(|x| format!("{x:.9}")).unwrap_or_default();
            let rows = self
                .report
                .reinjections
                .iter()
                .map(|x| {
                    let (f, t) = originals(x);
                    vec![
                        x.frame.to_string(),
                        x.tcp_stream.to_string(),
                        x.direction.as_str().to_string(),
                        format!("{:.9}", x.time_s),
                        opt(x.dsn),
                        opt(x.dsn_end),
                        x.payload_len.to_string(),
                        f,
                        t,
                        s9(x.delay_s),
                        opt(x.received),
                        s9(x.arrival_s),
                        s9(x.original_arrival_s),
                        s9(x.gain_s),
                        x.qualification.unwrap_or("").to_string(),
                    ]
                })
                .collect();
            (header, rows)
        };
        Flat::text(header, rows)
    }
}

/// The per-subflow summary of `reinjections` (with the receiver's qualification when `two`).
#[cfg(feature = "application")]
fn summary_table(r: &ReinjectionReport, two: bool) -> Builder {
    let mut b = Builder::default();
    let mut head = vec!["tcp", "direction", "reinjections", "bytes"];
    if two {
        head.extend(["useful", "useful bytes", "redundant", "redundant bytes"]);
    }
    b.push_record(head);
    for s in &r.summary {
        let mut row = vec![
            s.tcp_stream.to_string(),
            s.direction.map(|d| d.as_str()).unwrap_or("").to_string(),
            s.reinjections.to_string(),
            s.bytes.to_string(),
        ];
        if two {
            row.extend([
                opt(s.useful),
                opt(s.useful_bytes),
                opt(s.redundant),
                opt(s.redundant_bytes),
            ]);
        }
        b.push_record(row);
    }
    b
}
