//! Where printed and plotted times count from (`--time-origin`).

/// The origin of every time a command prints (`stats` first/last packet and events, `list tcp`
/// start) or plots (x axes). One default for all: the capture's first frame, as Wireshark's
/// `frame.time_relative` (so a time can be found in Wireshark as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "application", derive(clap::ValueEnum))]
pub enum TimeOrigin {
    /// Seconds since the capture's first frame (Wireshark's frame.time_relative)
    #[default]
    Capture,
    /// Seconds since the connection's first packet
    Connection,
    /// Seconds since the Unix epoch, UTC (Wireshark's frame.time_epoch)
    Epoch,
}

impl TimeOrigin {
    /// What to add to a time counted from the capture's first frame to count it from this
    /// origin: `capture_start_s` is that frame's time since the epoch, `connection_start_s` the
    /// connection's first packet since the capture's first frame.
    pub fn shift(self, capture_start_s: f64, connection_start_s: f64) -> f64 {
        match self {
            TimeOrigin::Capture => 0.0,
            TimeOrigin::Connection => -connection_start_s,
            TimeOrigin::Epoch => capture_start_s,
        }
    }

    /// The capture-relative time (ns) that is zero at this origin, or None for the connection
    /// origin (the connection's first packet, which the caller knows): `capture_start_ns` is the
    /// capture's first frame since the epoch.
    pub fn zero_ns(self, capture_start_ns: i64) -> Option<i64> {
        match self {
            TimeOrigin::Capture => Some(0),
            TimeOrigin::Connection => None,
            TimeOrigin::Epoch => Some(capture_start_ns.saturating_neg()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_and_zeros() {
        assert_eq!(TimeOrigin::Capture.shift(1e9, 2.5), 0.0);
        assert_eq!(TimeOrigin::Connection.shift(1e9, 2.5), -2.5);
        assert_eq!(TimeOrigin::Epoch.shift(1e9, 2.5), 1e9);
        assert_eq!(TimeOrigin::Capture.zero_ns(7), Some(0));
        assert_eq!(TimeOrigin::Connection.zero_ns(7), None);
        assert_eq!(TimeOrigin::Epoch.zero_ns(7), Some(-7));
    }
}
