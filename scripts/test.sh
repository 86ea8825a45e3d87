#!/usr/bin/env bash
# The project's test command (README, CI): formatting, lints, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
# the library core without the application's crates (clap, plotters, indicatif, tabled)
cargo clippy --no-default-features --lib --locked -- -D warnings
cargo build --no-default-features --lib --locked
cargo test --locked
