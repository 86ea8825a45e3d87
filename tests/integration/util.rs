//! Test harness: a ready `assert_cmd::Command` with isolated XDG directories, paths to the shared
//! reference captures and to tshark, with skip-or-fail logic (`CI=true` turns a skip into a failure).

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn in_ci() -> bool {
    std::env::var("CI").map(|v| v == "true").unwrap_or(false)
}

/// Skip a test (print why), or fail it under CI=true.
pub fn skip(why: &str) {
    if in_ci() {
        panic!("required test input missing under CI=true: {why}");
    }
    eprintln!("SKIPPED: {why}");
}

/// A reference capture from ../shared/pcaps, or None (after printing why) when absent.
pub fn shared_pcap(name: &str) -> Option<PathBuf> {
    let p = root().join("..").join("shared").join("pcaps").join(name);
    if p.is_file() {
        Some(p)
    } else {
        skip(&format!("{} not found", p.display()));
        None
    }
}

/// A fixture made by fixtures/generate.sh.
pub fn fixture(name: &str) -> PathBuf {
    let p = root().join("fixtures").join(name);
    assert!(p.is_file(), "fixture {} is missing", p.display());
    p
}

/// True when tshark runs; otherwise prints why the test is skipped (fails under CI=true).
pub fn have_tshark() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    let ok = *OK.get_or_init(|| {
        std::process::Command::new("tshark")
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    if !ok {
        skip("tshark is not installed");
    }
    ok
}

/// True when `program` is on PATH; otherwise prints why the test is skipped (fails under
/// CI=true, where .ci/run installs it).
pub fn have_program(program: &str) -> bool {
    let ok = std::process::Command::new(program)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        skip(&format!("{program} is not installed"));
    }
    ok
}

/// Isolated environment per test: own cache and config directories.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.dir.path().join("cache").join("mptcpanalyzer")
    }

    pub fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// `mptcpanalyzer` with XDG dirs pointing into the temp dir.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("mptcpanalyzer").unwrap();
        c.env("XDG_CACHE_HOME", self.dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("MPTCPANALYZER_TSHARK")
            .env_remove("MPTCPANALYZER_CONFIG");
        c
    }

    /// Run and parse stdout as JSON, asserting success.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// [`Env::json`] with `--backend BACKEND` first.
    pub fn json_with(&self, backend: &str, args: &[&str]) -> serde_json::Value {
        let all: Vec<&str> = ["--backend", backend]
            .into_iter()
            .chain(args.iter().copied())
            .collect();
        self.json(&all)
    }

    /// [`Env::stdout`] with `--backend BACKEND` first.
    pub fn stdout_with(&self, backend: &str, args: &[&str]) -> String {
        let all: Vec<&str> = ["--backend", backend]
            .into_iter()
            .chain(args.iter().copied())
            .collect();
        self.stdout(&all)
    }

    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The backends to test: tshark only when installed.
pub fn backends() -> Vec<&'static str> {
    let mut v = vec!["native"];
    if have_tshark() {
        v.push("tshark");
    }
    v
}

