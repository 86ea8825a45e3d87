#!/usr/bin/env bash
# Render one figure per plot type from the committed kernel fixtures into docs/img/ (the
# figures of docs/plots.md). Run from anywhere; uses the debug build (cargo build first).
# Usage: scripts/plot-gallery.sh [OUTDIR]   (default docs/img)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/img}
mkdir -p "$out"
cargo build --quiet
bin=target/debug/mptcpanalyzer
# no user config, no cache: the figures depend on the fixtures only
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
run() { env -u MPTCPANALYZER_CONFIG XDG_CONFIG_HOME="$empty" XDG_CACHE_HOME="$empty" \
    XDG_DATA_HOME="$empty" "$bin" --no-cache "$@"; }
f=fixtures
two=$f/mptcp-v4-two-subflows.pcap
run plot dsn "$two" 0 --dack -o "$out/dsn.png"
run plot dsn "$two" 0 --dack --style paper -o "$out/dsn-paper.png"
run plot attr "$two" --mptcp 0 dsn rwnd -o "$out/attr.png"
run plot throughput "$two" --mptcp 0 -o "$out/throughput.png"
run plot rtt "$two" --mptcp 0 -o "$out/rtt.png"
run plot flight "$two" --mptcp 0 -o "$out/flight.png"
run plot ofo "$two" 0 -o "$out/ofo.png"
run plot owd "$f/pair-two-subflows-client.pcap" "$f/pair-two-subflows-server.pcap" --mptcp 0 \
    -o "$out/owd.png"
run plot reinjections "$f/pair-lossy-client.pcap" "$f/pair-lossy-server.pcap" --mptcp 0 \
    -o "$out/reinjections.png"
echo "figures written to $out/"
