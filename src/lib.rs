//! mptcpanalyzer: analyse Multipath TCP packet captures.
//!
//! Data flows one way: [`input`] (native dissector, tshark, CSV) produces [`model::Packet`]s,
//! [`analysis`] derives connections, DSNs and statistics, [`output`] and [`plot`] render them.

#![forbid(unsafe_code)]

pub mod analysis;
pub mod cache;
pub mod cli;
pub mod config;
pub mod error;
pub mod input;
pub mod model;
pub mod output;
pub mod plot;

pub use error::{Error, Result};
pub use model::Packet;
