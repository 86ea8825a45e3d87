//! tshark backend: runs Wireshark's tshark once (one pass, no renumbering) and reads the raw
//! fields it dissects reliably. Everything derived (relative DSNs, tokens, reinjections) is
//! computed by [`crate::analysis`], not taken from Wireshark's own MPTCP analysis.

use super::{CaptureInfo, Sink};
use crate::error::{Error, Result};
use crate::model::{list, Packet};
use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Oldest tshark whose MPTCP field names we rely on.
pub const MIN_VERSION: (u32, u32) = (3, 0);

/// The fields asked from tshark, in column order.
pub const FIELDS: &[&str] = &[
    "frame.number",
    "frame.time_epoch",
    "frame.time_relative",
    "frame.interface_id",
    "ip.src",
    "ip.dst",
    "ipv6.src",
    "ipv6.dst",
    "tcp.srcport",
    "tcp.dstport",
    "tcp.stream",
    "tcp.flags",
    "tcp.seq_raw",
    "tcp.ack_raw",
    "tcp.len",
    "tcp.window_size_value",
    "tcp.option_kind",
    "tcp.options.timestamp.tsval",
    "tcp.options.timestamp.tsecr",
    "mptcp.stream",
    "tcp.options.mptcp.subtype",
    "tcp.options.mptcp.version",
    "tcp.options.mptcp.sendkey",
    "tcp.options.mptcp.recvkey",
    "tcp.options.mptcp.recvtok",
    "tcp.options.mptcp.addrid",
    "tcp.options.mptcp.backup.flag",
    "tcp.options.mptcp.rawdataseqno",
    "tcp.options.mptcp.dseqn8.flag",
    "tcp.options.mptcp.subflowseqno",
    "tcp.options.mptcp.datalvllen",
    "tcp.options.mptcp.checksum",
    "tcp.options.mptcp.rawdataack",
    "tcp.options.mptcp.dataack8.flag",
    "tcp.options.mptcp.datafin.flag",
    "tcp.options.mptcp.ipv4",
    "tcp.options.mptcp.ipv6",
    "tcp.options.mptcp.port",
    "tcp.options.mptcp.echo",
    "tcp.options.mptcp.rst_reason",
    "tcp.options.mptcp.flag_U.flag",
    "tcp.options.mptcp.flag_V.flag",
    "tcp.options.mptcp.flag_W.flag",
    "tcp.options.mptcp.flag_T.flag",
    "tcp.options.mptcp.dseqnpresent.flag",
];

/// The tshark to run: the configured path (the config resolves `--tshark` over
/// `MPTCPANALYZER_TSHARK` over the config file), else `tshark` on PATH.
pub fn resolve_path(configured: Option<&Path>) -> PathBuf {
    configured
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("tshark"))
}

/// Run `tshark --version` and check it is recent enough. Returns the version string.
pub fn check_version(tshark: &Path) -> Result<String> {
    let sandbox = Sandbox::new()?;
    let out = sandbox
        .command(tshark)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::TsharkMissing {
            tried: format!("{}: {e}", tshark.display()),
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or("");
    let version = first
        .split_whitespace()
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()) && w.contains('.'))
        .unwrap_or("")
        .to_string();
    let mut parts = version.split('.').map(|x| x.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    if !out.status.success() || version.is_empty() {
        return Err(Error::TsharkFailed {
            path: tshark.to_path_buf(),
            msg: format!(
                "`--version` {} and printed no version",
                if out.status.success() {
                    "succeeded"
                } else {
                    "failed"
                }
            ),
        });
    }
    if (major, minor) < MIN_VERSION {
        return Err(Error::TsharkTooOld {
            found: version,
            required: format!("{}.{}", MIN_VERSION.0, MIN_VERSION.1),
        });
    }
    Ok(version)
}

/// A private, empty environment for one tshark run, removed when dropped.
///
/// tshark 4.0 has no switch that turns Lua off, and as root it ignores `WIRESHARK_DATA_DIR`
/// and `WIRESHARK_PLUGIN_DIR`. What it runs besides the system's own files (`init.lua` of its
/// data directory, its global plugins) comes from the personal configuration directory
/// (`init.lua`, preferences, profiles) and the personal plugin directory under `$HOME`. Both
/// point into a fresh directory made by us (mode 0700, inside `$TMPDIR`, whose other contents
/// are never looked at): a hostile `init.lua` in `$TMPDIR`, in `~/.config/wireshark` or in
/// `~/.local/lib/wireshark/plugins` is never found.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

