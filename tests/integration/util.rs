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
