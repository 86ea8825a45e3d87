#![no_main]
//! The whole pipeline on arbitrary bytes: the input reader (pcap or pcapng as the
//! command-line tool reads them, or our CSV, chosen by the magic bytes as `Source` does), the
//! analysis with reinjections, `stats tcp` and `stats mptcp` (with their CSV renderings),
//! and the `pcap2csv` row writer. Nothing may panic, whatever the bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mptcpanalyzer::output::bytes::check_bytes(data);
});