/// Name prefix of the sandbox directories (so that stale ones can be recognised).
pub const SANDBOX_PREFIX: &str = ".mptcpanalyzer-tshark-";

impl Sandbox {
    pub fn new() -> Result<Sandbox> {
        let tmp = std::env::temp_dir();
        let dir = tempfile::Builder::new()
            .prefix(SANDBOX_PREFIX)
            .tempdir_in(&tmp)
            .map_err(|e| Error::io(&tmp, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))
                .map_err(|e| Error::io(dir.path(), e))?;
        }
        for sub in ["profile", "home", "plugins"] {
            let p = dir.path().join(sub);
            std::fs::create_dir(&p).map_err(|e| Error::io(&p, e))?;
        }
        Ok(Sandbox { dir })
    }

    /// The private directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `tshark` as a command whose every Wireshark directory is inside the sandbox.
    pub fn command(&self, tshark: &Path) -> Command {
        let d = self.dir.path();
        // tshark runs inside the sandbox (some dissectors read files such as `IOR.txt` from
        // the working directory), so a relative program path is made absolute first
        let program = if tshark.components().count() > 1 {
            std::path::absolute(tshark).unwrap_or_else(|_| tshark.to_path_buf())
        } else {
            tshark.to_path_buf()
        };
        let mut c = Command::new(program);
        c.env("WIRESHARK_CONFIG_DIR", d.join("profile"))
            .env("HOME", d.join("home"))
            .env("XDG_CONFIG_HOME", d.join("home"))
            .env("XDG_DATA_HOME", d.join("home"))
            // honoured when not run as root: no plugin at all, not even the global ones
            .env("WIRESHARK_PLUGIN_DIR", d.join("plugins"))
            .env("WIRESHARK_EXTCAP_DIR", d.join("plugins"))
            .env_remove("WIRESHARK_DATA_DIR")
            .env_remove("WIRESHARK_RUN_FROM_BUILD_DIRECTORY")
            .current_dir(d.join("home"));
        c
    }
}

/// The argument vector given to tshark (no shell involved).
pub fn arguments(capture: &Path) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = vec![
        "-r".into(),
        capture.as_os_str().into(),
        "-n".into(),
        "-Y".into(),
        // ICMP errors quote a TCP header that tshark also matches as `tcp`: not a TCP packet
        "tcp && !icmp && !icmpv6".into(),
        "-T".into(),
        "fields".into(),
        "-E".into(),
        "header=n".into(),
        "-E".into(),
        "separator=/t".into(),
        "-E".into(),
        "occurrence=a".into(),
        "-E".into(),
        "aggregator=;".into(),
        "-E".into(),
        "quote=n".into(),
        // Raw numbers only: no reassembly, no heuristics that could re-dissect payload.
        "-o".into(),
        "tcp.desegment_tcp_streams:FALSE".into(),
        "-o".into(),
        "tcp.try_heuristic_first:FALSE".into(),
    ];
    for f in FIELDS {
        args.push("-e".into());
        args.push((*f).into());
    }
    args
}

/// Read `capture` with tshark and hand every TCP packet to `sink`.
pub fn read(capture: &Path, tshark: &Path, sink: &mut Sink<'_>) -> Result<CaptureInfo> {
    read_counted(capture, tshark, None, sink)
}

