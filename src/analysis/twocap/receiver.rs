//! What only the receiver's capture knows: bytes received, losses between the taps, goodput, HOL.
