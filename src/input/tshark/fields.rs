//! What is asked from tshark (fields, arguments) and how one of its rows becomes a packet.

use crate::input::notes;
use crate::model::{list, subtype, Packet};
use std::net::IpAddr;
use std::path::Path;

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
    // the three below tell the damaged frames of the notes (`crate::input::notes`)
    "ip.len",
    "ip.hdr_len",
    "tcp.urgent_pointer",
    "tcp.options.wscale.shift",
];

/// The frames tshark prints: TCP packets (ICMP errors quote a TCP header that tshark also
/// matches as `tcp`: not a TCP packet), and the frames [`parse_row`] turns into the notes of
/// [`crate::input::notes`] (an IPv4 total length below the header length, a TCP header cut
/// before its ports), which the native backend reports too.
pub const DISPLAY_FILTER: &str = "(tcp && !icmp && !icmpv6) \
    || (ip.len < ip.hdr_len) \
    || (ip.proto == 6 && !tcp && !icmp && ip.frag_offset == 0 && ip.flags.mf == 0) \
    || (ipv6.nxt == 6 && !tcp && !icmpv6)";

/// The argument vector given to tshark (no shell involved).
pub fn arguments(capture: &Path) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = vec![
        "-r".into(),
        capture.as_os_str().into(),
        "-n".into(),
        "-Y".into(),
        DISPLAY_FILTER.into(),
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

/// Column indices of [`FIELDS`] used by name below.
mod col {
    pub const IP_LEN: usize = 45;
    pub const IP_HDR_LEN: usize = 46;
    pub const URGENT: usize = 47;
    pub const WSCALE: usize = 48;
}

/// One row of tshark's output.
#[derive(Debug)]
pub struct Row {
    pub frame: u64,
    /// The TCP packet (None: the frame is not kept, see `note`).
    pub packet: Option<Packet>,
    /// A problem of this frame, in the words of [`crate::input::notes`].
    pub note: Option<&'static str>,
    /// The frame had no timestamp (a pcapng Simple Packet Block): the caller gives it one.
    pub untimed: bool,
    /// Its time was outside the range of `i64` nanoseconds and was clamped.
    pub clamped: bool,
}

/// Parse one tab-separated tshark row (columns of [`FIELDS`]).
pub fn parse_row(row: &str) -> std::result::Result<Row, String> {
    let cols: Vec<&str> = row.split('\t').collect();
    if cols.len() != FIELDS.len() {
        return Err(format!(
            "expected {} columns, found {}",
            FIELDS.len(),
            cols.len()
        ));
    }
    let c = |i: usize| cols[i];
    let frame = req(c(0), "frame.number")?;
    let mut row = Row {
        frame,
        packet: None,
        note: None,
        untimed: false,
        clamped: false,
    };
    // the rows the display filter adds for the notes: not TCP packets
    if last(c(8)).is_empty() {
        let short_ip = match (
            opt::<u32>(last(c(col::IP_LEN)))?,
            opt::<u32>(last(c(col::IP_HDR_LEN)))?,
        ) {
            (Some(len), Some(hdr)) => len < hdr,
            _ => false,
        };
        row.note = Some(if short_ip {
            notes::IPV4_TOTAL_BELOW_HEADER
        } else {
            notes::TCP_HEADER_TOO_SHORT
        });
        return Ok(row);
    }
    // ports but no stream: tshark had too few bytes of the header to dissect it
    if last(c(10)).is_empty() {
        row.note = Some(notes::TCP_HEADER_TOO_SHORT);
        return Ok(row);
    }
    let mut p = Packet {
        frame,
        interface: opt(c(3))?.unwrap_or(0),
        ..Default::default()
    };
    match (parse_time_wide(c(1)), parse_time_wide(c(2))) {
        (Some(abs), Some(rel)) => {
            let (abs, a) = notes::clamp_ns(abs);
            let (rel, r) = notes::clamp_ns(rel);
            (p.abs_time_ns, p.rel_time_ns, row.clamped) = (abs, rel, a || r);
        }
        _ if c(1).trim().is_empty() && c(2).trim().is_empty() => row.untimed = true,
        _ => return Err(format!("bad frame.time_epoch {:?}", c(1))),
    }
    addresses(&cols, &mut p)?;
    tcp_fields(&cols, &mut p)?;
    if last(c(col::URGENT)).is_empty() {
        row.note = Some(notes::TCP_HEADER_PARTIAL);
    }
    mptcp_fields(&cols, &mut p)?;
    row.packet = Some(p);
    Ok(row)
}

fn addresses(c: &[&str], p: &mut Packet) -> std::result::Result<(), String> {
    let (src4, dst4, src6, dst6) = (last(c[4]), last(c[5]), last(c[6]), last(c[7]));
    if !src6.is_empty() && src4.is_empty() {
        p.ip_version = 6;
        p.src_ip = Some(ip(src6)?);
        p.dst_ip = Some(ip(dst6)?);
    } else {
        p.ip_version = 4;
        p.src_ip = Some(ip(src4)?);
        p.dst_ip = Some(ip(dst4)?);
    }
    Ok(())
}

fn tcp_fields(c: &[&str], p: &mut Packet) -> std::result::Result<(), String> {
    p.src_port = req(last(c[8]), "tcp.srcport")?;
    p.dst_port = req(last(c[9]), "tcp.dstport")?;
    p.tcp_stream = req(last(c[10]), "tcp.stream")?;
    p.tcp_flags = hex_u16(last(c[11]))?;
    p.seq_raw = req(last(c[12]), "tcp.seq_raw")?;
    p.ack_raw = opt(last(c[13]))?.unwrap_or(0);
    p.payload_len = opt(last(c[14]))?.unwrap_or(0);
    p.window = opt(last(c[15]))?.unwrap_or(0);
    p.tcp_options = crate::model::kinds::parse(c[16])?;
    p.ts_val = opt(first(c[17]))?;
    p.ts_ecr = opt(first(c[18]))?;
    p.wscale = opt(first(c[col::WSCALE]))?;
    Ok(())
}

fn mptcp_fields(c: &[&str], p: &mut Packet) -> std::result::Result<(), String> {
    p.mptcp_stream = opt(first(c[19]))?;
    p.mptcp_subtypes = crate::model::kinds::parse(c[20])?;
    p.mptcp_version = opt(first(c[21]))?;
    p.sender_key = opt(first(c[22]))?;
    p.receiver_key = opt(first(c[23]))?;
    p.receiver_token = opt(first(c[24]))?;
    p.addr_id = opt(first(c[25]))?;
    p.backup = opt_bool(first(c[26]))?;
    dss_fields(c, p)?;
    addr_fields(c, p)?;
    p.tcprst_reason = opt(first(c[39]))?;
    if p.mptcp_subtypes.contains(&subtype::MP_TCPRST) {
        let mut flags = 0u8;
        for (i, bit) in [(40, 8u8), (41, 4), (42, 2), (43, 1)] {
            if opt_bool(first(c[i]))?.unwrap_or(false) {
                flags |= bit;
            }
        }
        p.tcprst_flags = Some(flags);
    }
    Ok(())
}

fn dss_fields(c: &[&str], p: &mut Packet) -> std::result::Result<(), String> {
    // DSS mappings and MP_FAIL both show as rawdataseqno occurrences, in option order; a DSS
    // has one only when its M flag (dseqnpresent) is set
    let has_dss = p.mptcp_subtypes.contains(&subtype::DSS);
    let mut dsns = c[27].split(';').filter(|x| !x.is_empty());
    let mapping = opt_bool(first(c[44]))?.unwrap_or(false);
    for &st in &p.mptcp_subtypes {
        if st == subtype::DSS && mapping && p.dss_dsn_raw.is_none() {
            p.dss_dsn_raw = opt(dsns.next().unwrap_or(""))?;
        } else if st == subtype::MP_FAIL && p.mp_fail_dsn.is_none() {
            p.mp_fail_dsn = opt(dsns.next().unwrap_or(""))?;
        }
    }
    p.dss_ssn = opt(first(c[29]))?;
    p.dss_length = opt(first(c[30]))?;
    if p.dss_dsn_raw.is_some() {
        p.dss_dsn8 = opt_bool(first(c[28]))?;
    }
    p.dss_checksum = opt(first(c[31]))?;
    p.data_ack_raw = opt(first(c[32]))?;
    if p.data_ack_raw.is_some() {
        p.data_ack8 = opt_bool(first(c[33]))?;
    }
    p.data_fin = has_dss && opt_bool(first(c[34]))?.unwrap_or(false);
    Ok(())
}

fn addr_fields(c: &[&str], p: &mut Packet) -> std::result::Result<(), String> {
    let a4 = first(c[35]);
    let a6 = first(c[36]);
    p.add_addr_ip = if !a4.is_empty() {
        Some(ip(a4)?)
    } else if !a6.is_empty() {
        Some(ip(a6)?)
    } else {
        None
    };
    p.add_addr_port = opt(first(c[37]))?;
    if p.mptcp_subtypes.contains(&subtype::ADD_ADDR) {
        p.add_addr_echo = opt_bool(first(c[38]))?;
    }
    if p.mptcp_subtypes.contains(&subtype::REMOVE_ADDR) {
        // tshark 4.0 shows the removed ids as tcp.options.mptcp.addrid occurrences.
        p.remove_addr_ids = list::parse(c[25])?;
        p.addr_id = None;
    }
    Ok(())
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

/// Parse `"1529037839.537115721"` into integer nanoseconds, exactly (no floating point);
/// None when malformed or outside the range of `i64`.
pub fn parse_time_ns(s: &str) -> Option<i64> {
    parse_time_wide(s).and_then(|v| i64::try_from(v).ok())
}

/// [`parse_time_ns`] without the range limit (tshark prints times after the year 2262).
pub fn parse_time_wide(s: &str) -> Option<i128> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || int.len() > 20 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs: i128 = int.parse().ok()?;
    if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut ns: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..9 {
        ns *= 10;
    }
    let v = secs * 1_000_000_000 + ns;
    Some(if neg { -v } else { v })
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
        cols[47] = "0";
        let row = parse_row(&cols.join("\t")).unwrap();
        assert_eq!(row.note, None);
        let p = row.packet.unwrap();
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