/// [`read`], telling `progress` how far tshark has read the capture.
pub fn read_counted(
    capture: &Path,
    tshark: &Path,
    progress: Option<&std::sync::Arc<super::ReadProgress>>,
    sink: &mut Sink<'_>,
) -> Result<CaptureInfo> {
    check_version(tshark)?;
    // A fresh, empty profile: the user's Wireshark preferences must not change what we read,
    // and no script or plugin from a user-writable place may run.
    let sandbox = Sandbox::new()?;
    let mut child = sandbox
        .command(tshark)
        // absolute, as tshark runs in the sandbox (and a capture named `-` is not stdin)
        .args(arguments(
            &std::path::absolute(capture).map_err(|e| Error::io(capture, e))?,
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::TsharkMissing {
            tried: format!("{}: {e}", tshark.display()),
        })?;
    let stdout = child.stdout.take().expect("stdout is piped");
    // Drain stderr in a thread so tshark never blocks on a full pipe.
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });

    let mut position = progress.map(|p| {
        p.start(std::fs::metadata(capture).map(|m| m.len()).unwrap_or(0));
        FilePosition::new(child.id(), capture)
    });
    let mut info = CaptureInfo {
        has_mptcp_stream: true,
        ..Default::default()
    };
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut line = String::new();
    let mut line_no = 0u64;
    let mut sink_result = Ok(());
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                sink_result = Err(Error::TsharkFailed {
                    path: capture.to_path_buf(),
                    msg: format!("reading its output: {e}"),
                });
                break;
            }
        }
        line_no += 1;
        if line_no % 256 == 0 {
            if let (Some(p), Some(at)) = (progress, position.as_mut().and_then(FilePosition::poll))
            {
                p.set(at);
            }
        }
        let row = line.trim_end_matches(['\n', '\r']);
        match parse_row(row) {
            Ok(p) => {
                info.tcp_packets += 1;
                info.frames = info.frames.max(p.frame);
                if let Err(e) = sink(p) {
                    sink_result = Err(e);
                    break;
                }
            }
            Err(msg) => {
                sink_result = Err(Error::TsharkFailed {
                    path: capture.to_path_buf(),
                    msg: format!("unexpected output line {line_no}: {msg}"),
                });
                break;
            }
        }
    }
    if sink_result.is_err() {
        let _ = child.kill();
    }
    let status = child.wait().map_err(|e| Error::TsharkFailed {
        path: capture.to_path_buf(),
        msg: e.to_string(),
    })?;
    let stderr = err_thread.join().unwrap_or_default();
    sink_result?;
    let messages: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Running as user"))
        .collect();
    let truncated = messages
        .iter()
        .any(|l| l.contains("cut short in the middle of a packet") || l.contains("truncated"));
    if !status.success() {
        if truncated && info.tcp_packets > 0 {
            info.warnings.push(format!(
                "truncated capture: read {} TCP packets before the end of the file",
                info.tcp_packets
            ));
        } else {
            let msg = messages
                .iter()
                .find(|l| !l.is_empty())
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("exited with {status}"));
            // tshark ran fine but the file is bad: the same error (and exit code) as natively
            let bad_file = messages.iter().any(|l| {
                l.contains("isn't a capture file")
                    || l.contains("appears to be damaged or corrupt")
                    // a corrupt gzip (bad data, checksum or length)
                    || l.contains("cannot be decompressed")
                    || l.contains("cut short in the middle")
            });
            if bad_file {
                return Err(Error::bad_capture(capture, msg));
            }
            return Err(Error::TsharkFailed {
                path: capture.to_path_buf(),
                msg,
            });
        }
    } else if truncated {
        info.warnings.push(format!(
            "truncated capture: read {} TCP packets before the end of the file",
            info.tcp_packets
        ));
    }
    Ok(info)
}

