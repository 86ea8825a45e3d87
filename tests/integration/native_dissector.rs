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
        ("tcp.options.wscale.shift", |p| opt(p.wscale)),
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
    compare_path(name, &path, fields(), true);
}

fn compare_path(name: &str, path: &Path, fields: Vec<(&'static str, Render)>, no_warnings: bool) {
    if !tshark_available() {
        skip("tshark is not on PATH");
        return;
    }
    let mut cmd = Command::new("tshark");
    cmd.arg("-r").arg(path).args(["-Y", "tcp", "-T", "fields"]);
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
    let info = native::read(path, &mut |p| {
        ours.push(std::mem::take(p));
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
        !no_warnings || info.warnings.is_empty(),
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

// ---------------------------------------------------------------------------------------------
// Synthetic capture exercising every MPTCP option variant, link types and stream reuse,
// compared with tshark as well.

mod synthetic {
    use super::*;
    use crate::synth::{self, Pcapng};

    const C: [u8; 4] = [10, 0, 0, 1];
    const S: [u8; 4] = [10, 0, 0, 2];

    fn mp(subtype: u8, low: u8, rest: &[u8]) -> Vec<u8> {
        let mut o = vec![30, (3 + rest.len()) as u8, (subtype << 4) | (low & 0x0f)];
        o.extend_from_slice(rest);
        o
    }

    fn cat(parts: &[&[u8]]) -> Vec<u8> {
        parts.concat()
    }

    const KEY_A: [u8; 8] = [1, 2, 3, 4, 5, 6, 7, 8];
    const KEY_B: [u8; 8] = [0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8];

    /// TCP segments (ports, seq, ack, flags, options, payload length) covering each variant.
    /// (source port, destination port, seq, ack, flags, options, payload length)
    type Segment = (u16, u16, u32, u32, u16, Vec<u8>, usize);

    #[allow(clippy::vec_init_then_push)]
    pub fn segments() -> Vec<Segment> {
        let syn = 0x002;
        let synack = 0x012;
        let ack = 0x010;
        let fin = 0x011;
        let mut v = Vec::new();
        // MP_CAPABLE v1, all lengths; SYN with a non-zero ack field
        v.push((1000, 80, 100, 0xdead_beef, syn, mp(0, 1, &[0x81]), 0));
        v.push((
            80,
            1000,
            500,
            101,
            synack,
            mp(0, 1, &cat(&[&[0x81], &KEY_B])),
            0,
        ));
        v.push((
            1000,
            80,
            101,
            501,
            ack,
            mp(0, 1, &cat(&[&[0x81], &KEY_A, &KEY_B])),
            0,
        ));
        v.push((
            1000,
            80,
            101,
            501,
            ack,
            mp(0, 1, &cat(&[&[0x81], &KEY_A, &KEY_B, &[0, 10]])),
            10,
        ));
        v.push((
            1000,
            80,
            111,
            501,
            ack,
            mp(
                0,
                1,
                &cat(&[&[0x81], &KEY_A, &KEY_B, &[0, 10], &[0xab, 0xcd]]),
            ),
            10,
        ));
        // MP_CAPABLE v0
        v.push((1001, 80, 7, 0, syn, mp(0, 0, &cat(&[&[0x81], &KEY_A])), 0));
        // DSS: data ACK 4 / 8, DSN 4 / 8, checksum, DATA_FIN
        v.push((
            80,
            1000,
            501,
            121,
            ack,
            mp(2, 0, &[0x01, 0, 0, 0x10, 0x01]),
            0,
        ));
        v.push((
            80,
            1000,
            501,
            121,
            ack,
            mp(2, 0, &[0x03, 1, 2, 3, 4, 5, 6, 7, 8]),
            0,
        ));
        v.push((
            1000,
            80,
            121,
            501,
            ack,
            mp(
                2,
                0,
                &[
                    0x05, 0, 0, 0, 9, 0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 21, 0, 100,
                ],
            ),
            100,
        ));
        v.push((
            1000,
            80,
            221,
            501,
            ack,
            mp(
                2,
                0,
                &[
                    0x05, 0, 0, 0, 9, 0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 121, 0, 100, 0x12, 0x34,
                ],
            ),
            100,
        ));
        v.push((
            1000,
            80,
            321,
            501,
            ack,
            mp(
                2,
                0,
                &[
                    0x0f, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 221, 0, 50,
                    0x56, 0x78,
                ],
            ),
            50,
        ));
        v.push((
            1000,
            80,
            371,
            501,
            fin,
            mp(2, 0, &[0x15, 2, 2, 2, 2, 2, 2, 2, 3, 0, 0, 0, 0, 0, 1]),
            0,
        ));
        v.push((
            1000,
            80,
            372,
            501,
            ack,
            mp(2, 0, &[0x04, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]),
            0,
        ));
        // MP_JOIN SYN / SYN-ACK / ACK
        v.push((
            2000,
            80,
            9000,
            0,
            syn,
            mp(1, 1, &[5, 0xaa, 0xbb, 0xcc, 0xdd, 1, 2, 3, 4]),
            0,
        ));
        v.push((
            80,
            2000,
            7000,
            9001,
            synack,
            mp(1, 0, &[6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9]),
            0,
        ));
        v.push((2000, 80, 9001, 7001, ack, mp(1, 0, &[0; 21]), 0));
        // ADD_ADDR v0 (IPv4, +port, IPv6) and v1 (HMAC, port, echo, IPv6)
        v.push((80, 1000, 501, 121, ack, mp(3, 4, &[3, 192, 168, 1, 1]), 0));
        v.push((
            80,
            1000,
            501,
            121,
            ack,
            mp(3, 4, &[3, 192, 168, 1, 1, 0x1f, 0x90]),
            0,
        ));
        v.push((
            80,
            1000,
            501,
            121,
            ack,
            mp(
                3,
                6,
                &cat(&[
                    &[4],
                    &[0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
                ]),
            ),
            0,
        ));
        v.push((
            80,
            1000,
            501,
            121,
            ack,
            mp(3, 0, &cat(&[&[7, 10, 1, 2, 3], &[9; 8]])),
            0,
        ));
        v.push((
            80,
            1000,
            501,
            121,
            ack,
            mp(3, 0, &cat(&[&[7, 10, 1, 2, 3, 0x01, 0xbb], &[9; 8]])),
            0,
        ));
        v.push((1000, 80, 372, 501, ack, mp(3, 1, &[7, 10, 1, 2, 3]), 0));
        v.push((
            80,
            1000,
            501,
            121,
            ack,
            mp(
                3,
                0,
                &cat(&[
                    &[8],
                    &[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
                    &[0x13, 0x88],
                    &[9; 8],
                ]),
            ),
            0,
        ));
        // REMOVE_ADDR, MP_PRIO (with and without id), MP_FAIL, MP_FASTCLOSE, MP_TCPRST
        v.push((80, 1000, 501, 121, ack, mp(4, 0, &[3, 7]), 0));
        v.push((80, 1000, 501, 121, ack, mp(5, 1, &[]), 0));
        v.push((80, 1000, 501, 121, ack, mp(5, 1, &[4]), 0));
        v.push((
            80,
            1000,
            501,
            121,
            ack,
            mp(6, 0, &[0, 1, 2, 3, 4, 5, 6, 7, 8]),
            0,
        ));
        v.push((80, 1000, 501, 121, ack, mp(7, 0, &cat(&[&[0], &KEY_A])), 0));
        v.push((80, 1000, 501, 121, 0x004, mp(8, 0x9, &[3]), 0));
        // Two MPTCP options, timestamps, NOPs and an EOL followed by junk
        v.push((
            1000,
            80,
            372,
            501,
            ack,
            cat(&[
                &[1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2],
                &mp(2, 0, &[0x01, 0, 0, 0, 5]),
                &[0, 2, 4],
            ]),
            0,
        ));
        // Port reuse: same 4-tuple, FIN, same ISN again, then a new ISN
        v.push((3000, 80, 100, 0, syn, vec![], 0));
        v.push((80, 3000, 200, 101, synack, vec![], 0));
        v.push((3000, 80, 101, 201, fin, vec![], 0));
        v.push((80, 3000, 201, 102, fin, vec![], 0));
        v.push((3000, 80, 100, 0, syn, vec![], 0));
        v.push((3000, 80, 5000, 0, syn, vec![], 0));
        v.push((80, 3000, 600, 5001, synack, vec![], 0));
        // First packet of a stream is not a SYN; then a SYN with seq = its seq - 1
        v.push((4000, 80, 1001, 1, ack, vec![], 5));
        v.push((4000, 80, 1000, 0, syn, vec![], 0));
        v.push((4000, 80, 999, 0, syn, vec![], 0));
        // RST then SYN with the same ISN
        v.push((5000, 80, 10, 0, syn, vec![], 0));
        v.push((80, 5000, 0, 11, 0x014, vec![], 0));
        v.push((5000, 80, 10, 0, syn, vec![], 0));
        v
    }

    pub fn frames() -> Vec<(i64, Vec<u8>)> {
        segments()
            .into_iter()
            .enumerate()
            .map(|(i, (sp, dp, seq, ack, fl, opts, len))| {
                let t = synth::tcp(sp, dp, seq, ack, fl, &opts, len);
                let (a, b) = if sp < dp { (S, C) } else { (C, S) };
                let ip = synth::ipv4(a, b, &[], &t);
                (
                    1_700_000_000_000_000_000 + i as i64 * 1_000_123,
                    synth::ethernet(0x0800, &[], &ip),
                )
            })
            .collect()
    }

    /// tshark prints no `frame.interface_id` for pcap files. `tcp.options.mptcp.checksum` is
    /// left out: tshark 4.0 shows the DSS checksum only when the option is 2 bytes longer than
    /// needed (see the unit tests for our semantics).
    fn extra_fields(pcapng: bool) -> Vec<(&'static str, Render)> {
        let mut f = fields();
        if !pcapng {
            f.retain(|(name, _)| *name != "frame.interface_id");
        }
        f.extend([
            (
                "tcp.options.mptcp.version",
                (|p: &Packet| opt(p.mptcp_version)) as Render,
            ),
            ("tcp.options.mptcp.ipv6", |p| match p.add_addr_ip {
                Some(std::net::IpAddr::V6(a)) => a.to_string(),
                _ => String::new(),
            }),
            ("tcp.options.mptcp.rst_reason", |p| {
                opt(p.tcprst_reason.map(|r| format!("0x{r:02x}")))
            }),
            ("tcp.options.mptcp.flag_U.flag", |p| {
                opt(p.tcprst_flags.map(|f| (f >> 3 & 1 == 1) as u8))
            }),
            ("tcp.options.mptcp.flag_T.flag", |p| {
                opt(p.tcprst_flags.map(|f| f & 1))
            }),
        ]);
        f
    }

    #[test]
    fn synthetic_options_match_tshark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synthetic.pcap");
        std::fs::write(&path, synth::pcap(1, false, false, &frames())).unwrap();
        if std::env::var("KEEP_SYNTH").is_ok() {
            std::fs::copy(&path, "/tmp/synthetic.pcap").unwrap();
        }
        compare_path("synthetic", &path, extra_fields(false), false);
    }

    #[test]
    fn synthetic_pcapng_two_interfaces() {
        // interface 0: Ethernet, µs; interface 1: raw IP, ns; second section big-endian SLL2.
        let fr = frames();
        let raw_ip = |f: &Vec<u8>| f[14..].to_vec();
        let mut ng = Pcapng::new()
            .section(false)
            .iface(1, None)
            .iface(101, Some(9));
        for (i, (t, f)) in fr.iter().enumerate().take(20) {
            ng = if i % 2 == 0 {
                ng.epb(0, (*t / 1000) as u64, f)
            } else {
                ng.epb(1, *t as u64, &raw_ip(f))
            };
        }
        ng = ng.section(true).iface(276, Some(6));
        for (t, f) in fr.iter().skip(20) {
            ng = ng.epb(0, (*t / 1000) as u64, &synth::sll2(0x0800, &raw_ip(f)));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synthetic.pcapng");
        std::fs::write(&path, ng.buf).unwrap();
        compare_path("synthetic-ng", &path, extra_fields(true), false);
    }
}
