//! Compare the native dissector with tshark, field by field, on the reference captures.

use mptcpanalyzer::input::native;
use mptcpanalyzer::Packet;
use std::path::{Path, PathBuf};
use std::process::Command;

const CAPTURES: &[&str] = &[
    "client_2.pcap",
    "server_2.pcap",
    "client_1_tcp_only.pcap",
    "server_1_tcp_only.pcap",
];

/// (tshark field, how to render ours)
type Render = fn(&Packet) -> String;

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn list<T: ToString>(v: &[T]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn fields() -> Vec<(&'static str, Render)> {
    vec![
        ("frame.number", |p| p.frame.to_string()),
        ("frame.time_epoch", |p| {
            format!(
                "{}.{:09}",
                p.abs_time_ns.div_euclid(1_000_000_000),
                p.abs_time_ns.rem_euclid(1_000_000_000)
            )
        }),
        ("frame.interface_id", |p| p.interface.to_string()),
        ("tcp.stream", |p| p.tcp_stream.to_string()),
        ("ip.src", |p| {
            if p.ip_version == 4 {
                opt(p.src_ip)
            } else {
                String::new()
            }
        }),
        ("ipv6.src", |p| {
            if p.ip_version == 6 {
                opt(p.src_ip)
            } else {
                String::new()
            }
        }),
        ("tcp.srcport", |p| p.src_port.to_string()),
        ("tcp.dstport", |p| p.dst_port.to_string()),
        ("tcp.flags", |p| format!("0x{:04x}", p.tcp_flags)),
        ("tcp.seq_raw", |p| p.seq_raw.to_string()),
        ("tcp.ack_raw", |p| p.ack_raw.to_string()),
        ("tcp.len", |p| p.payload_len.to_string()),
        ("tcp.window_size_value", |p| p.window.to_string()),
        ("tcp.option_kind", |p| list(&p.tcp_options)),
        ("tcp.options.timestamp.tsval", |p| opt(p.ts_val)),
        ("tcp.options.timestamp.tsecr", |p| opt(p.ts_ecr)),
        ("tcp.options.mptcp.subtype", |p| list(&p.mptcp_subtypes)),
        ("tcp.options.mptcp.sendkey", |p| opt(p.sender_key)),
        ("tcp.options.mptcp.recvkey", |p| opt(p.receiver_key)),
        ("tcp.options.mptcp.recvtok", |p| opt(p.receiver_token)),
        ("tcp.options.mptcp.rawdataseqno", |p| {
            opt(p.dss_dsn_raw.or(p.mp_fail_dsn))
        }),
        ("tcp.options.mptcp.rawdataack", |p| opt(p.data_ack_raw)),
        ("tcp.options.mptcp.subflowseqno", |p| opt(p.dss_ssn)),
        ("tcp.options.mptcp.datalvllen", |p| opt(p.dss_length)),
        ("tcp.options.mptcp.addrid", |p| {
            let mut v: Vec<u8> = p.addr_id.into_iter().collect();
            v.extend_from_slice(&p.remove_addr_ids);
            list(&v)
        }),
        ("tcp.options.mptcp.ipv4", |p| match p.add_addr_ip {
            Some(std::net::IpAddr::V4(a)) => a.to_string(),
            _ => String::new(),
        }),
        ("tcp.options.mptcp.port", |p| opt(p.add_addr_port)),
    ]
}

fn tshark_available() -> bool {
    Command::new("tshark")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn capture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/pcaps")
        .join(name)
}

fn skip(why: &str) -> bool {
    if std::env::var("CI").map(|v| v == "true").unwrap_or(false) {
        panic!("cannot run the tshark comparison in CI: {why}");
    }
    eprintln!("skipping tshark comparison: {why}");
    true
}

fn compare(name: &str) {
    let path = capture(name);
    if !path.exists() {
        skip(&format!("{} not found", path.display()));
        return;
    }
    if !tshark_available() {
        skip("tshark is not on PATH");
        return;
    }
    let fields = fields();
    let mut cmd = Command::new("tshark");
    cmd.arg("-r").arg(&path).args(["-Y", "tcp", "-T", "fields"]);
    for (f, _) in &fields {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("run tshark");
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    let expected: Vec<&str> = text.lines().collect();

    let mut ours = Vec::new();
    let info = native::read(&path, &mut |p| {
        ours.push(p);
        Ok(())
    })
    .expect("native read");
    assert_eq!(info.tcp_packets as usize, ours.len());
    assert_eq!(ours.len(), expected.len(), "{name}: TCP packet count");
    let mut mismatches = 0;
    for (p, line) in ours.iter().zip(&expected) {
        let cols: Vec<&str> = line.split('\t').collect();
        for (i, (f, render)) in fields.iter().enumerate() {
            let want = cols.get(i).copied().unwrap_or("");
            let got = render(p);
            if got != want {
                mismatches += 1;
                if mismatches <= 20 {
                    eprintln!(
                        "{name} frame {}: {f}: tshark {want:?}, native {got:?}",
                        p.frame
                    );
                }
            }
        }
    }
    assert_eq!(mismatches, 0, "{name}: {mismatches} field mismatches");
    assert!(
        info.warnings.is_empty(),
        "{name}: unexpected warnings {:?}",
        info.warnings
    );
}

#[test]
fn tshark_parity_client_2() {
    compare(CAPTURES[0]);
}

#[test]
fn tshark_parity_server_2() {
    compare(CAPTURES[1]);
}

#[test]
fn tshark_parity_client_1_tcp_only() {
    compare(CAPTURES[2]);
}

#[test]
fn tshark_parity_server_1_tcp_only() {
    compare(CAPTURES[3]);
}

#[test]
fn client_2_counts() {
    let path = capture("client_2.pcap");
    if !path.exists() {
        skip("client_2.pcap not found");
        return;
    }
    let mut n = 0u64;
    let mut streams = std::collections::BTreeSet::new();
    let info = native::read(&path, &mut |p| {
        n += 1;
        streams.insert(p.tcp_stream);
        Ok(())
    })
    .unwrap();
    // 2,884 frames, of which 2,858 are TCP (`tshark -Y tcp | wc -l`).
    assert_eq!(info.frames, 2884);
    assert_eq!(n, 2858);
    assert_eq!(info.tcp_packets, 2858);
    assert_eq!(streams.len(), 16);
}