/// Parse one tab-separated tshark row (columns of [`FIELDS`]).
pub fn parse_row(row: &str) -> std::result::Result<Packet, String> {
    let cols: Vec<&str> = row.split('\t').collect();
    if cols.len() != FIELDS.len() {
        return Err(format!(
            "expected {} columns, found {}",
            FIELDS.len(),
            cols.len()
        ));
    }
    let c = |i: usize| cols[i];
    let mut p = Packet {
        frame: req(c(0), "frame.number")?,
        abs_time_ns: parse_time_ns(c(1)).ok_or("bad frame.time_epoch")?,
        rel_time_ns: parse_time_ns(c(2)).ok_or("bad frame.time_relative")?,
        interface: opt(c(3))?.unwrap_or(0),
        ..Default::default()
    };
    let (src4, dst4, src6, dst6) = (last(c(4)), last(c(5)), last(c(6)), last(c(7)));
    if !src6.is_empty() && src4.is_empty() {
        p.ip_version = 6;
        p.src_ip = Some(ip(src6)?);
        p.dst_ip = Some(ip(dst6)?);
    } else {
        p.ip_version = 4;
        p.src_ip = Some(ip(src4)?);
        p.dst_ip = Some(ip(dst4)?);
    }
    p.src_port = req(last(c(8)), "tcp.srcport")?;
    p.dst_port = req(last(c(9)), "tcp.dstport")?;
    p.tcp_stream = req(last(c(10)), "tcp.stream")?;
    p.tcp_flags = hex_u16(last(c(11)))?;
    p.seq_raw = req(last(c(12)), "tcp.seq_raw")?;
    p.ack_raw = opt(last(c(13)))?.unwrap_or(0);
    p.payload_len = opt(last(c(14)))?.unwrap_or(0);
    p.window = opt(last(c(15)))?.unwrap_or(0);
    p.tcp_options = list::parse(c(16))?;
    p.ts_val = opt(first(c(17)))?;
    p.ts_ecr = opt(first(c(18)))?;
    p.mptcp_stream = opt(first(c(19)))?;
    p.mptcp_subtypes = list::parse(c(20))?;
    p.mptcp_version = opt(first(c(21)))?;
    p.sender_key = opt(first(c(22)))?;
    p.receiver_key = opt(first(c(23)))?;
    p.receiver_token = opt(first(c(24)))?;
    p.addr_id = opt(first(c(25)))?;
    p.backup = opt_bool(first(c(26)))?;
    // DSS mappings and MP_FAIL both show as rawdataseqno occurrences, in option order; a DSS
    // has one only when its M flag (dseqnpresent) is set
    let has_dss = p.mptcp_subtypes.contains(&crate::model::subtype::DSS);
    let mut dsns = c(27).split(';').filter(|x| !x.is_empty());
    let mapping = opt_bool(first(c(44)))?.unwrap_or(false);
    for &st in &p.mptcp_subtypes {
        if st == crate::model::subtype::DSS && mapping && p.dss_dsn_raw.is_none() {
            p.dss_dsn_raw = opt(dsns.next().unwrap_or(""))?;
        } else if st == crate::model::subtype::MP_FAIL && p.mp_fail_dsn.is_none() {
            p.mp_fail_dsn = opt(dsns.next().unwrap_or(""))?;
        }
    }
    p.dss_ssn = opt(first(c(29)))?;
    p.dss_length = opt(first(c(30)))?;
    if p.dss_dsn_raw.is_some() {
        p.dss_dsn8 = opt_bool(first(c(28)))?;
    }
    p.dss_checksum = opt(first(c(31)))?;
    p.data_ack_raw = opt(first(c(32)))?;
    if p.data_ack_raw.is_some() {
        p.data_ack8 = opt_bool(first(c(33)))?;
    }
    p.data_fin = has_dss && opt_bool(first(c(34)))?.unwrap_or(false);
    let a4 = first(c(35));
    let a6 = first(c(36));
    p.add_addr_ip = if !a4.is_empty() {
        Some(ip(a4)?)
    } else if !a6.is_empty() {
        Some(ip(a6)?)
    } else {
        None
    };
    p.add_addr_port = opt(first(c(37)))?;
    if p.mptcp_subtypes.contains(&crate::model::subtype::ADD_ADDR) {
        p.add_addr_echo = opt_bool(first(c(38)))?;
    }
    if p.mptcp_subtypes
        .contains(&crate::model::subtype::REMOVE_ADDR)
    {
        // tshark 4.0 shows the removed ids as tcp.options.mptcp.addrid occurrences.
        p.remove_addr_ids = list::parse(c(25))?;
        p.addr_id = None;
    }
    p.tcprst_reason = opt(first(c(39)))?;
    if p.mptcp_subtypes.contains(&crate::model::subtype::MP_TCPRST) {
        let mut flags = 0u8;
        for (i, bit) in [(40, 8u8), (41, 4), (42, 2), (43, 1)] {
            if opt_bool(first(c(i)))?.unwrap_or(false) {
                flags |= bit;
            }
        }
        p.tcprst_flags = Some(flags);
    }
    Ok(p)
}

fn first(s: &str) -> &str {
    s.split(';').next().unwrap_or("")
}

fn last(s: &str) -> &str {
    s.rsplit(';').next().unwrap_or("")
}

fn req<T: std::str::FromStr>(s: &str, what: &str) -> std::result::Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("bad or missing {what}: {s:?}"))
}

fn opt<T: std::str::FromStr>(s: &str) -> std::result::Result<Option<T>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(hex) = s.strip_prefix("0x") {
        let v = u64::from_str_radix(hex, 16).map_err(|_| format!("bad number {s:?}"))?;
        return v
            .to_string()
            .parse()
            .map(Some)
            .map_err(|_| format!("bad number {s:?}"));
    }
    s.parse().map(Some).map_err(|_| format!("bad number {s:?}"))
}

