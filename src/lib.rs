//! mptcpanalyzer: analyse Multipath TCP packet captures.
//!
//! Data flows one way: [`input`] (native dissector, tshark, CSV) produces [`model::Packet`]s,
//! [`analysis`] derives connections, DSNs and statistics, [`output`] and `plot` render them.
//!
//! Cargo features: `application` (default) is the command-line tool: `cli`, `plot`, the progress
//! bar and tables, with clap, plotters, indicatif and tabled. Without it
//! (`--no-default-features`) the library reads, analyses and writes CSV and JSON.

#![forbid(unsafe_code)]

pub mod analysis;
pub mod cache;
#[cfg(feature = "application")]
pub mod cli;
pub mod config;
pub mod error;
pub mod fsutil;
pub mod input;
pub mod interrupt;
pub mod model;
pub mod output;
pub mod pipeline;
#[cfg(feature = "application")]
pub mod plot;
pub mod plugin;
#[cfg(feature = "application")]
pub mod shell;

pub use error::{Error, Result};
pub use model::Packet;