/// The `<text>` contents of an SVG, unescaped.
pub fn texts(svg: &str) -> Vec<String> {
    svg.match_indices("<text")
        .filter_map(|(i, _)| {
            let rest = &svg[i..];
            let start = rest.find('>')? + 1;
            let end = rest.find("</text>")?;
            Some(
                rest[start..end]
                    .trim()
                    .replace("&gt;", ">")
                    .replace("&lt;", "<")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

/// The values of attribute `name` in all `<tag ...>` elements of an SVG.
pub fn attr_values<'a>(svg: &'a str, tag: &str, name: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    let key = format!(" {name}=\"");
    svg.match_indices(&open)
        .filter_map(|(i, _)| {
            let elem = &svg[i..i + svg[i..].find('>')?];
            let start = elem.find(&key)? + key.len();
            Some(&elem[start..start + elem[start..].find('"')?])
        })
        .collect()
}

/// Records of a classic pcap: (timestamp ns, captured bytes, original length), and its link type.
pub fn pcap_records(path: &std::path::Path) -> (u32, Vec<(u64, Vec<u8>, u32)>) {
    let d = std::fs::read(path).unwrap();
    let nano = match d[..4] {
        [0xd4, 0xc3, 0xb2, 0xa1] => false,
        [0x4d, 0x3c, 0xb2, 0xa1] => true,
        _ => panic!("{}: not a little-endian classic pcap", path.display()),
    };
    let u32_at = |i: usize| u32::from_le_bytes(d[i..i + 4].try_into().unwrap());
    let mut v = Vec::new();
    let mut off = 24;
    while off + 16 <= d.len() {
        let frac = u32_at(off + 4) as u64;
        let ns = u32_at(off) as u64 * 1_000_000_000 + if nano { frac } else { frac * 1000 };
        let caplen = u32_at(off + 8) as usize;
        v.push((
            ns,
            d[off + 16..off + 16 + caplen].to_vec(),
            u32_at(off + 12),
        ));
        off += 16 + caplen;
    }
    (u32_at(20), v)
}

/// Write records (timestamp ns, captured bytes, original length) as a nanosecond classic pcap.
pub fn write_pcap(
    out: &Path,
    linktype: u32,
    records: impl IntoIterator<Item = (u64, Vec<u8>, u32)>,
) {
    let mut w: Vec<u8> = Vec::new();
    // magic (ns), version 2.4 (two u16), zone, sigfigs, snaplen, link type
    for x in [0xa1b23c4du32, 0x0004_0002, 0, 0, 262_144, linktype] {
        w.extend_from_slice(&x.to_le_bytes());
    }
    for (ns, data, orig) in records {
        for x in [
            (ns / 1_000_000_000) as u32,
            (ns % 1_000_000_000) as u32,
            data.len() as u32,
            orig,
        ] {
            w.extend_from_slice(&x.to_le_bytes());
        }
        w.extend_from_slice(&data);
    }
    std::fs::write(out, w).unwrap();
}

/// Offset of the TCP header in a captured frame of link type Linux SLL (113) or SLL2 (276),
/// IPv4 or IPv6 (no extension headers); None for anything else.
pub fn tcp_offset(linktype: u32, data: &[u8]) -> Option<usize> {
    let l3 = match linktype {
        113 => 16,
        276 => 20,
        _ => return None,
    };
    match data.get(l3)? >> 4 {
        4 if data.get(l3 + 9) == Some(&6) => Some(l3 + (data[l3] as usize & 15) * 4),
        6 if data.get(l3 + 6) == Some(&6) => Some(l3 + 40),
        _ => None,
    }
}

/// TCP (source port, destination port, flags) of a captured frame.
pub fn tcp_ports_flags(linktype: u32, data: &[u8]) -> Option<(u16, u16, u8)> {
    let t = tcp_offset(linktype, data)?;
    let port = |i: usize| u16::from_be_bytes([data[i], data[i + 1]]);
    Some((port(t), port(t + 2), *data.get(t + 13)?))
}

/// Add `delta` to the TCP port that is not `server_port` (checksums are left as they are).
pub fn shift_client_port(linktype: u32, data: &mut [u8], server_port: u16, delta: u16) {
    let Some(t) = tcp_offset(linktype, data) else {
        return;
    };
    for i in [t, t + 2] {
        let p = u16::from_be_bytes([data[i], data[i + 1]]);
        if p != server_port {
            data[i..i + 2].copy_from_slice(&(p + delta).to_be_bytes());
        }
    }
}

/// TCP payload of a captured frame of link type Linux SLL (113) or SLL2 (276), bounded by the IP
/// header's length (parsed here, independently of the project's dissector); None if not TCP.
pub fn tcp_payload(linktype: u32, data: &[u8]) -> Option<&[u8]> {
    let t = tcp_offset(linktype, data)?;
    let l3 = if linktype == 113 { 16 } else { 20 };
    let be16 = |i: usize| u16::from_be_bytes([data[i], data[i + 1]]) as usize;
    let ip_end = match data[l3] >> 4 {
        4 => l3 + be16(l3 + 2),
        _ => l3 + 40 + be16(l3 + 4),
    };
    let start = t + (*data.get(t + 12)? as usize >> 4) * 4;
    data.get(start..ip_end.min(data.len()))
}

// ---- derived captures (issue 11): a NAT between a host and its tap, a capture started late ----

/// One endpoint rewrite of a NAT: every IPv4 source or destination `from_ip` (and `from_port`,
/// when given) becomes `to_ip` (and `to_port`, when given; otherwise the port is kept).
#[derive(Clone, Copy, Debug)]
pub struct NatRule {
    pub from_ip: [u8; 4],
    pub from_port: Option<u16>,
    pub to_ip: [u8; 4],
    pub to_port: Option<u16>,
}

/// Internet checksum (RFC 1071) of `parts` concatenated (each part of even length but the last).
fn inet_checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u32 = 0;
    for part in parts {
        for pair in part.chunks(2) {
            let word = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
            sum += word as u32;
        }
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Apply `rules` to one frame of link type Linux SLL (113) or SLL2 (276) holding IPv4 + TCP: the
/// first matching rule rewrites the source endpoint, the first matching rule the destination.
/// A changed frame gets a correct IPv4 header checksum, and a correct TCP checksum when the
/// whole packet was captured (otherwise the TCP checksum is left alone). True if it changed.
pub fn nat_frame(linktype: u32, data: &mut [u8], rules: &[NatRule]) -> bool {
    let Some(t) = tcp_offset(linktype, data) else {
        return false;
    };
    let l3 = if linktype == 113 { 16 } else { 20 };
    if data[l3] >> 4 != 4 || data.len() < t + 20 {
        return false;
    }
    let mut changed = false;
    for (ip_at, port_at) in [(l3 + 12, t), (l3 + 16, t + 2)] {
        let ip: [u8; 4] = data[ip_at..ip_at + 4].try_into().unwrap();
        let port = u16::from_be_bytes([data[port_at], data[port_at + 1]]);
        if let Some(r) = rules
            .iter()
            .find(|r| r.from_ip == ip && r.from_port.is_none_or(|p| p == port))
        {
            data[ip_at..ip_at + 4].copy_from_slice(&r.to_ip);
            let to_port = r.to_port.unwrap_or(port);
            data[port_at..port_at + 2].copy_from_slice(&to_port.to_be_bytes());
            changed |= r.to_ip != ip || to_port != port;
        }
    }
    if changed {
        let ihl = t - l3;
        data[l3 + 10..l3 + 12].fill(0);
        let c = inet_checksum(&[&data[l3..t]]);
        data[l3 + 10..l3 + 12].copy_from_slice(&c.to_be_bytes());
        let total = u16::from_be_bytes([data[l3 + 2], data[l3 + 3]]) as usize;
        if total >= ihl + 20 && data.len() >= l3 + total {
            let seg_len = (total - ihl) as u16;
            data[t + 16..t + 18].fill(0);
            let pseudo: Vec<u8> = data[l3 + 12..l3 + 20]
                .iter()
                .copied()
                .chain([0, 6])
                .chain(seg_len.to_be_bytes())
                .collect();
            let c = inet_checksum(&[&pseudo, &data[t..l3 + total]]);
            data[t + 16..t + 18].copy_from_slice(&c.to_be_bytes());
        }
    }
    changed
}

/// Write `src` (a little-endian classic pcap) to `dst` (nanosecond pcap) with every frame passed
/// through [`nat_frame`]; returns how many frames changed.
pub fn nat_capture(src: &Path, dst: &Path, rules: &[NatRule]) -> usize {
    let (lt, recs) = pcap_records(src);
    let mut changed = 0;
    let out: Vec<_> = recs
        .into_iter()
        .map(|(ns, mut d, orig)| {
            changed += nat_frame(lt, &mut d, rules) as usize;
            (ns, d, orig)
        })
        .collect();
    write_pcap(dst, lt, out);
    changed
}

/// Write `src` to `dst` without its first `skip` records: a capture that started late (no
/// handshake of the connections that began before). Returns the number of records written.
pub fn cut_capture(src: &Path, dst: &Path, skip: usize) -> usize {
    let (lt, recs) = pcap_records(src);
    let kept: Vec<_> = recs.into_iter().skip(skip).collect();
    let n = kept.len();
    write_pcap(dst, lt, kept);
    n
}

/// A capture of `copies` back-to-back copies of a fixture (each shifted in time): a bigger
/// capture of known content.
pub fn repeated_capture(dst: &Path, fixture_name: &str, copies: u64) {
    let (linktype, records) = pcap_records(&fixture(fixture_name));
    let span = records.last().unwrap().0 - records[0].0 + 1_000_000;
    write_pcap(
        dst,
        linktype,
        (0..copies).flat_map(|k| {
            records
                .iter()
                .map(move |(ns, d, o)| (ns + k * span, d.clone(), *o))
        }),
    );
}

/// Every TCP packet of `path` as the native reader gives it (before the analysis).
pub fn packets(path: &Path) -> Vec<mptcpanalyzer::model::Packet> {
    let mut v = Vec::new();
    mptcpanalyzer::input::native::read(path, &mut |p: &mut mptcpanalyzer::model::Packet| {
        v.push(std::mem::take(p));
        Ok(())
    })
    .expect("a readable capture");
    v
}

#[cfg(test)]
mod derived_capture_tests {
    use super::*;

    /// RFC 1071's worked example: the sum of 00 01 f2 03 f4 f5 f6 f7 is ddf2, checksum 220d.
    #[test]
    fn inet_checksum_of_the_rfc_1071_example() {
        assert_eq!(
            inet_checksum(&[&[0x00, 0x01, 0xf2, 0x03], &[0xf4, 0xf5, 0xf6, 0xf7]]),
            0x220d
        );
        // an odd tail is padded with a zero byte
        assert_eq!(inet_checksum(&[&[0x01]]), !0x0100);
    }

    /// NAT on a committed pair capture: only the rules' endpoints change, every checksum is right
    /// afterwards (tshark verifies them), and `list tcp` sees the same connections, renamed.
    #[test]
    fn nat_capture_rewrites_endpoints_with_correct_checksums() {
        let env = Env::new();
        let src = fixture("pair-tcp-server.pcap");
        let dst = env.dir.path().join("nat.pcap");
        let rules = [
            NatRule {
                from_ip: [10, 11, 0, 1],
                from_port: None,
                to_ip: [192, 0, 2, 1],
                to_port: None,
            },
            NatRule {
                from_ip: [10, 21, 0, 2],
                from_port: Some(5711),
                to_ip: [198, 51, 100, 2],
                to_port: Some(8080),
            },
        ];
        let changed = nat_capture(&src, &dst, &rules);
        let (lt0, before) = pcap_records(&src);
        let (lt1, after) = pcap_records(&dst);
        assert_eq!((lt0, before.len()), (lt1, after.len()));
        // connection 0 (10.11.0.1 -> 10.21.0.2:5711, path 1) is rewritten, connection 1 is not
        let conn0 = before
            .iter()
            .filter(|(_, d, _)| {
                tcp_ports_flags(lt0, d).is_some_and(|(s, p, _)| s == 5711 || p == 5711)
            })
            .count();
        assert!(conn0 > 50);
        assert_eq!(changed, conn0);
        for ((t0, d0, o0), (t1, d1, o1)) in before.iter().zip(&after) {
            assert_eq!((t0, o0, d0.len()), (t1, o1, d1.len()));
            let Some(t) = tcp_offset(lt0, d0) else {
                assert_eq!(d0, d1, "a non-TCP frame changed");
                continue;
            };
            let l3 = 20; // SLL2
                         // bytes other than addresses, ports and checksums are untouched
            let fields: Vec<std::ops::Range<usize>> =
                vec![l3 + 10..l3 + 20, t..t + 4, t + 16..t + 18];
            for i in 0..d0.len() {
                if !fields.iter().any(|r| r.contains(&i)) {
                    assert_eq!(d0[i], d1[i], "byte {i} changed");
                }
            }
        }
        if !have_tshark() {
            return;
        }
        let out = std::process::Command::new("tshark")
            .args([
                "-n",
                "-r",
                s(&dst),
                "-o",
                "ip.check_checksum:TRUE",
                "-o",
                "tcp.check_checksum:TRUE",
                "-Y",
                "tcp",
                "-T",
                "fields",
                "-e",
                "ip.checksum.status",
                "-e",
                "tcp.checksum.status",
                "-e",
                "ip.src",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let good_nat = text
            .lines()
            .filter(|l| l.ends_with("\t192.0.2.1") || l.ends_with("\t198.51.100.2"))
            .inspect(|l| assert!(l.starts_with("1\t1\t"), "bad checksum after NAT: {l}"))
            .count();
        assert_eq!(good_nat, conn0);
        // and our own listing sees the renamed connection with the same packet counts
        let list = env.json(&["list", "tcp", s(&dst), "-f", "json"]);
        let orig = env.json(&["list", "tcp", s(&src), "-f", "json"]);
        let c = list
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["server_port"] == 8080)
            .expect("the rewritten connection");
        assert_eq!(c["client_ip"], "192.0.2.1");
        assert_eq!(c["server_ip"], "198.51.100.2");
        let o = orig
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["server_port"] == 5711)
            .unwrap();
        assert_eq!(c["client_port"], o["client_port"]);
        for k in [
            "packets_to_server",
            "packets_to_client",
            "bytes_to_server",
            "bytes_to_client",
        ] {
            assert_eq!(c[k], o[k], "{k}");
        }
    }

    /// A capture cut after its first records keeps the tail unchanged and loses the handshakes.
    #[test]
    fn cut_capture_keeps_the_tail_without_the_handshake() {
        let env = Env::new();
        let src = fixture("pair-two-subflows-client.pcap");
        let dst = env.dir.path().join("late.pcap");
        let (_, before) = pcap_records(&src);
        assert_eq!(cut_capture(&src, &dst, 20), before.len() - 20);
        let (_, after) = pcap_records(&dst);
        assert_eq!(after, before[20..]);
        let list = env.json(&["list", "mptcp", s(&dst), "-f", "json"]);
        let conns = list.as_array().unwrap();
        assert!(!conns.is_empty());
        for c in conns {
            assert_eq!(c["handshake_seen"], false, "{c}");
            for sf in c["subflows"].as_array().unwrap() {
                assert_eq!(sf["syn_seen"], false, "{sf}");
            }
        }
    }
}