fn opt_bool(s: &str) -> std::result::Result<Option<bool>, String> {
    match s.trim() {
        "" => Ok(None),
        "1" | "True" | "true" => Ok(Some(true)),
        "0" | "False" | "false" => Ok(Some(false)),
        other => Err(format!("bad flag {other:?}")),
    }
}

fn hex_u16(s: &str) -> std::result::Result<u16, String> {
    let t = s.trim();
    let t = t.strip_prefix("0x").unwrap_or(t);
    u16::from_str_radix(t, 16).map_err(|_| format!("bad tcp.flags {s:?}"))
}

fn ip(s: &str) -> std::result::Result<IpAddr, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("bad IP address {s:?}"))
}

/// Parse `"1529037839.537115721"` into integer nanoseconds, exactly (no floating point).
pub fn parse_time_ns(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let secs: i64 = int.parse().ok()?;
    if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut ns: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..9 {
        ns *= 10;
    }
    let v = secs.checked_mul(1_000_000_000)?.checked_add(ns)?;
    Some(if neg { -v } else { v })
}

/// How far tshark has read the capture: the offset of its descriptor on the file, from
/// `/proc/PID/fdinfo` (Linux). Elsewhere, or when it cannot be found, the bar stays a spinner.
struct FilePosition {
    pid: u32,
    target: Option<std::path::PathBuf>,
    fdinfo: Option<std::path::PathBuf>,
    tries: u32,
}

impl FilePosition {
    fn new(pid: u32, capture: &Path) -> Self {
        FilePosition {
            pid,
            target: std::fs::canonicalize(capture).ok(),
            fdinfo: None,
            tries: 0,
        }
    }

    fn poll(&mut self) -> Option<u64> {
        if self.fdinfo.is_none() && self.tries < 20 {
            self.tries += 1;
            let target = self.target.as_ref()?;
            let dir = format!("/proc/{}/fd", self.pid);
            self.fdinfo = std::fs::read_dir(&dir).ok()?.flatten().find_map(|e| {
                (std::fs::read_link(e.path()).ok().as_ref() == Some(target))
                    .then(|| Path::new(&format!("/proc/{}/fdinfo", self.pid)).join(e.file_name()))
            });
        }
        let text = std::fs::read_to_string(self.fdinfo.as_ref()?).ok()?;
        text.lines()
            .find_map(|l| l.strip_prefix("pos:"))
            .and_then(|v| v.trim().parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_exact() {
        assert_eq!(
            parse_time_ns("1529037839.537115721"),
            Some(1_529_037_839_537_115_721)
        );
        assert_eq!(parse_time_ns("5.2"), Some(5_200_000_000));
        assert_eq!(parse_time_ns("7"), Some(7_000_000_000));
        assert_eq!(parse_time_ns("x"), None);
    }

    #[test]
    fn parses_a_dss_row() {
        let mut cols = vec![""; FIELDS.len()];
        cols[0] = "8";
        cols[1] = "1529037840.793943451";
        cols[2] = "6.458708237";
        cols[3] = "0";
        cols[4] = "10.0.0.1";
        cols[5] = "10.0.0.2";
        cols[8] = "59482";
        cols[9] = "5201";
        cols[10] = "0";
        cols[11] = "0x0018";
        cols[12] = "1741821613";
        cols[13] = "4237593755";
        cols[14] = "37";
        cols[16] = "1;1;8;30;1;1";
        cols[19] = "0";
        cols[20] = "2";
        cols[27] = "1318241021";
        cols[28] = "0";
        cols[29] = "1";
        cols[30] = "37";
        cols[32] = "3851022548";
        cols[33] = "0";
        cols[34] = "0";
        cols[44] = "1";
        let p = parse_row(&cols.join("\t")).unwrap();
        assert_eq!(p.frame, 8);
        assert_eq!(p.tcp_flags, 0x18);
        assert_eq!(p.tcp_options, vec![1, 1, 8, 30, 1, 1]);
        assert_eq!(p.dss_dsn_raw, Some(1318241021));
        assert_eq!(p.dss_dsn8, Some(false));
        assert_eq!(p.dss_ssn, Some(1));
        assert_eq!(p.dss_length, Some(37));
        assert_eq!(p.data_ack_raw, Some(3851022548));
        assert!(!p.data_fin);
        assert_eq!(p.src_ip, Some("10.0.0.1".parse().unwrap()));
    }

    #[test]
    fn rejects_short_rows() {
        assert!(parse_row("1\t2").is_err());
    }
}
