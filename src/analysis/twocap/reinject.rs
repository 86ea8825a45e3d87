//! Reinjections of an MPTCP connection and, with the receiver's capture, whether they helped.
