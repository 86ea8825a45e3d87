//! Native dissector: pcap / pcapng reading, link layers, IPv4/IPv6, TCP and MPTCP options.

use super::{CaptureInfo, Sink};
use crate::error::{Error, Result};
use std::path::Path;

/// Read a pcap/pcapng (optionally gzip-compressed) capture and hand every TCP packet to `sink`,
/// with the raw fields of [`crate::model::Packet`] and `tcp_stream` filled.
pub fn read(path: &Path, _sink: &mut Sink<'_>) -> Result<CaptureInfo> {
    Err(Error::bad_capture(
        path,
        "native backend not implemented yet",
    ))
}
