//! `plot` commands on real captures.
