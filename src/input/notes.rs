//! Problems both backends report in the same words (issue 14 items 11 and 12): a capture read
//! with `--backend native` and with `--backend tshark` gives the same packets and the same
//! warning lines for each of these.

/// A frame whose IPv4 total length is below its header length: not a TCP packet.
pub const IPV4_TOTAL_BELOW_HEADER: &str =
    "IPv4 total length below the header length: packet skipped";
/// A TCP header cut (by the capture length or the IP length) before its window field: the
/// packet is not kept (tshark numbers no stream for it).
pub const TCP_HEADER_TOO_SHORT: &str =
    "TCP header cut short before its window field: packet skipped";
/// A TCP header cut after its window field but before its 20 bytes: kept with the fields
/// present (no options).
pub const TCP_HEADER_PARTIAL: &str =
    "TCP header cut short (under 20 bytes): kept without checksum, urgent pointer or options";

/// The end of a truncated capture, the same on both backends.
pub fn truncated(tcp_packets: u64) -> String {
    format!("truncated capture: the last record is incomplete; {tcp_packets} TCP packet(s) read before it")
}

/// Timestamps of the packets delivered that needed a rule: Simple Packet Blocks (none) and
/// times beyond the nanosecond range (year 2262).
#[derive(Debug, Default, Clone, Copy)]
pub struct TimeTally {
    /// Packets without a timestamp (pcapng Simple Packet Blocks).
    pub untimed: u64,
    /// Packets whose time was outside the range of `i64` nanoseconds.
    pub saturated: u64,
}

impl TimeTally {
    /// The warning lines (none when nothing was counted).
    pub fn report(&self, warnings: &mut Vec<String>) {
        if self.untimed > 0 {
            warnings.push(format!(
                "{} TCP packet(s) without a timestamp (pcapng Simple Packet Blocks): each given \
                 the time of the TCP packet before it (0 for the first)",
                self.untimed
            ));
        }
        if self.saturated > 0 {
            warnings.push(format!(
                "{} TCP packet(s) with a time outside the years 1677-2262 (the range of \
                 nanosecond times): clamped to that range",
                self.saturated
            ));
        }
    }
}

/// `t` (ns) clamped to the range of `i64`, and whether it had to be.
pub fn clamp_ns(t: i128) -> (i64, bool) {
    match i64::try_from(t) {
        Ok(v) => (v, false),
        Err(_) if t > 0 => (i64::MAX, true),
        Err(_) => (i64::MIN, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamping() {
        assert_eq!(clamp_ns(5), (5, false));
        assert_eq!(clamp_ns(i64::MAX as i128 + 1), (i64::MAX, true));
        assert_eq!(clamp_ns(i64::MIN as i128 - 1), (i64::MIN, true));
    }
}
