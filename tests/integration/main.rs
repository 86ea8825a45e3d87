//! The one integration-test binary: a small harness (`util`) and one module per theme.

mod util;

/// The synthetic frame builders, shared with the library's unit tests (not shipped in the library).
#[path = "../../src/input/native/synth.rs"]
#[allow(dead_code)]
mod synth;

mod arithmetic;
mod backend_rule;
mod cache_entries;
mod cli_errors;
mod cli_ux;
mod cross_validation;
mod csv_roundtrip;
mod enricher;
mod events;
mod faults;
mod fixtures;
mod focus;
mod fuzz_regressions;
mod layering;
mod lifecycle;
mod loaded_capture;
mod many_captures;
mod memory;
mod memory_tables;
mod native_dissector;
mod oracles;
mod output_contract;
mod parquet;
mod pcap2csv_passes;
mod plot_args;
mod plot_render;
mod plots;
mod plugins;
mod reference_captures;
mod reinjections;
mod release;
mod rwnd;
mod scripting;
mod shell;
mod signals;
mod stats;
mod summaries;
mod table_release;
mod tcp_series;
mod tshark_bounds;
mod two_capture_fixtures;
mod two_captures;
